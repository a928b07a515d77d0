import type { Role } from '../db/schema';

/** Who may use a route. Every route declares one (checked when routes are registered). */
export type Access = 'public' | 'authenticated' | readonly Role[];

export interface AuthUser {
  serviceId: string;
  userId: string;
  email: string;
  displayName: string;
  roles: Role[];
  sessionTokenHash: string;
}

export const STAFF_ROLES: readonly Role[] = [
  'therapist',
  'supervisor',
  'service_manager',
  'moderator',
];
export const CLINICAL_ROLES: readonly Role[] = ['therapist', 'supervisor', 'service_manager'];

export function isStaff(roles: readonly Role[]): boolean {
  return roles.some((r) => STAFF_ROLES.includes(r));
}

export interface ServiceInfo {
  id: string;
  name: string;
  slug: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    auth: AuthUser | null;
    service: ServiceInfo;
  }
}
