// Queries of the offers domain. An employer reaches the offers of the companies they are an active
// employer of, and that predicate is in every WHERE that reads or writes them (out of reach reads
// as absent); pupils and everyone else see published, unsuspended offers only. Seats left are
// counted from the applications table (accepted and confirmed applications take a seat).
import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { type Executor, queryRows, searchable } from '@tremplin/db';
import {
  companies,
  companyMemberships,
  offerPeriods,
  offerReports,
  offerSearches,
  offers,
  schoolHolidays,
  trades,
  userRoles,
  users,
  type ScheduleDay,
} from '@tremplin/db/schema';
import type { SchoolLevel } from '@tremplin/contracts';

/** Applications in progress: they hold the pupil's place in the queue of a period. */
export const LIVE_STATUSES = ['submitted', 'read', 'accepted', 'confirmed'] as const;
/** Applications that take a seat. */
export const TAKEN_STATUSES = ['accepted', 'confirmed'] as const;

const EARTH_RADIUS_KM = 6371.0088;

/** Today's date in France (YYYY-MM-DD): stage dates are French calendar days. */
export { parisToday } from '../agreements/dates.js';

/** The offer's company is one the person is an active employer of. */
function memberOf(userId: string, column: SQL = sql`${offers.companyId}`): SQL {
  return sql`${column} in (
    select m.company_id from company_memberships m
    where m.user_id = ${userId} and m.role = 'employer' and m.status = 'active')`;
}

/** Visible to everyone signed in: published and not suspended. */
const visibleToAll = sql`(${offers.status} = 'published' and ${offers.suspendedAt} is null)`;

// --- who is looking -------------------------------------------------------------------------------

export interface Viewer {
  userId: string;
  isOperator: boolean;
  /** Set for a pupil with a school record. */
  student?: StudentProfile;
}

export interface StudentProfile {
  level: SchoolLevel | null;
  schoolId: string | null;
  /** REP or REP+ school: reserved seats are open to them. */
  priority: 'none' | 'rep' | 'rep_plus';
  interests: string[];
  needsAccessibility: boolean;
  home: { lat: number; lon: number } | null;
  school: { lat: number; lon: number } | null;
  /** The school's stage weeks for the pupil's level that have not ended yet. */
  stageWeeks: { startDate: string; endDate: string }[];
}

const parseJson = <T>(value: unknown): T =>
  (typeof value === 'string' ? JSON.parse(value) : value) as T;

export async function loadStudentProfile(
  db: Executor,
  params: { userId: string; today: string },
): Promise<StudentProfile | undefined> {
  const [row] = await queryRows<{
    level: SchoolLevel | null;
    school_id: string | null;
    priority: 'none' | 'rep' | 'rep_plus' | null;
    interests: string[];
    needs_accessibility: boolean;
    home_lat: number | null;
    home_lon: number | null;
    school_lat: number | null;
    school_lon: number | null;
    weeks: unknown;
  }>(
    db,
    sql`select s.level, s.school_id, sc.priority, s.interests, s.needs_accessibility,
          hc.lat as home_lat, hc.lon as home_lon, sc.lat as school_lat, sc.lon as school_lon,
          (select coalesce(json_agg(json_build_object('startDate', w.start_date, 'endDate', w.end_date)
                    order by w.start_date), '[]'::json)
             from stage_weeks w
            where w.school_id = s.school_id and w.level = s.level and w.end_date >= ${params.today}::date
          ) as weeks
        from students s
        left join schools sc on sc.id = s.school_id
        left join communes hc on hc.code = s.home_commune_code
        where s.user_id = ${params.userId}`,
  );
  if (!row) return undefined;
  return {
    level: row.level,
    schoolId: row.school_id,
    priority: row.priority ?? 'none',
    interests: row.interests ?? [],
    needsAccessibility: row.needs_accessibility,
    home: row.home_lat === null ? null : { lat: row.home_lat, lon: row.home_lon! },
    school: row.school_lat === null ? null : { lat: row.school_lat, lon: row.school_lon! },
    stageWeeks: parseJson<{ startDate: string; endDate: string }[]>(row.weeks),
  };
}

export const isPriority = (viewer: Viewer) =>
  viewer.student !== undefined && viewer.student.priority !== 'none';

// --- seats ----------------------------------------------------------------------------------------

export interface PeriodCounts {
  id: string;
  offerId: string;
  startDate: string;
  endDate: string;
  seats: number;
  reservedSeats: number;
  reservedUntil: string | null;
  campaignId: string | null;
  /** Accepted and confirmed applications. */
  taken: number;
  /** Of those, pupils of REP/REP+ schools (they fill the reserved seats first). */
  takenPriority: number;
  /** Submitted, read, accepted and confirmed applications. */
  live: number;
}

