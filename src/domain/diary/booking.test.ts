import { describe, expect, it } from 'vitest';
import {
  checkBooking,
  bookableKinds,
  meetingModesFor,
  overlaps,
  sessionsLeftToBook,
  type BookingFacts,
  type BookingRequest,
} from './booking';
import { planSingleSlot, planWeeklySlots, type Slot } from './schedule';

const NOW = new Date('2026-11-25T10:00:00Z');

function slot(date: string, time: string, minutes = 50): Slot {
  const plan = planSingleSlot(date, time, minutes);
  if (!plan.ok) throw new Error(plan.message);
  return plan.slots[0]!;
}

const qualified = { iptTrained: true, accreditation: 'BACP', trainee: false, supervisorId: null };

function facts(overrides: Partial<BookingFacts> = {}): BookingFacts {
  return {
    now: NOW,
    therapist: { name: 'Sam Okafor', practitioner: qualified },
    patient: { name: 'Taylor Green' },
    location: null,
    room: null,
    course: { status: 'active', plannedSessions: 16, attendedSessions: 0, bookedSessions: 0 },
    extraClosures: [],
    busy: { therapist: [], room: [], patient: [] },
    ...overrides,
  };
}

function request(overrides: Partial<BookingRequest> = {}): BookingRequest {
  return {
    kind: 'ipt_session',
    mode: 'video',
    durationMinutes: 50,
    slots: [slot('2026-12-02', '10:00')],
    ...overrides,
  };
}

const leeds = { id: 'loc-1', name: 'Leeds Central', active: true };
const room2 = { id: 'room-2', name: 'Room 2', locationId: 'loc-1', active: true };
const otherRoom = { id: 'room-9', name: 'Garden Room', locationId: 'loc-2', active: true };

const codes = (r: BookingRequest, f: BookingFacts) => checkBooking(r, f).map((i) => i.code);

describe('a good booking', () => {
  it('has no issues by video', () => {
    expect(checkBooking(request(), facts())).toEqual([]);
  });
  it('has no issues face to face in a room at the chosen location', () => {
    expect(
      checkBooking(request({ mode: 'face_to_face' }), facts({ location: leeds, room: room2 })),
    ).toEqual([]);
  });
  it('allows an assessment by phone and for 60 minutes, with no course', () => {
    expect(
      checkBooking(
        request({
          kind: 'assessment',
          mode: 'phone',
          durationMinutes: 60,
          slots: [slot('2026-12-02', '10:00', 60)],
        }),
        facts({ course: null, therapist: { name: 'Alex Byrne', practitioner: null } }),
      ),
    ).toEqual([]);
  });
  it('allows back-to-back appointments (half-open times)', () => {
    const before = slot('2026-12-02', '09:10');
    const after = slot('2026-12-02', '10:50');
    expect(
      checkBooking(
        request(),
        facts({ busy: { therapist: [before, after], room: [], patient: [] } }),
      ),
    ).toEqual([]);
  });
});

describe('IPT is never by phone', () => {
  it('refuses a phone IPT session with the clinical message', () => {
    const issues = checkBooking(request({ mode: 'phone' }), facts());
    expect(issues).toEqual([
      {
        field: 'mode',
        code: 'phone-ipt',
        message: 'IPT is not offered by phone. Select a video call or a face-to-face session',
      },
    ]);
  });
  it('offers only a video call or face to face for an IPT session; phone too for the others', () => {
    expect(meetingModesFor('ipt_session')).toEqual(['video', 'face_to_face']);
    expect(meetingModesFor('review')).toEqual(['video', 'face_to_face', 'phone']);
    expect(meetingModesFor('assessment')).toEqual(['video', 'face_to_face', 'phone']);
  });
  it('offers an IPT session only within a course of IPT', () => {
    expect(bookableKinds(true)).toEqual(['assessment', 'ipt_session', 'review']);
    expect(bookableKinds(false)).toEqual(['assessment', 'review']);
  });
  it('allows a phone review', () => {
    expect(codes(request({ kind: 'review', mode: 'phone', durationMinutes: 30 }), facts())).toEqual(
      [],
    );
  });
});

