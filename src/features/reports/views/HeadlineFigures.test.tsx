import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { textOf } from '../../../../tests/support/client';
import type { Headline } from '../reports.service';
import { HeadlineFigures } from './ReportPages';

const rate = { numerator: 1, denominator: 2, rate: 0.5 };
const headline = (n: number): Headline => ({
  referrals: n,
  waitingAssessment: n,
  waitingTreatment: n,
  within6Weeks: rate,
  within18Weeks: rate,
  finished: n,
  recovery: rate,
  reliableRecovery: rate,
  dna: rate,
  openAlerts: n,
  asAt: null,
});
const text = (n: number) =>
  textOf(renderToStaticMarkup(<HeadlineFigures headline={headline(n)} query="q" />));

describe('HeadlineFigures', () => {
  it('reads a count of one in the singular', () => {
    const one = text(1);
    expect(one).toContain('1 open risk alert ');
    expect(one).toContain('1 referral received ');
    expect(one).toContain('1 course finished ');
    expect(one).not.toMatch(/1 (open risk alerts|referrals received|courses finished)/);
  });
  it('reads other counts in the plural', () => {
    expect(text(2)).toContain('2 open risk alerts');
    expect(text(0)).toContain('0 referrals received');
  });
  it('says when the figures were counted, as the dashboard does', () => {
    expect(text(2)).toContain('Counted from the records just now.');
    const asAt = textOf(
      renderToStaticMarkup(
        <HeadlineFigures
          headline={{ ...headline(2), asAt: new Date('2026-11-25T10:00:00Z') }}
          query="q"
        />,
      ),
    );
    expect(asAt).toContain(
      'Earlier days as at Wednesday 25 November 2026 at 10am; today is counted just now.',
    );
  });
});
