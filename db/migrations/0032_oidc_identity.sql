CREATE TABLE "identity_links" (
	"service_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"issuer" text NOT NULL,
	"subject" text NOT NULL,
	"user_id" uuid NOT NULL,
	"patient_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "identity_links_service_id_id_pk" PRIMARY KEY("service_id","id")
);
--> statement-breakpoint
CREATE TABLE "oidc_sign_in_flows" (
	"service_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"state" text NOT NULL,
	"nonce" text NOT NULL,
	"code_verifier" text NOT NULL,
	"next" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"callback_at" timestamp with time zone,
	"pending_issuer" text,
	"pending_subject" text,
	"pending_user_id" uuid,
	"pending_patient_id" uuid,
	CONSTRAINT "oidc_sign_in_flows_service_id_id_pk" PRIMARY KEY("service_id","id")
);
--> statement-breakpoint
ALTER TABLE "identity_links" ADD CONSTRAINT "identity_links_service_id_user_id_users_service_id_id_fk" FOREIGN KEY ("service_id","user_id") REFERENCES "public"."users"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "identity_links_subject_idx" ON "identity_links" USING btree ("service_id","issuer","subject");--> statement-breakpoint
CREATE UNIQUE INDEX "identity_links_user_idx" ON "identity_links" USING btree ("service_id","kind","user_id");--> statement-breakpoint
CREATE INDEX "oidc_sign_in_flows_created_idx" ON "oidc_sign_in_flows" USING btree ("service_id","created_at");--> statement-breakpoint
ALTER TABLE oidc_sign_in_flows ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON oidc_sign_in_flows USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE identity_links ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON identity_links USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