describe('length', () => {
  it('refuses an IPT session over 50 minutes', () => {
    const issues = checkBooking(
      request({ durationMinutes: 51, slots: [slot('2026-12-02', '10:00', 51)] }),
      facts(),
    );
    expect(issues).toEqual([
      { field: 'duration', code: 'too-long', message: 'An IPT session must be 50 minutes or less' },
    ]);
  });
  it('allows exactly 50 minutes, and shorter', () => {
    expect(codes(request({ durationMinutes: 50 }), facts())).toEqual([]);
    expect(codes(request({ durationMinutes: 30 }), facts())).toEqual([]);
  });
  it('caps other appointments at 2 hours', () => {
    expect(checkBooking(request({ kind: 'assessment', durationMinutes: 121 }), facts())).toEqual([
      {
        field: 'duration',
        code: 'too-long',
        message: 'Appointment length must be 120 minutes or less',
      },
    ]);
    expect(codes(request({ kind: 'assessment', durationMinutes: 90 }), facts())).toEqual([]);
  });
  it('refuses anything under 15 minutes, a review or a session (walk 7)', () => {
    expect(checkBooking(request({ kind: 'review', durationMinutes: 5 }), facts())).toEqual([
      {
        field: 'duration',
        code: 'too-short',
        message: 'Appointment length must be at least 15 minutes',
      },
    ]);
    expect(codes(request({ durationMinutes: 14 }), facts())).toEqual(['too-short']);
    expect(codes(request({ kind: 'review', durationMinutes: 15 }), facts())).toEqual([]);
  });
});

describe('when', () => {
  it('refuses a time in the past', () => {
    const issues = checkBooking(request({ slots: [slot('2026-11-24', '10:00')] }), facts());
    expect(issues).toEqual([
      {
        field: 'date',
        code: 'past',
        message: 'The appointment must be in the future. Enter a date and time after now',
      },
    ]);
  });
  it('refuses the exact current minute, and allows a minute later', () => {
    expect(codes(request({ slots: [slot('2026-11-25', '10:00')] }), facts())).toEqual(['past']);
    expect(codes(request({ slots: [slot('2026-11-25', '10:01')] }), facts())).toEqual([]);
  });
  it('refuses a single booking on a bank holiday, naming it', () => {
    const issues = checkBooking(request({ slots: [slot('2026-12-25', '10:00')] }), facts());
    expect(issues).toEqual([
      {
        field: 'date',
        code: 'closed',
        message:
          'Friday 25 December 2026 is a bank holiday (Christmas Day). Choose another date, or give a reason',
      },
    ]);
  });
  it('refuses a single booking on one of the service’s extra closures', () => {
    expect(
      codes(
        request({ slots: [slot('2026-12-24', '10:00')] }),
        facts({ extraClosures: ['2026-12-24'] }),
      ),
    ).toEqual(['closed']);
  });
  it('lets a booking outside the hours through when a reason is recorded', () => {
    const sunday = request({ slots: [slot('2026-12-06', '10:00')] });
    const pattern = { '1': { opens: '09:00', closes: '17:00' } };
    const withPattern = facts({
      therapist: { name: 'Sam Okafor', practitioner: qualified, workingPattern: pattern },
    });
    expect(codes(sunday, withPattern)).toEqual(['outside-working-pattern']);
    expect(
      codes({ ...sunday, outsideHoursReason: 'The patient asked for a Sunday' }, withPattern),
    ).toEqual([]);
    expect(codes({ ...sunday, outsideHoursReason: '   ' }, withPattern)).toEqual([
      'outside-working-pattern',
    ]);
    // A reason does not let through what is never allowed: a clash.
    const clash = {
      startsAt: new Date('2026-12-06T10:00:00Z'),
      endsAt: new Date('2026-12-06T11:00:00Z'),
    };
    expect(
      codes(
        { ...sunday, outsideHoursReason: 'Asked' },
        { ...withPattern, busy: { therapist: [clash], room: [], patient: [] } },
      ),
    ).toEqual(['therapist-busy']);
  });
});

