// Queries of the challenges domain. Who may see what is part of every query's WHERE: a challenge
// in draft reaches its organisers only; a team and its work reach its members, the staff of its
// school, the organisers and the jury, nobody else (out of reach reads as "not found").
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { ChallengePhase, ChallengeStatus, SchoolLevel } from '@tremplin/contracts';
import { type Executor, queryRows } from '@tremplin/db';
import {
  challengeEnrolments,
  challengeFiles,
  challengeJurors,
  challenges,
  challengeScores,
  challengeSubmissions,
  challengeTeamMembers,
  challengeTeams,
  classes,
  companies,
  challengeOrganisers,
  schools,
  students,
  trades,
  users,
} from '@tremplin/db/schema';
import { staffSchoolIds } from '../classes/repository.js';

/** Who is asking, with the roles that open each way in. */
export interface Viewer {
  userId: string;
  roles: readonly string[];
}

export const has = (viewer: Viewer, ...roles: string[]) =>
  roles.some((r) => viewer.roles.includes(r));

/** Employers (active) of a company that organises the challenge. */
export function isOrganiser(viewer: Viewer, challengeId: SQL | string): SQL {
  if (!has(viewer, 'employer')) return sql`false`;
  return sql`exists (select 1 from challenge_organisers o
    join company_memberships m on m.company_id = o.company_id
    where o.challenge_id = ${challengeId} and m.user_id = ${viewer.userId}
      and m.role = 'employer' and m.status = 'active')`;
}

export function isJuror(viewer: Viewer, challengeId: SQL | string): SQL {
  return sql`exists (select 1 from challenge_jurors j
    where j.challenge_id = ${challengeId} and j.user_id = ${viewer.userId})`;
}

/** Schools where this person is active staff (teacher or head); nothing without those roles. */
export function staffSchools(viewer: Viewer): SQL {
  if (!has(viewer, 'teacher', 'school_admin')) return sql`(select null::uuid where false)`;
  return staffSchoolIds(viewer.userId);
}

const cid = sql`${challenges.id}`;

/** Challenges this person may see: every one past its draft, drafts to their organisers. */
export function visibleChallenge(viewer: Viewer): SQL | undefined {
  if (has(viewer, 'operator')) return undefined;
  return sql`(${challenges.status} <> 'draft' or ${isOrganiser(viewer, cid)})`;
}

/** Where a challenge stands at this instant. */
export function phaseOf(
  row: { status: ChallengeStatus; submissionDeadline: Date },
  now: Date,
): ChallengePhase {
  if (row.status === 'draft') return 'draft';
  if (row.status === 'published') return now > row.submissionDeadline ? 'judging' : 'open';
  return row.status;
}

const challengeColumns = (viewer: Viewer) => ({
  id: challenges.id,
  title: challenges.title,
  brief: challenges.brief,
  tradeCodes: challenges.tradeCodes,
  levels: challenges.levels,
  launchOn: challenges.launchOn,
  submissionDeadline: challenges.submissionDeadline,
  juryOn: challenges.juryOn,
  teamMin: challenges.teamMin,
  teamMax: challenges.teamMax,
  maxTeams: challenges.maxTeams,
  prizes: challenges.prizes,
  rubric: challenges.rubric,
  status: challenges.status,
  resultsPublishedAt: challenges.resultsPublishedAt,
  createdAt: challenges.createdAt,
  organiser: sql<boolean>`${isOrganiser(viewer, cid)}`,
  juror: sql<boolean>`${isJuror(viewer, cid)}`,
  staffEnrolled: sql<boolean>`exists (select 1 from challenge_enrolments e
    where e.challenge_id = ${cid} and e.school_id in ${staffSchools(viewer)})`,
  pupilEnrolled: has(viewer, 'student')
    ? sql<boolean>`exists (select 1 from challenge_enrolments e
        join students s on s.class_id = e.class_id
        where e.challenge_id = ${cid} and s.user_id = ${viewer.userId})`
    : sql<boolean>`false`,
  myTeamId: sql<string | null>`(select m.team_id from challenge_team_members m
    where m.challenge_id = ${cid} and m.student_id = ${viewer.userId})`,
  teamCount: sql<number>`(select count(*)::int from challenge_teams t where t.challenge_id = ${cid})`,
});

