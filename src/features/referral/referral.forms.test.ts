import { describe, expect, it } from 'vitest';
import * as forms from './referral.forms';
import {
  LIMITS,
  PAGE_ORDER,
  PAGES,
  pageBySlug,
  pickRaw,
  type DateFieldError,
  type FormContext,
  type PageResult,
} from './referral.forms';

const ctx: FormContext = {
  today: '2026-11-25',
  minimumAge: 18,
  locations: [
    {
      id: '11111111-1111-4111-8111-111111111111',
      name: 'Riverside Centre',
      address: '1 River Road, Leeds',
      postcode: 'LS1 1AA',
      stepFreeAccess: true,
      accessInformation: '',
    },
  ],
};

/** These tests read a page result as its value (null when refused) and its errors (none when clean). */
function flat<T>(r: PageResult<T>) {
  return { value: r.ok ? r.value : null, errors: r.ok ? [] : r.errors, blocked: r.blocked };
}
function flatten<A extends unknown[], T>(parse: (...args: A) => PageResult<T>) {
  return (...args: A) => flat(parse(...args));
}
const parseAddress = flatten(forms.parseAddress);
const parseAreas = flatten(forms.parseAreas);
const parseContact = flatten(forms.parseContact);
const parseDateOfBirth = flatten(forms.parseDateOfBirth);
const parseEthnicity = flatten(forms.parseEthnicity);
const parseGender = flatten(forms.parseGender);
const parseGp = flatten(forms.parseGp);
const parseGpConsent = flatten(forms.parseGpConsent);
const parseLanguage = flatten(forms.parseLanguage);
const parseLocation = flatten(forms.parseLocation);
const parseMeasure = flatten(forms.parseMeasure);
const parseName = flatten(forms.parseName);
const parseNeeds = flatten(forms.parseNeeds);
const parseNhsNumber = flatten(forms.parseNhsNumber);
const parseOtherServices = flatten(forms.parseOtherServices);
const parsePermissions = flatten(forms.parsePermissions);
const parseRisk = flatten(forms.parseRisk);
const parseSessions = flatten(forms.parseSessions);
const parseTroubling = flatten(forms.parseTroubling);

const fields = (r: { errors: { field: string }[] }) => r.errors.map((e) => e.field);
const messages = (r: { errors: { message: string }[] }) => r.errors.map((e) => e.message);

describe('name', () => {
  it('asks for both names', () => {
    const r = parseName({ givenName: ' ', familyName: '' });
    expect(messages(r)).toEqual(['Enter your first name', 'Enter your last name']);
    expect(r.value).toBeNull();
  });
  it('trims and keeps what was typed', () => {
    expect(parseName({ givenName: ' Jo ', familyName: "O'Brien-Smith" }).value).toEqual({
      givenName: 'Jo',
      familyName: "O'Brien-Smith",
    });
  });
  it('limits length', () => {
    const r = parseName({ givenName: 'a'.repeat(101), familyName: 'b'.repeat(100) });
    expect(messages(r)).toEqual(['First name must be 100 characters or fewer']);
  });
});

describe('date of birth', () => {
  const dob = (day: string, month: string, year: string, c: FormContext = ctx) =>
    parseDateOfBirth(
      { 'dateOfBirth-day': day, 'dateOfBirth-month': month, 'dateOfBirth-year': year },
      c,
    );
  it('uses the domain messages and says which box is wrong', () => {
    const r = dob('31', '2', '1990');
    expect(messages(r)).toEqual(['Date of birth must be a real date']);
    expect((r.errors[0] as DateFieldError).boxes).toEqual(['day']);
    expect(r.errors[0]!.href).toBe('dateOfBirth-day');
    expect(messages(dob('', '', ''))).toEqual(['Enter a date of birth']);
    expect(messages(dob('1', '1', '2030'))).toEqual(['Date of birth must be in the past']);
    const missingMonth = dob('1', '', '1990');
    expect(missingMonth.errors[0]!.href).toBe('dateOfBirth-month');
  });
  it('accepts an adult', () => {
    expect(dob('25', '11', '2008')).toEqual({
      value: { dateOfBirth: '2008-11-25' },
      errors: [],
    });
  });
  it('blocks someone under the minimum age, saying when they will be old enough', () => {
    const r = dob('26', '11', '2008');
    expect(r.errors).toEqual([]);
    expect(r.blocked).toEqual({ minimumAge: 18, oldEnoughOn: '2026-11-26' });
  });
  it('follows the service minimum age', () => {
    expect(dob('1', '1', '2010', { ...ctx, minimumAge: 16 }).blocked).toBeUndefined();
  });
});

