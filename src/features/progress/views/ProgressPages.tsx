import { Tag } from 'nhsuk-react-components';
import { whyNotCompared } from '../../../domain/measures';
import { describeChange } from '../../../domain/outcomes';
import { ScoreChart } from '../../../ui/charts/ScoreChart';
import type { MeasureSeries } from '../progress.summary';

export function PatientProgressPage({ series }: { series: MeasureSeries[] }) {
  const any = series.some((s) => s.points.length > 0);
  return (
    <>
      <h1>Your progress</h1>
      <p className="nhsuk-lede-text">
        These are your answers to the short questionnaires, over time. Lower scores mean fewer
        difficulties.
      </p>
      <p>
        Scores go up and down, and that is normal. Your therapist looks at them with you. They are
        one way of seeing how things are going, not a judgement of you.
      </p>
      {!any ? (
        <p>You have not answered any questionnaires yet. You will be asked before each session.</p>
      ) : null}
      {series
        .filter((s) => s.points.length > 0)
        .map((s) => (
          <section key={s.measureId} aria-labelledby={`${s.measureId}-heading`}>
            <h2 id={`${s.measureId}-heading`}>{s.patientTitle}</h2>
            <p>{s.patientSummary}</p>
            <ScoreChart
              id={`chart-${s.measureId}`}
              title={`${s.patientTitle}: your scores`}
              max={s.max}
              points={s.points}
              xAxisTitle={s.xAxisTitle}
              // The patient's starting score is the first one shown, as their summary says.
              baseline={
                s.points.length > 1
                  ? { index: 0, label: `Your first score: ${s.points[0]?.score ?? ''}` }
                  : undefined
              }
              summary={s.patientSummary}
            />
          </section>
        ))}
      <div className="nhsuk-inset-text">
        <p>
          If you are finding things hard right now, you do not have to wait for your next session.{' '}
          <a href="/urgent-help">Get help now</a>.
        </p>
      </div>
    </>
  );
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * "Latest 9 (down 7 since the first score, at session 1, 16)". Two scores out of different
 * maxima (one left out the WSAS work question) are not compared, and the words say why (H5).
 */
function latestWords(s: MeasureSeries): string {
  const latest = `Latest ${s.latest ?? ''}`;
  if (!s.baseline) return latest;
  const baselinePoint = s.points[s.baseline.index];
  const lastPoint = s.points.at(-1);
  if (s.notCompared && baselinePoint && lastPoint)
    return `${latest} out of ${lastPoint.outOf} (not compared with the ${s.baseline.words} out of ${baselinePoint.outOf}, because ${whyNotCompared(s.measureId)})`;
  if (s.first !== null && s.latest !== null && s.baseline.index < s.points.length - 1)
    return `${latest} (${describeChange(s.first, s.latest)} since the ${s.baseline.words})`;
  return `${latest} (the ${s.baseline.words})`;
}

const CHANGE_TAG = {
  improved: { text: 'Reliable improvement', modifier: 'green' },
  deteriorated: { text: 'Reliable deterioration', modifier: 'red' },
  'no-change': { text: 'No reliable change', modifier: 'grey' },
} as const;

export function StaffProgressPage({
  patientName,
  series,
}: {
  patientName: string;
  series: MeasureSeries[];
}) {
  return (
    <>
      <span className="nhsuk-caption-l">{patientName}</span>
      <h1>Scores by session</h1>
      <p>
        Change is measured from the first score of the current course: the first session score, or
        the assessment or referral score when there is only one session score (the same baseline as
        the caseload and the course outcome).
      </p>
      {series.map((s) => (
        <section key={s.measureId} aria-labelledby={`${s.measureId}-heading`}>
          <h2 id={`${s.measureId}-heading`}>{s.title}</h2>
          {s.points.length === 0 ? (
            <p>No scores yet.</p>
          ) : (
            <>
              <p>
                {latestWords(s)}
                {s.latestBand ? `, ${s.latestBand.toLowerCase()}` : ''}
                {s.latestAtCaseness === true
                  ? ', at caseness'
                  : s.latestAtCaseness === false
                    ? ', below caseness'
                    : ''}
                .{' '}
                {s.change ? (
                  <Tag modifier={CHANGE_TAG[s.change].modifier}>{CHANGE_TAG[s.change].text}</Tag>
                ) : null}
              </p>
              <ScoreChart
                id={`chart-${s.measureId}`}
                title={`${s.title} scores over time`}
                max={s.max}
                points={s.points}
                xAxisTitle={s.xAxisTitle}
                threshold={s.threshold}
                baseline={
                  s.baseline
                    ? { index: s.baseline.index, label: capitalise(s.baseline.words) }
                    : undefined
                }
                summary={s.summary}
              />
            </>
          )}
        </section>
      ))}
    </>
  );
}
