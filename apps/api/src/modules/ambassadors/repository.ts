// Queries of the ambassadors domain: profiles and their verification, the directory, visit
// requests and the bookings that limit an ambassador (one visit a day, a monthly maximum). Who may
// see a visit request is part of every query: the staff of its school, the ambassador asked, or
// an operator; anything else reads as not found.
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { SchoolLevel, VisitFormat, VisitRequestStatus } from '@tremplin/contracts';
import { type Executor, queryRows } from '@tremplin/db';
import {
  ambassadorProfiles,
  communes,
  companies,
  trades,
  visitRequests,
} from '@tremplin/db/schema';
import { staffSchoolIds } from '../classes/repository.js';
import { isoOf } from '../modules/repository.js';

/** Statuses in which an ambassador is booked on the visit's day (the unique index's). */
export const FIRM = ['accepted', 'authorised', 'done'] as const;
/** Statuses still under way (a request that can change). */
export const LIVE = ['open', 'proposed', 'accepted', 'authorised'] as const;

const inList = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

export interface Viewer {
  userId: string;
  isOperator: boolean;
}

// --- profiles ------------------------------------------------------------------------------------

export interface ProfileRow {
  userId: string;
  displayName: string;
  email: string | null;
  companyId: string | null;
  companyName: string | null;
  trades: { code: string; label: string }[];
  bio: string;
  communes: { code: string; name: string }[];
  formats: VisitFormat[];
  maxVisitsPerMonth: number;
  availableDates: string[];
  verifiedAt: string | null;
  updatedAt: string;
}

const selectProfile = (where: SQL, tail: SQL = sql``) => sql`
  select p.user_id as "userId", u.display_name as "displayName", u.email,
    p.company_id as "companyId", co.name as "companyName",
    coalesce((select json_agg(json_build_object('code', t.code, 'label', t.label)
                order by array_position(p.trade_codes, t.code))
              from trades t where t.code = any(p.trade_codes)), '[]'::json) as trades,
    p.bio,
    coalesce((select json_agg(json_build_object('code', c.code, 'name', c.name) order by c.name)
              from communes c where c.code = any(p.communes)), '[]'::json) as communes,
    p.formats::text[] as formats, p.max_visits_per_month as "maxVisitsPerMonth",
    coalesce((select array_agg(d::text order by d) from unnest(p.available_dates) d),
             '{}'::text[]) as "availableDates",
    ${isoOf('p.verified_at')} as "verifiedAt", ${isoOf('p.updated_at')} as "updatedAt"
  from ambassador_profiles p
  join users u on u.id = p.user_id
  left join companies co on co.id = p.company_id
  where ${where}
  ${tail}`;

export async function getProfile(db: Executor, params: { userId: string }) {
  const [row] = await queryRows<ProfileRow>(db, selectProfile(sql`p.user_id = ${params.userId}`));
  return row;
}

/** Who decides on this person's verification: an operator, or an active employer of the company. */
const verifierScope = (viewer: Viewer): SQL =>
  viewer.isOperator
    ? sql`true`
    : sql`p.company_id in (select m.company_id from company_memberships m
          where m.user_id = ${viewer.userId} and m.role = 'employer' and m.status = 'active')`;

export function listForVerification(
  db: Executor,
  params: { viewer: Viewer; status: 'pending' | 'verified' },
) {
  return queryRows<ProfileRow>(
    db,
    selectProfile(
      sql`${verifierScope(params.viewer)} and u.status = 'active'
          and p.verified_at is ${params.status === 'pending' ? sql`null` : sql`not null`}
          and p.user_id <> ${params.viewer.userId}`,
      sql`order by p.updated_at desc limit 500`,
    ),
  );
}

export async function getForVerification(db: Executor, params: { userId: string; viewer: Viewer }) {
  const [row] = await queryRows<ProfileRow>(
    db,
    selectProfile(
      sql`p.user_id = ${params.userId} and ${verifierScope(params.viewer)}
          and p.user_id <> ${params.viewer.userId}`,
    ),
  );
  return row;
}

export async function setVerified(
  db: Executor,
  params: { userId: string; verifiedBy: string | null; now: Date | null },
) {
  await db
    .update(ambassadorProfiles)
    .set({ verifiedAt: params.now, verifiedBy: params.verifiedBy })
    .where(eq(ambassadorProfiles.userId, params.userId));
}

