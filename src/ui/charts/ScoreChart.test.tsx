import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { chartLayout, ScoreChart, type ScorePoint, type TextBox } from './ScoreChart';

const sessions = (scores: number[]): ScorePoint[] =>
  scores.map((score, i) => ({
    tick: String(i + 1),
    label: `Session ${i + 1}`,
    score,
  }));

const dated = (scores: number[]): ScorePoint[] =>
  scores.map((score, i) => ({
    tick: `${i + 1} November`,
    label: `${i + 1} November 2026`,
    score,
  }));

const overlaps = (a: TextBox, b: TextBox) => a.left < b.left + b.width && b.left < a.left + a.width;

describe('ScoreChart', () => {
  const points = sessions([18, 14, 9]);
  const render = (extra: Partial<Parameters<typeof ScoreChart>[0]> = {}) =>
    renderToStaticMarkup(
      <ScoreChart
        id="phq9"
        title="PHQ-9 (low mood)"
        max={27}
        points={points}
        xAxisTitle="Session number"
        threshold={{ value: 10, label: 'Caseness (10 or more)' }}
        baseline={{ index: 0, label: 'First score, at session 1: 18' }}
        summary="Went from 18 to 9."
        {...extra}
      />,
    );

  it('draws an accessible SVG with a title, summary, caseness line and a table alternative', () => {
    const html = render();
    expect(html).toContain('role="img"');
    expect(html).toContain('aria-labelledby="phq9-title phq9-desc"');
    expect(html).toContain('<desc id="phq9-desc">Went from 18 to 9.</desc>');
    expect(html).toContain('Caseness (10 or more)');
    expect(html).toContain('<path d="M');
    expect(html).toContain(
      '<td class="nhsuk-table__cell">Session 2</td><td class="nhsuk-table__cell">14</td>',
    );
  });

  it('scales to its container: a viewBox and 100% width, no fixed pixel size', () => {
    const html = render();
    expect(html).toMatch(/<svg viewBox="0 0 \d+ \d+" width="100%"/);
    expect(html).not.toMatch(/<svg[^>]* height="/);
  });

  it('labels the baseline point on the picture, in the key and in the table', () => {
    const html = render();
    expect(html).toContain('First score, at session 1: 18');
    expect(html).toContain('Session 1 (first score)');
    // The baseline point has a ring as well as its dot.
    expect(html.match(/<circle/g)).toHaveLength(points.length + 2);
  });

  it('titles the x axis with the one kind of thing it shows', () => {
    expect(render()).toContain('>Session number</text>');
    expect(render({ points: dated([18, 9]), xAxisTitle: 'Date' })).toContain('>Date</text>');
  });
});

describe('chartLayout', () => {
  it('puts higher scores higher up and clamps out-of-range values', () => {
    const g = chartLayout({ max: 27, points: sessions([18, 14]) });
    expect(g.y(27)).toBeLessThan(g.y(0));
    expect(g.y(40)).toBe(g.y(27));
    expect(g.y(-5)).toBe(g.y(0));
  });

  it('centres a single point', () => {
    const g = chartLayout({ max: 21, points: sessions([7]) });
    expect(g.x(0)).toBeCloseTo((g.plot.left + g.plot.right) / 2);
  });

  it.each([1, 2, 5, 12, 16, 30])(
    'keeps every x label inside the picture and apart, the last always shown (%i dates)',
    (n) => {
      const pts = dated(Array.from({ length: n }, (_, i) => i % 27));
      const g = chartLayout({ max: 27, points: pts });
      for (const l of g.xLabels) {
        expect(l.left).toBeGreaterThanOrEqual(0);
        expect(l.left + l.width).toBeLessThanOrEqual(g.width);
      }
      for (let i = 1; i < g.xLabels.length; i++)
        expect(overlaps(g.xLabels[i - 1]!, g.xLabels[i]!)).toBe(false);
      expect(g.xLabels.at(-1)?.text).toBe(pts.at(-1)?.tick);
    },
  );

  it('keeps the caseness and baseline labels clear of the points and inside the picture', () => {
    // Points right on the caseness line, where the old label sat.
    const pts = sessions([10, 10, 10, 10, 10, 10]);
    const g = chartLayout({
      max: 27,
      points: pts,
      threshold: { value: 10, label: 'Caseness (10 or more)' },
      baseline: { index: 0, label: 'First score, at referral: 18' },
    });
    expect(g.key.map((k) => k.kind)).toEqual(['threshold', 'baseline']);
    const lowestPoint = Math.max(...pts.map((p) => g.y(p.score)));
    for (const k of g.key) {
      expect(k.y - 14).toBeGreaterThan(lowestPoint);
      expect(k.y - 14).toBeGreaterThan(g.axisTitle.y);
      expect(k.left + k.width).toBeLessThanOrEqual(g.width);
      expect(k.y).toBeLessThanOrEqual(g.height);
    }
  });

  it('leaves no baseline when its point does not exist', () => {
    const g = chartLayout({
      max: 27,
      points: sessions([5]),
      baseline: { index: 3, label: 'x' },
    });
    expect(g.baselineIndex).toBeNull();
    expect(g.key).toHaveLength(0);
  });
});
