CREATE TABLE "form_submissions" (
	"service_id" uuid NOT NULL,
	"form_key" text NOT NULL,
	"body_hash" text NOT NULL,
	"location" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "form_submissions_service_id_form_key_body_hash_pk" PRIMARY KEY("service_id","form_key","body_hash")
);
--> statement-breakpoint
CREATE INDEX "form_submissions_created_idx" ON "form_submissions" USING btree ("service_id","created_at");--> statement-breakpoint
ALTER TABLE form_submissions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON form_submissions USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
--> statement-breakpoint
REVOKE UPDATE ON form_submissions FROM rapport_app;
