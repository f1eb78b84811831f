// Queries of the discovery modules domain: modules, their activities in order, pupils' reflections
// and what enters the passport. The school predicate is in every staff query (a teacher reaches
// the modules of the schools where their membership is active) and the class predicate in every
// pupil query (a pupil reaches the modules of their own class); out of reach reads as not found.
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { ActivityKind, ActivityStatus, SchoolLevel } from '@tremplin/contracts';
import { type Executor, queryRows } from '@tremplin/db';
import {
  activityReflections,
  discoveryModules,
  moduleActivities,
  passportEntries,
} from '@tremplin/db/schema';
import { staffSchoolIds } from '../classes/repository.js';

/** An instant as ISO 8601 in UTC, from raw SQL (drivers differ in how they return timestamps). */
export const isoOf = (column: string): SQL =>
  sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

export interface ModuleRow {
  id: string;
  schoolId: string;
  schoolName: string;
  classId: string;
  className: string;
  classLevel: SchoolLevel;
  pupilCount: number;
  teacherId: string | null;
  teacherName: string | null;
  title: string;
  objectives: string;
  schoolYear: number;
  copiedFrom: string | null;
  createdAt: string;
}

function selectModules(where: SQL) {
  return sql`
    select m.id, m.school_id as "schoolId", sc.name as "schoolName", m.class_id as "classId",
      c.name as "className", c.level as "classLevel",
      (select count(*) from students s where s.class_id = c.id)::int as "pupilCount",
      m.teacher_id as "teacherId", t.display_name as "teacherName", m.title, m.objectives,
      m.school_year as "schoolYear", m.copied_from as "copiedFrom",
      ${isoOf('m.created_at')} as "createdAt"
    from discovery_modules m
    join schools sc on sc.id = m.school_id
    join classes c on c.id = m.class_id
    left join users t on t.id = m.teacher_id
    where ${where}`;
}

/** One module of this person's schools. */
export async function getModule(db: Executor, params: { id: string; userId: string }) {
  const [row] = await queryRows<ModuleRow>(
    db,
    selectModules(sql`m.id = ${params.id} and m.school_id in ${staffSchoolIds(params.userId)}`),
  );
  return row;
}

/** Locks one module of this person's schools for a change of its activities. */
export async function lockModule(db: Executor, params: { id: string; userId: string }) {
  const [row] = await queryRows<{ id: string; schoolYear: number; classId: string }>(
    db,
    sql`select id, school_year as "schoolYear", class_id as "classId" from discovery_modules
        where id = ${params.id} and school_id in ${staffSchoolIds(params.userId)}
        for update`,
  );
  return row;
}

export interface ModuleSummaryRow {
  id: string;
  title: string;
  schoolName: string;
  classId: string;
  className: string;
  classLevel: SchoolLevel;
  teacherName: string | null;
  schoolYear: number;
  activityCount: number;
  doneCount: number;
  nextTitle: string | null;
  nextStartsOn: string | null;
}

export function listModules(
  db: Executor,
  params: { userId: string; classId?: string; schoolYear?: number },
) {
  const filters = [sql`m.school_id in ${staffSchoolIds(params.userId)}`];
  if (params.classId) filters.push(sql`m.class_id = ${params.classId}`);
  if (params.schoolYear !== undefined) filters.push(sql`m.school_year = ${params.schoolYear}`);
  return queryRows<ModuleSummaryRow>(
    db,
    sql`select m.id, m.title, sc.name as "schoolName", c.id as "classId", c.name as "className",
          c.level as "classLevel", t.display_name as "teacherName", m.school_year as "schoolYear",
          (select count(*) from module_activities a where a.module_id = m.id)::int as "activityCount",
          (select count(*) from module_activities a
             where a.module_id = m.id and a.status = 'done')::int as "doneCount",
          n.title as "nextTitle", n.starts_on::text as "nextStartsOn"
        from discovery_modules m
        join schools sc on sc.id = m.school_id
        join classes c on c.id = m.class_id
        left join users t on t.id = m.teacher_id
        left join lateral (
          select a.title, a.starts_on from module_activities a
          where a.module_id = m.id and a.status = 'planned'
          order by a.starts_on nulls last, a.position limit 1) n on true
        where ${sql.join(filters, sql` and `)}
        order by m.school_year desc, lower(c.name), lower(m.title)
        limit 500`,
  );
}

