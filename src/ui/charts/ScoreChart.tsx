/**
 * A server-rendered SVG line chart of one questionnaire's scores over time, with a caseness line.
 * Readable by screen readers (role="img" with a title and a plain-English summary) and always
 * paired with a data table, so nothing depends on seeing the picture or on JavaScript.
 */

export interface ScorePoint {
  /** What the x axis shows for this point, e.g. "Session 3" or "12 Nov". */
  label: string;
  score: number;
}

export interface ScoreChartProps {
  id: string;
  title: string;
  /** Highest possible score (27 for PHQ-9, 21 for GAD-7, 40 for WSAS). */
  max: number;
  points: ScorePoint[];
  /** Scores at or above this line count as "caseness"; omitted for measures without one. */
  threshold?: { value: number; label: string };
  /** Plain-English summary read out instead of the picture. */
  summary: string;
  width?: number;
  height?: number;
}

// Drawn on a small canvas so text stays readable when a phone scales the picture down.
const PAD = { top: 20, right: 12, bottom: 44, left: 30 };

/** A short axis label: "Session 3" → "3", "Referral" → "Ref", "Assessment" → "Assess". */
export function axisLabel(label: string): string {
  const session = /^Session (\d+)$/.exec(label)?.[1];
  if (session !== undefined) return session;
  if (label === 'Referral') return 'Ref';
  if (label === 'Assessment') return 'Assess';
  return label;
}

export function chartGeometry(props: Pick<ScoreChartProps, 'max' | 'points' | 'width' | 'height'>) {
  const width = props.width ?? 360;
  const height = props.height ?? 220;
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const n = props.points.length;
  const x = (i: number) => PAD.left + (n <= 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (score: number) =>
    PAD.top + plotH - (Math.max(0, Math.min(score, props.max)) / props.max) * plotH;
  return { width, height, plotW, plotH, x, y };
}

function ticks(max: number): number[] {
  const step = max <= 21 ? 3 : max <= 27 ? 3 : 5;
  const out: number[] = [];
  for (let v = 0; v <= max; v += step) out.push(v);
  if (out[out.length - 1] !== max) out.push(max);
  return out;
}

export function ScoreChart(props: ScoreChartProps) {
  const { id, title, max, points, threshold, summary } = props;
  const g = chartGeometry(props);
  // With many points, label every second or third one so labels never overlap.
  const labelEvery = Math.max(1, Math.ceil(points.length / 8));
  const showValues = points.length <= 10;
  const path = points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${g.x(i).toFixed(1)},${g.y(p.score).toFixed(1)}`)
    .join(' ');
  return (
    <figure className="rapport-chart nhsuk-u-margin-bottom-5" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="nhsuk-heading-s nhsuk-u-margin-bottom-2">
        {title}
      </figcaption>
      <svg
        viewBox={`0 0 ${g.width} ${g.height}`}
        width={g.width}
        height={g.height}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        focusable="false"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        {ticks(max).map((v) => (
          <g key={v}>
            <line
              x1={PAD.left}
              x2={g.width - PAD.right}
              y1={g.y(v)}
              y2={g.y(v)}
              stroke="#d8dde0"
              strokeWidth="1"
            />
            <text x={PAD.left - 5} y={g.y(v) + 4} textAnchor="end" fontSize="11" fill="#4c6272">
              {v}
            </text>
          </g>
        ))}
        {threshold ? (
          <g>
            <line
              x1={PAD.left}
              x2={g.width - PAD.right}
              y1={g.y(threshold.value)}
              y2={g.y(threshold.value)}
              stroke="#d5281b"
              strokeWidth="2"
              strokeDasharray="6 4"
            />
            <text
              x={g.width - PAD.right}
              y={g.y(threshold.value) - 6}
              textAnchor="end"
              fontSize="12"
              fill="#d5281b"
            >
              {threshold.label}
            </text>
          </g>
        ) : null}
        {points.length > 1 ? (
          <path d={path} fill="none" stroke="#005eb8" strokeWidth="2.5" />
        ) : null}
        <text
          x={PAD.left + (g.width - PAD.left - PAD.right) / 2}
          y={g.height - 6}
          textAnchor="middle"
          fontSize="11"
          fill="#4c6272"
        >
          Session
        </text>
        {points.map((p, i) => (
          <g key={`${p.label}-${i}`}>
            <circle cx={g.x(i)} cy={g.y(p.score)} r="4" fill="#005eb8" />
            {showValues ? (
              <text
                x={g.x(i)}
                y={g.y(p.score) - 8}
                textAnchor="middle"
                fontSize="12"
                fill="#212b32"
              >
                {p.score}
              </text>
            ) : null}
            {i % labelEvery === 0 || i === points.length - 1 ? (
              <text
                x={g.x(i)}
                y={g.height - PAD.bottom + 16}
                textAnchor="middle"
                fontSize="11"
                fill="#4c6272"
              >
                {axisLabel(p.label)}
              </text>
            ) : null}
          </g>
        ))}
      </svg>
      <details className="nhsuk-details nhsuk-u-margin-top-2">
        <summary className="nhsuk-details__summary">
          <span className="nhsuk-details__summary-text">Show {title} as a table</span>
        </summary>
        <div className="nhsuk-details__text">
          <table className="nhsuk-table">
            <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">{title}</caption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th scope="col" className="nhsuk-table__header">
                  When
                </th>
                <th scope="col" className="nhsuk-table__header">
                  Score (out of {max})
                </th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {points.map((p, i) => (
                <tr className="nhsuk-table__row" key={`${p.label}-${i}`}>
                  <td className="nhsuk-table__cell">{p.label}</td>
                  <td className="nhsuk-table__cell">{p.score}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
