import { describe, expect, it } from 'vitest';
import { buildSeries, pointLabel, type ScoreRecord } from './progress.summary';

const at = (d: string) => new Date(`${d}T10:00:00Z`);

describe('progress series', () => {
  const records: ScoreRecord[] = [
    { id: 'r1', measureId: 'phq9', total: 18, context: 'referral', completedAt: at('2026-09-01') },
    {
      id: 'a1',
      measureId: 'phq9',
      total: 15,
      context: 'assessment',
      completedAt: at('2026-09-10'),
    },
    {
      id: 's1',
      measureId: 'phq9',
      total: 11,
      context: 'session',
      completedAt: at('2026-10-01'),
      sessionNumber: 1,
    },
    {
      id: 's2',
      measureId: 'phq9',
      total: 9,
      context: 'session',
      completedAt: at('2026-10-08'),
      sessionNumber: 2,
    },
    { id: 'r2', measureId: 'gad7', total: 9, context: 'referral', completedAt: at('2026-09-01') },
    {
      id: 's3',
      measureId: 'gad7',
      total: 6,
      context: 'session',
      completedAt: at('2026-10-08'),
      sessionNumber: 2,
    },
  ];
  const [phq9, gad7, wsas] = buildSeries(records);

  it('orders points oldest first, labelled in full for the table', () => {
    expect(phq9?.points.map((p) => p.label)).toEqual([
      'Referral, 1 September 2026',
      'Assessment, 10 September 2026',
      'Session 1, 1 October 2026',
      'Session 2, 8 October 2026',
    ]);
    expect(
      pointLabel({
        id: 'x',
        measureId: 'phq9',
        total: 1,
        context: 'session',
        completedAt: at('2026-11-03'),
      }),
    ).toBe('3 November');
  });

  it('uses one kind of x axis: dates when any score is not from a numbered session', () => {
    expect(phq9?.xAxisTitle).toBe('Date');
    expect(phq9?.points.map((p) => p.tick)).toEqual([
      '1 September',
      '10 September',
      '1 October',
      '8 October',
    ]);
    const [onlySessions] = buildSeries(records.filter((r) => r.context === 'session'));
    expect(onlySessions?.xAxisTitle).toBe('Session number');
    expect(onlySessions?.points.map((p) => p.tick)).toEqual(['1', '2']);
  });

  it('measures from the pairing rule’s first score (ADR 0005) and says which', () => {
    // Two session scores: the first is session 1, not the referral.
    expect(phq9?.baseline).toEqual({ index: 2, words: 'first score, at session 1, 11' });
    expect(phq9).toMatchObject({ first: 11, latest: 9, change: 'no-change' });
    // One session score: the first is the earliest score before it, here the referral.
    expect(gad7?.baseline).toEqual({ index: 0, words: 'first score, at referral, 9' });
    expect(gad7).toMatchObject({ first: 9, latest: 6, change: 'no-change' });
    expect(wsas?.baseline).toBeNull();
  });

  it('takes the baseline from the course’s scores when given them', () => {
    // Scores of the course: the referral ones are of an older referral, so not the course's.
    const course = records.filter((r) => r.id !== 'r2');
    const [, gad] = buildSeries(records, course);
    expect(gad?.baseline).toBeNull();
    expect(gad?.change).toBeNull();
  });

  it('draws caseness lines for PHQ-9 and GAD-7 only', () => {
    expect(phq9?.threshold?.value).toBe(10);
    expect(gad7?.threshold?.value).toBe(8);
    expect(wsas?.threshold).toBeUndefined();
  });

  it('summarises in words for screen readers and patients', () => {
    expect(phq9?.summary).toContain(
      'From the first score, 11 (Session 1, 1 October 2026), to 9 (Session 2, 8 October 2026)',
    );
    expect(phq9?.summary).toContain('no reliable change');
    expect(wsas?.summary).toBe('No WSAS scores yet.');
    expect(wsas?.patientSummary).toBe('You have not answered these questions yet.');
    expect(phq9?.patientSummary).toBe(
      'Your score on the low mood questionnaire (PHQ-9) went from 18, your first score (referral, 1 September 2026), to 9, your latest (session 2, 8 October 2026). Lower is better.',
    );
    expect(gad7?.patientSummary).toBe(
      'Your score on the anxiety questionnaire (GAD-7) went from 9, your first score (referral, 1 September 2026), to 6, your latest (session 2, 8 October 2026). Lower is better.',
    );
    for (const s of [phq9, gad7, wsas])
      expect(s?.patientSummary).not.toMatch(/severe|caseness|deteriorat|reliabl/i);
  });

  it('tells the patient the same two scores as their table, from the first shown', () => {
    // The course's baseline is the assessment (the referral score is of an earlier referral):
    // the staff summary measures from it, the patient's from the first score they see.
    const shown: ScoreRecord[] = [
      { id: 'r', measureId: 'phq9', total: 15, context: 'referral', completedAt: at('2026-09-01') },
      {
        id: 'a',
        measureId: 'phq9',
        total: 14,
        context: 'assessment',
        completedAt: at('2026-09-10'),
      },
    ];
    const [series] = buildSeries(shown, shown.slice(1));
    expect(series?.baseline?.index).toBe(1);
    expect(series?.change).toBeNull();
    expect(series?.patientSummary).toBe(
      'Your score on the low mood questionnaire (PHQ-9) went from 15, your first score (referral, 1 September 2026), to 14, your latest (assessment, 10 September 2026). Lower is better.',
    );
    // Nothing was compared, so nothing is said about reliable change.
    expect(series?.summary).not.toMatch(/reliable/i);

    const [same] = buildSeries([shown[0]!, { ...shown[1]!, total: 15 }]);
    expect(same?.patientSummary).toBe(
      'Your score on the low mood questionnaire (PHQ-9) is 15, your latest (assessment, 10 September 2026), the same as your first score (referral, 1 September 2026). Lower is better.',
    );
    const [one] = buildSeries(shown.slice(0, 1));
    expect(one?.patientSummary).toBe(
      'Your score on the low mood questionnaire (PHQ-9) was 15. Lower is better. As you answer again before each session, you will see how things change.',
    );
  });

  it('says nothing about reliable change for a measure without its rule (WSAS)', () => {
    const [, , wsasSeries] = buildSeries([
      {
        id: 'w1',
        measureId: 'wsas',
        total: 24,
        context: 'assessment',
        completedAt: at('2026-09-10'),
      },
      {
        id: 'w2',
        measureId: 'wsas',
        total: 6,
        context: 'session',
        sessionNumber: 1,
        completedAt: at('2026-10-01'),
      },
    ]);
    expect(wsasSeries?.change).toBeNull();
    expect(wsasSeries?.summary).toBe(
      'WSAS: 2 scores. From the first score, 24 (Assessment, 10 September 2026), to 6 (Session 1, 1 October 2026), out of 40.',
    );
    expect(wsasSeries?.patientSummary).toBe(
      'Your score on the questionnaire about day-to-day life (WSAS) went from 24, your first score (assessment, 10 September 2026), to 6, your latest (session 1, 1 October 2026). Lower is better.',
    );
  });

  it('does not tell the patient "went from ... to" between scores out of different totals (H5)', () => {
    const [, , wsasSeries] = buildSeries([
      {
        id: 'w1',
        measureId: 'wsas',
        total: 20,
        context: 'assessment',
        completedAt: at('2026-09-10'),
      },
      {
        id: 'w2',
        measureId: 'wsas',
        total: 16,
        context: 'session',
        sessionNumber: 1,
        completedAt: at('2026-10-01'),
        answers: { wsas_1: 'not-applicable', wsas_2: 4, wsas_3: 4, wsas_4: 4, wsas_5: 4 },
      },
    ]);
    expect(wsasSeries?.patientSummary).toBe(
      'Your score on the questionnaire about day-to-day life (WSAS) was 20 out of 40, your first score (assessment, 10 September 2026), and 16 out of 32, your latest (session 1, 1 October 2026). One of them left out the question about work, so the two are not compared. Lower is better.',
    );
    expect(wsasSeries?.patientSummary).not.toContain('went from');
  });

  it('has no change with a single score', () => {
    const [one] = buildSeries([
      { id: 'r', measureId: 'phq9', total: 12, context: 'referral', completedAt: at('2026-09-01') },
    ]);
    expect(one?.change).toBeNull();
    expect(one?.summary).toContain('one score, 12 out of 27');
  });

  it('gives a WSAS score without the work question out of 32, not 40', () => {
    const work = (v: unknown) => ({ wsas_1: v, wsas_2: 4, wsas_3: 4, wsas_4: 4, wsas_5: 4 });
    const [, , alone] = buildSeries([
      {
        id: 'a',
        measureId: 'wsas',
        total: 16,
        context: 'referral',
        completedAt: at('2026-09-01'),
        answers: work('not-applicable'),
      },
    ]);
    expect(alone?.summary).toContain('one score, 16 out of 32');
    expect(alone?.points[0]?.outOf).toBe(32);
    const [, , mixed] = buildSeries([
      {
        id: 'a',
        measureId: 'wsas',
        total: 20,
        context: 'session',
        sessionNumber: 1,
        completedAt: at('2026-09-01'),
        answers: work(4),
      },
      {
        id: 'b',
        measureId: 'wsas',
        total: 16,
        context: 'session',
        sessionNumber: 2,
        completedAt: at('2026-09-08'),
        answers: work('not-applicable'),
      },
    ]);
    expect(mixed?.summary).toContain('20 out of 40 (Session 1');
    expect(mixed?.summary).toContain('16 out of 32 (Session 2');
    expect(mixed?.max).toBe(40);
    // A four-item and a five-item total are not compared (hazard H5).
    expect(mixed?.notCompared).toBe(true);
    expect(alone?.notCompared).toBe(false);
  });
});

