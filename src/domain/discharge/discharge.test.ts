import { describe, expect, it } from 'vitest';
import {
  dischargerRole,
  dischargeOnwardProblem,
  dischargeRiskProblem,
  isDischargeReason,
  parsePeq,
  peqMonth,
  summarisePeq,
} from './discharge';

describe('discharge reasons', () => {
  it('knows the five reasons and nothing else', () => {
    expect(isDischargeReason('completed')).toBe(true);
    expect(isDischargeReason('referred_on')).toBe(true);
    expect(isDischargeReason('lost')).toBe(false);
  });
});

describe('discharge with risk alerts open (H19)', () => {
  it('is allowed with none open, refused with one or more, saying how many', () => {
    expect(dischargeRiskProblem(0)).toBeNull();
    expect(dischargeRiskProblem(1)).toMatch(/^There is an open risk alert for this patient/);
    expect(dischargeRiskProblem(3)).toMatch(/^There are 3 open risk alerts for this patient/);
  });
});

describe('the PEQ', () => {
  it('takes answers 0–4 and leaves out the rest', () => {
    expect(parsePeq({ listened: '4', help: '0', involved: '9', confidence: 'x' })).toEqual({
      ok: true,
      value: { listened: 4, help: 0 },
    });
    expect(parsePeq({}).ok).toBe(false);
  });

  it('files a response under its month only', () => {
    expect(peqMonth(new Date('2026-11-25T10:17:03Z'))).toBe('2026-11');
  });

  it('shows totals only, and nothing under five responses', () => {
    const rows = [{ listened: 4 }, { listened: 4 }, { listened: 3 }, { help: 1 }];
    expect(summarisePeq(rows)).toBeNull();
    const summary = summarisePeq([...rows, { listened: 0 }]);
    expect(summary?.responses).toBe(5);
    expect(summary?.counts.listened).toEqual([1, 0, 0, 1, 2]);
    expect(summary?.counts.help).toEqual([0, 1, 0, 0, 0]);
  });
});

describe('dischargeOnwardProblem (H27)', () => {
  const base = { hasReferral: true, alertsSinceReferral: 0 };
  it('asks nothing of the other reasons', () => {
    expect(dischargeOnwardProblem({ ...base, reason: 'completed', onward: null })).toBeNull();
  });
  it('needs the onward referral itself, and a referral to record it on', () => {
    expect(dischargeOnwardProblem({ ...base, reason: 'referred_on', onward: null })).toEqual({
      field: 'reason',
      message: 'Enter where they are referred on to',
    });
    expect(
      dischargeOnwardProblem({
        ...base,
        hasReferral: false,
        reason: 'referred_on',
        onward: { urgency: 'soon' },
      })?.message,
    ).toMatch(/no referral/);
  });
  it('refuses routine after a risk alert during the course, and allows it otherwise', () => {
    expect(
      dischargeOnwardProblem({ ...base, reason: 'referred_on', onward: { urgency: 'routine' } }),
    ).toBeNull();
    const refused = dischargeOnwardProblem({
      ...base,
      alertsSinceReferral: 2,
      reason: 'referred_on',
      onward: { urgency: 'routine' },
    });
    expect(refused?.field).toBe('urgency');
    expect(refused?.message).toMatch(/cannot be routine/);
    expect(
      dischargeOnwardProblem({
        ...base,
        alertsSinceReferral: 2,
        reason: 'referred_on',
        onward: { urgency: 'urgent' },
      }),
    ).toBeNull();
  });
});

describe('dischargerRole: who signs the discharge letters (walk 13)', () => {
  const care = { therapistId: 'trainee', responsibleClinicianId: 'trainee' };
  const actor = (userId: string, roles: string[], supervisees: string[] = []) => ({
    userId,
    roles,
    supervisees,
  });

  it('is nobody else when the course’s therapist discharges', () => {
    expect(dischargerRole(actor('trainee', ['therapist']), care)).toBeNull();
  });

  it('names the supervisor of the therapist, even one who is a therapist and manager too', () => {
    expect(dischargerRole(actor('sup', ['supervisor'], ['trainee']), care)).toBe('supervisor');
    expect(
      dischargerRole(
        actor('sup', ['therapist', 'supervisor', 'service_manager'], ['trainee']),
        care,
      ),
    ).toBe('supervisor');
  });

  it('names a service manager who does not supervise the therapist', () => {
    expect(dischargerRole(actor('m', ['service_manager']), care)).toBe('service_manager');
    expect(dischargerRole(actor('m', ['service_manager', 'supervisor'], ['other']), care)).toBe(
      'service_manager',
    );
  });

  it('names a responsible therapist who is not the course’s therapist as a therapist', () => {
    expect(
      dischargerRole(actor('rc', ['therapist']), {
        therapistId: 'trainee',
        responsibleClinicianId: 'rc',
      }),
    ).toBe('therapist');
  });
});
