ALTER TABLE "patients" ADD COLUMN "access_needs" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
-- Records made before: the needs every referral linked to them gave.
UPDATE "patients" p SET "access_needs" = n."codes"
FROM (
  SELECT r."service_id", r."patient_id", array_agg(DISTINCT e ->> 'code' ORDER BY e ->> 'code') AS "codes"
  FROM "referrals" r
  CROSS JOIN LATERAL jsonb_array_elements(
    CASE WHEN jsonb_typeof(r."answers" -> 'communicationNeeds' -> 'needs') = 'array'
      THEN r."answers" -> 'communicationNeeds' -> 'needs' ELSE '[]'::jsonb END) e
  WHERE r."patient_id" IS NOT NULL AND e ->> 'code' IS NOT NULL
  GROUP BY r."service_id", r."patient_id"
) n
WHERE p."service_id" = n."service_id" AND p."id" = n."patient_id";
