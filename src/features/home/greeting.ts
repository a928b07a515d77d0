/**
 * The one rule for the name a home page greets someone by: their first name. A patient's comes
 * from their record (given name); anyone else's is the first word of their display name, leaving
 * out a title ("Dr Priya Shah" is greeted as "Priya").
 */
const TITLES = new Set(['dr', 'mr', 'mrs', 'ms', 'miss', 'mx', 'prof', 'professor']);

export function greetingName(displayName: string, givenName?: string | null): string {
  const given = givenName?.trim();
  if (given) return given.split(/\s+/)[0] ?? given;
  const words = displayName.trim().split(/\s+/).filter(Boolean);
  const first = words.find((w) => !TITLES.has(w.replace(/\.$/, '').toLowerCase()));
  return first ?? words[0] ?? displayName;
}
