import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/client';
import type { Actor } from '../audit';
import type { Clock } from '../clock';
import { createUseCase, type UseCase } from '../use-case';

/** Audit rows name an API client by this role (no user id: a client is not a person). */
export const apiClientRole = (clientId: string) => `api_client:${clientId}`;

/** The API caller as the audit trail's actor: the client behind the bearer token, or the public. */
export function apiActor(request: FastifyRequest, clientId?: string): Actor {
  const subject = clientId ?? request.apiPrincipal?.subject;
  return {
    serviceId: request.service.id,
    userId: null,
    role: subject ? apiClientRole(subject) : null,
    ip: request.ip,
    requestId: request.id,
  };
}

/** The use-case context of one API request, acting as its client. */
export function apiUseCaseFor(
  request: FastifyRequest,
  app: { db: Db; clock: Clock; publicUrl: string },
  clientId?: string,
): UseCase {
  return createUseCase({
    db: app.db,
    clock: app.clock,
    actor: apiActor(request, clientId),
    user: null,
    service: request.service,
    links: { publicUrl: app.publicUrl, serviceName: request.service.name },
  });
}
