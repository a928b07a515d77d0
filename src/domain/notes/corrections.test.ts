import { describe, expect, it } from 'vitest';
import {
  CORRECTION_MAX,
  canCorrectSummary,
  checkCorrectionCountersign,
  correctionNeedsCountersignature,
  correctionReachesPatient,
  correctionStatus,
  parseCorrection,
} from '.';

const at = new Date('2026-12-03T10:00:00Z');
const draft = { signedAt: null, needsCountersignature: false, countersignedAt: null };
const signed = { signedAt: at, needsCountersignature: false, countersignedAt: null };
const traineeSigned = { signedAt: at, needsCountersignature: true, countersignedAt: null };
const traineeLocked = { ...traineeSigned, countersignedAt: at };

const byQualified = { needsCountersignature: false, countersignedAt: null };
const byTrainee = { needsCountersignature: true, countersignedAt: null };
const byTraineeChecked = { needsCountersignature: true, countersignedAt: at };

describe('corrections to the patient’s summary (hazard H17)', () => {
  it('are added only to a signed note: a draft is edited instead', () => {
    expect(canCorrectSummary(draft)).toBe(false);
    expect(canCorrectSummary(signed)).toBe(true);
    expect(canCorrectSummary(traineeSigned)).toBe(true);
    expect(canCorrectSummary(traineeLocked)).toBe(true);
  });

  it('need a countersignature when the author is a trainee', () => {
    expect(correctionNeedsCountersignature({ trainee: true })).toBe(true);
    expect(correctionNeedsCountersignature({ trainee: false })).toBe(false);
  });

  it('reach the patient by the summary’s rule: a trainee’s once countersigned', () => {
    expect(correctionReachesPatient(signed, byQualified)).toBe(true);
    expect(correctionReachesPatient(signed, byTrainee)).toBe(false);
    expect(correctionReachesPatient(signed, byTraineeChecked)).toBe(true);
    expect(correctionReachesPatient(traineeLocked, byTrainee)).toBe(false);
    expect(correctionReachesPatient(traineeLocked, byTraineeChecked)).toBe(true);
  });

  it('never reach the patient before the summary itself does', () => {
    expect(correctionReachesPatient(draft, byQualified)).toBe(false);
    expect(correctionReachesPatient(traineeSigned, byQualified)).toBe(false);
    expect(correctionReachesPatient(traineeSigned, byTraineeChecked)).toBe(false);
  });

  it('tell staff where each correction stands', () => {
    expect(correctionStatus(signed, byTrainee, true)).toBe('awaiting_countersignature');
    expect(correctionStatus(traineeSigned, byQualified, true)).toBe('waiting_for_note');
    expect(correctionStatus(signed, byQualified, true)).toBe('shown_to_patient');
    expect(correctionStatus(signed, byTraineeChecked, true)).toBe('shown_to_patient');
    // A missed session's summary never reaches them, nor its corrections.
    expect(correctionStatus(signed, byQualified, false)).toBe('not_shown');
  });

  it('are countersigned only by the author’s named supervisor, never the author, once', () => {
    const correction = { ...byTrainee, authorId: 'jo' };
    expect(
      checkCorrectionCountersign(correction, { actorId: 'sup', authorSupervisorId: 'sup' }),
    ).toEqual({
      ok: true,
    });
    expect(
      checkCorrectionCountersign(correction, { actorId: 'jo', authorSupervisorId: 'jo' }),
    ).toMatchObject({ ok: false, reason: 'own-note' });
    expect(
      checkCorrectionCountersign(correction, { actorId: 'alex', authorSupervisorId: 'sup' }),
    ).toMatchObject({ ok: false, reason: 'not-their-supervisor' });
    expect(
      checkCorrectionCountersign(
        { ...byTraineeChecked, authorId: 'jo' },
        {
          actorId: 'sup',
          authorSupervisorId: 'sup',
        },
      ),
    ).toMatchObject({ ok: false, reason: 'not-waiting' });
    expect(
      checkCorrectionCountersign(
        { ...byQualified, authorId: 'sam' },
        {
          actorId: 'sup',
          authorSupervisorId: 'sup',
        },
      ),
    ).toMatchObject({ ok: false, reason: 'not-waiting' });
  });

  it('refuse an empty or too long correction, and trim the words', () => {
    expect(parseCorrection('   ')).toEqual({
      ok: false,
      errors: [{ field: 'correction', message: 'Enter the correction to the summary' }],
    });
    expect(parseCorrection('x'.repeat(CORRECTION_MAX + 1)).ok).toBe(false);
    expect(parseCorrection('  Your next session is on Tuesday.  ')).toEqual({
      ok: true,
      value: 'Your next session is on Tuesday.',
    });
  });
});