export interface ProfileValues {
  companyId: string | null;
  tradeCodes: string[];
  bio: string;
  communes: string[];
  formats: VisitFormat[];
  maxVisitsPerMonth: number;
  availableDates: string[];
}

/** Creates or replaces the profile; a change of company clears the verification. */
export async function saveProfile(
  db: Executor,
  params: { userId: string; values: ProfileValues; now: Date },
) {
  const [row] = await db
    .insert(ambassadorProfiles)
    .values({ userId: params.userId, ...params.values })
    .onConflictDoUpdate({
      target: ambassadorProfiles.userId,
      set: {
        ...params.values,
        updatedAt: params.now,
        verifiedAt: sql`case when ${ambassadorProfiles.companyId} is not distinct from ${params.values.companyId}::uuid then ${ambassadorProfiles.verifiedAt} end`,
        verifiedBy: sql`case when ${ambassadorProfiles.companyId} is not distinct from ${params.values.companyId}::uuid then ${ambassadorProfiles.verifiedBy} end`,
      },
    })
    .returning({ verifiedAt: ambassadorProfiles.verifiedAt });
  return row!;
}

export async function lockProfile(db: Executor, userId: string) {
  const [row] = await queryRows<{ maxVisitsPerMonth: number }>(
    db,
    sql`select max_visits_per_month as "maxVisitsPerMonth" from ambassador_profiles
        where user_id = ${userId} for update`,
  );
  return row;
}

export async function companyExists(db: Executor, id: string) {
  const [row] = await db.select({ id: companies.id }).from(companies).where(eq(companies.id, id));
  return Boolean(row);
}

export async function knownTrades(db: Executor, codes: string[]) {
  if (codes.length === 0) return new Map<string, string>();
  const rows = await db
    .select({ code: trades.code, label: trades.label })
    .from(trades)
    .where(inArray(trades.code, codes));
  return new Map(rows.map((r) => [r.code, r.label]));
}

export async function knownCommunes(db: Executor, codes: string[]) {
  if (codes.length === 0) return new Set<string>();
  const rows = await db
    .select({ code: communes.code })
    .from(communes)
    .where(inArray(communes.code, codes));
  return new Set(rows.map((r) => r.code));
}

/** Active employers of a company: they can verify its ambassadors. */
export async function employersOf(db: Executor, companyId: string) {
  return queryRows<{ userId: string; email: string | null }>(
    db,
    sql`select u.id as "userId", u.email from company_memberships m
        join users u on u.id = m.user_id and u.status = 'active'
        where m.company_id = ${companyId} and m.role = 'employer' and m.status = 'active'`,
  );
}

// --- directory -----------------------------------------------------------------------------------

export interface DirectoryRow extends ProfileRow {
  visitsThisYear: number;
  total: number;
}

export function directory(
  db: Executor,
  params: {
    trade?: string;
    commune?: string;
    format?: VisitFormat;
    yearStart: string;
    yearEnd: string;
    limit: number;
    offset: number;
  },
) {
  const filters = [sql`p.verified_at is not null`, sql`u.status = 'active'`];
  if (params.trade) {
    filters.push(
      sql`exists (select 1 from unnest(p.trade_codes) tc where tc like ${`${params.trade}%`})`,
    );
  }
  if (params.commune) filters.push(sql`${params.commune} = any(p.communes)`);
  if (params.format) filters.push(sql`${params.format}::visit_format = any(p.formats)`);
  return queryRows<DirectoryRow>(
    db,
    sql`select d.*, count(*) over ()::int as total,
          (select count(*) from visit_requests v
             where v.ambassador_id = d."userId" and v.status in (${inList(FIRM)})
               and v.visit_date between ${params.yearStart} and ${params.yearEnd})::int
            as "visitsThisYear"
        from (${selectProfile(sql.join(filters, sql` and `))}) d
        order by lower(d."displayName"), d."userId"
        limit ${params.limit} offset ${params.offset}`,
  );
}

// --- matching inputs -----------------------------------------------------------------------------

