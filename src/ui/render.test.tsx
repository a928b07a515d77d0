import { describe, expect, it } from 'vitest';
import { navFor } from './render';

const hrefs = (roles: Parameters<typeof navFor>[0]) => navFor(roles).map((i) => i.href);

describe('navFor', () => {
  it('gives moderators and community members the way to the community', () => {
    expect(hrefs(['moderator'])).toEqual(['/home', '/community', '/urgent-help']);
    expect(hrefs(['community_member'])).toEqual(['/home', '/community', '/urgent-help']);
    expect(navFor(['moderator']).find((i) => i.href === '/community')?.text).toBe('Community');
  });
  it('keeps it off the navigation of staff and patients who are not in the community', () => {
    expect(hrefs(['therapist'])).not.toContain('/community');
    expect(hrefs(['patient'])).not.toContain('/community');
    expect(hrefs(undefined)).not.toContain('/community');
  });
});
