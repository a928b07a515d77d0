import type { LetterContent } from '../../db/schema';
import { formatDate, formatLondonDate, isIsoDate } from '../../domain/calendar';
import { formatUkPhoneNumber } from '../../domain/identifiers';
import { alertHistoryParagraphs } from '../../domain/onward-referral';
import type { DischargeReason } from '../../domain/discharge';
import { URGENT_HELP_TEXT } from '../../domain/risk';

export interface DischargeFacts {
  serviceName: string;
  patient: {
    givenName: string;
    familyName: string;
    dateOfBirth: string;
    nhsNumber: string | null;
    gpPractice: string | null;
    address: string | null;
    /** Kept apart from the address on the record (from the referral); added to it on letters. */
    postcode: string | null;
    /** E.164; on the onward-referral letter, so the receiving service can reach them. */
    mobile?: string | null;
  };
  therapistName: string;
  /**
   * Who discharged, when it was not the course's therapist (a supervisor or a service manager):
   * the letters are theirs, signed with their name and role. Null or absent: the therapist's.
   */
  dischargedBy?: { name: string; role: string } | null;
  reason: DischargeReason;
  reasonLabel: string;
  /** The clinician's note at discharge, for the GP (the patient has their own letter). */
  note?: string;
  /** How the service is reached, once a manager has entered it. */
  serviceContact?: { phoneDisplay: string; email: string } | null;
  /** Risk alerts raised since the referral and what the clinician recorded doing (GP letter). */
  riskAlerts: readonly {
    reason: string;
    raisedAt: Date;
    actionTaken: string | null;
  }[];
  attendedSessions: number;
  plannedSessions: number;
  /** Plain sentences on the outcome measures (first and last scores, recovery), for the GP. */
  outcome: string[];
  /** The same for the patient, in their words: which questionnaire, and which way is better. */
  patientOutcome: string[];
  dischargedAt: Date;
  /** Where they were referred on to at discharge, and when they should hear (H27), or null. */
  referredOnTo?: { service: string; hearWithin: string } | null;
}

const nhsNumberText = (n: string | null) =>
  n && /^\d{10}$/.test(n) ? `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}` : 'not known';

const dobText = (iso: string) => (isIsoDate(iso) ? formatDate(iso) : iso);

/**
 * Sessions attended. A course completed in fewer sessions than planned ended early by agreement,
 * which "8 of 16 planned sessions" would read as dropping out.
 */
const endedEarly = (f: DischargeFacts) =>
  f.reason === 'completed' && f.attendedSessions < f.plannedSessions;
const sessionsWord = (n: number) => (n === 1 ? '1 session' : `${n} sessions`);

function gpAttendanceSentence(f: DischargeFacts): string {
  return endedEarly(f)
    ? `They attended ${sessionsWord(f.attendedSessions)} of interpersonal therapy (IPT) for depression with ${f.therapistName}, and completed treatment before the ${f.plannedSessions} that were planned.`
    : `They attended ${f.attendedSessions} of ${f.plannedSessions} planned sessions of interpersonal therapy (IPT) for depression with ${f.therapistName}.`;
}

function patientAttendanceSentence(f: DischargeFacts): string {
  return endedEarly(f)
    ? `You came to ${sessionsWord(f.attendedSessions)} with ${f.therapistName}, and finished before the ${f.plannedSessions} we had planned.`
    : `You came to ${f.attendedSessions} of ${f.plannedSessions} planned sessions with ${f.therapistName}.`;
}

