/**
 * The urgent-help wording, the same as content/pages/urgent-help.md (a unit test checks every
 * sentence is still there), kept as data so the referral can show it in the middle of the form
 * without the "refer yourself" link at the end of that page.
 */
export interface UrgentHelpLink {
  text: string;
  href: string;
}

/** A line: plain text, with an optional link and bold name inside it. */
export interface UrgentHelpLine {
  before?: string;
  strong?: string;
  link?: UrgentHelpLink;
  after?: string;
}

export interface UrgentHelpSection {
  heading: string;
  intro?: UrgentHelpLine;
  bullets?: UrgentHelpLine[];
}

export const URGENT_HELP_SECTIONS: readonly UrgentHelpSection[] = [
  {
    heading: 'If your life is at risk right now',
    intro: { before: 'If your life is at risk right now, or you have seriously harmed yourself:' },
    bullets: [
      { before: 'call ', link: { text: '999', href: 'tel:999' } },
      { before: 'or go to A&E' },
    ],
  },
  {
    heading: 'If you need urgent help for your mental health',
    intro: {
      before: 'Call ',
      link: { text: 'NHS 111', href: 'tel:111' },
      after: ' and choose the mental health option (option 2).',
    },
  },
  {
    heading: 'If you want to talk to someone',
    bullets: [
      {
        strong: 'Samaritans',
        before: ' – call ',
        link: { text: '116 123', href: 'tel:116123' },
        after: '. It is free, any time, day or night.',
      },
      {
        strong: 'Shout',
        before: ' – text SHOUT to ',
        // The keyword filled in for them (the `?&` form works on both iPhone and Android).
        link: { text: '85258', href: 'sms:85258?&body=SHOUT' },
        after: '. It is free.',
      },
    ],
  },
];

export const URGENT_HELP_FOOTNOTES: readonly string[] = [
  'This service cannot respond to emergencies.',
  'You can also contact your GP.',
];

/** A line as plain text (for tests and for checking against the content file). */
export function lineText(line: UrgentHelpLine): string {
  return `${line.strong ?? ''}${line.before ?? ''}${line.link?.text ?? ''}${line.after ?? ''}`;
}
