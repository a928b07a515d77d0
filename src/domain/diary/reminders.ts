/**
 * When reminders go out, and what they say.
 *
 * Wording follows NHS guidance for texts and emails: plain and short, the full link rather than a
 * shortened one, and no personal health detail — a message may be read by someone else over the
 * person's shoulder, so it says "your appointment with NHS Talking Therapies", never what the
 * appointment is for.
 */
import { addDays, isoWeekday } from '../calendar/isoDate';
import { formatLondonDateTime, resolveLondonLocal, utcToLondon } from '../calendar/london';
import type { MeetingMode } from './booking';

// ---- Timing -----------------------------------------------------------------------------------

/** The service's defaults (services.settings): 2 days and 2 hours before; questionnaires 3 days. */
export const DEFAULT_REMINDER_OFFSETS_MINUTES: readonly number[] = [2 * 24 * 60, 120];
export const DEFAULT_QUESTIONNAIRE_DAYS_BEFORE = 3;
/** The questionnaire reminder goes at this London time, not in the middle of the night. */
export const QUESTIONNAIRE_REMINDER_TIME = '09:00';

export interface PlannedReminder {
  readonly kind: 'reminder' | 'questionnaire';
  readonly sendAt: Date;
  /** Minutes before the appointment (reminders) or days before (questionnaire). */
  readonly before: number;
}

export interface ReminderPlanInput {
  readonly startsAt: Date;
  readonly now: Date;
  readonly offsetsMinutes: readonly number[];
  /** Days before the appointment the pre-session questionnaires open; null for none. */
  readonly questionnaireDaysBefore: number | null;
}

/**
 * The reminders to queue for one appointment, earliest first. A reminder whose time has already
 * passed is left out (booking tomorrow's appointment sends no "in 2 days" reminder): the booking
 * confirmation has just told the person.
 */
export function planReminders(input: ReminderPlanInput): PlannedReminder[] {
  const start = input.startsAt.getTime();
  const now = input.now.getTime();
  const plan: PlannedReminder[] = [];
  const taken = new Set<number>();
  // Smallest offset first, so when two reminders land on the same kind hour the nearer one stays.
  const offsets = [...new Set(input.offsetsMinutes)].sort((a, b) => a - b);
  for (const offset of offsets) {
    if (!Number.isInteger(offset) || offset <= 0) continue;
    const sendAt = kindSendTime(new Date(start - offset * 60_000), input.startsAt, input.now);
    if (!sendAt || taken.has(sendAt.getTime())) continue;
    taken.add(sendAt.getTime());
    plan.push({ kind: 'reminder', sendAt, before: offset });
  }
  const days = input.questionnaireDaysBefore;
  if (days !== null && Number.isInteger(days) && days > 0) {
    const localDate = utcToLondon(input.startsAt).date;
    const sendAt = resolveLondonLocal(addDays(localDate, -days), QUESTIONNAIRE_REMINDER_TIME);
    if (sendAt.getTime() > now && sendAt.getTime() < start)
      plan.push({ kind: 'questionnaire', sendAt, before: days });
  }
  return plan.sort((a, b) => a.sendAt.getTime() - b.sendAt.getTime());
}

/** No reminder is sent from 21:00 until 08:00, London time (hazard H10). */
export const QUIET_HOURS = { from: '21:00', until: '08:00' } as const;
/** A reminder due in the quiet hours goes at this time the evening before them instead. */
export const EVENING_REMINDER_TIME = '19:00';

/** True when an instant falls in the quiet hours (21:00 to 08:00, London). */
export function inQuietHours(instant: Date): boolean {
  const { time } = utcToLondon(instant);
  return time >= QUIET_HOURS.from || time < QUIET_HOURS.until;
}

/**
 * When a reminder due at `due` is sent, or null when it cannot be sent kindly in time.
 *
 * Outside the quiet hours: at `due`. Inside them: at 19:00 on the evening they began (earlier
 * than due, so the person gets more notice, never less, and it still arrives before the
 * appointment). When that evening has already passed (booked late at night), at 08:00 when the
 * quiet hours end, if that is still before the appointment; otherwise not at all, because the
 * booking confirmation has just told them. London wall-clock times, so a clock change moves
 * nothing into the night.
 */
