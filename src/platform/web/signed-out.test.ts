import { describe, expect, it } from 'vitest';
import {
  formPageAfterSignIn,
  KEPT_ANSWERS_MAX,
  KEPT_TOTAL_MAX,
  keptAnswers,
  readableFieldName,
  signInAgainHref,
} from './signed-out';

describe('keptAnswers', () => {
  it('keeps the free text, in order, with readable names', () => {
    expect(
      keptAnswers({
        title: 'A hard week',
        whatHelped: 'Walking with Sam',
        session_notes: ['First part of it', 'Second part'],
      }).answers,
    ).toEqual([
      { label: 'Title', text: 'A hard week' },
      { label: 'What helped', text: 'Walking with Sam' },
      { label: 'Session notes', text: 'First part of it' },
      { label: 'Session notes', text: 'Second part' },
    ]);
  });

  it('never shows secrets, the form’s own fields, ids or where to go next', () => {
    const body = {
      _csrf: 'Abc-token With Spaces',
      _once: 'Some Key Value',
      password: 'Correct horse battery',
      newPassword: 'Another Secret One',
      confirm: 'Correct horse battery',
      token: 'Long Token Value',
      code: '123 456',
      credential: '{"id": "x y"}',
      next: '/home?x=A B',
      patientId: 'Not Really An Id',
      ids: 'Also Not An Id',
      appointment_id: 'Free Text Here',
    };
    expect(keptAnswers(body)).toEqual({ answers: [], cut: false });
  });

  it('leaves out what a page put there rather than what a person typed', () => {
    const body = {
      folder: 'none',
      mode: 'in_person',
      when: '2026-11-30',
      at: '10:30',
      score: '17',
      other: '3f2b6c1e-8a4d-4b7e-9c1a-2d3e4f5a6b7c',
      short: 'ok',
      blank: '     ',
      note: 'tired',
    };
    expect(keptAnswers(body).answers).toEqual([]);
    expect(keptAnswers({ note: 'Tired' }).answers).toEqual([{ label: 'Note', text: 'Tired' }]);
  });

  it('answers nothing for a body that is not a form', () => {
    for (const body of [undefined, null, 'title=hello', ['a long value'], 42])
      expect(keptAnswers(body)).toEqual({ answers: [], cut: false });
  });

  it('drops characters that cannot be shown, and keeps the text otherwise as sent', () => {
    expect(keptAnswers({ body: 'Line one\u0000\nLine <two>' }).answers).toEqual([
      { label: 'Body', text: 'Line one\nLine <two>' },
    ]);
  });

  it('caps the total shown, and says when it did', () => {
    const long = 'x '.repeat(KEPT_TOTAL_MAX);
    const kept = keptAnswers({ body: long, after: 'Never reached' });
    expect(kept.cut).toBe(true);
    expect(kept.answers).toHaveLength(1);
    expect(kept.answers[0]?.text).toHaveLength(KEPT_TOTAL_MAX);

    const many = Object.fromEntries(
      Array.from({ length: KEPT_ANSWERS_MAX + 3 }, (_, i) => [`field${String(i)}`, 'Some text']),
    );
    const capped = keptAnswers(many);
    expect(capped.answers).toHaveLength(KEPT_ANSWERS_MAX);
    expect(capped.cut).toBe(true);
    expect(keptAnswers({ body: 'Short and whole' }).cut).toBe(false);
  });
});

describe('readableFieldName', () => {
  it('turns a field name into words', () => {
    expect(readableFieldName('howItWent')).toBe('How it went');
    expect(readableFieldName('answers[]')).toBe('Answers');
    expect(readableFieldName('q-1_text')).toBe('Q 1 text');
    expect(readableFieldName('__')).toBe('Your answer');
  });
});

describe('formPageAfterSignIn', () => {
  const request = (url: string, referer?: string) => ({
    url,
    host: 'rapport.example',
    headers: referer === undefined ? {} : { referer },
  });

  it('goes back to the page the form was on, when it was this site', () => {
    expect(
      formPageAfterSignIn(
        request('/messages/1/reply', 'https://rapport.example/messages/1?tab=all#end'),
      ),
    ).toBe('/messages/1?tab=all');
  });

  it('else to the address the form was sent to', () => {
    expect(formPageAfterSignIn(request('/notebook/notes/new?folder=x'))).toBe(
      '/notebook/notes/new?folder=x',
    );
    expect(
      formPageAfterSignIn(request('/notebook/notes/new', 'https://evil.example/notebook')),
    ).toBe('/notebook/notes/new');
    expect(formPageAfterSignIn(request('/notebook/notes/new', 'not a url'))).toBe(
      '/notebook/notes/new',
    );
  });

  it('checks the address as the sign-in checks next', () => {
    expect(formPageAfterSignIn(request('//evil.example/x'))).toBe('/home');
    expect(formPageAfterSignIn(request('/%2F/evil.example'))).toBe('/home');
    expect(
      formPageAfterSignIn(request('/tasks/1', 'https://rapport.example//evil.example/x')),
    ).toBe('/tasks/1');
  });

  it('makes the sign-in link', () => {
    expect(signInAgainHref(request('/notebook/notes/new?folder=x'))).toBe(
      '/sign-in?next=%2Fnotebook%2Fnotes%2Fnew%3Ffolder%3Dx',
    );
  });
});
