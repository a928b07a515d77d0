/** The outcome of checking something a person typed: a clean value, or why it was refused. */
export type Validation<T, Reason extends string> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: Reason; readonly message: string };
