import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineText, URGENT_HELP_FOOTNOTES, URGENT_HELP_SECTIONS } from './urgent-help';

/** The content page as plain text: links and bold reduced to their words. */
const page = readFileSync(
  resolve(import.meta.dirname, '../../../content/pages/urgent-help.md'),
  'utf8',
)
  .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')
  .replace(/\*\*([^*]+)\*\*/g, '$1');

describe('urgent help in the referral', () => {
  it('uses the same wording as content/pages/urgent-help.md', () => {
    for (const section of URGENT_HELP_SECTIONS) {
      expect(page).toContain(`## ${section.heading}`);
      if (section.intro) expect(page).toContain(lineText(section.intro));
      for (const b of section.bullets ?? []) expect(page).toContain(`- ${lineText(b)}`);
    }
    for (const p of URGENT_HELP_FOOTNOTES) expect(page).toContain(p);
  });
  it('covers 999 and A&E, NHS 111 option 2, Samaritans and Shout', () => {
    const all = URGENT_HELP_SECTIONS.flatMap((s) => [
      ...(s.intro ? [lineText(s.intro)] : []),
      ...(s.bullets ?? []).map(lineText),
    ]).join(' ');
    for (const needed of ['999', 'A&E', 'NHS 111', 'option 2', '116 123', '85258'])
      expect(all).toContain(needed);
  });
});
