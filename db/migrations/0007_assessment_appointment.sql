ALTER TABLE "assessments" ADD COLUMN "appointment_id" uuid;--> statement-breakpoint
CREATE INDEX "assessments_appointment_idx" ON "assessments" USING btree ("service_id","appointment_id");