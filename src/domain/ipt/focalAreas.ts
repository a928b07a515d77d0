/**
 * The four IPT focal areas (clinical.md, "Interpersonal therapy"), with the clinical name for
 * staff and a plain-English label for patients.
 */

export type FocalArea =
  'interpersonal-disputes' | 'role-transitions' | 'grief' | 'interpersonal-sensitivity';

export interface FocalAreaInfo {
  readonly id: FocalArea;
  /** The name used in IPT training and notes. */
  readonly clinicalName: string;
  /** Another name clinicians may know it by. */
  readonly alsoCalled?: string;
  /** What we call it to patients: lower case so it reads well mid-sentence. */
  readonly patientLabel: string;
}

export const FOCAL_AREAS: readonly FocalAreaInfo[] = Object.freeze([
  {
    id: 'interpersonal-disputes',
    clinicalName: 'Interpersonal disputes',
    alsoCalled: 'Role disputes',
    patientLabel: 'conflict in close relationships',
  },
  { id: 'role-transitions', clinicalName: 'Role transitions', patientLabel: 'big life changes' },
  {
    id: 'grief',
    clinicalName: 'Grief',
    alsoCalled: 'Complicated bereavement',
    patientLabel: 'grief and loss',
  },
  {
    id: 'interpersonal-sensitivity',
    clinicalName: 'Interpersonal sensitivity',
    alsoCalled: 'Interpersonal deficits',
    patientLabel: 'starting or keeping relationships',
  },
] as const satisfies readonly FocalAreaInfo[]);

export function isFocalArea(value: string): value is FocalArea {
  return FOCAL_AREAS.some((area) => area.id === value);
}

export function focalAreaInfo(area: FocalArea): FocalAreaInfo {
  const info = FOCAL_AREAS.find((a) => a.id === area);
  if (!info) throw new RangeError(`Unknown focal area "${area}"`);
  return info;
}

/** The name to show: the clinical name to staff, the plain-English label to patients. */
export function focalAreaLabel(area: FocalArea, audience: 'patient' | 'clinician'): string {
  const info = focalAreaInfo(area);
  return audience === 'patient' ? info.patientLabel : info.clinicalName;
}
