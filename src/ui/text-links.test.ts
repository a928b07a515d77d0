import { describe, expect, it } from 'vitest';
import { linkWords, textLinkParts } from './text-links';

const SITE = 'http://localhost:4900';

describe('links in a message', () => {
  it('links a full address on this service, leaving the full stop after it as text', () => {
    expect(
      textLinkParts(
        'Please tell us how it went: http://localhost:4900/feedback/abc-123. Your answers are anonymous.',
        SITE,
      ),
    ).toEqual([
      { kind: 'text', text: 'Please tell us how it went: ' },
      {
        kind: 'link',
        text: 'http://localhost:4900/feedback/abc-123',
        href: 'http://localhost:4900/feedback/abc-123',
      },
      { kind: 'text', text: '. Your answers are anonymous.' },
    ]);
  });

  it('links more than one address, and a path starting with "/"', () => {
    expect(
      textLinkParts(
        'You can read your letter here: http://localhost:4900/letters/L1/pdf\nOr see (/messages).',
        SITE,
      ),
    ).toEqual([
      { kind: 'text', text: 'You can read your letter here: ' },
      {
        kind: 'link',
        text: 'http://localhost:4900/letters/L1/pdf',
        href: 'http://localhost:4900/letters/L1/pdf',
      },
      { kind: 'text', text: '\nOr see (' },
      { kind: 'link', text: '/messages', href: '/messages' },
      { kind: 'text', text: ').' },
    ]);
  });

  it('leaves text without addresses as one text part', () => {
    expect(textLinkParts('Rate it 4/10, and/or tell us more.', SITE)).toEqual([
      { kind: 'text', text: 'Rate it 4/10, and/or tell us more.' },
    ]);
    expect(textLinkParts('', SITE)).toEqual([]);
  });

  it('does not link javascript:, other sites, or addresses made to look like this one', () => {
    for (const text of [
      'javascript:alert(1)',
      'Click javascript:alert(document.cookie) now',
      'https://evil.example/letters/1/pdf',
      'http://localhost:4900.evil.example/letters/1/pdf',
      'http://localhost:4900@evil.example/letters/1/pdf',
      'http://localhost:49000/letters/1/pdf',
      'https://localhost:4900/letters/1/pdf',
      '//evil.example/letters',
      '/\\evil.example/letters',
      'mailto:someone@example.com',
      'data:text/html,<script>alert(1)</script>',
    ])
      expect(textLinkParts(text, SITE)).toEqual([{ kind: 'text', text }]);
  });

  it('keeps within the public URL when the service runs under a path', () => {
    const site = 'https://nhs.example/rapport';
    expect(textLinkParts('See https://nhs.example/rapport/letters/1/pdf', site)[1]).toEqual({
      kind: 'link',
      text: 'https://nhs.example/rapport/letters/1/pdf',
      href: 'https://nhs.example/rapport/letters/1/pdf',
    });
    expect(textLinkParts('See https://nhs.example/other/1', site)).toEqual([
      { kind: 'text', text: 'See https://nhs.example/other/1' },
    ]);
  });
});

describe('linkWords', () => {
  it('puts words on this service’s own links, and leaves others as they are', () => {
    expect(linkWords('https://x.nhs.uk/letters/8be2/pdf')).toBe('Read your letter (PDF)');
    expect(linkWords('/feedback/5678')).toBe('Tell us how it went');
    expect(linkWords('/appointments')).toBe('Your appointments');
    expect(linkWords('/questions/abc')).toBe('Read the message');
    expect(linkWords('/something-else')).toBeNull();
  });
});
