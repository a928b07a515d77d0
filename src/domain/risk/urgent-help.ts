/**
 * clinical.md's urgent-help wording as one paragraph, for what people keep and read away from the
 * site (the staying-well plan, letters), where the help bar and the urgent-help page are not.
 */
export const URGENT_HELP_TEXT =
  'If you need help now: if your life is at risk, call 999 or go to A&E. For urgent help for your mental health, call NHS 111 and choose option 2. To talk to someone, call Samaritans free on 116 123, any time.';
