import { describe, expect, it } from 'vitest';
import { BODY_MAX, parseAsk, parseNewThread, parseReply } from './messages.forms';

describe('parseAsk', () => {
  it('takes a question to the therapist or the service', () => {
    const r = parseAsk(
      { to: 'therapist', subject: ' Next week ', message: ' Can we move it? ' },
      { hasTherapist: true },
    );
    expect(r.result).toEqual({
      ok: true,
      value: { to: 'therapist', subject: 'Next week', body: 'Can we move it?' },
    });
    expect(
      parseAsk({ to: 'service', subject: 'a', message: 'b' }, { hasTherapist: false }).result.ok,
    ).toBe(true);
  });

  it('says what is missing, and sends a patient with no therapist yet to the service', () => {
    const r = parseAsk({}, { hasTherapist: true });
    expect(r.result.ok).toBe(false);
    if (r.result.ok) return;
    expect(r.result.errors.map((e) => e.field)).toEqual(['to', 'subject', 'message']);
    expect(r.result.errors[0]!.href).toBe('to-1');
    const noTherapist = parseAsk(
      { to: 'therapist', subject: 'a', message: 'b' },
      { hasTherapist: false },
    );
    expect(noTherapist.result.ok).toBe(false);
    if (noTherapist.result.ok) return;
    expect(noTherapist.result.errors[0]!.message).toContain('Select the service');
  });

  it('refuses a message that is too long, keeping what was typed', () => {
    const long = 'x'.repeat(BODY_MAX + 1);
    const r = parseReply({ message: long });
    expect(r.result.ok).toBe(false);
    expect(r.values.message).toBe(long);
  });
});

describe('parseNewThread', () => {
  it('takes a subject and a message, trimmed', () => {
    expect(
      parseNewThread({ subject: ' Next week ', message: ' Could you bring your notebook? ' })
        .result,
    ).toEqual({
      ok: true,
      value: { subject: 'Next week', body: 'Could you bring your notebook?' },
    });
  });

  it('says what is missing and keeps what was written', () => {
    const r = parseNewThread({ subject: 'Kept', message: '  ' });
    expect(r.values).toEqual({ subject: 'Kept', message: '' });
    expect(r.result.ok ? [] : r.result.errors.map((e) => e.message)).toEqual([
      'Enter your message',
    ]);
  });
});