export interface Seats {
  /** Seats left for anyone eligible to every seat (a REP/REP+ pupil). */
  left: number;
  /** Reserved seats neither released nor taken yet. */
  reservedLeft: number;
  /** Seats left for a pupil who may not take the reserved ones. */
  leftForOthers: number;
}

/** Seats left of a period, from its counts: reserved seats are held until their release date. */
export function seatsOf(period: PeriodCounts, today: string): Seats {
  const left = Math.max(0, period.seats - period.taken);
  const unreleased =
    period.reservedSeats > 0 && (period.reservedUntil === null || period.reservedUntil >= today);
  const reservedLeft = unreleased
    ? Math.min(left, Math.max(0, period.reservedSeats - period.takenPriority))
    : 0;
  return { left, reservedLeft, leftForOthers: Math.max(0, left - reservedLeft) };
}

/** SQL of one period's application counts, as a lateral join on `p`. */
/**
 * SQL of one period's application counts, as lateral joins on `p` giving n.taken, n.live and
 * n.taken_priority. Who took a seat (their school's priority) matters only while reserved seats
 * are held, so that join runs only for those periods.
 */
const countsLateral = sql`left join lateral (
    select count(*) filter (where a.status in ('accepted', 'confirmed'))::int as taken,
           count(*)::int as live
      from applications a
     where a.period_id = p.id and a.status in ('submitted', 'read', 'accepted', 'confirmed')
  ) c on true
  left join lateral (
    select count(*)::int as taken_priority
      from applications a
      join students st on st.user_id = a.student_id
      join schools sc on sc.id = st.school_id
     where p.reserved_seats > 0 and a.period_id = p.id
       and a.status in ('accepted', 'confirmed') and sc.priority <> 'none'
  ) r on true
  cross join lateral (select c.taken, c.live, r.taken_priority) n`;

export async function periodsWithCounts(
  db: Executor,
  params: { offerIds: string[] },
): Promise<PeriodCounts[]> {
  if (params.offerIds.length === 0) return [];
  const rows = await queryRows<{
    id: string;
    offer_id: string;
    start_date: string;
    end_date: string;
    seats: number;
    reserved_seats: number;
    reserved_until: string | null;
    campaign_id: string | null;
    taken: number;
    taken_priority: number;
    live: number;
  }>(
    db,
    sql`select p.id, p.offer_id, p.start_date::text as start_date, p.end_date::text as end_date,
               p.seats, p.reserved_seats, p.reserved_until::text as reserved_until, p.campaign_id,
               n.taken, n.taken_priority, n.live
          from offer_periods p ${countsLateral}
         where p.offer_id in ${params.offerIds}
         order by p.start_date, p.end_date, p.created_at`,
  );
  return rows.map((r) => ({
    id: r.id,
    offerId: r.offer_id,
    startDate: r.start_date,
    endDate: r.end_date,
    seats: r.seats,
    reservedSeats: r.reserved_seats,
    reservedUntil: r.reserved_until,
    campaignId: r.campaign_id,
    taken: r.taken,
    takenPriority: r.taken_priority,
    live: r.live,
  }));
}

// --- employers ------------------------------------------------------------------------------------

/** The companies a person is an active employer of, with what an offer inherits from them. */
export function employerCompanies(db: Executor, params: { userId: string }) {
  return db
    .select({
      id: companies.id,
      name: companies.name,
      address: companies.address,
      communeCode: companies.communeCode,
      lat: companies.lat,
      lon: companies.lon,
    })
    .from(companyMemberships)
    .innerJoin(companies, eq(companies.id, companyMemberships.companyId))
    .where(
      and(
        eq(companyMemberships.userId, params.userId),
        eq(companyMemberships.role, 'employer'),
        eq(companyMemberships.status, 'active'),
      ),
    )
    .orderBy(asc(companies.name));
}

/** The people to tell about an offer: the company's active employers. */
export async function companyEmployers(db: Executor, params: { companyId: string }) {
  return db
    .select({ userId: companyMemberships.userId })
    .from(companyMemberships)
    .where(
      and(
        eq(companyMemberships.companyId, params.companyId),
        eq(companyMemberships.role, 'employer'),
        eq(companyMemberships.status, 'active'),
      ),
    );
}

export async function tradeLabels(db: Executor, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .select({ code: trades.code, label: trades.label })
    .from(trades)
    .where(inArray(trades.code, codes));
  return new Map(rows.map((r) => [r.code, r.label]));
}

/** Title, description and trade labels without accents: what French full-text search reads. */
export function searchTextOf(title: string, description: string, labels: string[]): string {
  return searchable(`${title} ${description} ${labels.join(' ')}`);
}