describe('address', () => {
  it('lists every problem', () => {
    const r = parseAddress({ addressLine1: '', addressLine2: '', addressTown: '', postcode: '' });
    expect(messages(r)).toEqual([
      'Enter the first line of your address',
      'Enter your town or city',
      'Enter a postcode',
    ]);
  });
  it('refuses a postcode that is not real and normalises a real one', () => {
    const base = { addressLine1: '1 High St', addressLine2: '', addressTown: 'Leeds' };
    expect(messages(parseAddress({ ...base, postcode: 'ZZ1' }))).toEqual(['Enter a real postcode']);
    expect(parseAddress({ ...base, postcode: 'ls11aa' }).value?.postcode).toBe('LS1 1AA');
  });
});

describe('contact details', () => {
  it('needs at least one phone number', () => {
    const r = parseContact({ mobile: '', otherPhone: '', email: '' });
    expect(r.errors).toEqual([
      { field: 'mobile', message: 'Enter a phone number so we can contact you' },
    ]);
  });
  it('checks each number and the email with the domain messages', () => {
    const r = parseContact({ mobile: '01632 960001', otherPhone: '12345', email: 'nope' });
    expect(messages(r)).toEqual([
      'Enter a UK mobile phone number, like 07700 900 982',
      'Enter a UK phone number, like 01632 960 001 or 07700 900 982',
      'Enter an email address in the correct format, like name@example.com',
    ]);
  });
  it('accepts a landline alone, or a mobile and email', () => {
    expect(
      parseContact({ mobile: '', otherPhone: '0113 496 0000', email: '' }).value?.otherPhone?.value,
    ).toBe('+441134960000');
    const v = parseContact({ mobile: '07700 900982', otherPhone: '', email: 'Jo@Example.COM' });
    expect(v.value?.mobile?.value).toBe('+447700900982');
    expect(v.value?.email).toBe('Jo@example.com');
  });
});

describe('contact permissions', () => {
  const contact = parseContact({ mobile: '07700900982', otherPhone: '', email: 'a@b.com' }).value!;
  it('asks about voicemail always, texts with a mobile, email with an address', () => {
    expect(messages(parsePermissions({}, contact))).toEqual([
      'Select if we can leave a voicemail',
      'Select if we can send you text messages',
      'Select if we can email you',
    ]);
    const landlineOnly = parseContact({ mobile: '', otherPhone: '01134960000', email: '' }).value!;
    expect(fields(parsePermissions({}, landlineOnly))).toEqual(['voicemail']);
  });
  it('links the summary to the first radio', () => {
    expect(parsePermissions({}, contact).errors[0]!.href).toBe('voicemail-1');
  });
  it('ignores answers for channels not given', () => {
    const landlineOnly = parseContact({ mobile: '', otherPhone: '01134960000', email: '' }).value!;
    expect(
      parsePermissions({ voicemail: 'yes', texts: 'yes', emails: 'yes' }, landlineOnly).value,
    ).toEqual({ voicemail: true, texts: null, email: null });
    expect(
      parsePermissions({ voicemail: 'no', texts: 'yes', emails: 'no' }, contact).value,
    ).toEqual({ voicemail: false, texts: true, email: false });
  });
});

describe('NHS number', () => {
  it('is optional', () => {
    expect(parseNhsNumber({ nhsNumber: '  ' }).value).toEqual({ nhsNumber: null });
  });
  it('checks the modulus 11 rule and keeps the digits only', () => {
    expect(messages(parseNhsNumber({ nhsNumber: '943 476 5918' }))).toEqual([
      'NHS number is not valid. Check you have entered it correctly',
    ]);
    expect(messages(parseNhsNumber({ nhsNumber: '12345' }))).toEqual([
      'NHS number must be 10 digits',
    ]);
    expect(parseNhsNumber({ nhsNumber: '943-476-5919' }).value).toEqual({
      nhsNumber: '9434765919',
    });
  });
});

