import { describe, expect, it } from 'vitest';
import { missedSessionAlertReason, riskSeverity, type EarlierRisk } from '.';

const session = new Date('2026-12-01T10:00:00Z');
const days = (n: number) => new Date(session.getTime() - n * 86_400_000);
const risk = (reason: string, daysBefore: number): EarlierRisk => ({
  reason,
  raisedAt: days(daysBefore),
});
const missed = (earlierRisks: EarlierRisk[], over: { type?: string; status?: string } = {}) =>
  missedSessionAlertReason({
    appointmentType: over.type ?? 'ipt_session',
    status: over.status ?? 'did_not_attend',
    startsAt: session,
    earlierRisks,
  });

describe('a missed session after a risk answer', () => {
  it('raises an alert naming the session, when the risk was told and what was said', () => {
    const reason = missed([risk("PHQ-9 item 9 answered 'Several days'", 14)]);
    expect(reason).toBe(
      'Did not attend the session on Tuesday 1 December 2026 at 10am, after telling us about ' +
        "risk on Tuesday 17 November 2026 at 10am (PHQ-9 item 9 answered 'Several days'). " +
        'Contact them today.',
    );
  });

  it('quotes the latest risk, so the alert is as urgent on the queue as that answer was', () => {
    const reason = missed([
      risk("PHQ-9 item 9 answered 'Several days'", 60),
      risk("PHQ-9 item 9 answered 'Nearly every day'", 7),
    ]);
    expect(reason).toContain('Nearly every day');
    expect(riskSeverity({ reason: reason! })).toBe('frequent_thoughts');
    const plans = missed([risk('Said they have plans to end their life', 30)]);
    expect(riskSeverity({ reason: plans! })).toBe('plans_or_harm_to_others');
  });

  it('counts risk told up to 16 weeks before, at referral or assessment too, and not after', () => {
    expect(missed([risk('Referral: thoughts of ending their life', 112)])).not.toBeNull();
    expect(missed([risk('Referral: thoughts of ending their life', 113)])).toBeNull();
    // An alert raised after the session started is not what they told us before missing it.
    expect(missed([risk('Referral: thoughts of ending their life', -1)])).toBeNull();
  });

  it('asks nothing when no risk was told, or the appointment was attended or not a session', () => {
    expect(missed([])).toBeNull();
    const told = [risk("PHQ-9 item 9 answered 'Several days'", 7)];
    expect(missed(told, { status: 'attended' })).toBeNull();
    expect(missed(told, { status: 'arrived_late' })).toBeNull();
    expect(missed(told, { type: 'assessment' })).toBeNull();
    expect(missed(told, { type: 'review' })).toContain('Did not attend the review appointment');
  });
});
