/**
 * The self-referral question pages: for each page, the form fields it posts and a parser that
 * turns what was typed into a clean value or a list of errors shaped for the NHS error summary.
 *
 * Drafts store what was typed (RawValues), not the parsed value, so every page is parsed again
 * when it is shown, when the flow is worked out and when the referral is sent: a rule changed in
 * one place here applies everywhere, and an answer that depends on another (texts need a mobile
 * number) is re-checked if that other answer changes.
 */
import type { IsoDate } from '../../domain/calendar';
import {
  checkMinimumAge,
  validateDateOfBirth,
  validateEmail,
  validateNhsNumber,
  validatePostcode,
  validateUkMobileNumber,
  validateUkPhoneNumber,
  type DateField,
  type UkPhoneResult,
} from '../../domain/identifiers';
import type { FocalArea } from '../../domain/ipt';
import {
  MEASURES,
  NOT_APPLICABLE,
  scoreQuestionnaire,
  type ScoreSuccess,
} from '../../domain/measures';
import { fieldHref } from '../../ui/fields';
import {
  formatCount,
  str,
  strList,
  tooLongMessage,
  type FieldError,
  type FormResult,
} from '../../ui/forms';
import { unsafeFields } from '../../platform/edge/schemas';
import {
  AREA_OPTIONS,
  AREAS_NONE,
  AREAS_NONE_LABEL,
  COMMUNICATION_NEEDS,
  ETHNIC_CATEGORIES,
  GENDERS,
  isCode,
  NO_LOCATION_PREFERENCE,
  NO_NEEDS,
  SESSION_MODES,
  type CommunicationNeedCode,
  type EthnicCategoryCode,
  type GenderCode,
  type SessionModeCode,
} from './referral.options';

/** What a page posted, as typed: one string per field, or a list for checkboxes. */
export type RawValues = Readonly<Record<string, string | readonly string[]>>;

export interface LocationChoice {
  id: string;
  name: string;
  address: string;
  postcode: string;
  stepFreeAccess: boolean;
  accessInformation: string;
}

/** What the parsers need to know besides the answers: today, the service's rules, its places. */
export interface FormContext {
  /** Today in Europe/London, 'YYYY-MM-DD'. */
  today: IsoDate;
  minimumAge: number;
  /** Active locations for face-to-face sessions. */
  locations: readonly LocationChoice[];
}

export type Phone = Extract<UkPhoneResult, { ok: true }>;
export type MeasureScore = ScoreSuccess;

/** The clean value of each page. */
export interface SectionValues {
  name: { givenName: string; familyName: string };
  dateOfBirth: { dateOfBirth: IsoDate };
  address: { line1: string; line2: string; town: string; postcode: string };
  contact: { mobile: Phone | null; otherPhone: Phone | null; email: string | null };
  permissions: { voicemail: boolean; texts: boolean | null; email: boolean | null };
  nhsNumber: { nhsNumber: string | null };
  gp: { registered: boolean; practiceName: string | null; practiceAddress: string | null };
  gender: { code: GenderCode; description: string | null };
  ethnicity: { code: EthnicCategoryCode };
  language: { firstLanguage: string; interpreter: boolean };
  needs: { needs: CommunicationNeedCode[]; otherDetails: string | null };
  troubling: { text: string };
  areas: { areas: FocalArea[]; notSure: boolean };
  otherServices: { inTouch: boolean; details: string | null };
  phq9: MeasureScore;
  gad7: MeasureScore;
  wsas: MeasureScore;
  risk: { thoughtsOfEndingLife: boolean; plans: boolean; harmOthers: boolean };
  sessions: { mode: SessionModeCode };
  location: { locationId: string | null };
  gpConsent: { consent: boolean };
}
export type SectionKey = keyof SectionValues;
export type ParsedAnswers = Partial<SectionValues>;

/** Someone younger than the service's minimum age: told kindly where to go instead. */
export interface TooYoung {
  minimumAge: number;
  oldEnoughOn: IsoDate;
}

/** One page's answers: clean values or field errors. A valid date of birth may still block (too young). */
export type PageResult<T> = FormResult<T> & { readonly blocked?: TooYoung };

