ALTER TABLE "letters" DROP CONSTRAINT "letters_gp_sent_another_way_check";--> statement-breakpoint
DROP INDEX "letters_gp_open_idx";--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "to_gp" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Letters written before: every discharge GP letter, and an onward referral that was copied to
-- the GP (its GP email was queued, or the letter says the GP gets a copy: consent without a
-- practice email then).
UPDATE "letters" l SET "to_gp" = true
WHERE l."kind" = 'discharge_gp'
  OR (l."kind" = 'onward_referral' AND (
    EXISTS (SELECT 1 FROM "outbox_messages" o
            WHERE o."service_id" = l."service_id" AND o."idempotency_key" = 'letter:' || l."id" || ':gp')
    OR l."content"::text LIKE '%Copies of this letter go to the GP (%'));--> statement-breakpoint
CREATE INDEX "letters_gp_open_idx" ON "letters" USING btree ("service_id","created_by") WHERE "letters"."to_gp" and "letters"."gp_sent_another_way_at" is null;--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_to_gp_check" CHECK ("letters"."kind" = 'onward_referral' or "letters"."to_gp" = ("letters"."kind" = 'discharge_gp'));--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_gp_sent_another_way_check" CHECK (("letters"."gp_sent_another_way_at" is null) = ("letters"."gp_sent_another_way_by" is null) and ("letters"."gp_sent_another_way_at" is null or "letters"."to_gp"));