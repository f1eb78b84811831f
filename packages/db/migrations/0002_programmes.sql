CREATE TYPE "public"."activity_kind" AS ENUM('ambassador_talk', 'company_visit', 'journee_chantier', 'challenge', 'stage', 'workshop');--> statement-breakpoint
CREATE TYPE "public"."activity_status" AS ENUM('planned', 'done', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."visit_format" AS ENUM('talk', 'workplace_visit', 'video');--> statement-breakpoint
CREATE TYPE "public"."visit_request_status" AS ENUM('open', 'proposed', 'accepted', 'authorised', 'done', 'declined', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."campaign_run_status" AS ENUM('queued', 'running', 'done', 'failed');--> statement-breakpoint
CREATE TYPE "public"."campaign_status" AS ENUM('draft', 'open', 'closed', 'published', 'second_round_open', 'second_round_closed', 'second_round_published');--> statement-breakpoint
CREATE TYPE "public"."challenge_status" AS ENUM('draft', 'published', 'judging', 'results');--> statement-breakpoint
CREATE TYPE "public"."mentee_request_status" AS ENUM('open', 'proposed', 'matched', 'closed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."mentoring_mode" AS ENUM('in_person', 'video', 'phone');--> statement-breakpoint
CREATE TYPE "public"."mentorship_status" AS ENUM('active', 'closed');--> statement-breakpoint
CREATE TYPE "public"."proposal_status" AS ENUM('proposed', 'accepted', 'declined', 'expired', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."mentoring_session_status" AS ENUM('proposed', 'accepted', 'declined', 'cancelled', 'done');--> statement-breakpoint
CREATE TABLE "activity_reflections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"activity_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ambassador_profiles" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"company_id" uuid,
	"trade_codes" text[] NOT NULL,
	"bio" text DEFAULT '' NOT NULL,
	"communes" text[] DEFAULT '{}' NOT NULL,
	"formats" "visit_format"[] NOT NULL,
	"max_visits_per_month" integer DEFAULT 2 NOT NULL,
	"available_dates" date[] DEFAULT '{}' NOT NULL,
	"verified_at" timestamp with time zone,
	"verified_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "discovery_modules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid NOT NULL,
	"class_id" uuid NOT NULL,
	"teacher_id" uuid,
	"title" text NOT NULL,
	"objectives" text DEFAULT '' NOT NULL,
	"school_year" integer NOT NULL,
	"copied_from" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "module_activities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"module_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"kind" "activity_kind" NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"starts_on" date,
	"ends_on" date,
	"status" "activity_status" DEFAULT 'planned' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visit_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"activity_id" uuid,
	"school_id" uuid NOT NULL,
	"class_id" uuid,
	"teacher_id" uuid,
	"trade_codes" text[] NOT NULL,
	"candidate_dates" date[] NOT NULL,
	"class_size" integer NOT NULL,
	"level" "school_level" NOT NULL,
	"format" "visit_format" DEFAULT 'talk' NOT NULL,
	"status" "visit_request_status" DEFAULT 'open' NOT NULL,
	"ambassador_id" uuid,
	"visit_date" date,
	"authorised_by" uuid,
	"authorised_at" timestamp with time zone,
	"attendance" integer,
	"teacher_feedback" text,
	"ambassador_feedback" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaign_results" (
	"run_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"period_id" uuid,
	"rank_obtained" integer,
	"explanation" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaign_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"round" integer DEFAULT 1 NOT NULL,
	"policy" jsonb NOT NULL,
	"seed" text NOT NULL,
	"software_version" text NOT NULL,
	"inputs_hash" text,
	"status" "campaign_run_status" DEFAULT 'queued' NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"step" text,
	"stats" jsonb,
	"error" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "campaign_wishes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"round" integer DEFAULT 1 NOT NULL,
	"student_id" uuid NOT NULL,
	"period_id" uuid NOT NULL,
	"rank" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"school_id" uuid,
	"levels" "school_level"[] NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"max_wishes" integer NOT NULL,
	"policy" jsonb NOT NULL,
	"seed" text,
	"status" "campaign_status" DEFAULT 'draft' NOT NULL,
	"published_run_id" uuid,
	"second_round_closes_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaigns_window" CHECK ("campaigns"."closes_at" > "campaigns"."opens_at"),
	CONSTRAINT "campaigns_max_wishes" CHECK ("campaigns"."max_wishes" between 1 and 20)
);
--> statement-breakpoint
CREATE TABLE "challenge_enrolments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"challenge_id" uuid NOT NULL,
	"class_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"teacher_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "challenge_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"submission_id" uuid NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"content" "bytea" NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "challenge_jurors" (
	"challenge_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"invited_by" uuid,
	"invited_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "challenge_jurors_challenge_id_user_id_pk" PRIMARY KEY("challenge_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "challenge_organisers" (
	"challenge_id" uuid NOT NULL,
	"company_id" uuid NOT NULL,
	CONSTRAINT "challenge_organisers_challenge_id_company_id_pk" PRIMARY KEY("challenge_id","company_id")
);
--> statement-breakpoint
CREATE TABLE "challenge_scores" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"challenge_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"juror_id" uuid NOT NULL,
	"marks" jsonb NOT NULL,
	"total" double precision NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "challenge_submissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"text" text DEFAULT '' NOT NULL,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "challenge_team_members" (
	"team_id" uuid NOT NULL,
	"challenge_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"skills" text[] DEFAULT '{}' NOT NULL,
	CONSTRAINT "challenge_team_members_team_id_student_id_pk" PRIMARY KEY("team_id","student_id")
);
--> statement-breakpoint
CREATE TABLE "challenge_teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"challenge_id" uuid NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "challenges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"brief" text NOT NULL,
	"trade_codes" text[] DEFAULT '{}' NOT NULL,
	"levels" "school_level"[] NOT NULL,
	"launch_on" date NOT NULL,
	"submission_deadline" timestamp with time zone NOT NULL,
	"jury_on" date NOT NULL,
	"team_min" integer NOT NULL,
	"team_max" integer NOT NULL,
	"max_teams" integer NOT NULL,
	"prizes" text DEFAULT '' NOT NULL,
	"rubric" jsonb NOT NULL,
	"status" "challenge_status" DEFAULT 'draft' NOT NULL,
	"results_published_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "challenges_team_size" CHECK ("challenges"."team_min" >= 1 and "challenges"."team_max" >= "challenges"."team_min"),
	CONSTRAINT "challenges_max_teams" CHECK ("challenges"."max_teams" >= 1)
);
--> statement-breakpoint
CREATE TABLE "mentee_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mentee_id" uuid NOT NULL,
	"goals" text[] NOT NULL,
	"trade_codes" text[] DEFAULT '{}' NOT NULL,
	"modes" "mentoring_mode"[] NOT NULL,
	"availability" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"languages" text[] DEFAULT '{"fr"}' NOT NULL,
	"commune_code" text,
	"constraints" text DEFAULT '' NOT NULL,
	"preferred_mentor_id" uuid,
	"guardian_consent_at" timestamp with time zone,
	"guardian_consent_by" text,
	"status" "mentee_request_status" DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mentor_profiles" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"company_id" uuid,
	"trade_codes" text[] DEFAULT '{}' NOT NULL,
	"languages" text[] DEFAULT '{"fr"}' NOT NULL,
	"modes" "mentoring_mode"[] NOT NULL,
	"communes" text[] DEFAULT '{}' NOT NULL,
	"capacity" integer DEFAULT 1 NOT NULL,
	"availability" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"bio" text DEFAULT '' NOT NULL,
	"paused" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mentoring_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mentorship_id" uuid NOT NULL,
	"sender_id" uuid,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"hidden_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "mentoring_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"mentor_id" uuid NOT NULL,
	"score" double precision NOT NULL,
	"breakdown" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"run_id" uuid,
	"status" "proposal_status" DEFAULT 'proposed' NOT NULL,
	"respond_by" timestamp with time zone NOT NULL,
	"responded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mentoring_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mentorship_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"mode" "mentoring_mode" NOT NULL,
	"proposed_by" uuid,
	"status" "mentoring_session_status" DEFAULT 'proposed' NOT NULL,
	"mentor_notes" text,
	"mentee_notes" text,
	"reminder_sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mentorships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid,
	"mentor_id" uuid NOT NULL,
	"mentee_id" uuid NOT NULL,
	"status" "mentorship_status" DEFAULT 'active' NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"mentor_feedback" text,
	"mentee_feedback" text
);
--> statement-breakpoint
CREATE TABLE "message_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"message_id" uuid NOT NULL,
	"reporter_id" uuid,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" uuid,
	"decision" text
);
--> statement-breakpoint
ALTER TABLE "activity_reflections" ADD CONSTRAINT "activity_reflections_activity_id_module_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."module_activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_reflections" ADD CONSTRAINT "activity_reflections_student_id_users_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ambassador_profiles" ADD CONSTRAINT "ambassador_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ambassador_profiles" ADD CONSTRAINT "ambassador_profiles_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ambassador_profiles" ADD CONSTRAINT "ambassador_profiles_verified_by_users_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discovery_modules" ADD CONSTRAINT "discovery_modules_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discovery_modules" ADD CONSTRAINT "discovery_modules_class_id_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."classes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discovery_modules" ADD CONSTRAINT "discovery_modules_teacher_id_users_id_fk" FOREIGN KEY ("teacher_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "module_activities" ADD CONSTRAINT "module_activities_module_id_discovery_modules_id_fk" FOREIGN KEY ("module_id") REFERENCES "public"."discovery_modules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_requests" ADD CONSTRAINT "visit_requests_activity_id_module_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."module_activities"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_requests" ADD CONSTRAINT "visit_requests_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_requests" ADD CONSTRAINT "visit_requests_class_id_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."classes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_requests" ADD CONSTRAINT "visit_requests_teacher_id_users_id_fk" FOREIGN KEY ("teacher_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_requests" ADD CONSTRAINT "visit_requests_ambassador_id_users_id_fk" FOREIGN KEY ("ambassador_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_requests" ADD CONSTRAINT "visit_requests_authorised_by_users_id_fk" FOREIGN KEY ("authorised_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_results" ADD CONSTRAINT "campaign_results_run_id_campaign_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."campaign_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_results" ADD CONSTRAINT "campaign_results_student_id_users_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_results" ADD CONSTRAINT "campaign_results_period_id_offer_periods_id_fk" FOREIGN KEY ("period_id") REFERENCES "public"."offer_periods"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_runs" ADD CONSTRAINT "campaign_runs_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_runs" ADD CONSTRAINT "campaign_runs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_wishes" ADD CONSTRAINT "campaign_wishes_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_wishes" ADD CONSTRAINT "campaign_wishes_student_id_users_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_wishes" ADD CONSTRAINT "campaign_wishes_period_id_offer_periods_id_fk" FOREIGN KEY ("period_id") REFERENCES "public"."offer_periods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_enrolments" ADD CONSTRAINT "challenge_enrolments_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_enrolments" ADD CONSTRAINT "challenge_enrolments_class_id_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."classes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_enrolments" ADD CONSTRAINT "challenge_enrolments_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_enrolments" ADD CONSTRAINT "challenge_enrolments_teacher_id_users_id_fk" FOREIGN KEY ("teacher_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_files" ADD CONSTRAINT "challenge_files_submission_id_challenge_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."challenge_submissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_jurors" ADD CONSTRAINT "challenge_jurors_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_jurors" ADD CONSTRAINT "challenge_jurors_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_jurors" ADD CONSTRAINT "challenge_jurors_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_organisers" ADD CONSTRAINT "challenge_organisers_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_organisers" ADD CONSTRAINT "challenge_organisers_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_scores" ADD CONSTRAINT "challenge_scores_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_scores" ADD CONSTRAINT "challenge_scores_team_id_challenge_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."challenge_teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_scores" ADD CONSTRAINT "challenge_scores_juror_id_users_id_fk" FOREIGN KEY ("juror_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_submissions" ADD CONSTRAINT "challenge_submissions_team_id_challenge_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."challenge_teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_submissions" ADD CONSTRAINT "challenge_submissions_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_team_members" ADD CONSTRAINT "challenge_team_members_team_id_challenge_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."challenge_teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_team_members" ADD CONSTRAINT "challenge_team_members_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_team_members" ADD CONSTRAINT "challenge_team_members_student_id_users_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_teams" ADD CONSTRAINT "challenge_teams_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_teams" ADD CONSTRAINT "challenge_teams_enrolment_id_challenge_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."challenge_enrolments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentee_requests" ADD CONSTRAINT "mentee_requests_mentee_id_users_id_fk" FOREIGN KEY ("mentee_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentee_requests" ADD CONSTRAINT "mentee_requests_preferred_mentor_id_users_id_fk" FOREIGN KEY ("preferred_mentor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentor_profiles" ADD CONSTRAINT "mentor_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentor_profiles" ADD CONSTRAINT "mentor_profiles_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_messages" ADD CONSTRAINT "mentoring_messages_mentorship_id_mentorships_id_fk" FOREIGN KEY ("mentorship_id") REFERENCES "public"."mentorships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_messages" ADD CONSTRAINT "mentoring_messages_sender_id_users_id_fk" FOREIGN KEY ("sender_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_proposals" ADD CONSTRAINT "mentoring_proposals_request_id_mentee_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."mentee_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_proposals" ADD CONSTRAINT "mentoring_proposals_mentor_id_users_id_fk" FOREIGN KEY ("mentor_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_sessions" ADD CONSTRAINT "mentoring_sessions_mentorship_id_mentorships_id_fk" FOREIGN KEY ("mentorship_id") REFERENCES "public"."mentorships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_sessions" ADD CONSTRAINT "mentoring_sessions_proposed_by_users_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentorships" ADD CONSTRAINT "mentorships_request_id_mentee_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."mentee_requests"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentorships" ADD CONSTRAINT "mentorships_mentor_id_users_id_fk" FOREIGN KEY ("mentor_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentorships" ADD CONSTRAINT "mentorships_mentee_id_users_id_fk" FOREIGN KEY ("mentee_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_reports" ADD CONSTRAINT "message_reports_message_id_mentoring_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."mentoring_messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_reports" ADD CONSTRAINT "message_reports_reporter_id_users_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_reports" ADD CONSTRAINT "message_reports_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "activity_reflections_activity_id_student_id_index" ON "activity_reflections" USING btree ("activity_id","student_id");--> statement-breakpoint
CREATE INDEX "discovery_modules_school_id_index" ON "discovery_modules" USING btree ("school_id");--> statement-breakpoint
CREATE INDEX "discovery_modules_class_id_index" ON "discovery_modules" USING btree ("class_id");--> statement-breakpoint
CREATE INDEX "module_activities_module_id_position_index" ON "module_activities" USING btree ("module_id","position");--> statement-breakpoint
CREATE INDEX "visit_requests_school_id_status_index" ON "visit_requests" USING btree ("school_id","status");--> statement-breakpoint
CREATE INDEX "visit_requests_ambassador_id_visit_date_index" ON "visit_requests" USING btree ("ambassador_id","visit_date");--> statement-breakpoint
CREATE UNIQUE INDEX "visit_requests_ambassador_day" ON "visit_requests" USING btree ("ambassador_id","visit_date") WHERE "visit_requests"."status" in ('accepted', 'authorised', 'done');--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_results_run_id_student_id_index" ON "campaign_results" USING btree ("run_id","student_id");--> statement-breakpoint
CREATE INDEX "campaign_results_run_id_period_id_index" ON "campaign_results" USING btree ("run_id","period_id");--> statement-breakpoint
CREATE INDEX "campaign_runs_campaign_id_round_index" ON "campaign_runs" USING btree ("campaign_id","round");--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_wishes_campaign_id_round_student_id_period_id_index" ON "campaign_wishes" USING btree ("campaign_id","round","student_id","period_id");--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_wishes_campaign_id_round_student_id_rank_index" ON "campaign_wishes" USING btree ("campaign_id","round","student_id","rank");--> statement-breakpoint
CREATE INDEX "campaign_wishes_campaign_id_round_period_id_index" ON "campaign_wishes" USING btree ("campaign_id","round","period_id");--> statement-breakpoint
CREATE INDEX "campaigns_school_id_index" ON "campaigns" USING btree ("school_id");--> statement-breakpoint
CREATE UNIQUE INDEX "challenge_enrolments_challenge_id_class_id_index" ON "challenge_enrolments" USING btree ("challenge_id","class_id");--> statement-breakpoint
CREATE INDEX "challenge_files_submission_id_index" ON "challenge_files" USING btree ("submission_id");--> statement-breakpoint
CREATE UNIQUE INDEX "challenge_scores_team_id_juror_id_index" ON "challenge_scores" USING btree ("team_id","juror_id");--> statement-breakpoint
CREATE INDEX "challenge_scores_challenge_id_index" ON "challenge_scores" USING btree ("challenge_id");--> statement-breakpoint
CREATE UNIQUE INDEX "challenge_submissions_team_id_index" ON "challenge_submissions" USING btree ("team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "challenge_team_members_challenge_id_student_id_index" ON "challenge_team_members" USING btree ("challenge_id","student_id");--> statement-breakpoint
CREATE INDEX "challenge_teams_challenge_id_index" ON "challenge_teams" USING btree ("challenge_id");--> statement-breakpoint
CREATE UNIQUE INDEX "challenge_teams_challenge_id_name_index" ON "challenge_teams" USING btree ("challenge_id","name");--> statement-breakpoint
CREATE INDEX "mentee_requests_mentee_id_index" ON "mentee_requests" USING btree ("mentee_id");--> statement-breakpoint
CREATE INDEX "mentee_requests_status_index" ON "mentee_requests" USING btree ("status");--> statement-breakpoint
CREATE INDEX "mentoring_messages_mentorship_id_created_at_index" ON "mentoring_messages" USING btree ("mentorship_id","created_at");--> statement-breakpoint
CREATE INDEX "mentoring_proposals_mentor_id_status_index" ON "mentoring_proposals" USING btree ("mentor_id","status");--> statement-breakpoint
CREATE INDEX "mentoring_proposals_request_id_index" ON "mentoring_proposals" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "mentoring_sessions_mentorship_id_starts_at_index" ON "mentoring_sessions" USING btree ("mentorship_id","starts_at");--> statement-breakpoint
CREATE INDEX "mentorships_mentor_id_status_index" ON "mentorships" USING btree ("mentor_id","status");--> statement-breakpoint
CREATE INDEX "mentorships_mentee_id_status_index" ON "mentorships" USING btree ("mentee_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "message_reports_message_id_reporter_id_index" ON "message_reports" USING btree ("message_id","reporter_id");--> statement-breakpoint
CREATE INDEX "message_reports_resolved_at_index" ON "message_reports" USING btree ("resolved_at");