import { describe, expect, it } from 'vitest';
import { parseRiskAction } from './risk.forms';

describe('recording the action taken on a risk alert', () => {
  it('requires what was done', () => {
    for (const actionTaken of ['', '   ', undefined]) {
      const { result } = parseRiskAction({ actionTaken });
      expect(result).toEqual({
        ok: false,
        errors: [{ field: 'actionTaken', message: 'Enter what you did about this risk' }],
      });
    }
  });
  it('limits the length to 2000 characters', () => {
    expect(parseRiskAction({ actionTaken: 'a'.repeat(2000) }).result.ok).toBe(true);
    const { result, values } = parseRiskAction({ actionTaken: 'a'.repeat(2001) });
    expect(!result.ok && result.errors[0]?.message).toBe(
      'What you did must be 2000 characters or fewer',
    );
    expect(values.actionTaken).toHaveLength(2001);
  });
  it('trims the text', () => {
    expect(parseRiskAction({ actionTaken: '  Phoned them.  ' }).result).toEqual({
      ok: true,
      value: 'Phoned them.',
    });
  });
});