export type ChallengeRow = Awaited<ReturnType<typeof getChallenge>> & object;

export async function getChallenge(
  db: Executor,
  params: { id: string; viewer: Viewer; lock?: boolean },
) {
  const query = db
    .select(challengeColumns(params.viewer))
    .from(challenges)
    .where(and(eq(challenges.id, params.id), visibleChallenge(params.viewer)));
  const [row] = params.lock ? await query.for('update', { of: challenges }) : await query;
  return row;
}

export async function listChallenges(
  db: Executor,
  params: {
    viewer: Viewer;
    mine: boolean;
    level?: SchoolLevel;
    page: number;
    pageSize: number;
    now: Date;
  },
) {
  const columns = challengeColumns(params.viewer);
  const filters: (SQL | undefined)[] = [visibleChallenge(params.viewer)];
  if (params.level) filters.push(sql`${params.level}::school_level = any(${challenges.levels})`);
  if (params.mine) {
    filters.push(sql`(${columns.organiser} or ${columns.juror} or ${columns.staffEnrolled}
      or ${columns.pupilEnrolled} or ${columns.myTeamId} is not null)`);
  }
  const where = and(...filters);
  const [count] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(challenges)
    .where(where);
  const bucket = sql`case
    when ${challenges.status} = 'draft' then 0
    when ${challenges.status} = 'published' and ${challenges.submissionDeadline} >= ${params.now.toISOString()}::timestamptz then 1
    when ${challenges.status} <> 'results' then 2
    else 3 end`;
  const rows = await db
    .select(columns)
    .from(challenges)
    .where(where)
    .orderBy(bucket, asc(challenges.submissionDeadline), asc(challenges.id))
    .limit(params.pageSize)
    .offset((params.page - 1) * params.pageSize);
  return { rows, total: count?.total ?? 0 };
}

export async function organisersOf(db: Executor, challengeIds: string[]) {
  if (challengeIds.length === 0) return new Map<string, { id: string; name: string }[]>();
  const rows = await db
    .select({
      challengeId: challengeOrganisers.challengeId,
      id: companies.id,
      name: companies.name,
    })
    .from(challengeOrganisers)
    .innerJoin(companies, eq(companies.id, challengeOrganisers.companyId))
    .where(inArray(challengeOrganisers.challengeId, challengeIds))
    .orderBy(asc(companies.name));
  const map = new Map<string, { id: string; name: string }[]>();
  for (const r of rows) {
    const list = map.get(r.challengeId) ?? [];
    list.push({ id: r.id, name: r.name });
    map.set(r.challengeId, list);
  }
  return map;
}

export async function tradeLabels(db: Executor, codes: string[]) {
  if (codes.length === 0) return new Map<string, string>();
  const rows = await db
    .select({ code: trades.code, label: trades.label })
    .from(trades)
    .where(inArray(trades.code, codes));
  return new Map(rows.map((r) => [r.code, r.label]));
}

export async function countsOf(db: Executor, challengeId: string) {
  const [row] = await queryRows<{
    enrolments: number;
    submissions: number;
    jurors: number;
  }>(
    db,
    sql`select
      (select count(*)::int from challenge_enrolments e where e.challenge_id = ${challengeId}) as enrolments,
      (select count(*)::int from challenge_submissions s join challenge_teams t on t.id = s.team_id
         where t.challenge_id = ${challengeId}) as submissions,
      (select count(*)::int from challenge_jurors j where j.challenge_id = ${challengeId}) as jurors`,
  );
  return row!;
}

// --- teams ----------------------------------------------------------------------------------------

