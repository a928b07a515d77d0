import { formatLondonDate } from '../../domain/calendar';
import { describeBaseline, pairScores } from '../../domain/outcomes';
import {
  bandFor,
  compareTotals,
  MEASURES,
  isCaseness,
  maxTotalOf,
  reliableChange,
  type MeasureId,
  type ReliableChange,
} from '../../domain/measures';

export interface ScoreRecord {
  /** The response id: the baseline is found by it. */
  id: string;
  measureId: string;
  total: number | null;
  context: 'referral' | 'assessment' | 'session';
  completedAt: Date;
  /** Session number when the score belongs to a treatment session. */
  sessionNumber?: number | null;
  /** The stored answers: an item answered "not applicable" lowers the score's maximum. */
  answers?: Readonly<Record<string, unknown>>;
  /**
   * Answered before a session that was then cancelled or missed: shown, as it is how the person
   * was, but not counted in the course's outcome (`sessionScoresCount`), and said so.
   */
  sessionNotHeld?: boolean;
}

export interface MeasureSeries {
  measureId: MeasureId;
  title: string;
  patientTitle: string;
  max: number;
  threshold: { value: number; label: string } | undefined;
  /** One kind of x axis per chart: session numbers when every score has one, otherwise dates. */
  xAxisTitle: 'Session number' | 'Date';
  /** `outOf` is the score's own maximum (WSAS without the work question is out of 32). */
  points: { tick: string; label: string; score: number; outOf: number; when: Date }[];
  /** The score change is measured from (ADR 0005), as an index into points, with its words. */
  baseline: { index: number; words: string } | null;
  first: number | null;
  latest: number | null;
  /**
   * The baseline and the latest score are out of different maxima (one left out the WSAS work
   * question): they are not compared (`compareTotals`, hazard H5).
   */
  notCompared: boolean;
  change: ReliableChange | null;
  latestAtCaseness: boolean | null;
  latestBand: string | null;
  /** Screen-reader and clinician summary. */
  summary: string;
  /** Kind, non-alarming words for the patient. */
  patientSummary: string;
}

export const CHARTED_MEASURES: MeasureId[] = ['phq9', 'gad7', 'wsas'];

/** "8 October": the London day without the year, for chart ticks. */
const shortDate = (d: Date) => formatLondonDate(d).replace(/ \d{4}$/, '');

export function pointLabel(r: ScoreRecord): string {
  if (r.context === 'referral') return 'Referral';
  if (r.context === 'assessment') return 'Assessment';
  if (r.sessionNumber) return `Session ${r.sessionNumber}`;
  return shortDate(r.completedAt);
}

/** Full words for the data table: "Referral, 1 September 2026" or "Session 3, 8 October 2026". */
function tableLabel(r: ScoreRecord): string {
  const date = formatLondonDate(r.completedAt);
  const notHeld = r.sessionNotHeld ? ', before a session that did not take place' : '';
  if (r.context === 'session' && !r.sessionNumber) return `${date}${notHeld}`;
  return `${pointLabel(r)}, ${date}${notHeld}`;
}

/**
 * Groups scores by measure, oldest first, with first/latest, reliable change and summaries.
 * `baselineFrom` holds the scores of the patient's course (outcomes `scoresOfCourse`): the
 * baseline is the pairing rule's first score among them (ADR 0005), the same as the caseload's
 * and the stored outcome's. Without it (no course yet) the rule runs over every score shown.
 */
export function buildSeries(
  records: readonly ScoreRecord[],
  baselineFrom?: readonly ScoreRecord[],
): MeasureSeries[] {
  return CHARTED_MEASURES.map((measureId) => {
    const measure = MEASURES[measureId];
    const rows = records
      .filter((r) => r.measureId === measureId && r.total !== null)
      .sort((a, b) => a.completedAt.getTime() - b.completedAt.getTime());
    const bySession = rows.length > 0 && rows.every((r) => r.sessionNumber);
    const max = measure.totalRange?.max ?? 27;
    const points = rows.map((r) => ({
      tick: bySession ? String(r.sessionNumber) : shortDate(r.completedAt),
      label: tableLabel(r),
      score: r.total as number,
      outOf: (r.answers && maxTotalOf(measure, r.answers)) ?? max,
      when: r.completedAt,
      notHeld: r.sessionNotHeld === true,
    }));
    const pair = pairScores(
      (baselineFrom ?? rows).filter((r) => r.measureId === measureId),
      measureId,
    );
    const baselineIndex = rows.findIndex((r) => r.id === pair.first?.responseId);
    const baselineRow = rows[baselineIndex];
    const baseline =
      pair.first && baselineRow
        ? {
            index: baselineIndex,
            words: describeBaseline({
              context: pair.first.context,
              total: pair.first.total,
              sessionNumber: baselineRow.sessionNumber ?? null,
            }),
          }
        : null;
    const first = baseline ? (points[baseline.index]?.score ?? null) : null;
    const latest = points.at(-1)?.score ?? null;
    const change =
      first !== null && latest !== null && baseline && baseline.index < points.length - 1
        ? reliableChange(measureId, first, latest)
        : null;
    const threshold =
      measure.casenessThreshold !== null
        ? {
            value: measure.casenessThreshold,
            label: `Caseness line: ${measure.casenessThreshold} or more`,
          }
        : undefined;
    const latestAtCaseness = latest !== null ? isCaseness(measureId, latest) : null;
    const latestBand = latest !== null ? (bandFor(measureId, latest)?.label ?? null) : null;
    const firstPoint = baseline ? points[baseline.index] : undefined;
    const lastPoint = points.at(-1);
    const notCompared =
      firstPoint !== undefined &&
      lastPoint !== undefined &&
      firstPoint !== lastPoint &&
      !compareTotals(
        { total: firstPoint.score, maxTotal: firstPoint.outOf },
        { total: lastPoint.score, maxTotal: lastPoint.outOf },
      ).comparable;
    return {
      measureId,
      title: measure.shortTitle,
      patientTitle: measure.patientTitle,
      max,
      xAxisTitle: bySession ? 'Session number' : 'Date',
      threshold,
      points,
      baseline,
      first,
      latest,
      notCompared,
      change,
      latestAtCaseness,
      latestBand,
      summary: clinicianSummary(measure.shortTitle, points, firstPoint, change),
      patientSummary: patientSummary(measureId, points),
    };
  });
}

