import { describe, expect, it } from 'vitest';
import {
  FOCAL_AREAS,
  focalAreaInfo,
  focalAreaLabel,
  isFocalArea,
  type FocalArea,
} from './focalAreas';

describe('focal areas', () => {
  it('has exactly the four IPT focal areas', () => {
    expect(FOCAL_AREAS.map((a) => a.id)).toEqual([
      'interpersonal-disputes',
      'role-transitions',
      'grief',
      'interpersonal-sensitivity',
    ]);
  });

  it.each([
    ['interpersonal-disputes', 'conflict in close relationships', 'Interpersonal disputes'],
    ['role-transitions', 'big life changes', 'Role transitions'],
    ['grief', 'grief and loss', 'Grief'],
    ['interpersonal-sensitivity', 'starting or keeping relationships', 'Interpersonal sensitivity'],
  ] as const)('%s: patients see %j, clinicians see %j', (id, patient, clinician) => {
    expect(focalAreaLabel(id, 'patient')).toBe(patient);
    expect(focalAreaLabel(id, 'clinician')).toBe(clinician);
  });

  it('records the other names clinicians use', () => {
    expect(focalAreaInfo('interpersonal-disputes').alsoCalled).toBe('Role disputes');
    expect(focalAreaInfo('grief').alsoCalled).toBe('Complicated bereavement');
    expect(focalAreaInfo('interpersonal-sensitivity').alsoCalled).toBe('Interpersonal deficits');
    expect(focalAreaInfo('role-transitions').alsoCalled).toBeUndefined();
  });

  it('recognises focal area ids', () => {
    expect(isFocalArea('grief')).toBe(true);
    expect(isFocalArea('Grief')).toBe(false);
    expect(isFocalArea('role-disputes')).toBe(false);
    expect(isFocalArea('')).toBe(false);
  });

  it('throws on an unknown id that slipped past the type checker', () => {
    expect(() => focalAreaInfo('anxiety' as FocalArea)).toThrow(RangeError);
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(FOCAL_AREAS)).toBe(true);
  });
});
