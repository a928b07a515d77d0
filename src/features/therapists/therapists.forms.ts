import {
  PROFESSIONAL_BODIES,
  THERAPIES,
  type ProfessionalBody,
  type Therapy,
  type WeeklyHours,
} from '../../db/schema';
import type { WeeklyHoursFields } from '../../domain/diary';
import { isUuid } from '../../domain/identifiers';
import { checkText, str, strList, type FieldError } from '../../ui/forms';
import { fieldHref } from '../../ui/fields';
import { parseWeeklyHoursForm, weeklyHoursToFields } from '../locations';

export const THERAPY_LABELS: Record<Therapy, string> = {
  ipt: 'Interpersonal therapy (IPT)',
  cbt: 'Cognitive behavioural therapy (CBT)',
  counselling_for_depression: 'Counselling for depression',
  dynamic_interpersonal_therapy: 'Dynamic interpersonal therapy (DIT)',
  couple_therapy_for_depression: 'Couple therapy for depression',
  guided_self_help: 'Guided self-help',
};

export const BODY_NAMES: Record<ProfessionalBody, string> = {
  HCPC: 'Health and Care Professions Council (HCPC)',
  BACP: 'British Association for Counselling and Psychotherapy (BACP)',
  UKCP: 'UK Council for Psychotherapy (UKCP)',
  BABCP: 'British Association for Behavioural and Cognitive Psychotherapies (BABCP)',
};

export const WORKING_WORDS = { opens: 'start time', closes: 'finish time' };

/** What the form shows: the person's answers as typed. */
export interface ProfileFormValues {
  jobTitle: string;
  professionalBody: string;
  registrationNumber: string;
  trainee: string;
  supervisorId: string;
  therapies: string[];
  locationIds: string[];
  hours: WeeklyHoursFields;
}

export interface ParsedProfile {
  jobTitle: string;
  professionalBody: ProfessionalBody | null;
  registrationNumber: string | null;
  trainee: boolean;
  supervisorId: string | null;
  therapies: Therapy[];
  locationIds: string[];
  workingPattern: WeeklyHours;
}

const REGISTRATION_RE = /^[A-Za-z0-9][A-Za-z0-9 /-]{1,29}$/;

export function parseProfile(body: unknown): {
  values: ProfileFormValues;
  parsed: ParsedProfile;
  errors: FieldError[];
} {
  const hours = parseWeeklyHoursForm(body, 'hours', WORKING_WORDS);
  const values: ProfileFormValues = {
    jobTitle: str(body, 'jobTitle').trim(),
    professionalBody: str(body, 'professionalBody'),
    registrationNumber: str(body, 'registrationNumber').trim(),
    trainee: str(body, 'trainee'),
    supervisorId: str(body, 'supervisorId'),
    therapies: strList(body, 'therapies'),
    locationIds: strList(body, 'locationIds'),
    hours: hours.fields,
  };
  const errors: FieldError[] = [];
  checkText(errors, 'jobTitle', values.jobTitle, {
    required: 'Enter their role, as patients will see it',
    label: 'Role',
    max: 100,
  });

  const body_ = (PROFESSIONAL_BODIES as readonly string[]).includes(values.professionalBody)
    ? (values.professionalBody as ProfessionalBody)
    : null;
  const trainee = values.trainee === 'yes' ? true : values.trainee === 'no' ? false : null;
  if (trainee === null)
    errors.push({
      field: 'trainee',
      href: fieldHref.choice('trainee'),
      message: 'Select yes if they are an IPT trainee',
    });
  if (values.professionalBody !== '' && values.professionalBody !== 'none' && !body_)
    errors.push({
      field: 'professionalBody',
      href: fieldHref.choice('professionalBody'),
      message: 'Select the professional body they are registered with',
    });
  else if (!body_ && trainee === false)
    errors.push({
      field: 'professionalBody',
      href: fieldHref.choice('professionalBody'),
      message:
        'Select the professional body they are registered with. Only trainees may have none yet',
    });
  if (body_ && !values.registrationNumber)
    errors.push({ field: 'registrationNumber', message: 'Enter their registration number' });
  else if (values.registrationNumber && !REGISTRATION_RE.test(values.registrationNumber))
    errors.push({
      field: 'registrationNumber',
      message:
        'Registration number must be 2 to 30 letters, numbers, spaces, hyphens or slashes, like PYL12345',
    });
  else if (
    values.registrationNumber &&
    !body_ &&
    !errors.some((e) => e.field === 'professionalBody')
  )
    errors.push({
      field: 'professionalBody',
      href: fieldHref.choice('professionalBody'),
      message: 'Select the professional body this registration number is with',
    });
  if (trainee === true && !values.supervisorId)
    errors.push({ field: 'supervisorId', message: 'Select the supervisor for this trainee' });
  // Only a value from the lists (a tampered one would otherwise reach a lookup by id).
  else if (values.supervisorId && !isUuid(values.supervisorId))
    errors.push({ field: 'supervisorId', message: 'Select the supervisor from the list' });
  if (values.locationIds.some((id) => !isUuid(id)))
    errors.push({
      field: 'locationIds',
      href: fieldHref.choice('locationIds'),
      message: 'Select the locations they work at from the list',
    });

  const therapies = values.therapies.filter((t): t is Therapy =>
    (THERAPIES as readonly string[]).includes(t),
  );
  if (therapies.length === 0 || therapies.length !== values.therapies.length)
    errors.push({
      field: 'therapies',
      href: fieldHref.choice('therapies'),
      message: 'Select at least one therapy they deliver',
    });
  errors.push(...hours.errors);

  return {
    values,
    parsed: {
      jobTitle: values.jobTitle,
      professionalBody: body_,
      registrationNumber: body_ ? values.registrationNumber.toUpperCase() : null,
      trainee: trainee ?? false,
      supervisorId: trainee ? values.supervisorId || null : null,
      therapies: [...new Set(therapies)],
      locationIds: [...new Set(values.locationIds)],
      workingPattern: hours.value,
    },
    errors,
  };
}

export function profileToValues(
  profile: {
    jobTitle: string;
    professionalBody: string | null;
    registrationNumber: string | null;
    trainee: boolean;
    supervisorId: string | null;
    therapies: string[];
    workingPattern: WeeklyHours;
  } | null,
  locationIds: string[],
): ProfileFormValues {
  return {
    jobTitle: profile?.jobTitle ?? '',
    professionalBody: profile ? (profile.professionalBody ?? 'none') : '',
    registrationNumber: profile?.registrationNumber ?? '',
    trainee: profile ? (profile.trainee ? 'yes' : 'no') : '',
    supervisorId: profile?.supervisorId ?? '',
    therapies: profile?.therapies ?? [],
    locationIds,
    hours: weeklyHoursToFields(profile?.workingPattern ?? {}),
  };
}

/** "Registered with the BACP, number 123456" or "IPT trainee supervised by Dr Priya Shah". */
export function accreditationText(
  profile: {
    professionalBody: ProfessionalBody | null;
    registrationNumber: string | null;
    trainee: boolean;
  },
  supervisorName: string | null,
): string[] {
  const lines: string[] = [];
  if (profile.professionalBody)
    lines.push(
      `Registered with the ${BODY_NAMES[profile.professionalBody]}${profile.registrationNumber ? `, registration number ${profile.registrationNumber}` : ''}`,
    );
  if (profile.trainee)
    lines.push(
      supervisorName
        ? `IPT trainee, supervised by ${supervisorName}`
        : 'IPT trainee, working towards the IPT postgraduate certificate',
    );
  return lines;
}
