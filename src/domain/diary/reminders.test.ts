import { describe, expect, it } from 'vitest';
import {
  bookedMessage,
  cancelledMessage,
  changedMessage,
  courseEndedMessage,
  describeOffset,
  inQuietHours,
  kindSendTime,
  noticeSendTime,
  planReminders,
  questionnaireMessage,
  rearrangeRequestMessage,
  reminderMessage,
  seriesBookedMessage,
  stillToDescribe,
  bookedListMessage,
  timeKeptMessage,
  type AppointmentFacts,
} from './reminders';

const NOW = new Date('2026-11-25T10:00:00Z');
const iso = (d: Date) => d.toISOString();

describe('planReminders', () => {
  it('plans 2 days and 2 hours before, and the questionnaires at 9am 3 days before', () => {
    const plan = planReminders({
      startsAt: new Date('2026-12-02T10:00:00Z'),
      now: NOW,
      offsetsMinutes: [2880, 120],
      questionnaireDaysBefore: 3,
    });
    expect(plan.map((p) => [p.kind, iso(p.sendAt), p.before])).toEqual([
      ['questionnaire', '2026-11-29T09:00:00.000Z', 3],
      ['reminder', '2026-11-30T10:00:00.000Z', 2880],
      ['reminder', '2026-12-02T08:00:00.000Z', 120],
    ]);
  });

  it('leaves out reminders whose time has passed', () => {
    const plan = planReminders({
      startsAt: new Date('2026-11-26T10:00:00Z'),
      now: NOW,
      offsetsMinutes: [2880, 120],
      questionnaireDaysBefore: 3,
    });
    expect(plan.map((p) => [p.kind, p.before])).toEqual([['reminder', 120]]);
  });

  it('sends nothing for an appointment about to start', () => {
    expect(
      planReminders({
        startsAt: new Date('2026-11-25T11:00:00Z'),
        now: NOW,
        offsetsMinutes: [2880, 120],
        questionnaireDaysBefore: 3,
      }),
    ).toEqual([]);
  });

  it('uses London time for the questionnaire reminder in summer', () => {
    const plan = planReminders({
      startsAt: new Date('2027-07-07T09:00:00Z'),
      now: NOW,
      offsetsMinutes: [],
      questionnaireDaysBefore: 3,
    });
    expect(plan.map((p) => iso(p.sendAt))).toEqual(['2027-07-04T08:00:00.000Z']); // 9am BST
  });

  it('keeps reminders the same local distance across a clock change (offsets are real time)', () => {
    // Appointment 10:00 GMT on Tuesday 27 October 2026; 2 days before is 10:00 UTC on the 25th.
    const plan = planReminders({
      startsAt: new Date('2026-10-27T10:00:00Z'),
      now: new Date('2026-10-01T00:00:00Z'),
      offsetsMinutes: [2880],
      questionnaireDaysBefore: null,
    });
    expect(plan.map((p) => iso(p.sendAt))).toEqual(['2026-10-25T10:00:00.000Z']);
  });

  it('ignores duplicates and nonsense offsets, and no questionnaire when switched off', () => {
    const plan = planReminders({
      startsAt: new Date('2026-12-02T10:00:00Z'),
      now: NOW,
      offsetsMinutes: [120, 120, 0, -5, 1.5],
      questionnaireDaysBefore: null,
    });
    expect(plan.map((p) => p.before)).toEqual([120]);
  });

  it('sends no questionnaire reminder after the appointment has begun (early-morning case)', () => {
    // 8am appointment with a 0-day window would be after start; days must be positive.
    const plan = planReminders({
      startsAt: new Date('2026-12-02T08:00:00Z'),
      now: NOW,
      offsetsMinutes: [],
      questionnaireDaysBefore: 0,
    });
    expect(plan).toEqual([]);
  });
});

describe('describeOffset', () => {
  it.each([
    [2880, '2 days'],
    [1440, '1 day'],
    [120, '2 hours'],
    [60, '1 hour'],
    [45, '45 minutes'],
    [1, '1 minute'],
    [1440 + 360, '1 day and 6 hours'],
    [1440 + 60 + 5, '1 day, 1 hour and 5 minutes'],
    [0, '0 minutes'],
  ])('%i minutes is "%s"', (minutes, text) => {
    expect(describeOffset(minutes)).toBe(text);
  });
});

