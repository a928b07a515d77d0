import { describe, expect, it } from 'vitest';
import {
  parseAttendance,
  parseBooking,
  parseNoOtherSession,
  parseSettings,
  parseStaffCancel,
  readBookingValues,
  readSwitchType,
  switchBookingType,
} from './diary.forms';

const PATIENT = '00000000-0000-4000-8000-000000000001';
const THERAPIST = '00000000-0000-4000-8000-000000000002';

const good = {
  patientId: PATIENT,
  courseId: '',
  type: 'assessment',
  therapistId: THERAPIST,
  'date-day': '2',
  'date-month': '12',
  'date-year': '2026',
  time: '2pm',
  duration: '60',
  mode: 'video',
};

describe('parseBooking', () => {
  it('reads a good form', () => {
    const { input, errors } = parseBooking(good);
    expect(errors).toEqual([]);
    expect(input).toEqual({
      patientId: PATIENT,
      courseId: null,
      kind: 'assessment',
      therapistId: THERAPIST,
      date: '2026-12-02',
      time: '14:00',
      durationMinutes: 60,
      mode: 'video',
      locationId: null,
      roomId: null,
      repeat: 'once',
      outsideHoursReason: null,
    });
  });

  it('reads the reason for booking outside the usual hours only when the box is ticked', () => {
    expect(parseBooking({ ...good, outsideHoursReason: 'Asked' }).input?.outsideHoursReason).toBe(
      null,
    );
    const ticked = parseBooking({ ...good, outsideHours: 'yes', outsideHoursReason: ' Evenings ' });
    expect(ticked.input?.outsideHoursReason).toBe('Evenings');
    const empty = parseBooking({ ...good, outsideHours: 'yes', outsideHoursReason: '  ' });
    expect(empty.input).toBeNull();
    expect(empty.errors).toEqual([
      {
        field: 'outsideHoursReason',
        message: 'Enter why the appointment is outside the usual hours',
      },
    ]);
    const long = parseBooking({
      ...good,
      outsideHours: 'yes',
      outsideHoursReason: 'x'.repeat(501),
    });
    expect(long.errors.map((e) => e.field)).toEqual(['outsideHoursReason']);
  });

  it('names each problem, linking to the first box of dates and radios', () => {
    const { input, errors, values } = parseBooking({
      patientId: PATIENT,
      type: 'massage',
      therapistId: 'x',
      'date-day': '31',
      'date-month': '2',
      'date-year': '2026',
      time: '25:00',
      duration: 'an hour',
      mode: 'carrier pigeon',
      roomId: 'nope',
      repeat: 'forever',
    });
    expect(input).toBeNull();
    expect(errors).toEqual([
      { field: 'type', href: 'type-1', message: 'Select the type of appointment' },
      { field: 'therapistId', message: 'Select a therapist' },
      {
        field: 'date',
        href: 'date-day',
        message: 'Appointment date must be a real date',
        boxes: ['day', 'month', 'year'],
      },
      { field: 'time', message: 'Start time must be a real time, like 09:30 or 2:15pm' },
      { field: 'duration', message: 'Length must be a whole number of minutes, like 50' },
      { field: 'mode', href: 'mode-1', message: 'Select how the appointment will happen' },
      { field: 'roomId', message: 'Select a room from the list' },
      { field: 'repeat', href: 'repeat-1', message: 'Select how many sessions to book' },
    ]);
    expect(values.time).toBe('25:00');
  });

  it('links a date with only the month wrong to the month box, marking only it', () => {
    const { errors } = parseBooking({ ...good, 'date-month': 'Smarch' });
    expect(errors).toEqual([
      {
        field: 'date',
        href: 'date-month',
        message: 'Appointment date must be a real date',
        boxes: ['month'],
      },
    ]);
  });

  it('accepts phone at this stage: the IPT rule refuses it with its own message later', () => {
    expect(parseBooking({ ...good, type: 'ipt_session', mode: 'phone' }).errors).toEqual([]);
  });
});

describe('cancelling and attendance', () => {
  it('needs who and why to cancel', () => {
    expect(parseStaffCancel({}).errors.map((e) => e.message)).toEqual([
      'Select who cancelled the appointment',
      'Enter the reason for cancelling',
    ]);
    expect(
      parseStaffCancel({ cancelledBy: 'service', reason: 'x'.repeat(501) }).errors[0]!.message,
    ).toBe('Reason must be 500 characters or fewer');
    expect(parseStaffCancel({ cancelledBy: 'patient', reason: ' Unwell ' }).input).toEqual({
      cancelledBy: 'patient',
      reason: 'Unwell',
    });
  });

  it('reads attendance, and cancelled with who and why', () => {
    expect(parseAttendance({ status: 'arrived_late' }).input).toEqual({
      kind: 'attendance',
      status: 'arrived_late',
    });
    expect(
      parseAttendance({ status: 'cancelled', cancelledBy: 'service', reason: 'Room flooded' })
        .input,
    ).toEqual({
      kind: 'cancelled',
      cancelledBy: 'service',
      reason: 'Room flooded',
    });
    expect(parseAttendance({ status: 'cancelled' }).errors).toHaveLength(2);
    expect(parseAttendance({ status: 'booked' }).errors[0]!.message).toBe(
      'Select whether the patient attended',
    );
  });
});

/** Monday to Friday, 9 to 5: the office hours every settings form carries. */
const OFFICE = { officeDays: ['1', '2', '3', '4', '5'], officeOpens: '9am', officeCloses: '17:00' };

