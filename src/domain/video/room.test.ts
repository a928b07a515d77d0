import { describe, expect, it } from 'vitest';
import { roomState, roomWindow } from './room';

const at = (iso: string) => new Date(iso);
const booked = {
  startsAt: at('2026-03-02T10:00:00Z'),
  endsAt: at('2026-03-02T10:50:00Z'),
  status: 'booked',
  mode: 'video',
};

describe('roomWindow', () => {
  it('opens 15 minutes before the start and closes 15 minutes after the end', () => {
    expect(roomWindow(booked)).toEqual({
      opensAt: at('2026-03-02T09:45:00Z'),
      closesAt: at('2026-03-02T11:05:00Z'),
    });
  });
});

describe('roomState', () => {
  it.each([
    ['2026-03-02T09:44:59Z', 'not_open_yet'],
    ['2026-03-02T09:45:00Z', 'open'],
    ['2026-03-02T10:30:00Z', 'open'],
    ['2026-03-02T11:04:59Z', 'open'],
    ['2026-03-02T11:05:00Z', 'closed'],
    ['2026-03-03T10:00:00Z', 'closed'],
  ])('at %s the room is %s', (now, state) => {
    expect(roomState(booked, at(now)).state).toBe(state);
  });

  it('never opens for a cancelled appointment or one that is not by video', () => {
    const during = at('2026-03-02T10:10:00Z');
    expect(roomState({ ...booked, status: 'cancelled' }, during)).toEqual({ state: 'cancelled' });
    expect(roomState({ ...booked, mode: 'in_person' }, during)).toEqual({ state: 'not_video' });
  });

  it('closes once attendance has been recorded', () => {
    const during = at('2026-03-02T10:10:00Z');
    expect(roomState({ ...booked, status: 'attended' }, during).state).toBe('closed');
    expect(roomState({ ...booked, status: 'did_not_attend' }, during).state).toBe('closed');
  });
});
