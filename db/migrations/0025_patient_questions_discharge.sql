CREATE TABLE "message_threads" (
	"service_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"addressed_to" text NOT NULL,
	"therapist_id" uuid,
	"subject" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"waiting_since" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"last_message_at" timestamp with time zone NOT NULL,
	"patient_read_at" timestamp with time zone,
	CONSTRAINT "message_threads_service_id_id_pk" PRIMARY KEY("service_id","id"),
	CONSTRAINT "message_threads_addressee_check" CHECK ("message_threads"."addressed_to" in ('therapist', 'service') and ("message_threads"."addressed_to" = 'service' or "message_threads"."therapist_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "thread_messages" (
	"service_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"thread_id" uuid NOT NULL,
	"author" text NOT NULL,
	"author_user_id" uuid NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "thread_messages_service_id_id_pk" PRIMARY KEY("service_id","id"),
	CONSTRAINT "thread_messages_author_check" CHECK ("thread_messages"."author" in ('patient', 'staff'))
);
--> statement-breakpoint
ALTER TABLE "message_threads" ADD CONSTRAINT "message_threads_service_id_patient_id_patients_service_id_id_fk" FOREIGN KEY ("service_id","patient_id") REFERENCES "public"."patients"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_threads" ADD CONSTRAINT "message_threads_service_id_therapist_id_users_service_id_id_fk" FOREIGN KEY ("service_id","therapist_id") REFERENCES "public"."users"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "thread_messages" ADD CONSTRAINT "thread_messages_service_id_thread_id_message_threads_service_id_id_fk" FOREIGN KEY ("service_id","thread_id") REFERENCES "public"."message_threads"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "thread_messages" ADD CONSTRAINT "thread_messages_service_id_author_user_id_users_service_id_id_fk" FOREIGN KEY ("service_id","author_user_id") REFERENCES "public"."users"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "message_threads_patient_idx" ON "message_threads" USING btree ("service_id","patient_id","last_message_at");--> statement-breakpoint
CREATE INDEX "message_threads_waiting_idx" ON "message_threads" USING btree ("service_id","waiting_since");--> statement-breakpoint
CREATE INDEX "thread_messages_thread_idx" ON "thread_messages" USING btree ("service_id","thread_id","created_at");--> statement-breakpoint
ALTER TABLE message_threads ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON message_threads USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE thread_messages ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON thread_messages USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
--> statement-breakpoint
CREATE TABLE "discharges" (
	"service_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"course_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"community_invite" boolean NOT NULL,
	"peq_answered_at" timestamp with time zone,
	"discharged_by" uuid NOT NULL,
	"discharged_at" timestamp with time zone NOT NULL,
	CONSTRAINT "discharges_service_id_id_pk" PRIMARY KEY("service_id","id"),
	CONSTRAINT "discharges_reason_check" CHECK ("discharges"."reason" in ('completed', 'dropped_out', 'declined_further', 'moved_away', 'referred_on'))
);
--> statement-breakpoint
CREATE TABLE "letters" (
	"service_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"source_key" text NOT NULL,
	"content" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "letters_service_id_id_pk" PRIMARY KEY("service_id","id"),
	CONSTRAINT "letters_kind_check" CHECK ("letters"."kind" in ('discharge_gp', 'discharge_patient', 'onward_referral'))
);
--> statement-breakpoint
CREATE TABLE "peq_responses" (
	"service_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"month" text NOT NULL,
	"answers" jsonb NOT NULL,
	CONSTRAINT "peq_responses_service_id_id_pk" PRIMARY KEY("service_id","id")
);
--> statement-breakpoint
ALTER TABLE "discharges" ADD CONSTRAINT "discharges_service_id_course_id_treatment_courses_service_id_id_fk" FOREIGN KEY ("service_id","course_id") REFERENCES "public"."treatment_courses"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discharges" ADD CONSTRAINT "discharges_service_id_patient_id_patients_service_id_id_fk" FOREIGN KEY ("service_id","patient_id") REFERENCES "public"."patients"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discharges" ADD CONSTRAINT "discharges_service_id_discharged_by_users_service_id_id_fk" FOREIGN KEY ("service_id","discharged_by") REFERENCES "public"."users"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_service_id_patient_id_patients_service_id_id_fk" FOREIGN KEY ("service_id","patient_id") REFERENCES "public"."patients"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "discharges_course_idx" ON "discharges" USING btree ("service_id","course_id");--> statement-breakpoint
CREATE INDEX "discharges_patient_idx" ON "discharges" USING btree ("service_id","patient_id");--> statement-breakpoint
CREATE UNIQUE INDEX "letters_source_idx" ON "letters" USING btree ("service_id","source_key");--> statement-breakpoint
CREATE INDEX "letters_patient_idx" ON "letters" USING btree ("service_id","patient_id","created_at");--> statement-breakpoint
CREATE INDEX "peq_responses_month_idx" ON "peq_responses" USING btree ("service_id","month");--> statement-breakpoint
ALTER TABLE discharges ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON discharges USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE peq_responses ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON peq_responses USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE letters ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON letters USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
