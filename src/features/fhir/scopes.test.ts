import { describe, expect, it } from 'vitest';
import { grantScopes, scopeAllows } from './scopes';

describe('SMART scopes', () => {
  it('grants what was asked and registered; the wildcard covers each type', () => {
    expect(grantScopes('system/Patient.read system/Flag.read', ['system/Patient.read'])).toEqual([
      'system/Patient.read',
    ]);
    expect(grantScopes('system/Observation.read', ['system/*.read'])).toEqual([
      'system/Observation.read',
    ]);
    expect(grantScopes('system/*.read', ['system/*.read'])).toEqual(['system/*.read']);
  });

  it('never grants the wildcard from one type, writes, or unknown scopes', () => {
    expect(grantScopes('system/*.read', ['system/Patient.read'])).toEqual([]);
    expect(grantScopes('system/Patient.write system/Secret.read', ['system/*.read'])).toEqual([]);
    expect(grantScopes('', ['system/*.read'])).toEqual([]);
  });

  it('lets a token read a type by its own scope or the wildcard', () => {
    expect(scopeAllows(['system/Flag.read'], 'Flag')).toBe(true);
    expect(scopeAllows(['system/*.read'], 'Flag')).toBe(true);
    expect(scopeAllows(['system/Patient.read'], 'Flag')).toBe(false);
  });
});
