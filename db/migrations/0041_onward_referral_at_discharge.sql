ALTER TABLE "onward_referrals" ALTER COLUMN "assessment_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "onward_referrals" ALTER COLUMN "treatment" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "onward_referrals" ADD COLUMN "course_id" uuid;--> statement-breakpoint
ALTER TABLE "onward_referrals" ADD CONSTRAINT "onward_referrals_service_id_course_id_treatment_courses_service_id_id_fk" FOREIGN KEY ("service_id","course_id") REFERENCES "public"."treatment_courses"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "onward_referrals_course_idx" ON "onward_referrals" USING btree ("service_id","course_id");--> statement-breakpoint
ALTER TABLE "onward_referrals" ADD CONSTRAINT "onward_referrals_made_at_check" CHECK (("onward_referrals"."assessment_id" is null) <> ("onward_referrals"."course_id" is null) and ("onward_referrals"."assessment_id" is null or "onward_referrals"."treatment" is not null));