import { Column, is, sql, SQL, Subquery } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { connectionOf, statementName, type Db } from './client';

interface Prepared<R> {
  execute(values?: Record<string, unknown>): Promise<R>;
}

interface Preparable<R> {
  prepare(name: string): Prepared<R>;
  toSQL(): { sql: string };
}

interface DriverSession {
  client: unknown;
}

interface Decoder {
  mapFromDriverValue(value: unknown): unknown;
}

/** What drizzle keeps on a prepared select: its fields in column order, and its own mapper. */
interface SelectInternals {
  fields?: { path: string[]; field: unknown }[];
  customResultMapper?: (rows: unknown[][]) => unknown;
}

interface SqlInternals {
  decoder: Decoder;
}

function decoderOf(field: unknown): Decoder {
  if (is(field, Column)) return field;
  if (is(field, SQL)) return (field as unknown as SqlInternals).decoder;
  if (is(field, Subquery)) return (field._.sql as unknown as SqlInternals).decoder;
  return (field as { sql: SqlInternals }).sql.decoder;
}

/**
 * For a flat select (every field a top-level key), the row mapper drizzle's `mapResultRow` would
 * be, with each field's decoder found once instead of once per row and field: that search was
 * most of the mapping's cost on a caseload's 1,920 rows (issue 16). Nested selections (a table
 * under a key, left joins that null it) keep drizzle's own mapping.
 */
function flatRowMapper(fields: SelectInternals['fields']) {
  if (!fields?.every((f) => f.path.length === 1)) return undefined;
  const names = fields.map((f) => f.path[0] as string);
  const decoders = fields.map((f) => decoderOf(f.field));
  return (rows: unknown[][]) =>
    rows.map((row) => {
      const mapped: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i++) {
        const value = row[i];
        mapped[names[i] as string] =
          value === null ? null : (decoders[i] as Decoder).mapFromDriverValue(value);
      }
      return mapped;
    });
}

/**
 * A query drizzle builds once instead of on every call. Building a query's SQL from the builder's
 * tree was a sixth of a signed-in page's CPU on the embedded database (docs/adr/0031), so the
 * queries every page runs are written with `sql.placeholder`s and built at first use; each call
 * then runs the built statement on the connection the caller's `db` stands for (the request's
 * tenant transaction, a savepoint in it, or the root), through drizzle's own execute and row
 * mapping. It is named by its text, as every query in a tenant transaction is, so PostgreSQL
 * parses it once per connection, on the root's pool as well (docs/adr/0030).
 */
export function builtOnce<R>(
  build: (db: Db) => Preparable<R>,
): (db: Db, placeholders: Record<string, unknown>) => Promise<R> {
  // One per driver: a process may hold PGlite and PostgreSQL at once (tests, tools).
  const byDriver = new Map<unknown, Prepared<R>>();
  return (db, placeholders) => {
    const connection = connectionOf(db);
    const session = (connection as unknown as { session: DriverSession }).session;
    let prepared = byDriver.get(session.constructor);
    if (!prepared) {
      const query = build(connection);
      prepared = query.prepare(statementName(query.toSQL().sql));
      const internals = prepared as unknown as SelectInternals;
      internals.customResultMapper ??= flatRowMapper(internals.fields);
      // Built on the first caller's connection; it must not keep that transaction alive.
      (prepared as unknown as DriverSession).client = undefined;
      byDriver.set(session.constructor, prepared);
    }
    // drizzle's prepared query runs on `this.client`: a thin copy bound to this call's connection.
    const run = Object.create(prepared) as Prepared<R> & DriverSession;
    run.client = session.client;
    return run.execute(placeholders);
  };
}

/**
 * `column = any($name)`: a list as one array parameter of the column's type, so a statement built
 * once serves any number of values (drizzle's `inArray` writes one parameter per value).
 */
export function anyOf(column: AnyPgColumn, placeholder: string): SQL {
  return sql`${column} = any(${sql.placeholder(placeholder)}::${sql.raw(column.getSQLType())}[])`;
}
