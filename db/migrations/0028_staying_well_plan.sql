CREATE TABLE "staying_well_plan_versions" (
	"service_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"course_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"warning_signs" text DEFAULT '' NOT NULL,
	"what_helps" text DEFAULT '' NOT NULL,
	"contacts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"crisis_plan" text DEFAULT '' NOT NULL,
	"complete" boolean DEFAULT false NOT NULL,
	"saved_by" uuid NOT NULL,
	"saved_by_role" text NOT NULL,
	"saved_at" timestamp with time zone NOT NULL,
	CONSTRAINT "staying_well_plan_versions_service_id_id_pk" PRIMARY KEY("service_id","id"),
	CONSTRAINT "staying_well_plan_versions_course_version_key" UNIQUE("service_id","course_id","version"),
	CONSTRAINT "staying_well_plan_versions_version_check" CHECK ("staying_well_plan_versions"."version" >= 1),
	CONSTRAINT "staying_well_plan_versions_role_check" CHECK ("staying_well_plan_versions"."saved_by_role" in ('patient', 'clinician')),
	CONSTRAINT "staying_well_plan_versions_ready_check" CHECK (not "staying_well_plan_versions"."complete" or (btrim("staying_well_plan_versions"."crisis_plan") <> '' and btrim("staying_well_plan_versions"."warning_signs") <> ''))
);
--> statement-breakpoint
ALTER TABLE "staying_well_plan_versions" ADD CONSTRAINT "staying_well_plan_versions_service_id_course_id_treatment_courses_service_id_id_fk" FOREIGN KEY ("service_id","course_id") REFERENCES "public"."treatment_courses"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staying_well_plan_versions" ADD CONSTRAINT "staying_well_plan_versions_service_id_patient_id_patients_service_id_id_fk" FOREIGN KEY ("service_id","patient_id") REFERENCES "public"."patients"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staying_well_plan_versions" ADD CONSTRAINT "staying_well_plan_versions_service_id_saved_by_users_service_id_id_fk" FOREIGN KEY ("service_id","saved_by") REFERENCES "public"."users"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "staying_well_plan_versions_patient_idx" ON "staying_well_plan_versions" USING btree ("service_id","patient_id");--> statement-breakpoint
ALTER TABLE staying_well_plan_versions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON staying_well_plan_versions USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);

--> statement-breakpoint
-- Every save is a new version (H26): the app may add versions, never change or remove one.
REVOKE UPDATE, DELETE ON staying_well_plan_versions FROM rapport_app;
