/**
 * A dependency loaded at its first use instead of at start-up. Passkeys, PDFs, QR codes and the
 * mail clients together took about half a second of `npm start` (issue 16, docs/performance.md),
 * and most requests never need them. The server calls `warmLazyModules()` once it is ready, so
 * they load in the background and the first person who needs one rarely waits for it.
 */
const everyModule: (() => Promise<unknown>)[] = [];

export function lazyModule<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  const get = () =>
    (loading ??= load().catch((err: unknown) => {
      // A failed load (a file briefly unreadable) is tried again next time, not cached.
      loading = null;
      throw err;
    }));
  everyModule.push(get);
  return get;
}

/** Loads every lazy module now; never fails (a module that cannot load fails at its use). */
export async function warmLazyModules(): Promise<void> {
  await Promise.all(everyModule.map((get) => get().catch(() => undefined)));
}
