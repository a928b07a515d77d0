import { describe, expect, it } from 'vitest';
import { actionBody, parseRiskAction } from './risk.forms';

// Wednesday 25 November 2026, 10am in London (GMT).
const now = new Date('2026-11-25T10:00:00Z');
const clinician = { now, mayClose: true };
const manager = { now, mayClose: false };
// Through the edge's schema, as a posted form arrives.
const close = (actionTaken: string | undefined) =>
  actionBody.parse(
    actionTaken === undefined ? { outcome: 'closed' } : { actionTaken, outcome: 'closed' },
  );
const keepOpen = (over: Record<string, string> = {}) =>
  actionBody.parse({
    actionTaken: 'Phoned twice, no answer. Left a voicemail.',
    outcome: 'open',
    nextStep: 'Call again',
    'date-day': '25',
    'date-month': '11',
    'date-year': '2026',
    time: '2pm',
    ...over,
  });

describe('recording an action on a risk alert', () => {
  it('requires what was done', () => {
    for (const actionTaken of ['', '   ', undefined]) {
      const { result } = parseRiskAction(close(actionTaken), clinician);
      expect(result).toEqual({
        ok: false,
        errors: [{ field: 'actionTaken', message: 'Enter what you did about this risk' }],
      });
    }
  });

  it('limits the length to 2000 characters', () => {
    expect(parseRiskAction(close('a'.repeat(2000)), clinician).result.ok).toBe(true);
    const { result, values } = parseRiskAction(close('a'.repeat(2001)), clinician);
    expect(!result.ok && result.errors[0]?.message).toBe(
      'What you did must be 2,000 characters or fewer',
    );
    expect(values.actionTaken).toHaveLength(2001);
  });

  it('closes the alert with the trimmed text', () => {
    expect(parseRiskAction(close('  Phoned them.  '), clinician).result).toEqual({
      ok: true,
      value: { outcome: 'closed', actionTaken: 'Phoned them.' },
    });
  });

  it('asks whether the action closes the alert', () => {
    const { result } = parseRiskAction(
      actionBody.parse({ actionTaken: 'Phoned them.' }),
      clinician,
    );
    expect(!result.ok && result.errors).toEqual([
      { field: 'outcome', href: 'outcome-1', message: 'Select whether this closes the alert' },
    ]);
  });

  it('keeps it open with the next step and its time, in UK time', () => {
    expect(parseRiskAction(keepOpen(), clinician).result).toEqual({
      ok: true,
      value: {
        outcome: 'open',
        actionTaken: 'Phoned twice, no answer. Left a voicemail.',
        nextStep: 'Call again',
        nextStepAt: new Date('2026-11-25T14:00:00Z'),
      },
    });
  });

  it('needs the next step and a time from now to 14 days ahead to keep it open', () => {
    const messages = (body: ReturnType<typeof keepOpen>) => {
      const { result } = parseRiskAction(body, clinician);
      return result.ok ? [] : result.errors.map((e) => e.message);
    };
    expect(messages(keepOpen({ nextStep: ' ' }))).toEqual(['Enter the next step']);
    expect(messages(keepOpen({ 'date-day': '', 'date-month': '', 'date-year': '' }))).toEqual([
      'Enter the date of the next step',
    ]);
    expect(messages(keepOpen({ time: ' ' }))).toEqual(['Enter the time of the next step']);
    expect(messages(keepOpen({ time: '25pm' }))).toEqual([
      'Time of the next step must be a real time, like 09:30 or 2:15pm',
    ]);
    expect(messages(keepOpen({ time: '9am' }))).toEqual(['The next step must be now or later']);
    expect(messages(keepOpen({ 'date-day': '10', 'date-month': '12' }))).toEqual([
      'The next step must be within 14 days. For a longer plan, close the alert and record the plan',
    ]);
  });

  it('never lets someone who may not close an alert close it: their action keeps it open', () => {
    const { result, values } = parseRiskAction({ ...keepOpen(), outcome: 'closed' }, manager);
    expect(values.outcome).toBe('open');
    expect(result.ok && result.value.outcome).toBe('open');
    // And without a next step, the manager is asked for one rather than closing it.
    const bare = parseRiskAction(close('Asked Terry to call'), manager).result;
    expect(!bare.ok && bare.errors.map((e) => e.field)).toEqual(['nextStep', 'date']);
  });
});