const video: AppointmentFacts = {
  serviceName: 'NHS Talking Therapies',
  startsAt: new Date('2026-12-02T10:00:00Z'),
  durationMinutes: 50,
  mode: 'video',
  videoUrl: 'https://rapport.example.nhs.uk/appointments/abc/video',
  place: null,
  appointmentsUrl: 'https://rapport.example.nhs.uk/appointments',
};
const faceToFace: AppointmentFacts = {
  ...video,
  mode: 'face_to_face',
  videoUrl: null,
  place: {
    locationName: 'Leeds Central',
    address: '1 Park Row,\nLeeds',
    postcode: 'LS1 5AB',
    roomName: 'Room 2',
  },
};

const HEALTH_WORDS = /depress|therap(y|ist)|IPT|interpersonal|mental|anxiety|counsell|PHQ|GAD/i;

describe('message wording', () => {
  const all = (channel: 'email' | 'sms') => [
    bookedMessage(video, channel),
    bookedMessage(faceToFace, channel),
    seriesBookedMessage([video, { ...video, startsAt: new Date('2026-12-09T10:00:00Z') }], channel),
    bookedListMessage([faceToFace], channel),
    bookedListMessage([video, faceToFace], channel),
    reminderMessage(video, channel),
    reminderMessage(faceToFace, channel),
    changedMessage(video, new Date('2026-12-01T10:00:00Z'), channel),
    cancelledMessage(video, 'service', channel),
    cancelledMessage(video, 'patient', channel),
    questionnaireMessage(
      {
        serviceName: 'NHS Talking Therapies',
        startsAt: video.startsAt,
        homeUrl: 'https://x.nhs.uk/home',
      },
      channel,
    ),
  ];

  it('never carries health detail beyond the service name', () => {
    for (const m of [...all('email'), ...all('sms')]) {
      const text = `${m.subject ?? ''} ${m.body}`.replaceAll(
        'NHS Talking Therapies',
        'the service',
      );
      expect(text).not.toMatch(HEALTH_WORDS);
    }
  });

  it('says "your appointment with NHS Talking Therapies" and gives the full video link', () => {
    const sms = bookedMessage(video, 'sms');
    expect(sms.subject).toBeNull();
    expect(sms.body).toBe(
      'Your appointment with NHS Talking Therapies is on Wednesday 2 December 2026 at 10am, for 50 minutes. It is a video call. Join from this page: https://rapport.example.nhs.uk/appointments/abc/video To cancel or change it: https://rapport.example.nhs.uk/appointments',
    );
  });

  it('gives the full address face to face, on one line', () => {
    expect(reminderMessage(faceToFace, 'sms').body).toContain(
      'It is face to face at Leeds Central, 1 Park Row, Leeds, LS1 5AB (Room 2).',
    );
  });

  it('keeps texts short: within two text messages (306 characters)', () => {
    for (const m of all('sms').filter((x) => !x.body.startsWith('You have'))) {
      expect(m.body.length).toBeLessThanOrEqual(306);
    }
  });

  it('gives emails a subject and lines, listing every date of a series', () => {
    const series = seriesBookedMessage(
      [video, { ...video, startsAt: new Date('2026-12-09T10:00:00Z') }],
      'email',
    );
    expect(series.subject).toBe('Your appointments with NHS Talking Therapies');
    expect(series.body).toContain(
      '- Wednesday 2 December 2026 at 10am\n- Wednesday 9 December 2026 at 10am',
    );
    expect(seriesBookedMessage([video], 'email')).toEqual(bookedMessage(video, 'email'));
    expect(() => seriesBookedMessage([], 'email')).toThrow(RangeError);
  });

  it('lists the appointments booked for someone we can reach only now: the next by text, all by email', () => {
    const later = { ...faceToFace, startsAt: new Date('2026-12-09T10:00:00Z') };
    expect(bookedListMessage([video, later], 'sms')).toEqual({
      subject: null,
      body: 'Now that we can text you: you have 2 appointments with NHS Talking Therapies, the next on Wednesday 2 December 2026 at 10am. It is a video call. Join from this page: https://rapport.example.nhs.uk/appointments/abc/video See them all, or cancel or change one: https://rapport.example.nhs.uk/appointments',
    });
    const email = bookedListMessage([video, later], 'email');
    expect(email.subject).toBe('Your appointments with NHS Talking Therapies');
    expect(email.body).toContain(
      '- Wednesday 2 December 2026 at 10am, for 50 minutes. It is a video call.',
    );
    expect(email.body).toContain(
      '- Wednesday 9 December 2026 at 10am, for 50 minutes. It is face to face at Leeds Central',
    );
    expect(bookedListMessage([video], 'email').subject).toBe(
      'Your appointment with NHS Talking Therapies',
    );
    expect(() => bookedListMessage([], 'sms')).toThrow(RangeError);
  });

  it('says who cancelled and what changed', () => {
    expect(cancelledMessage(video, 'patient', 'sms').body).toMatch(
      /^You cancelled your appointment/,
    );
    expect(cancelledMessage(video, 'service', 'sms').body).toMatch(/We will be in touch/);
    expect(changedMessage(video, new Date('2026-12-01T10:00:00Z'), 'sms').body).toContain(
      'on Tuesday 1 December 2026 at 10am has moved to Wednesday 2 December 2026 at 10am',
    );
  });

  it('describes a phone appointment', () => {
    expect(reminderMessage({ ...video, mode: 'phone', videoUrl: null }, 'sms').body).toContain(
      'It is a phone call. We will call you.',
    );
  });
});

