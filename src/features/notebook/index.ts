import type { UseCase } from '../../platform/use-case';
import { myLetters } from '../letters';

/**
 * One item in the patient's notebook, from any feature (issue 11): the lead wires the IPT,
 * session-note and task features' `notebookItemsFor` functions, which answer this same shape.
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
