import { describe, expect, it } from 'vitest';
import {
  parseAssessment,
  parseBooking,
  parseClose,
  parseMatch,
  parseOnwardSent,
  parseQueueFilter,
  parseTimeInput,
  statusesFor,
} from './triage.forms';
import { ONWARD_SENT_WAYS } from '../../db/schema';
import { ONWARD_SENT_WAY_IDS } from '../../domain/onward-referral';

const fields = (errors: { field: string }[]) => errors.map((e) => e.field);

describe('queue filter', () => {
  it('defaults to the open referrals and ignores unknown values', () => {
    expect(parseQueueFilter({})).toBe('open');
    expect(parseQueueFilter({ status: 'nonsense' })).toBe('open');
    expect(parseQueueFilter({ status: 'closed' })).toBe('closed');
    expect(statusesFor('open')).toEqual(['new', 'assessment_booked']);
    expect(statusesFor('all')).toBeNull();
    expect(statusesFor('ipt_waiting')).toEqual(['ipt_waiting']);
  });
});

describe('matching', () => {
  it('accepts only one of the candidates shown', () => {
    expect(parseMatch({ patientId: 'a' }, ['a', 'b'])).toEqual({ ok: true, value: 'a' });
    const bad = parseMatch({ patientId: 'c' }, ['a', 'b']);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]).toMatchObject({ field: 'patientId', href: 'patientId-1' });
    expect(parseMatch({}, []).ok).toBe(false);
  });
});

