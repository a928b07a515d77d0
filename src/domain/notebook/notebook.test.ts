import { describe, expect, it } from 'vitest';
import {
  FOLDER_NAME_MAX,
  NOTE_BODY_MAX,
  SEARCH_MAX_TERMS,
  containsPattern,
  groupByKind,
  kindKey,
  matchesAll,
  parseFolderName,
  parseNote,
  searchTerms,
} from '.';

describe('folder names', () => {
  it('are trimmed, with inner spaces collapsed', () => {
    expect(parseFolderName({ name: '  Work   things ' })).toEqual({
      ok: true,
      value: { name: 'Work things' },
    });
  });
  it('must be given, and not too long', () => {
    expect(parseFolderName({ name: '   ' })).toEqual({
      ok: false,
      errors: [{ field: 'name', message: 'Enter a name for the folder' }],
    });
    const long = parseFolderName({ name: 'x'.repeat(FOLDER_NAME_MAX + 1) });
    expect(long.ok).toBe(false);
    expect(parseFolderName({ name: 'x'.repeat(FOLDER_NAME_MAX) }).ok).toBe(true);
  });
});

describe('notes', () => {
  it('need a title; the text may be empty and keeps its line breaks', () => {
    expect(parseNote({ title: ' Mum ', body: 'Line one\n\nLine two\n' })).toEqual({
      ok: true,
      value: { title: 'Mum', body: 'Line one\n\nLine two' },
    });
    expect(parseNote({ title: '', body: 'text' })).toEqual({
      ok: false,
      errors: [{ field: 'title', message: 'Give your note a title' }],
    });
    expect(parseNote({ title: 'A', body: '' }).ok).toBe(true);
  });
  it('refuses text over the limit at its field', () => {
    const r = parseNote({ title: 'A', body: 'y'.repeat(NOTE_BODY_MAX + 1) });
    expect(r.ok ? [] : r.errors.map((e) => e.field)).toEqual(['body']);
  });
});

describe('search', () => {
  it('splits words, lower-cases and drops repeats and blanks', () => {
    expect(searchTerms('  Sister  sister MUM ')).toEqual(['sister', 'mum']);
    expect(searchTerms('')).toEqual([]);
    expect(searchTerms(Array.from({ length: 20 }, (_, i) => `w${i}`).join(' '))).toHaveLength(
      SEARCH_MAX_TERMS,
    );
  });
  it('matches only when every word appears somewhere', () => {
    expect(matchesAll(['sister', 'call'], ['Call my sister', ''])).toBe(true);
    expect(matchesAll(['sister', 'call'], ['My sister', 'We had a call'])).toBe(true);
    expect(matchesAll(['sister', 'brother'], ['My sister'])).toBe(false);
    expect(matchesAll([], ['anything'])).toBe(true);
  });
  it('takes SQL wildcards literally', () => {
    expect(containsPattern('50%_off\\')).toBe('%50\\%\\_off\\\\%');
    expect(containsPattern('mum')).toBe('%mum%');
  });
});

describe('grouping shared items', () => {
  const at = (day: number) => new Date(Date.UTC(2026, 10, day));
  it('groups by kind in the notebook order, newest first within each', () => {
    const groups = groupByKind([
      { kind: 'task', date: at(1), id: 't1' },
      { kind: 'summary', date: at(2), id: 's1' },
      { kind: 'task', date: at(5), id: 't2' },
      { kind: 'formulation', date: at(3), id: 'f1' },
    ]);
    expect(groups.map((g) => g.kind)).toEqual(['formulation', 'summary', 'task']);
    expect(groups[2]!.items.map((i) => i.id)).toEqual(['t2', 't1']);
    expect(groups[0]!.heading).toBe('What you are working on');
  });
  it('puts kinds it does not know last, and reads other spellings of a kind', () => {
    const groups = groupByKind([
      { kind: 'worksheet', date: at(9) },
      { kind: 'staying-well-plan', date: at(1) },
      { kind: 'letter', date: at(4) },
    ]);
    expect(groups.map((g) => g.kind)).toEqual(['staying_well', 'letter', 'worksheet']);
    expect(groups[0]!.heading).toBe('Your staying-well plan');
    expect(groups[2]!.heading).toBe('Other things from your therapy');
    expect(kindKey('Staying_Well')).toBe('staying_well');
  });
});