describe('parseSettings', () => {
  it('reads closures, reminder hours, questionnaire days and planned sessions', () => {
    const { input, errors } = parseSettings({
      ...OFFICE,
      extraClosures: '24/12/2026\r\n\r\n2026-12-31, 24/12/2026',
      reminderHours: '2, 48',
      questionnaireDays: '3',
      plannedIptSessions: '16',
    });
    expect(errors).toEqual([]);
    expect(input).toEqual({
      officeHours: { days: [1, 2, 3, 4, 5], opens: '09:00', closes: '17:00' },
      wallHours: null,
      extraClosures: ['2026-12-24', '2026-12-31'],
      reminderOffsetsMinutes: [2880, 120],
      questionnaireOpensDaysBefore: 3,
      plannedIptSessions: 16,
    });
  });
  it('allows no reminders and no questionnaire reminder', () => {
    const { input } = parseSettings({
      ...OFFICE,
      extraClosures: '',
      reminderHours: '',
      questionnaireDays: '0',
      plannedIptSessions: '12',
    });
    expect(input).toMatchObject({ reminderOffsetsMinutes: [], questionnaireOpensDaysBefore: 0 });
  });
  it('refuses what it cannot read', () => {
    const { errors } = parseSettings({
      ...OFFICE,
      extraClosures: '31/2/2026',
      reminderHours: '0, 500',
      questionnaireDays: '15',
      plannedIptSessions: '11',
    });
    expect(errors.map((e) => e.field)).toEqual([
      'extraClosures',
      'reminderHours',
      'questionnaireDays',
      'plannedIptSessions',
    ]);
  });
  it('reads the Wall’s own hours, or none to follow office hours, and refuses impossible hours', () => {
    const base = { extraClosures: '', reminderHours: '', questionnaireDays: '3' };
    const form = { ...base, plannedIptSessions: '16', ...OFFICE };
    expect(
      parseSettings({ ...form, wallDays: ['6', '7'], wallOpens: '10', wallCloses: '2pm' }).input
        ?.wallHours,
    ).toEqual({ days: [6, 7], opens: '10:00', closes: '14:00' });
    const bad = parseSettings({
      ...form,
      officeDays: ['8'],
      officeOpens: '17:00',
      officeCloses: '9:00',
      wallOpens: '10:00',
    });
    expect(bad.input).toBeNull();
    expect(bad.errors.map((e) => [e.field, e.message])).toEqual([
      ['officeDays', 'Select the days the service is open'],
      ['officeCloses', 'Time the service closes must be after the time it opens'],
      ['wallDays', 'Select the days the Wall is open'],
      ['wallCloses', 'Enter the time the Wall closes'],
    ]);
  });
});

describe('changing the type being booked', () => {
  const typed = readBookingValues({
    ...good,
    locationId: '00000000-0000-4000-8000-000000000003',
    roomId: 'not-an-id',
    outsideHours: 'yes',
    outsideHoursReason: 'Works weekdays',
  });

  it('is asked only with a type offered here; without one the form books', () => {
    expect(readSwitchType(good, ['assessment', 'review'])).toEqual({ asked: false });
    expect(readSwitchType({ ...good, switchType: 'review' }, ['assessment', 'review'])).toEqual({
      asked: true,
      kind: 'review',
    });
    expect(
      readSwitchType({ ...good, switchType: 'ipt_session' }, ['assessment', 'review']),
    ).toEqual({ asked: true, kind: null });
  });

  it('keeps what was typed, with the new type’s usual length in place of the old one’s', () => {
    const review = switchBookingType(typed, 'review');
    expect(review).toEqual({
      ...typed,
      type: 'review',
      duration: '30',
      // An id that is not one is shown back as nothing chosen, as on any form with errors.
      roomId: '',
      repeat: 'once',
    });
    expect(switchBookingType({ ...typed, duration: '45' }, 'review').duration).toBe('45');
  });

  it('drops a phone call for an IPT session (H7) and keeps a weekly series only for one', () => {
    const phone = { ...typed, type: 'review', mode: 'phone', repeat: 'weekly' };
    expect(switchBookingType(phone, 'ipt_session')).toMatchObject({ mode: '', repeat: 'weekly' });
    expect(switchBookingType(phone, 'assessment')).toMatchObject({ mode: 'phone', repeat: 'once' });
  });

  it('changes nothing for a type not offered', () => {
    expect(switchBookingType(typed, null)).toMatchObject({ type: 'assessment', duration: '60' });
  });
});

describe('parseNoOtherSession', () => {
  it('needs a choice, linked to its first option', () => {
    const { input, errors } = parseNoOtherSession({});
    expect(input).toBeNull();
    expect(errors).toEqual([
      { field: 'why', href: 'why-1', message: 'Select why no other session is needed' },
    ]);
    expect(parseNoOtherSession({ why: 'bored' }).input).toBeNull();
  });

  it('reads a plain option, ignoring anything typed for another reason', () => {
    expect(parseNoOtherSession({ why: 'course_ending', whyOther: 'x' }).input).toEqual({
      reason: 'course_ending',
      detail: null,
    });
  });

  it('needs the words of another reason, trimmed and not too long, keeping what was typed', () => {
    expect(parseNoOtherSession({ why: 'other', whyOther: '  ' }).errors).toEqual([
      { field: 'whyOther', message: 'Enter why no other session is needed' },
    ]);
    expect(parseNoOtherSession({ why: 'other', whyOther: ' Moving away ' }).input).toEqual({
      reason: 'other',
      detail: 'Moving away',
    });
    const long = parseNoOtherSession({ why: 'other', whyOther: 'a'.repeat(501) });
    expect(long.input).toBeNull();
    expect(long.errors[0]!.message).toBe('The reason must be 500 characters or fewer');
    expect(long.values.whyOther).toHaveLength(501);
  });
});