export function kindSendTime(due: Date, startsAt: Date, now: Date): Date | null {
  const keep = (at: Date) =>
    at.getTime() > now.getTime() && at.getTime() < startsAt.getTime() ? at : null;
  if (!inQuietHours(due)) return keep(due);
  const local = utcToLondon(due);
  const evening = local.time >= QUIET_HOURS.from ? local.date : addDays(local.date, -1);
  const early = keep(resolveLondonLocal(evening, EVENING_REMINDER_TIME));
  if (early) return early;
  return keep(resolveLondonLocal(addDays(evening, 1), QUIET_HOURS.until));
}

/**
 * When a text due at `now` is sent (hazard H10; the outbox applies it to every text): at once in
 * the day; in the quiet hours, at 08:00 when they end, so it does not wake the person. But at
 * once, night or not, when an appointment it is about (booked, its new or its previous time, or
 * cancelled) is on the day the quiet hours end or earlier: the person may set off that morning,
 * and must not travel for nothing or miss a time they have not heard of. Null means at once.
 * London wall-clock times, as for reminders.
 */
export function noticeSendTime(now: Date, about: readonly Date[]): Date | null {
  if (!inQuietHours(now)) return null;
  const local = utcToLondon(now);
  const morning = local.time >= QUIET_HOURS.from ? addDays(local.date, 1) : local.date;
  if (about.some((startsAt) => utcToLondon(startsAt).date <= morning)) return null;
  return resolveLondonLocal(morning, QUIET_HOURS.until);
}

/** "2 days", "2 hours", "1 day and 6 hours", "45 minutes": for the settings page. */
export function describeOffset(minutes: number): string {
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const parts = [
    d ? `${d} ${d === 1 ? 'day' : 'days'}` : '',
    h ? `${h} ${h === 1 ? 'hour' : 'hours'}` : '',
    m ? `${m} ${m === 1 ? 'minute' : 'minutes'}` : '',
  ].filter(Boolean);
  if (parts.length === 0) return '0 minutes';
  const last = parts.pop();
  return parts.length === 0 ? (last ?? '') : `${parts.join(', ')} and ${last ?? ''}`;
}

// ---- Wording ----------------------------------------------------------------------------------

export type Channel = 'email' | 'sms';

export interface MessageText {
  readonly subject: string | null;
  readonly body: string;
}

export interface AppointmentFacts {
  readonly serviceName: string;
  readonly startsAt: Date;
  readonly durationMinutes: number;
  readonly mode: MeetingMode;
  /** Full link to the video-session page (video appointments). */
  readonly videoUrl: string | null;
  /** Face-to-face: where to go. */
  readonly place: {
    readonly locationName: string;
    readonly address: string;
    readonly postcode: string;
    readonly roomName: string;
  } | null;
  /** Full link to the person's appointments page. */
  readonly appointmentsUrl: string;
}

function when(facts: AppointmentFacts): string {
  return formatLondonDateTime(facts.startsAt);
}

/** How to join or where to go, in one sentence with the full link or the full address. */
export function howToAttend(facts: AppointmentFacts): string {
  if (facts.mode === 'video')
    return `It is a video call. Join from this page: ${facts.videoUrl ?? facts.appointmentsUrl}`;
  if (facts.mode === 'phone') return 'It is a phone call. We will call you.';
  const p = facts.place;
  if (!p) return 'It is face to face.';
  return `It is face to face at ${p.locationName}, ${oneLine(p.address)}, ${p.postcode} (${p.roomName}).`;
}

function oneLine(address: string): string {
  return address
    .split(/\r?\n/)
    .map((l) => l.trim().replace(/,$/, ''))
    .filter(Boolean)
    .join(', ');
}

function withSubject(channel: Channel, subject: string, lines: string[]): MessageText {
  return channel === 'email'
    ? { subject, body: lines.join('\n') }
    : { subject: null, body: lines.filter((l) => l !== '').join(' ') };
}

export function bookedMessage(facts: AppointmentFacts, channel: Channel): MessageText {
  return withSubject(channel, `Your appointment with ${facts.serviceName}`, [
    `Your appointment with ${facts.serviceName} is on ${when(facts)}, for ${facts.durationMinutes} minutes.`,
    howToAttend(facts),
    '',
    `To cancel or change it: ${facts.appointmentsUrl}`,
  ]);
}

