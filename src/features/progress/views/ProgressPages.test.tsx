import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { buildSeries, type ScoreRecord } from '../progress.summary';
import { StaffProgressPage } from './ProgressPages';

const at = (iso: string) => new Date(`${iso}T09:00:00Z`);
const work = (v: unknown) => ({ wsas_1: v, wsas_2: 4, wsas_3: 4, wsas_4: 4, wsas_5: 4 });
const wsas = (id: string, total: number, session: number, answers: Record<string, unknown>) =>
  ({
    id,
    measureId: 'wsas',
    total,
    context: 'session',
    sessionNumber: session,
    completedAt: at(`2026-09-0${session}`),
    answers,
  }) satisfies ScoreRecord;

const text = (records: ScoreRecord[]) =>
  renderToStaticMarkup(<StaffProgressPage patientName="Ava Adams" series={buildSeries(records)} />)
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

describe('the staff progress page (hazard H5)', () => {
  it('does not compare a WSAS without the work question with one that has it', () => {
    const page = text([wsas('a', 20, 1, work(4)), wsas('b', 16, 2, work('not-applicable'))]);
    expect(page).toContain(
      'Latest 16 out of 32 (not compared with the first score, at session 1, 20 out of 40, because one of them left out the work question)',
    );
    expect(page).not.toContain('down 4');
  });

  it('compares two WSAS out of the same maximum as before', () => {
    const page = text([wsas('a', 20, 1, work(4)), wsas('b', 16, 2, { ...work(0) })]);
    expect(page).toContain('Latest 16 (down 4 since the first score, at session 1, 20)');
  });
});
