import type { Role } from '../db/schema';
import type { AppContext } from '../platform/context';
import { findUserByEmail, insertUser } from '../features/auth/auth.repository';
import { hashPassword } from '../features/auth/passwords';
import { insertPatient, ensureDemoLocations } from './demo.repository';

/** Synthetic people only: names are invented and NHS numbers are in the 999 test range. */
export const DEMO_PASSWORD = 'demo walrus kettle meadow';

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

const PATIENTS = [
  {
    key: 'patient1',
    givenName: 'Taylor',
    familyName: 'Green',
    dateOfBirth: '1988-04-12',
    nhsNumber: '9990000018',
    postcode: 'LS1 4AP',
    clinician: 'therapist1',
    label: 'Patient (in treatment)',
  },
  {
    key: 'patient2',
    givenName: 'Robin',
    familyName: 'Hart',
    dateOfBirth: '1975-11-03',
    nhsNumber: '9990000026',
    postcode: 'LS6 2QQ',
    clinician: 'trainee',
    label: 'Patient (trainee’s caseload)',
  },
  {
    key: 'patient3',
    givenName: 'Jamie',
    familyName: 'Moss',
    dateOfBirth: '1999-07-30',
    nhsNumber: '9990000034',
    postcode: 'LS7 3BE',
    clinician: 'therapist2',
    label: 'Patient (finished treatment)',
  },
];

const WEEKDAYS_9_TO_5 = Object.fromEntries(
  [1, 2, 3, 4, 5].map((d) => [String(d), { opens: '09:00', closes: '17:00' }]),
);

const DEMO_LOCATIONS = [
  {
    name: 'Riverside Health Centre',
    address: '12 Riverside Walk, Leeds',
    postcode: 'LS1 4AP',
    stepFreeAccess: true,
    accessInformation:
      'Step-free entrance from the car park. Hearing loop at reception. Accessible toilet on the ground floor.',
    openingHours: WEEKDAYS_9_TO_5,
    rooms: ['Room 1', 'Room 2'],
  },
  {
    name: 'Chapel Street Clinic',
    address: '3 Chapel Street, Leeds',
    postcode: 'LS6 2QQ',
    stepFreeAccess: false,
    accessInformation:
      'Therapy rooms are on the first floor, up 14 steps. There is no lift. Ask us for a ground-floor room elsewhere.',
    openingHours: WEEKDAYS_9_TO_5,
    rooms: ['Blue room'],
  },
];

export interface DemoSignIns {
  password: string;
  accounts: { role: string; email: string }[];
}

/** Idempotent: a second run finds the demo people already there and changes nothing. */
export async function seedDemo(
  ctx: AppContext,
  serviceId: string,
  progress: (message: string) => void,
): Promise<DemoSignIns> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const now = ctx.clock.now();
  const ids = new Map<string, string>();
  const total = STAFF.length + PATIENTS.length + 1;
  let done = 0;
  const step = (what: string) => progress(`demo: ${++done}/${total} ${what}`);

  await ensureDemoLocations(ctx.db, serviceId, DEMO_LOCATIONS);
  step('two locations with rooms');
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
        createdAt: now,
      }));
    ids.set(a.key, user.id);
    step(a.label);
  }
  for (const p of PATIENTS) {
    const email = `${p.key}@demo.rapport.test`;
    const existing = await findUserByEmail(ctx.db, serviceId, email);
    if (!existing) {
      await ctx.db.transaction(async (tx) => {
        const user = await insertUser(tx, {
          serviceId,
          email,
          displayName: p.givenName,
          roles: ['patient'],
          passwordHash,
          createdAt: now,
        });
        await insertPatient(tx, {
          serviceId,
          givenName: p.givenName,
          familyName: p.familyName,
          dateOfBirth: p.dateOfBirth,
          nhsNumber: p.nhsNumber,
          postcode: p.postcode,
          email,
          userId: user.id,
          responsibleClinicianId: ids.get(p.clinician) ?? null,
          createdAt: now,
        });
      });
    }
    step(p.label);
  }
  return {
    password: DEMO_PASSWORD,
    accounts: [
      ...STAFF.map((a) => ({ role: a.label, email: a.email })),
      ...PATIENTS.map((p) => ({ role: p.label, email: `${p.key}@demo.rapport.test` })),
    ],
  };
}