/**
 * One message for a weekly series, rather than one per appointment. A series whose appointment
 * was moved since (its fresh message after a change, below) says only what still holds of them
 * all: "weekly" while every one is on the same weekday at the same time (a week left out for a
 * closure or a cancellation keeps it), one length and one way to attend while they share them;
 * otherwise the email gives each its own, and the text sends the person to the list.
 */
export function seriesBookedMessage(
  series: readonly AppointmentFacts[],
  channel: Channel,
): MessageText {
  const first = series[0];
  if (!first) throw new RangeError('A series has at least one appointment');
  if (series.length === 1) return bookedMessage(first, channel);
  const last = series.at(-1) ?? first;
  const weekly = sameWeeklyTime(series);
  const alike = series.every(
    (s) =>
      s.durationMinutes === first.durationMinutes &&
      s.mode === first.mode &&
      JSON.stringify(s.place) === JSON.stringify(first.place),
  );
  const dates =
    channel === 'email'
      ? [
          '',
          ...series.map((s) =>
            alike
              ? `- ${formatLondonDateTime(s.startsAt)}`
              : `- ${formatLondonDateTime(s.startsAt)}, for ${s.durationMinutes} minutes. ${howToAttend(s)}`,
          ),
          '',
        ]
      : [];
  return withSubject(channel, `Your appointments with ${first.serviceName}`, [
    `You have ${series.length}${weekly ? ' weekly' : ''} appointments with ${first.serviceName}, from ${when(first)} to ${when(last)}${alike ? `, each for ${first.durationMinutes} minutes` : ''}.`,
    ...dates,
    ...(alike ? [howToAttend(first), ''] : []),
    `See them all, or cancel or change one: ${first.appointmentsUrl}`,
  ]);
}

/** Every appointment on the same weekday at the same London time. */
function sameWeeklyTime(series: readonly AppointmentFacts[]): boolean {
  const weekdayAndTime = (d: Date) => {
    const local = utcToLondon(d);
    return `${String(isoWeekday(local.date))} ${local.time}`;
  };
  const first = series[0];
  if (!first) return false;
  return series.every((s) => weekdayAndTime(s.startsAt) === weekdayAndTime(first.startsAt));
}

/**
 * Which appointments a waiting notice that names several (a weekly series' one confirmation, the
 * list sent when a channel opens) should describe once one of them is cancelled or moved: those
 * still booked and yet to start, at their present times, earliest first. The notice is withdrawn
 * and, unless this is empty, a fresh one describes these; so no date it gives is untrue (H10).
 */
