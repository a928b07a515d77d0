import { describe, expect, it } from 'vitest';
import {
  bookedMessage,
  cancelledMessage,
  changedMessage,
  courseEndedMessage,
  describeOffset,
  planReminders,
  questionnaireMessage,
  rearrangeRequestMessage,
  reminderMessage,
  seriesBookedMessage,
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

describe('course ended and staff messages', () => {
  it('cancels the remaining appointments in one message', () => {
    const m = courseEndedMessage(
      {
        serviceName: 'NHS Talking Therapies',
        appointmentsUrl: 'https://x.nhs.uk/appointments',
        count: 3,
        from: new Date('2026-12-02T10:00:00Z'),
      },
      'sms',
    );
    expect(m.body).toBe(
      'Your 3 remaining appointments with NHS Talking Therapies, from Wednesday 2 December 2026 at 10am, are cancelled. See your appointments: https://x.nhs.uk/appointments',
    );
    const one = courseEndedMessage(
      {
        serviceName: 'NHS Talking Therapies',
        appointmentsUrl: 'https://x.nhs.uk/appointments',
        count: 1,
        from: new Date('2026-12-02T10:00:00Z'),
      },
      'email',
    );
    expect(one.body).toMatch(
      /^Your appointment with NHS Talking Therapies on Wednesday 2 December/,
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
