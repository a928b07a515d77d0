import { describe, expect, it } from 'vitest';
import { matchNhsLogin, partialDateOfBirth, provenNhsNumber } from './nhsLoginMatch';

const record = { id: 'p1', nhsNumber: '9434765919', dateOfBirth: '1985-03-14' };
const p9 = { identityProofingLevel: 'P9', nhsNumber: '9434765919', birthdate: '1985-03-14' };

describe('matchNhsLogin (hazard H28)', () => {
  it('matches a P9 login to the one record with its NHS number and date of birth', () => {
    expect(matchNhsLogin(p9, [record])).toEqual({ kind: 'match', patientId: 'p1' });
    // A record stored with spaces is the same number.
    expect(matchNhsLogin(p9, [{ ...record, nhsNumber: '943 476 5919' }])).toEqual({
      kind: 'match',
      patientId: 'p1',
    });
    // NHS login may leave the date out; the NHS number alone then decides.
    expect(matchNhsLogin({ ...p9, birthdate: undefined }, [record]).kind).toBe('match');
  });
  it('asks for P9 before anything else, whatever the NHS number', () => {
    expect(matchNhsLogin({ ...p9, identityProofingLevel: 'P5' }, [record])).toEqual({
      kind: 'needs_p9',
      level: 'P5',
    });
    expect(matchNhsLogin({ ...p9, identityProofingLevel: undefined }, [record])).toEqual({
      kind: 'needs_p9',
      level: 'none',
    });
    expect(provenNhsNumber({ ...p9, identityProofingLevel: 'P5' })).toBeNull();
  });
  it('never guesses: no number, a bad number, no record, two records or another birthday', () => {
    const reason = (id: Parameters<typeof matchNhsLogin>[0], c = [record]) => {
      const m = matchNhsLogin(id, c);
      return m.kind === 'no_match' ? m.reason : m.kind;
    };
    expect(reason({ ...p9, nhsNumber: undefined })).toBe('no valid NHS number');
    expect(reason({ ...p9, nhsNumber: '9434765918' })).toBe('no valid NHS number');
    expect(reason(p9, [])).toBe('no record with this NHS number');
    expect(reason(p9, [{ ...record, nhsNumber: '4010232137' }])).toBe(
      'no record with this NHS number',
    );
    expect(reason(p9, [record, { ...record, id: 'p2' }])).toBe(
      'several records with this NHS number',
    );
    expect(reason({ ...p9, birthdate: '1985-03-15' })).toBe('date of birth differs');
  });
  it('shows a date of birth only as month and year', () => {
    expect(partialDateOfBirth('1985-03-14')).toBe('March 1985');
    expect(partialDateOfBirth('nonsense')).toBe('not known');
  });
});
