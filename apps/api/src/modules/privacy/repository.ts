// Queries of personal data: the export of everything about a person, their anonymisation (on
// request or after the retention period), and who is due for it. Anonymising keeps the rows that
// statistics count (applications, agreements, wishes, results, with the school, level and home
// commune of a pupil) and erases what names or describes the person.
import { sql, type SQL } from 'drizzle-orm';
import { type Executor, queryRows } from '@tremplin/db';
import { ANONYMISED_NAME, RETENTION_DAYS, SECRET_COLUMNS, SUBJECT_COLUMNS } from './rules.js';

const DAY = 24 * 3600 * 1000;

/** Tables and columns come from the constant lists of rules.ts, never from a request. */
const ident = (name: string) => sql.raw(`"${name.replace(/"/g, '')}"`);

function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Subject columns grouped by table, in the order of rules.ts. */
function subjectTables(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const entry of SUBJECT_COLUMNS) {
    const [table, column] = entry.split('.') as [string, string];
    out.set(table, [...(out.get(table) ?? []), column]);
  }
  return out;
}

/** Every reference to users in the database, as "table.column" (the rules test reads it). */
export async function userReferences(db: Executor): Promise<string[]> {
  const rows = await queryRows<{ ref: string }>(
    db,
    sql`select c.conrelid::regclass::text || '.' || a.attname as ref
        from pg_constraint c
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any (c.conkey)
        where c.contype = 'f' and c.confrelid = 'users'::regclass
        order by 1`,
  );
  return rows.map((r) => r.ref.replace(/^public\./, ''));
}

async function binaryColumns(db: Executor): Promise<Set<string>> {
  const rows = await queryRows<{ ref: string }>(
    db,
    sql`select table_name || '.' || column_name as ref from information_schema.columns
        where table_schema = 'public' and data_type = 'bytea'`,
  );
  return new Set(rows.map((r) => r.ref));
}

type JsonRow = Record<string, unknown>;

async function rowsOf(db: Executor, query: SQL): Promise<JsonRow[]> {
  const rows = await queryRows<{ row: JsonRow | string }>(db, query);
  return rows.map((r) => (typeof r.row === 'string' ? (JSON.parse(r.row) as JsonRow) : r.row));
}

export interface PersonRow {
  id: string;
  email: string | null;
  displayName: string;
  locale: string;
  status: string;
  createdAt: string;
  lastActiveAt: string;
  roles: string[];
}

export async function findPerson(db: Executor, params: { userId: string }) {
  const [row] = await rowsOf(
    db,
    sql`select jsonb_build_object(
          'id', u.id, 'email', u.email, 'displayName', u.display_name, 'locale', u.locale,
          'status', u.status, 'createdAt', u.created_at, 'lastActiveAt', u.last_active_at,
          'roles', coalesce((select jsonb_agg(r.role order by r.role) from user_roles r
                             where r.user_id = u.id), '[]'::jsonb)) as row
        from users u where u.id = ${params.userId}`,
  );
  if (!row) return undefined;
  return {
    ...(row as unknown as PersonRow),
    createdAt: new Date(row.createdAt as string).toISOString(),
    lastActiveAt: new Date(row.lastActiveAt as string).toISOString(),
  };
}

/**
 * Everything the platform holds about a person, table by table (camelCase keys), without files
 * and secrets. The other party's private notes of a mentoring session are left out.
 */
