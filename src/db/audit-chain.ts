import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from './client';

/**
 * The audit hash chain (docs/adr/0010-tamper-evident-audit.md). The database's insert trigger
 * (migration 0010) gives each audit row its service's next sequence number, the previous row's
 * hash and its own hash. This module checks the chains and writes and checks signed checkpoints
 * of each chain's head, which catch a deleted tail.
 */

export const GENESIS_HASH = '0'.repeat(64);
/** instance_secrets key of the checkpoint signing key: readable by the owner, never by rapport_app. */
export const CHECKPOINT_KEY_NAME = 'audit_checkpoint_key';

/**
 * The text each row's hash covers. The same expression as the database function
 * audit_event_payload, written out again here so a changed function cannot vouch for itself.
 */
const PAYLOAD = sql.raw(`jsonb_build_array(
  e.service_id, e.id, e.seq, e.prev_hash,
  to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
  e.user_id, e.role, e.action, e.patient_id, e.record_type, e.record_id, e.outcome, e.reason,
  e.ip, e.request_id, e.details
)::text`);

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  // node-postgres and PGlite answer in different shapes, both with `rows`.
  const result: unknown = await db.execute(query);
  return (result as { rows: T[] }).rows;
}

/** Sequence numbers come back as strings (pg bigint) or numbers (PGlite): compare as numbers. */
const num = (v: string | number | null): number | null => (v === null ? null : Number(v));

export interface Checkpoint {
  serviceId: string;
  seq: number;
  headHash: string;
  at: Date;
  signature: string;
}

/** What a checkpoint's signature covers: the service, the head's sequence and hash, the time. */
function checkpointMessage(c: Omit<Checkpoint, 'signature'>): string {
  return [
    'rapport-audit-checkpoint/v1',
    c.serviceId,
    String(c.seq),
    c.headHash,
    c.at.toISOString(),
  ].join('\n');
}

export function signCheckpoint(key: Buffer, c: Omit<Checkpoint, 'signature'>): string {
  return createHmac('sha256', key).update(checkpointMessage(c), 'utf8').digest('hex');
}