export interface OfferValues {
  title: string;
  description: string;
  tradeCodes: string[];
  levels: SchoolLevel[];
  address: string;
  communeCode: string;
  lat: number;
  lon: number;
  accessible: boolean;
  schedule: ScheduleDay[];
  tutorName: string;
  tutorRole: string;
  tutorEmail: string | null;
  searchText: string;
}

export interface PeriodValues {
  startDate: string;
  endDate: string;
  seats: number;
  reservedSeats: number;
  reservedUntil: string | null;
}

export async function insertOffer(
  db: Executor,
  params: { companyId: string; createdBy: string; values: OfferValues; periods: PeriodValues[] },
) {
  const [row] = await db
    .insert(offers)
    .values({
      ...params.values,
      companyId: params.companyId,
      createdBy: params.createdBy,
      status: 'draft',
    })
    .returning({ id: offers.id });
  await db.insert(offerPeriods).values(params.periods.map((p) => ({ ...p, offerId: row!.id })));
  return row!;
}

/** The offer as its employers edit it, or undefined when it is not theirs. */
export async function getOwnOffer(
  db: Executor,
  params: { id: string; userId: string; lock?: boolean },
) {
  const query = db
    .select({
      id: offers.id,
      companyId: offers.companyId,
      title: offers.title,
      description: offers.description,
      tradeCodes: offers.tradeCodes,
      levels: offers.levels,
      address: offers.address,
      communeCode: offers.communeCode,
      lat: offers.lat,
      lon: offers.lon,
      accessible: offers.accessible,
      schedule: offers.schedule,
      tutorName: offers.tutorName,
      tutorRole: offers.tutorRole,
      tutorEmail: offers.tutorEmail,
      status: offers.status,
      suspendedAt: offers.suspendedAt,
    })
    .from(offers)
    .where(and(eq(offers.id, params.id), memberOf(params.userId)));
  const [row] = params.lock ? await query.for('update') : await query;
  return row;
}

export async function updateOffer(
  db: Executor,
  params: { id: string; userId: string; values: Partial<OfferValues> },
) {
  const [row] = await db
    .update(offers)
    .set({ ...params.values, updatedAt: new Date() })
    .where(
      and(
        eq(offers.id, params.id),
        memberOf(params.userId),
        inArray(offers.status, ['draft', 'published']),
      ),
    )
    .returning({ id: offers.id });
  return row;
}

/**
 * Applies a new list of periods: kept ones updated, new ones inserted, missing ones deleted —
 * but never one with live applications (the delete re-checks it, under the offer's row lock the
 * caller holds, so an application arriving meanwhile is not silently cascaded away).
 */
export async function replacePeriods(
  db: Executor,
  params: {
    offerId: string;
    update: (PeriodValues & { id: string })[];
    insert: PeriodValues[];
    remove: string[];
  },
): Promise<{ removed: number }> {
  for (const p of params.update) {
    const { id, ...values } = p;
    await db
      .update(offerPeriods)
      .set(values)
      .where(and(eq(offerPeriods.id, id), eq(offerPeriods.offerId, params.offerId)));
  }
  if (params.insert.length > 0) {
    await db
      .insert(offerPeriods)
      .values(params.insert.map((p) => ({ ...p, offerId: params.offerId })));
  }
  let removed = 0;
  if (params.remove.length > 0) {
    const rows = await db
      .delete(offerPeriods)
      .where(
        and(
          eq(offerPeriods.offerId, params.offerId),
          inArray(offerPeriods.id, params.remove),
          sql`not exists (select 1 from applications a where a.period_id = ${offerPeriods.id}
                and a.status in ('submitted', 'read', 'accepted', 'confirmed'))`,
        ),
      )
      .returning({ id: offerPeriods.id });
    removed = rows.length;
  }
  return { removed };
}

/** Moves an offer of the person's companies from one of `from` to `to`; undefined otherwise. */
export async function changeStatus(
  db: Executor,
  params: {
    id: string;
    userId: string;
    from: ('draft' | 'published' | 'closed' | 'archived')[];
    to: 'draft' | 'published' | 'closed' | 'archived';
  },
) {
  const now = new Date();
  const [row] = await db
    .update(offers)
    .set({
      status: params.to,
      updatedAt: now,
      ...(params.to === 'published' ? { publishedAt: now } : {}),
    })
    .where(
      and(eq(offers.id, params.id), memberOf(params.userId), inArray(offers.status, params.from)),
    )
    .returning({ id: offers.id, companyId: offers.companyId });
  return row;
}

