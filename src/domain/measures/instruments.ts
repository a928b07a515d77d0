/**
 * The questionnaires as data: wording, answer options, bands and thresholds.
 * Wording of PHQ-9, GAD-7 and the WSAS/phobia anchors is exactly as in clinical.md.
 * Numbers come only from ./thresholds so there is one place to check them.
 */
import {
  GAD7_THRESHOLDS,
  IAPT_PHOBIA_THRESHOLDS,
  PHQ9_THRESHOLDS,
  WSAS_THRESHOLDS,
  type BandRange,
} from './thresholds';
import {
  NOT_APPLICABLE,
  type AnswerOption,
  type Band,
  type Measure,
  type MeasureId,
  type MeasureItem,
} from './types';

/** Joins threshold ranges with patient wording; a missing description fails at load. */
function withPatientWording(
  ranges: readonly BandRange[],
  descriptions: Readonly<Record<string, string>>,
): readonly Band[] {
  return ranges.map((range) => {
    const patientDescription = descriptions[range.id];
    if (patientDescription === undefined) {
      throw new Error(`No patient wording for band "${range.id}"`);
    }
    return { ...range, patientDescription };
  });
}

function numberedItems(prefix: string, texts: readonly string[]): MeasureItem[] {
  return texts.map((text, index) => ({ id: `${prefix}_${index + 1}`, number: index + 1, text }));
}

// clinical.md: common stem and answers for PHQ-9 and GAD-7.
export const FREQUENCY_STEM =
  'Over the last 2 weeks, how often have you been bothered by any of the following problems?';

export const FREQUENCY_OPTIONS: readonly AnswerOption[] = [
  { value: 0, label: 'Not at all' },
  { value: 1, label: 'Several days' },
  { value: 2, label: 'More than half the days' },
  { value: 3, label: 'Nearly every day' },
];

// clinical.md: WSAS anchors on the even values. The odd values are allowed, as on the paper
// scale; their labels say where they sit so every radio button has a meaningful name.
const WSAS_OPTIONS: readonly AnswerOption[] = [
  { value: 0, label: 'Not at all' },
  { value: 1, label: 'Between not at all and slightly' },
  { value: 2, label: 'Slightly' },
  { value: 3, label: 'Between slightly and definitely' },
  { value: 4, label: 'Definitely' },
  { value: 5, label: 'Between definitely and markedly' },
  { value: 6, label: 'Markedly' },
  { value: 7, label: 'Between markedly and very severely' },
  { value: 8, label: 'Very severely' },
];

// clinical.md: phobia scale anchors (0 would not avoid ... 8 always avoid); odd values as WSAS.
const PHOBIA_OPTIONS: readonly AnswerOption[] = [
  { value: 0, label: 'Would not avoid it' },
  { value: 1, label: 'Between would not avoid and slightly avoid' },
  { value: 2, label: 'Slightly avoid it' },
  { value: 3, label: 'Between slightly and definitely avoid' },
  { value: 4, label: 'Definitely avoid it' },
  { value: 5, label: 'Between definitely and markedly avoid' },
  { value: 6, label: 'Markedly avoid it' },
  { value: 7, label: 'Between markedly and always avoid' },
  { value: 8, label: 'Always avoid it' },
];

// PEQ answer scales. Not scored for outcomes; values only order the answers for reports.
const PEQ_FREQUENCY_OPTIONS: readonly AnswerOption[] = [
  { value: 0, label: 'At no time' },
  { value: 1, label: 'Rarely' },
  { value: 2, label: 'Sometimes' },
  { value: 3, label: 'Most of the time' },
  { value: 4, label: 'At all times' },
];

const PEQ_SATISFACTION_OPTIONS: readonly AnswerOption[] = [
  { value: 0, label: 'Very dissatisfied' },
  { value: 1, label: 'Dissatisfied' },
  { value: 2, label: 'Neither satisfied nor dissatisfied' },
  { value: 3, label: 'Satisfied' },
  { value: 4, label: 'Very satisfied' },
];

