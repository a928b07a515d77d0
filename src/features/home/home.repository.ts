import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { auditEvents } from '../../db/schema';

/** Whether the service's settings have ever been saved (the first-run guidance's first step). */
export async function settingsSaved(db: Db, serviceId: string): Promise<boolean> {
  const rows = await db
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.serviceId, serviceId),
        eq(auditEvents.action, 'service.settings_save'),
        eq(auditEvents.outcome, 'success'),
      ),
    )
    .limit(1);
  return rows.length > 0;
}
