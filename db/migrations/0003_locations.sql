CREATE TABLE "locations" (
	"service_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"postcode" text NOT NULL,
	"step_free_access" boolean DEFAULT false NOT NULL,
	"access_information" text DEFAULT '' NOT NULL,
	"opening_hours" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "locations_service_id_id_pk" PRIMARY KEY("service_id","id")
);
--> statement-breakpoint
CREATE TABLE "rooms" (
	"service_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"location_id" uuid NOT NULL,
	"name" text NOT NULL,
	"step_free_access" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "rooms_service_id_id_pk" PRIMARY KEY("service_id","id")
);
--> statement-breakpoint
CREATE INDEX "locations_name_idx" ON "locations" USING btree ("service_id","name");--> statement-breakpoint
CREATE INDEX "rooms_location_idx" ON "rooms" USING btree ("service_id","location_id");