// Where personal data lives, table by table: which columns make a row "about" a person (exported to
// them, anonymised with them) and which only name who did something to someone else's record (an
// operator who approved a membership, the teacher who created a class). A test checks that every
// reference to users in the database is in exactly one of the two lists, so a new table cannot
// hold personal data that the export and the anonymisation forget.

/** Rows about the person: `table.column` holds their user id. */
export const SUBJECT_COLUMNS = [
  'users.id',
  'user_roles.user_id',
  'sessions.user_id',
  'students.user_id',
  'school_memberships.user_id',
  'company_memberships.user_id',
  'applications.student_id',
  'agreements.student_id',
  'agreement_signatures.signer_id',
  'campaign_wishes.student_id',
  'campaign_results.student_id',
  'passport_entries.student_id',
  'activity_reflections.student_id',
  'ambassador_profiles.user_id',
  'mentor_profiles.user_id',
  'mentee_requests.mentee_id',
  'mentoring_proposals.mentor_id',
  'mentorships.mentee_id',
  'mentorships.mentor_id',
  'mentoring_messages.sender_id',
  'message_reports.reporter_id',
  'offer_reports.reporter_id',
  'notifications.user_id',
  'challenge_team_members.student_id',
  'challenge_jurors.user_id',
  'challenge_scores.juror_id',
  'visit_requests.ambassador_id',
  'visit_requests.teacher_id',
  'audit_log.actor_id',
] as const;

/**
 * References that only say who acted on a record that belongs to someone else or to an
 * organisation: not exported as the person's data, kept (the id) when they are anonymised.
 */
export const ACTOR_COLUMNS = [
  'agreements.referent_teacher_id',
  'agreements.scanned_copy_uploaded_by',
  'ambassador_profiles.verified_by',
  'application_events.actor_id',
  'campaign_runs.created_by',
  'campaigns.created_by',
  'challenge_enrolments.teacher_id',
  'challenge_jurors.invited_by',
  'challenge_submissions.submitted_by',
  'challenges.created_by',
  'classes.teacher_id',
  'companies.created_by',
  'discovery_modules.teacher_id',
  'mentee_requests.preferred_mentor_id',
  'mentoring_sessions.proposed_by',
  'message_reports.resolved_by',
  'offer_reports.resolved_by',
  'offers.created_by',
  'school_memberships.decided_by',
  'user_roles.granted_by',
  'visit_requests.authorised_by',
] as const;

/** Columns never exported, even to their owner: credentials and hashes. */
export const SECRET_COLUMNS = new Set([
  'users.password_hash',
  'users.login_code',
  'guardian_links.token_hash',
]);

/** How long a person may stay inactive before their data is anonymised, in days. */
export const RETENTION_DAYS = { pupil: 365, professional: 2 * 365 } as const;

/** The name an anonymised account keeps, so lists and statistics still read well. */
export const ANONYMISED_NAME = 'Compte anonymisé';
