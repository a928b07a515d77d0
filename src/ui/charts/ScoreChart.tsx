/**
 * A server-rendered SVG line chart of one questionnaire's scores over time, with a caseness line
 * and the first score (the baseline) marked. Readable by screen readers (role="img" with a title
 * and a plain-English summary) and always paired with a data table, so nothing depends on seeing
 * the picture or on JavaScript.
 *
 * The picture scales to its container (viewBox, width 100%). Every label is placed by
 * `chartLayout`, which keeps text inside the picture and keeps the caseness and baseline labels
 * in a key below the axis, away from the points.
 */

export interface ScorePoint {
  /** The x-axis tick: one kind per chart, a session number ("3") or a short date ("12 Nov"). */
  tick: string;
  /** Full words for the data table, e.g. "Session 3, 12 November 2026". */
  label: string;
  score: number;
  /** The score's own maximum when it is lower than the chart's (an item not applicable). */
  outOf?: number;
}

export interface ScoreChartProps {
  id: string;
  title: string;
  /** Highest possible score (27 for PHQ-9, 21 for GAD-7, 40 for WSAS). */
  max: number;
  points: ScorePoint[];
  /** What the ticks are: "Session number" or "Date". */
  xAxisTitle: string;
  /** Scores at or above this line count as "caseness"; omitted for measures without one. */
  threshold?: { value: number; label: string };
  /** The point change is measured from, with its words ("First score, at referral: 18"). */
  baseline?: { index: number; label: string };
  /** Plain-English summary read out instead of the picture. */
  summary: string;
  width?: number;
}

export const FONT_SIZE = 13;
const PLOT_HEIGHT = 180;
const PAD = { top: 24, right: 16, left: 36 };
const TICK_GAP = 18;
const AXIS_TITLE_GAP = 20;
const KEY_ROW = 22;
const EDGE = 2;

/** A rough width for text in the chart's font; generous, so estimates err towards fitting. */
export function textWidth(text: string, fontSize = FONT_SIZE): number {
  return text.length * fontSize * 0.62;
}

export interface TextBox {
  x: number;
  y: number;
  text: string;
  /** Left edge and width of the text (drawn with text-anchor start). */
  left: number;
  width: number;
}

export interface KeyItem extends TextBox {
  kind: 'threshold' | 'baseline';
  /** Where the sample line or ring is drawn, left of the text. */
  sampleX: number;
}

function ticksFor(max: number): number[] {
  const step = max <= 27 ? 3 : 5;
  const out: number[] = [];
  for (let v = 0; v <= max; v += step) out.push(v);
  if (out[out.length - 1] !== max) out.push(max);
  return out;
}

