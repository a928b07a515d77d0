/** Plain words for a stored course outcome, for staff (course page and patient record). */
import type { ResponseContext } from '../../db/schema';
import { MIN_TREATMENT_CONTACTS_TO_FINISH } from '../../domain/outcomes';
import type { OutcomeRecord } from './outcomes.compute';

export interface OutcomeLine {
  label: string;
  value: string;
}

export const NOT_ENOUGH_SCORES = 'Not enough scores to work this out';
const NOT_FINISHED = 'Not applicable: did not finish a course of treatment';
const NOT_AT_CASENESS = 'Not applicable: not at caseness at the start';

const FROM: Record<ResponseContext, string> = {
  session: 'first treatment session',
  assessment: 'assessment',
  referral: 'referral',
};

const yesNo = (value: boolean) => (value ? 'Yes' : 'No');

function scoreLine(
  title: string,
  first: number | null,
  firstContext: ResponseContext | null,
  last: number | null,
): string {
  if (first === null || last === null) {
    if (last === null && first === null) return `${NOT_ENOUGH_SCORES}: no ${title} scores`;
    if (last === null) return `${NOT_ENOUGH_SCORES}: no ${title} score from a treatment session`;
    return `${NOT_ENOUGH_SCORES}: only one ${title} score`;
  }
  const from = firstContext ? ` (${FROM[firstContext]})` : '';
  return `${first}${from} to ${last} (last treatment session)`;
}

/** Why a flag that applies to finished courses has no value. */
function flag(value: boolean | null, finished: boolean, caseness: boolean | null): string {
  if (value !== null) return yesNo(value);
  if (!finished) return NOT_FINISHED;
  if (caseness === false) return NOT_AT_CASENESS;
  return NOT_ENOUGH_SCORES;
}

export type StoredOutcome = Pick<
  OutcomeRecord,
  | 'status'
  | 'attendedSessions'
  | 'finishedTreatment'
  | 'phq9First'
  | 'phq9FirstContext'
  | 'phq9Last'
  | 'gad7First'
  | 'gad7FirstContext'
  | 'gad7Last'
  | 'casenessAtStart'
  | 'recovered'
  | 'reliableImprovement'
  | 'reliableDeterioration'
  | 'noReliableChange'
  | 'reliableRecovery'
>;

/** Each line of a course's outcome, in the order they are shown. */
export function outcomeLines(o: StoredOutcome): OutcomeLine[] {
  const finished = o.finishedTreatment;
  const sessions = `${o.attendedSessions} attended treatment ${o.attendedSessions === 1 ? 'session' : 'sessions'}`;
  const lines: OutcomeLine[] = [
    {
      label: 'Finished a course of treatment',
      value: finished
        ? `Yes (${sessions})`
        : `No (${sessions}; at least ${MIN_TREATMENT_CONTACTS_TO_FINISH} are needed)`,
    },
    { label: 'PHQ-9', value: scoreLine('PHQ-9', o.phq9First, o.phq9FirstContext, o.phq9Last) },
    { label: 'GAD-7', value: scoreLine('GAD-7', o.gad7First, o.gad7FirstContext, o.gad7Last) },
  ];
  if (o.status !== 'computed') {
    lines.push({ label: 'Outcome', value: NOT_ENOUGH_SCORES });
    return lines;
  }
  const caseness = o.casenessAtStart;
  lines.push(
    {
      label: 'Caseness at the start',
      value: caseness === null ? NOT_ENOUGH_SCORES : yesNo(caseness),
    },
    { label: 'Recovery', value: flag(o.recovered, finished, caseness) },
    { label: 'Reliable improvement', value: flag(o.reliableImprovement, finished, caseness) },
    { label: 'Reliable deterioration', value: flag(o.reliableDeterioration, finished, caseness) },
    { label: 'No reliable change', value: flag(o.noReliableChange, finished, caseness) },
    { label: 'Reliable recovery', value: flag(o.reliableRecovery, finished, caseness) },
  );
  return lines;
}

/** A rate as a percentage with one decimal place ("48.4%"), or "No courses to measure". */
export function percent(rate: number | null): string {
  if (rate === null) return 'No courses to measure';
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}