/** A date-of-birth error also says which of the three boxes to highlight. */
export interface DateFieldError extends FieldError {
  boxes: readonly DateField[];
}

export const LIMITS = {
  name: 100,
  addressLine: 100,
  town: 100,
  gpName: 200,
  gpAddress: 300,
  language: 100,
  genderDescription: 100,
  needsOther: 500,
  troubling: 2000,
  otherServices: 1000,
} as const;

// ---- helpers --------------------------------------------------------------------------------

function text(raw: RawValues, key: string): string {
  return str(raw, key).trim();
}

/** Textareas: Windows line endings become \n so the count matches what the person sees. */
function longText(raw: RawValues, key: string): string {
  return str(raw, key).replace(/\r\n?/g, '\n').trim();
}

function list(raw: RawValues, key: string): string[] {
  return strList(raw, key);
}

/** Characters as people count them (an emoji is one, not two). */
export function charCount(s: string): number {
  return Array.from(s).length;
}

function tooLong(s: string, max: number): boolean {
  return charCount(s) > max;
}

function yesNo(raw: RawValues, key: string): boolean | null {
  const v = str(raw, key);
  return v === 'yes' ? true : v === 'no' ? false : null;
}

/** Radios and checkboxes: the summary links to the first option. */
function choiceError(field: string, message: string): FieldError {
  return { field, message, href: fieldHref.choice(field) };
}

function result<T>(value: T, errors: FieldError[]): PageResult<T> {
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}

// ---- the pages ------------------------------------------------------------------------------

export function parseName(raw: RawValues): PageResult<SectionValues['name']> {
  const givenName = text(raw, 'givenName');
  const familyName = text(raw, 'familyName');
  const errors: FieldError[] = [];
  if (givenName === '') errors.push({ field: 'givenName', message: 'Enter your first name' });
  else if (tooLong(givenName, LIMITS.name))
    errors.push({
      field: 'givenName',
      message: tooLongMessage('First name', LIMITS.name),
    });
  if (familyName === '') errors.push({ field: 'familyName', message: 'Enter your last name' });
  else if (tooLong(familyName, LIMITS.name))
    errors.push({
      field: 'familyName',
      message: tooLongMessage('Last name', LIMITS.name),
    });
  return result({ givenName, familyName }, errors);
}

export function parseDateOfBirth(
  raw: RawValues,
  ctx: FormContext,
): PageResult<SectionValues['dateOfBirth']> {
  const checked = validateDateOfBirth(
    {
      day: str(raw, 'dateOfBirth-day'),
      month: str(raw, 'dateOfBirth-month'),
      year: str(raw, 'dateOfBirth-year'),
    },
    ctx.today,
  );
  if (!checked.ok) {
    const error: DateFieldError = {
      field: 'dateOfBirth',
      message: checked.message,
      // The first box that is wrong (the month when only the month is), else the day box.
      href: checked.fields[0] ? `dateOfBirth-${checked.fields[0]}` : fieldHref.date('dateOfBirth'),
      boxes: checked.fields,
    };
    return { ok: false, errors: [error] };
  }
  const age = checkMinimumAge(checked.value, ctx.today, ctx.minimumAge);
  return {
    ok: true,
    value: { dateOfBirth: checked.value },
    ...(age.ok ? {} : { blocked: { minimumAge: ctx.minimumAge, oldEnoughOn: age.oldEnoughOn } }),
  };
}

export function parseAddress(raw: RawValues): PageResult<SectionValues['address']> {
  const line1 = text(raw, 'addressLine1');
  const line2 = text(raw, 'addressLine2');
  const town = text(raw, 'addressTown');
  const errors: FieldError[] = [];
  if (line1 === '')
    errors.push({ field: 'addressLine1', message: 'Enter the first line of your address' });
  else if (tooLong(line1, LIMITS.addressLine))
    errors.push({
      field: 'addressLine1',
      message: tooLongMessage('Address line 1', LIMITS.addressLine),
    });
  if (tooLong(line2, LIMITS.addressLine))
    errors.push({
      field: 'addressLine2',
      message: tooLongMessage('Address line 2', LIMITS.addressLine),
    });
  if (town === '') errors.push({ field: 'addressTown', message: 'Enter your town or city' });
  else if (tooLong(town, LIMITS.town))
    errors.push({
      field: 'addressTown',
      message: tooLongMessage('Town or city', LIMITS.town),
    });
  const postcode = validatePostcode(str(raw, 'postcode'));
  if (!postcode.ok) errors.push({ field: 'postcode', message: postcode.message });
  return result({ line1, line2, town, postcode: postcode.ok ? postcode.value : '' }, errors);
}

