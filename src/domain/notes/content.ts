/**
 * What a session note holds and what signing needs. The clinical parts are for clinicians only;
 * the summary is shared with the patient, so it must be written for them.
 */
import { checkText, type FieldError, type FormResult } from '../result';

export const NOTE_FIELD_MAX = 10_000;
export const SUMMARY_MAX = 2_000;
export const ADDENDUM_MAX = 5_000;

export interface NoteContent {
  readonly agenda: string;
  readonly focalAreaWork: string;
  readonly riskReview: string;
  readonly plan: string;
  /** Shared with the patient. */
  readonly patientSummary: string;
}

export type NoteField = keyof NoteContent;

export const NOTE_FIELDS: readonly { name: NoteField; label: string; max: number }[] = [
  { name: 'agenda', label: 'Agenda', max: NOTE_FIELD_MAX },
  { name: 'focalAreaWork', label: 'Work on the focal area', max: NOTE_FIELD_MAX },
  { name: 'riskReview', label: 'Risk review', max: NOTE_FIELD_MAX },
  { name: 'plan', label: 'Plan', max: NOTE_FIELD_MAX },
  { name: 'patientSummary', label: 'Summary for the patient', max: SUMMARY_MAX },
];

/** A draft may be saved half-written; only lengths are checked. */
export function parseDraft(input: Record<NoteField, string>): FormResult<NoteContent> {
  const errors: FieldError[] = [];
  for (const f of NOTE_FIELDS) checkText(errors, f.name, input[f.name].trim(), f);
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      agenda: input.agenda.trim(),
      focalAreaWork: input.focalAreaWork.trim(),
      riskReview: input.riskReview.trim(),
      plan: input.plan.trim(),
      patientSummary: input.patientSummary.trim(),
    },
  };
}

/**
 * Signing needs every part: a note without a risk review must not be locked as complete, and
 * the patient is owed their summary.
 */
export function checkReadyToSign(content: NoteContent): FieldError[] {
  return NOTE_FIELDS.filter((f) => content[f.name].trim() === '').map((f) => ({
    field: f.name,
    message: `Enter the ${f.label.toLowerCase()} before you sign the note`,
  }));
}

export function parseAddendum(text: string): FormResult<string> {
  const errors: FieldError[] = [];
  const value = checkText(errors, 'addendum', text.trim(), {
    required: 'Enter the addendum',
    label: 'Addendum',
    max: ADDENDUM_MAX,
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}
