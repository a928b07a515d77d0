CREATE TABLE "onward_referrals" (
	"service_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"referral_id" uuid NOT NULL,
	"assessment_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"treatment" text NOT NULL,
	"receiving_service" text NOT NULL,
	"reason" text NOT NULL,
	"discussed" text NOT NULL,
	"urgency" text NOT NULL,
	"letter_id" uuid,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "onward_referrals_service_id_id_pk" PRIMARY KEY("service_id","id"),
	CONSTRAINT "onward_referrals_urgency_check" CHECK ("onward_referrals"."urgency" in ('routine', 'soon', 'urgent'))
);
--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "attachment_letter_id" uuid;--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "gp_email" text;--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "allow_letters_by_email" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "onward_referrals" ADD CONSTRAINT "onward_referrals_service_id_referral_id_referrals_service_id_id_fk" FOREIGN KEY ("service_id","referral_id") REFERENCES "public"."referrals"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onward_referrals" ADD CONSTRAINT "onward_referrals_service_id_assessment_id_assessments_service_id_id_fk" FOREIGN KEY ("service_id","assessment_id") REFERENCES "public"."assessments"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onward_referrals" ADD CONSTRAINT "onward_referrals_service_id_patient_id_patients_service_id_id_fk" FOREIGN KEY ("service_id","patient_id") REFERENCES "public"."patients"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onward_referrals" ADD CONSTRAINT "onward_referrals_service_id_created_by_users_service_id_id_fk" FOREIGN KEY ("service_id","created_by") REFERENCES "public"."users"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "onward_referrals_assessment_idx" ON "onward_referrals" USING btree ("service_id","assessment_id");--> statement-breakpoint
CREATE INDEX "onward_referrals_referral_idx" ON "onward_referrals" USING btree ("service_id","referral_id");--> statement-breakpoint
CREATE INDEX "onward_referrals_patient_idx" ON "onward_referrals" USING btree ("service_id","patient_id");--> statement-breakpoint
CREATE INDEX "onward_referrals_service_name_idx" ON "onward_referrals" USING btree ("service_id","receiving_service");--> statement-breakpoint
ALTER TABLE onward_referrals ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON onward_referrals USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