/** A team of the challenge, with how the person asking is tied to it; undefined out of reach. */
export async function getTeam(
  db: Executor,
  params: { challengeId: string; teamId: string; viewer: Viewer; lock?: boolean },
) {
  const viewer = params.viewer;
  const member = has(viewer, 'student')
    ? sql<boolean>`exists (select 1 from challenge_team_members m
        where m.team_id = ${challengeTeams.id} and m.student_id = ${viewer.userId})`
    : sql<boolean>`false`;
  const staff = sql<boolean>`${challengeEnrolments.schoolId} in ${staffSchools(viewer)}`;
  const organiser = sql<boolean>`${isOrganiser(viewer, sql`${challengeTeams.challengeId}`)}`;
  const juror = sql<boolean>`${isJuror(viewer, sql`${challengeTeams.challengeId}`)}`;
  const query = db
    .select({
      id: challengeTeams.id,
      name: challengeTeams.name,
      challengeId: challengeTeams.challengeId,
      enrolmentId: challengeTeams.enrolmentId,
      schoolId: challengeEnrolments.schoolId,
      schoolName: schools.name,
      className: classes.name,
      teacherId: challengeEnrolments.teacherId,
      member,
      staff,
      organiser,
      juror,
    })
    .from(challengeTeams)
    .innerJoin(challengeEnrolments, eq(challengeEnrolments.id, challengeTeams.enrolmentId))
    .innerJoin(schools, eq(schools.id, challengeEnrolments.schoolId))
    .innerJoin(classes, eq(classes.id, challengeEnrolments.classId))
    .where(
      and(
        eq(challengeTeams.id, params.teamId),
        eq(challengeTeams.challengeId, params.challengeId),
        sql`(${member} or ${staff} or ${organiser} or ${juror})`,
      ),
    );
  const [row] = params.lock ? await query.for('update', { of: challengeTeams }) : await query;
  return row;
}

export type TeamRow = NonNullable<Awaited<ReturnType<typeof getTeam>>>;

export function teamMembers(db: Executor, params: { teamIds: string[] }) {
  if (params.teamIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      teamId: challengeTeamMembers.teamId,
      id: challengeTeamMembers.studentId,
      firstName: sql<string>`coalesce(${students.firstName}, ${users.displayName})`,
      lastName: sql<string>`coalesce(${students.lastName}, '')`,
      skills: challengeTeamMembers.skills,
      schoolId: students.schoolId,
    })
    .from(challengeTeamMembers)
    .innerJoin(users, eq(users.id, challengeTeamMembers.studentId))
    .leftJoin(students, eq(students.userId, challengeTeamMembers.studentId))
    .where(inArray(challengeTeamMembers.teamId, params.teamIds))
    .orderBy(asc(students.lastName), asc(students.firstName));
}

export async function submissionOf(db: Executor, params: { teamId: string }) {
  const [row] = await db
    .select({
      id: challengeSubmissions.id,
      text: challengeSubmissions.text,
      submittedAt: challengeSubmissions.submittedAt,
      submittedByName: users.displayName,
    })
    .from(challengeSubmissions)
    .leftJoin(users, eq(users.id, challengeSubmissions.submittedBy))
    .where(eq(challengeSubmissions.teamId, params.teamId));
  return row;
}

export function filesOf(db: Executor, params: { submissionId: string }) {
  return db
    .select({
      id: challengeFiles.id,
      filename: challengeFiles.filename,
      contentType: challengeFiles.contentType,
      size: challengeFiles.size,
      uploadedAt: challengeFiles.uploadedAt,
    })
    .from(challengeFiles)
    .where(eq(challengeFiles.submissionId, params.submissionId))
    .orderBy(asc(challengeFiles.uploadedAt), asc(challengeFiles.filename));
}

/** A file of a team this person may read (with its bytes); undefined otherwise. */
export async function getFile(
  db: Executor,
  params: { challengeId: string; fileId: string; viewer: Viewer },
) {
  const [file] = await db
    .select({ teamId: challengeSubmissions.teamId })
    .from(challengeFiles)
    .innerJoin(challengeSubmissions, eq(challengeSubmissions.id, challengeFiles.submissionId))
    .where(eq(challengeFiles.id, params.fileId));
  if (!file) return undefined;
  const team = await getTeam(db, {
    challengeId: params.challengeId,
    teamId: file.teamId,
    viewer: params.viewer,
  });
  if (!team) return undefined;
  const [row] = await db
    .select({
      id: challengeFiles.id,
      filename: challengeFiles.filename,
      contentType: challengeFiles.contentType,
      size: challengeFiles.size,
      content: challengeFiles.content,
    })
    .from(challengeFiles)
    .where(eq(challengeFiles.id, params.fileId));
  return row ? { ...row, team } : undefined;
}

