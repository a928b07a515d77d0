import type { IptPhase } from './course';

/**
 * The staying-well plan (issue 11, hazard H26): written together in the ending phase, kept by the
 * patient after discharge. Its parts and the rule for calling it ready live here.
 */
export interface StayingWellContact {
  /** A name or initials, as the patient chooses. */
  readonly name: string;
  /** How to reach them: a phone number, "text", "call round". */
  readonly how: string;
}

export interface StayingWellContent {
  readonly warningSigns: string;
  readonly whatHelps: string;
  readonly contacts: readonly StayingWellContact[];
  /** What the patient will do in a crisis, in their words; the urgent-help numbers are added. */
  readonly crisisPlan: string;
}

export interface StayingWellInput extends StayingWellContent {
  /** Both writers say the plan is ready to use (the patient keeps it after discharge). */
  readonly complete: boolean;
}

export const STAYING_WELL_LIMITS = {
  section: 2000,
  contactName: 60,
  contactHow: 200,
  contacts: 4,
} as const;

export type StayingWellProblem =
  | 'empty'
  | 'ready_without_warning_signs'
  | 'ready_without_crisis_plan'
  | 'contact_without_name'
  | 'contact_without_how';

const blank = (s: string) => s.trim() === '';

/**
 * What stops a plan being saved as given. A plan can be saved unfinished, but not empty; it can
 * be marked ready only with its warning signs and what to do in a crisis written down, because a
 * "ready" plan is what the patient leaves with (H26). A person to contact needs both a name and
 * how to reach them. Rows left wholly blank are not contacts.
 */
export function checkStayingWellPlan(
  input: StayingWellInput,
): { index?: number; problem: StayingWellProblem }[] {
  const problems: { index?: number; problem: StayingWellProblem }[] = [];
  input.contacts.forEach((c, index) => {
    if (blank(c.name) && !blank(c.how)) problems.push({ index, problem: 'contact_without_name' });
    if (!blank(c.name) && blank(c.how)) problems.push({ index, problem: 'contact_without_how' });
  });
  const contacts = input.contacts.filter((c) => !blank(c.name) || !blank(c.how));
  if (
    blank(input.warningSigns) &&
    blank(input.whatHelps) &&
    blank(input.crisisPlan) &&
    contacts.length === 0
  )
    problems.push({ problem: 'empty' });
  if (input.complete && blank(input.warningSigns))
    problems.push({ problem: 'ready_without_warning_signs' });
  if (input.complete && blank(input.crisisPlan))
    problems.push({ problem: 'ready_without_crisis_plan' });
  return problems;
}

/** The contacts worth keeping: rows with anything in them, trimmed. */
export function keptContacts(contacts: readonly StayingWellContact[]): StayingWellContact[] {
  return contacts
    .map((c) => ({ name: c.name.trim(), how: c.how.trim() }))
    .filter((c) => c.name !== '' || c.how !== '');
}

export type StayingWellPrompt =
  /** Nothing to show yet (before the ending phase, no plan). */
  | 'none'
  /** The ending phase and no plan: offer to write one, prominently. */
  | 'write'
  /** The ending phase and the plan is not ready yet: offer to finish it, prominently. */
  | 'finish'
  /** A plan exists: show it (before the ending phase too, as soon as it exists). */
  | 'show';

export function stayingWellPrompt(input: {
  phase: IptPhase;
  plan: { complete: boolean } | null;
  /** The course has ended: nothing more can be written, so nothing is asked for. */
  ended: boolean;
}): StayingWellPrompt {
  if (input.ended) return input.plan ? 'show' : 'none';
  const ending = input.phase === 'ending';
  if (!input.plan) return ending ? 'write' : 'none';
  return ending && !input.plan.complete ? 'finish' : 'show';
}
