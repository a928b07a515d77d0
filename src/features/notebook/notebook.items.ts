import type { UseCase } from '../../platform/use-case';
import { notebookItemsFor as iptItems } from '../ipt';
import { myLetters } from '../letters';
import { notebookItemsFor as sessionNoteItems } from '../session-notes';
import { notebookItemsFor as taskItems } from '../tasks';

/**
 * One item in the patient's notebook, from any feature (issue 11): the IPT workspace, session
 * notes, tasks and letters each answer this same shape through their front doors.
 */
export interface NotebookItem {
  kind: string;
  title: string;
  date: Date;
  text: string;
  href: string;
}

/** The signed-in patient's letters as notebook items (their discharge copy, onward referrals). */
export async function notebookItemsFor(uc: UseCase): Promise<NotebookItem[]> {
  const letters = await myLetters(uc);
  return letters.map((l) => ({
    kind: 'letter',
    title: l.title,
    date: l.date,
    text: '',
    href: l.href,
  }));
}

/**
 * Everything the other features share into this patient's notebook. Each front door checks the
 * reader may see the patient's record (and audits it). The session-notes feature also passes on
 * tasks, so an item is kept once by its kind and link.
 */
export async function sharedItemsOf(uc: UseCase, patientId: string): Promise<NotebookItem[]> {
  const sources = [
    await iptItems(uc, { patientId }),
    await sessionNoteItems(uc, { patientId }),
    await taskItems(uc, { patientId }),
    await notebookItemsFor(uc),
  ];
  const seen = new Set<string>();
  const items: NotebookItem[] = [];
  for (const item of sources.flat()) {
    const key = `${item.kind} ${item.href}`;
    if (seen.has(key)) continue;
    seen.add(key);
    items.push(item);
  }
  return items;
}