export const PHQ9: Measure = {
  id: 'phq9',
  title: 'Patient Health Questionnaire (PHQ-9)',
  shortTitle: 'PHQ-9',
  patientTitle: 'How your mood has been',
  stem: FREQUENCY_STEM,
  // clinical.md: exact PHQ-9 item wording.
  items: numberedItems('phq9', [
    'Little interest or pleasure in doing things',
    'Feeling down, depressed, or hopeless',
    'Trouble falling or staying asleep, or sleeping too much',
    'Feeling tired or having little energy',
    'Poor appetite or overeating',
    'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
    'Trouble concentrating on things, such as reading the newspaper or watching television',
    'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual',
    'Thoughts that you would be better off dead or of hurting yourself in some way',
  ]),
  options: FREQUENCY_OPTIONS,
  scored: true,
  totalRange: PHQ9_THRESHOLDS.total,
  // clinical.md: LOINC 44249-1 (panel), 44261-6 (total score).
  loinc: { panel: '44249-1', total: '44261-6' },
  bands: withPatientWording(PHQ9_THRESHOLDS.bands, {
    minimal: 'You have had few or no signs of low mood over the last 2 weeks.',
    mild: 'You have had some signs of low mood over the last 2 weeks.',
    moderate:
      'Low mood has been affecting you over the last 2 weeks. This is the kind of difficulty talking therapy can help with.',
    'moderately-severe':
      'Low mood has been affecting you quite a lot over the last 2 weeks. Your therapist will talk this through with you.',
    severe:
      'Low mood has been affecting you a lot over the last 2 weeks. You do not have to manage this on your own: your therapist will talk this through with you.',
  }),
  casenessThreshold: PHQ9_THRESHOLDS.caseness,
  itemCasenessThreshold: null,
  reliableChangeIndex: PHQ9_THRESHOLDS.reliableChange,
  riskItem: {
    itemId: `phq9_${PHQ9_THRESHOLDS.riskItemNumber}`,
    flagWhenAbove: PHQ9_THRESHOLDS.riskFlagWhenAbove,
  },
  patientChangeDescriptions: {
    improved: 'Fewer symptoms of low mood than before.',
    deteriorated:
      'More symptoms of low mood than before. Your therapist will talk this through with you.',
    'no-change': 'Your mood score is about the same as before.',
  },
  anonymousToTherapist: false,
  freeTextQuestions: [],
  source: 'Kroenke, Spitzer & Williams 2001; thresholds from clinical.md',
  licence: 'Public domain (Pfizer): free to reproduce',
};

export const GAD7: Measure = {
  id: 'gad7',
  title: 'Generalised Anxiety Disorder Assessment (GAD-7)',
  shortTitle: 'GAD-7',
  patientTitle: 'How anxious you have felt',
  stem: FREQUENCY_STEM,
  // clinical.md: exact GAD-7 item wording.
  items: numberedItems('gad7', [
    'Feeling nervous, anxious or on edge',
    'Not being able to stop or control worrying',
    'Worrying too much about different things',
    'Trouble relaxing',
    'Being so restless that it is hard to sit still',
    'Becoming easily annoyed or irritable',
    'Feeling afraid as if something awful might happen',
  ]),
  options: FREQUENCY_OPTIONS,
  scored: true,
  totalRange: GAD7_THRESHOLDS.total,
  // clinical.md: LOINC 69737-5 (panel), 70274-6 (total score).
  loinc: { panel: '69737-5', total: '70274-6' },
  bands: withPatientWording(GAD7_THRESHOLDS.bands, {
    minimal: 'You have had few or no signs of anxiety over the last 2 weeks.',
    mild: 'You have had some signs of anxiety over the last 2 weeks.',
    moderate:
      'Anxiety has been affecting you over the last 2 weeks. This is the kind of difficulty talking therapy can help with.',
    severe:
      'Anxiety has been affecting you a lot over the last 2 weeks. You do not have to manage this on your own: your therapist will talk this through with you.',
  }),
  casenessThreshold: GAD7_THRESHOLDS.caseness,
  itemCasenessThreshold: null,
  reliableChangeIndex: GAD7_THRESHOLDS.reliableChange,
  riskItem: null,
  patientChangeDescriptions: {
    improved: 'Fewer symptoms of anxiety than before.',
    deteriorated:
      'More symptoms of anxiety than before. Your therapist will talk this through with you.',
    'no-change': 'Your anxiety score is about the same as before.',
  },
  anonymousToTherapist: false,
  freeTextQuestions: [],
  source: 'Spitzer, Kroenke, Williams & Löwe 2006; thresholds from clinical.md',
  licence: 'Public domain (Pfizer): free to reproduce',
};

/** The answer a person gives when the WSAS work item does not apply to them. */
export const WSAS_WORK_NOT_APPLICABLE_LABEL =
  "I'm retired / I choose not to work for reasons unrelated to my problem";

/**
 * WSAS. Scoring decision for the work item's alternative (retired / chooses not to work):
 * the item is left out and the total is the sum of the 4 answered items (maximum 32). It is
 * not pro-rated, because pro-rating would invent a work score. The score carries
 * `partialTotal: true` so screens and charts can say so, and the band is read from that raw
 * total (it can only understate impairment, never overstate it).
 */