describe('GP', () => {
  it('asks if registered, then for the practice', () => {
    expect(messages(parseGp({}))).toEqual(['Select if you are registered with a GP practice']);
    expect(messages(parseGp({ gpRegistered: 'yes', gpName: '', gpAddress: '' }))).toEqual([
      'Enter the name of your GP practice',
      'Enter the town or address of your GP practice',
    ]);
  });
  it('ignores practice details when not registered', () => {
    expect(parseGp({ gpRegistered: 'no', gpName: 'x' }).value).toEqual({
      registered: false,
      practiceName: null,
      practiceAddress: null,
    });
  });
});

describe('gender, ethnicity and language', () => {
  it('needs a choice from the list', () => {
    expect(messages(parseGender({ gender: 'dragon' }))).toEqual([
      "Select your gender, or select 'I would prefer not to say'",
    ]);
    expect(messages(parseEthnicity({ ethnicity: 'I' }))).toEqual([
      "Select your ethnic group, or select 'Not stated'",
    ]);
  });
  it('keeps a self-description only for "another way"', () => {
    expect(parseGender({ gender: 'other', genderDescription: ' agender ' }).value).toEqual({
      code: 'other',
      description: 'agender',
    });
    expect(parseGender({ gender: 'female', genderDescription: 'x' }).value).toEqual({
      code: 'female',
      description: null,
    });
  });
  it('accepts the NHS Data Dictionary codes A to S and Z', () => {
    for (const code of 'ABCDEFGHJKLMNPRSZ')
      expect(parseEthnicity({ ethnicity: code }).value).toEqual({ code });
  });
  it('asks for a first language and about an interpreter', () => {
    expect(messages(parseLanguage({}))).toEqual([
      'Enter your first language',
      'Select if you need an interpreter',
    ]);
    expect(parseLanguage({ firstLanguage: 'Polish', interpreter: 'yes' }).value).toEqual({
      firstLanguage: 'Polish',
      interpreter: true,
    });
  });
});

describe('communication and access needs', () => {
  it('needs a choice, not both, and details for something else', () => {
    expect(fields(parseNeeds({ needs: [] }))).toEqual(['needs']);
    expect(messages(parseNeeds({ needs: ['braille', 'none'] }))[0]).toMatch(/not both/);
    expect(messages(parseNeeds({ needs: ['other'], needsOther: ' ' }))).toEqual([
      'Describe the other communication or access needs you have',
    ]);
  });
  it('keeps known needs in list order', () => {
    expect(
      parseNeeds({ needs: ['step_free_access', 'large_print', 'made_up'], needsOther: 'x' }).value,
    ).toEqual({ needs: ['large_print', 'step_free_access'], otherDetails: null });
    expect(parseNeeds({ needs: ['none'] }).value).toEqual({ needs: [], otherDetails: null });
  });
});

describe('what is troubling you', () => {
  it('is required and limited to 2000 characters', () => {
    expect(messages(parseTroubling({ troubling: '  ' }))).toEqual([
      'Describe what is troubling you',
    ]);
    expect(messages(parseTroubling({ troubling: 'a'.repeat(LIMITS.troubling + 1) }))).toEqual([
      'Describe what is troubling you in 2,000 characters or fewer',
    ]);
    expect(parseTroubling({ troubling: 'a'.repeat(2000) }).errors).toEqual([]);
  });
  it('counts an emoji as one character and normalises line endings', () => {
    expect(parseTroubling({ troubling: '😢'.repeat(2000) }).errors).toEqual([]);
    expect(parseTroubling({ troubling: 'one\r\ntwo' }).value?.text).toBe('one\ntwo');
  });
  it('keeps HTML exactly as typed (it is escaped when shown)', () => {
    expect(parseTroubling({ troubling: '<script>x</script>' }).value?.text).toBe(
      '<script>x</script>',
    );
  });
});

describe('areas', () => {
  it('offers the four focal areas and not sure, not both', () => {
    expect(fields(parseAreas({}))).toEqual(['areas']);
    expect(messages(parseAreas({ areas: ['grief', 'none'] }))[0]).toMatch(/not both/);
    expect(parseAreas({ areas: ['grief', 'role-transitions'] }).value).toEqual({
      areas: ['role-transitions', 'grief'],
      notSure: false,
    });
    expect(parseAreas({ areas: 'none' }).value).toEqual({ areas: [], notSure: true });
  });
});