export async function exportPersonalData(db: Executor, params: { userId: string }) {
  const id = params.userId;
  const binary = await binaryColumns(db);
  const records: Record<string, JsonRow[]> = {};
  const clean = (table: string, rows: JsonRow[]) =>
    rows.map((row) => {
      const out: JsonRow = {};
      for (const [key, value] of Object.entries(row)) {
        const ref = `${table}.${key}`;
        if (SECRET_COLUMNS.has(ref)) continue;
        if (binary.has(ref)) {
          if (value !== null) out[camel(key)] = 'fichier non inclus';
          continue;
        }
        out[camel(key)] = value;
      }
      return out;
    });
  const derived = new Set(['users', 'mentoring_messages', 'agreement_signatures']);
  for (const [table, columns] of subjectTables()) {
    if (derived.has(table)) continue;
    const where = sql.join(
      columns.map((c) => sql`t.${ident(c)} = ${id}`),
      sql` or `,
    );
    records[camel(table)] = clean(
      table,
      await rowsOf(db, sql`select to_jsonb(t) as row from ${ident(table)} t where ${where}`),
    );
  }
  // What follows a person's own records: the history of their applications, the signatures and
  // guardian links of their agreements, the sessions and messages of their mentorships.
  records.applicationEvents = clean(
    'application_events',
    await rowsOf(
      db,
      sql`select to_jsonb(e) as row from application_events e
          join applications a on a.id = e.application_id where a.student_id = ${id}
          order by e.at`,
    ),
  );
  records.agreementSignatures = clean(
    'agreement_signatures',
    await rowsOf(
      db,
      sql`select to_jsonb(s) as row from agreement_signatures s
          where s.signer_id = ${id}
             or s.agreement_id in (select a.id from agreements a where a.student_id = ${id})`,
    ),
  );
  records.guardianLinks = clean(
    'guardian_links',
    await rowsOf(
      db,
      sql`select to_jsonb(g) - 'token_hash' as row from guardian_links g
          join agreements a on a.id = g.agreement_id where a.student_id = ${id}`,
    ),
  );
  records.mentoringSessions = clean(
    'mentoring_sessions',
    await rowsOf(
      db,
      sql`select to_jsonb(s) - (case when m.mentor_id = ${id} then 'mentee_notes' else 'mentor_notes' end)
            as row
          from mentoring_sessions s join mentorships m on m.id = s.mentorship_id
          where m.mentor_id = ${id} or m.mentee_id = ${id}
          order by s.starts_at`,
    ),
  );
  records.mentoringMessages = clean(
    'mentoring_messages',
    await rowsOf(
      db,
      sql`select to_jsonb(x) as row from mentoring_messages x
          join mentorships m on m.id = x.mentorship_id
          where (m.mentor_id = ${id} or m.mentee_id = ${id}) and x.hidden_at is null
          order by x.created_at`,
    ),
  );
  return {
    records,
    notes: [
      'Les fichiers (convention scannée, fichiers de challenge) ne sont pas inclus : ils sont téléchargeables depuis leur page.',
      'Les mots de passe et codes de connexion ne sont jamais exportés.',
      "Les notes privées de l'autre personne d'un mentorat ne sont pas incluses.",
    ],
  };
}

/** A convention still being signed or not yet over: the school and the host need it as it is. */
export async function liveAgreements(db: Executor, params: { userId: string; today: string }) {
  const [row] = await queryRows<{ count: number }>(
    db,
    sql`select count(*)::int as count from agreements a
        where a.student_id = ${params.userId} and a.status in ('signing', 'signed')
          and (a.teaching_annex->>'endDate')::date >= ${params.today}::date`,
  );
  return row?.count ?? 0;
}

export async function otherActiveOperators(db: Executor, params: { userId: string }) {
  const [row] = await queryRows<{ count: number }>(
    db,
    sql`select count(*)::int as count from user_roles r join users u on u.id = r.user_id
        where r.role = 'operator' and u.status = 'active' and u.id <> ${params.userId}`,
  );
  return row?.count ?? 0;
}

/**
 * Anonymises one person. Kept for statistics: their applications and agreements (status and
 * dates), campaign wishes and results, challenge teams and scores, visits, the audit log; the
 * pupil record keeps school, class, level and home commune. Erased: names, e-mail, password,
 * sign-in code, birth date, guardian, free texts they wrote or that describe them, signatures'
 * names and addresses, files, profiles, memberships, sessions, notifications and mails.
 * Pending applications are withdrawn and open mentoring is closed, so nobody waits on them.
 */
