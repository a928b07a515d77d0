import { describe, expect, it } from 'vitest';
import { missedMessageDecision, missedSessionMessage } from './missed';

describe('the message after a missed session', () => {
  it('says when, that the next one is still booked, and where to get help now', () => {
    const m = missedSessionMessage({
      givenName: 'Robin',
      serviceName: 'NHS Talking Therapies',
      kind: 'ipt_session',
      startsAt: new Date('2026-12-01T10:00:00Z'),
      nextBooked: new Date('2026-12-08T10:00:00Z'),
    });
    expect(m.subject).toBe('We missed you at your session');
    expect(m.body.startsWith('Dear Robin,')).toBe(true);
    expect(m.body.endsWith('NHS Talking Therapies')).toBe(true);
    expect(m.body).toContain('"Ask a question"');
    expect(m.body).toContain('We are sorry we missed you at your session on Tuesday 1 December');
    expect(m.body).toContain('Your next appointment is still booked for Tuesday 8 December 2026');
    expect(m.body).toContain('NHS 111 and choose option 2');
    expect(m.body).not.toMatch(/fail|should have|must/i);
  });

  it('asks them to get in touch when nothing else is booked, and names a review as one', () => {
    const m = missedSessionMessage({
      givenName: 'Robin',
      serviceName: 'NHS Talking Therapies',
      kind: 'review',
      startsAt: new Date('2026-12-01T10:00:00Z'),
      nextBooked: null,
    });
    expect(m.subject).toBe('We missed you at your review appointment');
    expect(m.body).toContain('or contact us, so we can arrange your next appointment');
  });
});

describe('whether a missed session still gets the message', () => {
  const startsAt = new Date('2026-12-01T10:00:00Z');
  it('sends it when recorded within a week and they have not been seen since', () => {
    expect(
      missedMessageDecision({ startsAt, now: new Date('2026-12-01T11:00:00Z'), seenSince: false }),
    ).toBe('send');
    expect(
      missedMessageDecision({ startsAt, now: new Date('2026-12-08T10:00:00Z'), seenSince: false }),
    ).toBe('send');
  });
  it('does not send it a week and a minute later', () => {
    expect(
      missedMessageDecision({ startsAt, now: new Date('2026-12-08T10:01:00Z'), seenSince: false }),
    ).toBe('too_late');
  });
  it('does not send it when they have come to a later appointment since, however soon', () => {
    expect(
      missedMessageDecision({ startsAt, now: new Date('2026-12-02T10:00:00Z'), seenSince: true }),
    ).toBe('seen_since');
  });
});
