import { describe, expect, it } from 'vitest';
import { answerRows, readReferralContact } from './referral-answers';

/** As the public self-referral form stores it (referral.flow.ts, SubmittedAnswers version 1). */
const submitted = {
  version: 1,
  name: { givenName: 'Ann', familyName: 'Able' },
  dateOfBirth: '1990-04-01',
  address: { line1: '1 High Street', line2: 'Flat 2', town: 'Leeds', postcode: 'LS1 4AP' },
  contact: {
    mobile: '+447700900982',
    mobileDisplay: '07700 900982',
    otherPhone: null,
    otherPhoneDisplay: null,
    email: 'ann@example.com',
  },
  permissions: { voicemail: false, texts: true, email: null },
  nhsNumber: null,
  gp: { registered: true, practiceName: 'Park Surgery', practiceAddress: 'Park Road, Leeds' },
  gender: { code: 'other', label: 'I describe my gender another way', description: 'Agender' },
  ethnicity: { code: 'Z', label: 'Not stated – I would prefer not to say' },
  language: { firstLanguage: 'Welsh', interpreter: true },
  communicationNeeds: {
    needs: [{ code: 'large_print', label: 'Large print' }],
    otherDetails: null,
  },
  troubling: 'Line one\nLine two <b>not bold</b>',
  focalAreas: { areas: ['grief', 'role-transitions'], notSure: false },
  otherServices: { inTouch: false, details: null },
  risk: {
    thoughtsOfEndingLife: true,
    plans: false,
    harmOthers: false,
    phq9Item9: 2,
    earlierRiskAnswers: [],
  },
  sessions: { mode: 'video', modeLabel: 'By video call', locationId: 'x', locationName: null },
  gpConsent: true,
};

describe('reading contact details from referral answers', () => {
  it('reads the address, GP and the channels the person allowed', () => {
    expect(readReferralContact(submitted)).toEqual({
      address: '1 High Street\nFlat 2\nLeeds',
      gpPractice: 'Park Surgery, Park Road, Leeds',
      allowEmail: false, // null: not asked, so not allowed
      allowSms: true,
      allowVoicemail: false,
    });
  });
  it('reads no GP when the person has none', () => {
    expect(
      readReferralContact({ ...submitted, gp: { registered: false, practiceName: null } })
        .gpPractice,
    ).toBeNull();
  });
  it('also reads flat keys', () => {
    expect(
      readReferralContact({
        addressLine1: '2 Low Road',
        addressTown: 'York',
        gpPractice: 'Moor Surgery',
        allowEmail: 'yes',
        allowSms: 'no',
        allowVoicemail: true,
      }),
    ).toEqual({
      address: '2 Low Road\nYork',
      gpPractice: 'Moor Surgery',
      allowEmail: true,
      allowSms: false,
      allowVoicemail: true,
    });
  });
  it('never throws on odd shapes, and allows nothing it cannot read', () => {
    for (const odd of [null, undefined, 'text', 42, [], { permissions: 'all', address: 7 }])
      expect(readReferralContact(odd)).toEqual({
        address: null,
        gpPractice: null,
        allowEmail: false,
        allowSms: false,
        allowVoicemail: false,
      });
  });
});

describe('showing every answer', () => {
  const rows = answerRows(submitted);
  const row = (label: string) => rows.find((r) => r.label === label);

  it('labels each answer in plain words and flattens sections', () => {
    expect(row('Name: First name')?.value).toBe('Ann');
    expect(row('Date of birth')?.value).toBe('1 April 1990');
    expect(row('Address')?.value).toBe('1 High Street, Flat 2, Leeds');
    expect(row('Contact details: Mobile phone')?.value).toBe('07700 900982');
    expect(row('Contact details: Other phone')?.value).toBe('Not answered');
    expect(row('We may contact them by: Text message')?.value).toBe('Yes');
    expect(row('We may contact them by: Voicemail')?.value).toBe('No');
    expect(row('Gender')?.value).toBe('I describe my gender another way: Agender');
    expect(row('Communication and access needs: Needs')?.value).toBe('Large print');
    expect(row('What fits what is troubling them: Areas')?.value).toBe('Grief, Role transitions');
    expect(row('Sessions: Preferred way to have sessions')?.value).toBe('By video call');
    expect(row('Agreed we may contact their GP')?.value).toBe('Yes');
  });

  it('keeps text as text', () => {
    expect(row('What is troubling them')?.value).toBe('Line one\nLine two <b>not bold</b>');
  });

  it('hides internal keys and readable twins', () => {
    const labels = rows.map((r) => r.label);
    expect(labels).not.toContain('Version');
    expect(labels.some((l) => /Display|Label|Location id/.test(l))).toBe(false);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
  });

  it('marks the safety answers as risk', () => {
    const risk = rows.filter((r) => r.risk);
    expect(risk.map((r) => r.label)).toEqual([
      'Safety: Thoughts of ending their life',
      'Safety: Made plans to end their life',
      'Safety: Thoughts of harming someone else',
      'Safety: PHQ-9 question 9 (thoughts of being better off dead or of self-harm), 0 to 3',
      'Safety: Risk answers given earlier, then changed',
    ]);
    expect(risk[0]!.value).toBe('Yes');
    expect(risk[3]!.value).toBe('2');
  });

  it('shows answers it has no label for, and copes with anything', () => {
    expect(answerRows({ favouriteColour: 'blue', nested: { someFlag: true } })).toEqual([
      { key: 'favouriteColour', label: 'Favourite colour', value: 'blue', risk: false },
      { key: 'nested.someFlag', label: 'Nested: Some flag', value: 'Yes', risk: false },
    ]);
    expect(answerRows(null)).toEqual([]);
    expect(answerRows([1, 2])).toEqual([]);
  });
});
