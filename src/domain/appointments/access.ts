/**
 * Step-free access (hazard H30): someone who told us they need it must not be sent, unwarned, to a
 * place or room up steps. The need is the self-referral's access-need code.
 */
export const STEP_FREE_NEED = 'step_free_access';

/**
 * Accessible Information Standard needs, as the self-referral offers them and the patient record
 * keeps them. Codes are stored, so they are stable.
 */
export const ACCESS_NEEDS = [
  { code: 'large_print', label: 'Large print' },
  { code: 'easy_read', label: 'Easy read' },
  { code: 'bsl_interpreter', label: 'British Sign Language (BSL) interpreter' },
  { code: 'braille', label: 'Braille' },
  { code: 'hearing_loop', label: 'Hearing loop' },
  { code: STEP_FREE_NEED, label: 'Step-free access' },
  { code: 'other', label: 'Something else' },
] as const;

/**
 * The needs in words ("Large print, Step-free access"); an unknown code is shown as it is.
 * `other`: what "Something else" is, in the person's words, shown after it ("Something else: …").
 */
export function accessNeedsInWords(codes: readonly string[], other?: string | null): string {
  return codes
    .map((code) => {
      const label = ACCESS_NEEDS.find((n) => n.code === code)?.label ?? code;
      return code === 'other' && other?.trim() ? `${label}: ${other.trim()}` : label;
    })
    .join(', ');
}

export function needsStepFree(needCodes: readonly string[]): boolean {
  return needCodes.includes(STEP_FREE_NEED);
}

/**
 * Whether a place falls short of a step-free need: the person needs it and the place (or the room
 * in it, when one is chosen) has none. A place without step-free access is fine for anyone else.
 */
export function lacksNeededStepFree(
  needCodes: readonly string[],
  place: { stepFreeAccess: boolean },
  room?: { stepFreeAccess: boolean } | null,
): boolean {
  if (!needsStepFree(needCodes)) return false;
  return !place.stepFreeAccess || room?.stepFreeAccess === false;
}
