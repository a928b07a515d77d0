ALTER TABLE "message_threads" ADD COLUMN "started_by_user_id" uuid;--> statement-breakpoint
ALTER TABLE "message_threads" ADD CONSTRAINT "message_threads_service_id_started_by_user_id_users_service_id_id_fk" FOREIGN KEY ("service_id","started_by_user_id") REFERENCES "public"."users"("service_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Conversations staff started before: whoever wrote the first message.
UPDATE "message_threads" mt SET "started_by_user_id" = (
  SELECT tm."author_user_id" FROM "thread_messages" tm
  WHERE tm."service_id" = mt."service_id" AND tm."thread_id" = mt."id"
  ORDER BY tm."created_at", tm."id" LIMIT 1)
WHERE mt."started_by" = 'staff';--> statement-breakpoint
ALTER TABLE "message_threads" ADD CONSTRAINT "message_threads_started_by_user_check" CHECK (("message_threads"."started_by" = 'staff') = ("message_threads"."started_by_user_id" is not null));
