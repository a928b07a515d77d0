/**
 * The one place triage reads `referrals.answers`, the jsonb the public self-referral form writes
 * (src/features/referral/referral.flow.ts, `SubmittedAnswers`, version 1). That form owns the
 * keys; everything here is defensive, so a missing, renamed or oddly typed answer reads as "not
 * given" rather than breaking triage, and an answer we have no label for is still shown.
 *
 * Keys relied on (name, date of birth, postcode, NHS number, email and mobile are read from the
 * referral's own columns, not from here):
 *
 * - `address`: { line1, line2, town, postcode } (also read: a plain string, or flat
 *   `addressLine1`, `addressLine2`, `addressTown`).
 * - `gp`: { registered, practiceName, practiceAddress } (also read: a `gpPractice` string).
 * - `permissions`: { email, texts, voicemail }, each true, false or null (not asked). Only true
 *   allows the channel. (Also read: flat `allowEmail`, `allowSms`, `allowVoicemail`.)
 * - `risk`: { thoughtsOfEndingLife, plans, harmOthers, phq9Item9, earlierRiskAnswers }: shown
 *   prominently; so is any other key that mentions risk, harm, suicide or safety.
 */
import { formatDate, isIsoDate } from '../../domain/calendar';
import { FOCAL_AREAS } from '../../domain/ipt';

export interface ReferralContactAnswers {
  address: string | null;
  gpPractice: string | null;
  allowEmail: boolean;
  allowSms: boolean;
  allowVoicemail: boolean;
}

type Answers = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is Answers {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function lines(parts: readonly unknown[], separator = ', '): string | null {
  const kept = parts.map(text).filter((p): p is string => p !== null);
  return kept.length > 0 ? kept.join(separator) : null;
}

function yes(value: unknown): boolean {
  if (value === true) return true;
  return typeof value === 'string' && ['yes', 'true', 'on'].includes(value.toLowerCase());
}

/**
 * An address object without the postcode (the patient record keeps that apart): one line to read
 * on a page, or a line for each part for the record, as letters print it and its form asks for.
 */
function addressLine(value: unknown, answers: Answers = {}, separator = ', '): string | null {
  if (typeof value === 'string') return text(value);
  if (isRecord(value))
    return lines(
      [value.line1, value.line2, value.line3, value.town ?? value.city, value.county],
      separator,
    );
  return lines([answers.addressLine1, answers.addressLine2, answers.addressTown], separator);
}

function gpLine(value: unknown, answers: Answers = {}): string | null {
  if (isRecord(value)) {
    if (value.registered === false) return null;
    return lines([value.practiceName ?? value.name, value.practiceAddress ?? value.address]);
  }
  return text(answers.gpPractice);
}

/** What triage copies onto a new patient record. Never throws, whatever the jsonb holds. */
export function readReferralContact(answers: unknown): ReferralContactAnswers {
  const a = isRecord(answers) ? answers : {};
  const p = isRecord(a.permissions) ? a.permissions : {};
  return {
    address: addressLine(a.address, a, '\n'),
    gpPractice: gpLine(a.gp, a),
    allowEmail: yes(p.email) || yes(a.allowEmail),
    allowSms: yes(p.texts) || yes(a.allowSms),
    allowVoicemail: yes(p.voicemail) || yes(a.allowVoicemail),
  };
}

// ---- Showing every answer ---------------------------------------------------------------------

export interface AnswerRow {
  /** The answer's path in the jsonb: stable and unique, for React keys. */
  key: string;
  label: string;
  value: string;
  /** A risk answer, shown again at the top of the referral. */
  risk: boolean;
}

/** Labels by path first (the same key means different things in different places), then key. */
const LABELS: Readonly<Record<string, string>> = {
  name: 'Name',
  givenName: 'First name',
  familyName: 'Last name',
  dateOfBirth: 'Date of birth',
  address: 'Address',
  postcode: 'Postcode',
  contact: 'Contact details',
  mobile: 'Mobile phone',
  otherPhone: 'Other phone',
  'contact.email': 'Email address',
  permissions: 'We may contact them by',
  'permissions.email': 'Email',
  'permissions.texts': 'Text message',
  'permissions.voicemail': 'Voicemail',
  nhsNumber: 'NHS number',
  gp: 'GP',
  'gp.registered': 'Registered with a GP practice',
  'gp.practiceName': 'Practice name',
  'gp.practiceAddress': 'Practice address',
  gender: 'Gender',
  ethnicity: 'Ethnic group',
  language: 'Language',
  firstLanguage: 'First language',
  interpreter: 'Needs an interpreter',
  communicationNeeds: 'Communication and access needs',
  'communicationNeeds.needs': 'Needs',
  'communicationNeeds.otherDetails': 'Other needs',
  troubling: 'What is troubling them',
  focalAreas: 'What fits what is troubling them',
  'focalAreas.areas': 'Areas',
  'focalAreas.notSure': 'None of these, or not sure',
  otherServices: 'Other mental health services',
  'otherServices.inTouch': 'In touch with other services',
  'otherServices.details': 'Details',
  risk: 'Safety',
  'risk.thoughtsOfEndingLife': 'Thoughts of ending their life',
  'risk.plans': 'Made plans to end their life',
  'risk.harmOthers': 'Thoughts of harming someone else',
  'risk.phq9Item9': 'PHQ-9 question 9 (thoughts of being better off dead or of self-harm), 0 to 3',
  'risk.earlierRiskAnswers': 'Risk answers given earlier, then changed',
  sessions: 'Sessions',
  'sessions.mode': 'Preferred way to have sessions',
  'sessions.locationName': 'Preferred location',
  gpConsent: 'Agreed we may contact their GP',
};

/**
 * The order answers are shown in: the order the form asks them. jsonb does not keep key order,
 * so rows are sorted by this list (any key, at any depth); keys not listed follow, A to Z.
 */
const ORDER = [
  'name',
  'givenName',
  'familyName',
  'dateOfBirth',
  'address',
  'contact',
  'mobile',
  'otherPhone',
  'email',
  'permissions',
  'texts',
  'voicemail',
  'nhsNumber',
  'gp',
  'registered',
  'practiceName',
  'practiceAddress',
  'gender',
  'ethnicity',
  'language',
  'firstLanguage',
  'interpreter',
  'communicationNeeds',
  'needs',
  'otherDetails',
  'troubling',
  'focalAreas',
  'areas',
  'notSure',
  'otherServices',
  'inTouch',
  'details',
  'risk',
  'thoughtsOfEndingLife',
  'plans',
  'harmOthers',
  'phq9Item9',
  'earlierRiskAnswers',
  'sessions',
  'mode',
  'locationName',
  'gpConsent',
];

function inFormOrder(obj: Answers): [string, unknown][] {
  const rank = (key: string) => {
    const i = ORDER.indexOf(key);
    return i === -1 ? ORDER.length : i;
  };
  return Object.entries(obj).sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Stored alongside a readable twin, or internal: not shown. */
const HIDDEN = new Set(['version', 'sessions.locationId']);

const RISK_KEY = /risk|harm|suicid|safe|crisis|endingLife|end.?(?:your|my|their).?life/i;

function humanise(key: string): string {
  const words = key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const FOCAL_AREA_NAMES = new Map<string, string>(FOCAL_AREAS.map((a) => [a.id, a.clinicalName]));

function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return 'Not answered';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string')
    return isIsoDate(value) ? formatDate(value) : (FOCAL_AREA_NAMES.get(value) ?? value);
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value))
    return value.length === 0 ? 'None' : value.map((v) => formatValue(v)).join(', ');
  if (isRecord(value) && typeof value.label === 'string')
    return typeof value.description === 'string' && value.description
      ? `${value.label}: ${value.description}`
      : value.label;
  return isRecord(value)
    ? Object.entries(value)
        .map(([k, v]) => `${humanise(k)}: ${formatValue(v)}`)
        .join('; ')
    : // Answers are stored as JSON: nothing else can be here.
      'Not answered';
}