describe('at a location the therapist does not work at', () => {
  it('needs a reason face to face, as outside the hours does; video is never refused for it', () => {
    const therapist = {
      name: 'Alex Morgan',
      practitioner: qualified,
      workLocations: [{ id: 'loc-chapel', name: 'Chapel Street Clinic' }],
    };
    const f2f = request({ mode: 'face_to_face' });
    const atLeeds = facts({ therapist, location: leeds, room: room2 });
    expect(checkBooking(f2f, atLeeds)).toEqual([
      {
        field: 'locationId',
        code: 'not-work-location',
        message:
          'Alex Morgan does not work at Leeds Central. Choose Chapel Street Clinic, where they work, or give a reason',
      },
    ]);
    expect(codes({ ...f2f, outsideHoursReason: 'The patient lives near Leeds' }, atLeeds)).toEqual(
      [],
    );
    // A weekly series from the course is checked the same way.
    const series = planWeeklySlots('2026-12-02', '10:00', 12, 50, []);
    if (!series.ok) throw new Error(series.message);
    expect(codes({ ...f2f, slots: series.slots }, atLeeds)).toEqual(['not-work-location']);
    expect(codes(request(), atLeeds)).toEqual([]);
  });
});

describe('where', () => {
  it('needs a location and a room face to face', () => {
    expect(checkBooking(request({ mode: 'face_to_face' }), facts())).toEqual([
      {
        field: 'locationId',
        code: 'no-location',
        message: 'Select a location for a face-to-face appointment',
      },
      { field: 'roomId', code: 'no-room', message: 'Select a room for a face-to-face appointment' },
    ]);
    expect(checkBooking(request({ mode: 'face_to_face' }), facts({ location: leeds }))).toEqual([
      { field: 'roomId', code: 'no-room', message: 'Select a room at Leeds Central' },
    ]);
  });
  it('refuses a room at another location', () => {
    expect(
      checkBooking(request({ mode: 'face_to_face' }), facts({ location: leeds, room: otherRoom })),
    ).toEqual([
      {
        field: 'roomId',
        code: 'room-elsewhere',
        message: 'Garden Room is not at Leeds Central. Select a room at Leeds Central',
      },
    ]);
  });
  it('refuses a place or room up steps for someone who needs step-free access (H30)', () => {
    const needs = { name: 'Taylor Green', accessNeeds: ['step_free_access'] };
    const f2f = request({ mode: 'face_to_face' });
    expect(
      checkBooking(
        f2f,
        facts({ patient: needs, location: leeds, room: { ...room2, stepFreeAccess: false } }),
      ),
    ).toEqual([
      {
        field: 'roomId',
        code: 'no-step-free-access',
        message:
          'Taylor Green told us they need step-free access, and Room 2 at Leeds Central has none. Select a room with step-free access, or book by video',
      },
    ]);
    expect(
      codes(
        f2f,
        facts({ patient: needs, location: { ...leeds, stepFreeAccess: false }, room: room2 }),
      ),
    ).toEqual(['no-step-free-access']);
    const stepFree = {
      location: { ...leeds, stepFreeAccess: true },
      room: { ...room2, stepFreeAccess: true },
    };
    expect(codes(f2f, facts({ patient: needs, ...stepFree }))).toEqual([]);
    // Nobody else is kept out, and video is always open.
    const upstairs = {
      location: { ...leeds, stepFreeAccess: false },
      room: { ...room2, stepFreeAccess: false },
    };
    expect(codes(f2f, facts(upstairs))).toEqual([]);
    expect(codes(request(), facts({ patient: needs, ...upstairs }))).toEqual([]);
  });
  it('refuses a room or location no longer in use', () => {
    expect(
      codes(
        request({ mode: 'face_to_face' }),
        facts({ location: leeds, room: { ...room2, active: false } }),
      ),
    ).toEqual(['room-unavailable']);
    expect(
      codes(
        request({ mode: 'face_to_face' }),
        facts({ location: { ...leeds, active: false }, room: room2 }),
      ),
    ).toEqual(['location-unavailable']);
  });
  it('ignores a room chosen for a video call', () => {
    expect(codes(request({ mode: 'video' }), facts({ location: leeds, room: otherRoom }))).toEqual(
      [],
    );
  });
});

