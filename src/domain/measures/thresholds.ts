/**
 * Every scoring threshold for the questionnaires, in one place, each with its source.
 * "clinical.md" is /work/shared/reference/clinical.md, the project's clinical source of truth.
 * Change a number here and every screen, score and outcome follows.
 */

export interface BandRange {
  readonly id: string;
  readonly label: string;
  /** Inclusive. */
  readonly min: number;
  /** Inclusive. */
  readonly max: number;
}

export const PHQ9_THRESHOLDS = {
  // clinical.md "PHQ-9": total 0–27 (9 items scored 0–3).
  total: { min: 0, max: 27 },
  // clinical.md "PHQ-9" bands (Kroenke, Spitzer & Williams 2001).
  bands: [
    { id: 'minimal', label: 'Minimal', min: 0, max: 4 },
    { id: 'mild', label: 'Mild', min: 5, max: 9 },
    { id: 'moderate', label: 'Moderate', min: 10, max: 14 },
    { id: 'moderately-severe', label: 'Moderately severe', min: 15, max: 19 },
    { id: 'severe', label: 'Severe', min: 20, max: 27 },
  ],
  // clinical.md: caseness (NHS Talking Therapies manual) is 10 or more.
  caseness: 10,
  // clinical.md: reliable change on the PHQ-9 is 6 points.
  reliableChange: 6,
  // clinical.md: item 9 above 0 is a risk flag.
  riskItemNumber: 9,
  riskFlagWhenAbove: 0,
} as const satisfies {
  total: { min: number; max: number };
  bands: readonly BandRange[];
  caseness: number;
  reliableChange: number;
  riskItemNumber: number;
  riskFlagWhenAbove: number;
};

export const GAD7_THRESHOLDS = {
  // clinical.md "GAD-7": total 0–21 (7 items scored 0–3).
  total: { min: 0, max: 21 },
  // clinical.md "GAD-7" bands (Spitzer et al. 2006).
  bands: [
    { id: 'minimal', label: 'Minimal', min: 0, max: 4 },
    { id: 'mild', label: 'Mild', min: 5, max: 9 },
    { id: 'moderate', label: 'Moderate', min: 10, max: 14 },
    { id: 'severe', label: 'Severe', min: 15, max: 21 },
  ],
  // clinical.md: caseness (NHS Talking Therapies manual) is 8 or more.
  caseness: 8,
  // clinical.md: reliable change on the GAD-7 is 4 points.
  reliableChange: 4,
} as const satisfies {
  total: { min: number; max: number };
  bands: readonly BandRange[];
  caseness: number;
  reliableChange: number;
};

export const WSAS_THRESHOLDS = {
  // clinical.md "WSAS": 5 items each 0–8, total 0–40.
  total: { min: 0, max: 40 },
  // clinical.md "WSAS" bands (Mundt et al. 2002): under 10 subclinical, 10–20 significant
  // impairment, over 20 moderately severe or worse.
  bands: [
    { id: 'subclinical', label: 'Subclinical', min: 0, max: 9 },
    { id: 'significant', label: 'Significant impairment', min: 10, max: 20 },
    {
      id: 'moderately-severe-or-worse',
      label: 'Moderately severe impairment or worse',
      min: 21,
      max: 40,
    },
  ],
  // clinical.md gives no WSAS caseness or reliable change: none is invented here.
  caseness: null,
  reliableChange: null,
} as const;

export const IAPT_PHOBIA_THRESHOLDS = {
  // clinical.md "IAPT Phobia Scales": a score of 4 or more on an item is caseness for that
  // phobia. There is no total score, band or reliable change in clinical.md.
  itemCaseness: 4,
} as const;

/** Item ranges, shared by the option lists (clinical.md). */
export const ITEM_RANGES = {
  // clinical.md: PHQ-9 and GAD-7 answers 0 (not at all) to 3 (nearly every day).
  frequency: { min: 0, max: 3 },
  // clinical.md: WSAS and IAPT phobia scale items each 0–8.
  zeroToEight: { min: 0, max: 8 },
} as const;
