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
CREATE TABLE "risk_alert_actions" (
	"service_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"alert_id" uuid NOT NULL,
	"action_taken" text NOT NULL,
	"outcome" text NOT NULL,
	"next_step" text,
	"next_step_at" timestamp with time zone,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "risk_alert_actions_service_id_id_pk" PRIMARY KEY("service_id","id"),
	CONSTRAINT "risk_alert_actions_outcome_check" CHECK ("risk_alert_actions"."outcome" in ('open', 'closed')),
	CONSTRAINT "risk_alert_actions_next_step_check" CHECK ("risk_alert_actions"."outcome" = 'closed' or ("risk_alert_actions"."next_step" is not null and "risk_alert_actions"."next_step_at" is not null))
);
--> statement-breakpoint
DROP INDEX "assessments_clinician_idx";--> statement-breakpoint
ALTER TABLE "risk_alert_actions" ADD CONSTRAINT "risk_alert_actions_service_id_alert_id_risk_alerts_service_id_id_fk" FOREIGN KEY ("service_id","alert_id") REFERENCES "public"."risk_alerts"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "risk_alert_actions_alert_idx" ON "risk_alert_actions" USING btree ("service_id","alert_id","recorded_at");--> statement-breakpoint
CREATE INDEX "assessments_clinician_idx" ON "assessments" USING btree ("service_id","clinician_id");--> statement-breakpoint
ALTER TABLE "assessments" DROP COLUMN "starts_at";--> statement-breakpoint
ALTER TABLE "assessments" DROP COLUMN "duration_minutes";--> statement-breakpoint
ALTER TABLE "assessments" DROP COLUMN "mode";--> statement-breakpoint
-- Tenancy, as every service-owned table (db/migrations/0009_row_level_security.sql).
ALTER TABLE "risk_alert_actions" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "risk_alert_actions" USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "risk_alert_actions" TO rapport_app;
--> statement-breakpoint
-- Alerts closed before actions had their own table: their closing action starts the history.
INSERT INTO "risk_alert_actions" ("service_id", "alert_id", "action_taken", "outcome",
    "recorded_by", "recorded_at")
  SELECT "service_id", "id", "action_taken", 'closed', "actioned_by", "actioned_at"
  FROM "risk_alerts"
  WHERE "actioned_at" IS NOT NULL AND "actioned_by" IS NOT NULL AND "action_taken" IS NOT NULL;