/** A draft copy of an offer of the person's companies (periods included), or undefined. */
export async function duplicateOffer(
  db: Executor,
  params: { id: string; userId: string; title: string },
) {
  const source = await getOwnOffer(db, { id: params.id, userId: params.userId });
  if (!source) return undefined;
  const periods = await db
    .select({
      startDate: offerPeriods.startDate,
      endDate: offerPeriods.endDate,
      seats: offerPeriods.seats,
      reservedSeats: offerPeriods.reservedSeats,
      reservedUntil: offerPeriods.reservedUntil,
    })
    .from(offerPeriods)
    .where(eq(offerPeriods.offerId, source.id))
    .orderBy(asc(offerPeriods.startDate));
  const labels = await tradeLabels(db, source.tradeCodes);
  return insertOffer(db, {
    companyId: source.companyId,
    createdBy: params.userId,
    values: {
      title: params.title,
      description: source.description,
      tradeCodes: source.tradeCodes,
      levels: source.levels,
      address: source.address,
      communeCode: source.communeCode,
      lat: source.lat,
      lon: source.lon,
      accessible: source.accessible,
      schedule: source.schedule,
      tutorName: source.tutorName,
      tutorRole: source.tutorRole,
      tutorEmail: source.tutorEmail,
      searchText: searchTextOf(params.title, source.description, [...labels.values()]),
    },
    periods,
  });
}

/** Offers of the person's companies, or (for operators) every suspended offer, newest first. */
export async function listMyOffers(
  db: Executor,
  params: {
    userId?: string;
    suspendedOnly?: boolean;
    status?: 'draft' | 'published' | 'closed' | 'archived';
    today: string;
  },
) {
  const scope = params.userId
    ? memberOf(params.userId, sql`o.company_id`)
    : params.suspendedOnly
      ? sql`o.suspended_at is not null`
      : sql`false`;
  const rows = await queryRows<{
    id: string;
    company_name: string;
    title: string;
    status: 'draft' | 'published' | 'closed' | 'archived';
    suspended: boolean;
    suspended_reason: string | null;
    period_count: number;
    first_start: string | null;
    seats: number;
    taken: number;
    applications: number;
    updated_at: string | Date;
  }>(
    db,
    sql`select o.id, c.name as company_name, o.title, o.status,
               o.suspended_at is not null as suspended, o.suspended_reason, o.updated_at,
               (select count(*)::int from offer_periods p where p.offer_id = o.id) as period_count,
               (select min(p.start_date)::text from offer_periods p
                 where p.offer_id = o.id and p.end_date >= ${params.today}::date) as first_start,
               (select coalesce(sum(p.seats), 0)::int from offer_periods p where p.offer_id = o.id) as seats,
               (select count(*)::int from applications a
                 where a.offer_id = o.id and a.status in ('accepted', 'confirmed')) as taken,
               (select count(*)::int from applications a
                 where a.offer_id = o.id and a.status in ('submitted', 'read', 'accepted', 'confirmed')) as applications
          from offers o
          join companies c on c.id = o.company_id
         where ${scope}
           ${params.status ? sql`and o.status = ${params.status}` : sql``}
         order by o.status = 'archived', o.updated_at desc
         limit 500`,
  );
  return rows.map((r) => ({
    id: r.id,
    companyName: r.company_name,
    title: r.title,
    status: r.status,
    suspended: r.suspended,
    suspendedReason: r.suspended_reason,
    periodCount: r.period_count,
    firstStart: r.first_start,
    seats: r.seats,
    seatsLeft: Math.max(0, r.seats - r.taken),
    applications: r.applications,
    updatedAt: new Date(r.updated_at).toISOString(),
  }));
}

// --- reading one offer ----------------------------------------------------------------------------

/**
 * One offer as this viewer may see it: published and unsuspended for everyone, any state for the
 * company's employers and for operators. Undefined when out of reach.
 */
export async function viewOffer(db: Executor, params: { id: string; viewer: Viewer }) {
  const { viewer } = params;
  const reach = viewer.isOperator
    ? undefined
    : sql`(${visibleToAll} or ${memberOf(viewer.userId)})`;
  const [row] = await db
    .select({
      id: offers.id,
      companyId: offers.companyId,
      companyName: companies.name,
      title: offers.title,
      description: offers.description,
      tradeCodes: offers.tradeCodes,
      levels: offers.levels,
      address: offers.address,
      communeCode: offers.communeCode,
      communeName: sql<string>`(select name from communes where code = ${offers.communeCode})`,
      lat: offers.lat,
      lon: offers.lon,
      accessible: offers.accessible,
      schedule: offers.schedule,
      tutorName: offers.tutorName,
      tutorRole: offers.tutorRole,
      tutorEmail: offers.tutorEmail,
      status: offers.status,
      suspendedAt: offers.suspendedAt,
      suspendedReason: offers.suspendedReason,
      createdAt: offers.createdAt,
      updatedAt: offers.updatedAt,
      publishedAt: offers.publishedAt,
      mine: sql<boolean>`${memberOf(viewer.userId)}`,
    })
    .from(offers)
    .innerJoin(companies, eq(companies.id, offers.companyId))
    .where(and(eq(offers.id, params.id), reach));
  return row;
}

