CREATE TABLE "wall_messages" (
	"service_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint NOT NULL,
	"change_seq" bigint NOT NULL,
	"author_id" uuid NOT NULL,
	"pseudonym" text NOT NULL,
	"avatar" text NOT NULL,
	"author_kind" text NOT NULL,
	"badge" text,
	"body" text NOT NULL,
	"client_key" text NOT NULL,
	"crisis" boolean DEFAULT false NOT NULL,
	"reviewed_at" timestamp with time zone,
	"posted_at" timestamp with time zone NOT NULL,
	"hidden_at" timestamp with time zone,
	"hidden_by" uuid,
	"hidden_reason" text,
	CONSTRAINT "wall_messages_service_id_id_pk" PRIMARY KEY("service_id","id")
);
--> statement-breakpoint
CREATE TABLE "wall_presence" (
	"service_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "wall_presence_service_id_connection_id_pk" PRIMARY KEY("service_id","connection_id")
);
--> statement-breakpoint
CREATE TABLE "wall_reports" (
	"service_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"message_id" uuid NOT NULL,
	"reporter_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "wall_reports_service_id_id_pk" PRIMARY KEY("service_id","id")
);
--> statement-breakpoint
CREATE TABLE "wall_sanctions" (
	"service_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"member_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"reason" text NOT NULL,
	"until" timestamp with time zone,
	"by_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "wall_sanctions_service_id_id_pk" PRIMARY KEY("service_id","id")
);
--> statement-breakpoint
CREATE TABLE "wall_sequences" (
	"service_id" uuid PRIMARY KEY NOT NULL,
	"last_seq" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "wall_messages" ADD CONSTRAINT "wall_messages_service_id_author_id_community_members_service_id_id_fk" FOREIGN KEY ("service_id","author_id") REFERENCES "public"."community_members"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wall_reports" ADD CONSTRAINT "wall_reports_service_id_message_id_wall_messages_service_id_id_fk" FOREIGN KEY ("service_id","message_id") REFERENCES "public"."wall_messages"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wall_sequences" ADD CONSTRAINT "wall_sequences_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "wall_messages_seq_idx" ON "wall_messages" USING btree ("service_id","seq");--> statement-breakpoint
CREATE INDEX "wall_messages_change_seq_idx" ON "wall_messages" USING btree ("service_id","change_seq");--> statement-breakpoint
CREATE UNIQUE INDEX "wall_messages_client_key_idx" ON "wall_messages" USING btree ("service_id","author_id","client_key");--> statement-breakpoint
CREATE INDEX "wall_messages_author_idx" ON "wall_messages" USING btree ("service_id","author_id","posted_at");--> statement-breakpoint
CREATE INDEX "wall_presence_seen_idx" ON "wall_presence" USING btree ("service_id","seen_at");--> statement-breakpoint
CREATE UNIQUE INDEX "wall_reports_once_idx" ON "wall_reports" USING btree ("service_id","message_id","reporter_id");--> statement-breakpoint
CREATE INDEX "wall_sanctions_member_idx" ON "wall_sanctions" USING btree ("service_id","member_id");--> statement-breakpoint
ALTER TABLE wall_sequences ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON wall_sequences USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE wall_messages ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON wall_messages USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE wall_reports ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON wall_reports USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE wall_sanctions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON wall_sanctions USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE wall_presence ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON wall_presence USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