export interface ActivityRow {
  id: string;
  moduleId: string;
  position: number;
  kind: ActivityKind;
  title: string;
  description: string;
  startsOn: string | null;
  endsOn: string | null;
  status: ActivityStatus;
  reflectionCount: number;
  visitId: string | null;
  visitStatus: string | null;
  visitDate: string | null;
  ambassadorName: string | null;
}

/** A module's activities in order, with reflections counted and their visit request, if any. */
export function listActivities(db: Executor, params: { moduleId: string }) {
  return queryRows<ActivityRow>(
    db,
    sql`select a.id, a.module_id as "moduleId", a.position, a.kind, a.title, a.description,
          a.starts_on::text as "startsOn", a.ends_on::text as "endsOn", a.status,
          (select count(*) from activity_reflections r where r.activity_id = a.id)::int
            as "reflectionCount",
          v.id as "visitId", v.status as "visitStatus", v.visit_date::text as "visitDate",
          u.display_name as "ambassadorName"
        from module_activities a
        left join lateral (
          select vr.id, vr.status, vr.visit_date, vr.ambassador_id from visit_requests vr
          where vr.activity_id = a.id
          order by (vr.status in ('declined', 'cancelled')), vr.created_at desc limit 1) v on true
        left join users u on u.id = v.ambassador_id
        where a.module_id = ${params.moduleId}
        order by a.position, a.created_at`,
  );
}

export async function getActivity(db: Executor, params: { moduleId: string; activityId: string }) {
  const [row] = await db
    .select({
      id: moduleActivities.id,
      moduleId: moduleActivities.moduleId,
      kind: moduleActivities.kind,
      title: moduleActivities.title,
      startsOn: moduleActivities.startsOn,
      endsOn: moduleActivities.endsOn,
      status: moduleActivities.status,
    })
    .from(moduleActivities)
    .where(
      and(
        eq(moduleActivities.id, params.activityId),
        eq(moduleActivities.moduleId, params.moduleId),
      ),
    );
  return row;
}

/** An activity of a module of this person's schools, with what a visit request needs. */
export async function getStaffActivity(db: Executor, params: { id: string; userId: string }) {
  const [row] = await queryRows<{
    id: string;
    kind: ActivityKind;
    title: string;
    status: ActivityStatus;
    moduleId: string;
    schoolId: string;
    classId: string;
    classLevel: SchoolLevel;
    schoolYear: number;
    pupilCount: number;
  }>(
    db,
    sql`select a.id, a.kind, a.title, a.status, m.id as "moduleId", m.school_id as "schoolId",
          m.class_id as "classId", c.level as "classLevel", m.school_year as "schoolYear",
          (select count(*) from students s where s.class_id = c.id)::int as "pupilCount"
        from module_activities a
        join discovery_modules m on m.id = a.module_id
        join classes c on c.id = m.class_id
        where a.id = ${params.id} and m.school_id in ${staffSchoolIds(params.userId)}`,
  );
  return row;
}

/** A class of this person's schools, for a new module or a copy. */
export async function getStaffClass(db: Executor, params: { classId: string; userId: string }) {
  const [row] = await queryRows<{
    id: string;
    schoolId: string;
    name: string;
    schoolYear: number;
  }>(
    db,
    sql`select c.id, c.school_id as "schoolId", c.name, c.school_year as "schoolYear"
        from classes c
        where c.id = ${params.classId} and c.school_id in ${staffSchoolIds(params.userId)}`,
  );
  return row;
}

