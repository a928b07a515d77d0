/**
 * FHIR search parameters (https://hl7.org/fhir/R4/search.html), the subset integrations use:
 * `patient`, `identifier`, `date`, `status`, `_id`, `_lastUpdated`, `_count` and `_offset` (our
 * paging cursor). Pure: parses the query into typed filters, or says which parameter is wrong;
 * an unknown parameter is refused rather than ignored, so a caller never gets a wider result
 * than it asked for.
 */

export const DEFAULT_COUNT = 50;
export const MAX_COUNT = 200;

export type Comparator = 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le';

/** A date filter as an instant range: `from` inclusive, `to` exclusive (either may be open). */
export interface DateRange {
  from?: Date;
  to?: Date;
}

export interface SearchQuery {
  ids?: string[];
  patient?: string;
  identifier?: { system?: string; value: string };
  date: DateRange[];
  lastUpdated: DateRange[];
  status?: string[];
  count: number;
  offset: number;
}

export type SearchParamName =
  'patient' | 'identifier' | 'date' | 'status' | '_id' | '_lastUpdated' | '_count' | '_offset';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// FHIR dateTime precisions: year, month, day, or a full instant with zone.
const DATE_VALUE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/;

export type SearchParse = { ok: true; value: SearchQuery } | { ok: false; message: string };

/** The instants a FHIR date value covers: `2026-11` is all of November (UTC). */
export function dateValueRange(value: string): { start: Date; end: Date } | null {
  const m = DATE_VALUE.exec(value);
  if (!m) return null;
  const [, y, mo, d, hh] = m;
  const year = Number(y);
  if (hh !== undefined) {
    const at = new Date(value);
    if (Number.isNaN(at.getTime())) return null;
    // An instant given to the second covers that second.
    return { start: at, end: new Date(at.getTime() + 1000) };
  }
  if (mo === undefined)
    return { start: new Date(Date.UTC(year, 0, 1)), end: new Date(Date.UTC(year + 1, 0, 1)) };
  const month = Number(mo) - 1;
  if (month < 0 || month > 11) return null;
  if (d === undefined)
    return {
      start: new Date(Date.UTC(year, month, 1)),
      end: new Date(Date.UTC(year, month + 1, 1)),
    };
  const day = Number(d);
  const start = new Date(Date.UTC(year, month, day));
  if (start.getUTCMonth() !== month || start.getUTCDate() !== day) return null;
  return { start, end: new Date(Date.UTC(year, month, day + 1)) };
}

/** One `date=ge2026-11-01` value as a range, or null when malformed or `ne` (not supported). */
export function parseDateFilter(raw: string): DateRange | null {
  const prefix = /^(eq|ne|gt|lt|ge|le)/.exec(raw)?.[1] as Comparator | undefined;
  const range = dateValueRange(prefix ? raw.slice(2) : raw);
  if (!range) return null;
  switch (prefix ?? 'eq') {
    case 'eq':
      return { from: range.start, to: range.end };
    case 'gt':
      return { from: range.end };
    case 'ge':
      return { from: range.start };
    case 'lt':
      return { to: range.start };
    case 'le':
      return { to: range.end };
    default:
      return null;
  }
}

/** `Patient/<id>` or a bare id; ids are uuids. */
function parsePatientRef(raw: string): string | null {
  const id = raw.startsWith('Patient/') ? raw.slice('Patient/'.length) : raw;
  return UUID.test(id) ? id.toLowerCase() : null;
}

function parseIdentifier(raw: string): { system?: string; value: string } | null {
  const bar = raw.indexOf('|');
  if (bar === -1) return raw ? { value: raw } : null;
  const system = raw.slice(0, bar);
  const value = raw.slice(bar + 1);
  if (!value) return null;
  return system ? { system, value } : { value };
}

const asList = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

/**
 * Parses a resource type's search query. `allowed` names the parameters this type supports
 * beyond the common ones (`_id`, `_lastUpdated`, `_count`, `_offset`); `statuses` the FHIR
 * status codes it can hold.
 */