/** The address as posted: its lines, then the postcode unless a line already has it. */
export function postalAddressLines(address: string | null, postcode: string | null): string[] {
  const lines = (address ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const squash = (text: string) => text.replace(/\s+/g, '').toUpperCase();
  const code = postcode?.trim().toUpperCase() ?? '';
  if (!code || lines.some((l) => squash(l).includes(squash(code)))) return lines;
  return [...lines, code];
}

function patientLines(p: DischargeFacts['patient']): string[] {
  return [`Date of birth: ${dobText(p.dateOfBirth)}`, `NHS number: ${nhsNumberText(p.nhsNumber)}`];
}

/** "on 0113 496 0000 or at leeds@nhs.net", or nothing before the contact is entered. */
function contactWords(f: Pick<DischargeFacts, 'serviceContact'>): string {
  const c = f.serviceContact;
  return c ? ` on ${c.phoneDisplay} or at ${c.email}` : '';
}

/** Risk the GP should know of: every alert raised since the referral, with what was done. */
function riskParagraphs(f: DischargeFacts): string[] {
  return alertHistoryParagraphs(
    f.riskAlerts.map((a) => ({
      reason: a.reason,
      raisedOn: formatLondonDate(a.raisedAt),
      actionTaken: a.actionTaken,
    })),
  );
}

/** Who signs a discharge letter: the therapist, or whoever else discharged, with their role. */
function dischargeSigner(f: DischargeFacts): string[] {
  return f.dischargedBy ? [f.dischargedBy.name, f.dischargedBy.role] : [f.therapistName];
}

/** "Sam Supervisor (Clinical supervisor)", or the therapist's name: who wrote the note. */
function noteAuthor(f: DischargeFacts): string {
  return f.dischargedBy ? `${f.dischargedBy.name} (${f.dischargedBy.role})` : f.therapistName;
}

/** The discharge summary to the GP (sent only with the patient's consent to contact their GP). */
export function gpDischargeLetter(f: DischargeFacts): LetterContent {
  const name = `${f.patient.givenName} ${f.patient.familyName}`;
  const address = postalAddressLines(f.patient.address, f.patient.postcode);
  return {
    serviceName: f.serviceName,
    to: ['The GP', f.patient.gpPractice ?? 'GP practice not known'],
    salutation: 'Dear Doctor',
    heading: `Discharge from interpersonal therapy: ${name}`,
    patientLines: [
      ...patientLines(f.patient),
      ...(address.length > 0 ? [`Address: ${address.join(', ')}`] : []),
    ],
    paragraphs: [
      f.referredOnTo
        ? `${name} has been discharged from ${f.serviceName} on ${formatLondonDate(f.dischargedAt)}. Reason: referred on to ${f.referredOnTo.service}. You have a copy of our referral letter to them.`
        : `${name} has been discharged from ${f.serviceName} on ${formatLondonDate(f.dischargedAt)}. Reason: ${f.reasonLabel.toLowerCase()}.`,
      gpAttendanceSentence(f),
      ...f.outcome,
      ...riskParagraphs(f),
      ...(f.dischargedBy
        ? [
            `${f.dischargedBy.name}, ${f.dischargedBy.role.toLowerCase()}, discharged ${f.patient.givenName} and writes this letter.`,
          ]
        : []),
      ...(f.note?.trim() ? [`From ${noteAuthor(f)}: ${f.note.trim()}`] : []),
      `${f.patient.givenName} has been sent their own letter about their discharge. If you have any questions, please contact ${f.serviceName}${contactWords(f)}.`,
    ],
    signOff: ['Yours sincerely', ...dischargeSigner(f), f.serviceName],
    date: formatLondonDate(f.dischargedAt),
  };
}

/** The patient's copy, in plain words, addressed to them. */
/**
 * Why the sessions ended, as the patient's letter says it: kind words, not the record's label
 * (walk 9: "have ended (completed treatment)").
 */
function patientEndingSentence(reason: DischargeReason, date: string): string {
  switch (reason) {
    case 'completed':
      return `You have finished your course of interpersonal therapy with us. It ended on ${date}.`;
    case 'declined_further':
      return `As you decided, your sessions of interpersonal therapy with us have ended, on ${date}.`;
    case 'moved_away':
      return `As you are moving away from our area, your sessions of interpersonal therapy with us have ended, on ${date}.`;
    case 'dropped_out':
      return `Your sessions of interpersonal therapy with us have ended, on ${date}, as we have not been able to keep in touch with you.`;
    case 'referred_on':
      return `Your sessions of interpersonal therapy with us have ended, on ${date}.`;
  }
}

export function patientDischargeLetter(f: DischargeFacts): LetterContent {
  const name = `${f.patient.givenName} ${f.patient.familyName}`;
  return {
    serviceName: f.serviceName,
    to: [name, ...postalAddressLines(f.patient.address, f.patient.postcode)],
    salutation: `Dear ${f.patient.givenName}`,
    heading: `Your discharge from ${f.serviceName}`,
    patientLines: patientLines(f.patient),
    paragraphs: [
      ...(f.referredOnTo
        ? [
            `Your sessions of interpersonal therapy with us have ended, on ${formatLondonDate(f.dischargedAt)}.`,
            `As we talked about, we have referred you on to ${f.referredOnTo.service}. You have a copy of our letter to them. They should get in touch with you. If you have not heard from them within ${f.referredOnTo.hearWithin}, please contact us.`,
          ]
        : [patientEndingSentence(f.reason, formatLondonDate(f.dischargedAt))]),
      patientAttendanceSentence(f),
      ...f.patientOutcome,
      'If you wrote a staying-well plan with your therapist, it stays in your notebook, which you can still open when you sign in. If things get harder again, you can refer yourself to us again at any time, or talk to your GP.',
      ...(f.serviceContact ? [`You can contact us${contactWords(f)}.`] : []),
      URGENT_HELP_TEXT,
    ],
    signOff: ['With best wishes', ...dischargeSigner(f), f.serviceName],
    date: formatLondonDate(f.dischargedAt),
  };
}

/**
 * What the onward-referral letter says (issue 11, H27): gathered at the assessment, or at a
 * discharge "referred on to another service".
 */
export interface OnwardReferralFacts {
  serviceName: string;
  patient: DischargeFacts['patient'];
  clinicianName: string;
  /** The clinician's role under their name, when it is not plain from the letter (a supervisor or
   * service manager who discharged); null or absent for none. */
  clinicianRole?: string | null;
  receivingService: string;
  /** Where it was made: at the assessment, or at the end of a course of IPT. */
  madeAt: 'assessment' | 'discharge';
  /**
   * The treatment they are referred for, as it reads mid-sentence ("cognitive behavioural therapy
   * (CBT)": used as given, so an acronym keeps its capitals); null when the reason says what is
   * asked for.
   */
  treatmentPhrase: string | null;
  urgencyLabel: string;
  /** From the assessment; null at discharge. */
  presentingProblem: string | null;
  /** Plain sentences on the questionnaire scores (at the assessment, or over the course). */
  scores: string[];
  reason: string;
  discussed: string;
  /** From `onwardRiskParagraphs` or `onwardRiskParagraphsAtDischarge`: names every risk alert. */
  riskParagraphs: string[];
  /** The GP gets a copy only with the patient's consent to contact their GP. */
  copyToGp: boolean;
  writtenAt: Date;
  /** How the receiving service reaches us with questions, once a manager has entered it. */
  serviceContact?: DischargeFacts['serviceContact'];
}

/** The referral to the receiving service, copied to the GP (with consent) and the patient. */
export function onwardReferralLetter(f: OnwardReferralFacts): LetterContent {
  const name = `${f.patient.givenName} ${f.patient.familyName}`;
  const address = postalAddressLines(f.patient.address, f.patient.postcode);
  const copies = [
    ...(f.copyToGp ? [`the GP (${f.patient.gpPractice ?? 'practice not known'})`] : []),
    name,
  ];
  return {
    serviceName: f.serviceName,
    to: [f.receivingService],
    salutation: 'Dear colleague',
    heading: `Referral to ${f.receivingService}${f.treatmentPhrase ? ` for ${f.treatmentPhrase}` : ''}: ${name}`,
    // How to reach them: the receiving service is the one to get in touch (H27).
    patientLines: [
      ...patientLines(f.patient),
      ...(address.length > 0 ? [`Address: ${address.join(', ')}`] : []),
      ...(f.patient.mobile ? [`Mobile: ${formatUkPhoneNumber(f.patient.mobile)}`] : []),
      `Urgency: ${f.urgencyLabel}`,
    ],
    paragraphs: [
      `${
        f.madeAt === 'assessment'
          ? `Thank you for seeing ${name}, whom we assessed at ${f.serviceName} on ${formatLondonDate(f.writtenAt)}.`
          : `Thank you for seeing ${name}, who has had interpersonal therapy (IPT) for depression with us at ${f.serviceName} and was discharged on ${formatLondonDate(f.writtenAt)}.`
      } We are referring them to you${f.treatmentPhrase ? ` for ${f.treatmentPhrase}` : ''}.`,
      ...(f.presentingProblem ? [`Presenting problem: ${f.presentingProblem}.`] : []),
      ...f.scores,
      `Why we are referring them on: ${f.reason}`,
      `What we discussed with ${f.patient.givenName}: ${f.discussed}`,
      ...f.riskParagraphs,
      `Copies of this letter go to ${copies.join(' and ')}. If you have any questions, please contact ${f.serviceName}${contactWords(f)}.`,
    ],
    signOff: [
      'Yours sincerely',
      f.clinicianName,
      ...(f.clinicianRole ? [f.clinicianRole] : []),
      f.serviceName,
    ],
    date: formatLondonDate(f.writtenAt),
  };
}
