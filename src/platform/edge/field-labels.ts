/**
 * Where a form field is on a rendered page, as a person knows it: the id of the control the NHS
 * error summary should move focus to, and the words of its label (or, for a group of radios or
 * checkboxes, of its fieldset's legend). For refusals the edge makes without knowing the form
 * (characters removed from an answer): the summary can then name the answer and go to it.
 */
import type { FieldError } from '../../domain/result';
import { removedCharactersMessage } from './text';

export interface FieldOnPage {
  /** The id of the first visible control with the field's name. */
  id: string;
  /** The label or legend text, as shown; null when the page gives the control none. */
  label: string | null;
}

const CONTROL = /<(?:input|textarea|select)\b[^>]*>/gi;

function attribute(tag: string, name: string): string | null {
  const found = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag);
  return found ? decode(found[1] ?? '') : null;
}

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (whole, code: string) => {
    const lower = code.toLowerCase();
    if (lower === 'amp') return '&';
    if (lower === 'lt') return '<';
    if (lower === 'gt') return '>';
    if (lower === 'quot') return '"';
    if (lower === 'apos') return "'";
    if (lower === 'nbsp') return ' ';
    const n = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
    return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : whole;
  });
}

/** The text of a piece of markup: tags dropped, entities decoded, spaces collapsed. */
function textOf(html: string): string {
  return decode(html.replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function labelFor(html: string, id: string): string | null {
  const found = new RegExp(
    `<label\\b[^>]*\\sfor="${escapeRegExp(id)}"[^>]*>([\\s\\S]*?)</label>`,
    'i',
  ).exec(html);
  const text = found ? textOf(found[1] ?? '') : '';
  return text === '' ? null : text;
}

/** The legend of the innermost fieldset still open at `at`. */
function legendBefore(html: string, at: number): string | null {
  const before = html.slice(0, at);
  let depth = 0;
  for (let end = before.length; end > 0;) {
    const open = before.lastIndexOf('<fieldset', end - 1);
    const close = before.lastIndexOf('</fieldset', end - 1);
    if (open === -1) return null;
    if (close > open) {
      depth += 1;
      end = close;
      continue;
    }
    if (depth > 0) {
      depth -= 1;
      end = open;
      continue;
    }
    const legend = /<legend\b[^>]*>([\s\S]*?)<\/legend>/i.exec(html.slice(open, at));
    const text = legend ? textOf(legend[1] ?? '') : '';
    return text === '' ? null : text;
  }
  return null;
}

/**
 * Each named field's control and label on the page, for the names found there; a field the page
 * does not show (a hidden input, or none) is left out.
 */
export function fieldsOnPage(html: string, names: readonly string[]): Map<string, FieldOnPage> {
  const wanted = new Set(names);
  const found = new Map<string, FieldOnPage>();
  for (const match of html.matchAll(CONTROL)) {
    const tag = match[0];
    const name = attribute(tag, 'name');
    if (name === null || !wanted.has(name) || found.has(name)) continue;
    const type = (attribute(tag, 'type') ?? '').toLowerCase();
    const id = attribute(tag, 'id');
    if (type === 'hidden' || id === null) continue;
    const grouped = type === 'radio' || type === 'checkbox';
    const label = grouped
      ? (legendBefore(html, match.index) ?? labelFor(html, id))
      : (labelFor(html, id) ?? legendBefore(html, match.index));
    found.set(name, { id, label });
  }
  return found;
}

/**
 * The errors for the answers the edge removed characters from (`unsafeFields`): each named by its
 * label or question and linked to its control as `html` (the form page) shows them. Without the
 * page, or for a field it does not show, the message says "This" and links to the field's name.
 */
export function removedCharactersErrors(removed: readonly string[], html?: string): FieldError[] {
  const onPage = html === undefined ? new Map<string, FieldOnPage>() : fieldsOnPage(html, removed);
  return removed.map((field) => {
    const found = onPage.get(field);
    return {
      field,
      message: removedCharactersMessage(found?.label ?? null),
      ...(found && found.id !== field ? { href: found.id } : {}),
    };
  });
}