export function parseContact(raw: RawValues): PageResult<SectionValues['contact']> {
  const mobileText = text(raw, 'mobile');
  const otherText = text(raw, 'otherPhone');
  const emailText = text(raw, 'email');
  const errors: FieldError[] = [];
  let mobile: Phone | null = null;
  let otherPhone: Phone | null = null;
  let email: string | null = null;
  if (mobileText === '' && otherText === '') {
    errors.push({ field: 'mobile', message: 'Enter a phone number so we can contact you' });
  }
  if (mobileText !== '') {
    const checked = validateUkMobileNumber(mobileText);
    if (checked.ok) mobile = checked;
    else errors.push({ field: 'mobile', message: checked.message });
  }
  if (otherText !== '') {
    const checked = validateUkPhoneNumber(otherText);
    if (checked.ok) otherPhone = checked;
    else errors.push({ field: 'otherPhone', message: checked.message });
  }
  if (emailText !== '') {
    const checked = validateEmail(emailText);
    if (checked.ok) email = checked.value;
    else errors.push({ field: 'email', message: checked.message });
  }
  return result({ mobile, otherPhone, email }, errors);
}

/** Texts are asked about only with a mobile number, email only with an email address. */
export function parsePermissions(
  raw: RawValues,
  contact: SectionValues['contact'] | undefined,
): PageResult<SectionValues['permissions']> {
  const errors: FieldError[] = [];
  const voicemail = yesNo(raw, 'voicemail');
  if (voicemail === null)
    errors.push(choiceError('voicemail', 'Select if we can leave a voicemail'));
  let texts: boolean | null = null;
  if (contact?.mobile) {
    texts = yesNo(raw, 'texts');
    if (texts === null)
      errors.push(choiceError('texts', 'Select if we can send you text messages'));
  }
  let email: boolean | null = null;
  if (contact?.email) {
    email = yesNo(raw, 'emails');
    if (email === null) errors.push(choiceError('emails', 'Select if we can email you'));
  }
  return result({ voicemail: voicemail ?? false, texts, email }, errors);
}

export function parseNhsNumber(raw: RawValues): PageResult<SectionValues['nhsNumber']> {
  const typed = text(raw, 'nhsNumber');
  if (typed === '') return { ok: true, value: { nhsNumber: null } };
  const checked = validateNhsNumber(typed);
  if (!checked.ok) return { ok: false, errors: [{ field: 'nhsNumber', message: checked.message }] };
  return { ok: true, value: { nhsNumber: checked.value } };
}

export function parseGp(raw: RawValues): PageResult<SectionValues['gp']> {
  const registered = yesNo(raw, 'gpRegistered');
  const errors: FieldError[] = [];
  if (registered === null) {
    errors.push(choiceError('gpRegistered', 'Select if you are registered with a GP practice'));
    return { ok: false, errors };
  }
  if (!registered)
    return { ok: true, value: { registered, practiceName: null, practiceAddress: null } };
  const practiceName = text(raw, 'gpName');
  const practiceAddress = longText(raw, 'gpAddress');
  if (practiceName === '')
    errors.push({ field: 'gpName', message: 'Enter the name of your GP practice' });
  else if (tooLong(practiceName, LIMITS.gpName))
    errors.push({
      field: 'gpName',
      message: tooLongMessage('GP practice name', LIMITS.gpName),
    });
  if (practiceAddress === '')
    errors.push({ field: 'gpAddress', message: 'Enter the town or address of your GP practice' });
  else if (tooLong(practiceAddress, LIMITS.gpAddress))
    errors.push({
      field: 'gpAddress',
      message: tooLongMessage('GP practice address', LIMITS.gpAddress),
    });
  return result({ registered, practiceName, practiceAddress }, errors);
}

