// Queries of the classes domain: classes, pupils' school records, sign-in codes, stage weeks and
// the follow-up of who has a stage. The school predicate is in every query: a teacher reaches the
// classes and pupils of the schools where their membership is active, nothing else (out of reach
// reads as "not found").
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { PupilStageState, SchoolKind, SchoolLevel } from '@tremplin/contracts';
import { type Executor, queryRows, searchable } from '@tremplin/db';
import {
  classes,
  communes,
  schoolHolidays,
  schoolMemberships,
  schools,
  stageWeeks,
  students,
  trades,
  userRoles,
  users,
} from '@tremplin/db/schema';
import { schoolYearBounds, schoolYearOf } from './calendar.js';
import { newLoginCode } from './login-code.js';
import type { ExistingClass, ExistingPupil, ImportPlan } from './pupil-import.js';

/** Schools where this person is an active teacher or head: the scope of everything here. */
export const staffSchoolIds = (userId: string): SQL =>
  sql`(select m.school_id from school_memberships m where m.user_id = ${userId} and m.status = 'active')`;

export function listStaffSchools(db: Executor, params: { userId: string }) {
  return db
    .selectDistinct({ id: schools.id, name: schools.name, kind: schools.kind })
    .from(schoolMemberships)
    .innerJoin(schools, eq(schools.id, schoolMemberships.schoolId))
    .where(and(eq(schoolMemberships.userId, params.userId), eq(schoolMemberships.status, 'active')))
    .orderBy(asc(schools.name));
}

export async function getStaffSchool(db: Executor, params: { userId: string; schoolId: string }) {
  const [row] = await db
    .select({ id: schools.id, name: schools.name, kind: schools.kind })
    .from(schools)
    .where(
      and(eq(schools.id, params.schoolId), sql`${schools.id} in ${staffSchoolIds(params.userId)}`),
    );
  return row;
}

interface ClassRow {
  id: string;
  schoolId: string;
  schoolName: string;
  schoolKind: SchoolKind;
  name: string;
  level: SchoolLevel;
  schoolYear: number;
  teacherId: string | null;
  teacherName: string | null;
  pupilCount: number;
  placedCount: number;
}

function selectClasses(where: SQL) {
  return sql`
    select c.id, c.school_id as "schoolId", sc.name as "schoolName", sc.kind as "schoolKind",
      c.name, c.level, c.school_year as "schoolYear", c.teacher_id as "teacherId",
      t.display_name as "teacherName",
      (select count(*) from students s where s.class_id = c.id)::int as "pupilCount",
      (select count(distinct s.user_id) from students s
         join applications ap on ap.student_id = s.user_id and ap.status = 'confirmed'
         join offer_periods p on p.id = ap.period_id
         where s.class_id = c.id
           and p.start_date between make_date(c.school_year, 8, 1)
                                and make_date(c.school_year + 1, 7, 31))::int as "placedCount"
    from classes c
    join schools sc on sc.id = c.school_id
    left join users t on t.id = c.teacher_id
    where ${where}
    order by c.school_year desc, sc.name, c.level, lower(c.name)`;
}

export function listClasses(
  db: Executor,
  params: { userId: string; schoolYear?: number; schoolId?: string },
) {
  const filters = [sql`c.school_id in ${staffSchoolIds(params.userId)}`];
  if (params.schoolYear !== undefined) filters.push(sql`c.school_year = ${params.schoolYear}`);
  if (params.schoolId) filters.push(sql`c.school_id = ${params.schoolId}`);
  return queryRows<ClassRow>(db, selectClasses(sql.join(filters, sql` and `)));
}

/** One class, if it belongs to one of this person's schools. */
export async function getClass(db: Executor, params: { id: string; userId: string }) {
  const [row] = await queryRows<ClassRow>(
    db,
    selectClasses(sql`c.id = ${params.id} and c.school_id in ${staffSchoolIds(params.userId)}`),
  );
  return row;
}

export function serialiseClass(row: ClassRow) {
  return {
    id: row.id,
    schoolId: row.schoolId,
    schoolName: row.schoolName,
    name: row.name,
    level: row.level,
    schoolYear: row.schoolYear,
    teacherId: row.teacherId,
    teacherName: row.teacherName,
    pupilCount: row.pupilCount,
    placedCount: row.placedCount,
  };
}

