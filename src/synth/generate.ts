/**
 * A synthetic NHS Talking Therapies service of N courses, with distributions close to a real
 * one: most people referring themselves, waits of a few weeks (some far longer), 12–16 planned
 * sessions with one in five stopping early (some after a single session), about 6% of sessions
 * missed and 5% cancelled, scores starting around PHQ-9 16 / GAD-7 13 and most falling, a few
 * risk alerts still open. Seeded, so a run is repeatable. No real person's data.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client';
import {
  locations,
  rooms,
  therapistLocations,
  therapistProfiles,
  users,
  type AppointmentStatus,
  type ReferralStatus,
} from '../db/schema';
import { writeCourses, type SynthCourseSpec, type SynthSession } from './writer';

/** mulberry32: small, fast and good enough for test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const LANE_HOURS = [9, 10, 11, 12, 14, 15, 16];
const GIVEN = ['Alex', 'Sam', 'Jo', 'Priya', 'Amir', 'Chen', 'Olu', 'Maria', 'Tom', 'Aisha'];
const FAMILY = ['Smith', 'Khan', 'Jones', 'Patel', 'Brown', 'Okafor', 'Wilson', 'Ali', 'Li'];
const GENDERS = [
  ['female', 0.62],
  ['male', 0.34],
  ['non_binary', 0.02],
  ['not_stated', 0.02],
] as const;
const ETHNICITIES = [
  ['A', 0.72],
  ['C', 0.05],
  ['H', 0.04],
  ['J', 0.03],
  ['N', 0.04],
  ['M', 0.02],
  ['F', 0.02],
  ['S', 0.03],
  ['Z', 0.05],
] as const;
const SOURCES = [
  ['self', 0.62],
  ['gp', 0.3],
  ['other', 0.08],
] as const;

function pick<T>(random: () => number, weighted: readonly (readonly [T, number])[]): T {
  let r = random();
  for (const [value, weight] of weighted) {
    r -= weight;
    if (r <= 0) return value;
  }
  const last = weighted[weighted.length - 1];
  if (!last) throw new Error('empty distribution');
  return last[0];
}

function normal(random: () => number, mean: number, sd: number): number {
  const u = Math.max(random(), 1e-9);
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function item<T>(list: readonly T[], index: number): T {
  const value = list[index];
  if (value === undefined) throw new Error(`no item ${index}`);
  return value;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(v)));

export interface SynthStaff {
  managerId: string;
  supervisorId: string;
  therapistIds: string[];
  rooms: { locationId: string; roomId: string }[];
}

/** Staff, locations and rooms for N courses: about one therapist per 130 courses a year. */
export async function writeStaff(db: Db, serviceId: string, courses: number): Promise<SynthStaff> {
  const count = Math.max(2, Math.ceil(courses / 130));
  const now = new Date();
  const mk = (name: string, roles: ('therapist' | 'supervisor' | 'service_manager')[]) => {
    const id = randomUUID();
    const email = `${name.toLowerCase().replace(/\s+/g, '.')}.${id.slice(0, 6)}@synthetic.invalid`;
    return { serviceId, id, email, emailNormalised: email, displayName: name, roles };
  };
  const manager = mk('Synthetic Manager', ['service_manager']);
  const supervisor = mk('Synthetic Supervisor', ['supervisor', 'therapist']);
  const therapists = Array.from({ length: count }, (_, i) =>
    mk(`Therapist ${i + 1}`, ['therapist']),
  );
  const all = [manager, supervisor, ...therapists];
  for (let i = 0; i < all.length; i += 1000) await db.insert(users).values(all.slice(i, i + 1000));
  const hours = { opens: '08:00', closes: '18:00' };
  const week = { '1': hours, '2': hours, '3': hours, '4': hours, '5': hours };
  const places = [
    { id: randomUUID(), name: 'Synthetic North Clinic' },
    { id: randomUUID(), name: 'Synthetic South Clinic' },
  ];
  await db.insert(locations).values(
    places.map((p) => ({
      serviceId,
      id: p.id,
      name: p.name,
      address: '1 Example Street',
      postcode: 'ZZ99 9ZZ',
      openingHours: week,
    })),
  );
  // One room per therapist, so face-to-face sessions never compete for a room.
  const roomRows = therapists.map((t, i) => ({
    serviceId,
    id: randomUUID(),
    locationId: item(places, i % 2).id,
    name: `Room ${i + 1}`,
  }));
  for (let i = 0; i < roomRows.length; i += 1000)
    await db.insert(rooms).values(roomRows.slice(i, i + 1000));
  const profiles = [supervisor, ...therapists].map((t, i) => ({
    serviceId,
    userId: t.id,
    jobTitle: 'IPT therapist',
    professionalBody: 'BACP' as const,
    // Every fourth therapist is a trainee supervised by the supervisor.
    trainee: i > 0 && i % 4 === 0,
    supervisorId: i > 0 && i % 4 === 0 ? supervisor.id : null,
    therapies: ['ipt' as const],
    workingPattern: week,
    updatedAt: now,
  }));
  for (let i = 0; i < profiles.length; i += 1000)
    await db.insert(therapistProfiles).values(profiles.slice(i, i + 1000));
  const links = therapists.map((t, i) => ({
    serviceId,
    userId: t.id,
    locationId: item(roomRows, i).locationId,
  }));
  for (let i = 0; i < links.length; i += 1000)
    await db.insert(therapistLocations).values(links.slice(i, i + 1000));
  return {
    managerId: manager.id,
    supervisorId: supervisor.id,
    therapistIds: therapists.map((t) => t.id),
    rooms: roomRows.map((r) => ({ locationId: r.locationId, roomId: r.id })),
  };
}

