import type { Db } from '../../db/client';
import { canDeliverIpt } from '../../domain/ipt';
import * as therapists from '../therapists';

type TherapistUser = NonNullable<Awaited<ReturnType<typeof therapists.findUser>>>;
type TherapistProfile = Awaited<ReturnType<typeof therapists.findProfile>>;

/**
 * The therapist chosen to run an IPT course (allocated one, or handed one over), with their
 * profile; or the message saying why not: not an active therapist, the caller's own reason
 * (`refuse`), or not able to deliver IPT (trained in it, or a trainee with a supervisor).
 */
export async function iptTherapistFor(
  db: Db,
  serviceId: string,
  therapistId: string,
  opts: { cannot: string; refuse?: (therapist: TherapistUser) => string | null },
): Promise<
  { ok: true; therapist: TherapistUser; profile: TherapistProfile } | { ok: false; message: string }
> {
  const therapist = await therapists.findUser(db, serviceId, therapistId, { forShare: true });
  if (!therapist?.active || !therapist.roles.includes('therapist'))
    return { ok: false, message: 'Select a therapist' };
  // Invited and not yet set up: they could not see the course or its patient's alerts (H2).
  if (!(await therapists.canSignIn(db, serviceId, therapist.id)))
    return {
      ok: false,
      message: `${therapist.displayName} has not accepted their invitation yet, so they cannot sign in. Choose someone else, or wait until they have set up their account`,
    };
  const refused = opts.refuse?.(therapist);
  if (refused) return { ok: false, message: refused };
  const profile = await therapists.findProfile(db, serviceId, therapist.id);
  const practitioner = therapists.practitionerFrom(profile);
  const check = practitioner ? canDeliverIpt(practitioner) : null;
  if (!check?.ok)
    return {
      ok: false,
      message: `${therapist.displayName} ${opts.cannot} an IPT course. ${
        check?.issues[0]?.message ?? 'They have no therapist profile with IPT training yet'
      }`,
    };
  return { ok: true, therapist, profile };
}
