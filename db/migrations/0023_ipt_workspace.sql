CREATE TABLE "ipt_aim_ratings" (
	"service_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"aim_id" uuid NOT NULL,
	"course_id" uuid NOT NULL,
	"rating" integer NOT NULL,
	"session_number" integer NOT NULL,
	"rated_by" uuid NOT NULL,
	"rated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ipt_aim_ratings_service_id_id_pk" PRIMARY KEY("service_id","id"),
	CONSTRAINT "ipt_aim_ratings_rating_check" CHECK ("ipt_aim_ratings"."rating" between 0 and 10),
	CONSTRAINT "ipt_aim_ratings_session_check" CHECK ("ipt_aim_ratings"."session_number" between 1 and 30)
);
--> statement-breakpoint
CREATE TABLE "ipt_aims" (
	"service_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"course_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"aim" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone,
	CONSTRAINT "ipt_aims_service_id_id_pk" PRIMARY KEY("service_id","id")
);
--> statement-breakpoint
CREATE TABLE "ipt_inventory_people" (
	"service_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"course_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"name" text NOT NULL,
	"relationship" text NOT NULL,
	"closeness" integer NOT NULL,
	"contact" text DEFAULT '' NOT NULL,
	"supportive" text DEFAULT '' NOT NULL,
	"difficult" text DEFAULT '' NOT NULL,
	"they_expect" text DEFAULT '' NOT NULL,
	"patient_expects" text DEFAULT '' NOT NULL,
	"wished_change" text DEFAULT '' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone,
	CONSTRAINT "ipt_inventory_people_service_id_id_pk" PRIMARY KEY("service_id","id"),
	CONSTRAINT "ipt_inventory_people_closeness_check" CHECK ("ipt_inventory_people"."closeness" between 1 and 3)
);
--> statement-breakpoint
CREATE TABLE "ipt_timeline_events" (
	"service_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"course_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"what" text NOT NULL,
	"occurred_on" text NOT NULL,
	"date_precision" text NOT NULL,
	"mood" integer NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone,
	CONSTRAINT "ipt_timeline_events_service_id_id_pk" PRIMARY KEY("service_id","id"),
	CONSTRAINT "ipt_timeline_events_mood_check" CHECK ("ipt_timeline_events"."mood" between 0 and 10),
	CONSTRAINT "ipt_timeline_events_precision_check" CHECK ("ipt_timeline_events"."date_precision" in ('day', 'month', 'year') and "ipt_timeline_events"."occurred_on" ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')
);
--> statement-breakpoint
CREATE TABLE "ipt_workspaces" (
	"service_id" uuid NOT NULL,
	"course_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"phase_override" text,
	"phase_override_reason" text,
	"phase_override_by" uuid,
	"phase_override_at" timestamp with time zone,
	"focal_area" text,
	"second_focal_area" text,
	"formulation" text,
	"formulation_by" uuid,
	"formulation_at" timestamp with time zone,
	"formulation_version" integer DEFAULT 0 NOT NULL,
	"agreed_version" integer,
	"agreed_at" timestamp with time zone,
	CONSTRAINT "ipt_workspaces_service_id_course_id_pk" PRIMARY KEY("service_id","course_id"),
	CONSTRAINT "ipt_workspaces_phase_check" CHECK ("ipt_workspaces"."phase_override" is null or ("ipt_workspaces"."phase_override" in ('initial', 'middle', 'ending') and "ipt_workspaces"."phase_override_reason" is not null)),
	CONSTRAINT "ipt_workspaces_focal_check" CHECK (("ipt_workspaces"."focal_area" is null or "ipt_workspaces"."focal_area" in ('interpersonal-disputes', 'role-transitions', 'grief', 'interpersonal-sensitivity')) and ("ipt_workspaces"."second_focal_area" is null or ("ipt_workspaces"."second_focal_area" in ('interpersonal-disputes', 'role-transitions', 'grief', 'interpersonal-sensitivity') and "ipt_workspaces"."focal_area" is not null and "ipt_workspaces"."second_focal_area" <> "ipt_workspaces"."focal_area"))),
	CONSTRAINT "ipt_workspaces_agreed_check" CHECK (("ipt_workspaces"."agreed_version" is null) = ("ipt_workspaces"."agreed_at" is null) and ("ipt_workspaces"."agreed_version" is null or "ipt_workspaces"."agreed_version" <= "ipt_workspaces"."formulation_version"))
);
--> statement-breakpoint
ALTER TABLE "ipt_aim_ratings" ADD CONSTRAINT "ipt_aim_ratings_service_id_aim_id_ipt_aims_service_id_id_fk" FOREIGN KEY ("service_id","aim_id") REFERENCES "public"."ipt_aims"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ipt_aim_ratings" ADD CONSTRAINT "ipt_aim_ratings_service_id_course_id_treatment_courses_service_id_id_fk" FOREIGN KEY ("service_id","course_id") REFERENCES "public"."treatment_courses"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ipt_aim_ratings" ADD CONSTRAINT "ipt_aim_ratings_service_id_rated_by_users_service_id_id_fk" FOREIGN KEY ("service_id","rated_by") REFERENCES "public"."users"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ipt_aims" ADD CONSTRAINT "ipt_aims_service_id_course_id_treatment_courses_service_id_id_fk" FOREIGN KEY ("service_id","course_id") REFERENCES "public"."treatment_courses"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ipt_aims" ADD CONSTRAINT "ipt_aims_service_id_patient_id_patients_service_id_id_fk" FOREIGN KEY ("service_id","patient_id") REFERENCES "public"."patients"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ipt_aims" ADD CONSTRAINT "ipt_aims_service_id_created_by_users_service_id_id_fk" FOREIGN KEY ("service_id","created_by") REFERENCES "public"."users"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ipt_inventory_people" ADD CONSTRAINT "ipt_inventory_people_service_id_course_id_treatment_courses_service_id_id_fk" FOREIGN KEY ("service_id","course_id") REFERENCES "public"."treatment_courses"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ipt_inventory_people" ADD CONSTRAINT "ipt_inventory_people_service_id_patient_id_patients_service_id_id_fk" FOREIGN KEY ("service_id","patient_id") REFERENCES "public"."patients"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ipt_inventory_people" ADD CONSTRAINT "ipt_inventory_people_service_id_created_by_users_service_id_id_fk" FOREIGN KEY ("service_id","created_by") REFERENCES "public"."users"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ipt_timeline_events" ADD CONSTRAINT "ipt_timeline_events_service_id_course_id_treatment_courses_service_id_id_fk" FOREIGN KEY ("service_id","course_id") REFERENCES "public"."treatment_courses"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ipt_timeline_events" ADD CONSTRAINT "ipt_timeline_events_service_id_patient_id_patients_service_id_id_fk" FOREIGN KEY ("service_id","patient_id") REFERENCES "public"."patients"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ipt_timeline_events" ADD CONSTRAINT "ipt_timeline_events_service_id_created_by_users_service_id_id_fk" FOREIGN KEY ("service_id","created_by") REFERENCES "public"."users"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ipt_workspaces" ADD CONSTRAINT "ipt_workspaces_service_id_course_id_treatment_courses_service_id_id_fk" FOREIGN KEY ("service_id","course_id") REFERENCES "public"."treatment_courses"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ipt_workspaces" ADD CONSTRAINT "ipt_workspaces_service_id_patient_id_patients_service_id_id_fk" FOREIGN KEY ("service_id","patient_id") REFERENCES "public"."patients"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ipt_workspaces" ADD CONSTRAINT "ipt_workspaces_service_id_phase_override_by_users_service_id_id_fk" FOREIGN KEY ("service_id","phase_override_by") REFERENCES "public"."users"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ipt_workspaces" ADD CONSTRAINT "ipt_workspaces_service_id_formulation_by_users_service_id_id_fk" FOREIGN KEY ("service_id","formulation_by") REFERENCES "public"."users"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ipt_aim_ratings_aim_idx" ON "ipt_aim_ratings" USING btree ("service_id","aim_id","rated_at");--> statement-breakpoint
CREATE INDEX "ipt_aims_course_idx" ON "ipt_aims" USING btree ("service_id","course_id");--> statement-breakpoint
CREATE INDEX "ipt_inventory_people_course_idx" ON "ipt_inventory_people" USING btree ("service_id","course_id");--> statement-breakpoint
CREATE INDEX "ipt_timeline_events_course_idx" ON "ipt_timeline_events" USING btree ("service_id","course_id");--> statement-breakpoint
ALTER TABLE ipt_workspaces ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON ipt_workspaces USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE ipt_inventory_people ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON ipt_inventory_people USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE ipt_timeline_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON ipt_timeline_events USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE ipt_aims ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON ipt_aims USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE ipt_aim_ratings ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON ipt_aim_ratings USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
