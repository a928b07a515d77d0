import type { Db } from '../db/client';
import type { Role } from '../db/schema';
import type { AppContext } from '../platform/context';
import { FixedClock } from '../platform/clock';
import { createUseCase } from '../platform/use-case';
import { findUserByEmail, insertUser } from '../features/auth/auth.repository';
import { factorsOf, insertFactor } from '../features/auth/second-factor.repository';
import { DEMO_TOTP_SECRET } from './demo-key';
import { hashPassword } from '../features/auth/passwords';
import type { ParsedProfile } from '../features/therapists/therapists.forms';
import { findProfile } from '../features/therapists/therapists.repository';
import { saveTherapistProfile } from '../features/therapists/therapists.service';
import { futureBookedForTherapist } from '../features/diary';
import {
  inviteByEmail,
  joinCommunity,
  myMembership,
} from '../features/community/membership.service';
import {
  ensureDemoContact,
  ensureDemoLocations,
  isActiveUser,
  settleDemoMessages,
} from './demo.repository';
import { claimDemoService, type DemoSignIns } from './start';

export type { DemoSignIns } from './start';
import {
  JOURNEYS,
  atTime,
  demoRooms,
  demoWorldBase,
  journeyDone,
  useCaseOf,
  type DemoWorld,
  type StaffUser,
} from './journeys';

/**
 * Synthetic people only: names are invented, NHS numbers are in the 999 range (valid by
 * modulus 11, never issued), mobiles in Ofcom's drama range, emails at demo.rapport.test.
 */
export const DEMO_PASSWORD = 'demo walrus kettle meadow';
export { DEMO_TOTP_SECRET } from './demo-key';

interface DemoAccount {
  key: string;
  displayName: string;
  email: string;
  roles: Role[];
  label: string;
}

const STAFF: DemoAccount[] = [
  {
    key: 'manager',
    displayName: 'Morgan Reid',
    email: 'manager@demo.rapport.test',
    roles: ['service_manager'],
    label: 'Service manager',
  },
  {
    key: 'supervisor',
    displayName: 'Dr Priya Shah',
    email: 'supervisor@demo.rapport.test',
    roles: ['supervisor', 'therapist'],
    label: 'Supervisor and therapist',
  },
  {
    key: 'therapist1',
    displayName: 'Sam Okafor',
    email: 'therapist1@demo.rapport.test',
    roles: ['therapist'],
    label: 'Therapist',
  },
  {
    key: 'therapist2',
    displayName: 'Alex Byrne',
    email: 'therapist2@demo.rapport.test',
    roles: ['therapist'],
    label: 'Therapist',
  },
  {
    key: 'trainee',
    displayName: 'Jo Evans',
    email: 'trainee@demo.rapport.test',
    roles: ['therapist'],
    label: 'Trainee therapist',
  },
  {
    key: 'moderator',
    displayName: 'Chris Lane',
    email: 'moderator@demo.rapport.test',
    roles: ['moderator'],
    label: 'Community moderator',
  },
];

const hours = (days: number[], opens: string, closes: string) =>
  Object.fromEntries(days.map((d) => [String(d), { opens, closes }]));

const WEEKDAYS_9_TO_5 = hours([1, 2, 3, 4, 5], '09:00', '17:00');

const RIVERSIDE = 'Riverside Health Centre';
const CHAPEL_STREET = 'Chapel Street Clinic';

const DEMO_LOCATIONS = [
  {
    name: RIVERSIDE,
    address: '12 Riverside Walk, Leeds',
    postcode: 'LS1 4AP',
    stepFreeAccess: true,
    accessInformation:
      'Step-free entrance from the car park. Hearing loop at reception. Accessible toilet on the ground floor.',
    openingHours: WEEKDAYS_9_TO_5,
    rooms: ['Room 1', 'Room 2'],
  },
  {
    name: CHAPEL_STREET,
    address: '3 Chapel Street, Leeds',
    postcode: 'LS6 2QQ',
    stepFreeAccess: false,
    accessInformation:
      'Therapy rooms are on the first floor, up 14 steps. There is no lift. Ask us for a ground-floor room elsewhere.',
    openingHours: WEEKDAYS_9_TO_5,
    rooms: ['Blue room'],
  },
];

