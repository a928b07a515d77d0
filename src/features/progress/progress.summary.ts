import { formatDate, utcToLondon } from '../../domain/calendar';
import {
  bandFor,
  describeChangeForPatient,
  MEASURES,
  isCaseness,
  reliableChange,
  type MeasureId,
  type ReliableChange,
} from '../../domain/measures';

export interface ScoreRecord {
  measureId: string;
  total: number | null;
  context: 'referral' | 'assessment' | 'session';
  completedAt: Date;
  /** Session number when the score belongs to a treatment session. */
  sessionNumber?: number | null;
}

export interface MeasureSeries {
  measureId: MeasureId;
  title: string;
  patientTitle: string;
  max: number;
  threshold: { value: number; label: string } | undefined;
  points: { label: string; score: number; when: Date }[];
  first: number | null;
  latest: number | null;
  change: ReliableChange | null;
  latestAtCaseness: boolean | null;
  latestBand: string | null;
  /** Screen-reader and clinician summary. */
  summary: string;
  /** Kind, non-alarming words for the patient. */
  patientSummary: string;
}

export const CHARTED_MEASURES: MeasureId[] = ['phq9', 'gad7', 'wsas'];

export function pointLabel(r: ScoreRecord): string {
  if (r.context === 'referral') return 'Referral';
  if (r.context === 'assessment') return 'Assessment';
  if (r.sessionNumber) return `Session ${r.sessionNumber}`;
  return formatDate(utcToLondon(r.completedAt).date).replace(/ \d{4}$/, '');
}

/** Groups scores by measure, oldest first, with first/latest, reliable change and summaries. */
export function buildSeries(records: readonly ScoreRecord[]): MeasureSeries[] {
  return CHARTED_MEASURES.map((measureId) => {
    const measure = MEASURES[measureId];
    const rows = records
      .filter((r) => r.measureId === measureId && r.total !== null)
      .sort((a, b) => a.completedAt.getTime() - b.completedAt.getTime());
    const points = rows.map((r) => ({
      label: pointLabel(r),
      score: r.total as number,
      when: r.completedAt,
    }));
    const first = points[0]?.score ?? null;
    const latest = points.at(-1)?.score ?? null;
    const change =
      first !== null && latest !== null && points.length > 1
        ? reliableChange(measureId, first, latest)
        : null;
    const threshold =
      measure.casenessThreshold !== null
        ? { value: measure.casenessThreshold, label: `Caseness (${measure.casenessThreshold})` }
        : undefined;
    const latestAtCaseness = latest !== null ? isCaseness(measureId, latest) : null;
    const latestBand = latest !== null ? (bandFor(measureId, latest)?.label ?? null) : null;
    const max = measure.totalRange?.max ?? 27;
    return {
      measureId,
      title: measure.shortTitle,
      patientTitle: measure.patientTitle,
      max,
      threshold,
      points,
      first,
      latest,
      change,
      latestAtCaseness,
      latestBand,
      summary: clinicianSummary(measure.shortTitle, points, change, max),
      patientSummary: patientSummary(measureId, points, change),
    };
  });
}

function clinicianSummary(
  title: string,
  points: { label: string; score: number }[],
  change: ReliableChange | null,
  max: number,
): string {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return `No ${title} scores yet.`;
  if (points.length === 1)
    return `${title}: one score, ${first.score} out of ${max} at ${first.label}.`;
  const changeText =
    change === 'improved'
      ? 'a reliable improvement'
      : change === 'deteriorated'
        ? 'a reliable deterioration'
        : 'no reliable change';
  return `${title}: ${points.length} scores, from ${first.score} at ${first.label} to ${last.score} at ${last.label} (out of ${max}): ${changeText}.`;
}

function patientSummary(
  measureId: MeasureId,
  points: { score: number }[],
  change: ReliableChange | null,
): string {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return 'You have not answered these questions yet.';
  if (points.length === 1)
    return `Your score was ${first.score}. As you answer again before each session, you will see how things change.`;
  const words = change ? describeChangeForPatient(measureId, change) : null;
  return words ?? `Your scores went from ${first.score} to ${last.score}.`;
}