export function parseGender(raw: RawValues): PageResult<SectionValues['gender']> {
  const code = str(raw, 'gender');
  if (!isCode(GENDERS, code))
    return {
      ok: false,
      errors: [choiceError('gender', "Select your gender, or select 'I would prefer not to say'")],
    };
  const description = code === 'other' ? text(raw, 'genderDescription') : '';
  if (tooLong(description, LIMITS.genderDescription))
    return {
      ok: false,
      errors: [
        {
          field: 'genderDescription',
          message: tooLongMessage('Your description', LIMITS.genderDescription),
        },
      ],
    };
  return { ok: true, value: { code, description: description || null } };
}

export function parseEthnicity(raw: RawValues): PageResult<SectionValues['ethnicity']> {
  const code = str(raw, 'ethnicity');
  if (!isCode(ETHNIC_CATEGORIES, code))
    return {
      ok: false,
      errors: [choiceError('ethnicity', "Select your ethnic group, or select 'Not stated'")],
    };
  return { ok: true, value: { code } };
}

export function parseLanguage(raw: RawValues): PageResult<SectionValues['language']> {
  const firstLanguage = text(raw, 'firstLanguage');
  const interpreter = yesNo(raw, 'interpreter');
  const errors: FieldError[] = [];
  if (firstLanguage === '')
    errors.push({ field: 'firstLanguage', message: 'Enter your first language' });
  else if (tooLong(firstLanguage, LIMITS.language))
    errors.push({
      field: 'firstLanguage',
      message: tooLongMessage('First language', LIMITS.language),
    });
  if (interpreter === null)
    errors.push(choiceError('interpreter', 'Select if you need an interpreter'));
  return result({ firstLanguage, interpreter: interpreter ?? false }, errors);
}

export function parseNeeds(raw: RawValues): PageResult<SectionValues['needs']> {
  const chosen = list(raw, 'needs');
  const needs = COMMUNICATION_NEEDS.map((n) => n.code).filter((c) => chosen.includes(c));
  const none = chosen.includes(NO_NEEDS);
  const otherDetails = needs.includes('other') ? longText(raw, 'needsOther') : '';
  const errors: FieldError[] = [];
  if (needs.length === 0 && !none)
    errors.push(
      choiceError(
        'needs',
        "Select any communication or access needs you have, or select 'I do not need any of these'",
      ),
    );
  else if (needs.length > 0 && none)
    errors.push(
      choiceError(
        'needs',
        "Select the needs you have, or select 'I do not need any of these', not both",
      ),
    );
  else if (needs.includes('other') && otherDetails === '')
    errors.push({
      field: 'needsOther',
      message: 'Describe the other communication or access needs you have',
    });
  else if (tooLong(otherDetails, LIMITS.needsOther))
    errors.push({
      field: 'needsOther',
      message: `Describe your other needs in ${formatCount(LIMITS.needsOther)} characters or fewer`,
    });
  return result({ needs, otherDetails: otherDetails || null }, errors);
}

export function parseTroubling(raw: RawValues): PageResult<SectionValues['troubling']> {
  const value = longText(raw, 'troubling');
  if (value === '')
    return {
      ok: false,
      errors: [{ field: 'troubling', message: 'Describe what is troubling you' }],
    };
  if (tooLong(value, LIMITS.troubling))
    return {
      ok: false,
      errors: [
        {
          field: 'troubling',
          message: `Describe what is troubling you in ${formatCount(LIMITS.troubling)} characters or fewer`,
        },
      ],
    };
  return { ok: true, value: { text: value } };
}