export interface AmbassadorForMatching {
  id: string;
  displayName: string;
  companyName: string | null;
  tradeCodes: string[];
  communes: string[];
  formats: VisitFormat[];
  maxVisitsPerMonth: number;
  availableDates: string[];
  lat: number;
  lon: number;
  /** Visits proposed, accepted or done this school year. */
  load: number;
}

/** Verified, active ambassadors, placed at their company (or the first commune they reach). */
export function ambassadorsForMatching(
  db: Executor,
  params: { yearStart: string; yearEnd: string; from: string },
) {
  return queryRows<AmbassadorForMatching>(
    db,
    sql`select p.user_id as id, u.display_name as "displayName", co.name as "companyName",
          p.trade_codes as "tradeCodes", p.communes, p.formats::text[] as formats,
          p.max_visits_per_month as "maxVisitsPerMonth",
          coalesce((select array_agg(d::text order by d) from unnest(p.available_dates) d
                    where d >= ${params.from}::date), '{}'::text[]) as "availableDates",
          coalesce(co.lat, cm.lat) as lat, coalesce(co.lon, cm.lon) as lon,
          (select count(*) from visit_requests v
             where v.ambassador_id = p.user_id
               and v.status in ('proposed', 'accepted', 'authorised', 'done')
               and v.visit_date between ${params.yearStart} and ${params.yearEnd})::int as load
        from ambassador_profiles p
        join users u on u.id = p.user_id and u.status = 'active'
        left join companies co on co.id = p.company_id
        left join communes cm on cm.code = p.communes[1]
        where p.verified_at is not null and coalesce(co.lat, cm.lat) is not null
        order by p.user_id`,
  );
}

export interface Booking {
  requestId: string;
  ambassadorId: string;
  date: string;
  status: VisitRequestStatus;
}

/** Visits proposed or booked from a day on: what limits ambassadors' days and months. */
export function bookingsFrom(db: Executor, params: { from: string; ambassadorId?: string }) {
  return queryRows<Booking>(
    db,
    sql`select v.id as "requestId", v.ambassador_id as "ambassadorId",
          v.visit_date::text as date, v.status
        from visit_requests v
        where v.ambassador_id is not null and v.visit_date >= ${params.from}::date
          and v.status in ('proposed', 'accepted', 'authorised', 'done')
          ${params.ambassadorId ? sql`and v.ambassador_id = ${params.ambassadorId}` : sql``}`,
  );
}

/** Firm visits of an ambassador on a day and in its month (other than one request). */
export async function firmLoadOn(
  db: Executor,
  params: { ambassadorId: string; date: string; exceptId: string },
) {
  const [row] = await queryRows<{ sameDay: number; sameMonth: number }>(
    db,
    sql`select count(*) filter (where v.visit_date = ${params.date}::date)::int as "sameDay",
          count(*)::int as "sameMonth"
        from visit_requests v
        where v.ambassador_id = ${params.ambassadorId} and v.id <> ${params.exceptId}
          and v.status in (${inList(FIRM)})
          and date_trunc('month', v.visit_date) = date_trunc('month', ${params.date}::date)`,
  );
  return row ?? { sameDay: 0, sameMonth: 0 };
}

// --- visit requests ------------------------------------------------------------------------------

export interface VisitRow {
  id: string;
  status: VisitRequestStatus;
  activityId: string | null;
  activityTitle: string | null;
  moduleId: string | null;
  moduleTitle: string | null;
  schoolId: string;
  schoolName: string;
  schoolAddress: string;
  schoolCommuneCode: string;
  schoolCommuneName: string;
  schoolLat: number;
  schoolLon: number;
  classId: string | null;
  className: string | null;
  teacherId: string | null;
  teacherName: string | null;
  teacherEmail: string | null;
  trades: { code: string; label: string }[];
  tradeCodes: string[];
  candidateDates: string[];
  classSize: number;
  level: SchoolLevel;
  format: VisitFormat;
  ambassadorId: string | null;
  ambassadorName: string | null;
  ambassadorEmail: string | null;
  ambassadorCompany: string | null;
  ambassadorCompanyAddress: string | null;
  visitDate: string | null;
  declinedAmbassadorIds: string[];
  authorisedAt: string | null;
  authorisedByName: string | null;
  refusalReason: string | null;
  attendance: number | null;
  teacherFeedback: string | null;
  ambassadorFeedback: string | null;
  createdAt: string;
  updatedAt: string;
  /** Relations of the reader (false when read without one). */
  isStaff: boolean;
  isHead: boolean;
}

