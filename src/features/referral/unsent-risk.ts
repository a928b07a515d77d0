/**
 * Hazard H14: risk answers on a referral that is never sent. A draft that holds risk answers and
 * a way to contact the person, and has not changed for `UNSENT_RISK_AFTER_MINUTES`, raises one
 * risk alert on the service's risk queue with the person's name, answers and contact details, so
 * the duty clinician can try to reach them. The person is told this on the start page and on the
 * urgent-help page. If they send the referral later, the alert joins it.
 */
import type { Logger } from 'pino';
import type { Db } from '../../db/client';
import { utcToLondon } from '../../domain/calendar';
import { systemActor } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { PeriodicJob } from '../../platform/periodic';
import { raiseRiskAlert } from '../risk';
import { readDraftData, unsentRiskReason } from './referral.flow';
import * as repo from './referral.repository';

/**
 * Long enough that someone still working through the form (about 15 minutes) is not called
 * mid-way, short enough to act the same working day and well before the answers expire.
 */
export const UNSENT_RISK_AFTER_MINUTES = 60;

export interface SurfacedDraft {
  serviceId: string;
  alertId: string;
}

/**
 * Raises the alert for each draft now due (up to `limit` per call; the worker calls again a
 * minute later). Each in its own transaction with the draft locked, so an alert is raised at
 * most once per draft, even with two workers, and never for a draft sent meanwhile.
 */
export async function surfaceUnsentRiskDrafts(
  db: Db,
  clock: Clock,
  options: { limit?: number; logger?: Logger } = {},
): Promise<SurfacedDraft[]> {
  const now = clock.now();
  const changedBy = new Date(now.getTime() - UNSENT_RISK_AFTER_MINUTES * 60_000);
  const due = await repo.unsentRiskDrafts(db, changedBy, now, options.limit ?? 100);
  const done: SurfacedDraft[] = [];
  for (const { serviceId, tokenHash } of due) {
    try {
      const result = await db.transaction(async (tx): Promise<SurfacedDraft | null> => {
        const draft = await repo.findDraft(tx, serviceId, tokenHash, { forUpdate: true });
        if (
          !draft ||
          draft.referralId ||
          draft.riskAlertId ||
          draft.expiresAt.getTime() <= now.getTime() ||
          draft.updatedAt.getTime() > changedBy.getTime()
        )
          return null;
        const { settings, locations } = await repo.findReferralSetup(tx, serviceId);
        const reason = unsentRiskReason(readDraftData(draft.answers), {
          today: utcToLondon(now).date,
          minimumAge: settings.minimumReferralAge,
          locations,
        });
        if (!reason) return null;
        const alert = await raiseRiskAlert(tx, clock, systemActor(serviceId, 'unsent-referral'), {
          source: 'referral',
          reason,
        });
        await repo.markDraftRiskAlert(tx, serviceId, tokenHash, alert.id);
        return { serviceId, alertId: alert.id };
      });
      if (result) done.push(result);
    } catch (err) {
      options.logger?.error({ err, serviceId }, 'unsent referral risk alert failed');
    }
  }
  return done;
}

/** Looks for unsent drafts with risk answers every minute; started by the server. */
export class UnsentRiskWorker {
  private readonly job: PeriodicJob<SurfacedDraft>;

  constructor(db: Db, clock: Clock, logger: Logger, intervalMs = 60_000) {
    this.job = new PeriodicJob({
      run: () => surfaceUnsentRiskDrafts(db, clock, { logger }),
      intervalMs,
      logger,
      did: 'unsent referrals with risk answers alerted',
      failed: 'unsent referral risk run failed',
    });
  }

  start(): void {
    this.job.start();
  }

  stop(): Promise<void> {
    return this.job.stop();
  }

  runOnce(): Promise<SurfacedDraft[]> {
    return this.job.runOnce();
  }
}
