import { describe, expect, it } from 'vitest';
import { setupSteps } from './setup';

describe('first-run guidance', () => {
  it('lists the steps in order, none done for a new service', () => {
    const steps = setupSteps({ settingsSaved: false, activeLocations: 0, therapists: [] });
    expect(steps.map((s) => [s.title, s.done])).toEqual([
      ['Service settings', false],
      ['Locations and rooms', false],
      ['Therapists', false],
      ['Working patterns', false],
    ]);
  });
  it('ticks each step once it is done; working patterns need every therapist', () => {
    const t = (hasWorkingPattern: boolean) => ({ hasProfile: true, hasWorkingPattern });
    const some = setupSteps({
      settingsSaved: true,
      activeLocations: 1,
      therapists: [t(true), t(false)],
    });
    expect(some.map((s) => s.done)).toEqual([true, true, true, false]);
    const all = setupSteps({ settingsSaved: true, activeLocations: 2, therapists: [t(true)] });
    expect(all.every((s) => s.done)).toBe(true);
  });
});
