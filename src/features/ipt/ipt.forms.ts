import {
  PHASE_REASON_MAX,
  isClosenessRing,
  isFocalArea,
  isIptPhase,
  parseLifeEventDate,
  parseRating,
  type ClosenessRing,
  type FocalArea,
  type FormulationIntent,
  type IptPhase,
  type LifeEventDate,
  type PhaseOverride,
} from '../../domain/ipt';
import { checkText, type FieldError, type FormResult } from '../../domain/result';
import { fieldHref } from '../../ui/fields';
import { str } from '../../ui/forms';

/** Longest answers kept; the edge bounds every field as well. */
export const LIMITS = {
  name: 60,
  relationship: 80,
  text: 1000,
  formulation: 4000,
  aim: 300,
  what: 300,
} as const;

type Parsed<V, T> = { values: V; result: FormResult<T> };

function done<V, T>(values: V, errors: FieldError[], value: () => T): Parsed<V, T> {
  return errors.length > 0
    ? { values, result: { ok: false, errors } }
    : { values, result: { ok: true, value: value() } };
}

// ---- Phase -------------------------------------------------------------------------------------

export interface PhaseValues {
  phase: string;
  reason: string;
}

export function parsePhase(body: unknown): Parsed<PhaseValues, PhaseOverride | null> {
  const values = { phase: str(body, 'phase'), reason: str(body, 'reason').trim() };
  const errors: FieldError[] = [];
  if (values.phase !== 'automatic' && !isIptPhase(values.phase))
    errors.push({
      field: 'phase',
      href: fieldHref.choice('phase'),
      message: 'Select the phase this course is in, or from the session count',
    });
  else if (values.phase !== 'automatic' && values.reason === '')
    errors.push({ field: 'reason', message: 'Enter why this course is in a different phase' });
  checkText(errors, 'reason', values.reason, { label: 'Reason', max: PHASE_REASON_MAX });
  return done(values, errors, () =>
    values.phase === 'automatic'
      ? null
      : { phase: values.phase as IptPhase, reason: values.reason },
  );
}

// ---- Inventory ---------------------------------------------------------------------------------

export interface PersonFormValues {
  name: string;
  relationship: string;
  closeness: string;
  contact: string;
  supportive: string;
  difficult: string;
  theyExpect: string;
  patientExpects: string;
  wishedChange: string;
}

export interface PersonInput {
  name: string;
  relationship: string;
  closeness: ClosenessRing;
  contact: string;
  supportive: string;
  difficult: string;
  theyExpect: string;
  patientExpects: string;
  wishedChange: string;
}

export const PERSON_TEXT_FIELDS = [
  'contact',
  'supportive',
  'difficult',
  'theyExpect',
  'patientExpects',
  'wishedChange',
] as const;

/** Each answer's name in its messages: six boxes share one page, so a message must say which. */
const PERSON_TEXT_NAMES: Record<(typeof PERSON_TEXT_FIELDS)[number], string> = {
  contact: 'How often and how they are in touch',
  supportive: 'What is supportive about this relationship',
  difficult: 'What is difficult about this relationship',
  theyExpect: 'What this person expects of the patient',
  patientExpects: 'What the patient expects of this person',
  wishedChange: 'What the patient would like to change',
};

export const EMPTY_PERSON: PersonFormValues = {
  name: '',
  relationship: '',
  closeness: '',
  contact: '',
  supportive: '',
  difficult: '',
  theyExpect: '',
  patientExpects: '',
  wishedChange: '',
};

