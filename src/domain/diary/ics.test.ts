import { describe, expect, it } from 'vitest';
import { buildIcs, escapeText, foldLine, icsDateTime } from './ics';

const event = {
  uid: '7f1c2a8e-0000-4000-8000-000000000001@rapport.example.nhs.uk',
  stamp: new Date('2026-11-25T10:00:00.123Z'),
  start: new Date('2026-12-02T10:00:00Z'),
  end: new Date('2026-12-02T10:50:00Z'),
  summary: 'Appointment with NHS Talking Therapies',
  location: 'Leeds Central, 1 Park Row; Leeds LS1 5AB',
  description: 'Room 2\nAsk at reception',
  url: 'https://rapport.example.nhs.uk/appointments/7f1c2a8e',
};

describe('icsDateTime', () => {
  it('writes UTC with a Z and no separators', () => {
    expect(icsDateTime(new Date('2026-12-02T10:00:00.999Z'))).toBe('20261202T100000Z');
    expect(icsDateTime(new Date('2026-07-01T08:30:05Z'))).toBe('20260701T083005Z');
  });
  it('refuses an invalid date', () => {
    expect(() => icsDateTime(new Date('nonsense'))).toThrow(RangeError);
  });
});

describe('escapeText', () => {
  it('escapes backslash, semicolon, comma and newlines (RFC 5545 3.3.11)', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });
  it('leaves colons alone', () => {
    expect(escapeText('Time: 10am')).toBe('Time: 10am');
  });
});

describe('foldLine', () => {
  const octets = (s: string) => new TextEncoder().encode(s).length;
  it('leaves a 75-octet line alone', () => {
    const line = 'X'.repeat(75);
    expect(foldLine(line)).toBe(line);
  });
  it('folds at 75 octets with CRLF and a space, and unfolds back to the original', () => {
    const line = `DESCRIPTION:${'abcdefghij'.repeat(20)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(octets(p)).toBeLessThanOrEqual(75);
    expect(parts.slice(1).every((p) => p.startsWith(' '))).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
  });
  it('never splits a multi-byte character', () => {
    const line = `LOCATION:${'Café – ‘Room’ '.repeat(12)}`;
    const folded = foldLine(line);
    for (const p of folded.split('\r\n')) {
      expect(octets(p)).toBeLessThanOrEqual(75);
      expect(p).not.toContain('\uFFFD');
    }
    expect(folded.replace(/\r\n /g, '')).toBe(line);
  });
});

describe('buildIcs', () => {
  const ics = buildIcs(event);
  it('uses CRLF line endings throughout, ending with one', () => {
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });
  it('has the required properties', () => {
    const unfolded = ics.replace(/\r\n /g, '');
    const lines = unfolded.split('\r\n');
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines).toContain('PRODID:-//Rapport//Appointments//EN');
    expect(lines).toContain('BEGIN:VEVENT');
    expect(lines).toContain(`UID:${event.uid}`);
    expect(lines).toContain('DTSTAMP:20261125T100000Z');
    expect(lines).toContain('DTSTART:20261202T100000Z');
    expect(lines).toContain('DTEND:20261202T105000Z');
    expect(lines).toContain('SUMMARY:Appointment with NHS Talking Therapies');
    expect(lines).toContain('LOCATION:Leeds Central\\, 1 Park Row\\; Leeds LS1 5AB');
    expect(lines).toContain('DESCRIPTION:Room 2\\nAsk at reception');
    expect(lines).toContain('STATUS:CONFIRMED');
    expect(lines).toContain('SEQUENCE:0');
    expect(lines.at(-2)).toBe('END:VCALENDAR');
  });
  it('keeps every physical line within 75 octets', () => {
    for (const line of ics.split('\r\n'))
      expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
  });
  it('leaves out empty optional properties and marks a cancelled event', () => {
    const minimal = buildIcs({
      ...event,
      location: null,
      description: null,
      url: null,
      cancelled: true,
      sequence: 3,
    });
    expect(minimal).not.toContain('LOCATION:');
    expect(minimal).not.toContain('DESCRIPTION:');
    expect(minimal).not.toContain('URL:');
    expect(minimal).toContain('STATUS:CANCELLED');
    expect(minimal).toContain('SEQUENCE:3');
  });
  it('refuses an event that ends before it starts', () => {
    expect(() => buildIcs({ ...event, end: event.start })).toThrow(RangeError);
  });
});
