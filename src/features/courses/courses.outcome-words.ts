/**
 * The outcome of a course in the discharge letters' words: for the GP, which national outcome the
 * scores make (NHS Talking Therapies definitions, src/domain/outcomes); for the patient, plainly.
 * Pure, so each wording is tested on its own.
 */

export interface OutcomeFacts {
  phq9First: number | null;
  phq9Last: number | null;
  gad7First: number | null;
  gad7Last: number | null;
  recovered: boolean | null;
  reliableImprovement: boolean | null;
  reliableDeterioration?: boolean | null;
  noReliableChange?: boolean | null;
  reliableRecovery?: boolean | null;
}

const MEASURES = 'By the NHS Talking Therapies measures';

/**
 * For the GP. Reliable recovery is the headline measure (April 2024); recovery without a reliable
 * improvement is said to be so, and a reliable deterioration or no reliable change is said too
 * (walk 11: a patient who got reliably worse was discharged with a letter silent on it).
 */
export function outcomeSentences(o: OutcomeFacts): string[] {
  const out: string[] = [];
  if (o.phq9First !== null && o.phq9Last !== null)
    out.push(`PHQ-9 (depression) score: ${o.phq9First} at the start, ${o.phq9Last} at the end.`);
  if (o.gad7First !== null && o.gad7Last !== null)
    out.push(`GAD-7 (anxiety) score: ${o.gad7First} at the start, ${o.gad7Last} at the end.`);
  if (o.recovered === true && o.reliableImprovement === true)
    out.push(`${MEASURES}, this is reliable recovery.`);
  else if (o.recovered === true)
    out.push(
      `${MEASURES}, this is recovery: the scores are now below the clinical thresholds, but the change is not large enough to be a reliable improvement.`,
    );
  else if (o.reliableImprovement === true) out.push(`${MEASURES}, this is a reliable improvement.`);
  else if (o.reliableDeterioration === true)
    out.push(
      `${MEASURES}, this is a reliable deterioration: the scores are worse than at the start by more than chance would explain.`,
    );
  else if (o.noReliableChange === true)
    out.push(`${MEASURES}, there was no reliable change in the scores.`);
  return out;
}

/**
 * The same scores for the patient's own letter, in plain words: which questionnaire, which way is
 * better, and what the result means (walk 9: "PHQ-9 (depression) score" read as a form).
 */
export function patientOutcomeSentences(o: OutcomeFacts): string[] {
  const out: string[] = [];
  if (o.phq9First !== null && o.phq9Last !== null)
    out.push(
      `Your score on the questionnaire about low mood (PHQ-9) was ${o.phq9First} at the start and ${o.phq9Last} at the end. A lower score means fewer signs of depression.`,
    );
  if (o.gad7First !== null && o.gad7Last !== null)
    out.push(
      `Your score on the questionnaire about anxiety (GAD-7) was ${o.gad7First} at the start and ${o.gad7Last} at the end. A lower score means fewer signs of anxiety.`,
    );
  if (o.recovered === true)
    out.push('By the measures NHS Talking Therapies services use, this means you have recovered.');
  else if (o.reliableImprovement === true)
    out.push('By the measures NHS Talking Therapies services use, this is a real improvement.');
  return out;
}
