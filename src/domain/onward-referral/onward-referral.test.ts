import { describe, expect, it } from 'vitest';
import {
  compareOnwardToSend,
  onwardRiskParagraphs,
  onwardRiskParagraphsAtDischarge,
  onwardUrgencyProblem,
  onwardUrgencyProblemAtDischarge,
} from '.';

describe('onwardUrgencyProblem', () => {
  it('allows routine when risk is low or moderate and no alert is open', () => {
    expect(onwardUrgencyProblem('routine', { riskLevel: 'low', openAlerts: 0 })).toBeNull();
    expect(onwardUrgencyProblem('routine', { riskLevel: 'moderate', openAlerts: 0 })).toBeNull();
  });

  it('refuses routine with an open risk alert, whatever the risk level', () => {
    expect(onwardUrgencyProblem('routine', { riskLevel: 'low', openAlerts: 1 })).toMatch(
      /open risk alert/,
    );
  });

  it('refuses routine when risk is high', () => {
    expect(onwardUrgencyProblem('routine', { riskLevel: 'high', openAlerts: 0 })).toMatch(
      /Risk is high/,
    );
  });

  it('allows soon and urgent whatever the risk', () => {
    for (const urgency of ['soon', 'urgent'] as const)
      expect(onwardUrgencyProblem(urgency, { riskLevel: 'high', openAlerts: 3 })).toBeNull();
  });
});

describe('onwardRiskParagraphs', () => {
  it('names every open alert with when it was raised', () => {
    const text = onwardRiskParagraphs({
      riskLevel: 'moderate',
      riskAgreed: 'Safety plan shared.',
      safetyPlan: null,
      openAlerts: [
        { reason: 'Referral risk answer: thoughts of self-harm', raisedOn: '1 March 2026' },
        { reason: "PHQ-9 question 9 answered 'Several days'", raisedOn: '3 March 2026' },
      ],
    });
    expect(text[0]).toBe(
      'Risk at the assessment was judged moderate. What was agreed: Safety plan shared.',
    );
    expect(text).toContain(
      '2 risk alerts were open at the assessment and have not yet been closed:',
    );
    expect(text).toContain('- Referral risk answer: thoughts of self-harm (raised 1 March 2026).');
    expect(text).toContain("- PHQ-9 question 9 answered 'Several days' (raised 3 March 2026).");
  });

  it('says plainly when no alert was open', () => {
    const text = onwardRiskParagraphs({
      riskLevel: 'low',
      riskAgreed: 'None.',
      safetyPlan: null,
      openAlerts: [],
    });
    expect(text).toEqual([
      'Risk at the assessment was judged low. What was agreed: None.',
      'There were no open risk alerts for them at the assessment.',
    ]);
  });

  it('gives the safety plan agreed at the assessment, after what was agreed (H27)', () => {
    const text = onwardRiskParagraphs({
      riskLevel: 'high',
      riskAgreed: 'Crisis team told; seen again within a week.',
      safetyPlan: '  Call sister Jo on bad nights.\nRemove tablets from the house.  ',
      openAlerts: [],
    });
    expect(text).toEqual([
      'Risk at the assessment was judged high. What was agreed: Crisis team told; seen again within a week.',
      'Safety plan agreed at assessment:',
      'Call sister Jo on bad nights.\nRemove tablets from the house.',
      'There were no open risk alerts for them at the assessment.',
    ]);
  });

  it('leaves the safety plan out when none was recorded', () => {
    for (const safetyPlan of [null, '', '   '])
      expect(
        onwardRiskParagraphs({
          riskLevel: 'low',
          riskAgreed: 'None.',
          safetyPlan,
          openAlerts: [],
        }).join('\n'),
      ).not.toContain('Safety plan');
  });
});

describe('onward referrals still to send (H27)', () => {
  const at = (iso: string) => new Date(iso);
  it('lists the most urgent first, and the oldest first within the same urgency', () => {
    const rows = [
      { id: 'routine-old', urgency: 'routine' as const, referredAt: at('2026-11-01T10:00:00Z') },
      { id: 'soon-new', urgency: 'soon' as const, referredAt: at('2026-11-20T10:00:00Z') },
      { id: 'urgent-new', urgency: 'urgent' as const, referredAt: at('2026-11-27T10:00:00Z') },
      { id: 'soon-old', urgency: 'soon' as const, referredAt: at('2026-11-10T10:00:00Z') },
      { id: 'urgent-old', urgency: 'urgent' as const, referredAt: at('2026-11-26T09:00:00Z') },
    ];
    expect([...rows].sort(compareOnwardToSend).map((r) => r.id)).toEqual([
      'urgent-old',
      'urgent-new',
      'soon-old',
      'soon-new',
      'routine-old',
    ]);
  });
});

describe('onwardUrgencyProblemAtDischarge', () => {
  it('allows routine when no risk alert was raised during the course', () => {
    expect(onwardUrgencyProblemAtDischarge('routine', { alertsSinceReferral: 0 })).toBeNull();
  });

  it('refuses routine after any risk alert since the referral, closed or not', () => {
    expect(onwardUrgencyProblemAtDischarge('routine', { alertsSinceReferral: 1 })).toMatch(
      /A risk alert was raised while they were with us.*cannot be routine/,
    );
    expect(onwardUrgencyProblemAtDischarge('routine', { alertsSinceReferral: 4 })).toMatch(
      /Risk alerts were raised/,
    );
  });

  it('allows soon and urgent whatever happened', () => {
    for (const urgency of ['soon', 'urgent'] as const)
      expect(onwardUrgencyProblemAtDischarge(urgency, { alertsSinceReferral: 4 })).toBeNull();
  });
});

describe('onwardRiskParagraphsAtDischarge', () => {
  it('says plainly when no alert was raised', () => {
    expect(onwardRiskParagraphsAtDischarge([])).toEqual([
      'No risk alerts were raised while they were with us, from their referral on.',
    ]);
  });

  it('names every alert with when it was raised and what was done', () => {
    const text = onwardRiskParagraphsAtDischarge([
      { reason: 'PHQ-9 question 9 answered 2.', raisedOn: '3 March 2026', actionTaken: 'Called.' },
      { reason: 'Risk flagged in session', raisedOn: '9 March 2026', actionTaken: null },
    ]);
    expect(text[0]).toBe(
      '2 risk alerts were raised while they were with us, from their referral on:',
    );
    expect(text[1]).toBe('3 March 2026: PHQ-9 question 9 answered 2. What was done: Called.');
    expect(text[2]).toBe('9 March 2026: Risk flagged in session. No action recorded.');
    expect(text.at(-1)).toMatch(/take this history into account/);
  });
});