/** What a reader reaches: their schools' requests, the requests they are asked for, or all. */
export const visitScope = (viewer: Viewer): SQL =>
  viewer.isOperator
    ? sql`true`
    : sql`(v.school_id in ${staffSchoolIds(viewer.userId)} or v.ambassador_id = ${viewer.userId})`;

function selectVisits(viewerId: string, where: SQL, tail: SQL = sql``) {
  return sql`
    select v.id, v.status, v.activity_id as "activityId", a.title as "activityTitle",
      m.id as "moduleId", m.title as "moduleTitle",
      v.school_id as "schoolId", sc.name as "schoolName", sc.address as "schoolAddress",
      sc.commune_code as "schoolCommuneCode", cm.name as "schoolCommuneName",
      sc.lat as "schoolLat", sc.lon as "schoolLon",
      v.class_id as "classId", c.name as "className",
      v.teacher_id as "teacherId", t.display_name as "teacherName", t.email as "teacherEmail",
      coalesce((select json_agg(json_build_object('code', tr.code, 'label', tr.label)
                  order by array_position(v.trade_codes, tr.code))
                from trades tr where tr.code = any(v.trade_codes)), '[]'::json) as trades,
      v.trade_codes as "tradeCodes",
      (select array_agg(d::text order by o) from unnest(v.candidate_dates) with ordinality x(d, o))
        as "candidateDates",
      v.class_size as "classSize", v.level, v.format,
      v.ambassador_id as "ambassadorId", am.display_name as "ambassadorName",
      am.email as "ambassadorEmail", aco.name as "ambassadorCompany",
      case when aco.id is null then null else aco.address || ', ' || acm.name end
        as "ambassadorCompanyAddress",
      v.visit_date::text as "visitDate", v.declined_ambassador_ids::text[] as "declinedAmbassadorIds",
      ${isoOf('v.authorised_at')} as "authorisedAt", ab.display_name as "authorisedByName",
      v.refusal_reason as "refusalReason", v.attendance,
      v.teacher_feedback as "teacherFeedback", v.ambassador_feedback as "ambassadorFeedback",
      ${isoOf('v.created_at')} as "createdAt", ${isoOf('v.updated_at')} as "updatedAt",
      (v.school_id in ${staffSchoolIds(viewerId)}) as "isStaff",
      exists (select 1 from school_memberships hm
              where hm.user_id = ${viewerId} and hm.school_id = v.school_id
                and hm.role = 'school_admin' and hm.status = 'active') as "isHead"
    from visit_requests v
    join schools sc on sc.id = v.school_id
    join communes cm on cm.code = sc.commune_code
    left join module_activities a on a.id = v.activity_id
    left join discovery_modules m on m.id = a.module_id
    left join classes c on c.id = v.class_id
    left join users t on t.id = v.teacher_id
    left join users am on am.id = v.ambassador_id
    left join ambassador_profiles ap on ap.user_id = v.ambassador_id
    left join companies aco on aco.id = ap.company_id
    left join communes acm on acm.code = aco.commune_code
    left join users ab on ab.id = v.authorised_by
    where ${where}
    ${tail}`;
}

export async function getVisit(
  db: Executor,
  params: { id: string; viewer: Viewer; lock?: boolean },
) {
  if (params.lock) {
    const [locked] = await queryRows<{ id: string }>(
      db,
      sql`select v.id from visit_requests v where v.id = ${params.id} and ${visitScope(params.viewer)}
          for update`,
    );
    if (!locked) return undefined;
  }
  const [row] = await queryRows<VisitRow>(
    db,
    selectVisits(params.viewer.userId, sql`v.id = ${params.id} and ${visitScope(params.viewer)}`),
  );
  return row;
}