function signatureValid(key: Buffer, c: Checkpoint): boolean {
  const expected = Buffer.from(signCheckpoint(key, c), 'hex');
  const given = Buffer.from(c.signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The signing key, created on first use when the connection may (the owner; `rapport migrate`). */
export async function checkpointKey(db: Db, create: boolean): Promise<Buffer | null> {
  const read = async () =>
    rows<{ value: string }>(
      db,
      sql`select value from instance_secrets where key = ${CHECKPOINT_KEY_NAME}`,
    );
  let found = await read();
  if (found.length === 0 && create) {
    await db.execute(
      sql`insert into instance_secrets (key, value) values (${CHECKPOINT_KEY_NAME}, ${randomBytes(32).toString('base64url')}) on conflict do nothing`,
    );
    found = await read();
  }
  const value = found[0]?.value;
  return value ? Buffer.from(value, 'base64url') : null;
}

/**
 * Writes a signed checkpoint for every service whose chain head moved since its last checkpoint.
 * Runs on the owner's (or server's) connection, across services. Returns what it wrote, for the log.
 */
export async function writeCheckpoints(db: Db, key: Buffer, now: Date): Promise<Checkpoint[]> {
  // One index lookup per service for its head, not a scan of the whole table.
  const heads = await rows<{ service_id: string; seq: string | number; hash: string }>(
    db,
    sql`select s.id as service_id, h.seq, h.hash
        from services s
        cross join lateral (
          select e.seq, e.hash from audit_events e
          where e.service_id = s.id and e.seq is not null
          order by e.seq desc limit 1
        ) h
        where h.seq > coalesce(
          (select max(c.seq) from audit_checkpoints c where c.service_id = s.id), 0)
        order by s.id`,
  );
  const written: Checkpoint[] = [];
  for (const head of heads) {
    const unsigned = {
      serviceId: head.service_id,
      seq: Number(head.seq),
      headHash: head.hash,
      at: now,
    };
    const checkpoint = { ...unsigned, signature: signCheckpoint(key, unsigned) };
    await db.execute(
      sql`insert into audit_checkpoints (service_id, seq, head_hash, at, signature)
          values (${checkpoint.serviceId}, ${checkpoint.seq}, ${checkpoint.headHash}, ${checkpoint.at.toISOString()}, ${checkpoint.signature})`,
    );
    written.push(checkpoint);
  }
  return written;
}

export interface ChainProblem {
  /** The audit row that does not match (null when the row itself is gone). */
  rowId: number | null;
  seq: number | null;
  message: string;
}

export interface ServiceVerification {
  serviceId: string;
  rows: number;
  checkpoints: number;
  /** The first problem found; verification of this service stops there. */
  problem: ChainProblem | null;
}

export interface VerifyOptions {
  serviceId?: string;
  /** Null: signatures cannot be checked (the connection may not read the key). */
  key: Buffer | null;
  onProgress?: (serviceId: string, rowsChecked: number) => void;
  batchSize?: number;
  progressEvery?: number;
}

/** Walks each service's chain in sequence order, then checks its checkpoints against it. */
export async function verifyAuditChains(
  db: Db,
  options: VerifyOptions,
): Promise<ServiceVerification[]> {
  const serviceIds = options.serviceId
    ? [options.serviceId]
    : (
        await rows<{ service_id: string }>(
          db,
          sql`select service_id from audit_events union select service_id from audit_checkpoints order by 1`,
        )
      ).map((r) => r.service_id);
  const results: ServiceVerification[] = [];
  for (const serviceId of serviceIds) results.push(await verifyService(db, serviceId, options));
  return results;
}

async function verifyService(
  db: Db,
  serviceId: string,
  options: VerifyOptions,
): Promise<ServiceVerification> {
  const batchSize = options.batchSize ?? 2000;
  const progressEvery = options.progressEvery ?? 50_000;
  const result: ServiceVerification = { serviceId, rows: 0, checkpoints: 0, problem: null };
  const fail = (rowId: number | null, seq: number | null, message: string) => {
    result.problem = { rowId, seq, message };
    return result;
  };

  const unchained = await rows<{ id: string | number }>(
    db,
    sql`select id from audit_events where service_id = ${serviceId} and (seq is null or hash is null or prev_hash is null) order by id limit 1`,
  );
  if (unchained[0])
    return fail(num(unchained[0].id), null, 'has no place in the chain (sequence or hash removed)');

  let expectedSeq = 1;
  let previousHash = GENESIS_HASH;
  const atCheckpoint = new Map<number, { id: number; hash: string }>();
  const checkpoints = await rows<{
    id: string | number;
    seq: string | number;
    head_hash: string;
    at: string | Date;
    signature: string;
  }>(
    db,
    sql`select id, seq, head_hash, at, signature from audit_checkpoints where service_id = ${serviceId} order by seq, id`,
  );
  const wanted = new Set(checkpoints.map((c) => Number(c.seq)));

  for (;;) {
    const batch = await rows<{
      id: string | number;
      seq: string | number;
      prev_hash: string;
      hash: string;
      payload: string;
    }>(
      db,
      sql`select e.id, e.seq, e.prev_hash, e.hash, ${PAYLOAD} as payload
          from audit_events e
          where e.service_id = ${serviceId} and e.seq >= ${expectedSeq}
          order by e.seq limit ${batchSize}`,
    );
    for (const row of batch) {
      const seq = Number(row.seq);
      const id = Number(row.id);
      if (seq !== expectedSeq)
        return fail(
          id,
          seq,
          `comes after a gap: sequence ${expectedSeq}${seq - expectedSeq > 1 ? `–${seq - 1}` : ''} is missing (deleted)`,
        );
      if (row.prev_hash !== previousHash)
        return fail(
          id,
          seq,
          'does not follow the row before it (previous hash differs): rows removed or reordered',
        );
      if (sha256Hex(row.payload) !== row.hash)
        return fail(id, seq, 'does not match its hash: its content was changed');
      if (wanted.has(seq)) atCheckpoint.set(seq, { id, hash: row.hash });
      previousHash = row.hash;
      expectedSeq = seq + 1;
      result.rows++;
      if (result.rows % progressEvery === 0) options.onProgress?.(serviceId, result.rows);
    }
    if (batch.length < batchSize) break;
  }

  const lastSeq = expectedSeq - 1;
  for (const c of checkpoints) {
    const checkpoint: Checkpoint = {
      serviceId,
      seq: Number(c.seq),
      headHash: c.head_hash,
      at: new Date(c.at),
      signature: c.signature,
    };
    const label = `checkpoint ${String(c.id)} of ${checkpoint.at.toISOString()}`;
    if (options.key && !signatureValid(options.key, checkpoint))
      return fail(
        null,
        checkpoint.seq,
        `${label} has a signature that does not match: forged or changed`,
      );
    if (checkpoint.seq > lastSeq)
      return fail(
        null,
        lastSeq + 1,
        `is missing: the chain ends at sequence ${lastSeq} but ${label} recorded sequence ${checkpoint.seq} (rows at the end were deleted)`,
      );
    const row = atCheckpoint.get(checkpoint.seq);
    if (row?.hash !== checkpoint.headHash)
      return fail(
        row?.id ?? null,
        checkpoint.seq,
        `differs from ${label}: the chain was rewritten up to here`,
      );
    result.checkpoints++;
  }
  return result;
}

/** One line naming a problem's row, for the CLI. */
export function describeProblem(serviceId: string, problem: ChainProblem): string {
  const where =
    problem.rowId !== null
      ? `row id ${problem.rowId} (sequence ${problem.seq ?? '?'})`
      : `the row at sequence ${problem.seq ?? '?'}`;
  return `service ${serviceId}: ${where} ${problem.message}`;
}

/**
 * Writes checkpoints now and then every `intervalMs`, each one also to the log (outside the
 * database, so a rewritten database can be compared with what was logged).
 */
export class AuditCheckpointer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly key: Buffer,
    private readonly intervalMs: number,
    private readonly log: {
      info(obj: object, msg: string): void;
      error(obj: object, msg: string): void;
    },
    private readonly now: () => Date = () => new Date(),
  ) {}

  async runOnce(): Promise<void> {
    try {
      for (const checkpoint of await writeCheckpoints(this.db, this.key, this.now())) {
        this.log.info(
          {
            auditCheckpoint: {
              serviceId: checkpoint.serviceId,
              seq: checkpoint.seq,
              headHash: checkpoint.headHash,
              at: checkpoint.at.toISOString(),
              signature: checkpoint.signature,
            },
          },
          'audit checkpoint',
        );
      }
    } catch (err) {
      this.log.error({ err }, 'audit checkpoint failed');
    }
  }

  start(): void {
    this.running = this.runOnce();
    this.timer = setInterval(() => {
      this.running = this.running.then(() => this.runOnce());
    }, this.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and writes a last checkpoint, so the log ends with the final head. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    await this.runOnce();
  }
}