export async function createModule(
  db: Executor,
  values: {
    schoolId: string;
    classId: string;
    teacherId: string;
    title: string;
    objectives: string;
    schoolYear: number;
    copiedFrom?: string | null;
  },
) {
  const [row] = await db
    .insert(discoveryModules)
    .values(values)
    .returning({ id: discoveryModules.id });
  return row!;
}

export async function updateModule(
  db: Executor,
  params: { id: string; userId: string; values: { title?: string; objectives?: string } },
) {
  const [row] = await db
    .update(discoveryModules)
    .set(params.values)
    .where(
      and(
        eq(discoveryModules.id, params.id),
        sql`${discoveryModules.schoolId} in ${staffSchoolIds(params.userId)}`,
      ),
    )
    .returning({ id: discoveryModules.id });
  return row;
}

/** Visit requests of a module still under way (they would lose their activity). */
export async function liveVisitCount(
  db: Executor,
  params: { moduleId?: string; activityId?: string },
) {
  const where = params.activityId
    ? sql`v.activity_id = ${params.activityId}`
    : sql`v.activity_id in (select a.id from module_activities a where a.module_id = ${params.moduleId!})`;
  const [row] = await queryRows<{ count: number }>(
    db,
    sql`select count(*)::int as count from visit_requests v
        where ${where} and v.status in ('open', 'proposed', 'accepted', 'authorised')`,
  );
  return row?.count ?? 0;
}

export async function deleteModule(db: Executor, params: { id: string; userId: string }) {
  const [row] = await db
    .delete(discoveryModules)
    .where(
      and(
        eq(discoveryModules.id, params.id),
        sql`${discoveryModules.schoolId} in ${staffSchoolIds(params.userId)}`,
      ),
    )
    .returning({ id: discoveryModules.id });
  return row;
}

export async function activityCount(db: Executor, moduleId: string) {
  const [row] = await queryRows<{ count: number; last: number }>(
    db,
    sql`select count(*)::int as count, coalesce(max(position), 0)::int as last
        from module_activities where module_id = ${moduleId}`,
  );
  return row ?? { count: 0, last: 0 };
}

export interface ActivityValues {
  kind?: ActivityKind;
  title?: string;
  description?: string;
  startsOn?: string | null;
  endsOn?: string | null;
  status?: ActivityStatus;
}

export async function insertActivity(
  db: Executor,
  values: {
    moduleId: string;
    position: number;
    kind: ActivityKind;
    title: string;
    description: string;
    startsOn: string | null;
    endsOn: string | null;
    status?: ActivityStatus;
  },
) {
  const [row] = await db
    .insert(moduleActivities)
    .values(values)
    .returning({ id: moduleActivities.id });
  return row!;
}

export async function updateActivity(
  db: Executor,
  params: { moduleId: string; activityId: string; values: ActivityValues },
) {
  const [row] = await db
    .update(moduleActivities)
    .set(params.values)
    .where(
      and(
        eq(moduleActivities.id, params.activityId),
        eq(moduleActivities.moduleId, params.moduleId),
      ),
    )
    .returning({ id: moduleActivities.id });
  return row;
}

/** Marks an activity done (a visit recorded); true when it was not done yet. */
export async function markActivityDone(db: Executor, params: { activityId: string }) {
  const rows = await db
    .update(moduleActivities)
    .set({ status: 'done' })
    .where(
      and(eq(moduleActivities.id, params.activityId), sql`${moduleActivities.status} <> 'done'`),
    )
    .returning({ id: moduleActivities.id });
  return rows.length > 0;
}

export async function deleteActivity(
  db: Executor,
  params: { moduleId: string; activityId: string },
) {
  const [row] = await db
    .delete(moduleActivities)
    .where(
      and(
        eq(moduleActivities.id, params.activityId),
        eq(moduleActivities.moduleId, params.moduleId),
      ),
    )
    .returning({ id: moduleActivities.id });
  if (row) await renumber(db, params.moduleId);
  return row;
}

