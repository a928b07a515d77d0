/**
 * The patient's notebook (issue 11, ADR 0024): parsers for their folders and notes, the search
 * rule shared by the database query and the shared items, and how the items are grouped.
 */
import { checkText, type FieldError, type FormResult } from '../result';

export const FOLDER_NAME_MAX = 60;
export const NOTE_TITLE_MAX = 120;
export const NOTE_BODY_MAX = 10_000;
/** Words in one search, and the longest word: enough for a person, bounded for the database. */
export const SEARCH_MAX_TERMS = 8;
export const SEARCH_TERM_MAX = 50;

export interface FolderInput {
  readonly name: string;
}

export function parseFolderName(input: { name: string }): FormResult<FolderInput> {
  const errors: FieldError[] = [];
  const name = checkText(errors, 'name', input.name.replace(/\s+/g, ' ').trim(), {
    label: 'The folder name',
    max: FOLDER_NAME_MAX,
    required: 'Enter a name for the folder',
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { name } };
}

export interface NoteInput {
  readonly title: string;
  readonly body: string;
}

export function parseNote(input: { title: string; body: string }): FormResult<NoteInput> {
  const errors: FieldError[] = [];
  const title = checkText(errors, 'title', input.title.replace(/\s+/g, ' ').trim(), {
    label: 'The title',
    max: NOTE_TITLE_MAX,
    required: 'Give your note a title',
  });
  const body = checkText(errors, 'body', input.body.trim(), {
    label: 'Your note',
    max: NOTE_BODY_MAX,
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { title, body } };
}

/**
 * The words of a search, lower-cased and without repeats. Every word must appear (in the title
 * or the text) for an item to match, so adding a word narrows the results.
 */
export function searchTerms(query: string): string[] {
  const words = query
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.slice(0, SEARCH_TERM_MAX))
    .filter((w) => w !== '');
  return [...new Set(words)].slice(0, SEARCH_MAX_TERMS);
}

/** Does every term appear in one of these texts (ignoring case)? No terms match everything. */
export function matchesAll(terms: readonly string[], texts: readonly string[]): boolean {
  const haystack = texts.join('\n').toLowerCase();
  return terms.every((t) => haystack.includes(t));
}

/** A term as an ILIKE pattern that matches it anywhere, its wildcards taken literally. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The kinds of shared item, in the order the notebook shows them, with plain headings. */
export const SHARED_KINDS = [
  { kind: 'staying_well', heading: 'Your staying-well plan' },
  { kind: 'formulation', heading: 'What you are working on' },
  { kind: 'aims', heading: 'Your treatment aims' },
  { kind: 'summary', heading: 'Session summaries' },
  { kind: 'task', heading: 'Tasks between sessions' },
  { kind: 'inventory', heading: 'The people in your life' },
  { kind: 'timeline', heading: 'Your timeline' },
  { kind: 'letter', heading: 'Letters' },
] as const;

export interface Dated {
  readonly kind: string;
  readonly date: Date;
}

export interface Group<T> {
  kind: string;
  heading: string;
  items: T[];
}

/**
 * Items grouped by kind, in the notebook's order (kinds it does not know yet come last, under
 * "Other"), newest first within each group; empty groups are left out.
 */
export function groupByKind<T extends Dated>(items: readonly T[]): Group<T>[] {
  const known = new Map<string, string>(SHARED_KINDS.map((k) => [k.kind, k.heading]));
  const order: string[] = SHARED_KINDS.map((k) => k.kind);
  for (const item of items) {
    const kind = kindKey(item.kind);
    if (!order.includes(kind)) order.push(kind);
  }
  return order
    .map((kind) => ({
      kind,
      heading: known.get(kind) ?? 'Other things from your therapy',
      items: items
        .filter((i) => kindKey(i.kind) === kind)
        .sort((a, b) => b.date.getTime() - a.date.getTime()),
    }))
    .filter((g) => g.items.length > 0);
}

/** Features name kinds in their own style ("staying-well", "staying_well_plan"): one key. */
export function kindKey(kind: string): string {
  return kind
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/_plan$/, '');
}