/** A request read by the platform itself (jobs, moving a proposal on): no reader's scope. */
export async function getVisitUnscoped(db: Executor, params: { id: string; lock?: boolean }) {
  if (params.lock) {
    await db.execute(sql`select id from visit_requests where id = ${params.id} for update`);
  }
  const [row] = await queryRows<VisitRow>(
    db,
    selectVisits('00000000-0000-0000-0000-000000000000', sql`v.id = ${params.id}`),
  );
  return row;
}

export function listVisits(
  db: Executor,
  params: {
    viewer: Viewer;
    /** staff: the schools' requests (all for an operator); ambassador: those asked of me. */
    as: 'staff' | 'ambassador';
    status?: VisitRequestStatus;
    activityId?: string;
    toAuthorise?: boolean;
  },
) {
  const { viewer } = params;
  const filters: SQL[] = [];
  if (params.as === 'ambassador') filters.push(sql`v.ambassador_id = ${viewer.userId}`);
  else if (!viewer.isOperator) filters.push(sql`v.school_id in ${staffSchoolIds(viewer.userId)}`);
  if (params.status) filters.push(sql`v.status = ${params.status}`);
  if (params.activityId) filters.push(sql`v.activity_id = ${params.activityId}`);
  if (params.toAuthorise) {
    filters.push(sql`v.status = 'accepted' and v.school_id in (
      select hm.school_id from school_memberships hm
      where hm.user_id = ${viewer.userId} and hm.role = 'school_admin' and hm.status = 'active')`);
  }
  if (filters.length === 0) filters.push(sql`true`);
  return queryRows<VisitRow>(
    db,
    selectVisits(
      viewer.userId,
      sql.join(filters, sql` and `),
      sql`order by (v.status in ('done', 'declined', 'cancelled')), v.visit_date nulls last,
            v.created_at desc
          limit 500`,
    ),
  );
}

/** Open requests for the batch assignment, with where their school is. */
export function openRequests(db: Executor, params: { schoolId?: string }) {
  return queryRows<VisitRow>(
    db,
    selectVisits(
      '00000000-0000-0000-0000-000000000000',
      params.schoolId
        ? sql`v.status = 'open' and v.school_id = ${params.schoolId}`
        : sql`v.status = 'open'`,
      sql`order by v.created_at, v.id limit 5000`,
    ),
  );
}

export async function liveRequestFor(db: Executor, activityId: string) {
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`select id from visit_requests
        where activity_id = ${activityId} and status in (${inList(LIVE)}) limit 1`,
  );
  return row;
}

export async function holidayOn(db: Executor, day: string) {
  const [row] = await queryRows<{ label: string }>(
    db,
    sql`select label from school_holidays
        where ${day}::date between start_date and end_date limit 1`,
  );
  return row?.label ?? null;
}

export async function insertVisit(
  db: Executor,
  values: {
    activityId: string;
    schoolId: string;
    classId: string;
    teacherId: string;
    tradeCodes: string[];
    candidateDates: string[];
    classSize: number;
    level: SchoolLevel;
    format: VisitFormat;
  },
) {
  const [row] = await db.insert(visitRequests).values(values).returning({ id: visitRequests.id });
  return row!;
}

export type VisitValues = Partial<typeof visitRequests.$inferInsert>;

/** Changes a request if it is still in one of the expected statuses; false otherwise. */
export async function updateVisit(
  db: Executor,
  params: { id: string; from: readonly VisitRequestStatus[]; values: VisitValues; now: Date },
) {
  const rows = await db
    .update(visitRequests)
    .set({ ...params.values, updatedAt: params.now })
    .where(and(eq(visitRequests.id, params.id), inArray(visitRequests.status, [...params.from])))
    .returning({ id: visitRequests.id });
  return rows.length > 0;
}

/** Heads of a school (active school_admin members). */
export function headsOf(db: Executor, schoolId: string) {
  return queryRows<{ userId: string; email: string | null }>(
    db,
    sql`select u.id as "userId", u.email from school_memberships m
        join users u on u.id = m.user_id and u.status = 'active'
        where m.school_id = ${schoolId} and m.role = 'school_admin' and m.status = 'active'`,
  );
}

export async function userEmail(db: Executor, userId: string) {
  const [row] = await queryRows<{ email: string | null; displayName: string }>(
    db,
    sql`select email, display_name as "displayName" from users
        where id = ${userId} and status = 'active'`,
  );
  return row;
}
