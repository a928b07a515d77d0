import { describe, expect, it } from 'vitest';
import {
  canAddAddendum,
  canEditNote,
  checkCountersign,
  checkReadyToSign,
  countersignatureNeeded,
  isNoteOverdue,
  noteDueBy,
  noteState,
  parseDraft,
  parseReflection,
  parseSupervisionNote,
  parseTask,
  summaryReachesPatient,
} from '.';

const at = new Date('2026-11-20T10:00:00Z');
const draft = { signedAt: null, needsCountersignature: false, countersignedAt: null };
const signed = { signedAt: at, needsCountersignature: false, countersignedAt: null };
const traineeSigned = { signedAt: at, needsCountersignature: true, countersignedAt: null };
const countersigned = { ...traineeSigned, countersignedAt: at };

describe('note locking (hazard H17)', () => {
  it('goes draft → locked for a qualified therapist', () => {
    expect(noteState(draft)).toBe('draft');
    expect(noteState(signed)).toBe('locked');
  });

  it('goes draft → awaiting countersignature → locked for a trainee', () => {
    expect(noteState(traineeSigned)).toBe('awaiting_countersignature');
    expect(noteState(countersigned)).toBe('locked');
  });

  it('shares the summary with the patient only once locked: a trainee’s after countersigning', () => {
    expect(summaryReachesPatient(draft)).toBe(false);
    expect(summaryReachesPatient(signed)).toBe(true);
    expect(summaryReachesPatient(traineeSigned)).toBe(false);
    expect(summaryReachesPatient(countersigned)).toBe(true);
  });

  it('edits only a draft; after signing only addenda', () => {
    expect(canEditNote(draft)).toBe(true);
    expect(canEditNote(signed)).toBe(false);
    expect(canEditNote(traineeSigned)).toBe(false);
    expect(canAddAddendum(draft)).toBe(false);
    expect(canAddAddendum(signed)).toBe(true);
    expect(canAddAddendum(traineeSigned)).toBe(true);
  });

  it('needs a countersignature for a trainee only', () => {
    expect(countersignatureNeeded({ trainee: true })).toBe(true);
    expect(countersignatureNeeded({ trainee: false })).toBe(false);
  });
});

describe('countersignature rule', () => {
  const note = { ...traineeSigned, authorId: 'trainee' };
  it('lets the named supervisor countersign', () => {
    expect(checkCountersign(note, { actorId: 'sup', authorSupervisorId: 'sup' })).toEqual({
      ok: true,
    });
  });
  it('refuses another supervisor, the author, and a note not waiting', () => {
    expect(checkCountersign(note, { actorId: 'other', authorSupervisorId: 'sup' })).toMatchObject({
      ok: false,
      reason: 'not-their-supervisor',
    });
    expect(
      checkCountersign(note, { actorId: 'trainee', authorSupervisorId: 'trainee' }),
    ).toMatchObject({ ok: false, reason: 'own-note' });
    expect(
      checkCountersign(
        { ...countersigned, authorId: 'trainee' },
        { actorId: 'sup', authorSupervisorId: 'sup' },
      ),
    ).toMatchObject({ ok: false, reason: 'not-waiting' });
    expect(
      checkCountersign(
        { ...draft, authorId: 'trainee' },
        { actorId: 'sup', authorSupervisorId: 'sup' },
      ),
    ).toMatchObject({ ok: false, reason: 'not-waiting' });
  });
});

describe('note content', () => {
  const empty = { agenda: '', focalAreaWork: '', riskReview: '', plan: '', patientSummary: '' };
  it('saves a half-written draft but will not sign it', () => {
    const parsed = parseDraft({ ...empty, agenda: ' Review the week ' });
    expect(parsed).toEqual({ ok: true, value: { ...empty, agenda: 'Review the week' } });
    if (!parsed.ok) return;
    expect(checkReadyToSign(parsed.value).map((e) => e.field)).toEqual([
      'focalAreaWork',
      'riskReview',
      'plan',
      'patientSummary',
    ]);
  });
  it('refuses an overlong summary', () => {
    const parsed = parseDraft({ ...empty, patientSummary: 'x'.repeat(2001) });
    expect(parsed.ok).toBe(false);
  });
});

describe('overdue notes', () => {
  // Friday 20 November 2026, 10:00 London: due by 17:00 on Monday 23 November.
  it('is due at the close of the next working day', () => {
    expect(noteDueBy(at).toISOString()).toBe('2026-11-23T17:00:00.000Z');
  });
  it('skips bank holidays: a Thursday 24 December session is due on Tuesday 29 December', () => {
    // 25 December is Christmas Day (Friday), 28 December the substitute Boxing Day.
    expect(noteDueBy(new Date('2026-12-24T10:00:00Z')).toISOString()).toBe(
      '2026-12-29T17:00:00.000Z',
    );
  });
  it('lists attended sessions with no signed note after the due time', () => {
    const before = new Date('2026-11-23T16:59:00Z');
    const after = new Date('2026-11-23T17:01:00Z');
    const s = { startsAt: at, status: 'attended', noteSignedAt: null };
    expect(isNoteOverdue(s, before)).toBe(false);
    expect(isNoteOverdue(s, after)).toBe(true);
    expect(isNoteOverdue({ ...s, status: 'arrived_late' }, after)).toBe(true);
    expect(isNoteOverdue({ ...s, status: 'did_not_attend' }, after)).toBe(false);
    expect(isNoteOverdue({ ...s, noteSignedAt: after }, after)).toBe(false);
  });
});

describe('task, reflection and supervision forms', () => {
  it('needs what and when for a task', () => {
    expect(parseTask({ what: ' ', when: '', withWhom: '' })).toMatchObject({
      ok: false,
      errors: [{ field: 'what' }, { field: 'when' }],
    });
    expect(parseTask({ what: 'Call Sam', when: 'Saturday', withWhom: '' })).toEqual({
      ok: true,
      value: { what: 'Call Sam', when: 'Saturday', withWhom: '' },
    });
  });
  it('needs both parts of a reflection', () => {
    expect(parseReflection({ whatIDid: 'I called', howItWent: '' })).toMatchObject({
      ok: false,
      errors: [{ field: 'howItWent' }],
    });
  });
  it('takes a real supervision date not in the future', () => {
    const base = { discussion: 'Focal area', actions: '' };
    expect(
      parseSupervisionNote({ ...base, day: '27', month: '11', year: '2026' }, '2026-11-28'),
    ).toEqual({ ok: true, value: { metOn: '2026-11-27', discussion: 'Focal area', actions: '' } });
    expect(
      parseSupervisionNote({ ...base, day: '29', month: '11', year: '2026' }, '2026-11-28').ok,
    ).toBe(false);
    expect(
      parseSupervisionNote({ ...base, day: '31', month: '2', year: '2026' }, '2026-11-28').ok,
    ).toBe(false);
  });
  it('takes no supervision date before the course started', () => {
    const base = { discussion: 'Focal area', actions: '' };
    const on = (day: string, month: string, year: string) =>
      parseSupervisionNote({ ...base, day, month, year }, '2026-11-28', '2026-10-05');
    expect(on('1', '1', '1999')).toEqual({
      ok: false,
      errors: [
        {
          field: 'metOn',
          href: 'metOn-day',
          message:
            'Date of supervision must be on or after the day the course started, 5 October 2026',
        },
      ],
    });
    expect(on('4', '10', '2026').ok).toBe(false);
    expect(on('5', '10', '2026').ok).toBe(true);
  });
});
