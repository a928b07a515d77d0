/**
 * The order of the self-referral: which pages apply, which are done, where "Continue" and
 * "Back" go, what counts as a risk answer, and the referral built from a finished draft.
 * Pure: no I/O, so every rule here is unit-tested.
 */
import { FREQUENCY_OPTIONS, MEASURES, riskInAnswersSoFar } from '../../domain/measures';
import { crisisWordsAsWritten } from '../../domain/community';
import type { FocalArea } from '../../domain/ipt';
import {
  PAGE_ORDER,
  PAGES,
  REFERRAL_MEASURES,
  type FormContext,
  type MeasureScore,
  type ParsedAnswers,
  type RawValues,
  type ReferralMeasureId,
  type SectionKey,
  type SectionValues,
} from './referral.forms';
import {
  COMMUNICATION_NEEDS,
  ETHNIC_CATEGORIES,
  GENDERS,
  labelFor,
  SESSION_MODES,
} from './referral.options';

/** One saved page: what was typed, and when. */
export interface DraftSection {
  values: Record<string, string | string[]>;
  savedAt: string;
}

/** What referral_drafts.answers holds. */
export interface DraftData {
  sections: Partial<Record<SectionKey, DraftSection>>;
  /**
   * Every risk answer ever saved in this draft, even if changed later: a risk answer is never
   * lost, so a referral whose person said yes and then no is still marked urgent.
   */
  riskNoted: string[];
}

export function emptyDraftData(): DraftData {
  return { sections: {}, riskNoted: [] };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads the stored JSON defensively: anything not in the expected shape is left out. */
export function readDraftData(stored: unknown): DraftData {
  const data = emptyDraftData();
  if (!isRecord(stored)) return data;
  if (isRecord(stored.sections)) {
    for (const key of PAGE_ORDER) {
      const section = stored.sections[key];
      if (!isRecord(section) || !isRecord(section.values) || typeof section.savedAt !== 'string')
        continue;
      const values: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(section.values)) {
        if (typeof v === 'string') values[k] = v;
        else if (Array.isArray(v)) values[k] = v.filter((x): x is string => typeof x === 'string');
      }
      data.sections[key] = { values, savedAt: section.savedAt };
    }
  }
  if (Array.isArray(stored.riskNoted))
    data.riskNoted = stored.riskNoted.filter((x): x is string => typeof x === 'string');
  return data;
}

export type PageStatus = 'skip' | 'missing' | 'invalid' | 'blocked' | 'complete';

export interface Evaluation {
  parsed: ParsedAnswers;
  status: Record<SectionKey, PageStatus>;
  /** The first page that applies and is not done; null when the referral can be sent. */
  firstIncomplete: SectionKey | null;
}

export function evaluate(data: DraftData, ctx: FormContext): Evaluation {
  const parsed: ParsedAnswers = {};
  const status = {} as Record<SectionKey, PageStatus>;
  let firstIncomplete: SectionKey | null = null;
  for (const key of PAGE_ORDER) {
    const spec = PAGES[key];
    if (spec.applies && !spec.applies(parsed, ctx)) {
      status[key] = 'skip';
      continue;
    }
    const raw: RawValues | undefined = data.sections[key]?.values;
    if (!raw) status[key] = 'missing';
    else {
      const result = spec.parse(raw, ctx, parsed);
      if (!result.ok) status[key] = 'invalid';
      else if (result.blocked) status[key] = 'blocked';
      else {
        status[key] = 'complete';
        (parsed as Record<SectionKey, unknown>)[key] = result.value;
      }
    }
    if (status[key] !== 'complete' && firstIncomplete === null) firstIncomplete = key;
  }
  return { parsed, status, firstIncomplete };
}

/** The first unfinished page before this one, which must be answered first. */
export function firstIncompleteBefore(key: SectionKey, ev: Evaluation): SectionKey | null {
  const index = PAGE_ORDER.indexOf(key);
  const first = ev.firstIncomplete;
  return first !== null && PAGE_ORDER.indexOf(first) < index ? first : null;
}

