/**
 * The community's name as it reads inside a sentence. The name made for a service is
 * "<service> community", a description rather than a name of its own, so it needs "the" ("Join
 * the NHS Talking Therapies community"); a name of its own ("Staying Well Together") is left as
 * it is.
 */
export function communityNameInSentence(name: string): string {
  const trimmed = name.trim();
  if (/^the\s/i.test(trimmed) || !/\bcommunity$/i.test(trimmed)) return trimmed;
  return `the ${trimmed}`;
}
