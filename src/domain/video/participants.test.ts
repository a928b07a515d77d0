import { describe, expect, it } from 'vitest';
import { mayAdmit, mayEnd, placeInRoom, seesWaitingList, type RoomRole } from './participants';

const room = { therapistIn: false, admittedBefore: false, supervisorConsented: false };

describe('who runs the call', () => {
  it.each<[RoomRole, boolean]>([
    ['therapist', true],
    ['supervisor', false],
    ['patient', false],
  ])('%s may admit, end and see the waiting list: %s', (role, yes) => {
    expect(mayAdmit(role)).toBe(yes);
    expect(mayEnd(role)).toBe(yes);
    expect(seesWaitingList(role)).toBe(yes);
  });
});

describe('placeInRoom', () => {
  it('puts the therapist straight in', () => {
    expect(placeInRoom('therapist', room)).toBe('in');
  });

  it('keeps the patient waiting until let in, and lets them back once let in', () => {
    expect(placeInRoom('patient', { ...room, therapistIn: true })).toBe('waiting');
    expect(placeInRoom('patient', { ...room, admittedBefore: true })).toBe('in');
  });

  it('holds a supervisor until the therapist is in, and never lets them in without consent', () => {
    expect(placeInRoom('supervisor', { ...room, supervisorConsented: true })).toBe('held');
    expect(
      placeInRoom('supervisor', { ...room, supervisorConsented: true, therapistIn: true }),
    ).toBe('in');
    expect(placeInRoom('supervisor', { ...room, therapistIn: true })).toBe('out');
    expect(placeInRoom('supervisor', { ...room, therapistIn: true, admittedBefore: true })).toBe(
      'out',
    );
  });
});
