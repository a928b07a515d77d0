CREATE TABLE "imd_deciles" (
	"postcode" text PRIMARY KEY NOT NULL,
	"decile" smallint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_daily" (
	"service_id" uuid NOT NULL,
	"day" date NOT NULL,
	"counts" jsonb NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "report_daily_service_id_day_pk" PRIMARY KEY("service_id","day")
);
--> statement-breakpoint
CREATE TABLE "report_summary_state" (
	"service_id" uuid PRIMARY KEY NOT NULL,
	"lease_holder" text,
	"lease_until" timestamp with time zone,
	"refreshed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE report_daily ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON report_daily USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE report_summary_state ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON report_summary_state USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE imd_deciles ADD CONSTRAINT imd_deciles_decile_check CHECK (decile BETWEEN 1 AND 10);
--> statement-breakpoint
-- Reference data: the app reads it; only the operator (the owner, `rapport import-imd`) changes it.
REVOKE INSERT, UPDATE, DELETE ON imd_deciles FROM rapport_app;
