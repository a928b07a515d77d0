import { describe, expect, it } from 'vitest';
import { offTrack, offTrackMidpoint } from './off-track';

describe('offTrackMidpoint', () => {
  it('is half the planned sessions, rounded up', () => {
    expect(offTrackMidpoint(12)).toBe(6);
    expect(offTrackMidpoint(13)).toBe(7);
    expect(offTrackMidpoint(16)).toBe(8);
  });
});

describe('offTrack (hazard H16)', () => {
  it('is not flagged with no scores', () => {
    expect(offTrack({ plannedSessions: 16, sessionsHeld: 10, phq9: [] })).toEqual({
      offTrack: false,
      reasons: [],
    });
  });

  it('flags reliable deterioration at any point, even early and even if it later recovers', () => {
    expect(offTrack({ plannedSessions: 16, sessionsHeld: 2, phq9: [12, 18] }).reasons).toEqual([
      'reliable-deterioration',
    ]);
    expect(offTrack({ plannedSessions: 16, sessionsHeld: 3, phq9: [12, 18, 11] }).offTrack).toBe(
      true,
    );
  });

  it('does not flag a rise smaller than the reliable change', () => {
    expect(offTrack({ plannedSessions: 16, sessionsHeld: 3, phq9: [12, 17, 16] }).offTrack).toBe(
      false,
    );
  });

  it('before the midpoint, no improvement yet is expected', () => {
    expect(offTrack({ plannedSessions: 16, sessionsHeld: 7, phq9: [18, 17, 16] }).offTrack).toBe(
      false,
    );
  });

  it('at the midpoint, flags a course whose latest score has not reliably improved', () => {
    expect(offTrack({ plannedSessions: 16, sessionsHeld: 8, phq9: [18, 15, 13] }).reasons).toEqual([
      'no-reliable-improvement-by-midpoint',
    ]);
    expect(offTrack({ plannedSessions: 12, sessionsHeld: 6, phq9: [18] }).reasons).toEqual([
      'no-reliable-improvement-by-midpoint',
    ]);
  });

  it('at the midpoint, a reliable improvement (down 6) is on track', () => {
    expect(offTrack({ plannedSessions: 16, sessionsHeld: 8, phq9: [18, 14, 12] }).offTrack).toBe(
      false,
    );
  });

  it('gives both reasons when both apply', () => {
    expect(offTrack({ plannedSessions: 12, sessionsHeld: 6, phq9: [10, 16, 12] }).reasons).toEqual([
      'reliable-deterioration',
      'no-reliable-improvement-by-midpoint',
    ]);
  });
});
