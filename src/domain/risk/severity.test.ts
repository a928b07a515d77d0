import { describe, expect, it } from 'vitest';
import { needsOwnAlert, orderRiskQueue, riskSeverity } from './severity';

const at = (iso: string) => new Date(iso);

describe('how severe a risk alert is', () => {
  it('puts plans or intent to end life, and harm to others, first', () => {
    for (const reason of [
      'Self-referral: said yes to having made plans to end their life',
      'Self-referral: said yes to thoughts of harming someone else',
      'Self-referral: said yes to thoughts of ending their life; said yes to having made plans to end their life',
      // Given, then changed: the person said it.
      'Self-referral: said yes to having made plans to end their life (an earlier answer, since changed)',
      'Told the clinician they intend to end their life',
      'Used words of crisis in a message to us: “ending it all”, “plan to die”',
      // Walk 9: a plan for tonight, in a message or a task between sessions.
      'Used words of crisis in a message to us: “kill myself”, “plan to end it”, “end it tonight”',
      'Used words of crisis writing about a task between sessions: “end it tonight”',
    ])
      expect(riskSeverity({ reason })).toBe('plans_or_harm_to_others');
  });

  it('puts thoughts of ending life, and the PHQ-9 risk question on most days, next', () => {
    for (const reason of [
      'Self-referral: said yes to thoughts of ending their life',
      "PHQ-9 question 9 answered 'Nearly every day' by the patient before their session on Monday 7 December 2026 at 9am",
      "Self-referral: PHQ-9 item 9 answered 'More than half the days'",
      "PHQ-9 question 9 answered 'More than half the days' at the wellbeing assessment",
      'Used words of crisis in a message to us: “end my life”',
      'Used crisis language in a peer-support community post',
    ])
      expect(riskSeverity({ reason })).toBe('frequent_thoughts');
  });

  it('leaves every other risk answer, and words it does not know, at the last level', () => {
    for (const reason of [
      "PHQ-9 question 9 answered 'Several days' in the session on Monday 7 December 2026 at 9am",
      "Self-referral: PHQ-9 item 9 answered 'Several days'",
      'Something else the service wrote',
    ])
      expect(riskSeverity({ reason })).toBe('other');
  });
});

describe('the risk queue order', () => {
  it('sorts by severity, then oldest first within a level', () => {
    const alerts = [
      {
        id: 'several-old',
        reason: "PHQ-9 item 9 answered 'Several days'",
        raisedAt: at('2026-11-20T09:00:00Z'),
      },
      {
        id: 'plans-new',
        reason: 'said yes to having made plans to end their life',
        raisedAt: at('2026-11-25T09:00:00Z'),
      },
      {
        id: 'thoughts',
        reason: 'said yes to thoughts of ending their life',
        raisedAt: at('2026-11-22T09:00:00Z'),
      },
      {
        id: 'others-old',
        reason: 'said yes to thoughts of harming someone else',
        raisedAt: at('2026-11-24T09:00:00Z'),
      },
      {
        id: 'several-new',
        reason: "PHQ-9 item 9 answered 'Several days'",
        raisedAt: at('2026-11-25T10:00:00Z'),
      },
    ];
    expect(orderRiskQueue(alerts, (a) => a).map((a) => a.id)).toEqual([
      'others-old',
      'plans-new',
      'thoughts',
      'several-old',
      'several-new',
    ]);
    // A copy: the input keeps its order.
    expect(alerts[0]!.id).toBe('several-old');
  });
});

describe('needsOwnAlert (H1: a worse answer is not folded into a milder alert)', () => {
  const several = "PHQ-9 question 9 answered 'Several days' by the patient before their session";
  const nearly = "PHQ-9 question 9 answered 'Nearly every day' by the patient before their session";
  const half = "PHQ-9 question 9 answered 'More than half the days' by the patient";

  it('needs an alert when none is open', () => {
    expect(needsOwnAlert(several, [])).toBe(true);
  });

  it('needs one when the answer is more urgent than every open alert', () => {
    expect(needsOwnAlert(nearly, [several])).toBe(true);
  });

  it('does not when an open alert is as urgent or more', () => {
    expect(needsOwnAlert(nearly, [half])).toBe(false);
    expect(needsOwnAlert(several, [nearly])).toBe(false);
    expect(needsOwnAlert(several, [several])).toBe(false);
    expect(needsOwnAlert(nearly, [several, half])).toBe(false);
  });
});
