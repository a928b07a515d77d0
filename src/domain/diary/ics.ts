/**
 * iCalendar files (RFC 5545) so a person can add an appointment to their own calendar.
 *
 * - Lines end with CRLF (3.1) and are folded at 75 octets: the rest continues on the next line
 *   after CRLF and one space. Folding counts UTF-8 bytes and never splits a character.
 * - TEXT values escape backslash, semicolon and comma with a backslash, and newlines as \n (3.3.11).
 * - Times are UTC with a trailing Z (3.3.5, form 2), so no VTIMEZONE is needed and the time is
 *   right whatever the clocks are doing.
 * - The summary carries no health detail: "Appointment with NHS Talking Therapies".
 */

export interface IcsEvent {
  /** Globally unique and stable across downloads, e.g. "<appointment id>@<host>". */
  readonly uid: string;
  /** When this file was made. */
  readonly stamp: Date;
  readonly start: Date;
  readonly end: Date;
  readonly summary: string;
  readonly location?: string | null;
  readonly description?: string | null;
  readonly url?: string | null;
  /** Bumped when the appointment is moved, so calendars replace the old copy. */
  readonly sequence?: number;
  readonly cancelled?: boolean;
}

export const ICS_CONTENT_TYPE = 'text/calendar; charset=utf-8';

/** 20261125T100000Z */
export function icsDateTime(instant: Date): string {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
  return instant
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** Escapes a TEXT value: \\ \; \, and \n for line breaks. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

const encoder = new TextEncoder();

/** Folds one content line at 75 octets; continuation lines start with a space (which counts). */
export function foldLine(line: string): string {
  if (encoder.encode(line).length <= 75) return line;
  const out: string[] = [];
  let current = '';
  let currentBytes = 0;
  let limit = 75;
  for (const ch of line) {
    const bytes = encoder.encode(ch).length;
    if (currentBytes + bytes > limit) {
      out.push(current);
      current = '';
      currentBytes = 0;
      limit = 74; // the leading space of a continuation line is one of its 75 octets
    }
    current += ch;
    currentBytes += bytes;
  }
  out.push(current);
  return out.join('\r\n ');
}

export function buildIcs(event: IcsEvent, prodId = '-//Rapport//Appointments//EN'): string {
  if (event.end.getTime() <= event.start.getTime())
    throw new RangeError('An event must end after it starts');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${prodId}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `DTSTAMP:${icsDateTime(event.stamp)}`,
    `DTSTART:${icsDateTime(event.start)}`,
    `DTEND:${icsDateTime(event.end)}`,
    `SEQUENCE:${event.sequence ?? 0}`,
    `STATUS:${event.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    `SUMMARY:${escapeText(event.summary)}`,
    ...(event.location ? [`LOCATION:${escapeText(event.location)}`] : []),
    ...(event.description ? [`DESCRIPTION:${escapeText(event.description)}`] : []),
    ...(event.url ? [`URL:${event.url}`] : []),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
