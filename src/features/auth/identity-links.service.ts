import type { Db } from '../../db/client';
import type { OidcKind } from '../../db/schema';
import { deleteSessionsSignedInWith } from '../../platform/session';
import type { UseCase } from '../../platform/use-case';
import * as users from './auth.repository';
import * as repo from './oidc.repository';

/** An account's link to NHS login or the staff single sign-on, as a manager sees it. */
export interface LinkForManager {
  userId: string;
  displayName: string;
  email: string;
  kind: OidcKind;
  linkedAt: Date;
  lastUsedAt: Date | null;
}

const recordOf = (link: { patientId: string | null; userId: string }) =>
  link.patientId
    ? { patientId: link.patientId, recordType: 'patient', recordId: link.patientId }
    : { recordType: 'user', recordId: link.userId };

async function find(uc: UseCase, userId: string, kind: OidcKind) {
  const serviceId = uc.service.id;
  const link = await repo.findLinkByUser(uc.db, serviceId, kind, userId);
  const user = link ? await users.findUserById(uc.db, serviceId, userId) : null;
  return link && user ? { link, user } : null;
}

/**
 * A manager looks at how an account signs in through a provider, before removing the link (a
 * wrong record linked, a merged record, someone who has left). Audited: for a patient's account
 * it shows who they are.
 */
export async function linkForManager(
  uc: UseCase,
  { userId, kind }: { userId: string; kind: OidcKind },
): Promise<LinkForManager | null> {
  const found = await find(uc, userId, kind);
  if (!found) return null;
  const { link, user } = found;
  await uc.audit({ action: 'identity.link_view', ...recordOf(link), details: { provider: kind } });
  return {
    userId,
    displayName: user.displayName,
    email: user.email,
    kind,
    linkedAt: link.createdAt,
    lastUsedAt: link.lastUsedAt,
  };
}

/**
 * Removes the link, with the manager's reason, and ends the sessions that came through it; the
 * account's other sessions stay. Signing in with the provider again asks the person to confirm
 * their record once more (NHS login) or matches them afresh (staff). Returns the ended sessions'
 * token hashes (to close their live connections), or null when there is no such link.
 */
export async function removeLinkForManager(
  uc: UseCase,
  { userId, kind, reason }: { userId: string; kind: OidcKind; reason: string },
): Promise<string[] | null> {
  return uc.transaction(async (t) => {
    const serviceId = t.service.id;
    const link = await repo.findLinkByUser(t.db, serviceId, kind, userId);
    if (!link) return null;
    await repo.deleteLink(t.db, serviceId, link.id);
    const ended = await deleteSessionsSignedInWith(t.db, serviceId, userId, kind);
    await t.audit({
      action: 'identity.unlink',
      ...recordOf(link),
      reason,
      details: { provider: kind, userId, byManager: true, sessionsEnded: ended.length },
    });
    return ended;
  });
}

/** Which providers each account of the service signs in with (for the users list). */
export function signInLinksByUser(db: Db, serviceId: string): Promise<Map<string, OidcKind[]>> {
  return repo.linkKindsByUser(db, serviceId);
}