export function stillToDescribe<T extends { readonly status: string; readonly startsAt: Date }>(
  named: readonly T[],
  now: Date,
): T[] {
  return named
    .filter((a) => a.status === 'booked' && a.startsAt.getTime() > now.getTime())
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/**
 * The appointments booked for someone we could not reach on any channel when they were booked or
 * moved, sent once a channel opens (walk 12): each at its present time, so one moved meanwhile is
 * right. A text names the next and links to the rest; an email lists them all.
 */
export function bookedListMessage(
  list: readonly AppointmentFacts[],
  channel: Channel,
): MessageText {
  const next = list[0];
  if (!next) throw new RangeError('A list has at least one appointment');
  const now = channel === 'email' ? 'Now that we can email you' : 'Now that we can text you';
  const subject =
    list.length === 1
      ? `Your appointment with ${next.serviceName}`
      : `Your appointments with ${next.serviceName}`;
  if (list.length === 1)
    return withSubject(channel, subject, [
      `${now}: your appointment with ${next.serviceName} is on ${when(next)}, for ${next.durationMinutes} minutes.`,
      howToAttend(next),
      '',
      `To cancel or change it: ${next.appointmentsUrl}`,
    ]);
  if (channel === 'sms')
    return withSubject(channel, subject, [
      `${now}: you have ${list.length} appointments with ${next.serviceName}, the next on ${when(next)}.`,
      howToAttend(next),
      `See them all, or cancel or change one: ${next.appointmentsUrl}`,
    ]);
  return withSubject(channel, subject, [
    `${now}, these are the ${list.length} appointments booked for you with ${next.serviceName}:`,
    '',
    ...list.map((a) => `- ${when(a)}, for ${a.durationMinutes} minutes. ${howToAttend(a)}`),
    '',
    `See them all, or cancel or change one: ${next.appointmentsUrl}`,
  ]);
}

export function reminderMessage(facts: AppointmentFacts, channel: Channel): MessageText {
  return withSubject(channel, `Reminder: your appointment with ${facts.serviceName}`, [
    `Reminder: your appointment with ${facts.serviceName} is on ${when(facts)}.`,
    howToAttend(facts),
    '',
    `If you cannot come, tell us: ${facts.appointmentsUrl}`,
  ]);
}

export function changedMessage(
  facts: AppointmentFacts,
  previousStartsAt: Date,
  channel: Channel,
): MessageText {
  return withSubject(channel, `Your appointment with ${facts.serviceName} has changed`, [
    `Your appointment with ${facts.serviceName} on ${formatLondonDateTime(previousStartsAt)} has moved to ${when(facts)}.`,
    howToAttend(facts),
    '',
    `See your appointments: ${facts.appointmentsUrl}`,
  ]);
}

export function cancelledMessage(
  facts: AppointmentFacts,
  cancelledBy: 'patient' | 'service',
  channel: Channel,
): MessageText {
  return withSubject(channel, `Your appointment with ${facts.serviceName} is cancelled`, [
    cancelledBy === 'patient'
      ? `You cancelled your appointment with ${facts.serviceName} on ${when(facts)}.`
      : `We are sorry: we have had to cancel your appointment with ${facts.serviceName} on ${when(facts)}. We will be in touch to arrange another.`,
    '',
    `See your appointments: ${facts.appointmentsUrl}`,
  ]);
}

export function questionnaireMessage(
  facts: { serviceName: string; startsAt: Date; homeUrl: string },
  channel: Channel,
): MessageText {
  return withSubject(channel, `Before your appointment with ${facts.serviceName}`, [
    `Before your appointment with ${facts.serviceName} on ${formatLondonDateTime(facts.startsAt)}, please answer a few short questions.`,
    `It takes about 5 minutes: ${facts.homeUrl}`,
  ]);
}

/**
 * One message when a course ends with sessions still booked: they are all cancelled. Said kindly,
 * with where to get help now, since it may reach someone low on their own (walk 4). It links to
 * the inbox, where the discharge message waits, not to the (now empty) appointments.
 */
export function courseEndedMessage(
  facts: { serviceName: string; messagesUrl: string; count: number; from: Date },
  channel: Channel,
): MessageText {
  const what =
    facts.count === 1
      ? `Your time with ${facts.serviceName} has come to an end, so we have cancelled your appointment on ${formatLondonDateTime(facts.from)}.`
      : `Your time with ${facts.serviceName} has come to an end, so we have cancelled your ${facts.count} remaining appointments, from ${formatLondonDateTime(facts.from)}.`;
  return withSubject(channel, `Your appointments with ${facts.serviceName}`, [
    what,
    '',
    `There is a message for you when you sign in: ${facts.messagesUrl}`,
    '',
    'If you need help now, call NHS 111 and choose option 2, or call 999 in an emergency.',
  ]);
}

/** To the therapist (staff email): no patient details, just where to look. */
export function rearrangeRequestMessage(facts: {
  serviceName: string;
  startsAt: Date;
  appointmentUrl: string;
}): MessageText {
  return {
    subject: 'A patient has asked to rearrange an appointment',
    body: [
      `A patient has asked to rearrange their appointment on ${formatLondonDateTime(facts.startsAt)}.`,
      '',
      `See the request: ${facts.appointmentUrl}`,
    ].join('\n'),
  };
}

/**
 * The patient asked to change an appointment and staff kept the time: said plainly, with no
 * reason given (their reason or ours may carry health detail), and how to tell us if they
 * cannot come.
 */
export function timeKeptMessage(facts: AppointmentFacts, channel: Channel): MessageText {
  return withSubject(channel, `Your appointment with ${facts.serviceName}`, [
    `We could not change your appointment with ${facts.serviceName} on ${when(facts)}. It stays booked at that time.`,
    howToAttend(facts),
    '',
    `Please contact us if you cannot come: ${facts.appointmentsUrl}`,
  ]);
}
