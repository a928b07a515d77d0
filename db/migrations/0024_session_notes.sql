CREATE TABLE "session_note_addenda" (
	"service_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"note_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "session_note_addenda_service_id_id_pk" PRIMARY KEY("service_id","id")
);
--> statement-breakpoint
CREATE TABLE "session_notes" (
	"service_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"appointment_id" uuid NOT NULL,
	"course_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"agenda" text DEFAULT '' NOT NULL,
	"focal_area_work" text DEFAULT '' NOT NULL,
	"risk_review" text DEFAULT '' NOT NULL,
	"plan" text DEFAULT '' NOT NULL,
	"patient_summary" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"signed_at" timestamp with time zone,
	"signed_by" uuid,
	"needs_countersignature" boolean DEFAULT false NOT NULL,
	"countersigned_at" timestamp with time zone,
	"countersigned_by" uuid,
	CONSTRAINT "session_notes_service_id_id_pk" PRIMARY KEY("service_id","id"),
	CONSTRAINT "session_notes_signed_check" CHECK (("session_notes"."signed_at" is null) = ("session_notes"."signed_by" is null)),
	CONSTRAINT "session_notes_countersigned_check" CHECK (("session_notes"."countersigned_at" is null) = ("session_notes"."countersigned_by" is null) and ("session_notes"."countersigned_at" is null or ("session_notes"."needs_countersignature" and "session_notes"."signed_at" is not null and "session_notes"."countersigned_by" <> "session_notes"."author_id")))
);
--> statement-breakpoint
CREATE TABLE "session_tasks" (
	"service_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"course_id" uuid NOT NULL,
	"appointment_id" uuid NOT NULL,
	"set_by" uuid NOT NULL,
	"what" text NOT NULL,
	"when_text" text NOT NULL,
	"with_whom" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"what_i_did" text,
	"how_it_went" text,
	"reflected_at" timestamp with time zone,
	CONSTRAINT "session_tasks_service_id_id_pk" PRIMARY KEY("service_id","id")
);
--> statement-breakpoint
CREATE TABLE "supervision_notes" (
	"service_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"course_id" uuid NOT NULL,
	"supervisee_id" uuid NOT NULL,
	"supervisor_id" uuid NOT NULL,
	"met_on" date NOT NULL,
	"discussion" text NOT NULL,
	"actions" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"acknowledged_at" timestamp with time zone,
	CONSTRAINT "supervision_notes_service_id_id_pk" PRIMARY KEY("service_id","id")
);
--> statement-breakpoint
ALTER TABLE "session_note_addenda" ADD CONSTRAINT "session_note_addenda_service_id_note_id_session_notes_service_id_id_fk" FOREIGN KEY ("service_id","note_id") REFERENCES "public"."session_notes"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_note_addenda" ADD CONSTRAINT "session_note_addenda_service_id_author_id_users_service_id_id_fk" FOREIGN KEY ("service_id","author_id") REFERENCES "public"."users"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_notes" ADD CONSTRAINT "session_notes_service_id_appointment_id_appointments_service_id_id_fk" FOREIGN KEY ("service_id","appointment_id") REFERENCES "public"."appointments"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_notes" ADD CONSTRAINT "session_notes_service_id_course_id_treatment_courses_service_id_id_fk" FOREIGN KEY ("service_id","course_id") REFERENCES "public"."treatment_courses"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_notes" ADD CONSTRAINT "session_notes_service_id_patient_id_patients_service_id_id_fk" FOREIGN KEY ("service_id","patient_id") REFERENCES "public"."patients"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_notes" ADD CONSTRAINT "session_notes_service_id_author_id_users_service_id_id_fk" FOREIGN KEY ("service_id","author_id") REFERENCES "public"."users"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_tasks" ADD CONSTRAINT "session_tasks_service_id_patient_id_patients_service_id_id_fk" FOREIGN KEY ("service_id","patient_id") REFERENCES "public"."patients"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_tasks" ADD CONSTRAINT "session_tasks_service_id_course_id_treatment_courses_service_id_id_fk" FOREIGN KEY ("service_id","course_id") REFERENCES "public"."treatment_courses"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_tasks" ADD CONSTRAINT "session_tasks_service_id_appointment_id_appointments_service_id_id_fk" FOREIGN KEY ("service_id","appointment_id") REFERENCES "public"."appointments"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_tasks" ADD CONSTRAINT "session_tasks_service_id_set_by_users_service_id_id_fk" FOREIGN KEY ("service_id","set_by") REFERENCES "public"."users"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_notes" ADD CONSTRAINT "supervision_notes_service_id_course_id_treatment_courses_service_id_id_fk" FOREIGN KEY ("service_id","course_id") REFERENCES "public"."treatment_courses"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_notes" ADD CONSTRAINT "supervision_notes_service_id_supervisee_id_users_service_id_id_fk" FOREIGN KEY ("service_id","supervisee_id") REFERENCES "public"."users"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_notes" ADD CONSTRAINT "supervision_notes_service_id_supervisor_id_users_service_id_id_fk" FOREIGN KEY ("service_id","supervisor_id") REFERENCES "public"."users"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "session_note_addenda_note_idx" ON "session_note_addenda" USING btree ("service_id","note_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "session_notes_appointment_idx" ON "session_notes" USING btree ("service_id","appointment_id");--> statement-breakpoint
CREATE INDEX "session_notes_course_idx" ON "session_notes" USING btree ("service_id","course_id");--> statement-breakpoint
CREATE INDEX "session_notes_patient_idx" ON "session_notes" USING btree ("service_id","patient_id");--> statement-breakpoint
CREATE INDEX "session_tasks_patient_idx" ON "session_tasks" USING btree ("service_id","patient_id","created_at");--> statement-breakpoint
CREATE INDEX "session_tasks_course_idx" ON "session_tasks" USING btree ("service_id","course_id");--> statement-breakpoint
CREATE INDEX "supervision_notes_course_idx" ON "supervision_notes" USING btree ("service_id","course_id","met_on");--> statement-breakpoint
CREATE INDEX "supervision_notes_supervisee_idx" ON "supervision_notes" USING btree ("service_id","supervisee_id");--> statement-breakpoint
ALTER TABLE session_notes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON session_notes USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE session_note_addenda ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON session_note_addenda USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE session_tasks ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON session_tasks USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE supervision_notes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON supervision_notes USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
--> statement-breakpoint
-- A signed session note is locked whoever connects (hazard H17, ADR 0017): the only change
-- allowed is the supervisor's countersignature of a trainee's note, once; no signed note is
-- deleted. Later changes are addenda, which are append-only.
CREATE OR REPLACE FUNCTION session_notes_locked() RETURNS trigger AS $$
DECLARE
  probe session_notes%ROWTYPE;
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.signed_at IS NOT NULL THEN
      RAISE EXCEPTION 'session note % is signed and cannot be deleted', OLD.id;
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.signed_at IS NULL THEN
    RETURN NEW;
  END IF;
  probe := NEW;
  probe.countersigned_at := OLD.countersigned_at;
  probe.countersigned_by := OLD.countersigned_by;
  IF probe IS DISTINCT FROM OLD
     OR (OLD.countersigned_at IS NOT NULL AND NEW IS DISTINCT FROM OLD) THEN
    RAISE EXCEPTION 'session note % is signed and locked: add an addendum instead', OLD.id;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER session_notes_locked BEFORE UPDATE OR DELETE ON session_notes
  FOR EACH ROW EXECUTE FUNCTION session_notes_locked();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION session_note_addenda_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'session note addenda are append-only';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER session_note_addenda_no_change BEFORE UPDATE OR DELETE ON session_note_addenda
  FOR EACH ROW EXECUTE FUNCTION session_note_addenda_append_only();
--> statement-breakpoint
-- A supervision note is a record of what was said: only the supervisee's acknowledgement is added.
CREATE OR REPLACE FUNCTION supervision_notes_locked() RETURNS trigger AS $$
DECLARE
  probe supervision_notes%ROWTYPE;
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'supervision note % cannot be deleted', OLD.id;
  END IF;
  probe := NEW;
  probe.acknowledged_at := OLD.acknowledged_at;
  IF probe IS DISTINCT FROM OLD OR (OLD.acknowledged_at IS NOT NULL AND NEW IS DISTINCT FROM OLD) THEN
    RAISE EXCEPTION 'supervision note % cannot be changed', OLD.id;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER supervision_notes_locked BEFORE UPDATE OR DELETE ON supervision_notes
  FOR EACH ROW EXECUTE FUNCTION supervision_notes_locked();
