ALTER TABLE "measure_responses" ADD COLUMN "patient_answers" jsonb;--> statement-breakpoint
ALTER TABLE "measure_responses" ADD COLUMN "patient_saved_at" timestamp with time zone;