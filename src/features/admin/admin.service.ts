import type { AuditEntry } from '../../platform/audit';
import type { UseCase } from '../../platform/use-case';
import { londonInstants } from '../../ui/date-range';
import { userIdForEmail } from '../auth';
import type { Db } from '../../db/client';
import type { ServiceContact } from '../../db/schema';
import type { ServiceContactDetails } from '../../ui/ServiceContact';
import { accessActorFor, can } from '../../platform/access';
import { requireUser } from '../../platform/use-case';
import { type AuditFilter, type MessageFilter } from './admin.forms';
import { formatUkPhoneNumber } from '../../domain/identifiers';
import {
  findServiceContactAndHours,
  latestAuditId,
  saveServiceContact,
  searchAudit,
  searchMessages,
  type AuditRow,
} from './admin.repository';
import { hideOneTimeLinks } from './one-time-links';
import { apiClientNames } from '../fhir';
import { officeHoursInWords } from '../../domain/diary';

/**
 * One audit row per patient a list page shows (written in one statement), or one row without a
 * patient when it shows none.
 */
async function auditShown(
  uc: UseCase,
  entry: AuditEntry,
  patientIds: readonly (string | null)[],
): Promise<void> {
  const shown = [...new Set(patientIds.filter((id): id is string => id !== null))];
  if (shown.length === 0) await uc.audit(entry);
  else await uc.auditMany(shown.map((patientId) => ({ ...entry, patientId })));
}

/**
 * A page of the audit log. Searching the log by patient is itself a look at that patient's
 * record, and every patient the page links to is audited.
 */
export async function auditLog(
  uc: UseCase,
  input: {
    filter: AuditFilter;
    searchable: boolean;
    /** The newest entry the first page showed; absent on a first page. */
    untilId: number | undefined;
    limit: number;
    offset: number;
  },
): Promise<{ rows: AuditLogRow[]; total: number; untilId: number }> {
  const { filter, limit, offset } = input;
  const untilId = input.untilId ?? (await latestAuditId(uc.db, uc.service.id));
  let userId: string | undefined;
  let unknownUser = false;
  if (filter.user) {
    userId = (await userIdForEmail(uc.db, uc.service.id, filter.user)) ?? undefined;
    unknownUser = userId === undefined;
  }
  const result =
    !input.searchable || unknownUser
      ? { rows: [], total: 0 }
      : await searchAudit(uc.db, uc.service.id, {
          userId,
          patientId: filter.patientId,
          referralReference: filter.referralReference,
          // Dates are London calendar days, so a search for one day matches what staff saw.
          ...londonInstants(filter),
          untilId,
          limit,
          offset,
        });
  await auditShown(
    uc,
    {
      action: 'audit.search',
      patientId: filter.patientId ?? null,
      details: {
        user: filter.user ?? null,
        referral: filter.referralReference ?? null,
        from: filter.from ?? null,
        to: filter.to ?? null,
      },
    },
    [filter.patientId ?? null, ...result.rows.map((r) => r.patientId)],
  );
  const actor = await accessActorFor(uc.db, requireUser(uc));
  // A connected system acts as `api_client:<id>`: named as the manager registered it.
  const clients = result.rows.some((r) => r.role?.startsWith(API_CLIENT))
    ? await apiClientNames(uc)
    : new Map<string, string>();
  // A referral's reference is shown on every entry about it; linked for whoever may open it.
  const mayOpenReferrals = can(actor, 'queue.work', { kind: 'referral', serviceId: uc.service.id });
  const rows = result.rows.map((r): AuditLogRow => {
    const {
      patientGivenName,
      patientFamilyName,
      patientUserId,
      responsibleClinicianId,
      referralId,
      referralReference,
      ...rest
    } = r;
    // The name is shown, and linked, only to someone the policy lets open that record.
    const mayRead =
      r.patientId !== null &&
      patientGivenName !== null &&
      can(actor, 'patient.read', {
        kind: 'patient',
        serviceId: uc.service.id,
        userId: patientUserId,
        responsibleClinicianId,
      });
    const client = r.role?.startsWith(API_CLIENT) ? r.role.slice(API_CLIENT.length) : null;
    return {
      ...rest,
      ...(client !== null
        ? {
            userName: `${clients.get(client) ?? 'A system no longer registered'} (connected system)`,
            role: null,
          }
        : {}),
      patientName: mayRead ? `${patientGivenName} ${patientFamilyName ?? ''}`.trim() : null,
      referral:
        referralId !== null && referralReference !== null
          ? { reference: referralReference, id: mayOpenReferrals ? referralId : null }
          : null,
    };
  });
  return { rows, total: result.total, untilId };
}

const API_CLIENT = 'api_client:';

export type AuditLogRow = Omit<
  AuditRow,
  | 'patientGivenName'
  | 'patientFamilyName'
  | 'patientUserId'
  | 'responsibleClinicianId'
  | 'referralId'
  | 'referralReference'
> & {
  /** Null when there is no patient, or the viewer may not open their record. */
  patientName: string | null;
  /** The referral the entry is about, if any: its id only when the viewer may open it. */
  referral: { reference: string; id: string | null } | null;
};

/** A page of the messages sent (contact details and wording); each patient concerned is audited. */
export async function sentMessages(
  uc: UseCase,
  input: { filter: MessageFilter; searchable: boolean; limit: number; offset: number },
) {
  const { filter, limit, offset } = input;
  const page = input.searchable
    ? await searchMessages(uc.db, uc.service.id, {
        recipient: filter.recipient,
        channel: filter.channel,
        status: filter.status,
        ...londonInstants(filter),
        limit,
        offset,
      })
    : { rows: [], total: 0 };
  await auditShown(
    uc,
    {
      action: 'outbox.view',
      details: {
        offset,
        recipient: filter.recipient ?? null,
        channel: filter.channel ?? null,
        status: filter.status ?? null,
        from: filter.from ?? null,
        to: filter.to ?? null,
      },
    },
    page.rows.map((r) => r.patientId),
  );
  return { ...page, rows: page.rows.map((r) => ({ ...r, body: hideOneTimeLinks(r.body) })) };
}

/** The service's contact details as pages show them, or null before a manager has entered them. */
export async function serviceContact(
  db: Db,
  serviceId: string,
): Promise<ServiceContactDetails | null> {
  const found = await findServiceContactAndHours(db, serviceId);
  const contact = found?.contact;
  if (!contact) return null;
  return {
    ...contact,
    phoneDisplay: formatUkPhoneNumber(contact.phone),
    phoneHours: officeHoursInWords(found.officeHours),
  };
}

export async function saveContact(uc: UseCase, contact: ServiceContact): Promise<void> {
  await uc.transaction(async (tx) => {
    await saveServiceContact(tx.db, tx.service.id, contact);
    await tx.audit({ action: 'service.settings_save', details: { contact: true } });
  });
}
