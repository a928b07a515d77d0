import { describe, expect, it } from 'vitest';
import { allowedRecipients, bookingLetter } from './triage.messages';

describe('messages to people', () => {
  const person = {
    givenName: 'Ann',
    email: 'ann@example.com',
    mobile: '+447700900982',
    allowEmail: true,
    allowSms: true,
  };
  it('uses only the channels allowed, where we have the address', () => {
    expect(allowedRecipients(person).map((r) => r.channel)).toEqual(['email', 'sms']);
    expect(allowedRecipients({ ...person, allowSms: false })).toEqual([
      { channel: 'email', recipient: 'ann@example.com' },
    ]);
    expect(allowedRecipients({ ...person, email: null, allowSms: false })).toEqual([]);
  });
  it('gives the time and how, and nothing about health', () => {
    const text = bookingLetter('Ann', new Date('2027-06-02T09:00:00Z'), 'face_to_face', 'Rapport');
    expect(text).toContain('Wednesday 2 June 2027 at 10am');
    expect(text).toContain('It will be in person');
    expect(text).not.toMatch(/depress|anxi|assessment|therapy|risk|mental/i);
  });
  it('says where a face-to-face appointment is when the room is known', () => {
    const text = bookingLetter('Ann', new Date('2027-06-02T09:00:00Z'), 'face_to_face', 'Rapport', {
      locationName: 'Riverside Health Centre',
      address: '12 Riverside Walk,\nLeeds',
      postcode: 'LS1 4AP',
      roomName: 'Room 2',
    });
    expect(text).toContain(
      'It will be in person at Riverside Health Centre, 12 Riverside Walk, Leeds, LS1 4AP (Room 2).',
    );
    expect(text).not.toContain('We will tell you where');
  });
  it('says which earlier appointment a moved one replaces, and only then', () => {
    const moved = bookingLetter(
      'Ann',
      new Date('2027-06-02T09:00:00Z'),
      'video',
      'Rapport',
      null,
      new Date('2027-05-26T13:30:00Z'),
    );
    expect(moved).toContain(
      'This replaces your appointment on Wednesday 26 May 2027 at 2:30pm, which is cancelled.',
    );
    expect(moved).not.toMatch(/depress|anxi|assessment|therapy|risk|mental/i);
    expect(
      bookingLetter('Ann', new Date('2027-06-02T09:00:00Z'), 'video', 'Rapport'),
    ).not.toContain('replaces');
  });
});
