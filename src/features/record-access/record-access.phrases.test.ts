import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../platform/audit';
import { UNNAMED_ACTION, whatWasDone } from './record-access.phrases';

describe('what staff did, in plain words', () => {
  it('names the common looks at a record', () => {
    expect(whatWasDone('patient.read')).toBe('opened your record');
    expect(whatWasDone('measure_response.list')).toBe('looked at your questionnaire answers');
    expect(whatWasDone('referral.list')).toBe('saw you on the list of referrals');
  });
  it('never shows an action code, even for an action it does not know', () => {
    expect(whatWasDone('something.new')).toBe(UNNAMED_ACTION);
    for (const action of AUDIT_ACTIONS) {
      expect(whatWasDone(action)).not.toMatch(/[._]/);
    }
  });
});
