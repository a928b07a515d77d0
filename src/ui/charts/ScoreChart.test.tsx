import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { axisLabel, chartGeometry, ScoreChart } from './ScoreChart';

describe('ScoreChart', () => {
  const points = [
    { label: 'Session 1', score: 18 },
    { label: 'Session 2', score: 14 },
    { label: 'Session 3', score: 9 },
  ];
  it('draws an accessible SVG with a title, summary, caseness line and a table alternative', () => {
    const html = renderToStaticMarkup(
      <ScoreChart
        id="phq9"
        title="PHQ-9 (low mood)"
        max={27}
        points={points}
        threshold={{ value: 10, label: 'Caseness (10)' }}
        summary="Went from 18 to 9."
      />,
    );
    expect(html).toContain('role="img"');
    expect(html).toContain('aria-labelledby="phq9-title phq9-desc"');
    expect(html).toContain('<desc id="phq9-desc">Went from 18 to 9.</desc>');
    expect(html).toContain('Caseness (10)');
    expect(html).toContain('<path d="M');
    expect(html.match(/<circle/g)).toHaveLength(3);
    expect(html).toContain(
      '<td class="nhsuk-table__cell">Session 2</td><td class="nhsuk-table__cell">14</td>',
    );
  });
  it('puts higher scores higher up and clamps out-of-range values', () => {
    const g = chartGeometry({ max: 27, points });
    expect(g.y(27)).toBeLessThan(g.y(0));
    expect(g.y(40)).toBe(g.y(27));
    expect(g.y(-5)).toBe(g.y(0));
  });
  it('centres a single point and draws no line', () => {
    const html = renderToStaticMarkup(
      <ScoreChart
        id="x"
        title="T"
        max={21}
        points={[{ label: 'Session 1', score: 7 }]}
        summary="One score."
      />,
    );
    expect(html).not.toContain('<path');
    expect(chartGeometry({ max: 21, points: [{ label: 'a', score: 1 }] }).x(0)).toBeCloseTo(
      30 + 318 / 2,
    );
  });
});

describe('axis labels', () => {
  it('shortens labels so they fit under the points', () => {
    expect(axisLabel('Session 12')).toBe('12');
    expect(axisLabel('Referral')).toBe('Ref');
    expect(axisLabel('Assessment')).toBe('Assess');
    expect(axisLabel('3 November')).toBe('3 November');
  });
});
