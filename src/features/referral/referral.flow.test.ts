import { describe, expect, it } from 'vitest';
import {
  buildSubmission,
  emptyDraftData,
  evaluate,
  firstIncompleteBefore,
  nextAfter,
  previousBefore,
  readDraftData,
  riskDescriptions,
  riskDescriptionsSoFar,
  riskReason,
  type DraftData,
} from './referral.flow';
import { PAGE_ORDER, type FormContext, type SectionKey } from './referral.forms';
import { GOOD_ANSWERS } from './referral.test-data';

const LOCATION_ID = '11111111-1111-4111-8111-111111111111';
const ctx: FormContext = {
  today: '2026-11-25',
  minimumAge: 18,
  locations: [
    {
      id: LOCATION_ID,
      name: 'Riverside Centre',
      address: '1 River Road',
      postcode: 'LS1 1AA',
      stepFreeAccess: true,
      accessInformation: '',
    },
  ],
};
const NOW = new Date('2026-11-25T10:00:00Z');

function draftWith(
  overrides: Partial<Record<SectionKey, Record<string, string | string[]> | null>> = {},
  keys: readonly SectionKey[] = PAGE_ORDER,
): DraftData {
  const data = emptyDraftData();
  for (const key of keys) {
    const values = key in overrides ? overrides[key] : GOOD_ANSWERS[key];
    if (values) data.sections[key] = { values, savedAt: '2026-11-25T09:00:00.000Z' };
  }
  return data;
}

describe('working out the flow', () => {
  it('starts at the name page', () => {
    const ev = evaluate(emptyDraftData(), ctx);
    expect(ev.firstIncomplete).toBe('name');
    expect(previousBefore('name', ev)).toBeNull();
    expect(nextAfter('name', ev)).toBe('dateOfBirth');
  });

  it('is complete with every page answered; video skips the location page', () => {
    const ev = evaluate(draftWith(), ctx);
    expect(ev.firstIncomplete).toBeNull();
    expect(ev.status.location).toBe('skip');
    expect(nextAfter('sessions', ev)).toBe('gpConsent');
    expect(previousBefore('gpConsent', ev)).toBe('sessions');
    expect(previousBefore('check', ev)).toBe('gpConsent');
    expect(nextAfter('gpConsent', ev)).toBe('check');
  });

  it('asks for a location for face to face, or no preference, when the service has locations', () => {
    const ev = evaluate(draftWith({ sessions: { sessionMode: 'face_to_face' } }), ctx);
    expect(ev.status.location).toBe('complete');
    expect(nextAfter('sessions', ev)).toBe('location');
    const none = evaluate(
      draftWith({ sessions: { sessionMode: 'no_preference' }, location: null }),
      ctx,
    );
    expect(none.firstIncomplete).toBe('location');
    const noPlaces = evaluate(draftWith({ sessions: { sessionMode: 'face_to_face' } }), {
      ...ctx,
      locations: [],
    });
    expect(noPlaces.status.location).toBe('skip');
  });

  it('does not ask about the GP contact without a GP', () => {
    const ev = evaluate(draftWith({ gp: { gpRegistered: 'no' }, gpConsent: null }), ctx);
    expect(ev.status.gpConsent).toBe('skip');
    expect(ev.firstIncomplete).toBeNull();
    expect(nextAfter('sessions', ev)).toBe('check');
  });

  it('finds an answer that no longer fits after another changed', () => {
    // An email address added after the permissions were answered: the email question is new.
    const ev = evaluate(draftWith({ permissions: { voicemail: 'yes', texts: 'yes' } }), ctx);
    expect(ev.status.permissions).toBe('invalid');
    expect(ev.firstIncomplete).toBe('permissions');
    expect(firstIncompleteBefore('gp', ev)).toBe('permissions');
    expect(firstIncompleteBefore('permissions', ev)).toBeNull();
  });

  it('never lets an under-age date of birth through', () => {
    const ev = evaluate(
      draftWith({
        dateOfBirth: {
          'dateOfBirth-day': '1',
          'dateOfBirth-month': '1',
          'dateOfBirth-year': '2015',
        },
      }),
      ctx,
    );
    expect(ev.status.dateOfBirth).toBe('blocked');
    expect(ev.firstIncomplete).toBe('dateOfBirth');
  });

  it('reads stored JSON defensively', () => {
    expect(readDraftData(null)).toEqual(emptyDraftData());
    expect(
      readDraftData({
        sections: {
          name: { values: { givenName: 'Jo', n: 5, list: ['a', 3] }, savedAt: 'x' },
          nonsense: { values: {}, savedAt: 'x' },
          address: 'not an object',
        },
        riskNoted: ['a', 1],
      }),
    ).toEqual({
      sections: { name: { values: { givenName: 'Jo', list: ['a'] }, savedAt: 'x' } },
      riskNoted: ['a'],
    });
  });
});

