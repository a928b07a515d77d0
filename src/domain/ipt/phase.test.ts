import { describe, expect, it } from 'vitest';
import { coursePhase, isIptPhase, phaseName } from './phase';

const phaseAt = (attended: number, planned = 16) =>
  coursePhase({ attendedSessions: attended, plannedSessions: planned, override: null });

describe('coursePhase', () => {
  it('works towards the next session: initial until 4 are attended (16 planned)', () => {
    expect(phaseAt(0)).toMatchObject({ phase: 'initial', sessionNumber: 1 });
    expect(phaseAt(3)).toMatchObject({ phase: 'initial', sessionNumber: 4 });
    expect(phaseAt(4)).toMatchObject({ phase: 'middle', sessionNumber: 5 });
    expect(phaseAt(11)).toMatchObject({ phase: 'middle', sessionNumber: 12 });
    expect(phaseAt(12)).toMatchObject({ phase: 'ending', sessionNumber: 13 });
  });

  it('stays in the ending phase once every planned session is attended', () => {
    expect(phaseAt(16)).toMatchObject({ phase: 'ending', sessionNumber: 16 });
    expect(phaseAt(20)).toMatchObject({ phase: 'ending', sessionNumber: 16 });
  });

  it('uses the course length: 12 planned ends from session 10', () => {
    expect(phaseAt(8, 12).phase).toBe('middle');
    expect(phaseAt(9, 12).phase).toBe('ending');
  });

  it('an override wins, and the computed phase is still reported', () => {
    const p = coursePhase({
      attendedSessions: 4,
      plannedSessions: 16,
      override: { phase: 'initial', reason: 'Inventory not finished: two sessions missed' },
    });
    expect(p.phase).toBe('initial');
    expect(p.computed).toBe('middle');
    expect(p.override?.reason).toMatch(/Inventory/);
  });

  it('refuses impossible counts', () => {
    expect(() => phaseAt(-1)).toThrow(RangeError);
    expect(() => phaseAt(1.5)).toThrow(RangeError);
    expect(() => phaseAt(0, 0)).toThrow(RangeError);
    expect(() => phaseAt(0, 31)).toThrow(RangeError);
  });
});

describe('phase names', () => {
  it('names each phase and recognises only the three', () => {
    expect(phaseName('middle')).toBe('Middle phase');
    expect(isIptPhase('ending')).toBe(true);
    expect(isIptPhase('final')).toBe(false);
  });
});
