import type { ApiScope } from '../../platform/types';
import { RESOURCE_TYPES, type ResourceType } from './mappers';

/**
 * SMART system scopes for the FHIR API (read only): `system/<Resource>.read`, or
 * `system/*.read` for every resource type. Pure.
 */

export const ALL_READ: ApiScope = 'system/*.read';
export const readScope = (type: ResourceType): ApiScope => `system/${type}.read`;
/** Scopes a service manager may give a client, in the order the form lists them. */
export const REGISTRABLE_SCOPES: readonly ApiScope[] = [ALL_READ, ...RESOURCE_TYPES.map(readScope)];

/** The route-level gate for a resource type: its own read scope, or the wildcard. */
export const accessFor = (type: ResourceType): ApiScope[] => [readScope(type), ALL_READ];

/** May a token holding `scopes` read resources of `type`? */
export function scopeAllows(scopes: readonly string[], type: ResourceType): boolean {
  return scopes.includes(ALL_READ) || scopes.includes(readScope(type));
}

/**
 * The scopes to grant for a token request: each requested scope the client is registered for
 * (the wildcard covers each type's scope). Unknown or unregistered scopes are left out, as
 * OAuth allows; an empty grant is refused by the caller (`invalid_scope`).
 */
export function grantScopes(requested: string, registered: readonly string[]): ApiScope[] {
  const asked = [...new Set(requested.split(' ').filter(Boolean))];
  return asked.filter((s): s is ApiScope => {
    if (!REGISTRABLE_SCOPES.includes(s as ApiScope)) return false;
    if (registered.includes(s)) return true;
    return s !== ALL_READ && registered.includes(ALL_READ);
  });
}
