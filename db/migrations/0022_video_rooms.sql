CREATE TABLE "video_consents" (
	"service_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"supervisor_may_join" boolean NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid NOT NULL,
	CONSTRAINT "video_consents_service_id_patient_id_pk" PRIMARY KEY("service_id","patient_id")
);
--> statement-breakpoint
CREATE TABLE "video_room_events" (
	"service_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"appointment_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"event" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "video_room_events_service_id_id_pk" PRIMARY KEY("service_id","id")
);
--> statement-breakpoint
ALTER TABLE "video_consents" ADD CONSTRAINT "video_consents_service_id_patient_id_patients_service_id_id_fk" FOREIGN KEY ("service_id","patient_id") REFERENCES "public"."patients"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_consents" ADD CONSTRAINT "video_consents_service_id_recorded_by_users_service_id_id_fk" FOREIGN KEY ("service_id","recorded_by") REFERENCES "public"."users"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_room_events" ADD CONSTRAINT "video_room_events_service_id_appointment_id_appointments_service_id_id_fk" FOREIGN KEY ("service_id","appointment_id") REFERENCES "public"."appointments"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_room_events" ADD CONSTRAINT "video_room_events_service_id_user_id_users_service_id_id_fk" FOREIGN KEY ("service_id","user_id") REFERENCES "public"."users"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "video_room_events_appointment_idx" ON "video_room_events" USING btree ("service_id","appointment_id","at");--> statement-breakpoint
ALTER TABLE "video_consents" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "video_consents" USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "video_consents" TO rapport_app;
--> statement-breakpoint
ALTER TABLE "video_room_events" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "video_room_events" USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
--> statement-breakpoint
GRANT SELECT, INSERT ON "video_room_events" TO rapport_app;