/** Where "Continue" goes: the next page that applies, or the check page. */
export function nextAfter(key: SectionKey, ev: Evaluation): SectionKey | 'check' {
  const index = PAGE_ORDER.indexOf(key);
  return PAGE_ORDER.slice(index + 1).find((k) => ev.status[k] !== 'skip') ?? 'check';
}

/** Where "Back" goes: the previous page that applies, or null for the start page. */
export function previousBefore(key: SectionKey | 'check', ev: Evaluation): SectionKey | null {
  const index = key === 'check' ? PAGE_ORDER.length : PAGE_ORDER.indexOf(key);
  return (
    PAGE_ORDER.slice(0, index)
      .reverse()
      .find((k) => ev.status[k] !== 'skip') ?? null
  );
}

// ---- risk -----------------------------------------------------------------------------------

const PHQ9_RISK_ITEM = (() => {
  const item = MEASURES.phq9.riskItem;
  // The PHQ-9 always names item 9 as its risk item; a missing one is a broken instrument table.
  if (!item) throw new Error('PHQ-9 has no risk item');
  return item;
})();

function phq9RiskNote(item9: number): string {
  const label = FREQUENCY_OPTIONS.find((o) => o.value === item9)?.label ?? String(item9);
  return `PHQ-9 item 9 answered '${label}'`;
}

function safetyRiskNotes(risk: SectionValues['risk']): string[] {
  const out: string[] = [];
  if (risk.thoughtsOfEndingLife) out.push('said yes to thoughts of ending their life');
  if (risk.plans) out.push('said yes to having made plans to end their life');
  if (risk.harmOthers) out.push('said yes to thoughts of harming someone else');
  return out;
}

/**
 * Words of crisis written in a free-text answer (the community's list, hazard H20): a person may
 * write "I want to die" about what is troubling them and answer no to the safety questions
 * (walk 8). They count as a risk answer, quoted as written.
 */
function crisisWordsNote(text: string | null | undefined, where: string): string[] {
  const words = text ? crisisWordsAsWritten(text) : [];
  return words.length > 0 ? [`wrote ${words.map((w) => `“${w}”`).join(', ')} in ${where}`] : [];
}

/** Plain descriptions, for staff, of the risk answers on a page (empty when none). */
export function riskDescriptions(parsed: ParsedAnswers): string[] {
  const out: string[] = [];
  out.push(...crisisWordsNote(parsed.troubling?.text, 'what is troubling them'));
  out.push(
    ...crisisWordsNote(parsed.otherServices?.details, 'the services they are in touch with'),
  );
  const item9 = parsed.phq9?.answers[PHQ9_RISK_ITEM.itemId];
  if (parsed.phq9?.riskFlag && typeof item9 === 'number') out.push(phq9RiskNote(item9));
  if (parsed.risk) out.push(...safetyRiskNotes(parsed.risk));
  return out;
}

/**
 * The risk answers on a page as sent, when the page could not be saved whole (a question left
 * out): a risk answer counts whether or not the rest of the page is done, as in the
 * questionnaires before a session (hazard H1). Only an answer of one of the page's own options
 * counts; anything else is ignored.
 */
export function riskDescriptionsSoFar(key: SectionKey, raw: RawValues): string[] {
  if (key === 'phq9') {
    const item9 = riskInAnswersSoFar(MEASURES.phq9, raw);
    return item9 ? [phq9RiskNote(item9.value)] : [];
  }
  const text = (field: string) => {
    const value = raw[field];
    return typeof value === 'string' ? value : null;
  };
  if (key === 'troubling') return crisisWordsNote(text('troubling'), 'what is troubling them');
  if (key === 'otherServices')
    return crisisWordsNote(text('otherServicesDetails'), 'the services they are in touch with');
  if (key === 'risk')
    return safetyRiskNotes({
      thoughtsOfEndingLife: raw.thoughts === 'yes',
      plans: raw.plans === 'yes',
      harmOthers: raw.harmOthers === 'yes',
    });
  return [];
}

