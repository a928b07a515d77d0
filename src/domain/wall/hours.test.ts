import { describe, expect, it } from 'vitest';
import { DEFAULT_OFFICE_HOURS } from '../calendar';
import { wallState } from './hours';

const at = (iso: string) => new Date(iso);

describe('wallState', () => {
  it('is open on a weekday afternoon in winter (GMT) and closes at 5pm', () => {
    expect(wallState(at('2026-12-01T14:00:00Z'))).toEqual({
      open: true,
      closesAt: at('2026-12-01T17:00:00Z'),
    });
  });

  it('uses London time in summer: 8:30am UTC is 9:30am BST, open; 4:30pm UTC is 5:30pm BST, closed', () => {
    expect(wallState(at('2026-07-01T08:30:00Z')).open).toBe(true);
    expect(wallState(at('2026-07-01T16:30:00Z'))).toEqual({
      open: false,
      opensAt: at('2026-07-02T08:00:00Z'),
    });
  });

  it('opens at 9am BST on the Monday after the clocks go forward', () => {
    // Sunday 29 March 2026 is the change to BST.
    expect(wallState(at('2026-03-28T12:00:00Z'))).toEqual({
      open: false,
      opensAt: at('2026-03-30T08:00:00Z'),
    });
  });

  it('opens at 9am GMT on the Monday after the clocks go back', () => {
    // Sunday 25 October 2026 is the change back to GMT.
    expect(wallState(at('2026-10-24T12:00:00Z'))).toEqual({
      open: false,
      opensAt: at('2026-10-26T09:00:00Z'),
    });
  });

  it('is closed on a bank holiday and opens the next working day', () => {
    // Friday 25 and Monday 28 December 2026: Christmas Day and the substitute Boxing Day.
    expect(wallState(at('2026-12-25T11:00:00Z'))).toEqual({
      open: false,
      opensAt: at('2026-12-29T09:00:00Z'),
    });
  });

  it('is closed on a service closure day', () => {
    const hours = { ...DEFAULT_OFFICE_HOURS, extraClosures: ['2026-12-02'] };
    expect(wallState(at('2026-12-02T11:00:00Z'), hours)).toEqual({
      open: false,
      opensAt: at('2026-12-03T09:00:00Z'),
    });
  });

  it('is closed from 5pm exactly and open from 9am exactly', () => {
    expect(wallState(at('2026-12-01T17:00:00Z')).open).toBe(false);
    expect(wallState(at('2026-12-01T16:59:59Z')).open).toBe(true);
    expect(wallState(at('2026-12-01T09:00:00Z')).open).toBe(true);
  });
});
