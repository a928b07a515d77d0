CREATE TABLE "notice_appointments" (
	"service_id" uuid NOT NULL,
	"notice_key" text NOT NULL,
	"appointment_id" uuid NOT NULL,
	CONSTRAINT "notice_appointments_service_id_notice_key_appointment_id_pk" PRIMARY KEY("service_id","notice_key","appointment_id")
);
--> statement-breakpoint
ALTER TABLE "notice_appointments" ADD CONSTRAINT "notice_appointments_service_id_appointment_id_appointments_service_id_id_fk" FOREIGN KEY ("service_id","appointment_id") REFERENCES "public"."appointments"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notice_appointments_appointment_idx" ON "notice_appointments" USING btree ("service_id","appointment_id");--> statement-breakpoint
ALTER TABLE "notice_appointments" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "notice_appointments" USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
--> statement-breakpoint
GRANT SELECT, INSERT ON "notice_appointments" TO rapport_app;
