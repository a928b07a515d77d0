import { describe, expect, it } from 'vitest';
import {
  checkHours,
  describeHoursForChoice,
  officeHoursInWords,
  freeSlots,
  notAtWorkLocations,
  outsideWorkingPattern,
  strandedByChange,
  type HoursFacts,
} from './hours';
import { planSingleSlot, planWeeklySlots, type Slot } from './schedule';
import type { WeeklyHoursMap } from './weeklyHours';

const NINE_TO_FIVE: WeeklyHoursMap = Object.fromEntries(
  [1, 2, 3, 4, 5].map((d) => [String(d), { opens: '09:00', closes: '17:00' }]),
);

const facts = (over: Partial<HoursFacts> = {}): HoursFacts => ({
  therapist: { name: 'Sam Taylor', workingPattern: NINE_TO_FIVE },
  location: null,
  extraClosures: [],
  ...over,
});

function one(date: string, time: string, minutes = 60): Slot[] {
  const plan = planSingleSlot(date, time, minutes);
  if (!plan.ok) throw new Error(plan.message);
  return [...plan.slots];
}

describe('checkHours', () => {
  it('refuses a Sunday for a therapist who works Monday to Friday, saying what and why', () => {
    expect(checkHours(one('2026-12-06', '10:00'), facts())).toEqual([
      {
        field: 'date',
        code: 'outside-working-pattern',
        message:
          'Sam Taylor does not work on Sundays. Choose a time between 9am and 5pm, Monday to Friday, or give a reason',
      },
    ]);
  });

  it('refuses 6am and a session running past 5pm, and allows 9am to 5pm exactly', () => {
    expect(checkHours(one('2026-12-01', '06:00'), facts())[0]?.message).toBe(
      'Sam Taylor does not work from 6am to 7am on Tuesdays. Choose a time between 9am and 5pm, Monday to Friday, or give a reason',
    );
    expect(checkHours(one('2026-12-01', '16:30', 50), facts())[0]?.field).toBe('time');
    expect(checkHours(one('2026-12-01', '09:00', 60), facts())).toEqual([]);
    expect(checkHours(one('2026-12-01', '16:00', 60), facts())).toEqual([]);
  });

  it('refuses an appointment across midnight', () => {
    const evenings: WeeklyHoursMap = {
      '2': { opens: '09:00', closes: '23:59' },
      '3': { opens: '00:00', closes: '17:00' },
    };
    const issues = checkHours(
      one('2026-12-01', '23:30', 50),
      facts({ therapist: { name: 'Sam Taylor', workingPattern: evenings } }),
    );
    expect(issues.map((i) => i.code)).toEqual(['outside-working-pattern']);
    expect(issues[0]?.message).toContain('from 11:30pm to 12:20am on Tuesdays');
  });

  it('follows London time across the clock changes', () => {
    // Monday 30 March 2026 (BST): 09:00 London is 08:00 UTC, inside the pattern.
    expect(checkHours(one('2026-03-30', '09:00'), facts())).toEqual([]);
    // Monday 26 October 2026 (GMT again): 08:30 London is outside.
    expect(checkHours(one('2026-10-26', '08:30'), facts())[0]?.code).toBe(
      'outside-working-pattern',
    );
  });

  it('refuses a bank holiday and an extra closure', () => {
    expect(checkHours(one('2026-12-25', '10:00'), facts())[0]).toEqual({
      field: 'date',
      code: 'closed',
      message:
        'Friday 25 December 2026 is a bank holiday (Christmas Day). Choose another date, or give a reason',
    });
    expect(
      checkHours(one('2026-12-02', '10:00'), facts({ extraClosures: ['2026-12-02'] }))[0]?.code,
    ).toBe('closed');
  });

  it('a weekly series crossing a closure is planned around it, so it passes', () => {
    // Tuesdays from 15 December 2026: 22 and 29 December are extra closures.
    const plan = planWeeklySlots('2026-12-15', '10:00', 4, 50, ['2026-12-22', '2026-12-29']);
    if (!plan.ok) throw new Error(plan.message);
    expect(plan.slots.map((s) => s.date)).toEqual([
      '2026-12-15',
      '2027-01-05',
      '2027-01-12',
      '2027-01-19',
    ]);
    expect(checkHours(plan.slots, facts({ extraClosures: ['2026-12-22', '2026-12-29'] }))).toEqual(
      [],
    );
    // The same dates without planning (a closure added after booking) are caught.
    const raw = [...one('2026-12-15', '10:00', 50), ...one('2026-12-22', '10:00', 50)];
    expect(checkHours(raw, facts({ extraClosures: ['2026-12-22'] }))[0]?.message).toContain(
      'The service is closed on Tuesday 22 December 2026',
    );
  });

  it('a weekly series at 6am across the spring clock change is refused once', () => {
    const plan = planWeeklySlots('2026-03-24', '06:00', 3, 50);
    if (!plan.ok) throw new Error(plan.message);
    const issues = checkHours(plan.slots, facts());
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toContain('does not work from 6am to 6:50am on Tuesdays');
  });

  it('checks the location’s opening hours face to face', () => {
    const saturdays: WeeklyHoursMap = { ...NINE_TO_FIVE, '6': { opens: '09:00', closes: '12:00' } };
    const issues = checkHours(
      one('2026-12-05', '10:00'),
      facts({
        therapist: { name: 'Sam Taylor', workingPattern: saturdays },
        location: { name: 'Leeds Centre', openingHours: NINE_TO_FIVE },
      }),
    );
    expect(issues).toEqual([
      {
        field: 'date',
        code: 'outside-opening-hours',
        message:
          'Leeds Centre is closed on Saturdays. Choose a time between 9am and 5pm, Monday to Friday, or give a reason',
      },
    ]);
  });

  it('needs a reason at a location the therapist does not work at, naming where they do', () => {
    const chapel = { id: 'loc-chapel', name: 'Chapel Street Clinic' };
    const riverside = { id: 'loc-river', name: 'Riverside', openingHours: {} };
    const alex = (workLocations: { id: string; name: string }[] | null) => ({
      name: 'Alex Morgan',
      workingPattern: NINE_TO_FIVE,
      workLocations,
    });
    expect(
      checkHours(
        one('2026-12-02', '10:00'),
        facts({ therapist: alex([chapel]), location: riverside }),
      ),
    ).toEqual([
      {
        field: 'locationId',
        code: 'not-work-location',
        message:
          'Alex Morgan does not work at Riverside. Choose Chapel Street Clinic, where they work, or give a reason',
      },
    ]);
    const two = [chapel, { id: 'loc-hub', name: 'The Hub' }, { id: 'loc-mill', name: 'Mill Lane' }];
    expect(
      checkHours(
        one('2026-12-02', '10:00'),
        facts({ therapist: alex(two), location: riverside }),
      )[0]?.message,
    ).toBe(
      'Alex Morgan does not work at Riverside. Choose Chapel Street Clinic, The Hub or Mill Lane, where they work, or give a reason',
    );
    // A weekly series at the wrong place is named once.
    const series = planWeeklySlots('2026-12-02', '10:00', 4, 50, []);
    if (!series.ok) throw new Error(series.message);
    expect(
      checkHours(series.slots, facts({ therapist: alex([chapel]), location: riverside })).map(
        (i) => i.code,
      ),
    ).toEqual(['not-work-location']);
    // Where they work, or nothing recorded, or no location id to compare: nothing to say.
    const fine = [
      facts({ therapist: alex([chapel]), location: { ...chapel, openingHours: {} } }),
      facts({ therapist: alex([]), location: riverside }),
      facts({ therapist: alex(null), location: riverside }),
      facts({ therapist: alex([chapel]), location: { name: 'Riverside', openingHours: {} } }),
      facts({ therapist: alex([chapel]), location: null }),
    ];
    for (const f of fine) expect(checkHours(one('2026-12-02', '10:00'), f)).toEqual([]);
  });

  it('checks nothing it has no hours for (no working pattern or opening hours recorded)', () => {
    expect(
      checkHours(
        one('2026-12-06', '06:00'),
        facts({
          therapist: { name: 'Sam Taylor', workingPattern: null },
          location: { name: 'Leeds Centre', openingHours: {} },
        }),
      ),
    ).toEqual([]);
  });
});