/** A weekly slot in a therapist's diary, free from a date. */
interface Lane {
  weekday: number;
  hour: number;
  freeFrom: number;
}

/** The first time at or after `from` that falls on the lane's weekday and hour (UTC). */
function nextOccurrence(lane: Lane, from: number): number {
  const d = new Date(from);
  d.setUTCHours(lane.hour, 0, 0, 0);
  let t = d.getTime();
  while (new Date(t).getUTCDay() !== lane.weekday || t < from) t += DAY;
  return t;
}

export interface SynthesiseOptions {
  courses: number;
  now: Date;
  seed?: number;
  /** Courses written per batch (one transaction, a few unnest inserts per table). */
  batch?: number;
  /**
   * Batches written at once, each in its own transaction on its own connection (PostgreSQL's
   * pool). Most of the writing time is the appointments' exclusion constraints (no double
   * booking), checked row by row, so more cores write faster. Batches never overlap in time
   * for one therapist, patient or room, so they never wait for each other. Default 1.
   */
  parallel?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Generates and writes the courses in batches; returns the staff it made. */
export async function synthesise(
  db: Db,
  serviceId: string,
  options: SynthesiseOptions,
): Promise<SynthStaff> {
  const random = seededRandom(options.seed ?? 1);
  const staff = await writeStaff(db, serviceId, options.courses);
  const now = options.now.getTime();
  const start = now - 400 * DAY;
  const lanes = staff.therapistIds.map(() =>
    [1, 2, 3, 4, 5].flatMap((weekday) =>
      LANE_HOURS.map((hour) => ({ weekday, hour, freeFrom: start + random() * 60 * DAY })),
    ),
  );
  const batch = options.batch ?? 2000;
  const parallel = Math.max(1, options.parallel ?? 1);
  const writing = new Set<Promise<void>>();
  let written = 0;
  const write = (list: SynthCourseSpec[]) => {
    // One transaction per batch: a few commits in all, and no half-written batch.
    const done: Promise<void> = db
      .transaction(async (tx) => {
        await writeCourses(tx, serviceId, staff.managerId, list);
      })
      .then(() => {
        writing.delete(done);
        written += list.length;
        options.onProgress?.(written, options.courses);
      });
    writing.add(done);
    return done;
  };
  let specs: SynthCourseSpec[] = [];
  for (let i = 0; i < options.courses; i += 1) {
    const t = i % staff.therapistIds.length;
    const therapistId = item(staff.therapistIds, t);
    const therapistLanes = item(lanes, t);
    const lane = therapistLanes.reduce((a, b) => (b.freeFrom < a.freeFrom ? b : a));
    // A therapist whose every slot is taken beyond today: the person is still waiting.
    const full = !Number.isFinite(lane.freeFrom);
    // The assessment sits in the lane a week before the first session, so nothing overlaps.
    const firstSession = full
      ? Number.POSITIVE_INFINITY
      : nextOccurrence(lane, lane.freeFrom + 7 * DAY);
    const assessmentAt = firstSession - 7 * DAY;
    const waitDays = Math.min(300, -Math.log(Math.max(random(), 1e-9)) * 28 + 5);
    // Nobody is referred in the future: the not-yet-started were referred in the last 90 days.
    const receivedAt = new Date(
      Math.min(assessmentAt - 2 * DAY, firstSession - waitDays * DAY, now - random() * 90 * DAY),
    );
    const age = clamp(normal(random, 38, 14), 18, 90);
    const dob = new Date(receivedAt.getTime() - (age * 365.25 + random() * 300) * DAY);
    const patient = {
      givenName: item(GIVEN, Math.floor(random() * GIVEN.length)),
      familyName: item(FAMILY, Math.floor(random() * FAMILY.length)),
      dateOfBirth: dob.toISOString().slice(0, 10),
      postcode: 'ZZ99 3ZZ',
      gender: pick(random, GENDERS),
      ethnicity: pick(random, ETHNICITIES),
    };
    const source = pick(random, SOURCES);
    const riskAlert =
      random() < 0.03
        ? {
            raisedAt: receivedAt,
            actionedAt:
              random() < 0.85 || receivedAt.getTime() < now - 30 * DAY
                ? new Date(receivedAt.getTime() + random() * DAY)
                : null,
          }
        : undefined;
    if (firstSession > now) {
      // Not started yet: still waiting for assessment or for treatment.
      const status: ReferralStatus = assessmentAt > now ? 'new' : 'ipt_waiting';
      const assessed = status === 'ipt_waiting' && assessmentAt > receivedAt.getTime();
      specs.push({
        patient,
        referral: { receivedAt, source, status },
        ...(assessed
          ? {
              assessment: {
                at: new Date(assessmentAt),
                clinicianId: therapistId,
                status: 'completed' as const,
              },
            }
          : {}),
        ...(riskAlert ? { riskAlert } : {}),
      });
      lane.freeFrom = Number.POSITIVE_INFINITY;
    } else {
      const planned = 12 + Math.floor(random() * 5);
      const dropout = random() < 0.2 ? 1 + Math.floor(random() * 4) : planned;
      const phqStart = clamp(normal(random, 16, 5), 0, 27);
      const gadStart = clamp(normal(random, 13, 4), 0, 21);
      const improvement = normal(random, 0.45, 0.35);
      const sessions: SynthSession[] = [];
      let attended = 0;
      let at = firstSession;
      while (attended < dropout && sessions.length < planned + 4) {
        let status: AppointmentStatus;
        if (at > now) status = 'booked';
        else {
          const r = random();
          status =
            r < 0.06
              ? 'did_not_attend'
              : r < 0.11
                ? 'cancelled'
                : r < 0.15
                  ? 'arrived_late'
                  : 'attended';
        }
        const session: SynthSession = { at: new Date(at), status };
        if (status === 'attended' || status === 'arrived_late') {
          attended += 1;
          const progress = attended / planned;
          const factor = 1 - improvement * progress;
          session.scores = {
            phq9: clamp(phqStart * factor + normal(random, 0, 1.5), 0, 27),
            gad7: clamp(gadStart * factor + normal(random, 0, 1.2), 0, 21),
            // Most complete them before the session; some with the therapist at its start.
            completedAt: new Date(
              at - (random() < 0.85 ? 3_600_000 * (1 + random() * 40) : -600_000),
            ),
          };
        }
        sessions.push(session);
        if (
          status === 'booked' &&
          sessions.filter((s) => s.status === 'booked').length + attended >= planned
        )
          break;
        at += 7 * DAY;
      }
      const last = item(sessions, sessions.length - 1).at.getTime();
      const endedAt =
        last < now && !sessions.some((s) => s.status === 'booked') ? last + DAY : null;
      const ended = endedAt !== null && endedAt <= now;
      const faceToFace = random() < 0.3;
      specs.push({
        patient,
        referral: { receivedAt, source, status: ended ? 'discharged' : 'in_treatment' },
        assessment: { at: new Date(assessmentAt), clinicianId: therapistId, status: 'completed' },
        course: {
          therapistId,
          plannedSessions: Math.max(planned, attended),
          mode: faceToFace ? 'face_to_face' : 'video',
          room: item(staff.rooms, t),
          sessions,
          ...(ended ? { endedAt: new Date(endedAt) } : {}),
        },
        ...(riskAlert ? { riskAlert } : {}),
      });
      lane.freeFrom = last + DAY;
    }
    if (specs.length >= batch || i === options.courses - 1) {
      void write(specs);
      specs = [];
      // A failed batch rejects here (or below), stopping the run.
      if (writing.size >= parallel) await Promise.race(writing);
    }
  }
  await Promise.all(writing);
  return staff;
}