export async function anonymisePerson(db: Executor, params: { userId: string; now: Date }) {
  const id = params.userId;
  const now = params.now.toISOString();
  const [user] = await queryRows<{
    email: string | null;
    guardianEmail: string | null;
    names: string[];
  }>(
    db,
    sql`select u.email, s.guardian_email as "guardianEmail",
          array_remove(array[u.display_name,
            nullif(trim(coalesce(s.first_name, '') || ' ' || coalesce(s.last_name, '')), '')],
            null) as names
        from users u left join students s on s.user_id = u.id where u.id = ${id}`,
  );
  if (!user) return false;
  // Other people's notifications and mails that name the person ("Lina D. a postulé…") keep
  // their sense without the name.
  const names = [...new Set(user.names)].filter((n) => n.trim().length >= 3);
  const renames: SQL[] = names.flatMap((name) => [
    sql`update notifications
        set data = replace(data::text, trim(both '"' from to_json(${name}::text)::text),
                           ${ANONYMISED_NAME})::jsonb
        where strpos(data::text, trim(both '"' from to_json(${name}::text)::text)) > 0`,
    sql`update email_outbox set body_text = replace(body_text, ${name}, ${ANONYMISED_NAME}),
          subject = replace(subject, ${name}, ${ANONYMISED_NAME})
        where strpos(body_text, ${name}) > 0 or strpos(subject, ${name}) > 0`,
  ]);
  const statements: SQL[] = [
    ...renames,
    // Mail waiting for or sent to them or their guardian names the pupil.
    sql`delete from email_outbox where to_email in (
          select e from (values (${user.email}::text), (${user.guardianEmail}::text)) v(e)
          where e is not null)`,
    sql`delete from guardian_links where agreement_id in (
          select a.id from agreements a where a.student_id = ${id})`,
    sql`delete from sessions where user_id = ${id}`,
    sql`delete from notifications where user_id = ${id}`,
    sql`delete from passport_entries where student_id = ${id}`,
    sql`delete from activity_reflections where student_id = ${id}`,
    sql`delete from mentor_profiles where user_id = ${id}`,
    sql`delete from ambassador_profiles where user_id = ${id}`,
    sql`delete from school_memberships where user_id = ${id}`,
    sql`delete from company_memberships where user_id = ${id}`,
    sql`update students set first_name = 'Anonyme', last_name = '', birth_date = null,
          guardian_name = null, guardian_email = null, needs_accessibility = false
        where user_id = ${id}`,
    // Pending applications are withdrawn, with the change kept in their history.
    sql`insert into application_events (application_id, from_status, to_status, actor_id, note, at)
        select a.id, a.status, 'withdrawn', null, null, ${now}::timestamptz from applications a
        where a.student_id = ${id} and a.status in ('submitted', 'read', 'accepted')`,
    sql`update applications set status = 'withdrawn', updated_at = ${now}::timestamptz
        where student_id = ${id} and status in ('submitted', 'read', 'accepted')`,
    sql`update applications set motivation = '', rejection_reason = null where student_id = ${id}`,
    sql`update application_events set note = null where application_id in (
          select a.id from applications a where a.student_id = ${id})`,
    sql`update agreements set tutor_appraisal = null, pupil_feedback = null, scanned_copy = null,
          scanned_copy_type = null
        where student_id = ${id}`,
    sql`update agreement_signatures set signer_name = ${ANONYMISED_NAME}, ip_address = '',
          user_agent = ''
        where signer_id = ${id}
           or (party in ('pupil', 'guardian')
               and agreement_id in (select a.id from agreements a where a.student_id = ${id}))`,
    sql`update offers set tutor_email = null where ${user.email}::text is not null
          and lower(tutor_email) = lower(${user.email}::text)`,
    sql`update mentee_requests set constraints = '', guardian_consent_by = null,
          status = case when status in ('open', 'proposed') then 'cancelled' else status end
        where mentee_id = ${id}`,
    sql`update mentoring_proposals set status = 'withdrawn', responded_at = ${now}::timestamptz
        where status = 'proposed' and (mentor_id = ${id} or request_id in (
          select r.id from mentee_requests r where r.mentee_id = ${id}))`,
    sql`update mentoring_sessions set mentor_notes = null, mentee_notes = null,
          status = case when status in ('proposed', 'accepted') and starts_at > ${now}::timestamptz
                        then 'cancelled' else status end
        where mentorship_id in (select m.id from mentorships m
                                where m.mentor_id = ${id} or m.mentee_id = ${id})`,
    // A reported message stays as it is until an operator has decided: it may be evidence.
    sql`update mentoring_messages set body = ''
        where (sender_id = ${id}
               or mentorship_id in (select m.id from mentorships m where m.mentee_id = ${id}))
          and not exists (select 1 from message_reports r
                          where r.message_id = mentoring_messages.id and r.resolved_at is null)`,
    sql`update mentorships set mentor_feedback = null, mentee_feedback = null,
          status = 'closed', closed_at = coalesce(closed_at, ${now}::timestamptz)
        where mentor_id = ${id} or mentee_id = ${id}`,
    sql`update challenge_team_members set skills = '{}' where student_id = ${id}`,
    sql`update users set email = null, login_code = null, password_hash = null,
          display_name = ${ANONYMISED_NAME}, status = 'anonymised',
          sessions_valid_after = ${now}::timestamptz, updated_at = ${now}::timestamptz
        where id = ${id}`,
  ];
  for (const statement of statements) await db.execute(statement);
  return true;
}