describe('describeHoursForChoice', () => {
  it('names runs of days, a pair, and differing hours', () => {
    expect(describeHoursForChoice(NINE_TO_FIVE)).toBe('between 9am and 5pm, Monday to Friday');
    expect(
      describeHoursForChoice({
        '1': { opens: '09:00', closes: '17:00' },
        '3': { opens: '09:00', closes: '17:00' },
      }),
    ).toBe('between 9am and 5pm on Monday and Wednesday');
    expect(describeHoursForChoice({ '2': { opens: '09:30', closes: '17:30' } })).toBe(
      'between 9:30am and 5:30pm on Tuesdays',
    );
    expect(
      describeHoursForChoice({
        '1': { opens: '09:00', closes: '17:00' },
        '2': { opens: '12:00', closes: '20:00' },
      }),
    ).toBe('on Monday 9am to 5pm, Tuesday midday to 8pm');
  });
});

describe('freeSlots', () => {
  const base = {
    weekStart: '2026-11-30',
    durationMinutes: 60,
    stepMinutes: 60,
    now: new Date('2026-11-25T10:00:00Z'),
    workingPattern: NINE_TO_FIVE,
    openingHours: null,
    extraClosures: [],
    busy: [],
  };
  const times = (days: ReturnType<typeof freeSlots>, date: string) =>
    days.find((d) => d.date === date)?.slots.map((s) => s.time);

  it('offers each working hour on working days and nothing at the weekend', () => {
    const days = freeSlots(base);
    expect(days.map((d) => d.date)).toHaveLength(7);
    expect(times(days, '2026-11-30')).toEqual([
      '09:00',
      '10:00',
      '11:00',
      '12:00',
      '13:00',
      '14:00',
      '15:00',
      '16:00',
    ]);
    expect(times(days, '2026-12-05')).toEqual([]);
  });

  it('leaves out busy times, the past, closures and hours the location is shut', () => {
    const days = freeSlots({
      ...base,
      now: new Date('2026-11-30T12:30:00Z'),
      busy: [
        { startsAt: new Date('2026-12-01T10:30:00Z'), endsAt: new Date('2026-12-01T11:20:00Z') },
      ],
      extraClosures: ['2026-12-02'],
      openingHours: { ...NINE_TO_FIVE, '4': { opens: '13:00', closes: '17:00' } },
    });
    expect(times(days, '2026-11-30')).toEqual(['13:00', '14:00', '15:00', '16:00']);
    expect(times(days, '2026-12-01')).toEqual([
      '09:00',
      '12:00',
      '13:00',
      '14:00',
      '15:00',
      '16:00',
    ]);
    expect(days.find((d) => d.date === '2026-12-02')).toMatchObject({
      closed: 'The service is closed on Wednesday 2 December 2026',
      slots: [],
    });
    expect(times(days, '2026-12-03')).toEqual(['13:00', '14:00', '15:00', '16:00']);
  });

  it('keeps London wall-clock times in the week the clocks go back', () => {
    const days = freeSlots({
      ...base,
      weekStart: '2026-10-19',
      now: new Date('2026-10-01T00:00:00Z'),
      workingPattern: {
        '7': { opens: '09:00', closes: '11:00' },
        '1': { opens: '09:00', closes: '11:00' },
      },
    });
    const sunday = days.find((d) => d.date === '2026-10-25');
    expect(sunday?.slots.map((s) => s.startsAt.toISOString())).toEqual([
      '2026-10-25T09:00:00.000Z',
      '2026-10-25T10:00:00.000Z',
    ]);
    const monday = days.find((d) => d.date === '2026-10-19');
    expect(monday?.slots.map((s) => s.startsAt.toISOString())).toEqual([
      '2026-10-19T08:00:00.000Z',
      '2026-10-19T09:00:00.000Z',
    ]);
  });
});

