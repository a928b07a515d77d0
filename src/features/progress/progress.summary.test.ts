import { describe, expect, it } from 'vitest';
import { buildSeries, pointLabel, type ScoreRecord } from './progress.summary';

const at = (d: string) => new Date(`${d}T10:00:00Z`);

describe('progress series', () => {
  const records: ScoreRecord[] = [
    { measureId: 'phq9', total: 18, context: 'referral', completedAt: at('2026-09-01') },
    { measureId: 'phq9', total: 15, context: 'assessment', completedAt: at('2026-09-10') },
    {
      measureId: 'phq9',
      total: 11,
      context: 'session',
      completedAt: at('2026-10-01'),
      sessionNumber: 1,
    },
    {
      measureId: 'phq9',
      total: 9,
      context: 'session',
      completedAt: at('2026-10-08'),
      sessionNumber: 2,
    },
    { measureId: 'gad7', total: 9, context: 'referral', completedAt: at('2026-09-01') },
    { measureId: 'gad7', total: 6, context: 'session', completedAt: at('2026-10-08') },
  ];
  const [phq9, gad7, wsas] = buildSeries(records);

  it('orders points oldest first with readable labels', () => {
    expect(phq9?.points.map((p) => p.label)).toEqual([
      'Referral',
      'Assessment',
      'Session 1',
      'Session 2',
    ]);
    expect(
      pointLabel({
        measureId: 'phq9',
        total: 1,
        context: 'session',
        completedAt: at('2026-11-03'),
      }),
    ).toBe('3 November');
  });
  it('works out reliable change from the first and latest scores', () => {
    expect(phq9).toMatchObject({
      first: 18,
      latest: 9,
      change: 'improved',
      latestAtCaseness: false,
    });
    expect(gad7).toMatchObject({
      first: 9,
      latest: 6,
      change: 'no-change',
      latestAtCaseness: false,
    });
  });
  it('draws caseness lines for PHQ-9 and GAD-7 only', () => {
    expect(phq9?.threshold?.value).toBe(10);
    expect(gad7?.threshold?.value).toBe(8);
    expect(wsas?.threshold).toBeUndefined();
  });
  it('summarises in words for screen readers and patients', () => {
    expect(phq9?.summary).toContain('from 18 at Referral to 9 at Session 2');
    expect(phq9?.summary).toContain('reliable improvement');
    expect(wsas?.summary).toBe('No WSAS scores yet.');
    expect(wsas?.patientSummary).toBe('You have not answered these questions yet.');
    expect(phq9?.patientSummary.length).toBeGreaterThan(10);
    expect(phq9?.patientSummary).not.toMatch(/severe|caseness|deteriorat/i);
  });
  it('has no change with a single score', () => {
    const [one] = buildSeries([
      { measureId: 'phq9', total: 12, context: 'referral', completedAt: at('2026-09-01') },
    ]);
    expect(one?.change).toBeNull();
    expect(one?.summary).toContain('one score, 12 out of 27');
  });
});