/**
 * The four therapists' profiles, as a service manager records them. Registration numbers are
 * made up in each register's style; the trainee is supervised by the supervisor.
 */
const PROFILES: {
  key: string;
  profile: Omit<ParsedProfile, 'locationIds' | 'supervisorId'> & {
    locations: string[];
    supervisor: string | null;
  };
}[] = [
  {
    key: 'supervisor',
    profile: {
      jobTitle: 'Consultant clinical psychologist and IPT supervisor',
      professionalBody: 'HCPC',
      registrationNumber: 'PYL04217',
      trainee: false,
      supervisor: null,
      therapies: ['ipt'],
      locations: [RIVERSIDE, CHAPEL_STREET],
      workingPattern: hours([1, 2, 3, 4], '09:00', '17:00'),
    },
  },
  {
    key: 'therapist1',
    profile: {
      jobTitle: 'IPT therapist',
      professionalBody: 'BACP',
      registrationNumber: '384215',
      trainee: false,
      supervisor: null,
      therapies: ['ipt', 'counselling_for_depression'],
      locations: [RIVERSIDE],
      workingPattern: WEEKDAYS_9_TO_5,
    },
  },
  {
    key: 'therapist2',
    profile: {
      jobTitle: 'Senior psychological therapist',
      professionalBody: 'UKCP',
      registrationNumber: '2011-04821',
      trainee: false,
      supervisor: null,
      therapies: ['ipt', 'dynamic_interpersonal_therapy'],
      locations: [CHAPEL_STREET],
      workingPattern: hours([2, 3, 4, 5], '09:30', '17:30'),
    },
  },
  {
    key: 'trainee',
    profile: {
      jobTitle: 'Trainee IPT therapist',
      professionalBody: 'BABCP',
      registrationNumber: '031977',
      trainee: true,
      supervisor: 'supervisor',
      therapies: ['ipt', 'cbt'],
      locations: [RIVERSIDE],
      workingPattern: hours([1, 3, 4], '09:00', '17:00'),
    },
  },
];

/**
 * Fills the service with the demo: locations, staff and the therapists' profiles, then patients
 * at each point of the journey (see journeys.ts), laid out in weeks around now. Idempotent: a
 * second run finds everything already there and changes nothing. Each patient's journey is one
 * transaction, so a run stopped half way leaves no half-made patient.
 */

/** Demo data is fixed: a missing piece is a mistake in this file, so say which. */
function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`demo: no ${what}`);
  return value;
}

/**
 * The community moderator joins the community as the app has any moderator join: the manager
 * invites them (at /community/moderators), and they accept under a pseudonym. Without this the
 * moderator account has the role but no membership, and every community page answers 404.
 */
async function seedCommunityModerator(
  w: DemoWorld,
  f: { manager: StaffUser; moderator: StaffUser; at: Date },
) {
  const clock = new FixedClock(f.at);
  const as = (tx: Db, s: StaffUser) => useCaseOf(tx, w, clock, s);
  // Access removed while trying the demo stays removed: the demo starts without the membership.
  for (const person of [f.manager, f.moderator])
    if (!(await isActiveUser(w.ctx.db, w.serviceId, person.id))) return false;
  await w.ctx.db.transaction(async (tx) => {
    if (await myMembership(as(tx, f.moderator))) return;
    const invited = await inviteByEmail(as(tx, f.manager), {
      kind: 'moderator',
      name: f.moderator.displayName,
      email: f.moderator.email,
      badge: 'volunteer',
    });
    if (!invited) throw new Error('demo: inviting the community moderator failed');
    const joined = await joinCommunity(as(tx, f.moderator), {
      pseudonym: 'Steady Harbour',
      avatar: 'leaf-teal',
    });
    if (!joined?.ok)
      throw new Error(`demo: the moderator joining failed: ${JSON.stringify(joined)}`);
    // The invitation went out when the service opened.
    await settleDemoMessages(tx, w.serviceId, [f.moderator.email], f.at);
  });
  return true;
}

