import { describe, it, expect } from 'vitest';
import {
  FREQUENCY_STEM,
  GAD7,
  IAPT_PHOBIA,
  MEASURE_IDS,
  MEASURES,
  NOT_APPLICABLE,
  PEQ_TREATMENT,
  PHQ9,
  SESSION_MEASURE_IDS,
  WSAS,
  getMeasure,
  isMeasureId,
  optionsFor,
  riskItemAnswer,
  type Measure,
} from './index';

// Written out again from clinical.md so a typo in the data cannot pass by copying itself.
const PHQ9_WORDING = [
  'Little interest or pleasure in doing things',
  'Feeling down, depressed, or hopeless',
  'Trouble falling or staying asleep, or sleeping too much',
  'Feeling tired or having little energy',
  'Poor appetite or overeating',
  'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
  'Trouble concentrating on things, such as reading the newspaper or watching television',
  'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual',
  'Thoughts that you would be better off dead or of hurting yourself in some way',
];
const GAD7_WORDING = [
  'Feeling nervous, anxious or on edge',
  'Not being able to stop or control worrying',
  'Worrying too much about different things',
  'Trouble relaxing',
  'Being so restless that it is hard to sit still',
  'Becoming easily annoyed or irritable',
  'Feeling afraid as if something awful might happen',
];

const ALL: readonly Measure[] = MEASURE_IDS.map((id) => MEASURES[id]);

describe('measure catalogue', () => {
  it('has every measure under its own id', () => {
    expect(MEASURE_IDS).toEqual(['phq9', 'gad7', 'wsas', 'iapt_phobia', 'peq_treatment']);
    for (const id of MEASURE_IDS) expect(MEASURES[id].id).toBe(id);
    expect(SESSION_MEASURE_IDS).toEqual(['phq9', 'gad7', 'wsas', 'iapt_phobia']);
  });

  it('looks measures up safely', () => {
    expect(getMeasure('phq9')).toBe(PHQ9);
    expect(getMeasure('PHQ9')).toBeUndefined();
    expect(getMeasure('toString')).toBeUndefined();
    expect(getMeasure('__proto__')).toBeUndefined();
    expect(isMeasureId('gad7')).toBe(true);
    expect(isMeasureId(7)).toBe(false);
    expect(isMeasureId(undefined)).toBe(false);
  });

  it.each(ALL.map((m) => [m.id, m] as const))('%s is well formed', (_id, measure) => {
    expect(measure.title.length).toBeGreaterThan(0);
    expect(measure.shortTitle.length).toBeGreaterThan(0);
    expect(measure.patientTitle.length).toBeGreaterThan(0);
    expect(measure.stem.length).toBeGreaterThan(0);
    const ids = measure.items.map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    measure.items.forEach((item, index) => {
      expect(item.number).toBe(index + 1);
    });
    // Item ids are safe as HTML field names and JSON keys.
    for (const id of ids) expect(id).toMatch(/^[a-z0-9_]+$/);
    for (const item of measure.items) {
      const values = optionsFor(measure, item).map((option) => option.value);
      // Options are whole numbers in a contiguous ascending run, so range checks are exact.
      const min = values[0] ?? 0;
      expect(values).toEqual(values.map((_v, i) => min + i));
      for (const option of optionsFor(measure, item))
        expect(option.label.length).toBeGreaterThan(0);
    }
  });

  it.each(ALL.filter((m) => m.bands.length > 0).map((m) => [m.id, m] as const))(
    '%s bands cover the total range without gaps or overlaps',
    (_id, measure) => {
      const range = measure.totalRange;
      expect(range).not.toBeNull();
      if (!range) return;
      expect(measure.bands[0]?.min).toBe(range.min);
      expect(measure.bands.at(-1)?.max).toBe(range.max);
      for (let i = 1; i < measure.bands.length; i++) {
        expect(measure.bands[i]?.min).toBe((measure.bands[i - 1]?.max ?? NaN) + 1);
      }
      for (const band of measure.bands) {
        expect(band.min).toBeLessThanOrEqual(band.max);
        expect(band.patientDescription.length).toBeGreaterThan(0);
      }
    },
  );

  it('gives every measure with a total a total equal to the sum of item maxima', () => {
    for (const measure of ALL) {
      if (!measure.totalRange) continue;
      const maxSum = measure.items.reduce(
        (sum, item) => sum + Math.max(...optionsFor(measure, item).map((o) => o.value)),
        0,
      );
      expect(measure.totalRange).toEqual({ min: 0, max: maxSum });
    }
  });

  it('keeps patient wording free of alarming words', () => {
    for (const measure of ALL) {
      const texts = [
        ...measure.bands.map((band) => band.patientDescription),
        ...Object.values(measure.patientChangeDescriptions ?? {}),
      ];
      for (const text of texts) expect(text).not.toMatch(/severe|disorder|clinical|caseness/i);
    }
  });
});

