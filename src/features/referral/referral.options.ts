/**
 * The answer options offered on the self-referral pages. Codes are stored with the referral, so
 * they are stable; labels are what the person sees and what staff read back.
 */
import { ACCESS_NEEDS } from '../../domain/appointments';
import { FOCAL_AREAS, type FocalArea } from '../../domain/ipt';

export interface Option<Code extends string = string> {
  readonly code: Code;
  readonly label: string;
  readonly hint?: string;
}

export const YES_NO = ['yes', 'no'] as const;
export type YesNo = (typeof YES_NO)[number];

export const GENDERS = [
  { code: 'female', label: 'Female' },
  { code: 'male', label: 'Male' },
  { code: 'non_binary', label: 'Non-binary' },
  { code: 'other', label: 'I describe my gender another way' },
  { code: 'not_stated', label: 'I would prefer not to say' },
] as const satisfies readonly Option[];
export type GenderCode = (typeof GENDERS)[number]['code'];

/**
 * NHS Data Dictionary "Ethnic category" codes A to S (2001 census groups), and Z "Not stated".
 * The letters I, O and Q are not used by the standard.
 */
export const ETHNIC_CATEGORIES = [
  { code: 'A', label: 'White – British' },
  { code: 'B', label: 'White – Irish' },
  { code: 'C', label: 'White – any other White background' },
  { code: 'D', label: 'Mixed – White and Black Caribbean' },
  { code: 'E', label: 'Mixed – White and Black African' },
  { code: 'F', label: 'Mixed – White and Asian' },
  { code: 'G', label: 'Mixed – any other mixed background' },
  { code: 'H', label: 'Asian or Asian British – Indian' },
  { code: 'J', label: 'Asian or Asian British – Pakistani' },
  { code: 'K', label: 'Asian or Asian British – Bangladeshi' },
  { code: 'L', label: 'Asian or Asian British – any other Asian background' },
  { code: 'M', label: 'Black or Black British – Caribbean' },
  { code: 'N', label: 'Black or Black British – African' },
  { code: 'P', label: 'Black or Black British – any other Black background' },
  { code: 'R', label: 'Other ethnic groups – Chinese' },
  { code: 'S', label: 'Other ethnic groups – any other ethnic group' },
  { code: 'Z', label: 'Not stated – I would prefer not to say' },
] as const satisfies readonly Option[];
export type EthnicCategoryCode = (typeof ETHNIC_CATEGORIES)[number]['code'];

/** Accessible Information Standard: how the person needs information, and access to buildings. */
export const COMMUNICATION_NEEDS = ACCESS_NEEDS satisfies readonly Option[];
export type CommunicationNeedCode = (typeof COMMUNICATION_NEEDS)[number]['code'];
export const NO_NEEDS = 'none';

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The four IPT focal areas in the patient's words (domain/ipt), as checkbox options. */
export const AREA_OPTIONS: readonly Option<FocalArea>[] = FOCAL_AREAS.map((area) => ({
  code: area.id,
  label: capitalise(area.patientLabel),
}));
export const AREAS_NONE = 'none';
export const AREAS_NONE_LABEL = 'None of these, or I am not sure';

export const SESSION_MODES = [
  { code: 'video', label: 'By video call' },
  { code: 'face_to_face', label: 'Face to face' },
  { code: 'no_preference', label: 'I do not mind (no preference)' },
] as const satisfies readonly Option[];
export type SessionModeCode = (typeof SESSION_MODES)[number]['code'];
export const NO_LOCATION_PREFERENCE = 'no_preference';

export function labelFor<C extends string>(
  options: readonly Option<C>[],
  code: string,
): string | undefined {
  return options.find((o) => o.code === code)?.label;
}

export function isCode<C extends string>(options: readonly Option<C>[], code: string): code is C {
  return options.some((o) => o.code === code);
}
