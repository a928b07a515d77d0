import { accessActorFor, can } from '../../platform/access';
import { requireUser, type UseCase } from '../../platform/use-case';
import * as repo from './auth.repository';

/**
 * A colleague's account that the signed-in manager may act on for `action` (reset their second
 * factor, change their access), or null (404) for anyone the policy does not allow.
 */
export async function colleagueFor(
  uc: UseCase,
  userId: string,
  action: 'user.reset_second_factor' | 'user.change_access',
) {
  const target = await repo.findUserById(uc.db, uc.service.id, userId);
  if (!target) return null;
  const actor = await accessActorFor(uc.db, requireUser(uc));
  const allowed = can(actor, action, {
    kind: 'user',
    serviceId: target.serviceId,
    userId: target.id,
    roles: target.roles,
  });
  return allowed ? target : null;
}