describe('sessions handed over to a therapist fall within their working pattern', () => {
  // Tuesday 1 December 2026 10:00 and Saturday 5 December 10:00 London (GMT), 50 minutes.
  const session = (iso: string) => ({
    startsAt: new Date(iso),
    endsAt: new Date(new Date(iso).getTime() + 50 * 60_000),
  });
  const tuesday = session('2026-12-01T10:00:00Z');
  const saturday = session('2026-12-05T10:00:00Z');
  const lateTuesday = session('2026-12-01T16:30:00Z');

  it('names the sessions on a day or at a time they do not work', () => {
    expect(outsideWorkingPattern(NINE_TO_FIVE, [tuesday, saturday, lateTuesday])).toEqual([
      saturday,
      lateTuesday,
    ]);
  });
  it('names none when no working pattern is recorded', () => {
    expect(outsideWorkingPattern(null, [saturday])).toEqual([]);
    expect(outsideWorkingPattern({}, [saturday])).toEqual([]);
  });
});

describe('sessions handed over to a therapist are where they work', () => {
  const leeds = { id: 'leeds', name: 'Leeds Central' };
  const atLeeds = { mode: 'face_to_face', locationId: 'leeds' };
  const atBradford = { mode: 'face_to_face', locationId: 'bradford' };
  const byVideo = { mode: 'video', locationId: null };

  it('names the face-to-face sessions at a location they do not work at', () => {
    expect(notAtWorkLocations([leeds], [atLeeds, atBradford, byVideo])).toEqual([atBradford]);
  });
  it('agrees with the booking rule for the same place', () => {
    const at = (id: string) =>
      checkHours([], {
        ...facts(),
        therapist: { name: 'Sam Taylor', workingPattern: null, workLocations: [leeds] },
        location: { id, name: id, openingHours: {} },
      }).map((i) => i.code);
    expect(at('bradford')).toEqual(['not-work-location']);
    expect(at('leeds')).toEqual([]);
  });
  it('names none when their profile lists no locations', () => {
    expect(notAtWorkLocations([], [atBradford])).toEqual([]);
    expect(notAtWorkLocations(null, [atBradford])).toEqual([]);
  });
});