describe('closing', () => {
  it('needs a known reason, a note and a message', () => {
    const { result } = parseClose({ reason: 'other' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(fields(result.errors)).toEqual(['reason', 'note', 'message']);
  });
  it('limits the lengths', () => {
    const { result } = parseClose({
      reason: 'withdrawn',
      note: 'n'.repeat(2001),
      message: 'm'.repeat(1001),
    });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors.map((e) => e.message)).toEqual([
        'Note must be 2,000 characters or fewer',
        'Message must be 1,000 characters or fewer',
      ]);
  });
  it('trims and accepts a complete form', () => {
    expect(
      parseClose({ reason: 'not_eligible', note: ' Under 18. ', message: ' Sorry. ' }).result,
    ).toEqual({
      ok: true,
      value: { reason: 'not_eligible', duplicateOf: '', note: 'Under 18.', message: 'Sorry.' },
    });
  });
  it('asks a duplicate for the other referral, and sends it no message (H4)', () => {
    const missing = parseClose({ reason: 'duplicate', note: 'Same person.' }).result;
    expect(!missing.ok && fields(missing.errors)).toEqual(['duplicateOf']);
    expect(
      parseClose({
        reason: 'duplicate',
        duplicateOf: ' RAP-AAAA-BBBB ',
        note: 'Same person.',
        message: 'We have closed your referral.',
      }).result,
    ).toEqual({
      ok: true,
      value: {
        reason: 'duplicate',
        duplicateOf: 'RAP-AAAA-BBBB',
        note: 'Same person.',
        message: '',
      },
    });
  });
});

describe('times as people type them', () => {
  it.each([
    ['14:30', '14:30'],
    ['9:05', '09:05'],
    ['09.30', '09:30'],
    ['2pm', '14:00'],
    ['2:30 PM', '14:30'],
    ['12am', '00:00'],
    ['12pm', '12:00'],
    ['12:15a.m.', '00:15'],
  ])('reads %s as %s', (typed, time) => {
    expect(parseTimeInput(typed)).toBe(time);
  });
  it.each(['', '14', '24:00', '9:60', '13pm', '0am', 'noon', '1430'])('refuses %j', (typed) => {
    expect(parseTimeInput(typed)).toBeNull();
  });
});

describe('booking', () => {
  const now = new Date('2026-11-25T10:00:00Z');
  const ctx = { now, clinicianIds: ['c1'], roomIds: ['r1'] };
  const form = (over: Record<string, string> = {}) => ({
    clinicianId: 'c1',
    'date-day': '2',
    'date-month': '12',
    'date-year': '2026',
    time: '10:00',
    mode: 'phone',
    ...over,
  });

  it('accepts phone, video and face to face, converting London time to an instant', () => {
    for (const mode of ['phone', 'video', 'face_to_face']) {
      // A room chosen and then a switch to phone or video: the room is not kept.
      const { result } = parseBooking(form({ mode, roomId: 'r1' }), ctx);
      expect(result).toEqual({
        ok: true,
        value: {
          clinicianId: 'c1',
          mode,
          startsAt: new Date('2026-12-02T10:00:00Z'),
          roomId: mode === 'face_to_face' ? 'r1' : null,
        },
      });
    }
    const summer = parseBooking(form({ 'date-month': '6', 'date-year': '2027' }), ctx).result;
    expect(summer.ok && summer.value.startsAt.toISOString()).toBe('2027-06-02T09:00:00.000Z');
  });

  it('lists every problem on an empty form', () => {
    const { result } = parseBooking({}, ctx);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(fields(result.errors)).toEqual(['clinicianId', 'date', 'time', 'mode']);
      expect(result.errors[1]).toMatchObject({
        message: 'Enter the date of the assessment',
        href: 'date-day',
      });
    }
  });

  it('needs a room from the list for face to face, and keeps the choice to show again', () => {
    const none = parseBooking(form({ mode: 'face_to_face' }), ctx);
    expect(!none.result.ok && none.result.errors).toEqual([
      { field: 'roomId', message: 'Select the room for the face-to-face assessment' },
    ]);
    const unknown = parseBooking(form({ mode: 'face_to_face', roomId: 'r9' }), ctx);
    expect(!unknown.result.ok && unknown.result.errors).toEqual([
      { field: 'roomId', message: 'Select a room from the list' },
    ]);
    expect(unknown.values.roomId).toBe('r9');
  });

  it('refuses a clinician who is not a therapist in the service', () => {
    const { result } = parseBooking(form({ clinicianId: 'someone-else' }), ctx);
    expect(!result.ok && fields(result.errors)).toEqual(['clinicianId']);
  });

  it('says which part of the date is missing or wrong', () => {
    const missing = parseBooking(form({ 'date-month': '', 'date-year': '' }), ctx).result;
    expect(!missing.ok && missing.errors[0]).toMatchObject({
      message: 'Date of the assessment must include a month and a year',
      href: 'date-month',
    });
    const unreal = parseBooking(form({ 'date-day': '31', 'date-month': '11' }), ctx).result;
    expect(!unreal.ok && unreal.errors[0]?.message).toBe(
      'Date of the assessment must be a real date',
    );
    const shortYear = parseBooking(form({ 'date-year': '26' }), ctx).result;
    expect(!shortYear.ok && shortYear.errors[0]?.message).toBe('Year must include 4 numbers');
  });

  it('refuses the past, including earlier today and now itself', () => {
    const past: Record<string, string>[] = [
      { 'date-day': '24', 'date-month': '11' },
      { 'date-day': '25', 'date-month': '11', time: '09:59' },
      { 'date-day': '25', 'date-month': '11', time: '10:00' },
    ];
    for (const over of past) {
      const { result } = parseBooking(form(over), ctx);
      expect(!result.ok && result.errors[0]).toMatchObject({
        field: 'date',
        message: 'The date and time of the assessment must be in the future',
      });
    }
    expect(
      parseBooking(form({ 'date-day': '25', 'date-month': '11', time: '10:01' }), ctx).result.ok,
    ).toBe(true);
  });

  it('refuses a time that does not exist when the clocks go forward, with a clear message', () => {
    const { result } = parseBooking(
      form({ 'date-day': '28', 'date-month': '3', 'date-year': '2027', time: '1:30am' }),
      ctx,
    );
    expect(!result.ok && result.errors[0]).toMatchObject({
      field: 'time',
      message:
        '1:30am on Sunday 28 March 2027 does not exist in UK time because the clocks go forward. Choose a different time',
    });
  });

  it('takes the first 1:30am when the clocks go back', () => {
    const { result } = parseBooking(
      form({ 'date-day': '31', 'date-month': '10', 'date-year': '2027', time: '01:30' }),
      ctx,
    );
    expect(result.ok && result.value.startsAt.toISOString()).toBe('2027-10-31T00:30:00.000Z');
  });

  it('refuses a date more than a year ahead (a mistyped year)', () => {
    const { result } = parseBooking(form({ 'date-year': '2028' }), ctx);
    expect(!result.ok && result.errors[0]?.message).toBe(
      'The date of the assessment must be within the next 12 months',
    );
  });

  it('keeps what was typed', () => {
    const { values } = parseBooking(form({ time: ' 25:00 ', 'date-day': 'x' }), ctx);
    expect(values).toMatchObject({ time: '25:00', day: 'x', month: '12', mode: 'phone' });
  });
});

