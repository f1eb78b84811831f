CREATE TYPE "public"."agreement_status" AS ENUM('signing', 'signed', 'completed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."signatory" AS ENUM('host', 'school', 'pupil', 'guardian');--> statement-breakpoint
CREATE TYPE "public"."application_status" AS ENUM('submitted', 'read', 'accepted', 'confirmed', 'rejected', 'withdrawn', 'expired');--> statement-breakpoint
CREATE TYPE "public"."school_level" AS ENUM('4e', '3e', '2de', 'pro');--> statement-breakpoint
CREATE TYPE "public"."offer_status" AS ENUM('draft', 'published', 'closed', 'archived');--> statement-breakpoint
CREATE TYPE "public"."passport_kind" AS ENUM('stage', 'module', 'visit', 'mentoring', 'challenge', 'reflection');--> statement-breakpoint
CREATE TABLE "agreement_signatures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agreement_id" uuid NOT NULL,
	"party" "signatory" NOT NULL,
	"signer_id" uuid,
	"signer_name" text NOT NULL,
	"signed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ip_address" text NOT NULL,
	"user_agent" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agreements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"company_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"referent_teacher_id" uuid,
	"status" "agreement_status" DEFAULT 'signing' NOT NULL,
	"teaching_annex" jsonb NOT NULL,
	"practical_annex" jsonb NOT NULL,
	"scanned_copy" "bytea",
	"scanned_copy_type" text,
	"scanned_copy_uploaded_by" uuid,
	"scanned_copy_uploaded_at" timestamp with time zone,
	"attendance_confirmed_at" timestamp with time zone,
	"tutor_appraisal" text,
	"pupil_feedback" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "guardian_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agreement_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"email" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "application_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"from_status" "application_status",
	"to_status" "application_status" NOT NULL,
	"actor_id" uuid,
	"note" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"offer_id" uuid NOT NULL,
	"period_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"status" "application_status" DEFAULT 'submitted' NOT NULL,
	"motivation" text DEFAULT '' NOT NULL,
	"rejection_reason" text,
	"campaign_id" uuid,
	"reminders_sent" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "classes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid NOT NULL,
	"name" text NOT NULL,
	"level" "school_level" NOT NULL,
	"school_year" integer NOT NULL,
	"teacher_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "school_holidays" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"zone" text NOT NULL,
	"label" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stage_weeks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid NOT NULL,
	"level" "school_level" NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stage_weeks_dates" CHECK ("stage_weeks"."end_date" >= "stage_weeks"."start_date")
);
--> statement-breakpoint
CREATE TABLE "students" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"school_id" uuid,
	"class_id" uuid,
	"level" "school_level",
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"birth_date" date,
	"home_commune_code" text,
	"guardian_name" text,
	"guardian_email" text,
	"interests" text[] DEFAULT '{}' NOT NULL,
	"needs_accessibility" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "email_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"to_email" text NOT NULL,
	"subject" text NOT NULL,
	"body_text" text NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"link" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "offer_periods" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"offer_id" uuid NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"seats" integer NOT NULL,
	"reserved_seats" integer DEFAULT 0 NOT NULL,
	"reserved_until" date,
	"campaign_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "offer_periods_dates" CHECK ("offer_periods"."end_date" >= "offer_periods"."start_date"),
	CONSTRAINT "offer_periods_seats" CHECK ("offer_periods"."seats" >= 1 and "offer_periods"."reserved_seats" between 0 and "offer_periods"."seats")
);
--> statement-breakpoint
CREATE TABLE "offer_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"offer_id" uuid NOT NULL,
	"reporter_id" uuid,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" uuid
);
--> statement-breakpoint
CREATE TABLE "offer_searches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"trade_codes" text[] DEFAULT '{}' NOT NULL,
	"commune_code" text,
	"level" "school_level",
	"results" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "offers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"trade_codes" text[] NOT NULL,
	"levels" "school_level"[] NOT NULL,
	"address" text NOT NULL,
	"commune_code" text NOT NULL,
	"lat" double precision NOT NULL,
	"lon" double precision NOT NULL,
	"accessible" boolean DEFAULT false NOT NULL,
	"schedule" jsonb NOT NULL,
	"tutor_name" text NOT NULL,
	"tutor_role" text DEFAULT '' NOT NULL,
	"tutor_email" text,
	"status" "offer_status" DEFAULT 'draft' NOT NULL,
	"suspended_at" timestamp with time zone,
	"suspended_reason" text,
	"search_text" text DEFAULT '' NOT NULL,
	"search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('french', search_text)) STORED,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "passport_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"student_id" uuid NOT NULL,
	"kind" "passport_kind" NOT NULL,
	"source_type" text,
	"source_id" uuid,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"appraisal" text,
	"occurred_on" date NOT NULL,
	"visible" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agreement_signatures" ADD CONSTRAINT "agreement_signatures_agreement_id_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_signatures" ADD CONSTRAINT "agreement_signatures_signer_id_users_id_fk" FOREIGN KEY ("signer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreements" ADD CONSTRAINT "agreements_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreements" ADD CONSTRAINT "agreements_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreements" ADD CONSTRAINT "agreements_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreements" ADD CONSTRAINT "agreements_student_id_users_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreements" ADD CONSTRAINT "agreements_referent_teacher_id_users_id_fk" FOREIGN KEY ("referent_teacher_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreements" ADD CONSTRAINT "agreements_scanned_copy_uploaded_by_users_id_fk" FOREIGN KEY ("scanned_copy_uploaded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guardian_links" ADD CONSTRAINT "guardian_links_agreement_id_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_events" ADD CONSTRAINT "application_events_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_events" ADD CONSTRAINT "application_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_period_id_offer_periods_id_fk" FOREIGN KEY ("period_id") REFERENCES "public"."offer_periods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_student_id_users_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classes" ADD CONSTRAINT "classes_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classes" ADD CONSTRAINT "classes_teacher_id_users_id_fk" FOREIGN KEY ("teacher_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage_weeks" ADD CONSTRAINT "stage_weeks_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "students" ADD CONSTRAINT "students_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "students" ADD CONSTRAINT "students_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "students" ADD CONSTRAINT "students_class_id_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."classes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "students" ADD CONSTRAINT "students_home_commune_code_communes_code_fk" FOREIGN KEY ("home_commune_code") REFERENCES "public"."communes"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offer_periods" ADD CONSTRAINT "offer_periods_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offer_reports" ADD CONSTRAINT "offer_reports_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offer_reports" ADD CONSTRAINT "offer_reports_reporter_id_users_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offer_reports" ADD CONSTRAINT "offer_reports_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_commune_code_communes_code_fk" FOREIGN KEY ("commune_code") REFERENCES "public"."communes"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passport_entries" ADD CONSTRAINT "passport_entries_student_id_users_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agreement_signatures_agreement_id_party_index" ON "agreement_signatures" USING btree ("agreement_id","party");--> statement-breakpoint