function clinicianSummary(
  title: string,
  points: { label: string; score: number; outOf: number; notHeld: boolean }[],
  baseline: { label: string; score: number; outOf: number } | undefined,
  change: ReliableChange | null,
): string {
  const summary = changeSummary(title, points, baseline, change);
  // Said where the outcome and this page could seem to disagree (walk 9, finding 5).
  return points.at(-1)?.notHeld
    ? `${summary} The latest score was answered before a session that did not take place, so the course's outcome does not count it.`
    : summary;
}

function changeSummary(
  title: string,
  points: { label: string; score: number; outOf: number }[],
  baseline: { label: string; score: number; outOf: number } | undefined,
  change: ReliableChange | null,
): string {
  const first = baseline ?? points[0];
  const last = points.at(-1);
  if (!first || !last) return `No ${title} scores yet.`;
  if (points.length === 1)
    return `${title}: one score, ${first.score} out of ${first.outOf} at ${first.label}.`;
  // Null when the measure has no reliable change rule (WSAS) or nothing to compare: nothing is
  // said about reliable change then, rather than a "no reliable change" nobody measured.
  const changeText =
    change === 'improved'
      ? ': a reliable improvement'
      : change === 'deteriorated'
        ? ': a reliable deterioration'
        : change === 'no-change'
          ? ': no reliable change'
          : '';
  if (first.outOf !== last.outOf)
    return `${title}: ${points.length} scores. From the first score, ${first.score} out of ${first.outOf} (${first.label}), to ${last.score} out of ${last.outOf} (${last.label})${changeText}.`;
  return `${title}: ${points.length} scores. From the first score, ${first.score} (${first.label}), to ${last.score} (${last.label}), out of ${last.outOf}${changeText}.`;
}

/** The questionnaire in everyday words, with the short name the person sees on its page. */
const PATIENT_NAMES: Partial<Record<MeasureId, string>> = {
  phq9: 'the low mood questionnaire (PHQ-9)',
  gad7: 'the anxiety questionnaire (GAD-7)',
  wsas: 'the questionnaire about day-to-day life (WSAS)',
};

/** "Referral, 1 September 2026" as words inside a sentence: "referral, 1 September 2026". */
const inSentence = (label: string) => label.charAt(0).toLowerCase() + label.slice(1);

/**
 * Plain words for the patient, from the first score they see in the chart and table to the latest
 * (the same two numbers as the table, and which is which said): no bands, no caseness and no
 * reliable change, which are for the therapist to talk through with them.
 */
function patientSummary(
  measureId: MeasureId,
  points: { label: string; score: number; outOf: number }[],
): string {
  const name = PATIENT_NAMES[measureId] ?? `the ${MEASURES[measureId].shortTitle} questionnaire`;
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return 'You have not answered these questions yet.';
  if (points.length === 1)
    return `Your score on ${name} was ${last.score}. Lower is better. As you answer again before each session, you will see how things change.`;
  const from = `your first score (${inSentence(first.label)})`;
  const to = `your latest (${inSentence(last.label)})`;
  // A question left out of one (WSAS without work: out of 32, not 40): the two numbers are not
  // like for like, so no "went from ... to" (hazard H5, as the staff summary and caseload).
  if (first.outOf !== last.outOf)
    return `Your score on ${name} was ${first.score} out of ${first.outOf}, ${from}, and ${last.score} out of ${last.outOf}, ${to}. One of them left out the question about work, so the two are not compared. Lower is better.`;
  if (first.score === last.score)
    return `Your score on ${name} is ${last.score}, ${to}, the same as ${from}. Lower is better.`;
  return `Your score on ${name} went from ${first.score}, ${from}, to ${last.score}, ${to}. Lower is better.`;
}
