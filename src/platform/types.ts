import { inGroup } from './access/policy';
import type { Role } from '../db/schema';
import type { ReactNode } from 'react';

/** Who may use a page or socket route. Every route declares one (checked when routes are registered). */
export type Access = 'public' | 'authenticated' | readonly Role[];

/** An API scope, SMART-style (`system/Patient.read`); never confused with a role (no `/` in roles). */
export type ApiScope = `${'system' | 'user' | 'patient'}/${string}`;
/** Who may call an `/api` route: anyone, any verified token, or a token holding one of the scopes. */
export type ApiAccess = 'public' | 'authenticated' | readonly ApiScope[];

/** The caller behind a verified bearer token. */
export interface ApiPrincipal {
  /** The client or user the token was issued to, for logs and audit. */
  subject: string;
  scopes: readonly ApiScope[];
}

export interface AuthUser {
  serviceId: string;
  userId: string;
  email: string;
  displayName: string;
  roles: Role[];
  sessionTokenHash: string;
}

export function isStaff(roles: readonly Role[]): boolean {
  return inGroup(roles, 'staff');
}

export interface ServiceInfo {
  id: string;
  name: string;
  slug: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access | ApiAccess;
    /**
     * A form that reaches this route after the person was signed out is not saved (ADR 0043).
     * When what they sent calls for help now (a risk answer, H1), this gives the help to show
     * first on that page; null otherwise.
     */
    signedOutHelp?: (request: FastifyRequest) => ReactNode;
  }
  interface FastifyRequest {
    /** The signed-in person (pages and sockets); always null under /api. */
    auth: AuthUser | null;
    /** The bearer token's caller (under /api only). */
    apiPrincipal: ApiPrincipal | null;
    service: ServiceInfo;
  }
}
