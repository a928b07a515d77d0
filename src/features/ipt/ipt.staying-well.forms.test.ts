import { describe, expect, it } from 'vitest';
import { EMPTY_STAYING_WELL, parseStayingWell, stayingWellValues } from './ipt.staying-well.forms';

const body = (over: Record<string, string> = {}) => ({
  ...EMPTY_STAYING_WELL,
  warningSigns: ' Sleeping badly ',
  crisisPlan: 'Call Jo',
  contact1Name: 'Jo',
  contact1How: '07700 900123',
  complete: 'yes',
  basedOn: '2',
  ...over,
});

describe('parseStayingWell', () => {
  it('gives the plan to save, trimmed, with empty contact rows left out', () => {
    const { result } = parseStayingWell(body());
    expect(result).toEqual({
      ok: true,
      value: {
        basedOn: 2,
        plan: {
          warningSigns: 'Sleeping badly',
          whatHelps: '',
          contacts: [{ name: 'Jo', how: '07700 900123' }],
          crisisPlan: 'Call Jo',
          complete: true,
        },
      },
    });
  });

  it('puts each error at its field, for the error summary', () => {
    const { result, values } = parseStayingWell(
      body({ crisisPlan: '', contact3How: 'Text', warningSigns: 'x'.repeat(2001) }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.field)).toEqual([
      'warningSigns',
      'contact3Name',
      'crisisPlan',
    ]);
    expect(values.contact3How).toBe('Text');
  });

  it('reads anything but "yes" as not ready, and a bad version as none', () => {
    const { result } = parseStayingWell(body({ complete: 'on', basedOn: '-1' }));
    expect(result.ok && result.value).toMatchObject({ basedOn: 0, plan: { complete: false } });
  });

  it('round-trips a saved plan into the form', () => {
    const values = stayingWellValues({
      version: 3,
      warningSigns: 'a',
      whatHelps: 'b',
      contacts: [{ name: 'Jo', how: 'text' }],
      crisisPlan: 'c',
      complete: true,
    });
    expect(values).toMatchObject({
      contact1Name: 'Jo',
      contact2Name: '',
      complete: 'yes',
      basedOn: '3',
    });
  });
});