describe('risk', () => {
  it('describes PHQ-9 item 9 and each yes', () => {
    const ev = evaluate(
      draftWith({
        phq9: { ...GOOD_ANSWERS.phq9, phq9_9: '2' },
        risk: { thoughts: 'yes', plans: 'no', harmOthers: 'yes' },
      }),
      ctx,
    );
    expect(riskDescriptions(ev.parsed)).toEqual([
      "PHQ-9 item 9 answered 'More than half the days'",
      'said yes to thoughts of ending their life',
      'said yes to thoughts of harming someone else',
    ]);
  });
  it('counts words of crisis written about what is troubling them, quoted as written', () => {
    const ev = evaluate(
      draftWith({
        troubling: { troubling: 'Work is awful and I can’t go on. I want to die.' },
        otherServices: {
          otherServices: 'yes',
          otherServicesDetails: 'The GP, after I said I might hurt myself',
        },
      }),
      ctx,
    );
    expect(riskDescriptions(ev.parsed)).toEqual([
      'wrote “want to die”, “can’t go on” in what is troubling them',
      'wrote “hurt myself” in the services they are in touch with',
    ]);
    // "skill" is not "kill": ordinary words are not crisis words.
    const calm = evaluate(draftWith({ troubling: { troubling: 'I need skills for sleep' } }), ctx);
    expect(riskDescriptions(calm.parsed)).toEqual([]);
  });

  it('finds a risk answer on a page sent with other questions left out (walk 8)', () => {
    expect(riskDescriptionsSoFar('phq9', { phq9_9: '3', phq9_1: '1' })).toEqual([
      "PHQ-9 item 9 answered 'Nearly every day'",
    ]);
    expect(riskDescriptionsSoFar('phq9', { phq9_9: '0' })).toEqual([]);
    // Only the item's own options count.
    expect(riskDescriptionsSoFar('phq9', { phq9_9: '7' })).toEqual([]);
    expect(riskDescriptionsSoFar('risk', { thoughts: 'yes' })).toEqual([
      'said yes to thoughts of ending their life',
    ]);
    expect(riskDescriptionsSoFar('risk', { plans: 'yes', harmOthers: 'maybe' })).toEqual([
      'said yes to having made plans to end their life',
    ]);
    expect(
      riskDescriptionsSoFar('troubling', { troubling: 'x'.repeat(2001) + ' want to die' }),
    ).toEqual(['wrote “want to die” in what is troubling them']);
    expect(riskDescriptionsSoFar('gad7', { gad7_1: '3' })).toEqual([]);
  });

  it('writes a plain reason, keeping answers changed since', () => {
    expect(riskReason([], [])).toBeNull();
    expect(
      riskReason(
        ['said yes to thoughts of ending their life'],
        ["PHQ-9 item 9 answered 'Several days'", 'said yes to thoughts of ending their life'],
      ),
    ).toBe(
      "Self-referral: said yes to thoughts of ending their life; PHQ-9 item 9 answered 'Several days' (an earlier answer, since changed)",
    );
  });
});

describe('building the referral', () => {
  it('is null until every page is done', () => {
    const data = draftWith({ wsas: null });
    expect(buildSubmission(data, evaluate(data, ctx), ctx, NOW)).toBeNull();
  });

  it('builds the referral with clean values and the channels allowed', () => {
    const data = draftWith();
    const s = buildSubmission(data, evaluate(data, ctx), ctx, NOW)!;
    expect(s).toMatchObject({
      givenName: 'Sam',
      familyName: 'Taylor',
      dateOfBirth: '1990-03-05',
      postcode: 'LS1 1AA',
      nhsNumber: '9434765919',
      email: 'sam@example.com',
      mobile: '+447700900982',
      urgent: false,
      riskReason: null,
      confirmTo: { sms: '+447700900982', email: null },
    });
    expect(s.measures.map((m) => [m.measureId, m.score.total])).toEqual([
      ['phq9', 8],
      ['gad7', 7],
      ['wsas', 10],
    ]);
    expect(s.measures[0]!.completedAt).toEqual(new Date('2026-11-25T09:00:00.000Z'));
    expect(s.answers).toMatchObject({
      version: 1,
      gender: { code: 'non_binary', label: 'Non-binary', description: null },
      ethnicity: { code: 'A', label: 'White – British' },
      communicationNeeds: { needs: [{ code: 'large_print', label: 'Large print' }] },
      focalAreas: { areas: ['interpersonal-disputes'], notSure: false },
      risk: { thoughtsOfEndingLife: false, phq9Item9: 0, earlierRiskAnswers: [] },
      sessions: { mode: 'video', modeLabel: 'By video call', locationId: null },
      gpConsent: true,
      contact: { mobileDisplay: '07700 900982' },
    });
  });

  it('names the chosen location', () => {
    const data = draftWith({
      sessions: { sessionMode: 'face_to_face' },
      location: { location: LOCATION_ID },
    });
    const s = buildSubmission(data, evaluate(data, ctx), ctx, NOW)!;
    expect(s.answers.sessions).toEqual({
      mode: 'face_to_face',
      modeLabel: 'Face to face',
      locationId: LOCATION_ID,
      locationName: 'Riverside Centre',
    });
  });

  it('is urgent for a risk answer now, or one given earlier and changed', () => {
    const risky = draftWith({ risk: { thoughts: 'no', plans: 'yes', harmOthers: 'no' } });
    const s = buildSubmission(risky, evaluate(risky, ctx), ctx, NOW)!;
    expect(s.urgent).toBe(true);
    expect(s.riskReason).toBe('Self-referral: said yes to having made plans to end their life');
    const changed = draftWith();
    changed.riskNoted = ['said yes to thoughts of ending their life'];
    const c = buildSubmission(changed, evaluate(changed, ctx), ctx, NOW)!;
    expect(c.urgent).toBe(true);
    expect(c.answers.risk.earlierRiskAnswers).toEqual([
      'said yes to thoughts of ending their life',
    ]);
  });
});