// --- search ---------------------------------------------------------------------------------------

export interface SearchParams {
  today: string;
  /** Accent-free words for French full-text search. */
  text?: string;
  /** Grand domaine letter, code prefix or full code. */
  trade?: string;
  commune?: string;
  origin?: { lat: number; lon: number };
  radiusKm?: number;
  /** Periods must overlap one of these ranges (none: any future period). */
  dates: { startDate: string; endDate: string }[];
  level?: SchoolLevel;
  reserved?: boolean;
  accessible?: boolean;
  sort: 'relevance' | 'distance' | 'date';
  limit: number;
  offset: number;
}

export interface SearchRow {
  id: string;
  title: string;
  excerpt: string;
  companyName: string;
  communeCode: string;
  communeName: string;
  lat: number;
  lon: number;
  accessible: boolean;
  levels: SchoolLevel[];
  trades: { code: string; label: string }[];
  distanceKm?: number;
  periods: PeriodCounts[];
}

function distanceSql(origin: { lat: number; lon: number }): SQL {
  // Haversine, as packages/matching measures it, so list and recommendations agree.
  return sql`(2 * ${EARTH_RADIUS_KM}::float8 * asin(least(1::float8, sqrt(
    power(sin(radians(o.lat - ${origin.lat}::float8) / 2), 2)
    + cos(radians(${origin.lat}::float8)) * cos(radians(o.lat))
      * power(sin(radians(o.lon - ${origin.lon}::float8) / 2), 2)))))`;
}

/**
 * Runs a read as a named prepared statement on PostgreSQL (postgres.js), so each connection
 * parses and plans a search shape once instead of on every request; plain execute elsewhere
 * (PGlite, or inside a transaction).
 */
async function preparedRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const handle = db as unknown as {
    $client?: {
      unsafe?: (text: string, params: unknown[], options: { prepare: boolean }) => Promise<T[]>;
      begin?: unknown;
    };
    dialect?: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } };
  };
  const client = handle.$client;
  if (client?.unsafe && typeof client.begin === 'function' && handle.dialect) {
    const { sql: text, params } = handle.dialect.sqlToQuery(query);
    return client.unsafe(text, params, { prepare: true });
  }
  return queryRows<T>(db, query);
}

/** What decides which offers match, whoever asks: everything but the origin, radius and order. */
export type CandidateFilters = Omit<
  SearchParams,
  'origin' | 'radiusKm' | 'sort' | 'limit' | 'offset'
>;

/** A published offer that matches the filters, with what orders it. */
export interface SearchCandidate {
  id: string;
  lat: number;
  lon: number;
  /** Full-text relevance (0 without words). */
  rank: number;
  /** Publication instant, ms since the epoch. */
  published: number;
  /** First start date of the periods that match (ISO day). */
  firstStart: string;
}

/**
 * Every published offer that matches the filters, in no order: one statement (full-text GIN,
 * trade codes GIN, status, periods checked from their index). It depends neither on who asks nor
 * from where, nor on seats, so pupils everywhere share it until an offer changes; the distance,
 * radius, order and page are search-order.ts's, in memory.
 */
export async function searchCandidates(
  db: Executor,
  params: CandidateFilters,
): Promise<SearchCandidate[]> {
  const where: SQL[] = [sql`o.status = 'published'`, sql`o.suspended_at is null`];
  const query = params.text ? sql`websearch_to_tsquery('french', ${params.text})` : undefined;
  if (query) where.push(sql`o.search_vector @@ ${query}`);
  if (params.trade) {
    if (params.trade.length === 5) {
      where.push(sql`o.trade_codes @> array[${params.trade}]::text[]`);
    } else {
      where.push(
        sql`exists (select 1 from unnest(o.trade_codes) as code where code like ${`${params.trade}%`})`,
      );
    }
  }
  if (params.commune) where.push(sql`o.commune_code = ${params.commune}`);
  if (params.accessible) where.push(sql`o.accessible`);
  if (params.level) where.push(sql`o.levels @> array[${params.level}]::school_level[]`);
  const periodWhere: SQL[] = [sql`p.offer_id = o.id`, sql`p.end_date >= ${params.today}::date`];
  if (params.dates.length > 0) {
    periodWhere.push(
      sql`(${sql.join(
        params.dates.map(
          (d) => sql`(p.start_date <= ${d.endDate}::date and p.end_date >= ${d.startDate}::date)`,
        ),
        sql` or `,
      )})`,
    );
  }
  if (params.reserved) {
    periodWhere.push(
      sql`p.reserved_seats > 0 and (p.reserved_until is null or p.reserved_until >= ${params.today}::date)`,
    );
  }
  where.push(sql`f.first_start is not null`);

  const rows = await preparedRows<{
    id: string;
    lat: number;
    lon: number;
    rank: number;
    published: number | null;
    first_start: string;
  }>(
    db,
    sql`select o.id, o.lat, o.lon,
               ${query ? sql`ts_rank(o.search_vector, ${query})` : sql`0::real`} as rank,
               (extract(epoch from o.published_at) * 1000)::float8 as published,
               f.first_start::text as first_start
          from offers o
          cross join lateral (
            select min(p.start_date) as first_start from offer_periods p
             where ${sql.join(periodWhere, sql` and `)}) f
         where ${sql.join(where, sql` and `)}`,
  );
  return rows.map((r) => ({
    id: r.id,
    lat: Number(r.lat),
    lon: Number(r.lon),
    rank: Number(r.rank),
    // PostgreSQL puts an unknown instant first in a descending order: so does search-order.ts.
    published: r.published === null ? Number.POSITIVE_INFINITY : Number(r.published),
    firstStart: r.first_start,
  }));
}

