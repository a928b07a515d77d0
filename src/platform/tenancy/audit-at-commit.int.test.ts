import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { verifyAuditChains } from '../../db/audit-chain';
import { openTestDatabase, untypedExecute } from '../../../tests/support/test-app';
import { audit, auditMany, systemActor } from '../audit';
import { systemClock } from '../clock';
import { ensureDefaultService } from '../instance';
import type { ServiceInfo } from '../types';
import { installTenancy, ServiceResolver } from '.';

let database: Database;
let drop: () => Promise<void>;
let app: FastifyInstance;
let service: ServiceInfo;
/** What a separate connection saw of the request's audit row while the reply was being sent. */
const seenWhileSending = new Map<string, number>();

async function auditRowsFor(requestId: string): Promise<number> {
  const r = (await untypedExecute(
    database.root,
    sql`select count(*)::int as n from audit_events where request_id = ${requestId}`,
  )) as { rows: { n: number }[] };
  return r.rows[0]!.n;
}

const actorFor = (requestId: string) => ({ ...systemActor(service.id), requestId });

beforeAll(async () => {
  ({ database, drop } = await openTestDatabase());
  const row = await ensureDefaultService(database.root, 'Test service');
  service = { id: row.id, name: row.name, slug: row.slug };
  app = Fastify();
  app.decorateRequest('service', null as unknown as ServiceInfo);
  installTenancy(app, {
    database,
    resolver: new ServiceResolver(database, service),
    bypass: () => false,
  });
  // Runs after the tenancy's own onSend hook, i.e. just before the bytes go out.
  app.addHook('onSend', async (request, _reply, payload) => {
    const id = (request.query as { id?: string }).id;
    if (id) seenWhileSending.set(id, await auditRowsFor(id));
    return payload;
  });
  app.setErrorHandler((_err, _request, reply) => reply.code(500).send('error page'));
  app.get('/audited', async (request, reply) => {
    const { id } = request.query as { id: string };
    await audit(database.db, systemClock, actorFor(id), { action: 'diary.view' });
    await auditMany(database.db, systemClock, actorFor(id), [
      { action: 'patient.read', details: { note: "it's a \\ back'slash" } },
      { action: 'patient.read', reason: "the patient's own request" },
      { action: 'patient.read', reason: 'a \\ backslash only' },
    ]);
    return reply.send('ok');
  });
  app.get('/audited-then-failed', async (request) => {
    const { id } = request.query as { id: string };
    await audit(database.db, systemClock, actorFor(id), { action: 'diary.view' });
    throw new Error('handler failed');
  });
  app.get('/nested-rolled-back', async (request) => {
    const { id } = request.query as { id: string };
    await database.db
      .transaction(async (tx) => {
        await audit(tx, systemClock, actorFor(id), { action: 'diary.view' });
        throw new Error('the nested change failed');
      })
      .catch(() => undefined);
    await audit(database.db, systemClock, actorFor(id), { action: 'patient.read' });
    return 'ok';
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await drop();
});

describe('audit rows in a request go with its commit', () => {
  it('are committed before the response is sent, with their content intact', async () => {
    const res = await app.inject('/audited?id=sent-1');
    expect(res.body).toBe('ok');
    expect(seenWhileSending.get('sent-1')).toBe(4);
    const r = (await untypedExecute(
      database.root,
      sql`select details from audit_events where request_id = 'sent-1' and details is not null`,
    )) as { rows: { details: unknown }[] };
    expect(r.rows.map((x) => x.details)).toEqual([{ note: "it's a \\ back'slash" }]);
    const reasons = (await untypedExecute(
      database.root,
      sql`select reason from audit_events where request_id = 'sent-1' and reason is not null order by reason`,
    )) as { rows: { reason: string }[] };
    expect(reasons.rows.map((x) => x.reason)).toEqual([
      'a \\ backslash only',
      "the patient's own request",
    ]);
  });

  it('are not kept when the handler fails', async () => {
    expect((await app.inject('/audited-then-failed?id=failed-1')).statusCode).toBe(500);
    expect(await auditRowsFor('failed-1')).toBe(0);
  });

  it('roll back with a nested transaction that failed, and stay when the request commits', async () => {
    expect((await app.inject('/nested-rolled-back?id=nested-1')).body).toBe('ok');
    const r = (await untypedExecute(
      database.root,
      sql`select action from audit_events where request_id = 'nested-1'`,
    )) as { rows: { action: string }[] };
    expect(r.rows.map((x) => x.action)).toEqual(['patient.read']);
  });

  it('keep the hash chain whole under concurrent requests', async () => {
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, i) => app.inject(`/audited?id=many-${i}`)),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 200));
    const [result] = await verifyAuditChains(database.root, { serviceId: service.id, key: null });
    expect(result?.problem).toBeNull();
    expect(result?.rows).toBeGreaterThanOrEqual(16 * 3);
  });
});