/** A class of the school and year with the same name, written in any case or with any accents. */
export async function findClassByName(
  db: Executor,
  params: { schoolId: string; schoolYear: number; name: string; exceptId?: string },
) {
  const rows = await db
    .select({ id: classes.id, name: classes.name })
    .from(classes)
    .where(and(eq(classes.schoolId, params.schoolId), eq(classes.schoolYear, params.schoolYear)));
  const wanted = searchable(params.name);
  return rows.find((r) => r.id !== params.exceptId && searchable(r.name) === wanted);
}

export async function createClass(
  db: Executor,
  values: {
    schoolId: string;
    name: string;
    level: SchoolLevel;
    schoolYear: number;
    teacherId: string | null;
  },
) {
  const [row] = await db
    .insert(classes)
    .values(values)
    .onConflictDoNothing()
    .returning({ id: classes.id });
  return row;
}

/** Changes a class of one of this person's schools; its pupils follow a change of level. */
export async function updateClass(
  db: Executor,
  params: {
    id: string;
    userId: string;
    values: { name?: string; level?: SchoolLevel; schoolYear?: number; teacherId?: string | null };
  },
) {
  const [row] = await db
    .update(classes)
    .set(params.values)
    .where(
      and(eq(classes.id, params.id), sql`${classes.schoolId} in ${staffSchoolIds(params.userId)}`),
    )
    .returning({ id: classes.id });
  if (row && params.values.level) {
    await db
      .update(students)
      .set({ level: params.values.level })
      .where(eq(students.classId, params.id));
  }
  return row;
}

export async function isActiveMember(db: Executor, params: { userId: string; schoolId: string }) {
  const [row] = await db
    .select({ id: schoolMemberships.id })
    .from(schoolMemberships)
    .where(
      and(
        eq(schoolMemberships.userId, params.userId),
        eq(schoolMemberships.schoolId, params.schoolId),
        eq(schoolMemberships.status, 'active'),
      ),
    )
    .limit(1);
  return Boolean(row);
}

export interface FollowUpRow {
  userId: string;
  firstName: string;
  lastName: string;
  birthDate: string | null;
  loginCode: string | null;
  activated: boolean;
  hasEmail: boolean;
  state: PupilStageState;
  applications: number;
  liveApplications: number;
  offerTitle: string | null;
  companyName: string | null;
  startDate: string | null;
  endDate: string | null;
}

/**
 * Every pupil of a class with their best state this school year, in one query: agreement signed,
 * stage confirmed, accepted by an employer, applied (waiting for an answer), or nothing.
 */
export function classFollowUp(db: Executor, params: { classId: string; schoolYear: number }) {
  const { start, end } = schoolYearBounds(params.schoolYear);
  return queryRows<FollowUpRow>(
    db,
    sql`
    select s.user_id as "userId", s.first_name as "firstName", s.last_name as "lastName",
      s.birth_date::text as "birthDate", u.login_code as "loginCode",
      (u.password_hash is not null) as "activated", (u.email is not null) as "hasEmail",
      case when a.signed then 'signed' when a.confirmed then 'confirmed'
           when a.accepted then 'accepted' when a.waiting > 0 then 'applied' else 'none' end as "state",
      coalesce(a.total, 0)::int as "applications",
      coalesce(a.live, 0)::int as "liveApplications",
      c.title as "offerTitle", c.company_name as "companyName",
      c.start_date::text as "startDate", c.end_date::text as "endDate"
    from students s
    join users u on u.id = s.user_id
    left join lateral (
      select count(*)::int as total,
        (count(*) filter (where ap.status in ('submitted', 'read')))::int as waiting,
        (count(*) filter (where ap.status in ('submitted', 'read', 'accepted')))::int as live,
        coalesce(bool_or(ag.status in ('signed', 'completed')), false) as signed,
        coalesce(bool_or(ap.status = 'confirmed'), false) as confirmed,
        coalesce(bool_or(ap.status = 'accepted'), false) as accepted
      from applications ap
      join offer_periods p on p.id = ap.period_id
      left join agreements ag on ag.application_id = ap.id
      where ap.student_id = s.user_id and p.start_date between ${start} and ${end}
    ) a on true
    left join lateral (
      select o.title, co.name as company_name, p.start_date, p.end_date
      from applications ap
      join offer_periods p on p.id = ap.period_id
      join offers o on o.id = ap.offer_id
      join companies co on co.id = o.company_id
      where ap.student_id = s.user_id and ap.status = 'confirmed'
        and p.start_date between ${start} and ${end}
      order by p.start_date
      limit 1
    ) c on true
    where s.class_id = ${params.classId}
    order by lower(s.last_name), lower(s.first_name), s.user_id`,
  );
}