export async function seedDemo(
  ctx: AppContext,
  serviceId: string,
  progress: (message: string) => void,
): Promise<DemoSignIns> {
  await claimDemoService(ctx.db, serviceId);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const { now, monday } = demoWorldBase(ctx);
  // The service "opened" half a year ago: staff and profiles date from then.
  const opened = atTime(monday, -30, 1, '09:00');
  const staff = new Map<string, StaffUser>();
  const total = 1 + STAFF.length + 2 + JOURNEYS.length;
  let done = 0;
  const step = (what: string) => {
    progress(`demo: ${++done}/${total} ${what}`);
  };

  await ensureDemoLocations(ctx.db, serviceId, DEMO_LOCATIONS);
  // Every patient page says how to reach the service; numbers from Ofcom's drama range.
  await ensureDemoContact(ctx.db, serviceId, {
    phone: '+441134960000',
    email: 'talking.therapies@demo.rapport.test',
    addressLines: ['12 Riverside Walk', 'Leeds'],
    postcode: 'LS1 4AP',
  });
  step('two locations with rooms, and how to contact the service');
  for (const a of STAFF) {
    const existing = await findUserByEmail(ctx.db, serviceId, a.email);
    const user =
      existing ??
      (await insertUser(ctx.db, {
        serviceId,
        email: a.email,
        displayName: a.displayName,
        roles: a.roles,
        passwordHash,
        createdAt: opened,
      }));
    if ((await factorsOf(ctx.db, serviceId, user.id)).length === 0)
      await insertFactor(ctx.db, {
        serviceId,
        userId: user.id,
        kind: 'totp',
        name: 'Authenticator app',
        totpSecret: DEMO_TOTP_SECRET,
        createdAt: opened,
      });
    staff.set(a.key, {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      roles: user.roles,
    });
    step(a.label);
  }

  const rooms = await demoRooms(ctx.db, serviceId);
  const locationIds = new Map([...rooms.values()].map((r) => [r.location.name, r.location.id]));
  const manager = required(staff.get('manager'), 'manager');
  const clock = new FixedClock(opened);
  // Saving a profile sends no message, so the service's name and links are not needed here.
  const managerUseCase = createUseCase({
    db: ctx.db,
    clock,
    actor: {
      serviceId,
      userId: manager.id,
      role: manager.roles.join(','),
      ip: null,
      requestId: null,
    },
    user: null,
    service: { id: serviceId, name: '', slug: '' },
    links: { publicUrl: ctx.config.publicUrl, serviceName: '' },
  });
  for (const { key, profile } of PROFILES) {
    const userId = required(staff.get(key), key).id;
    if (await findProfile(ctx.db, serviceId, userId)) continue;
    const { locations, supervisor, ...rest } = profile;
    const saved = await saveTherapistProfile(managerUseCase, {
      userId,
      profile: {
        ...rest,
        supervisorId: supervisor ? required(staff.get(supervisor), supervisor).id : null,
        locationIds: locations.map((name) => required(locationIds.get(name), name)),
      },
      bookedSessions: futureBookedForTherapist,
    });
    if (!saved.ok) throw new Error(`demo: saving ${key}'s profile failed`);
  }
  step('therapist profiles: registration, IPT, locations and working patterns');

  const world: DemoWorld = { ctx, serviceId, now, monday, staff, passwordHash, rooms };
  const moderatorJoined = await seedCommunityModerator(world, {
    manager,
    moderator: required(staff.get('moderator'), 'moderator'),
    at: opened,
  });
  step(
    moderatorJoined
      ? 'the community moderator, a member of the community'
      : 'the community moderator: not joined, as the manager’s or moderator’s access was removed',
  );

  for (const journey of JOURNEYS) {
    if (!(await journeyDone(ctx.db, serviceId, journey)))
      await ctx.db.transaction((tx) => journey.run(tx, world, new FixedClock(now), journey.person));
    step(journey.label);
  }

  return {
    password: DEMO_PASSWORD,
    totpSecret: DEMO_TOTP_SECRET,
    accounts: [
      ...STAFF.map((a) => ({ role: a.label, email: a.email })),
      ...JOURNEYS.flatMap((j) =>
        j.person.account ? [{ role: j.person.account.label, email: j.person.account.email }] : [],
      ),
    ],
  };
}