CREATE UNIQUE INDEX "agreements_application_id_index" ON "agreements" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "agreements_school_id_index" ON "agreements" USING btree ("school_id");--> statement-breakpoint
CREATE INDEX "agreements_company_id_index" ON "agreements" USING btree ("company_id");--> statement-breakpoint
CREATE INDEX "agreements_student_id_index" ON "agreements" USING btree ("student_id");--> statement-breakpoint
CREATE UNIQUE INDEX "guardian_links_token_hash_index" ON "guardian_links" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "guardian_links_agreement_id_index" ON "guardian_links" USING btree ("agreement_id");--> statement-breakpoint
CREATE INDEX "application_events_application_id_at_index" ON "application_events" USING btree ("application_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "applications_one_live_per_period" ON "applications" USING btree ("student_id","period_id") WHERE "applications"."status" in ('submitted', 'read', 'accepted', 'confirmed');--> statement-breakpoint
CREATE INDEX "applications_period_id_status_index" ON "applications" USING btree ("period_id","status");--> statement-breakpoint
CREATE INDEX "applications_offer_id_status_index" ON "applications" USING btree ("offer_id","status");--> statement-breakpoint
CREATE INDEX "applications_student_id_index" ON "applications" USING btree ("student_id");--> statement-breakpoint
CREATE UNIQUE INDEX "classes_school_id_school_year_name_index" ON "classes" USING btree ("school_id","school_year","name");--> statement-breakpoint
CREATE INDEX "stage_weeks_school_id_level_index" ON "stage_weeks" USING btree ("school_id","level");--> statement-breakpoint
CREATE INDEX "students_school_id_index" ON "students" USING btree ("school_id");--> statement-breakpoint
CREATE INDEX "students_class_id_index" ON "students" USING btree ("class_id");--> statement-breakpoint
CREATE INDEX "email_outbox_sent_at_created_at_index" ON "email_outbox" USING btree ("sent_at","created_at");--> statement-breakpoint
CREATE INDEX "notifications_user_id_created_at_index" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "offer_periods_offer_id_index" ON "offer_periods" USING btree ("offer_id");--> statement-breakpoint
CREATE INDEX "offer_periods_start_date_end_date_index" ON "offer_periods" USING btree ("start_date","end_date");--> statement-breakpoint
CREATE INDEX "offer_reports_offer_id_index" ON "offer_reports" USING btree ("offer_id");--> statement-breakpoint
CREATE INDEX "offer_reports_resolved_at_index" ON "offer_reports" USING btree ("resolved_at");--> statement-breakpoint
CREATE INDEX "offer_searches_at_index" ON "offer_searches" USING btree ("at");--> statement-breakpoint
CREATE INDEX "offers_company_id_index" ON "offers" USING btree ("company_id");--> statement-breakpoint
CREATE INDEX "offers_status_commune_code_index" ON "offers" USING btree ("status","commune_code");--> statement-breakpoint
CREATE INDEX "offers_search_vector_idx" ON "offers" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "offers_trade_codes_idx" ON "offers" USING gin ("trade_codes");--> statement-breakpoint
CREATE INDEX "passport_entries_student_id_occurred_on_index" ON "passport_entries" USING btree ("student_id","occurred_on");--> statement-breakpoint
CREATE UNIQUE INDEX "passport_entries_source" ON "passport_entries" USING btree ("student_id","source_type","source_id");