export interface StageWeekRow {
  id: string;
  schoolId: string;
  level: SchoolLevel;
  startDate: string;
  endDate: string;
}

const stageWeekColumns = {
  id: stageWeeks.id,
  schoolId: stageWeeks.schoolId,
  level: stageWeeks.level,
  startDate: stageWeeks.startDate,
  endDate: stageWeeks.endDate,
};

export function serialiseWeek(row: StageWeekRow) {
  return { ...row, schoolYear: schoolYearOf(row.startDate) };
}

/** The school's next (or current) stage weeks for a level: the first that has not ended. */
export async function nextStageWeek(
  db: Executor,
  params: { schoolId: string; level: SchoolLevel; today: string },
) {
  const [row] = await db
    .select(stageWeekColumns)
    .from(stageWeeks)
    .where(
      and(
        eq(stageWeeks.schoolId, params.schoolId),
        eq(stageWeeks.level, params.level),
        sql`${stageWeeks.endDate} >= ${params.today}`,
      ),
    )
    .orderBy(asc(stageWeeks.startDate))
    .limit(1);
  return row;
}

export function listStageWeeks(
  db: Executor,
  params: { schoolId: string; schoolYear?: number; level?: SchoolLevel },
) {
  const bounds = params.schoolYear !== undefined ? schoolYearBounds(params.schoolYear) : null;
  return db
    .select(stageWeekColumns)
    .from(stageWeeks)
    .where(
      and(
        eq(stageWeeks.schoolId, params.schoolId),
        params.level ? eq(stageWeeks.level, params.level) : undefined,
        bounds ? sql`${stageWeeks.startDate} between ${bounds.start} and ${bounds.end}` : undefined,
      ),
    )
    .orderBy(asc(stageWeeks.level), asc(stageWeeks.startDate));
}

/**
 * Who declares a school's stage weeks: its head (school_admin); while the school has no head on
 * the platform, its teachers, so that a school without a registered head is not stuck.
 */
const stageWeekEditor = (userId: string, schoolId: string | SQL): SQL => sql`exists (
  select 1 from school_memberships m
  where m.school_id = ${schoolId} and m.user_id = ${userId} and m.status = 'active'
    and (m.role = 'school_admin' or not exists (
      select 1 from school_memberships h
      where h.school_id = ${schoolId} and h.role = 'school_admin' and h.status = 'active')))`;

export async function canEditStageWeeks(
  db: Executor,
  params: { userId: string; schoolId: string },
) {
  const [row] = await queryRows<{ ok: boolean }>(
    db,
    sql`select ${stageWeekEditor(params.userId, params.schoolId)} as ok`,
  );
  return Boolean(row?.ok);
}

export async function overlappingStageWeek(
  db: Executor,
  params: { schoolId: string; level: SchoolLevel; startDate: string; endDate: string },
) {
  const [row] = await db
    .select(stageWeekColumns)
    .from(stageWeeks)
    .where(
      and(
        eq(stageWeeks.schoolId, params.schoolId),
        eq(stageWeeks.level, params.level),
        sql`${stageWeeks.startDate} <= ${params.endDate} and ${stageWeeks.endDate} >= ${params.startDate}`,
      ),
    )
    .limit(1);
  return row;
}

export async function overlappingHoliday(
  db: Executor,
  params: { startDate: string; endDate: string },
) {
  const [row] = await db
    .select({
      label: schoolHolidays.label,
      startDate: schoolHolidays.startDate,
      endDate: schoolHolidays.endDate,
    })
    .from(schoolHolidays)
    .where(
      sql`${schoolHolidays.startDate} <= ${params.endDate} and ${schoolHolidays.endDate} >= ${params.startDate}`,
    )
    .orderBy(asc(schoolHolidays.startDate))
    .limit(1);
  return row;
}