describe('a score answered before a session that did not take place', () => {
  const records: ScoreRecord[] = [
    {
      id: 'a1',
      measureId: 'phq9',
      total: 18,
      context: 'assessment',
      completedAt: at('2026-09-10'),
    },
    {
      id: 's1',
      measureId: 'phq9',
      total: 9,
      context: 'session',
      completedAt: at('2026-10-01'),
      sessionNumber: 1,
    },
    {
      id: 's2',
      measureId: 'phq9',
      total: 15,
      context: 'session',
      completedAt: at('2026-12-01'),
      sessionNumber: 2,
      sessionNotHeld: true,
    },
  ];
  const [phq9] = buildSeries(records, records.slice(0, 2));

  it('is still charted and listed, labelled, and the summary says the outcome does not count it', () => {
    expect(phq9?.points.map((p) => p.score)).toEqual([18, 9, 15]);
    expect(phq9?.points[2]?.label).toBe(
      'Session 2, 1 December 2026, before a session that did not take place',
    );
    expect(phq9?.summary).toContain(
      "The latest score was answered before a session that did not take place, so the course's outcome does not count it.",
    );
  });

  it('says nothing more when the latest score counts', () => {
    const [held] = buildSeries(records.slice(0, 2));
    expect(held?.summary).not.toContain('did not take place');
  });
});