/** The pages whose answers can show a risk: saving one with a risk answer shows urgent help next. */
export const RISK_PAGES: readonly SectionKey[] = ['troubling', 'otherServices', 'phq9', 'risk'];

/**
 * The reason on the risk alert: the answers as sent, then any risk answer given earlier and
 * changed since. Null when there is no risk answer at all.
 */
export function riskReason(current: readonly string[], noted: readonly string[]): string | null {
  const earlier = noted.filter((n) => !current.includes(n));
  const parts = [...current, ...earlier.map((n) => `${n} (an earlier answer, since changed)`)];
  return parts.length > 0 ? `Self-referral: ${parts.join('; ')}` : null;
}

/**
 * The reason on the alert for a draft left unsent with risk answers (hazard H14): who, what they
 * answered, and how to reach them, because the draft itself is deleted at its expiry. Null when
 * the draft has no risk answer or no way to contact the person (nobody could act on it).
 */
export function unsentRiskReason(data: DraftData, ctx: FormContext): string | null {
  const { parsed } = evaluate(data, ctx);
  const current = riskDescriptions(parsed);
  const noted = [...new Set([...current, ...data.riskNoted])];
  if (noted.length === 0) return null;
  const contact = parsed.contact;
  const ways = [
    contact?.mobile ? `mobile ${contact.mobile.national}` : null,
    contact?.otherPhone ? `other phone ${contact.otherPhone.national}` : null,
    contact?.email ? `email ${contact.email}` : null,
  ].filter((w): w is string => w !== null);
  if (ways.length === 0) return null;
  const who = parsed.name ? `${parsed.name.givenName} ${parsed.name.familyName}` : 'Someone';
  const voicemail =
    parsed.permissions === undefined
      ? 'not asked about voicemail'
      : parsed.permissions.voicemail
        ? 'voicemail allowed'
        : 'no voicemail';
  const answers = noted
    .map((n) => (current.includes(n) ? n : `${n} (an earlier answer, since changed)`))
    .join('; ');
  return (
    `Self-referral NOT SENT: ${who} gave risk answers and has not sent the form: ${answers}. ` +
    `Contact: ${ways.join('; ')} (${voicemail}).`
  );
}

// ---- the referral ---------------------------------------------------------------------------

/** Every answer as given, as stored in referrals.answers for the clinician reading it. */
export interface SubmittedAnswers {
  version: 1;
  name: SectionValues['name'];
  dateOfBirth: string;
  address: { line1: string; line2: string | null; town: string; postcode: string };
  contact: {
    mobile: string | null;
    mobileDisplay: string | null;
    otherPhone: string | null;
    otherPhoneDisplay: string | null;
    email: string | null;
  };
  permissions: SectionValues['permissions'];
  nhsNumber: string | null;
  gp: SectionValues['gp'];
  gender: { code: string; label: string; description: string | null };
  ethnicity: { code: string; label: string };
  language: SectionValues['language'];
  communicationNeeds: { needs: { code: string; label: string }[]; otherDetails: string | null };
  troubling: string;
  focalAreas: { areas: FocalArea[]; notSure: boolean };
  otherServices: SectionValues['otherServices'];
  risk: SectionValues['risk'] & { phq9Item9: number; earlierRiskAnswers: string[] };
  sessions: {
    mode: string;
    modeLabel: string;
    locationId: string | null;
    locationName: string | null;
  };
  /** Null when the person is not registered with a GP (the question was not asked). */
  gpConsent: boolean | null;
}

export interface SubmittedMeasure {
  measureId: ReferralMeasureId;
  score: MeasureScore;
  completedAt: Date;
}