export const WSAS: Measure = {
  id: 'wsas',
  title: 'Work and Social Adjustment Scale (WSAS)',
  shortTitle: 'WSAS',
  patientTitle: 'How your difficulties affect day-to-day life',
  stem: "People's problems sometimes affect their ability to do certain day-to-day tasks in their lives. For each activity, choose how much your problem gets in the way of it.",
  // clinical.md: the five WSAS areas; sentence form as on the scale (Mundt et al. 2002).
  items: [
    {
      id: 'wsas_1',
      number: 1,
      text: 'Because of my problem my ability to work is impaired.',
      notApplicableOption: { value: NOT_APPLICABLE, label: WSAS_WORK_NOT_APPLICABLE_LABEL },
    },
    {
      id: 'wsas_2',
      number: 2,
      text: 'Because of my problem my home management (cleaning, tidying, shopping, cooking, looking after home or children, paying bills) is impaired.',
    },
    {
      id: 'wsas_3',
      number: 3,
      text: 'Because of my problem my social leisure activities (with other people, such as parties, going out, visits, dating, home entertaining) are impaired.',
    },
    {
      id: 'wsas_4',
      number: 4,
      text: 'Because of my problem my private leisure activities (done alone, such as reading, gardening, collecting, sewing, walking alone) are impaired.',
    },
    {
      id: 'wsas_5',
      number: 5,
      text: 'Because of my problem my ability to form and maintain close relationships with others, including those I live with, is impaired.',
    },
  ],
  options: WSAS_OPTIONS,
  scored: true,
  totalRange: WSAS_THRESHOLDS.total,
  loinc: null,
  bands: withPatientWording(WSAS_THRESHOLDS.bands, {
    subclinical: 'Your difficulties are having little effect on your day-to-day life.',
    significant: 'Your difficulties are getting in the way of parts of your day-to-day life.',
    'moderately-severe-or-worse':
      'Your difficulties are getting in the way of a lot of your day-to-day life. Your therapist will talk this through with you.',
  }),
  casenessThreshold: WSAS_THRESHOLDS.caseness,
  itemCasenessThreshold: null,
  reliableChangeIndex: WSAS_THRESHOLDS.reliableChange,
  riskItem: null,
  patientChangeDescriptions: null,
  anonymousToTherapist: false,
  freeTextQuestions: [],
  source: 'Mundt, Marks, Shear & Greist 2002; bands from clinical.md',
  licence: null,
};

/**
 * IAPT Phobia Scales: read item by item (each item is a different phobia), so there is no
 * total or band; `caseness` on a score means "caseness on at least one of the three".
 */
export const IAPT_PHOBIA: Measure = {
  id: 'iapt_phobia',
  title: 'IAPT Phobia Scales',
  shortTitle: 'Phobia scales',
  patientTitle: 'Situations you might avoid',
  stem: 'How much would you avoid each of the following situations or objects?',
  // clinical.md: the three phobia items.
  items: [
    {
      id: 'iapt_phobia_1',
      number: 1,
      text: 'Social situations, because of a fear of being embarrassed or making a fool of myself',
      construct: 'Social phobia',
    },
    {
      id: 'iapt_phobia_2',
      number: 2,
      text: 'Certain situations, because of a fear of having a panic attack or other distressing symptoms (such as loss of bladder control, vomiting or dizziness)',
      construct: 'Agoraphobia',
    },
    {
      id: 'iapt_phobia_3',
      number: 3,
      text: 'Certain situations, because of a fear of particular objects or activities (such as animals, heights, seeing blood, being in confined spaces, driving or flying)',
      construct: 'Specific phobia',
    },
  ],
  options: PHOBIA_OPTIONS,
  scored: true,
  totalRange: null,
  loinc: null,
  bands: [],
  casenessThreshold: null,
  itemCasenessThreshold: IAPT_PHOBIA_THRESHOLDS.itemCaseness,
  reliableChangeIndex: null,
  riskItem: null,
  patientChangeDescriptions: null,
  anonymousToTherapist: false,
  freeTextQuestions: [],
  source: 'NHS Talking Therapies (IAPT) data handbook; caseness from clinical.md',
  licence: 'Crown copyright, Open Government Licence',
};

/**
 * Patient Experience Questionnaire, treatment version. Collected at the end of treatment and
 * never used for outcomes. clinical.md: "free to use and amend" and "ideally without the
 * therapist seeing who answered", hence `anonymousToTherapist`.
 */
