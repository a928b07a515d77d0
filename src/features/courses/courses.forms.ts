import { COURSE_MODES, type CourseMode } from '../../db/schema';
import { IPT_MAX_SESSION_MINUTES, checkCourseLength, type CourseLength } from '../../domain/ipt';
import { fieldHref } from '../../ui/fields';
import { checkText, str, type FieldError, type FormResult } from '../../ui/forms';
import { isUuid } from '../../domain/identifiers';
import type { AllocationInput } from './courses.service';

export const COURSE_MODE_LABELS: Record<CourseMode, string> = {
  video: 'Video call',
  face_to_face: 'Face to face',
};

/** The course length fields, asked when allocating and when changing a course's length. */
export interface LengthValues {
  plannedSessions: string;
  sessionMinutes: string;
  lengthReason: string;
}

export interface AllocationValues extends LengthValues {
  therapistId: string;
  modePreference: string;
}

function parseLength(body: unknown): {
  values: LengthValues;
  length: CourseLength | null;
  errors: FieldError[];
} {
  const values = {
    plannedSessions: str(body, 'plannedSessions').trim(),
    // Left empty, a session keeps the usual longest length.
    sessionMinutes: str(body, 'sessionMinutes').trim() || String(IPT_MAX_SESSION_MINUTES),
    lengthReason: str(body, 'lengthReason').trim(),
  };
  const result = checkCourseLength({
    plannedSessions: values.plannedSessions,
    sessionMinutes: values.sessionMinutes,
    reason: values.lengthReason,
  });
  return result.ok
    ? { values, length: result.value, errors: [] }
    : { values, length: null, errors: result.errors.map((e) => ({ ...e })) };
}

export function parseAllocation(body: unknown): {
  values: AllocationValues;
  input: AllocationInput | null;
  errors: FieldError[];
} {
  const length = parseLength(body);
  const values = {
    therapistId: str(body, 'therapistId'),
    modePreference: str(body, 'modePreference'),
    ...length.values,
  };
  const errors: FieldError[] = [];
  if (!isUuid(values.therapistId))
    errors.push({ field: 'therapistId', message: 'Select a therapist' });
  errors.push(...length.errors);
  const mode = (COURSE_MODES as readonly string[]).includes(values.modePreference)
    ? (values.modePreference as CourseMode)
    : null;
  if (values.modePreference === 'phone')
    errors.push({
      field: 'modePreference',
      href: fieldHref.choice('modePreference'),
      message: 'IPT is not offered by phone. Select a video call or a face-to-face session',
    });
  else if (!mode)
    errors.push({
      field: 'modePreference',
      href: fieldHref.choice('modePreference'),
      message: 'Select whether they would prefer video calls or face-to-face sessions',
    });
  return {
    values,
    input:
      errors.length === 0 && length.length && mode
        ? { therapistId: values.therapistId, length: length.length, modePreference: mode }
        : null,
    errors,
  };
}

export function parseCourseLength(body: unknown): {
  values: LengthValues;
  length: CourseLength | null;
  errors: FieldError[];
} {
  return parseLength(body);
}

/**
 * The patient's stated preference from their referral answers (how they would like their
 * sessions, and where face to face), to prefill the allocation. Unknown shapes give no preference.
 */
export function preferenceFromAnswers(answers: unknown): {
  mode: CourseMode | null;
  locationName: string | null;
} {
  const sessions =
    typeof answers === 'object' && answers !== null
      ? (answers as Record<string, unknown>).sessions
      : undefined;
  if (typeof sessions !== 'object' || sessions === null) return { mode: null, locationName: null };
  const { mode, locationName } = sessions as Record<string, unknown>;
  return {
    mode: (COURSE_MODES as readonly unknown[]).includes(mode) ? (mode as CourseMode) : null,
    locationName: typeof locationName === 'string' && locationName ? locationName : null,
  };
}

export interface ChangeTherapistValues {
  therapistId: string;
  reason: string;
}

/** Handing a course over: one of the therapists offered, and why (kept in the audit log). */
export function parseTherapistChange(
  body: unknown,
  offered: readonly string[],
): { values: ChangeTherapistValues; result: FormResult<ChangeTherapistValues> } {
  const values = { therapistId: str(body, 'therapistId'), reason: str(body, 'reason').trim() };
  const errors: FieldError[] = [];
  if (!offered.includes(values.therapistId))
    errors.push({ field: 'therapistId', message: 'Select the new therapist' });
  checkText(errors, 'reason', values.reason, {
    required: 'Enter why their therapist is changing',
    label: 'The reason',
    max: 1000,
  });
  return {
    values,
    result: errors.length > 0 ? { ok: false, errors } : { ok: true, value: values },
  };
}
