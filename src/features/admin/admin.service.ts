import { listOutbox } from '../../platform/outbox';
import type { AuditEntry } from '../../platform/audit';
import type { UseCase } from '../../platform/use-case';
import { londonInstants } from '../../ui/date-range';
import { userIdForEmail } from '../auth';
import type { AuditFilter } from './admin.forms';
import { searchAudit } from './admin.repository';

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
  input: { filter: AuditFilter; searchable: boolean; limit: number; offset: number },
) {
  const { filter, limit, offset } = input;
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
          // Dates are London calendar days, so a search for one day matches what staff saw.
          ...londonInstants(filter),
          limit,
          offset,
        });
  await auditShown(
    uc,
    {
      action: 'audit.search',
      patientId: filter.patientId ?? null,
      details: { user: filter.user ?? null, from: filter.from ?? null, to: filter.to ?? null },
    },
    [filter.patientId ?? null, ...result.rows.map((r) => r.patientId)],
  );
  return result;
}

/** A page of the messages sent (contact details and wording); each patient concerned is audited. */
export async function sentMessages(uc: UseCase, input: { limit: number; offset: number }) {
  const page = await listOutbox(uc.db, uc.service.id, input);
  await auditShown(
    uc,
    { action: 'outbox.view', details: { offset: input.offset } },
    page.rows.map((r) => r.patientId),
  );
  return page;
}
