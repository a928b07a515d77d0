CREATE TABLE "no_other_session_decisions" (
	"service_id" uuid NOT NULL,
	"appointment_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"detail" text,
	"decided_by" uuid NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	CONSTRAINT "no_other_session_decisions_service_id_appointment_id_pk" PRIMARY KEY("service_id","appointment_id"),
	CONSTRAINT "no_other_session_decisions_reason_check" CHECK ("no_other_session_decisions"."reason" in ('patient_does_not_want', 'course_ending', 'offered_and_declined', 'other')),
	CONSTRAINT "no_other_session_decisions_detail_check" CHECK (("no_other_session_decisions"."reason" = 'other') = ("no_other_session_decisions"."detail" is not null))
);
--> statement-breakpoint
ALTER TABLE "no_other_session_decisions" ADD CONSTRAINT "no_other_session_decisions_service_id_appointment_id_appointments_service_id_id_fk" FOREIGN KEY ("service_id","appointment_id") REFERENCES "public"."appointments"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "no_other_session_decisions" ADD CONSTRAINT "no_other_session_decisions_service_id_decided_by_users_service_id_id_fk" FOREIGN KEY ("service_id","decided_by") REFERENCES "public"."users"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Tenancy (docs/adr/0007): the same policy as every service-owned table (0009).
ALTER TABLE no_other_session_decisions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON no_other_session_decisions USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
--> statement-breakpoint
-- A record of a clinical decision (hazard H29): kept as made. Another session booked later
-- needs no change to it.
REVOKE UPDATE, DELETE ON no_other_session_decisions FROM rapport_app;
