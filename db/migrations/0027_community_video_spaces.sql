CREATE TABLE "community_video_spaces" (
	"service_id" uuid NOT NULL,
	"video_id" uuid NOT NULL,
	"space_id" uuid NOT NULL,
	CONSTRAINT "community_video_spaces_service_id_video_id_space_id_pk" PRIMARY KEY("service_id","video_id","space_id")
);
--> statement-breakpoint
ALTER TABLE "community_videos" ADD COLUMN "hidden_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "community_videos" ADD COLUMN "hidden_by" uuid;--> statement-breakpoint
ALTER TABLE "community_videos" ADD COLUMN "hidden_reason" text;--> statement-breakpoint
ALTER TABLE "community_video_spaces" ADD CONSTRAINT "community_video_spaces_service_id_video_id_community_videos_service_id_id_fk" FOREIGN KEY ("service_id","video_id") REFERENCES "public"."community_videos"("service_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_video_spaces" ADD CONSTRAINT "community_video_spaces_service_id_space_id_community_spaces_service_id_id_fk" FOREIGN KEY ("service_id","space_id") REFERENCES "public"."community_spaces"("service_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "community_video_spaces_space_idx" ON "community_video_spaces" USING btree ("service_id","space_id");--> statement-breakpoint
ALTER TABLE community_video_spaces ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON community_video_spaces USING (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid) WITH CHECK (service_id = nullif(current_setting('rapport.service_id', true), '')::uuid);