describe('officeHoursInWords', () => {
  it('says a service’s office hours as the pages give them', () => {
    expect(officeHoursInWords({ days: [1, 2, 3, 4, 5], opens: '09:00', closes: '17:00' })).toBe(
      'between 9am and 5pm, Monday to Friday',
    );
    expect(officeHoursInWords({ days: [1, 3], opens: '08:00', closes: '16:30' })).toBe(
      'between 8am and 4:30pm on Monday and Wednesday',
    );
  });
});

describe('a change to how a therapist works leaves no booked session stranded', () => {
  const leeds = { id: 'leeds' };
  const bradford = { id: 'bradford' };
  const session = (date: string, time: string, over: Partial<Booked> = {}): Booked => ({
    ...one(date, time)[0]!,
    mode: 'video',
    locationId: null,
    outsideHoursReason: null,
    ...over,
  });
  interface Booked {
    startsAt: Date;
    endsAt: Date;
    mode: string;
    locationId: string | null;
    outsideHoursReason: string | null;
  }
  const withoutTuesday: WeeklyHoursMap = Object.fromEntries(
    Object.entries(NINE_TO_FIVE).filter(([day]) => day !== '2'),
  );
  // 2026-12-08 is a Tuesday, 2026-12-09 a Wednesday.
  const tuesday = session('2026-12-08', '10:00');
  const wednesday = session('2026-12-09', '10:00');

  it('names the sessions on a day they would no longer work', () => {
    const stranded = strandedByChange(
      { workingPattern: NINE_TO_FIVE, workLocations: [] },
      { workingPattern: withoutTuesday, workLocations: [] },
      [tuesday, wednesday],
    );
    expect(stranded).toEqual([{ session: tuesday, codes: ['outside-working-pattern'] }]);
  });

  it('names the face-to-face sessions at a place they would no longer work at', () => {
    const atBradford = session('2026-12-09', '10:00', {
      mode: 'face_to_face',
      locationId: 'bradford',
    });
    const atLeeds = session('2026-12-09', '11:00', { mode: 'face_to_face', locationId: 'leeds' });
    expect(
      strandedByChange(
        { workingPattern: NINE_TO_FIVE, workLocations: [leeds, bradford] },
        { workingPattern: NINE_TO_FIVE, workLocations: [leeds] },
        [atBradford, atLeeds, wednesday],
      ),
    ).toEqual([{ session: atBradford, codes: ['not-work-location'] }]);
  });

  it('leaves alone sessions booked outside the usual hours with a reason', () => {
    const agreed = { ...tuesday, outsideHoursReason: 'The patient asked for Tuesdays' };
    expect(
      strandedByChange(
        { workingPattern: NINE_TO_FIVE, workLocations: [] },
        { workingPattern: withoutTuesday, workLocations: [] },
        [agreed],
      ),
    ).toEqual([]);
  });

  it('does not blame the change for a session the old hours already left out', () => {
    const saturday = session('2026-12-12', '10:00');
    expect(
      strandedByChange(
        { workingPattern: NINE_TO_FIVE, workLocations: [] },
        { workingPattern: withoutTuesday, workLocations: [] },
        [saturday],
      ),
    ).toEqual([]);
  });

  it('names every session outside a pattern recorded for the first time, and none when none is', () => {
    expect(
      strandedByChange(
        { workingPattern: null, workLocations: null },
        { workingPattern: withoutTuesday, workLocations: null },
        [tuesday, wednesday],
      ).map((s) => s.session),
    ).toEqual([tuesday]);
    expect(
      strandedByChange(
        { workingPattern: NINE_TO_FIVE, workLocations: [leeds] },
        { workingPattern: {}, workLocations: [] },
        [tuesday, session('2026-12-09', '10:00', { mode: 'face_to_face', locationId: 'leeds' })],
      ),
    ).toEqual([]);
  });
});
