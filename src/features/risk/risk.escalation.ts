/**
 * Escalation of risk alerts nobody has acted on.
 *
 * Every alert gets an escalation time when it is raised: by default the end of the working day
 * (the service's office hours; an alert raised out of hours is due by the end of the next working
 * day), or, if the service sets `settings.riskEscalationMinutes`, that many minutes after it was
 * raised. When the time passes with no action recorded, the alert escalates once: to the
 * responsible therapist's supervisor (therapist_profiles.supervisorId) when they have one, or else
 * to every service manager. They get an email with no health detail, and the risk queue shows
 * "Escalated". The alert stays open: only a recorded action closes it.
 */
import type { Logger } from 'pino';
import type { Db } from '../../db/client';
import type { OfficeHours, ServiceSettings } from '../../db/schema';
import {
  DEFAULT_OFFICE_HOURS,
  endOfWorkingDay,
  type IsoWeekday,
  type OfficeHoursOptions,
} from '../../domain/calendar';
import { audit, systemActor } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { PeriodicJob } from '../../platform/periodic';
import { queueMessage } from '../../platform/outbox';
import { alertEscalatedEmail, alertLink } from './risk.messages';
import * as repo from './risk.repository';
import { activeServiceManagers } from '../auth';

/** The service's stored office hours in the calendar's terms. */
export function officeHoursOptions(hours: OfficeHours | null | undefined): OfficeHoursOptions {
  if (!hours) return DEFAULT_OFFICE_HOURS;
  return {
    openingTime: hours.opens,
    closingTime: hours.closes,
    days: hours.days as IsoWeekday[],
    extraClosures: hours.extraClosures,
  };
}

/**
 * When an alert raised at `raisedAt` escalates if nobody has acted: `riskEscalationMinutes` after
 * it when the service sets a whole number above 0, otherwise the end of the working day. Office
 * hours the calendar cannot read fall back to the standard ones (Monday to Friday, 9am to 5pm)
 * rather than leave an alert with no deadline.
 */
export function escalationTime(
  raisedAt: Date,
  officeHours: OfficeHours | null | undefined,
  settings: Pick<ServiceSettings, 'riskEscalationMinutes'> | null | undefined,
): Date {
  const minutes = settings?.riskEscalationMinutes;
  if (typeof minutes === 'number' && Number.isInteger(minutes) && minutes > 0)
    return new Date(raisedAt.getTime() + minutes * 60_000);
  try {
    return endOfWorkingDay(raisedAt, officeHoursOptions(officeHours));
  } catch (err) {
    if (err instanceof RangeError) return endOfWorkingDay(raisedAt, DEFAULT_OFFICE_HOURS);
    throw err;
  }
}

/** The escalation time for a new alert in a service, from its settings. */
export async function escalationTimeFor(db: Db, serviceId: string, raisedAt: Date) {
  const service = await repo.serviceRiskSettings(db, serviceId);
  return escalationTime(raisedAt, service?.officeHours, service?.settings);
}

export interface Escalation {
  alertId: string;
  serviceId: string;
  to: 'supervisor' | 'service_manager';
  /** The users emailed (none when the service has no active manager: the queue still shows it). */
  recipientIds: string[];
}

/**
 * Escalates every open alert whose time has passed (up to `limit` per call; the worker calls it
 * again a minute later). Each alert is escalated in its own transaction, so one failure does not
 * hold up the others, and at most once, even with two workers running.
 */
export async function escalateOverdueAlerts(
  db: Db,
  clock: Clock,
  links: { publicUrl: string },
  options: { limit?: number; logger?: Logger } = {},
): Promise<Escalation[]> {
  const due = await repo.dueForEscalation(db, clock.now(), options.limit ?? 100);
  const done: Escalation[] = [];
  for (const row of due) {
    const { alert } = row;
    try {
      const result = await db.transaction(async (tx): Promise<Escalation | null> => {
        const now = clock.now();
        if (!(await repo.markEscalated(tx, alert.serviceId, alert.id, now))) return null;
        const supervisor = row.clinicianId
          ? await repo.findSupervisorOf(tx, alert.serviceId, row.clinicianId)
          : null;
        const to = supervisor ? ('supervisor' as const) : ('service_manager' as const);
        const recipients = supervisor
          ? [supervisor]
          : await activeServiceManagers(tx, alert.serviceId);
        const email = alertEscalatedEmail(alertLink(links.publicUrl, alert.id), to);
        for (const person of recipients)
          await queueMessage(tx, clock, {
            serviceId: alert.serviceId,
            channel: 'email',
            recipient: person.email,
            subject: email.subject,
            body: email.body,
            template: 'risk-alert-escalated',
            patientId: row.patientId,
            idempotencyKey: `risk-alert:${alert.id}:escalated:${person.id}`,
          });
        await audit(tx, clock, systemActor(alert.serviceId, 'risk-escalation'), {
          action: 'risk_alert.escalate',
          patientId: row.patientId,
          recordType: 'risk_alert',
          recordId: alert.id,
          details: {
            to,
            recipientIds: recipients.map((r) => r.id),
            escalateAt: alert.escalateAt?.toISOString() ?? null,
          },
        });
        if (recipients.length === 0)
          options.logger?.error(
            { alertId: alert.id, serviceId: alert.serviceId },
            'risk alert escalated but the service has no active service manager to tell',
          );
        return {
          alertId: alert.id,
          serviceId: alert.serviceId,
          to,
          recipientIds: recipients.map((r) => r.id),
        };
      });
      if (result) done.push(result);
    } catch (err) {
      options.logger?.error({ err, alertId: alert.id }, 'risk alert escalation failed');
    }
  }
  return done;
}

/** Checks for overdue alerts every minute; started by the server next to the outbox. */
export class RiskEscalationWorker {
  private readonly job: PeriodicJob<Escalation>;

  constructor(
    db: Db,
    clock: Clock,
    logger: Logger,
    links: { publicUrl: string },
    intervalMs = 60_000,
  ) {
    this.job = new PeriodicJob({
      run: () => escalateOverdueAlerts(db, clock, links, { logger }),
      intervalMs,
      logger,
      did: 'risk alerts escalated',
      failed: 'risk escalation run failed',
    });
  }

  start(): void {
    this.job.start();
  }

  stop(): Promise<void> {
    return this.job.stop();
  }

  runOnce(): Promise<Escalation[]> {
    return this.job.runOnce();
  }
}
