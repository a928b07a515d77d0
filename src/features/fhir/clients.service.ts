import { importJWK } from 'jose';
import { accessActorFor, can } from '../../platform/access';
import {
  CLIENT_ASSERTION_TYPE,
  claimedClientId,
  verifyClientAssertion,
  type AccessTokens,
} from '../../platform/api';
import { isUuid } from '../../platform/edge';
import { requireUser, type UseCase } from '../../platform/use-case';
import type { NewClient } from './clients.forms';
import * as repo from './clients.repository';
import { grantScopes } from './scopes';

async function mayManage(uc: UseCase): Promise<boolean> {
  const actor = await accessActorFor(uc.db, requireUser(uc));
  return can(actor, 'api_client.manage', { kind: 'service', serviceId: uc.service.id });
}

export async function clientList(uc: UseCase) {
  if (!(await mayManage(uc))) return null;
  const clients = await repo.listClients(uc.db, uc.service.id);
  await uc.audit({ action: 'api_client.list', recordType: 'api_client' });
  return clients;
}

export async function findClientForManager(uc: UseCase, id: string) {
  if (!(await mayManage(uc))) return null;
  return repo.findClient(uc.db, uc.service.id, id);
}

/** Each key must be one jose can use to check a signature (a well-formed key, not just JSON). */
async function unusableKey(client: NewClient): Promise<boolean> {
  for (const key of client.jwks.keys) {
    try {
      await importJWK(key, key.kty === 'EC' ? 'ES384' : 'RS384');
    } catch {
      return true;
    }
  }
  return false;
}

export async function registerClient(uc: UseCase, input: NewClient) {
  if (!(await mayManage(uc))) return { ok: false as const, reason: 'denied' as const };
  if (await unusableKey(input)) return { ok: false as const, reason: 'bad_key' as const };
  const user = requireUser(uc);
  return uc.transaction(async (tx) => {
    const client = await repo.insertClient(tx.db, {
      serviceId: tx.service.id,
      name: input.name,
      scopes: input.scopes,
      jwks: input.jwks,
      createdAt: tx.clock.now(),
      createdBy: user.userId,
    });
    await tx.audit({
      action: 'api_client.register',
      recordType: 'api_client',
      recordId: client.id,
      details: { name: client.name, scopes: client.scopes },
    });
    return { ok: true as const, client };
  });
}

export async function deactivateClient(uc: UseCase, id: string) {
  if (!(await mayManage(uc))) return null;
  return uc.transaction(async (tx) => {
    const client = await repo.findClient(tx.db, tx.service.id, id);
    if (!client) return null;
    if (client.active) {
      await repo.deactivateClient(tx.db, tx.service.id, id, tx.clock.now());
      await tx.audit({ action: 'api_client.deactivate', recordType: 'api_client', recordId: id });
    }
    return client;
  });
}

/** A client the bearer token names, if it is still switched on (switching off revokes at once). */
export async function activeClient(uc: UseCase, clientId: string) {
  if (!isUuid(clientId)) return null;
  const client = await repo.findClient(uc.db, uc.service.id, clientId);
  return client?.active ? client : null;
}

export interface TokenRequest {
  grant_type?: string;
  scope?: string;
  client_assertion_type?: string;
  client_assertion?: string;
}

/** OAuth 2.0 token errors (RFC 6749 §5.2); `invalid_client` answers 401, the others 400. */
export type TokenError =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'invalid_scope'
  | 'unsupported_grant_type';

/**
 * The client credentials grant with a signed JWT assertion (SMART Backend Services). Every
 * attempt that names a known client is audited with that client as the actor.
 */
export async function issueToken(
  uc: UseCase,
  input: { request: TokenRequest; audiences: readonly string[]; tokens: AccessTokens },
): Promise<
  | { ok: true; token: string; expiresIn: number; scope: string }
  | { ok: false; error: TokenError; description: string }
> {
  const r = input.request;
  if (r.grant_type !== 'client_credentials')
    return { ok: false, error: 'unsupported_grant_type', description: 'Use client_credentials' };
  if (r.client_assertion_type !== CLIENT_ASSERTION_TYPE || !r.client_assertion)
    return {
      ok: false,
      error: 'invalid_request',
      description: 'Send a client_assertion of type jwt-bearer',
    };
  if (!r.scope) return { ok: false, error: 'invalid_scope', description: 'Ask for a scope' };
  const clientId = claimedClientId(r.client_assertion);
  const client =
    clientId && isUuid(clientId) ? await repo.findClient(uc.db, uc.service.id, clientId) : null;
  if (!client || !client.active)
    return { ok: false, error: 'invalid_client', description: 'Unknown client' };

  const refuse = async (error: TokenError, reason: string, description: string) => {
    await uc.audit({
      action: 'api_client.token',
      recordType: 'api_client',
      recordId: client.id,
      outcome: 'denied',
      reason,
    });
    return { ok: false as const, error, description };
  };
  const verified = await verifyClientAssertion(r.client_assertion, {
    clientId: client.id,
    jwks: client.jwks,
    audiences: input.audiences,
    now: uc.clock.now(),
  });
  if (!verified.ok)
    return refuse('invalid_client', verified.reason, 'The client assertion is not valid');
  const fresh = await repo.useAssertion(
    uc.db,
    { serviceId: uc.service.id, clientId: client.id, ...verified.value },
    uc.clock.now(),
  );
  if (!fresh) return refuse('invalid_client', 'replayed', 'The client assertion was used before');
  const scopes = grantScopes(r.scope, client.scopes);
  if (scopes.length === 0)
    return refuse('invalid_scope', 'no_scope', 'The client may not have any of these scopes');
  const { token, expiresIn } = await input.tokens.issue({
    clientId: client.id,
    serviceId: uc.service.id,
    scopes,
  });
  await uc.audit({
    action: 'api_client.token',
    recordType: 'api_client',
    recordId: client.id,
    details: { scopes },
  });
  return { ok: true, token, expiresIn, scope: scopes.join(' ') };
}

/** The service's connected systems by id, for pages that name who did something (the audit log). */
export async function apiClientNames(uc: UseCase): Promise<Map<string, string>> {
  const clients = await repo.listClients(uc.db, uc.service.id);
  return new Map(clients.map((c) => [c.id, c.name]));
}
