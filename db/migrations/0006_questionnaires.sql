CREATE TABLE "questionnaire_drafts" (
	"service_id" uuid NOT NULL,
	"appointment_id" uuid NOT NULL,
	"measure_id" text NOT NULL,
	"patient_id" uuid NOT NULL,
	"answers" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid,
	"response_id" uuid,
	"submitted_at" timestamp with time zone,
	CONSTRAINT "questionnaire_drafts_service_id_appointment_id_measure_id_pk" PRIMARY KEY("service_id","appointment_id","measure_id")
);
--> statement-breakpoint
ALTER TABLE "questionnaire_drafts" ADD CONSTRAINT "questionnaire_drafts_service_id_appointment_id_appointments_service_id_id_fk" FOREIGN KEY ("service_id","appointment_id") REFERENCES "public"."appointments"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire_drafts" ADD CONSTRAINT "questionnaire_drafts_service_id_patient_id_patients_service_id_id_fk" FOREIGN KEY ("service_id","patient_id") REFERENCES "public"."patients"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "questionnaire_drafts_patient_idx" ON "questionnaire_drafts" USING btree ("service_id","patient_id");