/** Every team of the challenge with its school, submission and scores (organisers and jury). */
export function teamsWithWork(db: Executor, params: { challengeId: string }) {
  return db
    .select({
      teamId: challengeTeams.id,
      teamName: challengeTeams.name,
      schoolId: challengeEnrolments.schoolId,
      schoolName: schools.name,
      enrolmentId: challengeEnrolments.id,
      teacherId: challengeEnrolments.teacherId,
      memberCount: sql<number>`(select count(*)::int from challenge_team_members m where m.team_id = ${challengeTeams.id})`,
      submittedAt: challengeSubmissions.submittedAt,
      fileCount: sql<number>`(select count(*)::int from challenge_files f where f.submission_id = ${challengeSubmissions.id})`,
    })
    .from(challengeTeams)
    .innerJoin(challengeEnrolments, eq(challengeEnrolments.id, challengeTeams.enrolmentId))
    .innerJoin(schools, eq(schools.id, challengeEnrolments.schoolId))
    .leftJoin(challengeSubmissions, eq(challengeSubmissions.teamId, challengeTeams.id))
    .where(eq(challengeTeams.challengeId, params.challengeId))
    .orderBy(asc(schools.name), asc(challengeTeams.name));
}

export function scoresOf(db: Executor, params: { challengeId: string }) {
  return db
    .select({
      teamId: challengeScores.teamId,
      jurorId: challengeScores.jurorId,
      marks: challengeScores.marks,
      total: challengeScores.total,
      comment: challengeScores.comment,
      updatedAt: challengeScores.updatedAt,
    })
    .from(challengeScores)
    .where(eq(challengeScores.challengeId, params.challengeId));
}

/**
 * The schools a person is tied to, and how: a membership of the school (any but a refused one),
 * the class teacher of one of its classes, or the guardian (by e-mail on record) of one of its
 * pupils. A juror may not score a team from any of them.
 */
export async function tiedSchools(db: Executor, params: { userId: string }) {
  const rows = await queryRows<{ schoolId: string; schoolName: string; reason: string }>(
    db,
    sql`select sm.school_id as "schoolId", sc.name as "schoolName", 'member' as reason
        from school_memberships sm join schools sc on sc.id = sm.school_id
        where sm.user_id = ${params.userId} and sm.status <> 'rejected'
      union all
      select c.school_id, sc.name, 'teacher'
        from classes c join schools sc on sc.id = c.school_id
        where c.teacher_id = ${params.userId}
      union all
      select s.school_id, sc.name, 'guardian'
        from users u
        join students s on lower(s.guardian_email) = lower(u.email)
        join schools sc on sc.id = s.school_id
        where u.id = ${params.userId} and u.email is not null`,
  );
  const map = new Map<string, { schoolName: string; reason: string }>();
  for (const r of rows) if (!map.has(r.schoolId)) map.set(r.schoolId, r);
  return map;
}

/** The schools a team comes from: its class's school and each member's own. */
export async function teamSchools(db: Executor, params: { challengeId: string }) {
  const rows = await queryRows<{ teamId: string; schoolId: string }>(
    db,
    sql`select t.id as "teamId", e.school_id as "schoolId"
        from challenge_teams t join challenge_enrolments e on e.id = t.enrolment_id
        where t.challenge_id = ${params.challengeId}
      union
      select m.team_id, s.school_id
        from challenge_team_members m join students s on s.user_id = m.student_id
        where m.challenge_id = ${params.challengeId} and s.school_id is not null`,
  );
  const map = new Map<string, Set<string>>();
  for (const r of rows) {
    const set = map.get(r.teamId) ?? new Set<string>();
    set.add(r.schoolId);
    map.set(r.teamId, set);
  }
  return map;
}

// --- enrolments -----------------------------------------------------------------------------------