describe('PHQ-9', () => {
  it('has the exact stem, items and options from clinical.md', () => {
    expect(PHQ9.stem).toBe(
      'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
    );
    expect(PHQ9.items.map((item) => item.text)).toEqual(PHQ9_WORDING);
    expect(PHQ9.options).toEqual([
      { value: 0, label: 'Not at all' },
      { value: 1, label: 'Several days' },
      { value: 2, label: 'More than half the days' },
      { value: 3, label: 'Nearly every day' },
    ]);
  });

  it('has the clinical.md thresholds and codes', () => {
    expect(PHQ9.totalRange).toEqual({ min: 0, max: 27 });
    expect(PHQ9.loinc).toEqual({ panel: '44249-1', total: '44261-6' });
    expect(PHQ9.bands.map((b) => [b.min, b.max, b.label])).toEqual([
      [0, 4, 'Minimal'],
      [5, 9, 'Mild'],
      [10, 14, 'Moderate'],
      [15, 19, 'Moderately severe'],
      [20, 27, 'Severe'],
    ]);
    expect(PHQ9.casenessThreshold).toBe(10);
    expect(PHQ9.reliableChangeIndex).toBe(6);
    expect(PHQ9.riskItem).toEqual({ itemId: 'phq9_9', flagWhenAbove: 0 });
    expect(PHQ9.items[8]?.text).toMatch(/better off dead/);
    expect(PHQ9.patientChangeDescriptions?.improved).toBe(
      'Fewer symptoms of low mood than before.',
    );
  });
});

describe('the risk question’s answer in words (H1)', () => {
  it('gives PHQ-9 question 9’s answer whatever it is, "Not at all" included', () => {
    expect(riskItemAnswer('phq9', { phq9_9: 0 })).toEqual({
      number: 9,
      text: PHQ9.items[8]!.text,
      answer: 'Not at all',
    });
    expect(riskItemAnswer('phq9', { phq9_9: 2 })?.answer).toBe('More than half the days');
  });

  it('is null when unanswered, out of range, or the measure has no risk question', () => {
    expect(riskItemAnswer('phq9', {})).toBeNull();
    expect(riskItemAnswer('phq9', { phq9_9: 7 })).toBeNull();
    expect(riskItemAnswer('phq9', { phq9_9: '1' })).toBeNull();
    expect(riskItemAnswer('gad7', { gad7_7: 3 })).toBeNull();
    expect(riskItemAnswer('nonsense', { phq9_9: 1 })).toBeNull();
  });
});

describe('GAD-7', () => {
  it('has the exact stem, items and options from clinical.md', () => {
    expect(GAD7.stem).toBe(FREQUENCY_STEM);
    expect(GAD7.items.map((item) => item.text)).toEqual(GAD7_WORDING);
    expect(GAD7.options).toBe(PHQ9.options);
  });

  it('has the clinical.md thresholds and codes', () => {
    expect(GAD7.totalRange).toEqual({ min: 0, max: 21 });
    expect(GAD7.loinc).toEqual({ panel: '69737-5', total: '70274-6' });
    expect(GAD7.bands.map((b) => [b.min, b.max, b.label])).toEqual([
      [0, 4, 'Minimal'],
      [5, 9, 'Mild'],
      [10, 14, 'Moderate'],
      [15, 21, 'Severe'],
    ]);
    expect(GAD7.casenessThreshold).toBe(8);
    expect(GAD7.reliableChangeIndex).toBe(4);
    expect(GAD7.riskItem).toBeNull();
  });
});

