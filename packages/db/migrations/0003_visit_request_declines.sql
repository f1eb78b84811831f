ALTER TABLE "visit_requests" ADD COLUMN "declined_ambassador_ids" uuid[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "visit_requests" ADD COLUMN "refusal_reason" text;