describe('a notice naming several appointments, after one of them changes (H10)', () => {
  const now = new Date('2026-11-26T23:00:00Z');
  const at = (iso: string, status = 'booked') => ({ id: iso, startsAt: new Date(iso), status });

  it('describes only those still booked and yet to start, earliest first, at their present times', () => {
    const named = [
      at('2026-12-16T15:00:00Z'),
      at('2026-12-02T15:00:00Z', 'cancelled'),
      at('2026-12-09T15:00:00Z'),
      at('2026-11-26T10:00:00Z'), // already past: not described again
      at('2026-12-23T15:00:00Z', 'attended'),
    ];
    expect(stillToDescribe(named, now).map((a) => a.id)).toEqual([
      '2026-12-09T15:00:00Z',
      '2026-12-16T15:00:00Z',
    ]);
    expect(stillToDescribe([at('2026-12-02T15:00:00Z', 'cancelled')], now)).toEqual([]);
  });

  it('says "weekly" only while every one is on the same weekday and time, and gives each its own length and place once they differ', () => {
    const week = (d: number) => new Date(Date.UTC(2026, 11, d, 10));
    // A week left out (cancelled, or a closure) keeps "weekly" and names the true first and last.
    const gap = seriesBookedMessage(
      [video, { ...video, startsAt: week(16) }, { ...video, startsAt: week(23) }],
      'sms',
    );
    expect(gap.body).toMatch(
      /^You have 3 weekly appointments with NHS Talking Therapies, from Wednesday 2 December 2026 at 10am to Wednesday 23 December 2026 at 10am, each for 50 minutes\. It is a video call\./,
    );
    // One moved to a Thursday, face to face and shorter: no "weekly", no shared length or place.
    const moved = {
      ...faceToFace,
      startsAt: new Date('2026-12-10T15:00:00Z'),
      durationMinutes: 30,
    };
    const sms = seriesBookedMessage([video, moved, { ...video, startsAt: week(16) }], 'sms');
    expect(sms.body).toBe(
      'You have 3 appointments with NHS Talking Therapies, from Wednesday 2 December 2026 at 10am to Wednesday 16 December 2026 at 10am. See them all, or cancel or change one: https://rapport.example.nhs.uk/appointments',
    );
    const email = seriesBookedMessage([video, moved, { ...video, startsAt: week(16) }], 'email');
    expect(email.body).toContain(
      '- Thursday 10 December 2026 at 3pm, for 30 minutes. It is face to face at Leeds Central',
    );
    expect(email.body).toContain(
      '- Wednesday 2 December 2026 at 10am, for 50 minutes. It is a video call.',
    );
    expect(email.body).not.toContain('weekly');
  });
});

