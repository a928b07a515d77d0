import { COURSE_MODES, type CourseMode } from '../../db/schema';
import { validatePlannedSessions } from '../../domain/ipt';
import { fieldHref } from '../../ui/fields';
import { str, type FieldError } from '../../ui/forms';
import { isUuid } from '../../domain/identifiers';
import type { AllocationInput } from './courses.service';

export const COURSE_MODE_LABELS: Record<CourseMode, string> = {
  video: 'Video call',
  face_to_face: 'Face to face',
};

export interface AllocationValues {
  therapistId: string;
  plannedSessions: string;
  modePreference: string;
}

export function parseAllocation(body: unknown): {
  values: AllocationValues;
  input: AllocationInput | null;
  errors: FieldError[];
} {
  const values = {
    therapistId: str(body, 'therapistId'),
    plannedSessions: str(body, 'plannedSessions').trim(),
    modePreference: str(body, 'modePreference'),
  };
  const errors: FieldError[] = [];
  if (!isUuid(values.therapistId))
    errors.push({ field: 'therapistId', message: 'Select a therapist' });
  const planned = validatePlannedSessions(values.plannedSessions);
  if (!planned.ok) errors.push({ field: 'plannedSessions', message: planned.message });
  const mode = (COURSE_MODES as readonly string[]).includes(values.modePreference)
    ? (values.modePreference as CourseMode)
    : null;
  if (values.modePreference === 'phone')
    errors.push({
      field: 'modePreference',
      href: fieldHref.choice('modePreference'),
      message: 'IPT is not offered by phone. Choose a video call or a face-to-face session',
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
      errors.length === 0 && planned.ok && mode
        ? { therapistId: values.therapistId, plannedSessions: planned.value, modePreference: mode }
        : null,
    errors,
  };
}

export function parseEndCourse(body: unknown): { reason: string; errors: FieldError[] } {
  const reason = str(body, 'reason').trim();
  const errors: FieldError[] = [];
  if (!reason) errors.push({ field: 'reason', message: 'Enter why the course is ending' });
  else if (reason.length > 500)
    errors.push({ field: 'reason', message: 'Reason must be 500 characters or fewer' });
  return { reason, errors };
}
