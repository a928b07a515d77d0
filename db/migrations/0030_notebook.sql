CREATE TABLE "notebook_folders" (
	"service_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "notebook_folders_service_id_id_pk" PRIMARY KEY("service_id","id"),
	CONSTRAINT "notebook_folders_owner_key" UNIQUE("service_id","patient_id","id")
);
--> statement-breakpoint
CREATE TABLE "notebook_notes" (
	"service_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"folder_id" uuid,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"shared_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "notebook_notes_service_id_id_pk" PRIMARY KEY("service_id","id")
);
--> statement-breakpoint
ALTER TABLE "notebook_folders" ADD CONSTRAINT "notebook_folders_service_id_patient_id_patients_service_id_id_fk" FOREIGN KEY ("service_id","patient_id") REFERENCES "public"."patients"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notebook_notes" ADD CONSTRAINT "notebook_notes_service_id_patient_id_patients_service_id_id_fk" FOREIGN KEY ("service_id","patient_id") REFERENCES "public"."patients"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notebook_notes" ADD CONSTRAINT "notebook_notes_folder_fk" FOREIGN KEY ("service_id","patient_id","folder_id") REFERENCES "public"."notebook_folders"("service_id","patient_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "notebook_folders_name_idx" ON "notebook_folders" USING btree ("service_id","patient_id",lower("name"));--> statement-breakpoint
CREATE INDEX "notebook_notes_patient_idx" ON "notebook_notes" USING btree ("service_id","patient_id","updated_at");--> statement-breakpoint
CREATE INDEX "notebook_notes_folder_idx" ON "notebook_notes" USING btree ("service_id","folder_id");--> statement-breakpoint
-- Tenancy (docs/adr/0007): the same policy as every service-owned table (0009).
ALTER TABLE notebook_folders ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON notebook_folders USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE notebook_notes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON notebook_notes USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