export function parseAreas(raw: RawValues): PageResult<SectionValues['areas']> {
  const chosen = list(raw, 'areas');
  const areas = AREA_OPTIONS.map((a) => a.code).filter((c) => chosen.includes(c));
  const notSure = chosen.includes(AREAS_NONE);
  if (areas.length === 0 && !notSure)
    return {
      ok: false,
      errors: [
        choiceError(
          'areas',
          `Select any that fit what is troubling you, or select '${AREAS_NONE_LABEL}'`,
        ),
      ],
    };
  if (areas.length > 0 && notSure)
    return {
      ok: false,
      errors: [
        choiceError('areas', `Select the ones that fit, or select '${AREAS_NONE_LABEL}', not both`),
      ],
    };
  return { ok: true, value: { areas, notSure } };
}

export function parseOtherServices(raw: RawValues): PageResult<SectionValues['otherServices']> {
  const inTouch = yesNo(raw, 'otherServices');
  if (inTouch === null)
    return {
      ok: false,
      errors: [
        choiceError(
          'otherServices',
          'Select yes if you are in touch with other mental health services',
        ),
      ],
    };
  if (!inTouch) return { ok: true, value: { inTouch, details: null } };
  const details = longText(raw, 'otherServicesDetails');
  if (details === '')
    return {
      ok: false,
      errors: [
        {
          field: 'otherServicesDetails',
          message: 'Enter the mental health services you are in touch with',
        },
      ],
    };
  if (tooLong(details, LIMITS.otherServices))
    return {
      ok: false,
      errors: [
        {
          field: 'otherServicesDetails',
          message: `Describe the services in ${formatCount(LIMITS.otherServices)} characters or fewer`,
        },
      ],
    };
  return { ok: true, value: { inTouch, details } };
}

export const REFERRAL_MEASURES = ['phq9', 'gad7', 'wsas'] as const;
export type ReferralMeasureId = (typeof REFERRAL_MEASURES)[number];

/** Radio values arrive as text: numbers become numbers, "not-applicable" stays, blank is missing. */
function answerFrom(value: string): unknown {
  if (value === '') return undefined;
  if (value === NOT_APPLICABLE) return NOT_APPLICABLE;
  return /^\d{1,2}$/.test(value) ? Number(value) : value;
}

export function parseMeasure(
  measureId: ReferralMeasureId,
  raw: RawValues,
): PageResult<MeasureScore> {
  const measure = MEASURES[measureId];
  const answers: Record<string, unknown> = {};
  for (const item of measure.items) {
    const a = answerFrom(str(raw, item.id));
    if (a !== undefined) answers[item.id] = a;
  }
  const scored = scoreQuestionnaire(measureId, answers);
  if (scored.ok) return { ok: true, value: scored.value };
  return {
    ok: false,
    errors: scored.errors.map((e) =>
      choiceError(e.itemId ?? measure.items[0]?.id ?? measureId, e.message),
    ),
  };
}

export function parseRisk(raw: RawValues): PageResult<SectionValues['risk']> {
  const thoughts = yesNo(raw, 'thoughts');
  const plans = yesNo(raw, 'plans');
  const harmOthers = yesNo(raw, 'harmOthers');
  const errors: FieldError[] = [];
  if (thoughts === null)
    errors.push(
      choiceError('thoughts', 'Select yes if you have been having thoughts of ending your life'),
    );
  if (plans === null)
    errors.push(choiceError('plans', 'Select yes if you have made any plans to end your life'));
  if (harmOthers === null)
    errors.push(
      choiceError(
        'harmOthers',
        'Select yes if you have been having thoughts of harming someone else',
      ),
    );
  return result(
    {
      thoughtsOfEndingLife: thoughts ?? false,
      plans: plans ?? false,
      harmOthers: harmOthers ?? false,
    },
    errors,
  );
}

export function parseSessions(raw: RawValues): PageResult<SectionValues['sessions']> {
  const mode = str(raw, 'sessionMode');
  if (!isCode(SESSION_MODES, mode))
    return {
      ok: false,
      errors: [choiceError('sessionMode', 'Select how you would prefer to have your sessions')],
    };
  return { ok: true, value: { mode } };
}