describe('who may deliver IPT', () => {
  it('refuses a therapist without IPT training', () => {
    const issues = checkBooking(
      request(),
      facts({
        therapist: {
          name: 'Alex Byrne',
          practitioner: {
            iptTrained: false,
            accreditation: 'BABCP',
            trainee: false,
            supervisorId: null,
          },
        },
      }),
    );
    expect(issues).toEqual([
      {
        field: 'therapistId',
        code: 'not-ipt-practitioner',
        message:
          'Alex Byrne cannot deliver IPT sessions. To deliver IPT, a practitioner must be trained in IPT or be an IPT trainee with a supervisor',
      },
    ]);
  });
  it('refuses a therapist with no profile', () => {
    expect(
      checkBooking(request(), facts({ therapist: { name: 'Alex Byrne', practitioner: null } }))[0]
        ?.message,
    ).toBe(
      'Alex Byrne cannot deliver IPT sessions. They have no therapist profile with IPT training',
    );
  });
  it('refuses a trainee with no supervisor and allows one with a supervisor', () => {
    const trainee = { iptTrained: false, accreditation: 'HCPC', trainee: true, supervisorId: null };
    expect(
      codes(request(), facts({ therapist: { name: 'Jo Evans', practitioner: trainee } })),
    ).toEqual(['not-ipt-practitioner']);
    expect(
      codes(
        request(),
        facts({
          therapist: {
            name: 'Jo Evans',
            practitioner: { ...trainee, supervisorId: 'sup-1', supervisorCanSupervise: true },
          },
        }),
      ),
    ).toEqual([]);
  });
  it('does not ask for IPT training for an assessment', () => {
    expect(
      codes(
        request({ kind: 'assessment', durationMinutes: 60 }),
        facts({ course: null, therapist: { name: 'Alex Byrne', practitioner: null } }),
      ),
    ).toEqual([]);
  });
});

describe('the course', () => {
  it('needs a course for an IPT session', () => {
    expect(checkBooking(request(), facts({ course: null }))).toEqual([
      {
        field: 'type',
        code: 'no-course',
        message: 'Book IPT sessions from the patient’s course of treatment',
      },
    ]);
  });
  it('refuses sessions on an ended course', () => {
    expect(
      codes(
        request(),
        facts({
          course: { status: 'ended', plannedSessions: 16, attendedSessions: 3, bookedSessions: 0 },
        }),
      ),
    ).toEqual(['course-ended']);
  });
  it('refuses a session beyond the planned number', () => {
    const full = {
      status: 'active' as const,
      plannedSessions: 12,
      attendedSessions: 10,
      bookedSessions: 2,
    };
    expect(checkBooking(request(), facts({ course: full }))).toEqual([
      {
        field: 'type',
        code: 'course-full',
        message:
          'This course has 12 planned sessions and all 12 are attended or booked. To book more, use “Change the course length” on the course page',
      },
    ]);
  });
  it('refuses a series longer than the sessions left, saying how many are left', () => {
    const course = {
      status: 'active' as const,
      plannedSessions: 12,
      attendedSessions: 8,
      bookedSessions: 1,
    };
    const plan = planWeeklySlots('2026-12-02', '10:00', 4, 50);
    if (!plan.ok) throw new Error('plan failed');
    expect(checkBooking(request({ slots: plan.slots }), facts({ course }))).toEqual([
      {
        field: 'repeat',
        code: 'course-full',
        message:
          'This course has 12 planned sessions and 9 are attended or booked. You can book 3 more',
      },
    ]);
  });
  it('allows the last session, and moving a session on a full course', () => {
    const course = {
      status: 'active' as const,
      plannedSessions: 12,
      attendedSessions: 11,
      bookedSessions: 0,
    };
    expect(codes(request(), facts({ course }))).toEqual([]);
    const full = { ...course, bookedSessions: 1 };
    expect(codes(request({ rearranging: true }), facts({ course: full }))).toEqual([]);
  });
  it('counts sessions left', () => {
    expect(
      sessionsLeftToBook({
        status: 'active',
        plannedSessions: 16,
        attendedSessions: 3,
        bookedSessions: 5,
      }),
    ).toBe(8);
    expect(
      sessionsLeftToBook({
        status: 'active',
        plannedSessions: 12,
        attendedSessions: 12,
        bookedSessions: 2,
      }),
    ).toBe(0);
  });
});