/** Positions 1, 2, 3… in the current order, with no gap. */
async function renumber(db: Executor, moduleId: string) {
  await db.execute(sql`
    update module_activities a set position = o.n
    from (select id, row_number() over (order by position, created_at)::int as n
          from module_activities where module_id = ${moduleId}) o
    where a.id = o.id and a.position <> o.n`);
}

/** Puts the module's activities in the order given (every id once; checked by the caller). */
export async function reorderActivities(
  db: Executor,
  params: { moduleId: string; activityIds: string[] },
) {
  const cases = sql.join(
    params.activityIds.map((id, i) => sql`when ${id}::uuid then ${i + 1}::int`),
    sql` `,
  );
  await db.execute(sql`
    update module_activities set position = case id ${cases} end
    where module_id = ${params.moduleId}`);
}

export async function activityIdsOf(db: Executor, moduleId: string) {
  const rows = await db
    .select({ id: moduleActivities.id })
    .from(moduleActivities)
    .where(eq(moduleActivities.moduleId, moduleId));
  return rows.map((r) => r.id);
}

export async function reflectionCountOf(db: Executor, activityId: string) {
  const [row] = await queryRows<{ count: number }>(
    db,
    sql`select count(*)::int as count from activity_reflections where activity_id = ${activityId}`,
  );
  return row?.count ?? 0;
}

// --- the passport --------------------------------------------------------------------------------

const KIND_WORDS: Record<ActivityKind, string> = {
  ambassador_talk: 'Rencontre avec un ambassadeur des métiers',
  company_visit: "Visite d'entreprise",
  journee_chantier: 'Journée chantier',
  challenge: 'Challenge école–entreprise',
  stage: 'Stage',
  workshop: 'Atelier',
};

/**
 * A done activity enters the passport of each pupil of the class (kind "visit" for an ambassador
 * talk, "module" otherwise), once: the source is unique per pupil.
 */