export function parseSearch(
  query: Record<string, string | string[] | undefined>,
  allowed: readonly SearchParamName[],
  statuses: readonly string[] = [],
): SearchParse {
  const common: SearchParamName[] = ['_id', '_lastUpdated', '_count', '_offset'];
  const result: SearchQuery = {
    date: [],
    lastUpdated: [],
    count: DEFAULT_COUNT,
    offset: 0,
  };
  for (const [name, raw] of Object.entries(query)) {
    if (raw === undefined) continue;
    // `_format=json` is the only format; anything else would be ignored silently otherwise.
    if (name === '_format') {
      if (asList(raw).every((f) => /^(json|application\/(fhir\+)?json)$/.test(f))) continue;
      return { ok: false, message: 'Only JSON is supported (_format)' };
    }
    if (!(common as string[]).includes(name) && !(allowed as string[]).includes(name))
      return { ok: false, message: `Unsupported search parameter: ${name.slice(0, 40)}` };
    const values = asList(raw);
    const single = (): string | null => (values.length === 1 ? (values[0] ?? null) : null);
    switch (name as SearchParamName) {
      case 'patient': {
        const one = single();
        const id = one === null ? null : parsePatientRef(one);
        if (!id) return { ok: false, message: 'patient must be one Patient reference' };
        result.patient = id;
        break;
      }
      case 'identifier': {
        const one = single();
        const identifier = one === null ? null : parseIdentifier(one);
        if (!identifier) return { ok: false, message: 'identifier must be [system]|value' };
        result.identifier = identifier;
        break;
      }
      case '_id': {
        const ids = values.flatMap((v) => v.split(','));
        if (ids.length > MAX_COUNT || !ids.every((id) => UUID.test(id)))
          return { ok: false, message: '_id must be resource ids' };
        result.ids = ids.map((id) => id.toLowerCase());
        break;
      }
      case 'date':
      case '_lastUpdated': {
        for (const v of values) {
          const range = parseDateFilter(v);
          if (!range)
            return { ok: false, message: `${name} must be a FHIR date with ge, le, gt, lt or eq` };
          (name === 'date' ? result.date : result.lastUpdated).push(range);
        }
        break;
      }
      case 'status': {
        const codes = values.flatMap((v) => v.split(','));
        if (!codes.every((c) => statuses.includes(c)))
          return { ok: false, message: `status must be one of: ${statuses.join(', ')}` };
        result.status = codes;
        break;
      }
      case '_count':
      case '_offset': {
        const one = single();
        if (one === null || !/^\d{1,6}$/.test(one))
          return { ok: false, message: `${name} must be a whole number` };
        const n = Number(one);
        // `_count=0` asks for the total only (a Bundle with no entries), as FHIR says.
        if (name === '_count') result.count = Math.min(n, MAX_COUNT);
        else result.offset = n;
        break;
      }
    }
  }
  return { ok: true, value: result };
}

/**
 * The query of a read or of `$everything`, which take no filters: only `_format` (JSON). Any
 * other parameter (`_type`, `_since`, `start`, `_elements`, …) is refused, not ignored, so a caller
 * asking for less never silently receives the whole record.
 */
export function parseNoFilters(
  query: Record<string, string | string[] | undefined>,
  operation: string,
): { ok: true } | { ok: false; message: string } {
  for (const [name, raw] of Object.entries(query)) {
    if (raw === undefined) continue;
    if (name === '_format') {
      if (asList(raw).every((f) => /^(json|application\/(fhir\+)?json)$/.test(f))) continue;
      return { ok: false, message: 'Only JSON is supported (_format)' };
    }
    return { ok: false, message: `Unsupported parameter for ${operation}: ${name.slice(0, 40)}` };
  }
  return { ok: true };
}

/** The query string for another page of the same search, keeping every filter as it was sent. */
export function pageQuery(
  query: Record<string, string | string[] | undefined>,
  offset: number,
  count: number,
): string {
  const params = new URLSearchParams();
  for (const [name, raw] of Object.entries(query)) {
    if (raw === undefined || name === '_offset' || name === '_count') continue;
    for (const v of asList(raw)) params.append(name, v);
  }
  params.set('_count', String(count));
  if (offset > 0) params.set('_offset', String(offset));
  return params.toString();
}