export interface ReferralSubmission {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  postcode: string;
  nhsNumber: string | null;
  email: string | null;
  mobile: string | null;
  answers: SubmittedAnswers;
  measures: SubmittedMeasure[];
  urgent: boolean;
  riskReason: string | null;
  /** Where a confirmation may go: only channels the person allowed. */
  confirmTo: { sms: string | null; email: string | null };
}

/** The referral from a finished draft; null if any page that applies is not done. */
export function buildSubmission(
  data: DraftData,
  ev: Evaluation,
  ctx: FormContext,
  now: Date,
): ReferralSubmission | null {
  if (ev.firstIncomplete !== null) return null;
  const p = ev.parsed;
  const { name, dateOfBirth, address, contact, permissions, nhsNumber, gp } = p;
  const { gender, ethnicity, language, needs, troubling, areas, otherServices, risk } = p;
  const { phq9, sessions } = p;
  if (
    !name ||
    !dateOfBirth ||
    !address ||
    !contact ||
    !permissions ||
    !nhsNumber ||
    !gp ||
    !gender ||
    !ethnicity ||
    !language ||
    !needs ||
    !troubling ||
    !areas ||
    !otherServices ||
    !risk ||
    !phq9 ||
    !sessions
  )
    return null;

  const measures: SubmittedMeasure[] = [];
  for (const id of REFERRAL_MEASURES) {
    const score = p[id];
    const savedAt = data.sections[id]?.savedAt;
    if (!score) return null;
    measures.push({ measureId: id, score, completedAt: savedAt ? new Date(savedAt) : now });
  }
  const location = p.location?.locationId
    ? ctx.locations.find((l) => l.id === p.location?.locationId)
    : undefined;
  const current = riskDescriptions(p);
  const reason = riskReason(current, data.riskNoted);
  const item9 = phq9.answers[PHQ9_RISK_ITEM.itemId];

  const answers: SubmittedAnswers = {
    version: 1,
    name,
    dateOfBirth: dateOfBirth.dateOfBirth,
    address: { ...address, line2: address.line2 || null },
    contact: {
      mobile: contact.mobile?.value ?? null,
      mobileDisplay: contact.mobile?.national ?? null,
      otherPhone: contact.otherPhone?.value ?? null,
      otherPhoneDisplay: contact.otherPhone?.national ?? null,
      email: contact.email,
    },
    permissions,
    nhsNumber: nhsNumber.nhsNumber,
    gp,
    gender: {
      code: gender.code,
      label: labelFor(GENDERS, gender.code) ?? gender.code,
      description: gender.description,
    },
    ethnicity: {
      code: ethnicity.code,
      label: labelFor(ETHNIC_CATEGORIES, ethnicity.code) ?? ethnicity.code,
    },
    language,
    communicationNeeds: {
      needs: needs.needs.map((code) => ({
        code,
        label: labelFor(COMMUNICATION_NEEDS, code) ?? code,
      })),
      otherDetails: needs.otherDetails,
    },
    troubling: troubling.text,
    focalAreas: areas,
    otherServices,
    risk: {
      ...risk,
      phq9Item9: typeof item9 === 'number' ? item9 : 0,
      earlierRiskAnswers: data.riskNoted.filter((n) => !current.includes(n)),
    },
    sessions: {
      mode: sessions.mode,
      modeLabel: labelFor(SESSION_MODES, sessions.mode) ?? sessions.mode,
      locationId: location?.id ?? null,
      locationName: location?.name ?? null,
    },
    gpConsent: p.gpConsent?.consent ?? null,
  };

  return {
    givenName: name.givenName,
    familyName: name.familyName,
    dateOfBirth: dateOfBirth.dateOfBirth,
    postcode: address.postcode,
    nhsNumber: nhsNumber.nhsNumber,
    email: contact.email,
    mobile: contact.mobile?.value ?? null,
    answers,
    measures,
    urgent: reason !== null,
    riskReason: reason,
    confirmTo: {
      sms: permissions.texts && contact.mobile ? contact.mobile.value : null,
      email: permissions.email && contact.email ? contact.email : null,
    },
  };
}
