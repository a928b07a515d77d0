CREATE TABLE "assessments" (
	"service_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"referral_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"clinician_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"duration_minutes" integer DEFAULT 60 NOT NULL,
	"mode" text NOT NULL,
	"status" text DEFAULT 'booked' NOT NULL,
	"presenting_problem" text,
	"presenting_problem_other" text,
	"risk_level" text,
	"risk_agreed" text,
	"safety_plan" text,
	"decision" text,
	"other_treatment" text,
	"signposted_to" text,
	"decision_reason" text,
	"patient_message" text,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone,
	"booked_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "assessments_service_id_id_pk" PRIMARY KEY("service_id","id")
);
--> statement-breakpoint
CREATE TABLE "measure_responses" (
	"service_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"measure_id" text NOT NULL,
	"context" text NOT NULL,
	"patient_id" uuid,
	"referral_id" uuid,
	"assessment_id" uuid,
	"appointment_id" uuid,
	"course_id" uuid,
	"answers" jsonb NOT NULL,
	"total" integer,
	"band" text,
	"risk_flag" boolean DEFAULT false NOT NULL,
	"completed_at" timestamp with time zone NOT NULL,
	"entered_by" uuid,
	"entered_by_role" text NOT NULL,
	"supersedes_id" uuid,
	"superseded_at" timestamp with time zone,
	"correction_reason" text,
	CONSTRAINT "measure_responses_service_id_id_pk" PRIMARY KEY("service_id","id")
);
--> statement-breakpoint
CREATE TABLE "referral_drafts" (
	"service_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"answers" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"referral_id" uuid,
	CONSTRAINT "referral_drafts_service_id_token_hash_pk" PRIMARY KEY("service_id","token_hash")
);
--> statement-breakpoint
CREATE TABLE "referrals" (
	"service_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"source" text DEFAULT 'self' NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"urgent" boolean DEFAULT false NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"given_name" text NOT NULL,
	"family_name" text NOT NULL,
	"date_of_birth" date NOT NULL,
	"postcode" text NOT NULL,
	"nhs_number" text,
	"email" text,
	"mobile" text,
	"answers" jsonb NOT NULL,
	"submission_key" text NOT NULL,
	"patient_id" uuid,
	"closed_reason" text,
	"closed_note" text,
	"closed_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "referrals_service_id_id_pk" PRIMARY KEY("service_id","id")
);
--> statement-breakpoint
CREATE TABLE "risk_alerts" (
	"service_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"source" text NOT NULL,
	"reason" text NOT NULL,
	"patient_id" uuid,
	"referral_id" uuid,
	"source_record_id" uuid,
	"responsible_clinician_id" uuid,
	"raised_at" timestamp with time zone NOT NULL,
	"escalate_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"action_taken" text,
	"actioned_by" uuid,
	"actioned_at" timestamp with time zone,
	CONSTRAINT "risk_alerts_service_id_id_pk" PRIMARY KEY("service_id","id")
);
--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "address" text;--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "gp_practice" text;--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "allow_email" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "allow_sms" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "allow_voicemail" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "assessments_referral_idx" ON "assessments" USING btree ("service_id","referral_id");--> statement-breakpoint
CREATE INDEX "assessments_clinician_idx" ON "assessments" USING btree ("service_id","clinician_id","starts_at");--> statement-breakpoint
CREATE INDEX "assessments_patient_idx" ON "assessments" USING btree ("service_id","patient_id");--> statement-breakpoint
CREATE INDEX "measure_responses_patient_idx" ON "measure_responses" USING btree ("service_id","patient_id","measure_id","completed_at");--> statement-breakpoint
CREATE INDEX "measure_responses_referral_idx" ON "measure_responses" USING btree ("service_id","referral_id");--> statement-breakpoint
CREATE INDEX "measure_responses_appointment_idx" ON "measure_responses" USING btree ("service_id","appointment_id");--> statement-breakpoint
CREATE INDEX "referral_drafts_expiry_idx" ON "referral_drafts" USING btree ("service_id","expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "referrals_reference_idx" ON "referrals" USING btree ("service_id","reference");--> statement-breakpoint
CREATE UNIQUE INDEX "referrals_submission_idx" ON "referrals" USING btree ("service_id","submission_key");--> statement-breakpoint
CREATE INDEX "referrals_queue_idx" ON "referrals" USING btree ("service_id","status","urgent","received_at");--> statement-breakpoint
CREATE INDEX "referrals_patient_idx" ON "referrals" USING btree ("service_id","patient_id");--> statement-breakpoint
CREATE INDEX "risk_alerts_open_idx" ON "risk_alerts" USING btree ("service_id","actioned_at","raised_at");--> statement-breakpoint
CREATE INDEX "risk_alerts_clinician_idx" ON "risk_alerts" USING btree ("service_id","responsible_clinician_id","actioned_at");--> statement-breakpoint
CREATE INDEX "risk_alerts_patient_idx" ON "risk_alerts" USING btree ("service_id","patient_id");--> statement-breakpoint
CREATE INDEX "risk_alerts_referral_idx" ON "risk_alerts" USING btree ("service_id","referral_id");