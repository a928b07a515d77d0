/**
 * The one place that reads `referrals.answers` (jsonb written by the public self-referral form in
 * src/features/referral/). That form owns the keys; everything here is defensive, so a missing,
 * renamed or oddly typed answer reads as "not given" rather than breaking triage.
 *
 * Keys relied on (name, date of birth, postcode, NHS number, email and mobile come from the
 * referral's own columns, not from here):
 *
 * - address: a string, or an object of lines ({ line1, line2, town, county, … }), or flat keys
 *   `addressLine1`, `addressLine2`, `townOrCity` (also `town`, `city`, `county`).
 * - gpPractice: a string (also read: `gpPracticeName`, `gpSurgery`, `gpName`, `gp`), or an object
 *   with `name` and optional `address` / `postcode`.
 * - allowEmail, allowSms, allowVoicemail: true / "yes" / "true" / "on"; or, instead, a list in
 *   `contactMethods` (also `contactPreferences`, `contact`) holding "email", "sms" or "text",
 *   and "voicemail".
 * - risk answers: any key whose name mentions risk, harm, suicide, safety or crisis, and PHQ-9
 *   question 9 (`phq9_9`), at any depth. These are shown prominently; every answer is shown too.
 */
import { formatDate, isIsoDate } from '../../domain/calendar';
import {
  getMeasure,
  isMeasureId,
  optionsFor,
  type Measure,
  type MeasureItem,
} from '../../domain/measures';

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

function first(answers: Answers, keys: readonly string[]): unknown {
  for (const key of keys) if (Object.hasOwn(answers, key)) return answers[key];
  return undefined;
}

function yes(value: unknown): boolean {
  if (value === true) return true;
  if (typeof value === 'string') return ['yes', 'true', 'on', 'y'].includes(value.toLowerCase());
  return false;
}

function lines(parts: unknown[]): string | null {
  const kept = parts.map(text).filter((p): p is string => p !== null);
  return kept.length > 0 ? kept.join(', ') : null;
}

function readAddress(answers: Answers): string | null {
  const value = answers.address;
  if (typeof value === 'string') return text(value);
  if (isRecord(value)) return lines(Object.values(value));
  if (Array.isArray(value)) return lines(value);
  return lines([
    answers.addressLine1,
    answers.addressLine2,
    answers.addressLine3,
    first(answers, ['townOrCity', 'town', 'city']),
    answers.county,
  ]);
}

function readGp(answers: Answers): string | null {
  const value = first(answers, ['gpPractice', 'gpPracticeName', 'gpSurgery', 'gpName', 'gp']);
  if (isRecord(value)) return lines([value.name, value.address, value.postcode]);
  return text(value);
}

function readChannels(
  answers: Answers,
): Pick<ReferralContactAnswers, 'allowEmail' | 'allowSms' | 'allowVoicemail'> {
  const list = first(answers, ['contactMethods', 'contactPreferences', 'contact']);
  const chosen = new Set(
    (Array.isArray(list) ? list : typeof list === 'string' ? [list] : [])
      .filter((v): v is string => typeof v === 'string')
      .map((v) => v.toLowerCase()),
  );
  return {
    allowEmail: yes(answers.allowEmail) || chosen.has('email'),
    allowSms: yes(answers.allowSms) || chosen.has('sms') || chosen.has('text'),
    allowVoicemail: yes(answers.allowVoicemail) || chosen.has('voicemail'),
  };
}

/** What triage copies onto a new patient record. Never throws, whatever the jsonb holds. */
export function readReferralContact(answers: unknown): ReferralContactAnswers {
  const a = isRecord(answers) ? answers : {};
  return { address: readAddress(a), gpPractice: readGp(a), ...readChannels(a) };
}

// ---- Showing every answer ---------------------------------------------------------------------

export interface AnswerRow {
  /** Stable and unique, for React keys. */
  key: string;
  label: string;
  value: string;
  risk: boolean;
}

/** Labels for the keys we expect; anything else is turned from camelCase into words. */
const LABELS: Readonly<Record<string, string>> = {
  givenName: 'First name',
  familyName: 'Last name',
  dateOfBirth: 'Date of birth',
  postcode: 'Postcode',
  nhsNumber: 'NHS number',
  email: 'Email address',
  mobile: 'Mobile phone number',
  phone: 'Phone number',
  address: 'Address',
  gpPractice: 'GP practice',
  allowEmail: 'We may email them',
  allowSms: 'We may send text messages',
  allowVoicemail: 'We may leave voicemail messages',
  contactMethods: 'Ways we may contact them',
};

const RISK_KEY = /risk|harm|suicid|safe|crisis|kill|end.?(?:your|my|their).?life/i;

function humanise(key: string): string {
  const words = key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function measureItem(key: string): { measure: Measure; item: MeasureItem } | null {
  const match = /^([a-z_]+?)_(\d+)$/.exec(key);
  const measure = match ? getMeasure(match[1]!) : undefined;
  const item = measure?.items.find((i) => i.id === key);
  return measure && item ? { measure, item } : null;
}

function formatValue(key: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return 'Not answered';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  const found = measureItem(key);
  if (found && typeof value === 'number') {
    const option = optionsFor(found.measure, found.item).find((o) => o.value === value);
    return option ? `${option.label} (${value})` : String(value);
  }
  if (found && value === found.item.notApplicableOption?.value)
    return found.item.notApplicableOption.label;
  if (typeof value === 'string') return isIsoDate(value) ? formatDate(value) : value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value))
    return value.length === 0 ? 'None' : value.map((v) => formatValue('', v)).join(', ');
  return JSON.stringify(value);
}

function labelFor(key: string): string {
  const found = measureItem(key);
  if (found) return `${found.measure.shortTitle} question ${found.item.number}: ${found.item.text}`;
  return LABELS[key] ?? humanise(key);
}

function isRiskAnswer(key: string, value: unknown): boolean {
  if (key === 'phq9_9') return typeof value === 'number' && value > 0;
  return RISK_KEY.test(key);
}

/**
 * Every answer as plain label/value text, in the order given, nested objects flattened with
 * their parent's label (a nested questionnaire keeps its own item wording instead).
 */
export function answerRows(answers: unknown): AnswerRow[] {
  const rows: AnswerRow[] = [];
  const walk = (obj: Answers, path: string, prefix: string, inheritedRisk: boolean) => {
    for (const [key, value] of Object.entries(obj)) {
      const risk = inheritedRisk || isRiskAnswer(key, value);
      const label = labelFor(key);
      const full = prefix && !measureItem(key) ? `${prefix}: ${label}` : label;
      if (isRecord(value) && key !== 'address' && key !== 'gpPractice') {
        walk(value, `${path}${key}.`, isMeasureId(key) ? '' : full, risk);
      } else {
        const shown =
          key === 'address'
            ? (readAddress(obj) ?? 'Not answered')
            : key === 'gpPractice'
              ? (readGp(obj) ?? 'Not answered')
              : formatValue(key, value);
        rows.push({ key: `${path}${key}`, label: full, value: shown, risk });
      }
    }
  };
  if (isRecord(answers)) walk(answers, '', '', false);
  return rows;
}