export function parsePerson(body: unknown): Parsed<PersonFormValues, PersonInput> {
  const values = Object.fromEntries(
    Object.keys(EMPTY_PERSON).map((k) => [k, str(body, k).trim()]),
  ) as unknown as PersonFormValues;
  const errors: FieldError[] = [];
  checkText(errors, 'name', values.name, {
    required: 'Enter a name or initials for this person',
    label: 'Name or initials',
    max: LIMITS.name,
  });
  checkText(errors, 'relationship', values.relationship, {
    required: 'Enter who they are to the patient, like sister or manager',
    label: 'Relationship',
    max: LIMITS.relationship,
  });
  const ring = Number(values.closeness);
  if (!/^[123]$/.test(values.closeness) || !isClosenessRing(ring))
    errors.push({
      field: 'closeness',
      href: fieldHref.choice('closeness'),
      message: 'Select how close the patient feels to this person',
    });
  for (const f of PERSON_TEXT_FIELDS)
    checkText(errors, f, values[f], { label: PERSON_TEXT_NAMES[f], max: LIMITS.text });
  return done(values, errors, () => ({ ...values, closeness: ring as ClosenessRing }));
}

// ---- Timeline ----------------------------------------------------------------------------------

export interface TimelineFormValues {
  what: string;
  'when-day': string;
  'when-month': string;
  'when-year': string;
  mood: string;
}

export interface TimelineInput {
  what: string;
  date: LifeEventDate;
  mood: number;
}

export const EMPTY_TIMELINE: TimelineFormValues = {
  what: '',
  'when-day': '',
  'when-month': '',
  'when-year': '',
  mood: '',
};

export function parseTimelineEvent(
  body: unknown,
  today: string,
  bornOn: string | null = null,
): Parsed<TimelineFormValues, TimelineInput> {
  const values: TimelineFormValues = {
    what: str(body, 'what').trim(),
    'when-day': str(body, 'when-day').trim(),
    'when-month': str(body, 'when-month').trim(),
    'when-year': str(body, 'when-year').trim(),
    mood: str(body, 'mood').trim(),
  };
  const errors: FieldError[] = [];
  checkText(errors, 'what', values.what, {
    required: 'Enter what happened',
    label: 'What happened',
    max: LIMITS.what,
  });
  const date = parseLifeEventDate(
    { day: values['when-day'], month: values['when-month'], year: values['when-year'] },
    today,
    bornOn,
  );
  if (!date.ok) errors.push({ field: 'when', href: fieldHref.date('when'), message: date.message });
  const mood = parseRating(values.mood);
  if (!mood.ok)
    errors.push({
      field: 'mood',
      href: fieldHref.choice('mood'),
      message: 'Select the patient’s mood at the time, from 0 to 10',
    });
  return done(values, errors, () => ({
    what: values.what,
    date: (date as { ok: true; value: LifeEventDate }).value,
    mood: (mood as { ok: true; value: number }).value,
  }));
}

// ---- Focal area and formulation ----------------------------------------------------------------

export interface FormulationValues {
  focalArea: string;
  secondFocalArea: string;
  formulation: string;
  /** The shared version the page was opened on, so a save from an older page is refused (walk 6). */
  basedOn: string;
  /** The draft revision the page was opened on, likewise for a colleague's newer draft. */
  draftBasedOn: string;
}

export interface FormulationInput {
  /** Keep it for clinicians ("Save as draft"), or show it to the patient ("Share with …"). */
  intent: FormulationIntent;
  focalArea: FocalArea;
  secondFocalArea: FocalArea | null;
  formulation: string;
  /** null when the page did not say (an old page, a hand-made post): not checked. */
  basedOn: number | null;
  draftBasedOn: number | null;
}

const counter = (value: string) => (/^\d{1,9}$/.test(value) ? Number(value) : null);