/** An offer as a search result, without the distance (which depends on who searches). */
export type OfferCard = Omit<SearchRow, 'distanceKm'>;

/**
 * These offers as search results: company, commune, trade labels and the periods still to come
 * with their application counts. One statement for them all; an offer no longer visible is
 * absent from the map.
 */
export async function offerCards(
  db: Executor,
  params: { ids: string[]; today: string },
): Promise<Map<string, OfferCard>> {
  if (params.ids.length === 0) return new Map();
  const rows = await preparedRows<{
    id: string;
    title: string;
    excerpt: string;
    company_name: string;
    commune_code: string;
    commune_name: string;
    lat: number;
    lon: number;
    accessible: boolean;
    levels: SchoolLevel[] | string;
    trades: unknown;
    periods: unknown;
  }>(
    db,
    sql`select o.id, o.title, left(o.description, 240) as excerpt,
               c.name as company_name, o.commune_code, cm.name as commune_name, o.lat, o.lon,
               o.accessible, o.levels::text[] as levels,
               (select coalesce(json_agg(json_build_object('code', t.code, 'label', t.label)
                          order by u.n), '[]'::json)
                  from unnest(o.trade_codes) with ordinality as u(code, n)
                  join trades t on t.code = u.code) as trades,
               (select coalesce(json_agg(json_build_object(
                          'id', p.id, 'startDate', p.start_date, 'endDate', p.end_date,
                          'seats', p.seats, 'reservedSeats', p.reserved_seats,
                          'reservedUntil', p.reserved_until, 'taken', n.taken,
                          'takenPriority', n.taken_priority, 'live', n.live)
                          order by p.start_date, p.end_date), '[]'::json)
                  from offer_periods p ${countsLateral}
                 where p.offer_id = o.id and p.end_date >= ${params.today}::date) as periods
          from offers o
          join companies c on c.id = o.company_id
          join communes cm on cm.code = o.commune_code
         where o.id in ${params.ids}`,
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        title: r.title,
        excerpt: r.excerpt,
        companyName: r.company_name,
        communeCode: r.commune_code,
        communeName: r.commune_name,
        lat: r.lat,
        lon: r.lon,
        accessible: r.accessible,
        levels: (typeof r.levels === 'string'
          ? r.levels.replace(/[{}]/g, '').split(',').filter(Boolean)
          : r.levels) as SchoolLevel[],
        trades: parseJson<{ code: string; label: string }[]>(r.trades),
        periods: parseJson<Omit<PeriodCounts, 'offerId' | 'campaignId'>[]>(r.periods).map((p) => ({
          ...p,
          offerId: r.id,
          campaignId: null,
        })),
      },
    ]),
  );
}

/** A search that found nothing: what was asked, without who asked. */
export async function recordEmptySearches(
  db: Executor,
  rows: { at: Date; tradeCodes: string[]; communeCode: string | null; level: SchoolLevel | null }[],
) {
  if (rows.length === 0) return;
  await db.insert(offerSearches).values(rows.map((row) => ({ ...row, results: 0 })));
}

// --- recommendation -------------------------------------------------------------------------------

export interface MatchingRow {
  id: string;
  lat: number;
  lon: number;
  tradeCodes: string[];
  levels: string[];
  accessible: boolean;
  periods: PeriodCounts[];
  /** Submitted and read applications: pupils waiting for an answer. */
  demand: number;
}