export function parseLocation(
  raw: RawValues,
  ctx: FormContext,
): PageResult<SectionValues['location']> {
  const chosen = str(raw, 'location');
  if (chosen === NO_LOCATION_PREFERENCE) return { ok: true, value: { locationId: null } };
  // Only a location that is still active counts: one closed since the answer must be chosen again.
  if (!ctx.locations.some((l) => l.id === chosen))
    return {
      ok: false,
      errors: [
        choiceError('location', 'Select where you would prefer to have face-to-face sessions'),
      ],
    };
  return { ok: true, value: { locationId: chosen } };
}

export function parseGpConsent(raw: RawValues): PageResult<SectionValues['gpConsent']> {
  const consent = yesNo(raw, 'gpConsent');
  if (consent === null)
    return {
      ok: false,
      errors: [choiceError('gpConsent', 'Select yes if we can contact your GP')],
    };
  return { ok: true, value: { consent } };
}

// ---- the registry ---------------------------------------------------------------------------

export interface PageSpec<K extends SectionKey> {
  key: K;
  /** /refer/<slug> */
  slug: string;
  /** The page title (and, for most pages, the question). */
  title: string;
  /** The form fields this page posts; `multi` for checkbox lists. */
  fields: readonly { name: string; multi?: boolean }[];
  parse(raw: RawValues, ctx: FormContext, earlier: ParsedAnswers): PageResult<SectionValues[K]>;
  /** Pages asked only sometimes (location, GP consent). */
  applies?(earlier: ParsedAnswers, ctx: FormContext): boolean;
}

const f = (...names: string[]) => names.map((name) => ({ name }));
const measureFields = (id: ReferralMeasureId) => f(...MEASURES[id].items.map((i) => i.id));

export const PAGES: { readonly [K in SectionKey]: PageSpec<K> } = {
  name: {
    key: 'name',
    slug: 'name',
    title: 'What is your name?',
    fields: f('givenName', 'familyName'),
    parse: parseName,
  },
  dateOfBirth: {
    key: 'dateOfBirth',
    slug: 'date-of-birth',
    title: 'What is your date of birth?',
    fields: f('dateOfBirth-day', 'dateOfBirth-month', 'dateOfBirth-year'),
    parse: (raw, ctx) => parseDateOfBirth(raw, ctx),
  },
  address: {
    key: 'address',
    slug: 'address',
    title: 'What is your address?',
    fields: f('addressLine1', 'addressLine2', 'addressTown', 'postcode'),
    parse: parseAddress,
  },
  contact: {
    key: 'contact',
    slug: 'contact-details',
    title: 'What are your contact details?',
    fields: f('mobile', 'otherPhone', 'email'),
    parse: parseContact,
  },
  permissions: {
    key: 'permissions',
    slug: 'contact-permissions',
    title: 'Can we leave you messages?',
    fields: f('voicemail', 'texts', 'emails'),
    parse: (raw, _ctx, earlier) => parsePermissions(raw, earlier.contact),
  },
  nhsNumber: {
    key: 'nhsNumber',
    slug: 'nhs-number',
    title: 'What is your NHS number?',
    fields: f('nhsNumber'),
    parse: parseNhsNumber,
  },
  gp: {
    key: 'gp',
    slug: 'gp',
    title: 'Are you registered with a GP practice?',
    fields: f('gpRegistered', 'gpName', 'gpAddress'),
    parse: parseGp,
  },
  gender: {
    key: 'gender',
    slug: 'gender',
    title: 'What is your gender?',
    fields: f('gender', 'genderDescription'),
    parse: parseGender,
  },
  ethnicity: {
    key: 'ethnicity',
    slug: 'ethnicity',
    title: 'What is your ethnic group?',
    fields: f('ethnicity'),
    parse: parseEthnicity,
  },
  language: {
    key: 'language',
    slug: 'language',
    title: 'Your language',
    fields: f('firstLanguage', 'interpreter'),
    parse: parseLanguage,
  },
  needs: {
    key: 'needs',
    slug: 'communication-needs',
    title: 'Do you have any communication or access needs?',
    fields: [{ name: 'needs', multi: true }, { name: 'needsOther' }],
    parse: parseNeeds,
  },
  troubling: {
    key: 'troubling',
    slug: 'what-is-troubling-you',
    title: 'What is troubling you at the moment?',
    fields: f('troubling'),
    parse: parseTroubling,
  },
  areas: {
    key: 'areas',
    slug: 'areas',
    title: 'Do any of these fit what is troubling you?',
    fields: [{ name: 'areas', multi: true }],
    parse: parseAreas,
  },
  otherServices: {
    key: 'otherServices',
    slug: 'other-services',
    title: 'Are you in touch with any other mental health services?',
    fields: f('otherServices', 'otherServicesDetails'),
    parse: parseOtherServices,
  },
  phq9: {
    key: 'phq9',
    slug: 'mood',
    title: MEASURES.phq9.patientTitle,
    fields: measureFields('phq9'),
    parse: (raw) => parseMeasure('phq9', raw),
  },
  gad7: {
    key: 'gad7',
    slug: 'anxiety',
    title: MEASURES.gad7.patientTitle,
    fields: measureFields('gad7'),
    parse: (raw) => parseMeasure('gad7', raw),
  },
  wsas: {
    key: 'wsas',
    slug: 'day-to-day-life',
    title: MEASURES.wsas.patientTitle,
    fields: measureFields('wsas'),
    parse: (raw) => parseMeasure('wsas', raw),
  },
  risk: {
    key: 'risk',
    slug: 'your-safety',
    title: 'Your safety',
    fields: f('thoughts', 'plans', 'harmOthers'),
    parse: parseRisk,
  },
  sessions: {
    key: 'sessions',
    slug: 'sessions',
    title: 'How would you prefer to have your sessions?',
    fields: f('sessionMode'),
    parse: parseSessions,
  },
  location: {
    key: 'location',
    slug: 'location',
    title: 'Where would you prefer to have face-to-face sessions?',
    fields: f('location'),
    parse: (raw, ctx) => parseLocation(raw, ctx),
    applies: (earlier, ctx) =>
      earlier.sessions !== undefined &&
      earlier.sessions.mode !== 'video' &&
      ctx.locations.length > 0,
  },
  gpConsent: {
    key: 'gpConsent',
    slug: 'contact-your-gp',
    title: 'Can we contact your GP about your referral?',
    fields: f('gpConsent'),
    parse: parseGpConsent,
    applies: (earlier) => earlier.gp?.registered === true,
  },
};