export async function createStageWeek(
  db: Executor,
  params: {
    userId: string;
    schoolId: string;
    level: SchoolLevel;
    startDate: string;
    endDate: string;
  },
) {
  const rows = await queryRows<StageWeekRow>(
    db,
    sql`insert into stage_weeks (school_id, level, start_date, end_date)
        select ${params.schoolId}::uuid, ${params.level}::school_level, ${params.startDate}::date,
          ${params.endDate}::date
        where ${stageWeekEditor(params.userId, params.schoolId)}
        returning id, school_id as "schoolId", level, start_date::text as "startDate",
          end_date::text as "endDate"`,
  );
  return rows[0];
}

export async function deleteStageWeek(
  db: Executor,
  params: { userId: string; schoolId: string; weekId: string },
) {
  const rows = await db
    .delete(stageWeeks)
    .where(
      and(
        eq(stageWeeks.id, params.weekId),
        eq(stageWeeks.schoolId, params.schoolId),
        stageWeekEditor(params.userId, params.schoolId),
      ),
    )
    .returning({ id: stageWeeks.id });
  return rows.length > 0;
}

/** Pupils of a class for the sign-in sheet. */
export function signInSheetPupils(
  db: Executor,
  params: { classId: string; pupilId?: string; pending?: boolean },
) {
  return db
    .select({
      userId: students.userId,
      firstName: students.firstName,
      lastName: students.lastName,
      loginCode: users.loginCode,
    })
    .from(students)
    .innerJoin(users, eq(users.id, students.userId))
    .where(
      and(
        eq(students.classId, params.classId),
        sql`${users.loginCode} is not null`,
        params.pupilId ? eq(students.userId, params.pupilId) : undefined,
        params.pending ? sql`${users.passwordHash} is null` : undefined,
      ),
    )
    .orderBy(sql`lower(${students.lastName})`, sql`lower(${students.firstName})`);
}

async function unusedCodes(db: Executor, count: number): Promise<string[]> {
  const codes = new Set<string>();
  while (codes.size < count) {
    const batch = new Set<string>();
    while (batch.size < count - codes.size) {
      const code = newLoginCode();
      if (!codes.has(code)) batch.add(code);
    }
    const taken = await db
      .select({ code: users.loginCode })
      .from(users)
      .where(inArray(users.loginCode, [...batch]));
    const takenSet = new Set(taken.map((t) => t.code));
    for (const code of batch) if (!takenSet.has(code)) codes.add(code);
  }
  return [...codes];
}

/**
 * A new sign-in code for a pupil of the class (a pupil without an e-mail): their password is
 * cleared, so they choose a new one at their next "Première connexion", and their sessions end.
 */
export async function reissueLoginCode(
  tx: Executor,
  params: { classId: string; pupilId: string; userId: string },
): Promise<{ loginCode: string } | 'has_email' | undefined> {
  const [pupil] = await tx
    .select({ userId: students.userId, email: users.email })
    .from(students)
    .innerJoin(users, eq(users.id, students.userId))
    .innerJoin(classes, eq(classes.id, students.classId))
    .where(
      and(
        eq(students.userId, params.pupilId),
        eq(students.classId, params.classId),
        sql`${classes.schoolId} in ${staffSchoolIds(params.userId)}`,
      ),
    );
  if (!pupil) return undefined;
  if (pupil.email) return 'has_email';
  const [loginCode] = await unusedCodes(tx, 1);
  const now = new Date();
  await tx
    .update(users)
    .set({ loginCode, passwordHash: null, updatedAt: now, sessionsValidAfter: now })
    .where(eq(users.id, pupil.userId));
  await tx.execute(
    sql`update sessions set revoked_at = now() where user_id = ${pupil.userId} and revoked_at is null`,
  );
  return { loginCode: loginCode! };
}

