/**
 * A person on our books must keep at least one way for us to reach them quickly: a phone number
 * or an email address (hazard H2). Without either, a clinician working a risk alert has nobody
 * to call or write to. An address and postcode alone do not count: a letter is too slow.
 */
export function canBeReached(details: { email: string | null; mobile: string | null }): boolean {
  return Boolean(details.email?.trim()) || Boolean(details.mobile?.trim());
}

/** What the contact-details forms say when both are left empty, to the person or to staff. */
export const NO_WAY_TO_REACH_MESSAGE = {
  your: 'Enter your mobile phone number or email address, so we can contact you',
  their: 'Enter their mobile phone number or email address, so we can contact them',
} as const;