describe('course ended and staff messages', () => {
  it('cancels the remaining appointments in one message', () => {
    const m = courseEndedMessage(
      {
        serviceName: 'NHS Talking Therapies',
        messagesUrl: 'https://x.nhs.uk/messages',
        count: 3,
        from: new Date('2026-12-02T10:00:00Z'),
      },
      'sms',
    );
    expect(m.body).toBe(
      'Your time with NHS Talking Therapies has come to an end, so we have cancelled your 3 remaining appointments, from Wednesday 2 December 2026 at 10am. There is a message for you when you sign in: https://x.nhs.uk/messages If you need help now, call NHS 111 and choose option 2, or call 999 in an emergency.',
    );
    const one = courseEndedMessage(
      {
        serviceName: 'NHS Talking Therapies',
        messagesUrl: 'https://x.nhs.uk/messages',
        count: 1,
        from: new Date('2026-12-02T10:00:00Z'),
      },
      'email',
    );
    expect(one.body).toMatch(
      /^Your time with NHS Talking Therapies has come to an end, so we have cancelled your appointment on Wednesday 2 December/,
    );
  });
  it('tells the therapist where the request is, with no patient detail', () => {
    const m = rearrangeRequestMessage({
      serviceName: 'NHS Talking Therapies',
      startsAt: new Date('2026-12-02T10:00:00Z'),
      appointmentUrl: 'https://x.nhs.uk/diary/appointments/abc',
    });
    expect(m.body).toContain('See the request: https://x.nhs.uk/diary/appointments/abc');
    expect(m.body).not.toMatch(HEALTH_WORDS);
  });
});

describe('reminders never go between 21:00 and 08:00 London time', () => {
  const plan = (startsAt: string, now: string, offsets: number[]) =>
    planReminders({
      startsAt: new Date(startsAt),
      now: new Date(now),
      offsetsMinutes: offsets,
      questionnaireDaysBefore: null,
    }).map((p) => [iso(p.sendAt), p.before]);

  it('moves a reminder due overnight to 19:00 the evening before', () => {
    // 06:00 appointment (GMT): 2 hours before is 04:00, so it goes at 19:00 the evening before.
    expect(plan('2026-12-02T06:00:00Z', '2026-11-25T10:00:00Z', [120])).toEqual([
      ['2026-12-01T19:00:00.000Z', 120],
    ]);
  });

  it('moves a reminder due late in the evening back to 19:00 that evening', () => {
    // 2 days before 22:30 is 22:30: quiet, so 19:00 the same evening.
    expect(plan('2026-12-04T22:30:00Z', '2026-11-25T10:00:00Z', [2880])).toEqual([
      ['2026-12-02T19:00:00.000Z', 2880],
    ]);
  });

  it('keeps a reminder due at 08:00 or 20:59, the edges of the kind hours', () => {
    expect(inQuietHours(new Date('2026-12-01T08:00:00Z'))).toBe(false);
    expect(inQuietHours(new Date('2026-12-01T20:59:00Z'))).toBe(false);
    expect(inQuietHours(new Date('2026-12-01T21:00:00Z'))).toBe(true);
    expect(inQuietHours(new Date('2026-12-01T07:59:00Z'))).toBe(true);
  });

  it('uses London time in summer: 07:30 BST is quiet though it is 06:30 UTC', () => {
    // 09:30 BST appointment: 2 hours before is 07:30 BST, moved to 19:00 BST (18:00 UTC).
    expect(plan('2026-07-08T08:30:00Z', '2026-07-01T10:00:00Z', [120])).toEqual([
      ['2026-07-07T18:00:00.000Z', 120],
    ]);
  });

  it('moves across the spring clock change to 19:00 GMT on the Saturday', () => {
    // Sunday 29 March 2026, clocks go forward at 01:00 GMT. A 09:00 BST (08:00 UTC) appointment:
    // 2 hours before is 06:00 UTC = 07:00 BST, quiet; 19:00 on Saturday is still GMT.
    expect(plan('2026-03-29T08:00:00Z', '2026-03-20T10:00:00Z', [120])).toEqual([
      ['2026-03-28T19:00:00.000Z', 120],
    ]);
  });

  it('moves across the autumn clock change to 19:00 BST on the Saturday', () => {
    // Sunday 25 October 2026, clocks go back at 02:00 BST. A 09:00 GMT appointment: 2 hours
    // before is 07:00 GMT, quiet; 19:00 on Saturday is BST (18:00 UTC).
    expect(plan('2026-10-25T09:00:00Z', '2026-10-20T10:00:00Z', [120])).toEqual([
      ['2026-10-24T18:00:00.000Z', 120],
    ]);
  });

  it('booked late at night: 08:00 the next morning if still before the appointment', () => {
    // Booked at 23:00 for 09:30 tomorrow: 19:00 has passed, so 08:00.
    expect(plan('2026-12-02T09:30:00Z', '2026-12-01T23:00:00Z', [120])).toEqual([
      ['2026-12-02T08:00:00.000Z', 120],
    ]);
  });

  it('booked late at night for an 08:00 appointment: no reminder (the confirmation told them)', () => {
    expect(plan('2026-12-02T08:00:00Z', '2026-12-01T23:00:00Z', [120])).toEqual([]);
  });

  it('two reminders moved to the same evening are sent once', () => {
    // 07:00 appointment: 2 hours before (05:00) and 10 hours before (21:00) both go at 19:00.
    expect(plan('2026-12-02T07:00:00Z', '2026-11-25T10:00:00Z', [600, 120])).toEqual([
      ['2026-12-01T19:00:00.000Z', 120],
    ]);
  });

  it('kindSendTime never returns a time in the quiet hours or after the appointment', () => {
    const startsAt = new Date('2026-03-30T07:00:00Z');
    for (let h = 0; h < 72; h += 1) {
      const due = new Date(startsAt.getTime() - h * 3_600_000 - 17 * 60_000);
      const at = kindSendTime(due, startsAt, new Date('2026-03-20T00:00:00Z'));
      if (!at) continue;
      expect(inQuietHours(at)).toBe(false);
      expect(at.getTime()).toBeLessThan(startsAt.getTime());
      expect(at.getTime()).toBeLessThanOrEqual(due.getTime());
    }
  });
});