/**
 * Every answer as plain label and value text, in the order the form asks them. Nested sections are flattened
 * under their heading ("GP: Practice name"); `{ code, label }` choices show their label; a value
 * with a readable twin (`mobile` and `mobileDisplay`, `mode` and `modeLabel`) shows the twin.
 */
export function answerRows(answers: unknown): AnswerRow[] {
  const rows: AnswerRow[] = [];
  const walk = (obj: Answers, path: string, heading: string, inheritedRisk: boolean) => {
    for (const [key, value] of inFormOrder(obj)) {
      const at = `${path}${key}`;
      if (HIDDEN.has(at) || /(Display|Label)$/.test(key)) continue;
      const label = LABELS[at] ?? LABELS[key] ?? humanise(key);
      const full = heading ? `${heading}: ${label}` : label;
      const risk = inheritedRisk || RISK_KEY.test(key);
      const twin = obj[`${key}Display`] ?? obj[`${key}Label`];
      if (key === 'address' && isRecord(value)) {
        rows.push({ key: at, label: full, value: addressLine(value) ?? 'Not answered', risk });
      } else if (isRecord(value) && typeof value.label !== 'string') {
        walk(value, `${at}.`, full, risk);
      } else {
        rows.push({
          key: at,
          label: full,
          value: typeof twin === 'string' && twin ? twin : formatValue(value),
          risk,
        });
      }
    }
  };
  if (isRecord(answers)) walk(answers, '', '', false);
  return rows;
}

/**
 * Whether the person agreed in their referral that we may contact their GP (`gpConsent`:
 * { consent } or true). Anything else reads as no: the GP hears from us only with a yes.
 */
export function gpConsentGiven(answers: unknown): boolean {
  const a = isRecord(answers) ? answers : {};
  const v = a.gpConsent;
  if (v === true) return true;
  return isRecord(v) && v.consent === true;
}

/** The access and communication need codes the person gave (`communicationNeeds.needs[].code`). */
export function readAccessNeeds(answers: unknown): string[] {
  const a = isRecord(answers) ? answers : {};
  const needs = isRecord(a.communicationNeeds) ? a.communicationNeeds.needs : undefined;
  if (!Array.isArray(needs)) return [];
  return needs.flatMap((n: unknown) =>
    isRecord(n) && typeof n.code === 'string' ? [n.code] : typeof n === 'string' ? [n] : [],
  );
}

/** What "Something else" (the `other` need) is, as the person wrote it; null when not given. */
export function readAccessNeedsOther(answers: unknown): string | null {
  const a = isRecord(answers) ? answers : {};
  const other = isRecord(a.communicationNeeds) ? a.communicationNeeds.otherDetails : undefined;
  return typeof other === 'string' &&
    other.trim() !== '' &&
    readAccessNeeds(answers).includes('other')
    ? other.trim()
    : null;
}

/** The place the person would prefer for face-to-face sessions (`sessions.locationId`), if any. */
export function preferredLocationId(answers: unknown): string | null {
  const a = isRecord(answers) ? answers : {};
  const id = isRecord(a.sessions) ? a.sessions.locationId : undefined;
  return typeof id === 'string' && id !== '' ? id : null;
}