describe('other services', () => {
  it('needs yes or no, and details with yes', () => {
    expect(fields(parseOtherServices({}))).toEqual(['otherServices']);
    expect(messages(parseOtherServices({ otherServices: 'yes' }))).toEqual([
      'Enter the mental health services you are in touch with',
    ]);
    expect(parseOtherServices({ otherServices: 'no', otherServicesDetails: 'x' }).value).toEqual({
      inTouch: false,
      details: null,
    });
  });
});

describe('questionnaires', () => {
  const all = (prefix: string, n: number, value: string) =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}_${i + 1}`, value]));
  it('shows an error for each unanswered item, linked to its first option', () => {
    const r = parseMeasure('phq9', { phq9_1: '1', phq9_3: '2' });
    expect(r.errors).toHaveLength(7);
    expect(r.errors[0]).toEqual({
      field: 'phq9_2',
      message: 'Select an answer for question 2',
      href: 'phq9_2-1',
    });
  });
  it('scores a complete questionnaire and flags PHQ-9 item 9', () => {
    const r = parseMeasure('phq9', { ...all('phq9', 9, '1'), phq9_9: '2' });
    expect(r.value?.total).toBe(10);
    expect(r.value?.riskFlag).toBe(true);
    expect(parseMeasure('phq9', all('phq9', 9, '0')).value?.riskFlag).toBe(false);
  });
  it('refuses values outside the scale', () => {
    expect(messages(parseMeasure('gad7', { ...all('gad7', 7, '0'), gad7_1: '7' }))).toEqual([
      'The answer for question 1 must be from 0 to 3',
    ]);
    expect(parseMeasure('gad7', { ...all('gad7', 7, '0'), gad7_2: 'lots' }).errors).toHaveLength(1);
  });
  it('lets WSAS work be "not applicable"', () => {
    const r = parseMeasure('wsas', { ...all('wsas', 5, '4'), wsas_1: 'not-applicable' });
    expect(r.value?.total).toBe(16);
    expect(r.value?.partialTotal).toBe(true);
  });
});

describe('risk, sessions, location and GP consent', () => {
  it('asks all three risk questions', () => {
    expect(fields(parseRisk({}))).toEqual(['thoughts', 'plans', 'harmOthers']);
    expect(parseRisk({ thoughts: 'yes', plans: 'no', harmOthers: 'no' }).value).toEqual({
      thoughtsOfEndingLife: true,
      plans: false,
      harmOthers: false,
    });
  });
  it('needs a way to have sessions', () => {
    expect(messages(parseSessions({ sessionMode: 'phone' }))).toEqual([
      'Select how you would prefer to have your sessions',
    ]);
    expect(parseSessions({ sessionMode: 'video' }).value).toEqual({ mode: 'video' });
  });
  it('accepts only an active location, or no preference', () => {
    expect(parseLocation({ location: ctx.locations[0]!.id }, ctx).value).toEqual({
      locationId: ctx.locations[0]!.id,
    });
    expect(parseLocation({ location: 'no_preference' }, ctx).value).toEqual({ locationId: null });
    expect(messages(parseLocation({ location: 'somewhere' }, ctx))).toEqual([
      'Select where you would prefer to have face-to-face sessions',
    ]);
  });
  it('asks about contacting the GP', () => {
    expect(messages(parseGpConsent({}))).toEqual(['Select yes if we can contact your GP']);
    expect(parseGpConsent({ gpConsent: 'no' }).value).toEqual({ consent: false });
  });
});

describe('the page registry', () => {
  it('has one page per key, with unique slugs, in order', () => {
    expect(PAGE_ORDER).toEqual(Object.keys(PAGES));
    const slugs = PAGE_ORDER.map((k) => PAGES[k].slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    expect(slugs).not.toContain('check');
    expect(slugs).not.toContain('urgent-help');
    expect(pageBySlug('mood')?.key).toBe('phq9');
    expect(pageBySlug('nope')).toBeUndefined();
  });
  it('keeps only the fields a page posts', () => {
    expect(pickRaw('areas', { areas: 'grief', _csrf: 'x', website: 'y' })).toEqual({
      areas: ['grief'],
    });
    expect(pickRaw('name', { givenName: ['Jo', 'Al'], evil: 1 })).toEqual({
      givenName: 'Jo',
      familyName: '',
    });
  });
});