describe('WSAS', () => {
  it('has 5 items scored 0–8 with the clinical.md anchors', () => {
    expect(WSAS.items).toHaveLength(5);
    expect(WSAS.options.map((o) => o.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    const anchors = Object.fromEntries(
      WSAS.options.filter((o) => o.value % 2 === 0).map((o) => [o.value, o.label]),
    );
    expect(anchors).toEqual({
      0: 'Not at all',
      2: 'Slightly',
      4: 'Definitely',
      6: 'Markedly',
      8: 'Very severely',
    });
    expect(WSAS.items.map((item) => item.text)).toEqual([
      expect.stringMatching(/ability to work/),
      expect.stringMatching(/home management/),
      expect.stringMatching(/social leisure activities/),
      expect.stringMatching(/private leisure activities/),
      expect.stringMatching(/form and maintain close relationships/),
    ]);
  });

  it('offers the retired / not working alternative on the work item only', () => {
    expect(WSAS.items[0]?.notApplicableOption).toEqual({
      value: NOT_APPLICABLE,
      label: "I'm retired / I choose not to work for reasons unrelated to my problem",
    });
    for (const item of WSAS.items.slice(1)) expect(item.notApplicableOption).toBeUndefined();
    for (const measure of ALL.filter((m) => m !== WSAS)) {
      for (const item of measure.items) expect(item.notApplicableOption).toBeUndefined();
    }
  });

  it('has the Mundt bands and no invented caseness or reliable change', () => {
    expect(WSAS.totalRange).toEqual({ min: 0, max: 40 });
    expect(WSAS.bands.map((b) => [b.min, b.max])).toEqual([
      [0, 9],
      [10, 20],
      [21, 40],
    ]);
    expect(WSAS.casenessThreshold).toBeNull();
    expect(WSAS.reliableChangeIndex).toBeNull();
    expect(WSAS.loinc).toBeNull();
  });
});

describe('IAPT Phobia Scales', () => {
  it('has 3 items scored 0–8, read item by item with caseness at 4', () => {
    expect(IAPT_PHOBIA.items.map((item) => item.construct)).toEqual([
      'Social phobia',
      'Agoraphobia',
      'Specific phobia',
    ]);
    expect(IAPT_PHOBIA.options.map((o) => o.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(IAPT_PHOBIA.options[0]?.label).toBe('Would not avoid it');
    expect(IAPT_PHOBIA.options[8]?.label).toBe('Always avoid it');
    expect(IAPT_PHOBIA.itemCasenessThreshold).toBe(4);
    expect(IAPT_PHOBIA.totalRange).toBeNull();
    expect(IAPT_PHOBIA.bands).toEqual([]);
    expect(IAPT_PHOBIA.licence).toMatch(/Open Government Licence/);
  });
});

describe('Patient Experience Questionnaire (treatment)', () => {
  it('is not scored, is anonymous to the therapist, and asks the usual questions', () => {
    expect(PEQ_TREATMENT.scored).toBe(false);
    expect(PEQ_TREATMENT.anonymousToTherapist).toBe(true);
    expect(PEQ_TREATMENT.totalRange).toBeNull();
    expect(PEQ_TREATMENT.casenessThreshold).toBeNull();
    const texts = PEQ_TREATMENT.items.map((item) => item.text).join('\n');
    for (const topic of [
      /listen to you and treat your concerns seriously/,
      /understand and address your difficulties/,
      /involved in making choices/,
      /help that mattered/,
      /confidence in your therapist/,
      /satisfied/,
    ]) {
      expect(texts).toMatch(topic);
    }
    expect(PEQ_TREATMENT.freeTextQuestions.length).toBeGreaterThan(0);
    for (const measure of ALL.filter((m) => m !== PEQ_TREATMENT)) {
      expect(measure.anonymousToTherapist).toBe(false);
      expect(measure.scored).toBe(true);
    }
  });
});