/** The enrolments of the challenge in this person's schools (all schools for `schoolId` unset). */
export function staffEnrolments(
  db: Executor,
  params: { challengeId: string; viewer: Viewer; schoolId?: string },
) {
  return db
    .select({
      id: challengeEnrolments.id,
      classId: challengeEnrolments.classId,
      className: classes.name,
      level: classes.level,
      schoolId: challengeEnrolments.schoolId,
      schoolName: schools.name,
      teacherName: users.displayName,
      createdAt: challengeEnrolments.createdAt,
    })
    .from(challengeEnrolments)
    .innerJoin(classes, eq(classes.id, challengeEnrolments.classId))
    .innerJoin(schools, eq(schools.id, challengeEnrolments.schoolId))
    .leftJoin(users, eq(users.id, challengeEnrolments.teacherId))
    .where(
      and(
        eq(challengeEnrolments.challengeId, params.challengeId),
        sql`${challengeEnrolments.schoolId} in ${staffSchools(params.viewer)}`,
        params.schoolId ? eq(challengeEnrolments.schoolId, params.schoolId) : undefined,
      ),
    )
    .orderBy(asc(schools.name), asc(classes.name));
}

/** Pupils of these enrolled classes, and pupils already in their teams who have changed class. */
export async function pupilsOf(
  db: Executor,
  params: { challengeId: string; enrolmentIds: string[] },
) {
  if (params.enrolmentIds.length === 0) return [];
  const ids = sql.join(
    params.enrolmentIds.map((id) => sql`${id}`),
    sql`, `,
  );
  return queryRows<{
    id: string;
    firstName: string;
    lastName: string;
    classId: string;
    className: string;
    schoolId: string | null;
    teamId: string | null;
    skills: string[];
  }>(
    db,
    sql`select s.user_id as id, s.first_name as "firstName", s.last_name as "lastName",
          e.class_id as "classId", c.name as "className", s.school_id as "schoolId",
          m.team_id as "teamId", coalesce(m.skills, '{}'::text[]) as skills
        from challenge_enrolments e
        join classes c on c.id = e.class_id
        join students s on s.class_id = e.class_id
        left join challenge_team_members m on m.challenge_id = e.challenge_id and m.student_id = s.user_id
        where e.challenge_id = ${params.challengeId}
          and e.id in (${ids})
      union
      select s.user_id, s.first_name, s.last_name, e.class_id, c.name, s.school_id,
          m.team_id, m.skills
        from challenge_team_members m
        join challenge_teams t on t.id = m.team_id
        join challenge_enrolments e on e.id = t.enrolment_id
        join classes c on c.id = e.class_id
        join students s on s.user_id = m.student_id
        where m.challenge_id = ${params.challengeId}
          and e.id in (${ids})
          and s.class_id is distinct from e.class_id
          and s.class_id not in (select e2.class_id from challenge_enrolments e2
            where e2.challenge_id = ${params.challengeId} and e2.id in (${ids}))
      order by "lastName", "firstName", id`,
  );
}

export function teamsOfEnrolments(db: Executor, params: { enrolmentIds: string[] }) {
  if (params.enrolmentIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      id: challengeTeams.id,
      name: challengeTeams.name,
      enrolmentId: challengeTeams.enrolmentId,
      className: classes.name,
      submittedAt: challengeSubmissions.submittedAt,
      createdAt: challengeTeams.createdAt,
    })
    .from(challengeTeams)
    .innerJoin(challengeEnrolments, eq(challengeEnrolments.id, challengeTeams.enrolmentId))
    .innerJoin(classes, eq(classes.id, challengeEnrolments.classId))
    .leftJoin(challengeSubmissions, eq(challengeSubmissions.teamId, challengeTeams.id))
    .where(inArray(challengeTeams.enrolmentId, params.enrolmentIds))
    .orderBy(asc(challengeTeams.name));
}

export async function teamCountOf(db: Executor, params: { challengeId: string }) {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(challengeTeams)
    .where(eq(challengeTeams.challengeId, params.challengeId));
  return row?.count ?? 0;
}

/** The organisers' employers (active), to tell them what happens. */
export async function organiserEmployers(db: Executor, params: { challengeId: string }) {
  const rows = await queryRows<{ userId: string }>(
    db,
    sql`select distinct m.user_id as "userId" from challenge_organisers o
        join company_memberships m on m.company_id = o.company_id
        where o.challenge_id = ${params.challengeId} and m.role = 'employer' and m.status = 'active'`,
  );
  return rows.map((r) => r.userId);
}

export async function jurorIds(db: Executor, params: { challengeId: string }) {
  const rows = await db
    .select({ userId: challengeJurors.userId })
    .from(challengeJurors)
    .where(eq(challengeJurors.challengeId, params.challengeId));
  return rows.map((r) => r.userId);
}
