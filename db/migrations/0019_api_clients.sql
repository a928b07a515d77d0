CREATE TABLE "api_client_assertions" (
	"service_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"jti" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "api_client_assertions_service_id_client_id_jti_pk" PRIMARY KEY("service_id","client_id","jti")
);
--> statement-breakpoint
CREATE TABLE "api_clients" (
	"service_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"scopes" text[] NOT NULL,
	"jwks" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid NOT NULL,
	"deactivated_at" timestamp with time zone,
	CONSTRAINT "api_clients_service_id_id_pk" PRIMARY KEY("service_id","id")
);
--> statement-breakpoint
ALTER TABLE "api_client_assertions" ADD CONSTRAINT "api_client_assertions_service_id_client_id_api_clients_service_id_id_fk" FOREIGN KEY ("service_id","client_id") REFERENCES "public"."api_clients"("service_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_clients" ADD CONSTRAINT "api_clients_service_id_created_by_users_service_id_id_fk" FOREIGN KEY ("service_id","created_by") REFERENCES "public"."users"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_client_assertions_expiry_idx" ON "api_client_assertions" USING btree ("service_id","expires_at");--> statement-breakpoint
-- Tenancy, as every service-owned table (db/migrations/0009_row_level_security.sql).
ALTER TABLE "api_clients" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "api_clients" USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE "api_client_assertions" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "api_client_assertions" USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "api_clients", "api_client_assertions" TO rapport_app;
