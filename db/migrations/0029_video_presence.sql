CREATE TABLE "video_room_admissions" (
	"service_id" uuid NOT NULL,
	"appointment_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "video_room_admissions_service_id_appointment_id_user_id_pk" PRIMARY KEY("service_id","appointment_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "video_room_members" (
	"service_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"appointment_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"admitted" boolean NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "video_room_members_service_id_id_pk" PRIMARY KEY("service_id","id")
);
--> statement-breakpoint
CREATE TABLE "video_signals" (
	"service_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"to_member" uuid NOT NULL,
	"message" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "video_signals_service_id_id_pk" PRIMARY KEY("service_id","id")
);
--> statement-breakpoint
ALTER TABLE "video_room_admissions" ADD CONSTRAINT "video_room_admissions_service_id_appointment_id_appointments_service_id_id_fk" FOREIGN KEY ("service_id","appointment_id") REFERENCES "public"."appointments"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_room_admissions" ADD CONSTRAINT "video_room_admissions_service_id_user_id_users_service_id_id_fk" FOREIGN KEY ("service_id","user_id") REFERENCES "public"."users"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_room_members" ADD CONSTRAINT "video_room_members_service_id_appointment_id_appointments_service_id_id_fk" FOREIGN KEY ("service_id","appointment_id") REFERENCES "public"."appointments"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_room_members" ADD CONSTRAINT "video_room_members_service_id_user_id_users_service_id_id_fk" FOREIGN KEY ("service_id","user_id") REFERENCES "public"."users"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "video_room_members_room_idx" ON "video_room_members" USING btree ("service_id","appointment_id");
--> statement-breakpoint
ALTER TABLE "video_room_members" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "video_room_members" USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "video_room_members" TO rapport_app;
--> statement-breakpoint
ALTER TABLE "video_signals" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "video_signals" USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON "video_signals" TO rapport_app;
--> statement-breakpoint
ALTER TABLE "video_room_admissions" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "video_room_admissions" USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON "video_room_admissions" TO rapport_app;
