/**
 * A server-rendered SVG bar chart (horizontal bars, one per row), for report figures. Like
 * ScoreChart it is an image with a title and a plain-English summary, and the page always shows
 * the same figures in a table, so nothing depends on seeing the picture or on JavaScript.
 */
import { FONT_SIZE, textWidth } from './ScoreChart';

export interface Bar {
  label: string;
  /** null: not shown (suppressed or nothing to measure); drawn as an empty row. */
  value: number | null;
  /** Text after the bar, e.g. "52%". */
  valueText: string;
}

export interface BarChartProps {
  id: string;
  title: string;
  bars: readonly Bar[];
  /** The largest value the axis shows (1 for rates). */
  max: number;
  /** A reference line, e.g. a national target. */
  marker?: { value: number; label: string };
  summary: string;
  width?: number;
}

const ROW = 26;
const BAR = 16;

export function barChartLayout(props: Pick<BarChartProps, 'bars' | 'max' | 'width' | 'marker'>) {
  const width = props.width ?? 480;
  const labelWidth = Math.min(
    width * 0.4,
    Math.max(40, ...props.bars.map((b) => textWidth(b.label))) + 8,
  );
  const valueWidth = Math.max(36, ...props.bars.map((b) => textWidth(b.valueText))) + 6;
  const plot = { left: labelWidth, right: width - valueWidth };
  const scale = (v: number) =>
    plot.left + (Math.max(0, Math.min(v, props.max)) / (props.max || 1)) * (plot.right - plot.left);
  const top = 8;
  const height = top + props.bars.length * ROW + (props.marker ? ROW : 8);
  return { width, height, plot, scale, top, labelWidth };
}

export function BarChart(props: BarChartProps) {
  const { width, height, plot, scale, top, labelWidth } = barChartLayout(props);
  const titleId = `${props.id}-title`;
  const descId = `${props.id}-desc`;
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      role="img"
      aria-labelledby={`${titleId} ${descId}`}
      className="rapport-chart"
    >
      <title id={titleId}>{props.title}</title>
      <desc id={descId}>{props.summary}</desc>
      {props.bars.map((b, i) => {
        const y = top + i * ROW;
        const end = b.value === null ? plot.left : scale(b.value);
        return (
          <g key={b.label}>
            <text x={labelWidth - 6} y={y + BAR - 3} textAnchor="end" fontSize={FONT_SIZE}>
              {b.label.length * FONT_SIZE * 0.62 > labelWidth - 8
                ? `${b.label.slice(0, Math.floor((labelWidth - 8) / (FONT_SIZE * 0.62)) - 1)}…`
                : b.label}
            </text>
            <rect
              x={plot.left}
              y={y}
              width={Math.max(0, end - plot.left)}
              height={BAR}
              fill="#005eb8"
            />
            <text x={end + 4} y={y + BAR - 3} fontSize={FONT_SIZE}>
              {b.valueText}
            </text>
          </g>
        );
      })}
      {props.marker ? (
        <g>
          <line
            x1={scale(props.marker.value)}
            x2={scale(props.marker.value)}
            y1={top - 4}
            y2={top + props.bars.length * ROW}
            stroke="#d5281b"
            strokeWidth={2}
            strokeDasharray="4 3"
          />
          <text
            x={plot.left}
            y={top + props.bars.length * ROW + FONT_SIZE + 4}
            fontSize={FONT_SIZE}
          >
            Dashed line: {props.marker.label}
          </text>
        </g>
      ) : null}
    </svg>
  );
}
