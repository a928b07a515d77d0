/**
 * The message a page shows for a code from its query string (`?done=saved`). Only the table's own
 * keys count: a plain lookup would answer `?done=__proto__` or `?done=constructor` with
 * Object.prototype's members, which a page cannot render (a 500 the fuzz found).
 */
export function messageFor<T extends Readonly<Record<string, string>>>(
  table: T,
  code: string | undefined | null,
): T[keyof T] | undefined {
  return code != null && Object.hasOwn(table, code) ? table[code as keyof T] : undefined;
}
