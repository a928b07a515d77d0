import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/client';
import {
  actorFrom,
  audit,
  auditMany,
  systemActor,
  type Actor,
  type AuditAction,
  type AuditEntry,
} from './audit';
import type { Clock } from './clock';
import type { AuthUser, ServiceInfo } from './types';

/** What outgoing messages need to say where to go: never health detail, just the service and a link. */
export interface Links {
  publicUrl: string;
  serviceName: string;
}

/**
 * Everything a use case needs, in one value instead of long positional parameter lists: the
 * database (or the transaction it runs in), the clock, who is acting, for which service, the links
 * for outgoing messages, and the audit trail bound to all of these.
 */
export interface UseCase {
  db: Db;
  clock: Clock;
  actor: Actor;
  /** The signed-in user; null for the public, the operator CLI and background workers. */
  user: AuthUser | null;
  service: ServiceInfo;
  links: Links;
  audit(entry: AuditEntry): Promise<void>;
  auditMany(entries: readonly AuditEntry[]): Promise<void>;
  /** Runs `fn` in one transaction; the context it is given writes through that transaction. */
  transaction<T>(fn: (uc: UseCase) => Promise<T>): Promise<T>;
}

interface UseCaseParts {
  db: Db;
  clock: Clock;
  actor: Actor;
  user: AuthUser | null;
  service: ServiceInfo;
  links: Links;
}

export function createUseCase(parts: UseCaseParts): UseCase {
  const uc: UseCase = {
    ...parts,
    audit: (entry) => audit(parts.db, parts.clock, parts.actor, entry),
    auditMany: (entries) => auditMany(parts.db, parts.clock, parts.actor, entries),
    transaction: (fn) => parts.db.transaction((tx) => fn(createUseCase({ ...parts, db: tx }))),
  };
  return uc;
}

/** The use-case context of one web or API request. */
export function useCaseFor(
  request: FastifyRequest,
  app: { db: Db; clock: Clock; publicUrl: string },
): UseCase {
  return createUseCase({
    db: app.db,
    clock: app.clock,
    actor: actorFrom(request),
    user: request.auth,
    service: request.service,
    links: { publicUrl: app.publicUrl, serviceName: request.service.name },
  });
}

/** For background work (outbox, escalation, CLI): acts as the system within one service. */
export function systemUseCase(
  parts: Omit<UseCaseParts, 'actor' | 'user'>,
  label = 'system',
): UseCase {
  return createUseCase({ ...parts, actor: systemActor(parts.service.id, label), user: null });
}

/** The signed-in user of a use case that only signed-in people reach (its route declares roles). */
export function requireUser(uc: UseCase): AuthUser {
  if (!uc.user)
    throw new Error('this use case needs a signed-in user; its route must declare roles');
  return uc.user;
}

/**
 * A list that names patients (a home page's letters still to send, questions waiting) is a look
 * at each one's record: one audit row per patient named, however often they appear.
 */
export async function auditPatientsListed(
  uc: UseCase,
  action: AuditAction,
  patientIds: readonly string[],
  details?: Record<string, unknown>,
): Promise<void> {
  await uc.auditMany(
    [...new Set(patientIds)].map((patientId) => ({
      action,
      patientId,
      recordType: 'patient',
      recordId: patientId,
      ...(details ? { details } : {}),
    })),
  );
}
