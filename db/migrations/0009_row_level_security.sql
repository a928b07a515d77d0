CREATE TABLE "service_hosts" (
	"host" text PRIMARY KEY NOT NULL,
	"service_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "service_hosts" ADD CONSTRAINT "service_hosts_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "service_hosts_service_idx" ON "service_hosts" USING btree ("service_id");--> statement-breakpoint
-- Tenancy enforced by the database (docs/adr/0007). Requests run as rapport_app, a role that owns
-- nothing, with the request's service in the transaction setting rapport.service_id; the owner
-- (the migrating user: CLI, workers, migrations) is not subject to the policies.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rapport_app') THEN
    BEGIN
      CREATE ROLE rapport_app NOLOGIN;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE EXCEPTION 'role rapport_app is missing and % may not create it: as a superuser run CREATE ROLE rapport_app NOLOGIN; GRANT rapport_app TO %; (docs/operations.md)', current_user, current_user;
    END;
  END IF;
  IF NOT pg_has_role(current_user, 'rapport_app', 'MEMBER') THEN
    BEGIN
      EXECUTE format('GRANT rapport_app TO %I', current_user);
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE EXCEPTION '% must be a member of rapport_app to switch to it: as a superuser run GRANT rapport_app TO %; (docs/operations.md)', current_user, current_user;
    END;
  END IF;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO rapport_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO rapport_app;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO rapport_app;
--> statement-breakpoint
-- Tables later migrations create get the same grants; their policies are checked by a test.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO rapport_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO rapport_app;
--> statement-breakpoint
-- Audit rows are append-only; the deployment's secrets are never needed inside a request.
REVOKE UPDATE, DELETE ON audit_events FROM rapport_app;
--> statement-breakpoint
REVOKE ALL ON instance_secrets FROM rapport_app;
--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOR t IN
    SELECT c.table_name FROM information_schema.columns c
    JOIN information_schema.tables tb
      ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
    WHERE c.table_schema = 'public' AND c.column_name = 'service_id' AND tb.table_type = 'BASE TABLE'
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (service_id = nullif(current_setting(''rapport.service_id'', true), '''')::uuid) WITH CHECK (service_id = nullif(current_setting(''rapport.service_id'', true), '''')::uuid)',
      t);
  END LOOP;
END
$$;
--> statement-breakpoint
ALTER TABLE services ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON services
  USING (id = nullif(current_setting('rapport.service_id', true), '')::uuid)
  WITH CHECK (id = nullif(current_setting('rapport.service_id', true), '')::uuid);
