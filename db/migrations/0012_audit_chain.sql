CREATE TABLE "audit_checkpoints" (
	"service_id" uuid NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "audit_checkpoints_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"seq" bigint NOT NULL,
	"head_hash" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"signature" text NOT NULL,
	CONSTRAINT "audit_checkpoints_service_id_id_pk" PRIMARY KEY("service_id","id")
);
--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "seq" bigint;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "prev_hash" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "hash" text;--> statement-breakpoint
CREATE INDEX "audit_checkpoints_seq_idx" ON "audit_checkpoints" USING btree ("service_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_events_chain_idx" ON "audit_events" USING btree ("service_id","seq");--> statement-breakpoint
-- Tamper-evident audit (docs/adr/0010). Each row's hash covers its content and the previous row's
-- hash in the same service. The exact text hashed is this function's output; `rapport audit
-- verify` (src/platform/audit-chain.ts) rebuilds it independently and must agree.
CREATE OR REPLACE FUNCTION audit_event_payload(e audit_events) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_array(
    e.service_id, e.id, e.seq, e.prev_hash,
    to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    e.user_id, e.role, e.action, e.patient_id, e.record_type, e.record_id, e.outcome, e.reason,
    e.ip, e.request_id, e.details
  )::text
$$;
--> statement-breakpoint
-- Runs as the inserting role (rapport_app under row-level security sees its own service's rows,
-- which is the chain it extends). The advisory lock serialises writers per service from the audit
-- insert to the end of the transaction; a new statement snapshot then sees the committed head.
CREATE OR REPLACE FUNCTION audit_events_chain() RETURNS trigger
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  head_seq bigint;
  head_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('rapport.audit_chain:' || NEW.service_id::text, 0));
  SELECT seq, hash INTO head_seq, head_hash FROM audit_events
    WHERE service_id = NEW.service_id AND seq IS NOT NULL
    ORDER BY seq DESC LIMIT 1;
  NEW.seq := coalesce(head_seq, 0) + 1;
  NEW.prev_hash := coalesce(head_hash, repeat('0', 64));
  NEW.hash := encode(sha256(convert_to(audit_event_payload(NEW), 'UTF8')), 'hex');
  RETURN NEW;
END;
$$;
--> statement-breakpoint
-- Existing rows join the chain in the order they were written.
ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update;
--> statement-breakpoint
DO $$
DECLARE
  r record;
  prev_service uuid := NULL;
  n bigint := 0;
  prev text;
  h text;
BEGIN
  FOR r IN SELECT service_id, id FROM audit_events ORDER BY service_id, id LOOP
    IF prev_service IS DISTINCT FROM r.service_id THEN
      prev_service := r.service_id;
      n := 0;
      prev := repeat('0', 64);
    END IF;
    n := n + 1;
    UPDATE audit_events SET seq = n, prev_hash = prev
      WHERE service_id = r.service_id AND id = r.id;
    SELECT encode(sha256(convert_to(audit_event_payload(e), 'UTF8')), 'hex') INTO h
      FROM audit_events e WHERE e.service_id = r.service_id AND e.id = r.id;
    UPDATE audit_events SET hash = h WHERE service_id = r.service_id AND id = r.id;
    prev := h;
  END LOOP;
END
$$;
--> statement-breakpoint
ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update;
--> statement-breakpoint
CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_chain();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION append_only();
--> statement-breakpoint
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION append_only();
--> statement-breakpoint
-- The request role may add a checkpoint (a forged one fails its signature) but never change one.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_checkpoints FROM rapport_app;
--> statement-breakpoint
REVOKE TRUNCATE ON audit_events FROM rapport_app;
--> statement-breakpoint
ALTER TABLE audit_checkpoints ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON audit_checkpoints USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
--> statement-breakpoint
-- A server started as a role that may not migrate checks the schema is current (docs/adr/0011).
GRANT USAGE ON SCHEMA drizzle TO rapport_app;
--> statement-breakpoint
GRANT SELECT ON drizzle.__drizzle_migrations TO rapport_app;