/** Where everything goes. Pure, so the tests can check that nothing is clipped or overlaps. */
export function chartLayout(
  props: Pick<ScoreChartProps, 'max' | 'points' | 'threshold' | 'baseline' | 'width'>,
) {
  const width = props.width ?? 480;
  const plot = {
    left: PAD.left,
    right: width - PAD.right,
    top: PAD.top,
    bottom: PAD.top + PLOT_HEIGHT,
  };
  const plotW = plot.right - plot.left;
  const n = props.points.length;
  const x = (i: number) => plot.left + (n <= 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (score: number) =>
    plot.bottom - (Math.max(0, Math.min(score, props.max)) / props.max) * PLOT_HEIGHT;

  // Keep a text box inside the picture, centred on `centre` where it can be.
  const fit = (text: string, centre: number, baselineY: number): TextBox => {
    const w = textWidth(text);
    const left = Math.min(Math.max(centre - w / 2, EDGE), width - EDGE - w);
    return { x: left, y: baselineY, text, left, width: w };
  };

  // Label every k-th tick, k chosen so neighbouring labels never touch; the last always shows.
  const widest = Math.max(0, ...props.points.map((p) => textWidth(p.tick)));
  const step = n <= 1 ? Infinity : plotW / (n - 1);
  const every = Math.max(1, Math.ceil((widest + 8) / step));
  const tickY = plot.bottom + TICK_GAP;
  const lastPoint = props.points.at(-1);
  const lastBox = lastPoint ? fit(lastPoint.tick, x(n - 1), tickY) : null;
  const apart = (a: TextBox, b: TextBox) =>
    a.left + a.width + 4 <= b.left || b.left + b.width + 4 <= a.left;
  const xLabels: TextBox[] = [];
  props.points.slice(0, -1).forEach((p, i) => {
    if (i % every !== 0) return;
    const box = fit(p.tick, x(i), tickY);
    // Kept inside the picture, the last label can shift left: drop any that would touch it.
    if (lastBox && !apart(box, lastBox)) return;
    xLabels.push(box);
  });
  if (lastBox) xLabels.push(lastBox);

  const axisTitleY = tickY + AXIS_TITLE_GAP;
  const key: KeyItem[] = [];
  const keyText = (kind: KeyItem['kind'], text: string) => {
    const rowY = axisTitleY + KEY_ROW * (key.length + 1);
    const sampleX = plot.left;
    const w = textWidth(text);
    key.push({ kind, sampleX, x: sampleX + 30, y: rowY, text, left: sampleX + 30, width: w });
  };
  if (props.threshold) keyText('threshold', props.threshold.label);
  const baseline =
    props.baseline && props.points[props.baseline.index] ? props.baseline : undefined;
  if (baseline) keyText('baseline', baseline.label);

  const height = axisTitleY + KEY_ROW * key.length + 10;
  return {
    width,
    height,
    plot,
    x,
    y,
    yTicks: ticksFor(props.max),
    xLabels,
    axisTitle: { x: plot.left + plotW / 2, y: axisTitleY },
    key,
    baselineIndex: baseline?.index ?? null,
    showValues: n <= 10,
  };
}

export function ScoreChart(props: ScoreChartProps) {
  const { id, title, max, points, threshold, summary, xAxisTitle } = props;
  const g = chartLayout(props);
  const path = points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${g.x(i).toFixed(1)},${g.y(p.score).toFixed(1)}`)
    .join(' ');
  const grey = '#4c6272';
  return (
    <figure className="rapport-chart nhsuk-u-margin-bottom-5" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="nhsuk-heading-s nhsuk-u-margin-bottom-2">
        {title}
      </figcaption>
      <svg
        viewBox={`0 0 ${g.width} ${g.height}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        focusable="false"
        fontSize={FONT_SIZE}
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        {g.yTicks.map((v) => (
          <g key={v}>
            <line
              x1={g.plot.left}
              x2={g.plot.right}
              y1={g.y(v)}
              y2={g.y(v)}
              stroke="#d8dde0"
              strokeWidth="1"
            />
            <text x={g.plot.left - 6} y={g.y(v) + 4} textAnchor="end" fill={grey}>
              {v}
            </text>
          </g>
        ))}
        {threshold ? (
          <line
            x1={g.plot.left}
            x2={g.plot.right}
            y1={g.y(threshold.value)}
            y2={g.y(threshold.value)}
            stroke="#d5281b"
            strokeWidth="2"
            strokeDasharray="6 4"
          />
        ) : null}
        {points.length > 1 ? (
          <path d={path} fill="none" stroke="#005eb8" strokeWidth="2.5" />
        ) : null}
        {points.map((p, i) => (
          <g key={`${p.label}-${i}`}>
            {i === g.baselineIndex ? (
              <circle
                cx={g.x(i)}
                cy={g.y(p.score)}
                r="8"
                fill="none"
                stroke="#212b32"
                strokeWidth="2"
              />
            ) : null}
            <circle cx={g.x(i)} cy={g.y(p.score)} r="4" fill="#005eb8" />
            {g.showValues ? (
              <text x={g.x(i)} y={g.y(p.score) - 11} textAnchor="middle" fill="#212b32">
                {p.score}
              </text>
            ) : null}
          </g>
        ))}
        {g.xLabels.map((l, i) => (
          <text key={`x-${i}`} x={l.x} y={l.y} textAnchor="start" fill={grey}>
            {l.text}
          </text>
        ))}
        <text x={g.axisTitle.x} y={g.axisTitle.y} textAnchor="middle" fill={grey}>
          {xAxisTitle}
        </text>
        {g.key.map((k) =>
          k.kind === 'threshold' ? (
            <g key={k.kind}>
              <line
                x1={k.sampleX}
                x2={k.sampleX + 22}
                y1={k.y - 4}
                y2={k.y - 4}
                stroke="#d5281b"
                strokeWidth="2"
                strokeDasharray="6 4"
              />
              <text x={k.x} y={k.y} fill="#d5281b">
                {k.text}
              </text>
            </g>
          ) : (
            <g key={k.kind}>
              <circle
                cx={k.sampleX + 11}
                cy={k.y - 4}
                r="7"
                fill="none"
                stroke="#212b32"
                strokeWidth="2"
              />
              <text x={k.x} y={k.y} fill="#212b32">
                {k.text}
              </text>
            </g>
          ),
        )}
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
                  <td className="nhsuk-table__cell">
                    {p.label}
                    {i === g.baselineIndex ? ' (first score)' : ''}
                  </td>
                  <td className="nhsuk-table__cell">
                    {p.score}
                    {p.outOf !== undefined && p.outOf !== max ? ` (out of ${p.outOf})` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
