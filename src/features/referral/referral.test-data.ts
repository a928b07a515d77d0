/** Answers for every page, as a browser would post them: shared by the unit and integration tests. */
import type { SectionKey } from './referral.forms';

const measure = (prefix: string, n: number, value: string) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}_${i + 1}`, value]));

export const GOOD_ANSWERS: Readonly<Record<SectionKey, Record<string, string | string[]>>> = {
  name: { givenName: 'Sam', familyName: 'Taylor' },
  dateOfBirth: { 'dateOfBirth-day': '5', 'dateOfBirth-month': '3', 'dateOfBirth-year': '1990' },
  address: {
    addressLine1: '1 High Street',
    addressLine2: '',
    addressTown: 'Leeds',
    postcode: 'ls1 1aa',
  },
  contact: { mobile: '07700 900982', otherPhone: '', email: 'sam@example.com' },
  permissions: { voicemail: 'yes', texts: 'yes', emails: 'no' },
  nhsNumber: { nhsNumber: '943 476 5919' },
  gp: { gpRegistered: 'yes', gpName: 'Park Surgery', gpAddress: 'Leeds' },
  gender: { gender: 'non_binary' },
  ethnicity: { ethnicity: 'A' },
  language: { firstLanguage: 'English', interpreter: 'no' },
  needs: { needs: ['large_print'] },
  troubling: { troubling: 'Since my partner and I split up I have felt low.' },
  areas: { areas: ['interpersonal-disputes'] },
  otherServices: { otherServices: 'no' },
  // Item 9 is 0: no risk answer on the happy path.
  phq9: { ...measure('phq9', 9, '1'), phq9_9: '0' },
  gad7: measure('gad7', 7, '1'),
  wsas: measure('wsas', 5, '2'),
  risk: { thoughts: 'no', plans: 'no', harmOthers: 'no' },
  sessions: { sessionMode: 'video' },
  location: { location: 'no_preference' },
  gpConsent: { gpConsent: 'yes' },
};