/** The order the pages are asked in. */
export const PAGE_ORDER: readonly SectionKey[] = [
  'name',
  'dateOfBirth',
  'address',
  'contact',
  'permissions',
  'nhsNumber',
  'gp',
  'gender',
  'ethnicity',
  'language',
  'needs',
  'troubling',
  'areas',
  'otherServices',
  'phq9',
  'gad7',
  'wsas',
  'risk',
  'sessions',
  'location',
  'gpConsent',
];

export function pageBySlug(slug: string): PageSpec<SectionKey> | undefined {
  return PAGE_ORDER.map((k) => PAGES[k] as PageSpec<SectionKey>).find((p) => p.slug === slug);
}

/** Keeps only the fields a page posts, as strings (or string lists for checkboxes). */
export function pickRaw(key: SectionKey, body: unknown): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const field of PAGES[key].fields) {
    if (field.multi) out[field.name] = strList(body, field.name);
    else out[field.name] = str(body, field.name);
  }
  return out;
}

/**
 * Fields on this page where the edge removed characters that cannot be kept (a NUL, a lone
 * surrogate, a control character): the person is asked to check the answer, shown without them.
 */
export function unsafeAnswerErrors(key: SectionKey, body: unknown): FieldError[] {
  const flagged = new Set(unsafeFields(body));
  return PAGES[key].fields
    .filter((field) => flagged.has(field.name))
    .map((field) => ({
      field: field.name,
      message: 'Your answer had characters we cannot save. We removed them: check your answer',
    }));
}

/** Parses one page in context (typed helper for callers holding a key). */
export function parsePage<K extends SectionKey>(
  key: K,
  raw: RawValues,
  ctx: FormContext,
  earlier: ParsedAnswers,
): PageResult<SectionValues[K]> {
  return PAGES[key].parse(raw, ctx, earlier);
}