export async function recordActivityInPassports(
  db: Executor,
  params: { activityId: string; today: string; studentId?: string },
) {
  const [activity] = await queryRows<{
    kind: ActivityKind;
    title: string;
    description: string;
    startsOn: string | null;
    moduleTitle: string;
    classId: string;
    ambassadorName: string | null;
    companyName: string | null;
  }>(
    db,
    sql`select a.kind, a.title, a.description, a.starts_on::text as "startsOn",
          m.title as "moduleTitle", m.class_id as "classId",
          u.display_name as "ambassadorName", co.name as "companyName"
        from module_activities a
        join discovery_modules m on m.id = a.module_id
        left join lateral (
          select v.ambassador_id from visit_requests v
          where v.activity_id = a.id and v.status = 'done'
          order by v.updated_at desc limit 1) v on true
        left join users u on u.id = v.ambassador_id
        left join ambassador_profiles p on p.user_id = v.ambassador_id
        left join companies co on co.id = p.company_id
        where a.id = ${params.activityId} and a.status = 'done'`,
  );
  if (!activity) return 0;
  const pupils = await queryRows<{ userId: string }>(
    db,
    params.studentId
      ? sql`select user_id as "userId" from students
            where class_id = ${activity.classId} and user_id = ${params.studentId}`
      : sql`select user_id as "userId" from students where class_id = ${activity.classId}`,
  );
  if (pupils.length === 0) return 0;
  const who =
    activity.kind === 'ambassador_talk' && activity.ambassadorName
      ? ` Avec ${activity.ambassadorName}${activity.companyName ? ` (${activity.companyName})` : ''}.`
      : '';
  const description =
    `${KIND_WORDS[activity.kind]} — module « ${activity.moduleTitle} ».${who} ${activity.description}`.trim();
  const inserted = await db
    .insert(passportEntries)
    .values(
      pupils.map((p) => ({
        studentId: p.userId,
        kind: activity.kind === 'ambassador_talk' ? ('visit' as const) : ('module' as const),
        sourceType: 'module_activity',
        sourceId: params.activityId,
        title: activity.title,
        description,
        occurredOn: activity.startsOn ?? params.today,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: passportEntries.id });
  return inserted.length;
}

/** An activity no longer done leaves the passports it entered. */
export async function removeActivityFromPassports(db: Executor, params: { activityId: string }) {
  await db
    .delete(passportEntries)
    .where(
      and(
        eq(passportEntries.sourceType, 'module_activity'),
        eq(passportEntries.sourceId, params.activityId),
      ),
    );
}

// --- pupils --------------------------------------------------------------------------------------

export interface PupilActivityRow {
  id: string;
  moduleId: string;
  moduleTitle: string;
  objectives: string;
  className: string;
  schoolYear: number;
  position: number;
  kind: ActivityKind;
  title: string;
  description: string;
  startsOn: string | null;
  endsOn: string | null;
  status: ActivityStatus;
  reflection: string | null;
  reflectionUpdatedAt: string | null;
}

/** The modules of the pupil's own class and their activities, with the pupil's reflections. */
export function pupilActivities(db: Executor, params: { studentId: string }) {
  return queryRows<PupilActivityRow & { hasActivity: boolean }>(
    db,
    sql`select a.id, m.id as "moduleId", m.title as "moduleTitle", m.objectives,
          c.name as "className", m.school_year as "schoolYear", a.position, a.kind, a.title,
          a.description, a.starts_on::text as "startsOn", a.ends_on::text as "endsOn", a.status,
          r.text as reflection, ${isoOf('r.updated_at')} as "reflectionUpdatedAt",
          (a.id is not null) as "hasActivity"
        from students s
        join discovery_modules m on m.class_id = s.class_id
        join classes c on c.id = m.class_id
        left join module_activities a on a.module_id = m.id and a.status <> 'cancelled'
        left join activity_reflections r on r.activity_id = a.id and r.student_id = s.user_id
        where s.user_id = ${params.studentId}
        order by m.created_at, m.id, a.position`,
  );
}

/** A done activity of a module of the pupil's class; undefined when out of reach. */
export async function getPupilActivity(
  db: Executor,
  params: { studentId: string; activityId: string },
) {
  const [row] = await queryRows<{ id: string; status: ActivityStatus; title: string }>(
    db,
    sql`select a.id, a.status, a.title from module_activities a
        join discovery_modules m on m.id = a.module_id
        join students s on s.class_id = m.class_id and s.user_id = ${params.studentId}
        where a.id = ${params.activityId}`,
  );
  return row;
}

/** Writes (or rewrites) the pupil's reflection; it is their own entry of the passport too. */
export async function saveReflection(
  db: Executor,
  params: {
    studentId: string;
    activityId: string;
    activityTitle: string;
    text: string;
    now: Date;
    today: string;
  },
) {
  const [row] = await db
    .insert(activityReflections)
    .values({ activityId: params.activityId, studentId: params.studentId, text: params.text })
    .onConflictDoUpdate({
      target: [activityReflections.activityId, activityReflections.studentId],
      set: { text: params.text, updatedAt: params.now },
    })
    .returning({
      id: activityReflections.id,
      text: activityReflections.text,
      createdAt: activityReflections.createdAt,
      updatedAt: activityReflections.updatedAt,
    });
  await db
    .insert(passportEntries)
    .values({
      studentId: params.studentId,
      kind: 'reflection',
      sourceType: 'activity_reflection',
      sourceId: row!.id,
      title: `Ma réflexion — ${params.activityTitle}`,
      description: params.text,
      occurredOn: params.today,
    })
    .onConflictDoUpdate({
      target: [passportEntries.studentId, passportEntries.sourceType, passportEntries.sourceId],
      set: { description: params.text },
    });
  return row!;
}
