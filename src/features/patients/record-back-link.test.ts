import { describe, expect, it } from 'vitest';
import { recordBackLink } from './record-back-link';

const host = 'rapport.example.nhs.uk';
const from = (path: string) => `https://${host}${path}`;
const id = '0b9f6c3e-6a59-4f53-9d0b-6f0f3f3c2a11';

describe('the patient record’s back link', () => {
  it('goes back to the page the clinician came from, when it is one of the known pages', () => {
    expect(recordBackLink(from('/staff/risk'), host, ['service_manager'])).toEqual({
      href: '/staff/risk',
      label: 'Back to risk alerts',
    });
    expect(recordBackLink(from(`/courses/${id}`), host, ['therapist'])).toEqual({
      href: `/courses/${id}`,
      label: 'Back to the course',
    });
    expect(recordBackLink(from(`/staff/referrals/${id}`), host, ['supervisor'])).toEqual({
      href: `/staff/referrals/${id}`,
      label: 'Back to the referral',
    });
    expect(recordBackLink(from(`/caseload?therapist=${id}`), host, ['supervisor'])).toEqual({
      href: `/caseload?therapist=${id}`,
      label: 'Back to the caseload',
    });
  });

  it('falls back to the caseload for a therapist and home for anyone else', () => {
    expect(recordBackLink(undefined, host, ['therapist']).href).toBe('/caseload');
    expect(recordBackLink(undefined, host, ['service_manager']).href).toBe('/home');
  });

  it('never follows another site, a form page or something unreadable', () => {
    expect(recordBackLink('https://evil.example/caseload', host, ['therapist']).href).toBe(
      '/caseload',
    );
    expect(recordBackLink(from(`/patients/${id}/details`), host, ['supervisor']).href).toBe(
      '/home',
    );
    expect(recordBackLink(from('/staff/risk/../../logout'), host, ['supervisor']).href).toBe(
      '/home',
    );
    expect(recordBackLink('not a url', host, ['therapist']).href).toBe('/caseload');
  });
});
