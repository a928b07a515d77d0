import {
  messages,
  parse,
  protocol,
  type PGlite,
  type QueryOptions,
  type Results,
  type Transaction,
} from '@electric-sql/pglite';

/**
 * PGlite runs every wire-protocol message as its own call into WebAssembly: a query with
 * parameters is six calls (parse, describe, bind, describe, execute, sync), BEGIN and COMMIT two
 * each, and the calls, not the SQL, were most of a signed-in page's time (docs/adr/0030). The
 * protocol lets a client send messages together and PGlite's `execProtocolStream` takes them so:
 * here a query is one call, plus one more the first time its text is seen to learn its parameter
 * types. Values are serialised by those types with PGlite's own serialisers, results parsed by its
 * own `parseResults`, and PGlite's two locks are taken as its own methods take them, so callers see
 * exactly what PGlite's `query`, `exec` and `transaction` would give them.
 */

type Mutexed = PGlite & {
  _runExclusiveQuery<T>(fn: () => Promise<T>): Promise<T>;
  _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>;
};

type BackendMessage = Awaited<ReturnType<PGlite['execProtocolStream']>>[number];

/**
 * Prepared statements kept at once. A query's text is parsed and described once and then runs by
 * name (PostgreSQL may then also keep its plan); texts built with a varying number of values
 * (`in ($1, $2…)`) would grow the set without end, so past this many the oldest are closed.
 */
const PREPARED_MAX = 500;

interface Prepared {
  name: string;
  types: number[];
}

const { serialize } = protocol;
const { DatabaseError } = messages;

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A transaction's handle, as PGlite's `transaction` gives one. */
export type BatchedTransaction = Pick<Transaction, 'query' | 'exec' | 'rollback' | 'closed'>;

export class BatchedPglite {
  readonly #pg: Mutexed;
  /** By query text (and declared parameter types), oldest first. */
  readonly #prepared = new Map<string, Prepared>();
  #nextName = 0;
  /** Statements to close, sent with the next query. */
  #closing: string[] = [];

  constructor(readonly pglite: PGlite) {
    this.#pg = pglite;
  }

