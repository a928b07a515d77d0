import { describe, it, expect } from 'vitest';
import type { ReliableChange } from '../measures';
import {
  MIN_TREATMENT_CONTACTS_TO_FINISH,
  RELIABLE_RECOVERY_BENCHMARKS,
  SECOND_APPOINTMENT_WAIT_WATCH_DAYS,
  WAITING_TIME_STANDARDS,
  hasFinishedTreatment,
  isCasenessPair,
  isNoReliableChange,
  isRecovered,
  isReliableDeterioration,
  isReliableImprovement,
  isReliableRecovery,
} from './index';

describe('outcome constants match clinical.md', () => {
  it('has the national numbers', () => {
    expect(MIN_TREATMENT_CONTACTS_TO_FINISH).toBe(2);
    expect(WAITING_TIME_STANDARDS).toEqual({
      sixWeeks: { withinDays: 42, target: 0.75 },
      eighteenWeeks: { withinDays: 126, target: 0.95 },
    });
    expect(SECOND_APPOINTMENT_WAIT_WATCH_DAYS).toBe(90);
    expect(RELIABLE_RECOVERY_BENCHMARKS).toEqual({
      nationalApril2025: 0.484,
      target2026to27: 0.51,
      target2028to29: 0.53,
    });
  });
});

describe('hasFinishedTreatment', () => {
  it.each([
    [0, true, false],
    [1, true, false],
    [2, true, true],
    [16, true, true],
    [2, false, false],
    [16, false, false],
  ] as const)('%i contacts, discharged %s → %s', (contacts, discharged, expected) => {
    expect(hasFinishedTreatment(contacts, discharged)).toBe(expected);
  });
});

describe('caseness and recovery', () => {
  it.each([
    [false, false, false],
    [true, false, true],
    [false, true, true],
    [true, true, true],
  ] as const)('depression %s, anxiety %s → caseness %s', (d, a, expected) => {
    expect(isCasenessPair(d, a)).toBe(expected);
  });

  it.each([
    [true, false, true],
    [true, true, false],
    [false, false, null],
    [false, true, null],
  ] as const)('caseness at start %s, at end %s → recovered %s', (start, end, expected) => {
    expect(isRecovered(start, end)).toBe(expected);
  });

  it.each([
    [true, true, true],
    [true, false, false],
    [false, true, false],
    [false, false, false],
    [null, true, null],
    [null, false, null],
  ] as const)('recovered %s, reliable improvement %s → reliable recovery %s', (r, i, expected) => {
    expect(isReliableRecovery(r, i)).toBe(expected);
  });
});

describe('reliable change categories (RECALLED rules): the full 3 × 3 table', () => {
  // [PHQ-9 change, anxiety change, improvement, deterioration, no reliable change]
  const table: readonly (readonly [ReliableChange, ReliableChange, boolean, boolean, boolean])[] = [
    ['improved', 'improved', true, false, false],
    ['improved', 'no-change', true, false, false],
    ['no-change', 'improved', true, false, false],
    ['improved', 'deteriorated', false, false, true], // mixed: neither
    ['deteriorated', 'improved', false, false, true], // mixed: neither
    ['deteriorated', 'deteriorated', false, true, false],
    ['deteriorated', 'no-change', false, true, false],
    ['no-change', 'deteriorated', false, true, false],
    ['no-change', 'no-change', false, false, true],
  ];
  it.each(table)('PHQ-9 %s, anxiety %s', (d, a, improved, deteriorated, none) => {
    expect(isReliableImprovement(d, a)).toBe(improved);
    expect(isReliableDeterioration(d, a)).toBe(deteriorated);
    expect(isNoReliableChange(d, a)).toBe(none);
    // Exactly one category always applies.
    expect([improved, deteriorated, none].filter(Boolean)).toHaveLength(1);
  });
});