/** Every visible offer with a period to come, with what the matching package scores. */
export async function offersForMatching(
  db: Executor,
  params: { today: string },
): Promise<MatchingRow[]> {
  const rows = await queryRows<{
    id: string;
    lat: number;
    lon: number;
    trade_codes: string[];
    levels: string[] | string;
    accessible: boolean;
  }>(
    db,
    sql`select o.id, o.lat, o.lon, o.trade_codes, o.levels::text[] as levels, o.accessible
          from offers o
         where o.status = 'published' and o.suspended_at is null
           and exists (select 1 from offer_periods p where p.offer_id = o.id and p.end_date >= ${params.today}::date)
         order by o.published_at desc, o.id`,
  );
  const periods = await queryRows<{
    id: string;
    offer_id: string;
    start_date: string;
    end_date: string;
    seats: number;
    reserved_seats: number;
    reserved_until: string | null;
  }>(
    db,
    sql`select p.id, p.offer_id, p.start_date::text as start_date, p.end_date::text as end_date,
               p.seats, p.reserved_seats, p.reserved_until::text as reserved_until
          from offer_periods p join offers o on o.id = p.offer_id
         where o.status = 'published' and o.suspended_at is null and p.end_date >= ${params.today}::date`,
  );
  const counts = await queryRows<{
    period_id: string;
    taken: number;
    taken_priority: number;
    live: number;
    waiting: number;
  }>(
    db,
    sql`select a.period_id,
               count(*) filter (where a.status in ('accepted', 'confirmed'))::int as taken,
               count(*) filter (where a.status in ('accepted', 'confirmed') and sc.priority <> 'none')::int as taken_priority,
               count(*)::int as live,
               count(*) filter (where a.status in ('submitted', 'read'))::int as waiting
          from applications a
          join offer_periods p on p.id = a.period_id and p.end_date >= ${params.today}::date
          left join students st on st.user_id = a.student_id
          left join schools sc on sc.id = st.school_id
         where a.status in ('submitted', 'read', 'accepted', 'confirmed')
         group by a.period_id`,
  );
  const countOf = new Map(counts.map((c) => [c.period_id, c]));
  const byOffer = new Map<string, PeriodCounts[]>();
  const demand = new Map<string, number>();
  for (const p of periods) {
    const c = countOf.get(p.id);
    const list = byOffer.get(p.offer_id) ?? [];
    list.push({
      id: p.id,
      offerId: p.offer_id,
      startDate: p.start_date,
      endDate: p.end_date,
      seats: p.seats,
      reservedSeats: p.reserved_seats,
      reservedUntil: p.reserved_until,
      campaignId: null,
      taken: c?.taken ?? 0,
      takenPriority: c?.taken_priority ?? 0,
      live: c?.live ?? 0,
    });
    byOffer.set(p.offer_id, list);
    demand.set(p.offer_id, (demand.get(p.offer_id) ?? 0) + (c?.waiting ?? 0));
  }
  return rows.map((r) => ({
    id: r.id,
    lat: r.lat,
    lon: r.lon,
    tradeCodes: r.trade_codes,
    levels:
      typeof r.levels === 'string'
        ? r.levels.replace(/[{}]/g, '').split(',').filter(Boolean)
        : r.levels,
    accessible: r.accessible,
    periods: byOffer.get(r.id) ?? [],
    demand: demand.get(r.id) ?? 0,
  }));
}

/** A cheap fingerprint of what recommendations depend on, to know when a cached index is stale. */
export async function matchingVersion(db: Executor, params: { today: string }): Promise<string> {
  const [row] = await queryRows<{ o: string; a: string }>(
    db,
    sql`select (select count(*) || ':' || coalesce(max(updated_at)::text, '') from offers) as o,
               (select count(*) || ':' || coalesce(max(updated_at)::text, '') from applications) as a`,
  );
  return `${params.today}|${row?.o}|${row?.a}`;
}

/** Offers by id, dressed as search results (order not kept). */
export async function summariesByIds(
  db: Executor,
  params: { ids: string[]; today: string; origin?: { lat: number; lon: number } },
): Promise<SearchRow[]> {
  if (params.ids.length === 0) return [];
  const rows = await queryRows<{
    id: string;
    title: string;
    excerpt: string;
    company_name: string;
    commune_code: string;
    commune_name: string;
    lat: number;
    lon: number;
    accessible: boolean;
    levels: SchoolLevel[] | string;
    distance: number | null;
    trades: unknown;
  }>(
    db,
    sql`select o.id, o.title, left(o.description, 240) as excerpt, c.name as company_name,
               o.commune_code, m.name as commune_name, o.lat, o.lon, o.accessible,
               o.levels::text[] as levels,
               ${params.origin ? distanceSql(params.origin) : sql`null::float8`} as distance,
               (select coalesce(json_agg(json_build_object('code', t.code, 'label', t.label)
                          order by u.n), '[]'::json)
                  from unnest(o.trade_codes) with ordinality as u(code, n)
                  join trades t on t.code = u.code) as trades
          from offers o
          join companies c on c.id = o.company_id
          join communes m on m.code = o.commune_code
         where o.id in ${params.ids}`,
  );
  const periods = await periodsWithCounts(db, { offerIds: params.ids });
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    excerpt: r.excerpt,
    companyName: r.company_name,
    communeCode: r.commune_code,
    communeName: r.commune_name,
    lat: r.lat,
    lon: r.lon,
    accessible: r.accessible,
    levels: (typeof r.levels === 'string'
      ? r.levels.replace(/[{}]/g, '').split(',').filter(Boolean)
      : r.levels) as SchoolLevel[],
    trades: parseJson<{ code: string; label: string }[]>(r.trades),
    ...(r.distance === null ? {} : { distanceKm: Math.round(r.distance * 10) / 10 }),
    periods: periods.filter((p) => p.offerId === r.id && p.endDate >= params.today),
  }));
}