describe('recording the assessment', () => {
  const items = (prefix: string, n: number, v: string) =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}_${i + 1}`, v]));
  const complete = (over: Record<string, string> = {}) => ({
    presentingProblem: 'mixed_anxiety_depression',
    ...items('phq9', 9, '1'),
    ...items('gad7', 7, '2'),
    ...items('wsas', 5, '3'),
    riskLevel: 'low',
    riskAgreed: 'Agreed to call 111 if things get worse.',
    decision: 'offer_ipt',
    decisionReason: 'Interpersonal focus.',
    patientMessage: 'Thank you for talking with us.',
    ...over,
  });

  it('scores the questionnaires and returns the decision', () => {
    const { result } = parseAssessment(complete());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.scores.map((s) => [s.measureId, s.total, s.band?.label])).toEqual([
      ['phq9', 9, 'Mild'],
      ['gad7', 14, 'Moderate'],
      ['wsas', 15, 'Significant impairment'],
    ]);
    expect(result.value).toMatchObject({
      presentingProblem: 'mixed_anxiety_depression',
      presentingProblemOther: null,
      riskLevel: 'low',
      safetyPlan: null,
      decision: 'offer_ipt',
      otherTreatment: null,
      signpostedTo: null,
    });
    expect(result.value.scores[0]!.riskFlag).toBe(true); // PHQ-9 question 9 answered 1
  });

  it('reports every missing field, each question by its measure and number', () => {
    const { result } = parseAssessment({});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const f = fields(result.errors);
    expect(f[0]).toBe('presentingProblem');
    expect(f.filter((x) => x.startsWith('phq9_'))).toHaveLength(9);
    expect(f.filter((x) => x.startsWith('gad7_'))).toHaveLength(7);
    expect(f.filter((x) => x.startsWith('wsas_'))).toHaveLength(5);
    expect(f.slice(-4)).toEqual(['riskAgreed', 'decision', 'decisionReason', 'patientMessage']);
    expect(result.errors.find((e) => e.field === 'gad7_3')).toEqual({
      field: 'gad7_3',
      href: 'gad7_3-1',
      message: 'Select an answer for GAD-7 question 3',
    });
  });

  it('refuses answers outside a question’s options', () => {
    const { result } = parseAssessment(
      complete({ phq9_2: '4', gad7_1: 'lots', phq9_3: 'not-applicable' }),
    );
    expect(!result.ok && fields(result.errors)).toEqual(['phq9_2', 'phq9_3', 'gad7_1']);
  });

  it('allows "not working" on the WSAS work question only', () => {
    const { result } = parseAssessment(complete({ wsas_1: 'not-applicable' }));
    expect(result.ok && result.value.scores[2]!.total).toBe(12);
  });

  it('asks for the follow-up of each choice', () => {
    const other = parseAssessment(complete({ presentingProblem: 'other' })).result;
    expect(!other.ok && fields(other.errors)).toEqual(['presentingProblemOther']);
    const high = parseAssessment(complete({ riskLevel: 'high' })).result;
    expect(!high.ok && fields(high.errors)).toEqual(['safetyPlan']);
    const moderate = parseAssessment(
      complete({ riskLevel: 'moderate', safetyPlan: 'Plan' }),
    ).result;
    expect(moderate.ok && moderate.value.safetyPlan).toBe('Plan');
    const treatment = parseAssessment(complete({ decision: 'offer_other' })).result;
    expect(!treatment.ok && fields(treatment.errors)).toEqual([
      'otherTreatment',
      'receivingService',
      'discussed',
      'urgency',
    ]);
    const onward = {
      decision: 'offer_other',
      otherTreatment: 'cbt',
      receivingService: ' Leeds CBT Service ',
      discussed: 'Talked through what CBT involves.',
      urgency: 'soon',
    };
    const ok = parseAssessment(complete(onward)).result;
    expect(ok.ok && ok.value.otherTreatment).toBe('cbt');
    expect(ok.ok && ok.value.onward).toEqual({
      receivingService: 'Leeds CBT Service',
      discussed: 'Talked through what CBT involves.',
      urgency: 'soon',
    });
    const signpost = parseAssessment(complete({ decision: 'signpost' })).result;
    expect(!signpost.ok && fields(signpost.errors)).toEqual(['signpostedTo']);
    const where = parseAssessment(
      complete({ decision: 'signpost', signpostedTo: ' Mind ' }),
    ).result;
    expect(where.ok && where.value.signpostedTo).toBe('Mind');
    // A follow-up for a choice not made is dropped.
    const dropped = parseAssessment(
      complete({ decision: 'discharge', otherTreatment: 'cbt' }),
    ).result;
    expect(dropped.ok && dropped.value.otherTreatment).toBeNull();
  });

  it('refuses a routine onward referral when risk is high or PHQ-9 question 9 raises an alert (H27)', () => {
    const onward = {
      decision: 'offer_other',
      otherTreatment: 'cbt',
      receivingService: 'Leeds CBT Service',
      discussed: 'Talked it through.',
      urgency: 'routine',
    };
    // complete() answers PHQ-9 question 9 with 1, which raises an alert on saving.
    const raised = parseAssessment(complete(onward)).result;
    expect(!raised.ok && raised.errors).toEqual([
      {
        field: 'urgency',
        href: 'urgency-1',
        message:
          'They have an open risk alert, so the onward referral cannot be routine: choose soon or urgent',
      },
    ]);
    const high = parseAssessment(
      complete({ ...onward, phq9_9: '0', riskLevel: 'high', safetyPlan: 'Plan' }),
    ).result;
    expect(!high.ok && high.errors.map((e) => e.message)).toEqual([
      'Risk is high, so the onward referral cannot be routine: choose soon or urgent',
    ]);
    const low = parseAssessment(complete({ ...onward, phq9_9: '0' })).result;
    expect(low.ok && low.value.onward?.urgency).toBe('routine');
  });

  it('limits free text', () => {
    const { result } = parseAssessment(
      complete({ riskAgreed: 'a'.repeat(2001), patientMessage: 'b'.repeat(1001) }),
    );
    expect(!result.ok && result.errors.map((e) => e.message)).toEqual([
      'What was agreed must be 2,000 characters or fewer',
      'Message must be 1,000 characters or fewer',
    ]);
  });

  it('keeps every answer for the page shown again', () => {
    const { values } = parseAssessment(complete({ phq9_4: '', riskAgreed: ' kept ' }));
    expect(values.items.phq9_1).toBe('1');
    expect(values.items.phq9_4).toBe('');
    expect(values.riskAgreed).toBe('kept');
  });
});

describe('how an onward-referral letter was sent', () => {
  it('takes one of the ways the database allows, and offers exactly those', () => {
    expect([...ONWARD_SENT_WAY_IDS].sort()).toEqual([...ONWARD_SENT_WAYS].sort());
    for (const way of ONWARD_SENT_WAYS)
      expect(parseOnwardSent({ sentHow: way })).toEqual({ ok: true, value: way });
  });
  it('asks for a choice when there is none, or it is not one of them', () => {
    for (const body of [{}, { sentHow: '' }, { sentHow: 'fax' }]) {
      const parsed = parseOnwardSent(body);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok)
        expect(parsed.errors).toEqual([
          {
            field: 'sentHow',
            href: 'sentHow-1',
            message: 'Select how you sent the letter to the receiving service',
          },
        ]);
    }
  });
});
