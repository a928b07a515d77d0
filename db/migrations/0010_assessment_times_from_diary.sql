-- Assessments refer to their diary appointment instead of copying its time and mode (issue 8
-- item 5). An assessment from before the diary had no appointment: give it one from its copy
-- first, unless that time clashes in the diary with another appointment of the clinician or the
-- patient (the diary's no-double-booking constraints would refuse it); such a rare clash keeps
-- no time rather than stop the upgrade.
CREATE TEMP TABLE "legacy_assessment_appointments" ON COMMIT DROP AS
  SELECT a."service_id", a."id" AS "assessment_id", gen_random_uuid() AS "appointment_id",
    a."patient_id", a."clinician_id", a."starts_at",
    a."starts_at" + make_interval(mins => a."duration_minutes") AS "ends_at", a."mode",
    CASE a."status" WHEN 'completed' THEN 'attended' ELSE a."status" END AS "status",
    a."booked_by", a."created_at"
  FROM "assessments" a
  WHERE a."appointment_id" IS NULL
    AND (a."status" = 'cancelled' OR NOT EXISTS (
      SELECT 1 FROM "appointments" p
      WHERE p."service_id" = a."service_id" AND p."status" <> 'cancelled'
        AND (p."therapist_id" = a."clinician_id" OR p."patient_id" = a."patient_id")
        AND tstzrange(p."starts_at", p."ends_at")
          && tstzrange(a."starts_at", a."starts_at" + make_interval(mins => a."duration_minutes"))));
--> statement-breakpoint
INSERT INTO "appointments" ("service_id", "id", "patient_id", "therapist_id", "type", "starts_at",
    "ends_at", "mode", "status", "booked_by", "created_at", "updated_at")
  SELECT "service_id", "appointment_id", "patient_id", "clinician_id", 'assessment', "starts_at",
    "ends_at", "mode", "status", "booked_by", "created_at", "created_at"
  FROM "legacy_assessment_appointments";
--> statement-breakpoint
UPDATE "assessments" a SET "appointment_id" = l."appointment_id"
  FROM "legacy_assessment_appointments" l
  WHERE a."service_id" = l."service_id" AND a."id" = l."assessment_id";
--> statement-breakpoint
DROP INDEX "assessments_clinician_idx";--> statement-breakpoint
CREATE INDEX "assessments_clinician_idx" ON "assessments" USING btree ("service_id","clinician_id");--> statement-breakpoint
ALTER TABLE "assessments" DROP COLUMN "starts_at";--> statement-breakpoint
ALTER TABLE "assessments" DROP COLUMN "duration_minutes";--> statement-breakpoint
ALTER TABLE "assessments" DROP COLUMN "mode";