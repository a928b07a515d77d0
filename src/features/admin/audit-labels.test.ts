import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../platform/audit';
import {
  AUDIT_ACTION_LABELS,
  auditActionLabel,
  auditOutcomeLabel,
  auditReasonLabel,
} from './audit-labels';

describe('audit log words', () => {
  it('has plain words for every audited action', () => {
    for (const action of AUDIT_ACTIONS) {
      const label = auditActionLabel(action);
      expect(label, action).not.toBe(action);
      expect(label, action).toMatch(/^[A-Z][^._]*$/);
    }
    expect(Object.keys(AUDIT_ACTION_LABELS).sort()).toEqual([...AUDIT_ACTIONS].sort());
  });
  it('gives each action its own words, so the log never reads two actions as one', () => {
    const labels = AUDIT_ACTIONS.map((a) => AUDIT_ACTION_LABELS[a]);
    const repeated = labels.filter((l, i) => labels.indexOf(l) !== i);
    expect(repeated).toEqual([]);
  });
  it('shows outcomes in words and keeps unknown codes visible', () => {
    expect(auditOutcomeLabel('denied')).toBe('Refused');
    expect(auditActionLabel('retired.action')).toBe('retired.action');
  });
  it('gives reason codes plain words and keeps reasons written in words as they are', () => {
    expect(auditReasonLabel('not_found')).toBe('no such record');
    expect(auditReasonLabel('throttled')).toBe('too many tries');
    expect(auditReasonLabel('not_eligible')).toBe('not eligible');
    expect(auditReasonLabel('offer_ipt')).toBe('offer interpersonal therapy (IPT)');
    expect(auditReasonLabel('offer_other')).toBe('offer another treatment');
    expect(auditReasonLabel('triage')).toBe('triage');
    expect(auditReasonLabel('possible match for referral RAP-4KX9-M2QD')).toBe(
      'possible match for referral RAP-4KX9-M2QD',
    );
  });
});