describe('no double-booking', () => {
  const clash = slot('2026-12-02', '10:30', 30);
  it('refuses when the therapist is busy, naming them', () => {
    expect(
      checkBooking(request(), facts({ busy: { therapist: [clash], room: [], patient: [] } })),
    ).toEqual([
      {
        field: 'time',
        code: 'therapist-busy',
        message: 'Sam Okafor already has an appointment at that time',
      },
    ]);
  });
  it('refuses when the patient is busy', () => {
    expect(
      checkBooking(request(), facts({ busy: { therapist: [], room: [], patient: [clash] } })),
    ).toEqual([
      {
        field: 'time',
        code: 'patient-busy',
        message: 'Taylor Green already has an appointment at that time',
      },
    ]);
  });
  it('refuses when the room is booked', () => {
    expect(
      checkBooking(
        request({ mode: 'face_to_face' }),
        facts({
          location: leeds,
          room: room2,
          busy: { therapist: [], room: [clash], patient: [] },
        }),
      ),
    ).toEqual([
      {
        field: 'roomId',
        code: 'room-busy',
        message: 'Room 2 at Leeds Central is already booked at that time',
      },
    ]);
  });
  it('names the clashing date in a series', () => {
    const plan = planWeeklySlots('2026-12-02', '10:00', 3, 50);
    if (!plan.ok) throw new Error('plan failed');
    const busy = [slot('2026-12-09', '10:40', 20)];
    expect(
      checkBooking(
        request({ slots: plan.slots }),
        facts({ busy: { therapist: busy, room: [], patient: [] } }),
      ),
    ).toEqual([
      {
        field: 'time',
        code: 'therapist-busy',
        message:
          'Sam Okafor already has an appointment at that time on Wednesday 9 December 2026 at 10am',
      },
    ]);
  });
  it('reports every problem at once', () => {
    expect(
      codes(
        request({ mode: 'phone', durationMinutes: 60, slots: [slot('2026-11-20', '10:00', 60)] }),
        facts({ course: null, therapist: { name: 'A', practitioner: null } }),
      ),
    ).toEqual(['phone-ipt', 'too-long', 'not-ipt-practitioner', 'no-course', 'past']);
  });
});

describe('overlaps', () => {
  const i = (a: string, b: string) => ({ startsAt: new Date(a), endsAt: new Date(b) });
  it('treats times as half-open', () => {
    expect(
      overlaps(
        i('2026-01-01T10:00Z', '2026-01-01T10:50Z'),
        i('2026-01-01T10:50Z', '2026-01-01T11:40Z'),
      ),
    ).toBe(false);
    expect(
      overlaps(
        i('2026-01-01T10:00Z', '2026-01-01T10:50Z'),
        i('2026-01-01T10:49Z', '2026-01-01T11:40Z'),
      ),
    ).toBe(true);
    expect(
      overlaps(
        i('2026-01-01T10:00Z', '2026-01-01T12:00Z'),
        i('2026-01-01T10:30Z', '2026-01-01T10:40Z'),
      ),
    ).toBe(true);
    expect(
      overlaps(
        i('2026-01-01T10:30Z', '2026-01-01T10:40Z'),
        i('2026-01-01T10:00Z', '2026-01-01T12:00Z'),
      ),
    ).toBe(true);
    expect(
      overlaps(
        i('2026-01-01T09:00Z', '2026-01-01T10:00Z'),
        i('2026-01-01T10:00Z', '2026-01-01T11:00Z'),
      ),
    ).toBe(false);
  });
});
