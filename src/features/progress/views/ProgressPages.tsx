import { Tag } from 'nhsuk-react-components';
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
              summary={s.summary}
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

const CHANGE_TAG = {
  improved: { text: 'Reliable improvement', modifier: 'green' },
  deteriorated: { text: 'Reliable deterioration', modifier: 'red' },
  'no-change': { text: 'No reliable change', modifier: 'grey' },
} as const;

export function StaffProgressPage({
  patientName,
  patientId,
  series,
}: {
  patientName: string;
  patientId: string;
  series: MeasureSeries[];
}) {
  return (
    <>
      <span className="nhsuk-caption-l">{patientName}</span>
      <h1>Scores by session</h1>
      <p>
        <a href={`/patients/${patientId}`}>Back to the patient record</a>
      </p>
      {series.map((s) => (
        <section key={s.measureId} aria-labelledby={`${s.measureId}-heading`}>
          <h2 id={`${s.measureId}-heading`}>{s.title}</h2>
          {s.points.length === 0 ? (
            <p>No scores yet.</p>
          ) : (
            <>
              <p>
                Latest {s.latest} (first {s.first})
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
                title={`${s.title} by session`}
                max={s.max}
                points={s.points}
                threshold={s.threshold}
                summary={s.summary}
              />
            </>
          )}
        </section>
      ))}
    </>
  );
}