export const PEQ_TREATMENT: Measure = {
  id: 'peq_treatment',
  title: 'Patient Experience Questionnaire (treatment)',
  shortTitle: 'PEQ',
  patientTitle: 'Your experience of our service',
  stem: 'Thinking about the treatment you have had from our service, please answer the following questions. Your therapist will not see which answers are yours.',
  items: [
    {
      id: 'peq_treatment_1',
      number: 1,
      text: 'Did staff listen to you and treat your concerns seriously?',
    },
    {
      id: 'peq_treatment_2',
      number: 2,
      text: 'Do you feel that the service has helped you to better understand and address your difficulties?',
    },
    {
      id: 'peq_treatment_3',
      number: 3,
      text: 'Did you feel involved in making choices about your treatment and care?',
    },
    {
      id: 'peq_treatment_4',
      number: 4,
      text: 'On reflection, did you get the help that mattered to you?',
    },
    {
      id: 'peq_treatment_5',
      number: 5,
      text: 'Did you have confidence in your therapist and their skills and techniques?',
    },
    {
      id: 'peq_treatment_6',
      number: 6,
      text: 'Overall, how satisfied are you with the help you received from the service?',
      options: PEQ_SATISFACTION_OPTIONS,
    },
  ],
  options: PEQ_FREQUENCY_OPTIONS,
  scored: false,
  totalRange: null,
  loinc: null,
  bands: [],
  casenessThreshold: null,
  itemCasenessThreshold: null,
  reliableChangeIndex: null,
  riskItem: null,
  patientChangeDescriptions: null,
  anonymousToTherapist: true,
  freeTextQuestions: [
    {
      id: 'peq_treatment_liked',
      text: 'Is there anything you particularly liked about your treatment?',
    },
    {
      id: 'peq_treatment_improve',
      text: "Is there anything you didn't like, or anything that could be improved?",
    },
    { id: 'peq_treatment_other', text: 'Any other comments?' },
  ],
  source: 'NHS Talking Therapies Patient Experience Questionnaire (treatment), as amended',
  licence: 'Free to use and amend',
};

/** Every measure, by id. */
export const MEASURES: Readonly<Record<MeasureId, Measure>> = {
  phq9: PHQ9,
  gad7: GAD7,
  wsas: WSAS,
  iapt_phobia: IAPT_PHOBIA,
  peq_treatment: PEQ_TREATMENT,
};

export const MEASURE_IDS: readonly MeasureId[] = [
  'phq9',
  'gad7',
  'wsas',
  'iapt_phobia',
  'peq_treatment',
];

/** Collected before every session (DESIGN.md, clinical.md "collected session by session"). */
export const SESSION_MEASURE_IDS: readonly MeasureId[] = ['phq9', 'gad7', 'wsas', 'iapt_phobia'];

export function isMeasureId(value: unknown): value is MeasureId {
  return typeof value === 'string' && (MEASURE_IDS as readonly string[]).includes(value);
}

/** The measure for an id, or undefined for an unknown id (never throws). */
export function getMeasure(id: string): Measure | undefined {
  return isMeasureId(id) ? MEASURES[id] : undefined;
}

/** The options an item offers (its own, or the measure's). */
export function optionsFor(measure: Measure, item: MeasureItem): readonly AnswerOption[] {
  return item.options ?? measure.options;
}

/**
 * An answer in words ("Several days", or the item's not-applicable choice), from its value as
 * posted ("2") or stored (2). Undefined when it is none of the item's choices.
 */
export function answerLabel(
  measure: Measure,
  item: MeasureItem,
  value: unknown,
): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value);
  const notApplicable = item.notApplicableOption;
  if (notApplicable && text === notApplicable.value) return notApplicable.label;
  return optionsFor(measure, item).find((o) => String(o.value) === text)?.label;
}

/**
 * The answer to a measure's risk question in words (PHQ-9 question 9: "Several days"), whatever
 * it was: a clinician reviews it every session, "Not at all" included (H1). Null when the measure
 * has no risk question or it was not answered.
 */
export function riskItemAnswer(
  measureId: string,
  answers: Readonly<Record<string, unknown>>,
): { number: number; text: string; answer: string } | null {
  const measure = getMeasure(measureId);
  const riskItem = measure?.riskItem;
  const item = riskItem ? measure.items.find((i) => i.id === riskItem.itemId) : undefined;
  if (!measure || !item) return null;
  // Stored answers only: a value as posted ("1") is not a stored answer.
  const value = answers[item.id];
  const option = optionsFor(measure, item).find((o) => o.value === value);
  return option ? { number: item.number, text: item.text, answer: option.label } : null;
}
