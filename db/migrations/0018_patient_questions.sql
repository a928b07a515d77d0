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
