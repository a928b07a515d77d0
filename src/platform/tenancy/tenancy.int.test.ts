import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../../db/client';
import { openTestDatabase, untypedExecute } from '../../../tests/support/test-app';
import { ensureDefaultService } from '../instance';
import type { ServiceInfo } from '../types';
import { installTenancy, ServiceResolver, withTenant } from '.';

let database: Database;
let drop: () => Promise<void>;
let app: FastifyInstance;
let service: ServiceInfo;

async function hostsNamed(host: string): Promise<number> {
  const r = (await untypedExecute(
    database.root,
    sql`select count(*)::int as n from service_hosts where host = ${host}`,
  )) as { rows: { n: number }[] };
  return r.rows[0]!.n;
}

/** A write through the db features see: the request's transaction, as the request's tenant. */
async function addHost(db: Db, host: string): Promise<void> {
  await db.execute(
    sql`insert into service_hosts (host, service_id) values (${host}, current_setting('rapport.service_id')::uuid)`,
  );
}

beforeAll(async () => {
  ({ database, drop } = await openTestDatabase());
  const row = await ensureDefaultService(database.root, 'Test service');
  service = { id: row.id, name: row.name, slug: row.slug };
  app = Fastify();
  app.decorateRequest('service', null as unknown as ServiceInfo);
  installTenancy(app, {
    database,
    resolver: new ServiceResolver(database, service),
    bypass: (url) => url.startsWith('/static/'),
  });
  app.setErrorHandler((_err, _request, reply) => reply.code(500).send('error page'));
  app.get('/send/:host', async (request, reply) => {
    await addHost(database.db, (request.params as { host: string }).host);
    return reply.send('ok');
  });
  app.get('/return/:host', async (request) => {
    await addHost(database.db, (request.params as { host: string }).host);
    return 'ok';
  });
  app.get('/throw/:host', async (request) => {
    await addHost(database.db, (request.params as { host: string }).host);
    throw new Error('handler failed');
  });
  app.get('/whoami', async () => {
    const r = (await untypedExecute(
      database.db,
      sql`select current_user as u, current_setting('rapport.service_id', true) as s`,
    )) as { rows: { u: string; s: string }[] };
    return r.rows[0];
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await drop();
});

describe('a request runs in one tenant transaction', () => {
  it('as rapport_app with the request’s service set', async () => {
    const res = await app.inject('/whoami');
    expect(res.json()).toEqual({ u: 'rapport_app', s: service.id });
  });

  it('commits before the reply is written, whether the handler sends or returns', async () => {
    expect((await app.inject('/send/sent.example')).body).toBe('ok');
    expect(await hostsNamed('sent.example')).toBe(1);
    expect((await app.inject('/return/returned.example')).body).toBe('ok');
    expect(await hostsNamed('returned.example')).toBe(1);
  });

  it('rolls back when the handler fails, and the error page is still sent', async () => {
    const res = await app.inject('/throw/failed.example');
    expect(res.statusCode).toBe(500);
    expect(res.body).toBe('error page');
    expect(await hostsNamed('failed.example')).toBe(0);
  });

  it('serves concurrent requests without waiting on itself', async () => {
    const hosts = Array.from({ length: 12 }, (_, i) => `c${i}.example`);
    const answers = await Promise.all(
      hosts.map((h, i) => app.inject(i % 2 ? `/send/${h}` : `/return/${h}`)),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(hosts.map(() => 200));
    for (const h of hosts) expect(await hostsNamed(h)).toBe(1);
  });

  it('leaves code outside a request on the owner’s connection', async () => {
    const r = (await untypedExecute(
      database.db,
      sql`select current_setting('rapport.service_id', true) as s`,
    )) as { rows: { s: string | null }[] };
    expect(r.rows[0]?.s ?? '').toBe('');
  });

  it('says plainly that relational queries are not built in a request’s transaction or its savepoints', async () => {
    await expect(
      withTenant(database, service.id, (tx) => tx.query.users.findFirst()),
    ).rejects.toThrow(/tx\.query\.users: relational queries are not available/);
    await expect(
      withTenant(database, service.id, (tx) =>
        tx.transaction((savepoint) => savepoint.query.users.findFirst()),
      ),
    ).rejects.toThrow(/tx\.query\.users: relational queries are not available/);
  });
});
