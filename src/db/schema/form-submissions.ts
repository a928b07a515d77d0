import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Forms already answered, so a second press of the same form (a double click, a slow phone
 * sending again, the back button) does not make a second record (docs/adr/0039). Each rendered
 * form carries a one-time key; a signed-in post that ends in a redirect stores the key, a hash of
 * what was sent and where it led, in the same transaction as its change. The same key and body
 * again cannot be stored: that request is rolled back and sent where the first one went.
 */
export const formSubmissions = pgTable(
  'form_submissions',
  {
    serviceId: uuid('service_id').notNull(),
    formKey: text('form_key').notNull(),
    bodyHash: text('body_hash').notNull(),
    location: text('location').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.formKey, t.bodyHash] }),
    index('form_submissions_created_idx').on(t.serviceId, t.createdAt),
  ],
);