// --- calendar -------------------------------------------------------------------------------------

export async function loadHolidays(db: Executor) {
  return db
    .select({
      label: schoolHolidays.label,
      startDate: schoolHolidays.startDate,
      endDate: schoolHolidays.endDate,
    })
    .from(schoolHolidays)
    .where(eq(schoolHolidays.zone, 'C'))
    .orderBy(asc(schoolHolidays.startDate));
}

// --- moderation -----------------------------------------------------------------------------------

export async function setSuspension(
  db: Executor,
  params: { id: string; suspend: boolean; reason: string },
) {
  const [row] = await db
    .update(offers)
    .set(
      params.suspend
        ? { suspendedAt: new Date(), suspendedReason: params.reason, updatedAt: new Date() }
        : { suspendedAt: null, suspendedReason: null, updatedAt: new Date() },
    )
    .where(
      and(
        eq(offers.id, params.id),
        params.suspend ? isNull(offers.suspendedAt) : sql`${offers.suspendedAt} is not null`,
      ),
    )
    .returning({ id: offers.id, companyId: offers.companyId, title: offers.title });
  return row;
}

export async function offerExists(db: Executor, params: { id: string }) {
  const [row] = await db.select({ id: offers.id }).from(offers).where(eq(offers.id, params.id));
  return Boolean(row);
}

/** Reports an offer the person can see; undefined when out of reach, null when already reported. */
export async function reportOffer(
  db: Executor,
  params: { offerId: string; viewer: Viewer; reason: string },
) {
  const offer = await viewOffer(db, { id: params.offerId, viewer: params.viewer });
  if (!offer) return undefined;
  const [open] = await db
    .select({ id: offerReports.id })
    .from(offerReports)
    .where(
      and(
        eq(offerReports.offerId, params.offerId),
        eq(offerReports.reporterId, params.viewer.userId),
        isNull(offerReports.resolvedAt),
      ),
    );
  if (open) return null;
  const [row] = await db
    .insert(offerReports)
    .values({ offerId: params.offerId, reporterId: params.viewer.userId, reason: params.reason })
    .returning({ id: offerReports.id });
  return row!;
}

export async function operatorIds(db: Executor): Promise<string[]> {
  const rows = await db
    .select({ id: userRoles.userId })
    .from(userRoles)
    .innerJoin(users, eq(users.id, userRoles.userId))
    .where(and(eq(userRoles.role, 'operator'), eq(users.status, 'active')));
  return rows.map((r) => r.id);
}

export async function listOpenReports(db: Executor) {
  const rows = await db
    .select({
      id: offerReports.id,
      offerId: offers.id,
      offerTitle: offers.title,
      companyName: companies.name,
      offerStatus: offers.status,
      offerSuspended: sql<boolean>`${offers.suspendedAt} is not null`,
      reason: offerReports.reason,
      reporterName: users.displayName,
      createdAt: offerReports.createdAt,
    })
    .from(offerReports)
    .innerJoin(offers, eq(offers.id, offerReports.offerId))
    .innerJoin(companies, eq(companies.id, offers.companyId))
    .leftJoin(users, eq(users.id, offerReports.reporterId))
    .where(isNull(offerReports.resolvedAt))
    .orderBy(asc(offerReports.createdAt))
    .limit(500);
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

export async function resolveReports(
  db: Executor,
  params: { operatorId: string; reportId?: string; offerId?: string },
) {
  return db
    .update(offerReports)
    .set({ resolvedAt: new Date(), resolvedBy: params.operatorId })
    .where(
      and(
        isNull(offerReports.resolvedAt),
        params.reportId ? eq(offerReports.id, params.reportId) : undefined,
        params.offerId ? eq(offerReports.offerId, params.offerId) : undefined,
      ),
    )
    .returning({ id: offerReports.id, offerId: offerReports.offerId });
}
