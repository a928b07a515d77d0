import { describe, expect, it } from 'vitest';
import { accessNeedsInWords, lacksNeededStepFree, needsStepFree, STEP_FREE_NEED } from './access';

describe('step-free access', () => {
  const stepFree = { stepFreeAccess: true };
  const steps = { stepFreeAccess: false };

  it('knows the need from the access-need codes', () => {
    expect(needsStepFree([STEP_FREE_NEED])).toBe(true);
    expect(needsStepFree(['bsl_interpreter'])).toBe(false);
    expect(needsStepFree([])).toBe(false);
  });

  it('flags a place or a room without step-free access for someone who needs it', () => {
    expect(lacksNeededStepFree([STEP_FREE_NEED], steps)).toBe(true);
    expect(lacksNeededStepFree([STEP_FREE_NEED], stepFree, steps)).toBe(true);
    expect(lacksNeededStepFree([STEP_FREE_NEED], stepFree, stepFree)).toBe(false);
    expect(lacksNeededStepFree([STEP_FREE_NEED], stepFree)).toBe(false);
    expect(lacksNeededStepFree([STEP_FREE_NEED], stepFree, null)).toBe(false);
  });

  it('never flags a place for someone who did not say they need step-free access', () => {
    expect(lacksNeededStepFree([], steps, steps)).toBe(false);
    expect(lacksNeededStepFree(['large_print'], steps)).toBe(false);
  });
});

describe('accessNeedsInWords', () => {
  it('names the needs, with what "Something else" is when the person said', () => {
    expect(accessNeedsInWords(['large_print', 'other'])).toBe('Large print, Something else');
    expect(accessNeedsInWords(['other', 'braille'], ' A quiet room ')).toBe(
      'Something else: A quiet room, Braille',
    );
    expect(accessNeedsInWords(['braille'], 'A quiet room')).toBe('Braille');
    expect(accessNeedsInWords(['other'], '  ')).toBe('Something else');
  });
});
