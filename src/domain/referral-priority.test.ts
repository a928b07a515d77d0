import { describe, expect, it } from 'vitest';
import { byWaitingPriority, reportsRisk } from './referral-priority';

const at = (day: number) => new Date(Date.UTC(2026, 10, day));

describe('byWaitingPriority', () => {
  it('puts urgent referrals first, then the longest waiting, then by reference', () => {
    const rows = [
      { reference: 'R-OLD', urgent: false, receivedAt: at(1) },
      { reference: 'U-NEW', urgent: true, receivedAt: at(20) },
      { reference: 'U-OLD', urgent: true, receivedAt: at(5) },
      { reference: 'R-B', urgent: false, receivedAt: at(10) },
      { reference: 'R-A', urgent: false, receivedAt: at(10) },
    ];
    expect([...rows].sort(byWaitingPriority).map((r) => r.reference)).toEqual([
      'U-OLD',
      'U-NEW',
      'R-OLD',
      'R-A',
      'R-B',
    ]);
  });
});

describe('reportsRisk', () => {
  it('is false for answers that report nothing', () => {
    for (const value of ['No', '0', 'None', 'Not answered', ' no ', ''])
      expect(reportsRisk(value), value).toBe(false);
  });
  it('is true for any other answer, including wording it does not know', () => {
    for (const value of ['Yes', '1', '3', 'said yes to thoughts of ending their life', 'Maybe'])
      expect(reportsRisk(value), value).toBe(true);
  });
});
