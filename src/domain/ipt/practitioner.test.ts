import { describe, expect, it } from 'vitest';
import {
  ACCREDITATION_BODIES,
  IPT_PRACTITIONER_MESSAGES,
  canDeliverIpt,
  hasRecognisedAccreditation,
  isAccreditationBody,
} from './practitioner';

const qualified = { iptTrained: true, accreditation: 'BACP', trainee: false, supervisorId: null };
const trainee = {
  iptTrained: false,
  accreditation: 'HCPC',
  trainee: true,
  supervisorId: 'sup-1',
  supervisorCanSupervise: true,
};

describe('canDeliverIpt', () => {
  it.each(ACCREDITATION_BODIES)(
    'a trained practitioner accredited with %s may deliver IPT',
    (body) => {
      expect(canDeliverIpt({ ...qualified, accreditation: body })).toEqual({
        ok: true,
        route: 'qualified',
      });
    },
  );

  it('a trainee with a supervisor may deliver IPT', () => {
    expect(canDeliverIpt(trainee)).toEqual({ ok: true, route: 'supervised-trainee' });
  });

  it('a trainee without a supervisor may not', () => {
    for (const supervisorId of [null, undefined, '', '  ']) {
      expect(canDeliverIpt({ ...trainee, supervisorId })).toEqual({
        ok: false,
        issues: [
          {
            reason: 'trainee-without-supervisor',
            message: 'Add an IPT supervisor for this trainee before they deliver IPT',
          },
        ],
      });
    }
  });

  it('a trainee whose supervisor can no longer supervise may not (left, or stepped down)', () => {
    for (const supervisorCanSupervise of [false, undefined]) {
      expect(canDeliverIpt({ ...trainee, supervisorCanSupervise })).toEqual({
        ok: false,
        issues: [
          {
            reason: 'supervisor-cannot-supervise',
            message: IPT_PRACTITIONER_MESSAGES['supervisor-cannot-supervise'],
          },
        ],
      });
    }
    // Also marked as trained: a trainee still needs a supervisor who can supervise.
    expect(
      canDeliverIpt({ ...trainee, iptTrained: true, supervisorCanSupervise: false }),
    ).toMatchObject({ ok: false, issues: [{ reason: 'supervisor-cannot-supervise' }] });
  });

  it('a qualified practitioner does not depend on a supervisor’s standing', () => {
    expect(
      canDeliverIpt({ ...qualified, supervisorId: 'sup-1', supervisorCanSupervise: false }),
    ).toEqual({ ok: true, route: 'qualified' });
  });

  it('a trainee needs a supervisor even if also marked as trained', () => {
    expect(canDeliverIpt({ ...trainee, iptTrained: true, supervisorId: null })).toMatchObject({
      ok: false,
      issues: [{ reason: 'trainee-without-supervisor' }],
    });
  });

  it('someone neither trained nor a trainee may not', () => {
    expect(canDeliverIpt({ ...qualified, iptTrained: false })).toEqual({
      ok: false,
      issues: [
        { reason: 'not-ipt-trained', message: IPT_PRACTITIONER_MESSAGES['not-ipt-trained'] },
      ],
    });
  });

  it('everyone needs a recognised accreditation body', () => {
    for (const accreditation of [null, undefined, '', 'NMC', 'BPS', []]) {
      expect(canDeliverIpt({ ...qualified, accreditation })).toMatchObject({
        ok: false,
        issues: [{ reason: 'no-recognised-accreditation' }],
      });
      expect(canDeliverIpt({ ...trainee, accreditation })).toMatchObject({
        ok: false,
        issues: [{ reason: 'no-recognised-accreditation' }],
      });
    }
  });

  it('lists every problem at once', () => {
    const result = canDeliverIpt({ iptTrained: false, accreditation: null, trainee: true });
    expect(result).toMatchObject({
      ok: false,
      issues: [{ reason: 'no-recognised-accreditation' }, { reason: 'trainee-without-supervisor' }],
    });
  });

  it('accepts any case, spacing, and a list of bodies', () => {
    expect(canDeliverIpt({ ...qualified, accreditation: ' ukcp ' }).ok).toBe(true);
    expect(canDeliverIpt({ ...qualified, accreditation: ['NMC', 'BABCP'] }).ok).toBe(true);
  });
});

describe('accreditation bodies', () => {
  it('are HCPC, BACP, UKCP and BABCP', () => {
    expect([...ACCREDITATION_BODIES]).toEqual(['HCPC', 'BACP', 'UKCP', 'BABCP']);
    expect(isAccreditationBody('BABCP')).toBe(true);
    expect(isAccreditationBody('babcp')).toBe(false);
    expect(hasRecognisedAccreditation('babcp')).toBe(true);
    expect(hasRecognisedAccreditation(['BPS'])).toBe(false);
  });
});