describe('the time kept after a request to change it', () => {
  it('says the time stays, how to tell us, and nothing about why', () => {
    const facts = {
      serviceName: 'NHS Talking Therapies',
      startsAt: new Date('2026-12-02T10:00:00Z'),
      durationMinutes: 50,
      mode: 'phone' as const,
      videoUrl: null,
      place: null,
      appointmentsUrl: 'https://x.nhs.uk/appointments',
    };
    const email = timeKeptMessage(facts, 'email');
    expect(email.body).toContain(
      'We could not change your appointment with NHS Talking Therapies on Wednesday 2 December 2026 at 10am. It stays booked at that time.',
    );
    expect(email.body).toContain(
      'Please contact us if you cannot come: https://x.nhs.uk/appointments',
    );
    const sms = timeKeptMessage(facts, 'sms');
    expect(sms.subject).toBeNull();
    for (const m of [email, sms]) expect(`${m.subject ?? ''} ${m.body}`).not.toMatch(HEALTH_WORDS);
  });
});

describe('texts about a booking, a change or a cancellation keep the quiet hours (H10)', () => {
  const at = (s: string) => new Date(s);
  const send = (now: string, ...about: string[]) =>
    noticeSendTime(at(now), about.map(at))?.toISOString() ?? 'at once';

  it('go at once in the day, and at 20:59', () => {
    expect(send('2026-12-01T10:00:00Z', '2026-12-08T10:00:00Z')).toBe('at once');
    expect(send('2026-12-01T20:59:00Z', '2026-12-08T10:00:00Z')).toBe('at once');
  });

  it('made at 01:17 or 22:00, wait until 08:00 London time (BST in summer)', () => {
    expect(send('2026-12-02T01:17:00Z', '2026-12-08T10:00:00Z')).toBe('2026-12-02T08:00:00.000Z');
    expect(send('2026-12-01T22:00:00Z', '2026-12-08T10:00:00Z')).toBe('2026-12-02T08:00:00.000Z');
    // 23:30 BST on 7 July is 22:30 UTC; 08:00 BST on 8 July is 07:00 UTC.
    expect(send('2026-07-07T22:30:00Z', '2026-07-14T09:00:00Z')).toBe('2026-07-08T07:00:00.000Z');
  });

  it('go at once, night or not, when an appointment is that morning or sooner (no wasted journey)', () => {
    // A cancellation at 01:17 of a 07:30 or a 09:00 appointment that day.
    expect(send('2026-12-02T01:17:00Z', '2026-12-02T07:30:00Z')).toBe('at once');
    expect(send('2026-12-02T01:17:00Z', '2026-12-02T09:00:00Z')).toBe('at once');
    // At 22:00, an appointment the next day.
    expect(send('2026-12-01T22:00:00Z', '2026-12-02T15:00:00Z')).toBe('at once');
    // A change whose previous time was the next morning, moved to next week.
    expect(send('2026-12-01T22:00:00Z', '2026-12-08T10:00:00Z', '2026-12-02T09:00:00Z')).toBe(
      'at once',
    );
  });
});