export function parseFormulation(body: unknown): Parsed<FormulationValues, FormulationInput> {
  const values = {
    focalArea: str(body, 'focalArea'),
    secondFocalArea: str(body, 'secondFocalArea'),
    formulation: str(body, 'formulation').trim(),
    basedOn: str(body, 'basedOn'),
    draftBasedOn: str(body, 'draftBasedOn'),
  };
  // Only the draft button keeps the words from the patient; a post naming neither button (a page
  // from before drafts) shares, as the one button did then.
  const intent: FormulationIntent = str(body, 'intent') === 'draft' ? 'draft' : 'share';
  const errors: FieldError[] = [];
  if (!isFocalArea(values.focalArea))
    errors.push({
      field: 'focalArea',
      href: fieldHref.choice('focalArea'),
      message: 'Select the focal area',
    });
  if (values.secondFocalArea !== 'none' && values.secondFocalArea !== '') {
    if (!isFocalArea(values.secondFocalArea))
      errors.push({
        field: 'secondFocalArea',
        href: fieldHref.choice('secondFocalArea'),
        message: 'Select a second focal area, or none',
      });
    else if (values.secondFocalArea === values.focalArea)
      errors.push({
        field: 'secondFocalArea',
        href: fieldHref.choice('secondFocalArea'),
        message: 'The second focal area must be different from the first, or select none',
      });
  }
  checkText(errors, 'formulation', values.formulation, {
    required: 'Enter the formulation in plain words the patient can read',
    label: 'The formulation',
    max: LIMITS.formulation,
  });
  return done(values, errors, () => ({
    intent,
    focalArea: values.focalArea as FocalArea,
    secondFocalArea: isFocalArea(values.secondFocalArea) ? values.secondFocalArea : null,
    formulation: values.formulation,
    basedOn: counter(values.basedOn),
    draftBasedOn: counter(values.draftBasedOn),
  }));
}

// ---- Aims --------------------------------------------------------------------------------------

export interface AimValues {
  aim: string;
}

export function parseAim(body: unknown): Parsed<AimValues, string> {
  const values = { aim: str(body, 'aim').trim() };
  const errors: FieldError[] = [];
  checkText(errors, 'aim', values.aim, {
    required: 'Enter the aim in the patient’s words',
    label: 'The aim',
    max: LIMITS.aim,
  });
  return done(values, errors, () => values.aim);
}

/** Each aim's rating posts as `rating-<aim id>`. */
export const ratingField = (aimId: string) => `rating-${aimId}`;

export type RatingValues = Record<string, string>;

export interface RatingsInput {
  sessionNumber: number;
  ratings: { aimId: string; rating: number }[];
}

/**
 * A rating for every aim shown, at the session of the review. `notYetSet` gives, for a session
 * number, the aims set after that session's day, each with why it is not rated there: those are
 * not asked for, and a rating sent for one is refused (an aim is rated only from the day it was
 * set, H11).
 */
export function parseRatings(
  body: unknown,
  aimIds: readonly string[],
  plannedSessions: number,
  notYetSet: (sessionNumber: number) => ReadonlyMap<string, string> = () => new Map(),
): Parsed<RatingValues, RatingsInput> {
  const values: RatingValues = { sessionNumber: str(body, 'sessionNumber').trim() };
  const errors: FieldError[] = [];
  const session = values.sessionNumber ?? '';
  if (!/^\d{1,2}$/.test(session) || Number(session) < 1 || Number(session) > plannedSessions)
    errors.push({
      field: 'sessionNumber',
      message: `Enter the session number of this review, from 1 to ${plannedSessions}`,
    });
  const ratings: { aimId: string; rating: number }[] = [];
  const later = notYetSet(Number(session));
  aimIds.forEach((aimId, i) => {
    const field = ratingField(aimId);
    values[field] = str(body, field);
    const why = later.get(aimId);
    if (why !== undefined) {
      // Shown back unrated: the page says why in its place.
      if (values[field]) errors.push({ field, href: field, message: why });
      values[field] = '';
      return;
    }
    const r = parseRating(values[field]);
    if (r.ok) ratings.push({ aimId, rating: r.value });
    else
      errors.push({
        field,
        href: fieldHref.choice(field),
        message: `Select a progress rating from 0 to 10 for aim ${i + 1}`,
      });
  });
  return done(values, errors, () => ({ sessionNumber: Number(session), ratings }));
}
