CREATE TABLE "session_summary_corrections" (
	"service_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"note_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"needs_countersignature" boolean DEFAULT false NOT NULL,
	"countersigned_at" timestamp with time zone,
	"countersigned_by" uuid,
	CONSTRAINT "session_summary_corrections_service_id_id_pk" PRIMARY KEY("service_id","id"),
	CONSTRAINT "session_summary_corrections_countersigned_check" CHECK (("session_summary_corrections"."countersigned_at" is null) = ("session_summary_corrections"."countersigned_by" is null) and ("session_summary_corrections"."countersigned_at" is null or ("session_summary_corrections"."needs_countersignature" and "session_summary_corrections"."countersigned_by" <> "session_summary_corrections"."author_id")))
);
--> statement-breakpoint
ALTER TABLE "session_summary_corrections" ADD CONSTRAINT "session_summary_corrections_service_id_note_id_session_notes_service_id_id_fk" FOREIGN KEY ("service_id","note_id") REFERENCES "public"."session_notes"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_summary_corrections" ADD CONSTRAINT "session_summary_corrections_service_id_author_id_users_service_id_id_fk" FOREIGN KEY ("service_id","author_id") REFERENCES "public"."users"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_summary_corrections" ADD CONSTRAINT "session_summary_corrections_service_id_countersigned_by_users_service_id_id_fk" FOREIGN KEY ("service_id","countersigned_by") REFERENCES "public"."users"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "session_summary_corrections_note_idx" ON "session_summary_corrections" USING btree ("service_id","note_id","created_at");--> statement-breakpoint
CREATE INDEX "session_summary_corrections_author_idx" ON "session_summary_corrections" USING btree ("service_id","author_id");--> statement-breakpoint
-- Tenancy (docs/adr/0007): the same policy as every service-owned table (0009).
ALTER TABLE session_summary_corrections ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON session_summary_corrections USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
--> statement-breakpoint
-- A correction to the patient's summary is a record of what they were told (hazard H17): it is
-- never deleted, and the only change allowed is the supervisor's countersignature of a trainee's
-- correction, once. A later correction is another row.
CREATE OR REPLACE FUNCTION session_summary_corrections_append_only() RETURNS trigger AS $$
DECLARE
  probe session_summary_corrections%ROWTYPE;
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'summary correction % cannot be deleted', OLD.id;
  END IF;
  probe := NEW;
  probe.countersigned_at := OLD.countersigned_at;
  probe.countersigned_by := OLD.countersigned_by;
  IF probe IS DISTINCT FROM OLD
     OR NOT OLD.needs_countersignature
     OR (OLD.countersigned_at IS NOT NULL AND NEW IS DISTINCT FROM OLD) THEN
    RAISE EXCEPTION 'summary correction % cannot be changed: add another correction instead', OLD.id;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER session_summary_corrections_append_only BEFORE UPDATE OR DELETE ON session_summary_corrections
  FOR EACH ROW EXECUTE FUNCTION session_summary_corrections_append_only();