  /** PGlite's `query`: waits for any transaction, then runs alone. */
  query<T>(text: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    if (options?.blob) return this.pglite.query<T>(text, params, options);
    return this.#pg._runExclusiveTransaction(() =>
      this.#pg._runExclusiveQuery(async () => {
        const result = await this.#query<T>(text, params ?? [], options);
        await this.pglite.syncToFs();
        return result;
      }),
    );
  }

  /** PGlite's `exec`: several statements, no parameters. */
  exec(text: string, options?: QueryOptions): Promise<Results[]> {
    if (options?.blob) return this.pglite.exec(text, options);
    return this.#pg._runExclusiveTransaction(() =>
      this.#pg._runExclusiveQuery(async () => {
        const results = await this.#exec(text, options);
        await this.pglite.syncToFs();
        return results;
      }),
    );
  }

  /** PGlite's `transaction`. */
  transaction<T>(callback: (tx: BatchedTransaction) => Promise<T>): Promise<T> {
    return this.transactionWith('begin', '', callback);
  }

  /**
   * A transaction opened by `begin` (BEGIN and whatever must follow it, in one call) and closed
   * by `beforeCommit` (statements queued to commit with it, or '') and COMMIT in one call.
   * `beforeCommit` may be a function: it is read once the callback has finished.
   */
  transactionWith<T>(
    begin: string,
    beforeCommit: string | (() => string),
    callback: (tx: BatchedTransaction) => Promise<T>,
  ): Promise<T> {
    return this.#pg._runExclusiveTransaction(async () => {
      await this.#locked(() => this.#exec(begin));
      const state = { closed: false };
      const open = () => {
        if (state.closed) throw new Error('Transaction is closed');
      };
      const tx: BatchedTransaction = {
        query: <R>(text: string, params?: unknown[], options?: QueryOptions) => {
          open();
          return this.#locked(() => this.#query<R>(text, params ?? [], options));
        },
        exec: (text: string, options?: QueryOptions) => {
          open();
          return this.#locked(() => this.#exec(text, options));
        },
        rollback: async () => {
          open();
          await this.#locked(() => this.#exec('rollback'));
          state.closed = true;
        },
        get closed() {
          return state.closed;
        },
      };
      try {
        const result = await callback(tx);
        if (!state.closed) {
          const prefix = typeof beforeCommit === 'function' ? beforeCommit() : beforeCommit;
          // If a queued statement fails, COMMIT never runs: the catch below rolls back.
          const answers = await this.#locked(() =>
            this.#exec(prefix ? `${prefix};\ncommit` : 'commit'),
          );
          state.closed = true;
          // An error swallowed earlier left the transaction aborted: COMMIT answered ROLLBACK.
          if (answers.at(-1)?.command === 'ROLLBACK')
            throw Object.assign(
              new DatabaseError('Transaction was rolled back instead of committed', 0, 'error'),
              { severity: 'ERROR', code: '25P02' },
            );
        }
        return result;
      } catch (err) {
        if (!state.closed) {
          state.closed = true;
          await this.#locked(() => this.#exec('rollback')).catch(() => undefined);
        }
        throw err;
      } finally {
        await this.pglite.syncToFs();
      }
    });
  }

  #locked<R>(fn: () => Promise<R>): Promise<R> {
    return this.#pg._runExclusiveQuery(fn);
  }

  async #query<T>(text: string, params: unknown[], options?: QueryOptions): Promise<Results<T>> {
    const prepared = await this.#prepare(text, params, options);
    const values = params.map((param, i) => {
      if (param === null || param === undefined) return null;
      const oid = prepared.types[i] ?? 0;
      const serializer = options?.serializers?.[oid] ?? this.pglite.serializers[oid];
      // As PGlite: a type without a serialiser takes the value's own string form.
      return serializer ? serializer(param) : (param as { toString(): string }).toString();
    });
    const run = () =>
      this.#send(
        concat([
          serialize.bind({ statement: prepared.name, values }),
          serialize.describe({ type: 'P' }),
          serialize.execute({}),
          serialize.sync(),
        ]),
        text,
        params,
        options,
      );
    let answer: BackendMessage[];
    try {
      answer = await run();
    } catch (err) {
      // A table changed shape under a kept statement (a migration): prepare it afresh, once.
      if (!isStalePlan(err)) throw err;
      this.#forget(text, options);
      return this.#query<T>(text, params, options);
    }
    return parse.parseResults(
      answer,
      this.#parsersFor(options),
      withoutParsers(options),
    )[0] as Results<T>;
  }

  async #exec(text: string, options?: QueryOptions): Promise<Results[]> {
    const answer = await this.#send(serialize.query(text), text, undefined, options);
    return parse.parseResults(answer, this.#parsersFor(options), withoutParsers(options));
  }

  /** The statement for `text`, prepared (parsed and described) on first use. */
  async #prepare(text: string, params: unknown[], options?: QueryOptions): Promise<Prepared> {
    const key = keyOf(text, options);
    const known = this.#prepared.get(key);
    if (known) return known;
    const name = `rapport_${(this.#nextName++).toString(36)}`;
    const closing = this.#closing.map((old) => serialize.close({ type: 'S', name: old }));
    this.#closing = [];
    const answer = await this.#send(
      concat([
        ...closing,
        serialize.parse({ name, text, types: options?.paramTypes }),
        serialize.describe({ type: 'S', name }),
        serialize.sync(),
      ]),
      text,
      params,
      options,
    );
    const prepared = { name, types: parse.parseDescribeStatementResults(answer) };
    if (this.#prepared.size >= PREPARED_MAX) {
      const [oldestKey, oldest] = this.#prepared.entries().next().value as [string, Prepared];
      this.#prepared.delete(oldestKey);
      this.#closing.push(oldest.name);
    }
    this.#prepared.set(key, prepared);
    return prepared;
  }

  #forget(text: string, options?: QueryOptions): void {
    const key = keyOf(text, options);
    const stale = this.#prepared.get(key);
    if (!stale) return;
    this.#prepared.delete(key);
    this.#closing.push(stale.name);
  }

  /**
   * PGlite's `parseResults` copies every default parser into a new object when a query brings its
   * own (drizzle's do, for dates): a few hundred properties per query. A prototype chain gives
   * the same lookups without the copy.
   */
  #parsersFor(options?: QueryOptions): PGlite['parsers'] {
    if (!options?.parsers) return this.pglite.parsers;
    return Object.assign(Object.create(this.pglite.parsers) as PGlite['parsers'], options.parsers);
  }

  async #send(
    message: Uint8Array,
    query: string,
    params: unknown[] | undefined,
    options: QueryOptions | undefined,
  ): Promise<BackendMessage[]> {
    try {
      return await this.pglite.execProtocolStream(message, { syncToFs: false });
    } catch (err) {
      // As PGlite reports a failed query: the error with the query that failed.
      if (err instanceof DatabaseError)
        Object.assign(err, { query, params, queryOptions: options });
      throw err;
    }
  }
}

function keyOf(text: string, options?: QueryOptions): string {
  return options?.paramTypes ? `${text}\u0000${options.paramTypes.join(',')}` : text;
}

function withoutParsers(options?: QueryOptions): QueryOptions | undefined {
  if (!options?.parsers) return options;
  const { parsers: _parsers, ...rest } = options;
  return rest;
}

/**
 * PostgreSQL's answer when a kept statement's result columns changed since it was prepared, from
 * either driver (drizzle wraps it, keeping it as the cause).
 */
export function isStalePlan(err: unknown): boolean {
  const cause = (err as { cause?: unknown } | null)?.cause ?? err;
  return (
    (cause as { code?: unknown } | null)?.code === '0A000' &&
    /cached plan must not change result type/.test((cause as Error).message)
  );
}
