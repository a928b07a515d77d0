/**
 * Step-free access (hazard H30): someone who told us they need it must not be sent, unwarned, to a
 * place or room up steps. The need is the self-referral's access-need code.
 */
export const STEP_FREE_NEED = 'step_free_access';

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
