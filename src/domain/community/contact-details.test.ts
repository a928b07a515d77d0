import { describe, expect, it } from 'vitest';
import { contactDetailsIn, describeContactDetails } from './contact-details';

describe('contact details in community posts', () => {
  it.each([
    ['Call me on 07700 900123', 'phone number'],
    ['text me 07700900123 any time', 'phone number'],
    ['my number is 07700-900-123', 'phone number'],
    ['ring (0113) 496 0000 after six', 'phone number'],
    ['I am on +44 7700 900123', 'phone number'],
    ['I am on +44 (0)7700 900123', 'phone number'],
    ['ring 0044 7700 900123', 'phone number'],
    ['insta @quietfern99', 'social media account'],
    ['my snap is quietfern99', 'social media account'],
    ['find me on Instagram, I am @quiet.fern', 'social media account'],
    ['0 7 7 0 0 9 0 0 1 2 3', 'phone number'],
    ['email me at sam.smith+chat@example.co.uk', 'email address'],
    ['find me at instagram.com/samsmith', 'social media account'],
    ['https://www.facebook.com/groups/123', 'social media account'],
    ['message me on wa.me/447700900123', 'social media account'],
  ] as const)('finds %j', (text, kind) => {
    expect(contactDetailsIn(text)).toContain(kind);
  });

  it.each([
    'Samaritans are on 116 123, any time',
    'I called NHS 111 and chose option 2',
    'The HOPELINE247 number is 0800 068 4141',
    'Mind’s line is 0300 123 3393',
    'Samaritans also answer email at jo@samaritans.org',
    'I love Instagram, it cheers me up',
    'I deleted snapchat last year',
    'I was on whatsapp 2 hours last night',
    'snapchat in 2024 was worse',
    'x is 5 in the worksheet',
    'See https://www.nhs.uk/mental-health/ for more',
    'I slept 8 hours on 12.03.2026, first time in weeks',
    'It took 1,000,000 tiny steps',
    'We walked 10 000 steps',
    'I was @ the park',
    '',
  ])('does not flag %j', (text) => {
    expect(contactDetailsIn(text)).toEqual([]);
  });

  it('names every kind found, once, in a fixed order', () => {
    expect(contactDetailsIn('me@example.com or 07700 900123 or 07700 900124')).toEqual([
      'phone number',
      'email address',
    ]);
  });

  it('describes what was found in plain words', () => {
    expect(describeContactDetails(['phone number'])).toBe('a phone number');
    expect(describeContactDetails(['phone number', 'email address'])).toBe(
      'a phone number and an email address',
    );
    expect(describeContactDetails(['phone number', 'email address', 'social media account'])).toBe(
      'a phone number, an email address and a social media account',
    );
  });
});