/** What the school already has, for planning an import: the year's classes and every pupil. */
export async function importContext(
  db: Executor,
  params: { schoolId: string; schoolYear: number },
): Promise<{ classes: ExistingClass[]; pupils: ExistingPupil[] }> {
  const classRows = await db
    .select({ id: classes.id, name: classes.name, level: classes.level })
    .from(classes)
    .where(and(eq(classes.schoolId, params.schoolId), eq(classes.schoolYear, params.schoolYear)));
  const pupils = await db
    .select({
      userId: students.userId,
      lastName: students.lastName,
      firstName: students.firstName,
      birthDate: students.birthDate,
      classId: students.classId,
      className: classes.name,
      classYear: classes.schoolYear,
    })
    .from(students)
    .leftJoin(classes, eq(classes.id, students.classId))
    .where(eq(students.schoolId, params.schoolId));
  return { classes: classRows, pupils };
}

/** Serialises imports into one school, so two teachers importing at once make no duplicates. */
export async function lockSchoolImports(tx: Executor, schoolId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`pupil-import:${schoolId}`}))`);
}

/**
 * Writes an import plan: creates the missing classes, an account with a sign-in code and a school
 * record for each new pupil, and moves the pupils the school already had. Run in a transaction.
 */
export async function applyImport(
  tx: Executor,
  params: { plan: ImportPlan; schoolId: string; schoolYear: number; teacherId: string },
) {
  const classIds = new Map<string, string>();
  for (const c of params.plan.classes) {
    if (c.id) {
      classIds.set(c.key, c.id);
      continue;
    }
    const [row] = await tx
      .insert(classes)
      .values({
        schoolId: params.schoolId,
        name: c.name,
        level: c.level,
        schoolYear: params.schoolYear,
        teacherId: params.teacherId,
      })
      .returning({ id: classes.id });
    classIds.set(c.key, row!.id);
    c.id = row!.id;
  }

  const created = params.plan.pupils.filter((p) => p.action === 'create');
  const chunk = 500;
  for (let i = 0; i < created.length; i += chunk) {
    const slice = created.slice(i, i + chunk);
    const codes = await unusedCodes(tx, slice.length);
    const inserted = await tx
      .insert(users)
      .values(
        slice.map((p, j) => ({
          email: null,
          passwordHash: null,
          loginCode: codes[j]!,
          displayName: `${p.firstName} ${p.lastName}`,
        })),
      )
      .returning({ id: users.id, loginCode: users.loginCode });
    const idByCode = new Map(inserted.map((r) => [r.loginCode, r.id]));
    await tx.insert(userRoles).values(
      inserted.map((r) => ({
        userId: r.id,
        role: 'student' as const,
        grantedBy: params.teacherId,
      })),
    );
    await tx.insert(students).values(
      slice.map((p, j) => ({
        userId: idByCode.get(codes[j]!)!,
        schoolId: params.schoolId,
        classId: classIds.get(p.classKey)!,
        level: p.level,
        firstName: p.firstName,
        lastName: p.lastName,
        birthDate: p.birthDate,
      })),
    );
  }
  for (const p of params.plan.pupils.filter((x) => x.action === 'move')) {
    await tx
      .update(students)
      .set({ classId: classIds.get(p.classKey)!, level: p.level })
      .where(and(eq(students.userId, p.userId!), eq(students.schoolId, params.schoolId)));
  }
  return { created: created.length, moved: params.plan.pupils.length - created.length };
}

// ---------------------------------------------------------------------------------------------
// Pupils' profiles

export interface ProfileRow {
  userId: string;
  firstName: string;
  lastName: string;
  birthDate: string | null;
  schoolId: string | null;
  schoolName: string | null;
  schoolKind: SchoolKind | null;
  classId: string | null;
  className: string | null;
  level: SchoolLevel | null;
  homeCommuneCode: string | null;
  homeCommuneName: string | null;
  interests: string[];
  needsAccessibility: boolean;
  guardianName: string | null;
  guardianEmail: string | null;
}

function selectProfile(db: Executor) {
  return db
    .select({
      userId: students.userId,
      firstName: students.firstName,
      lastName: students.lastName,
      birthDate: students.birthDate,
      schoolId: students.schoolId,
      schoolName: schools.name,
      schoolKind: schools.kind,
      classId: students.classId,
      className: classes.name,
      level: students.level,
      homeCommuneCode: students.homeCommuneCode,
      homeCommuneName: communes.name,
      interests: students.interests,
      needsAccessibility: students.needsAccessibility,
      guardianName: students.guardianName,
      guardianEmail: students.guardianEmail,
    })
    .from(students)
    .leftJoin(schools, eq(schools.id, students.schoolId))
    .leftJoin(classes, eq(classes.id, students.classId))
    .leftJoin(communes, eq(communes.code, students.homeCommuneCode));
}

export async function getOwnProfile(db: Executor, params: { userId: string }) {
  const [row] = await selectProfile(db).where(eq(students.userId, params.userId));
  return row as ProfileRow | undefined;
}

/** A pupil's profile as a teacher of their school sees it. */
export async function getPupilForStaff(db: Executor, params: { pupilId: string; userId: string }) {
  const [row] = await selectProfile(db).where(
    and(
      eq(students.userId, params.pupilId),
      sql`${students.schoolId} in ${staffSchoolIds(params.userId)}`,
    ),
  );
  return row as ProfileRow | undefined;
}

export async function tradeLabels(db: Executor, codes: string[]) {
  if (codes.length === 0) return new Map<string, string>();
  const rows = await db
    .select({ code: trades.code, label: trades.label })
    .from(trades)
    .where(inArray(trades.code, codes));
  return new Map(rows.map((r) => [r.code, r.label]));
}

export async function communeExists(db: Executor, code: string) {
  const [row] = await db
    .select({ code: communes.code })
    .from(communes)
    .where(eq(communes.code, code));
  return Boolean(row);
}

export async function getSchoolKind(db: Executor, schoolId: string) {
  const [row] = await db
    .select({ id: schools.id, kind: schools.kind })
    .from(schools)
    .where(eq(schools.id, schoolId));
  return row;
}

export async function displayNameOf(db: Executor, userId: string) {
  const [row] = await db
    .select({ displayName: users.displayName })
    .from(users)
    .where(eq(users.id, userId));
  return row?.displayName ?? '';
}

export type StudentValues = Partial<typeof students.$inferInsert>;

/** Creates or updates a pupil's own school record. */
export async function saveOwnProfile(
  db: Executor,
  params: { userId: string; values: StudentValues; firstName: string; lastName: string },
) {
  await db
    .insert(students)
    .values({
      ...params.values,
      userId: params.userId,
      firstName: params.firstName,
      lastName: params.lastName,
    })
    .onConflictDoUpdate({ target: students.userId, set: params.values });
}

/** A teacher changes a pupil's record (class, names, birth date), within their schools only. */
export async function updatePupil(
  db: Executor,
  params: { pupilId: string; userId: string; values: StudentValues },
) {
  const [row] = await db
    .update(students)
    .set(params.values)
    .where(
      and(
        eq(students.userId, params.pupilId),
        sql`${students.schoolId} in ${staffSchoolIds(params.userId)}`,
      ),
    )
    .returning({ userId: students.userId });
  return row;
}

export function listUnassignedPupils(db: Executor, params: { schoolId: string; userId: string }) {
  return db
    .select({
      userId: students.userId,
      firstName: students.firstName,
      lastName: students.lastName,
      level: students.level,
    })
    .from(students)
    .where(
      and(
        eq(students.schoolId, params.schoolId),
        sql`${students.classId} is null`,
        sql`${students.schoolId} in ${staffSchoolIds(params.userId)}`,
      ),
    )
    .orderBy(sql`lower(${students.lastName})`, sql`lower(${students.firstName})`)
    .limit(500);
}

export async function classOfSchool(db: Executor, params: { classId: string; schoolId: string }) {
  const [row] = await db
    .select({ id: classes.id, level: classes.level })
    .from(classes)
    .where(and(eq(classes.id, params.classId), eq(classes.schoolId, params.schoolId)));
  return row;
}

/** A pupil created by the school is named as the school names them (not one with an e-mail). */
export async function renameSchoolAccount(
  db: Executor,
  params: { userId: string; displayName: string },
) {
  await db
    .update(users)
    .set({ displayName: params.displayName, updatedAt: new Date() })
    .where(and(eq(users.id, params.userId), sql`${users.email} is null`));
}
