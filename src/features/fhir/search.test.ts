import { describe, expect, it } from 'vitest';
import { dateValueRange, pageQuery, parseDateFilter, parseNoFilters, parseSearch } from './search';

const iso = (d: Date | undefined) => d?.toISOString();

describe('FHIR date values', () => {
  it('covers the whole year, month or day given', () => {
    const month = dateValueRange('2026-11');
    expect(iso(month?.start)).toBe('2026-11-01T00:00:00.000Z');
    expect(iso(month?.end)).toBe('2026-12-01T00:00:00.000Z');
    expect(iso(dateValueRange('2026')?.end)).toBe('2027-01-01T00:00:00.000Z');
    expect(iso(dateValueRange('2026-02-28')?.end)).toBe('2026-03-01T00:00:00.000Z');
    expect(iso(dateValueRange('2026-11-25T10:00:00+01:00')?.start)).toBe(
      '2026-11-25T09:00:00.000Z',
    );
  });

  it('refuses impossible or malformed dates', () => {
    for (const bad of ['2026-02-30', '2026-13', '26-11-25', 'yesterday', '2026-11-25T10:00', ''])
      expect(dateValueRange(bad), bad).toBeNull();
  });

  it('turns prefixes into ranges (ge, gt, le, lt, eq) and refuses ne', () => {
    expect(iso(parseDateFilter('ge2026-11-25')?.from)).toBe('2026-11-25T00:00:00.000Z');
    expect(iso(parseDateFilter('gt2026-11-25')?.from)).toBe('2026-11-26T00:00:00.000Z');
    expect(iso(parseDateFilter('lt2026-11-25')?.to)).toBe('2026-11-25T00:00:00.000Z');
    expect(iso(parseDateFilter('le2026-11-25')?.to)).toBe('2026-11-26T00:00:00.000Z');
    const eq = parseDateFilter('2026-11-25');
    expect([iso(eq?.from), iso(eq?.to)]).toEqual([
      '2026-11-25T00:00:00.000Z',
      '2026-11-26T00:00:00.000Z',
    ]);
    expect(parseDateFilter('ne2026-11-25')).toBeNull();
  });
});

describe('parsing a search', () => {
  const id = '6f1c2a3b-1d2e-4f50-8a6b-7c8d9e0f1a2b';

  it('reads the supported parameters', () => {
    const r = parseSearch(
      {
        patient: `Patient/${id}`,
        status: 'booked,noshow',
        date: ['ge2026-11-01', 'lt2026-12-01'],
        _count: '10',
        _offset: '20',
      },
      ['patient', 'status', 'date'],
      ['booked', 'noshow', 'fulfilled'],
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      patient: id,
      status: ['booked', 'noshow'],
      count: 10,
      offset: 20,
    });
    expect(r.value.date).toHaveLength(2);
  });

  it('refuses a parameter the type does not support, rather than ignoring it', () => {
    expect(parseSearch({ name: 'Taylor' }, ['identifier']).ok).toBe(false);
    expect(parseSearch({ patient: id }, ['identifier']).ok).toBe(false);
  });

  it('refuses unknown statuses, bad references and bad numbers', () => {
    expect(parseSearch({ status: 'lost' }, ['status'], ['booked']).ok).toBe(false);
    expect(parseSearch({ patient: 'Patient/123' }, ['patient']).ok).toBe(false);
    expect(parseSearch({ patient: [id, id] }, ['patient']).ok).toBe(false);
    expect(parseSearch({ _count: '-1' }, []).ok).toBe(false);
    expect(parseSearch({ _format: 'xml' }, []).ok).toBe(false);
  });

  it('bounds the page size to 0–200 (0: the total only), defaulting to 50', () => {
    const size = (v?: string) => {
      const r = parseSearch(v === undefined ? {} : { _count: v }, []);
      return r.ok ? r.value.count : null;
    };
    expect([size(), size('0'), size('500'), size('7')]).toEqual([50, 0, 200, 7]);
  });

  it('reads identifier as [system]|value', () => {
    const r = parseSearch({ identifier: 'https://fhir.nhs.uk/Id/nhs-number|9434765919' }, [
      'identifier',
    ]);
    expect(r.ok && r.value.identifier).toEqual({
      system: 'https://fhir.nhs.uk/Id/nhs-number',
      value: '9434765919',
    });
    const bare = parseSearch({ identifier: '9434765919' }, ['identifier']);
    expect(bare.ok && bare.value.identifier).toEqual({ value: '9434765919' });
    expect(parseSearch({ identifier: 'system|' }, ['identifier']).ok).toBe(false);
  });
});

describe('paging links', () => {
  it('keep every filter, set the page size and move the offset', () => {
    const q = pageQuery(
      { patient: 'p', date: ['ge2026', 'lt2027'], _offset: '5', _count: '5' },
      10,
      5,
    );
    const params = new URLSearchParams(q);
    expect(params.getAll('date')).toEqual(['ge2026', 'lt2027']);
    expect(params.get('_offset')).toBe('10');
    expect(params.get('_count')).toBe('5');
    expect(new URLSearchParams(pageQuery({ patient: 'p' }, 0, 5)).has('_offset')).toBe(false);
  });
});

describe('reads and $everything take no filters', () => {
  it('refuses any parameter but _format=json, rather than ignoring it', () => {
    expect(parseNoFilters({}, '$everything')).toEqual({ ok: true });
    expect(parseNoFilters({ _format: 'json' }, '$everything')).toEqual({ ok: true });
    for (const name of ['_type', '_since', 'start', 'end', '_count', '_elements', '_summary'])
      expect(parseNoFilters({ [name]: 'x' }, '$everything'), name).toEqual({
        ok: false,
        message: `Unsupported parameter for $everything: ${name}`,
      });
    expect(parseNoFilters({ _format: 'xml' }, 'a read').ok).toBe(false);
  });
});
