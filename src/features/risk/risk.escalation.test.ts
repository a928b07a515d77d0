import { describe, expect, it } from 'vitest';
import { DEFAULT_OFFICE_HOURS } from '../../db/schema';
import { escalationTime, officeHoursOptions } from './risk.escalation';
import { alertEscalatedEmail, alertLink, alertRaisedEmail } from './risk.messages';

const at = (iso: string) => new Date(iso);

describe('when an unactioned risk alert escalates', () => {
  it('is the end of the working day by default', () => {
    // Wednesday 25 November 2026, 10am: 5pm the same day.
    expect(escalationTime(at('2026-11-25T10:00:00Z'), DEFAULT_OFFICE_HOURS, {}).toISOString()).toBe(
      '2026-11-25T17:00:00.000Z',
    );
  });

  it('is the end of the next working day when raised after closing or at the weekend', () => {
    // Friday 27 November, 6pm → Monday 30 November, 5pm.
    expect(escalationTime(at('2026-11-27T18:00:00Z'), DEFAULT_OFFICE_HOURS, {}).toISOString()).toBe(
      '2026-11-30T17:00:00.000Z',
    );
    // Christmas Eve 2026 (Thursday) 8pm → Tuesday 29 December (Christmas and Boxing Day
    // substitute days are bank holidays).
    expect(escalationTime(at('2026-12-24T20:00:00Z'), DEFAULT_OFFICE_HOURS, {}).toISOString()).toBe(
      '2026-12-29T17:00:00.000Z',
    );
  });

  it('follows the service’s office hours and extra closures', () => {
    const hours = { ...DEFAULT_OFFICE_HOURS, closes: '18:30', extraClosures: ['2026-11-26'] };
    expect(escalationTime(at('2026-11-25T18:00:00Z'), hours, null).toISOString()).toBe(
      '2026-11-25T18:30:00.000Z',
    );
    expect(escalationTime(at('2026-11-25T19:00:00Z'), hours, null).toISOString()).toBe(
      '2026-11-27T18:30:00.000Z',
    );
  });

  it('uses the service’s minutes when it sets them', () => {
    expect(
      escalationTime(at('2026-11-25T10:00:00Z'), DEFAULT_OFFICE_HOURS, {
        riskEscalationMinutes: 120,
      }).toISOString(),
    ).toBe('2026-11-25T12:00:00.000Z');
    // Nonsense minutes are ignored: the default applies.
    expect(
      escalationTime(at('2026-11-25T10:00:00Z'), DEFAULT_OFFICE_HOURS, {
        riskEscalationMinutes: 0,
      }).toISOString(),
    ).toBe('2026-11-25T17:00:00.000Z');
  });

  it('never leaves an alert without a deadline when the office hours are broken', () => {
    const broken = { days: [], opens: '17:00', closes: '09:00', extraClosures: [] };
    expect(escalationTime(at('2026-11-25T10:00:00Z'), broken, null).toISOString()).toBe(
      '2026-11-25T17:00:00.000Z',
    );
    expect(officeHoursOptions(null).closingTime).toBe('17:00');
  });
});

describe('emails about risk alerts', () => {
  const HEALTH_WORDS = /depress|suicid|phq|self-harm|harm|risk|mood|question 9|anxi/i;
  const link = alertLink('https://rapport.example.nhs.uk/', '3f1c2b9e-0000-4000-8000-000000000001');

  it('link straight to the alert', () => {
    expect(link).toBe(
      'https://rapport.example.nhs.uk/staff/risk/3f1c2b9e-0000-4000-8000-000000000001',
    );
  });

  it('carry no health detail', () => {
    const raised = alertRaisedEmail(link);
    expect(raised.body).toBe(
      `A patient on your caseload needs a follow-up. Sign in to see the alert: ${link}`,
    );
    for (const email of [
      raised,
      alertEscalatedEmail(link, 'supervisor'),
      alertEscalatedEmail(link, 'service_manager'),
    ]) {
      expect(email.subject).not.toMatch(HEALTH_WORDS);
      expect(email.body.replace(link, '')).not.toMatch(HEALTH_WORDS);
      expect(email.body).toContain(link);
    }
  });
});
