ALTER TABLE "patients" ADD COLUMN "access_needs_other" text;--> statement-breakpoint
-- An aim is rated once a session (H11). Two submits at once could store two ratings of the same
-- aim at the same session: keep the earliest (the first submit), so the unique index can be made.
DELETE FROM "ipt_aim_ratings" AS r
USING "ipt_aim_ratings" AS e
WHERE e."service_id" = r."service_id"
  AND e."aim_id" = r."aim_id"
  AND e."session_number" = r."session_number"
  AND (e."rated_at", e."id") < (r."rated_at", r."id");--> statement-breakpoint
CREATE UNIQUE INDEX "ipt_aim_ratings_aim_session_idx" ON "ipt_aim_ratings" USING btree ("service_id","aim_id","session_number");
