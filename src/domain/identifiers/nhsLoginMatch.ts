/**
 * Which patient record an NHS login belongs to (hazard H28: the wrong patient linked to an NHS
 * login). Only a P9 login (identity proved to the highest level) may open clinical content; its
 * NHS number must be valid and name exactly one record, and a date of birth from NHS login must
 * agree with that record. Anything less is no match: a record is never linked on a guess.
 */
import { validateNhsNumber } from './nhsNumber';

export interface NhsLoginIdentity {
  /** Claims as NHS login sends them: `identity_proofing_level`, `nhs_number`, `birthdate`. */
  identityProofingLevel: unknown;
  nhsNumber: unknown;
  birthdate: unknown;
}

export interface CandidateRecord {
  id: string;
  nhsNumber: string | null;
  /** YYYY-MM-DD */
  dateOfBirth: string;
}

export type NhsLoginMatch =
  | { kind: 'match'; patientId: string }
  | { kind: 'needs_p9'; level: string }
  | { kind: 'no_match'; reason: NoMatchReason };

export type NoMatchReason =
  | 'no valid NHS number'
  | 'no record with this NHS number'
  | 'several records with this NHS number'
  | 'date of birth differs';

/** The proven NHS number (10 digits), or null when the login may not open a record at all. */
export function provenNhsNumber(identity: NhsLoginIdentity): string | null {
  if (identity.identityProofingLevel !== 'P9') return null;
  if (typeof identity.nhsNumber !== 'string') return null;
  const checked = validateNhsNumber(identity.nhsNumber);
  return checked.ok ? checked.value : null;
}

/** `candidates` are the service's records found by the NHS number (the caller's query). */
export function matchNhsLogin(
  identity: NhsLoginIdentity,
  candidates: readonly CandidateRecord[],
): NhsLoginMatch {
  const level = identity.identityProofingLevel;
  if (level !== 'P9')
    return { kind: 'needs_p9', level: typeof level === 'string' ? level : 'none' };
  const nhsNumber = provenNhsNumber(identity);
  if (!nhsNumber) return { kind: 'no_match', reason: 'no valid NHS number' };
  const same = candidates.filter((c) => c.nhsNumber?.replace(/[\s-]/g, '') === nhsNumber);
  if (same.length === 0) return { kind: 'no_match', reason: 'no record with this NHS number' };
  // Two records with one NHS number is a duplicate the service must resolve, not a choice to make.
  if (same.length > 1) return { kind: 'no_match', reason: 'several records with this NHS number' };
  const record = same[0] as CandidateRecord;
  if (typeof identity.birthdate === 'string' && identity.birthdate !== record.dateOfBirth)
    return { kind: 'no_match', reason: 'date of birth differs' };
  return { kind: 'match', patientId: record.id };
}

/** "March 1985": enough for a person to know their own record, not a full date to copy. */
export function partialDateOfBirth(isoDate: string): string {
  const [year, month] = isoDate.split('-').map(Number);
  const months = [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ];
  const name = months[(month ?? 0) - 1];
  return name && year ? `${name} ${year}` : 'not known';
}
