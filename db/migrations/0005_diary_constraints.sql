-- No double-booking, enforced by the database itself: two appointments that are not cancelled
-- may not overlap for the same therapist, the same room or the same patient. Exclusion
-- constraints hold even when two people book the same slot at the same moment (the second
-- insert waits for the first transaction and then fails with SQLSTATE 23P01, which the diary
-- shows as "… already has an appointment at that time").
-- tstzrange is half-open, [start, end), so back-to-back appointments (10:00–10:50, 10:50–11:40)
-- are allowed.
-- btree_gist lets a GiST index compare uuids with =. It is a trusted extension (PostgreSQL 13+),
-- so the database owner can create it; on Debian it comes with the postgresql package
-- (postgresql-contrib). PGlite loads its bundle in src/db/client.ts.
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_therapist_no_overlap"
  EXCLUDE USING gist ("service_id" WITH =, "therapist_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&)
  WHERE ("status" <> 'cancelled');
--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_room_no_overlap"
  EXCLUDE USING gist ("service_id" WITH =, "room_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&)
  WHERE ("status" <> 'cancelled' AND "room_id" IS NOT NULL);
--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_patient_no_overlap"
  EXCLUDE USING gist ("service_id" WITH =, "patient_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&)
  WHERE ("status" <> 'cancelled');
