CREATE TABLE "appointments" (
	"service_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"therapist_id" uuid NOT NULL,
	"course_id" uuid,
	"type" text NOT NULL,
	"session_number" integer,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"mode" text NOT NULL,
	"location_id" uuid,
	"room_id" uuid,
	"status" text DEFAULT 'booked' NOT NULL,
	"series_id" uuid,
	"cancelled_by" text,
	"cancellation_reason" text,
	"cancelled_at" timestamp with time zone,
	"attendance_recorded_at" timestamp with time zone,
	"attendance_recorded_by" uuid,
	"rearrange_requested_at" timestamp with time zone,
	"rearrange_request_reason" text,
	"rearranged_at" timestamp with time zone,
	"booked_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "appointments_service_id_id_pk" PRIMARY KEY("service_id","id"),
	CONSTRAINT "appointments_times_check" CHECK ("appointments"."ends_at" > "appointments"."starts_at"),
	CONSTRAINT "appointments_type_check" CHECK ("appointments"."type" in ('assessment', 'ipt_session', 'review')),
	CONSTRAINT "appointments_mode_check" CHECK ("appointments"."mode" in ('video', 'face_to_face', 'phone')),
	CONSTRAINT "appointments_status_check" CHECK ("appointments"."status" in ('booked', 'attended', 'arrived_late', 'did_not_attend', 'cancelled')),
	CONSTRAINT "appointments_ipt_not_phone_check" CHECK ("appointments"."type" <> 'ipt_session' or "appointments"."mode" <> 'phone'),
	CONSTRAINT "appointments_ipt_length_check" CHECK ("appointments"."type" <> 'ipt_session' or "appointments"."ends_at" - "appointments"."starts_at" <= interval '50 minutes'),
	CONSTRAINT "appointments_ipt_course_check" CHECK ("appointments"."type" <> 'ipt_session' or "appointments"."course_id" is not null),
	CONSTRAINT "appointments_face_to_face_room_check" CHECK ("appointments"."mode" <> 'face_to_face' or ("appointments"."location_id" is not null and "appointments"."room_id" is not null)),
	CONSTRAINT "appointments_cancelled_check" CHECK ("appointments"."status" <> 'cancelled' or ("appointments"."cancelled_by" in ('patient', 'service') and "appointments"."cancellation_reason" is not null))
);
--> statement-breakpoint
CREATE TABLE "therapist_locations" (
	"service_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	CONSTRAINT "therapist_locations_service_id_user_id_location_id_pk" PRIMARY KEY("service_id","user_id","location_id")
);
--> statement-breakpoint
CREATE TABLE "therapist_profiles" (
	"service_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"job_title" text DEFAULT '' NOT NULL,
	"professional_body" text,
	"registration_number" text,
	"trainee" boolean DEFAULT false NOT NULL,
	"supervisor_id" uuid,
	"therapies" text[] DEFAULT '{}' NOT NULL,
	"working_pattern" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "therapist_profiles_service_id_user_id_pk" PRIMARY KEY("service_id","user_id"),
	CONSTRAINT "therapist_profiles_body_check" CHECK ("therapist_profiles"."professional_body" is null or "therapist_profiles"."professional_body" in ('HCPC', 'BACP', 'UKCP', 'BABCP')),
	CONSTRAINT "therapist_profiles_not_own_supervisor_check" CHECK ("therapist_profiles"."supervisor_id" is null or "therapist_profiles"."supervisor_id" <> "therapist_profiles"."user_id")
);
--> statement-breakpoint
CREATE TABLE "treatment_courses" (
	"service_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"referral_id" uuid,
	"therapist_id" uuid NOT NULL,
	"therapy" text DEFAULT 'ipt' NOT NULL,
	"planned_sessions" integer NOT NULL,
	"mode_preference" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"attended_sessions" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"allocated_by" uuid,
	"ended_at" timestamp with time zone,
	"ended_reason" text,
	CONSTRAINT "treatment_courses_service_id_id_pk" PRIMARY KEY("service_id","id"),
	CONSTRAINT "treatment_courses_status_check" CHECK ("treatment_courses"."status" in ('active', 'ended')),
	CONSTRAINT "treatment_courses_mode_check" CHECK ("treatment_courses"."mode_preference" in ('video', 'face_to_face')),
	CONSTRAINT "treatment_courses_ipt_sessions_check" CHECK ("treatment_courses"."therapy" <> 'ipt' or "treatment_courses"."planned_sessions" between 12 and 16),
	CONSTRAINT "treatment_courses_attended_check" CHECK ("treatment_courses"."attended_sessions" >= 0 and "treatment_courses"."attended_sessions" <= "treatment_courses"."planned_sessions")
);
--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_service_id_patient_id_patients_service_id_id_fk" FOREIGN KEY ("service_id","patient_id") REFERENCES "public"."patients"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_service_id_therapist_id_users_service_id_id_fk" FOREIGN KEY ("service_id","therapist_id") REFERENCES "public"."users"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_service_id_course_id_treatment_courses_service_id_id_fk" FOREIGN KEY ("service_id","course_id") REFERENCES "public"."treatment_courses"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_service_id_location_id_locations_service_id_id_fk" FOREIGN KEY ("service_id","location_id") REFERENCES "public"."locations"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_service_id_room_id_rooms_service_id_id_fk" FOREIGN KEY ("service_id","room_id") REFERENCES "public"."rooms"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "therapist_locations" ADD CONSTRAINT "therapist_locations_service_id_user_id_therapist_profiles_service_id_user_id_fk" FOREIGN KEY ("service_id","user_id") REFERENCES "public"."therapist_profiles"("service_id","user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "therapist_locations" ADD CONSTRAINT "therapist_locations_service_id_location_id_locations_service_id_id_fk" FOREIGN KEY ("service_id","location_id") REFERENCES "public"."locations"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "therapist_profiles" ADD CONSTRAINT "therapist_profiles_service_id_user_id_users_service_id_id_fk" FOREIGN KEY ("service_id","user_id") REFERENCES "public"."users"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "therapist_profiles" ADD CONSTRAINT "therapist_profiles_service_id_supervisor_id_users_service_id_id_fk" FOREIGN KEY ("service_id","supervisor_id") REFERENCES "public"."users"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_courses" ADD CONSTRAINT "treatment_courses_service_id_patient_id_patients_service_id_id_fk" FOREIGN KEY ("service_id","patient_id") REFERENCES "public"."patients"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_courses" ADD CONSTRAINT "treatment_courses_service_id_referral_id_referrals_service_id_id_fk" FOREIGN KEY ("service_id","referral_id") REFERENCES "public"."referrals"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_courses" ADD CONSTRAINT "treatment_courses_service_id_therapist_id_users_service_id_id_fk" FOREIGN KEY ("service_id","therapist_id") REFERENCES "public"."users"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "appointments_therapist_idx" ON "appointments" USING btree ("service_id","therapist_id","starts_at");--> statement-breakpoint
CREATE INDEX "appointments_patient_idx" ON "appointments" USING btree ("service_id","patient_id","starts_at");--> statement-breakpoint
CREATE INDEX "appointments_room_idx" ON "appointments" USING btree ("service_id","room_id","starts_at");--> statement-breakpoint
CREATE INDEX "appointments_starts_idx" ON "appointments" USING btree ("service_id","starts_at");--> statement-breakpoint
CREATE INDEX "appointments_course_idx" ON "appointments" USING btree ("service_id","course_id");--> statement-breakpoint
CREATE INDEX "therapist_locations_location_idx" ON "therapist_locations" USING btree ("service_id","location_id");--> statement-breakpoint
CREATE INDEX "therapist_profiles_supervisor_idx" ON "therapist_profiles" USING btree ("service_id","supervisor_id");--> statement-breakpoint
CREATE UNIQUE INDEX "treatment_courses_one_active_idx" ON "treatment_courses" USING btree ("service_id","patient_id","therapy") WHERE "treatment_courses"."status" = 'active';--> statement-breakpoint
CREATE INDEX "treatment_courses_therapist_idx" ON "treatment_courses" USING btree ("service_id","therapist_id","status");--> statement-breakpoint
CREATE INDEX "treatment_courses_referral_idx" ON "treatment_courses" USING btree ("service_id","referral_id");