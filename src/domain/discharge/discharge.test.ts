import { describe, expect, it } from 'vitest';
import {
  dischargeRiskProblem,
  isDischargeReason,
  parsePeq,
  peqMonth,
  summarisePeq,
} from './discharge';

describe('discharge reasons', () => {
  it('knows the five reasons and nothing else', () => {
    expect(isDischargeReason('completed')).toBe(true);
    expect(isDischargeReason('referred_on')).toBe(true);
    expect(isDischargeReason('lost')).toBe(false);
  });
});

describe('discharge with risk alerts open (H19)', () => {
  it('is allowed with none open, refused with one or more, saying how many', () => {
    expect(dischargeRiskProblem(0)).toBeNull();
    expect(dischargeRiskProblem(1)).toMatch(/^There is an open risk alert for this patient/);
    expect(dischargeRiskProblem(3)).toMatch(/^There are 3 open risk alerts for this patient/);
  });
});

describe('the PEQ', () => {
  it('takes answers 0–4 and leaves out the rest', () => {
    expect(parsePeq({ listened: '4', help: '0', involved: '9', confidence: 'x' })).toEqual({
      ok: true,
      value: { listened: 4, help: 0 },
    });
    expect(parsePeq({}).ok).toBe(false);
  });

  it('files a response under its month only', () => {
    expect(peqMonth(new Date('2026-11-25T10:17:03Z'))).toBe('2026-11');
  });

  it('shows totals only, and nothing under five responses', () => {
    const rows = [{ listened: 4 }, { listened: 4 }, { listened: 3 }, { help: 1 }];
    expect(summarisePeq(rows)).toBeNull();
    const summary = summarisePeq([...rows, { listened: 0 }]);
    expect(summary?.responses).toBe(5);
    expect(summary?.counts.listened).toEqual([1, 0, 0, 1, 2]);
    expect(summary?.counts.help).toEqual([0, 1, 0, 0, 0]);
  });
});