export interface DuePerson {
  userId: string;
  kind: 'pupil' | 'professional';
  lastActivity: string;
}

/**
 * People whose last activity (signing in, or a change to their applications or agreements) is
 * older than the retention period: a year for pupils, two for everyone else. Operators are the
 * département's staff, whose accounts it closes itself; they are never anonymised here.
 */
export async function dueForAnonymisation(db: Executor, params: { now: Date; limit: number }) {
  const pupilBefore = new Date(params.now.getTime() - RETENTION_DAYS.pupil * DAY).toISOString();
  const proBefore = new Date(
    params.now.getTime() - RETENTION_DAYS.professional * DAY,
  ).toISOString();
  const rows = await queryRows<{ userId: string; kind: DuePerson['kind']; lastActivity: string }>(
    db,
    sql`with activity as (
          select u.id,
            exists (select 1 from user_roles r where r.user_id = u.id and r.role = 'student')
              or exists (select 1 from students s where s.user_id = u.id) as pupil,
            greatest(u.last_active_at, u.created_at,
              (select max(a.updated_at) from applications a where a.student_id = u.id),
              (select max(g.updated_at) from agreements g where g.student_id = u.id)) as last_activity
          from users u
          where u.status <> 'anonymised'
            and not exists (select 1 from user_roles r where r.user_id = u.id and r.role = 'operator')
        )
        select id as "userId", case when pupil then 'pupil' else 'professional' end as kind,
          last_activity::text as "lastActivity"
        from activity
        where last_activity < case when pupil then ${pupilBefore}::timestamptz
                                   else ${proBefore}::timestamptz end
        order by last_activity
        limit ${params.limit}`,
  );
  return rows;
}

/**
 * Ended sessions (expired, signed out or replaced by rotation) and old failed sign-ins are kept a
 * month for support and security questions, then removed: they say when someone used the platform.
 */
export async function purgeEndedSessions(db: Executor, params: { now: Date }) {
  const before = new Date(params.now.getTime() - 30 * DAY).toISOString();
  const sessions = await queryRows<{ count: number }>(
    db,
    sql`with gone as (delete from sessions
          where expires_at < ${before}::timestamptz or revoked_at < ${before}::timestamptz
          returning 1)
        select count(*)::int as count from gone`,
  );
  await db.execute(sql`delete from login_failures where failed_at < ${before}::timestamptz`);
  return sessions[0]?.count ?? 0;
}
