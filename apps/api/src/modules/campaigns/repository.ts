// Queries of the campaigns domain. Who reaches a campaign is part of every query: an operator
// every campaign, a school_admin those of the schools they head, a pupil the campaigns of their
// level (and school) once their window has opened; out of reach reads as "not found". The loads
// of an allocation run and the writes of a publication are set-based (one query per kind of row),
// so a département campaign of 20,000 pupils stays a matter of seconds.
import { and, asc, desc, eq, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { CampaignPolicy, CampaignStatus, SchoolLevel } from '@tremplin/contracts';
import { type Executor, queryRows, searchable } from '@tremplin/db';
import {
  applicationEvents,
  applications,
  campaignResults,
  campaignRuns,
  campaigns,
  campaignWishes,
  communes,
  companies,
  offerPeriods,
  offers,
  schools,
} from '@tremplin/db/schema';

/** Who acts on campaigns: a person (with their roles) or the platform itself (the clock job). */
export type Reach =
  { kind: 'system' } | { kind: 'staff'; userId: string; roles: readonly string[] };

/** Schools this person heads (active school_admin membership). */
export const headedSchoolIds = (userId: string): SQL =>
  sql`(select m.school_id from school_memberships m
    where m.user_id = ${userId} and m.role = 'school_admin' and m.status = 'active')`;

/** The campaigns a reach may see and run; undefined means all of them. */
export function campaignScope(reach: Reach): SQL | undefined {
  if (reach.kind === 'system' || reach.roles.includes('operator')) return undefined;
  if (reach.roles.includes('school_admin')) {
    return sql`${campaigns.schoolId} in ${headedSchoolIds(reach.userId)}`;
  }
  return sql`false`;
}

export async function headsSchool(db: Executor, params: { userId: string; schoolId: string }) {
  const rows = await queryRows<{ ok: boolean }>(
    db,
    sql`select true as ok where ${params.schoolId}::uuid in ${headedSchoolIds(params.userId)}`,
  );
  return rows.length > 0;
}

export async function schoolExists(db: Executor, params: { id: string }) {
  const [row] = await db
    .select({ id: schools.id, name: schools.name })
    .from(schools)
    .where(eq(schools.id, params.id));
  return row;
}

// ---------------------------------------------------------------------------------------------
// Campaigns

const campaignColumns = {
  id: campaigns.id,
  name: campaigns.name,
  schoolId: campaigns.schoolId,
  schoolName: schools.name,
  levels: campaigns.levels,
  opensAt: campaigns.opensAt,
  closesAt: campaigns.closesAt,
  secondRoundClosesAt: campaigns.secondRoundClosesAt,
  maxWishes: campaigns.maxWishes,
  policy: campaigns.policy,
  seed: campaigns.seed,
  status: campaigns.status,
  publishedRunId: campaigns.publishedRunId,
  createdAt: campaigns.createdAt,
};

export type CampaignRow = Awaited<ReturnType<typeof listCampaigns>>[number];

export function listCampaigns(db: Executor, params: { reach: Reach; where?: SQL | undefined }) {
  return db
    .select(campaignColumns)
    .from(campaigns)
    .leftJoin(schools, eq(schools.id, campaigns.schoolId))
    .where(and(campaignScope(params.reach), params.where))
    .orderBy(desc(campaigns.opensAt), asc(campaigns.name));
}

export async function getCampaign(db: Executor, params: { id: string; reach: Reach }) {
  const [row] = await listCampaigns(db, {
    reach: params.reach,
    where: eq(campaigns.id, params.id),
  });
  return row;
}

/**
 * Locks one campaign in reach (`update`: its life changes one step at a time; `share`: a pupil's
 * wishes are written while no close can slip in between). Undefined when out of reach.
 */
export async function lockCampaign(
  tx: Executor,
  params: { id: string; reach: Reach; mode?: 'update' | 'share' },
) {
  const [row] = await tx
    .select({
      id: campaigns.id,
      name: campaigns.name,
      schoolId: campaigns.schoolId,
      levels: campaigns.levels,
      opensAt: campaigns.opensAt,
      closesAt: campaigns.closesAt,
      secondRoundClosesAt: campaigns.secondRoundClosesAt,
      maxWishes: campaigns.maxWishes,
      policy: campaigns.policy,
      seed: campaigns.seed,
      status: campaigns.status,
      publishedRunId: campaigns.publishedRunId,
    })
    .from(campaigns)
    .where(and(eq(campaigns.id, params.id), campaignScope(params.reach)))
    .for(params.mode ?? 'update');
  return row;
}

export type LockedCampaign = NonNullable<Awaited<ReturnType<typeof lockCampaign>>>;

export interface CampaignCountRow {
  id: string;
  periods: number;
  seats: number;
  pupils: number;
  wishes: number;
}

/** Periods, seats, and the current round's pupils and wishes of these campaigns. */
export async function campaignCounts(db: Executor, params: { ids: string[] }) {
  if (params.ids.length === 0) return new Map<string, CampaignCountRow>();
  const rows = await queryRows<CampaignCountRow>(
    db,
    sql`select c.id,
      (select count(*)::int from offer_periods p where p.campaign_id = c.id) as periods,
      (select coalesce(sum(p.seats), 0)::int from offer_periods p where p.campaign_id = c.id) as seats,
      (select count(distinct w.student_id)::int from campaign_wishes w
        where w.campaign_id = c.id and w.round = ${roundSql}) as pupils,
      (select count(*)::int from campaign_wishes w
        where w.campaign_id = c.id and w.round = ${roundSql}) as wishes
    from campaigns c where c.id in ${params.ids}`,
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/** The round a campaign is in, from its status, in SQL. */
const roundSql = sql.raw(`(case when c.status::text like 'second_round%' then 2 else 1 end)`);

export async function insertCampaign(
  tx: Executor,
  values: {
    name: string;
    schoolId: string | null;
    levels: SchoolLevel[];
    opensAt: Date;
    closesAt: Date;
    maxWishes: number;
    policy: CampaignPolicy;
    createdBy: string;
  },
) {
  const [row] = await tx.insert(campaigns).values(values).returning({ id: campaigns.id });
  return row!;
}

export async function updateCampaign(
  tx: Executor,
  params: {
    id: string;
    set: Partial<{
      name: string;
      levels: SchoolLevel[];
      opensAt: Date;
      closesAt: Date;
      maxWishes: number;
      policy: CampaignPolicy;
    }>;
    now: Date;
  },
) {
  await tx
    .update(campaigns)
    .set({ ...params.set, updatedAt: params.now })
    .where(eq(campaigns.id, params.id));
}

/**
 * Moves a campaign from one status to another only if it is still in `from`: of two concurrent
 * requests, one moves it and the other gets undefined.
 */
export async function moveCampaign(
  tx: Executor,
  params: {
    id: string;
    from: CampaignStatus[];
    to: CampaignStatus;
    now: Date;
    seed?: string;
    publishedRunId?: string;
    secondRoundClosesAt?: Date;
  },
) {
  const [row] = await tx
    .update(campaigns)
    .set({
      status: params.to,
      updatedAt: params.now,
      ...(params.seed !== undefined ? { seed: params.seed } : {}),
      ...(params.publishedRunId !== undefined ? { publishedRunId: params.publishedRunId } : {}),
      ...(params.secondRoundClosesAt !== undefined
        ? { secondRoundClosesAt: params.secondRoundClosesAt }
        : {}),
    })
    .where(and(eq(campaigns.id, params.id), inArray(campaigns.status, params.from)))
    .returning({ id: campaigns.id, status: campaigns.status });
  return row;
}

export async function deleteCampaign(tx: Executor, params: { id: string }) {
  await tx.delete(campaigns).where(eq(campaigns.id, params.id));
}

/** Drafts whose window has opened become open (the clock job). */
export async function openDueCampaigns(db: Executor, params: { now: Date }) {
  return db
    .update(campaigns)
    .set({ status: 'open', updatedAt: params.now })
    .where(and(eq(campaigns.status, 'draft'), lte(campaigns.opensAt, params.now)))
    .returning({ id: campaigns.id });
}

/** Campaigns whose current round's window has passed and that are not closed yet. */
export function dueToClose(db: Executor, params: { now: Date }) {
  return db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(
      or(
        and(inArray(campaigns.status, ['draft', 'open']), lte(campaigns.closesAt, params.now)),
        and(
          eq(campaigns.status, 'second_round_open'),
          lte(campaigns.secondRoundClosesAt, params.now),
        ),
      ),
    );
}

// ---------------------------------------------------------------------------------------------
// Periods

const periodColumns = {
  id: offerPeriods.id,
  offerId: offers.id,
  offerTitle: offers.title,
  companyName: companies.name,
  communeName: communes.name,
  levels: offers.levels,
  startDate: offerPeriods.startDate,
  endDate: offerPeriods.endDate,
  seats: offerPeriods.seats,
};

/** The periods committed to a campaign, by date then title. */
export function campaignPeriods(db: Executor, params: { campaignId: string }) {
  return db
    .select(periodColumns)
    .from(offerPeriods)
    .innerJoin(offers, eq(offers.id, offerPeriods.offerId))
    .innerJoin(companies, eq(companies.id, offers.companyId))
    .innerJoin(communes, eq(communes.code, offers.communeCode))
    .where(eq(offerPeriods.campaignId, params.campaignId))
    .orderBy(asc(offerPeriods.startDate), asc(offers.title), asc(offerPeriods.id));
}

const liveApplications = sql<number>`(select count(*)::int from applications a
  where a.period_id = ${offerPeriods.id} and a.status in ('submitted', 'read', 'accepted', 'confirmed'))`;

/**
 * Periods a campaign could commit: of published, unsuspended offers for one of these levels,
 * starting after `today`, not committed to another campaign (those of `campaignId` included).
 */
export function candidatePeriods(
  db: Executor,
  params: {
    levels: SchoolLevel[];
    q?: string | undefined;
    campaignId?: string | undefined;
    today: string;
    limit: number;
  },
) {
  const words = params.q ? searchable(params.q) : '';
  return db
    .select({
      ...periodColumns,
      liveApplications,
      campaignId: offerPeriods.campaignId,
    })
    .from(offerPeriods)
    .innerJoin(offers, eq(offers.id, offerPeriods.offerId))
    .innerJoin(companies, eq(companies.id, offers.companyId))
    .innerJoin(communes, eq(communes.code, offers.communeCode))
    .where(
      and(
        eq(offers.status, 'published'),
        isNull(offers.suspendedAt),
        sql`${offerPeriods.startDate} > ${params.today}`,
        params.levels.length > 0
          ? sql`${offers.levels} && array[${sql.join(
              params.levels.map((l) => sql`${l}`),
              sql`, `,
            )}]::school_level[]`
          : undefined,
        params.campaignId
          ? or(isNull(offerPeriods.campaignId), eq(offerPeriods.campaignId, params.campaignId))
          : isNull(offerPeriods.campaignId),
        words
          ? sql`(${offers.searchText} like ${`%${words}%`} or lower(${companies.name}) like ${`%${params.q!.trim().toLowerCase()}%`})`
          : undefined,
      ),
    )
    .orderBy(asc(offerPeriods.startDate), asc(offers.title), asc(offerPeriods.id))
    .limit(params.limit);
}

/** Locks periods about to be committed, with what the rules need to accept them. */
export function lockPeriodsForCommit(tx: Executor, params: { periodIds: string[] }) {
  if (params.periodIds.length === 0) return Promise.resolve([]);
  return tx
    .select({
      id: offerPeriods.id,
      campaignId: offerPeriods.campaignId,
      startDate: offerPeriods.startDate,
      offerTitle: offers.title,
      offerStatus: offers.status,
      suspendedAt: offers.suspendedAt,
      levels: offers.levels,
      liveApplications,
    })
    .from(offerPeriods)
    .innerJoin(offers, eq(offers.id, offerPeriods.offerId))
    .where(inArray(offerPeriods.id, params.periodIds))
    .for('update', { of: offerPeriods });
}

/** Commits exactly these periods to the campaign, releasing those it no longer lists. */
export async function setCampaignPeriods(
  tx: Executor,
  params: { campaignId: string; periodIds: string[] },
) {
  await tx
    .update(offerPeriods)
    .set({ campaignId: null })
    .where(
      and(
        eq(offerPeriods.campaignId, params.campaignId),
        params.periodIds.length > 0
          ? sql`${offerPeriods.id} not in ${params.periodIds}`
          : undefined,
      ),
    );
  for (let i = 0; i < params.periodIds.length; i += 5000) {
    await tx
      .update(offerPeriods)
      .set({ campaignId: params.campaignId })
      .where(inArray(offerPeriods.id, params.periodIds.slice(i, i + 5000)));
  }
}

export async function releasePeriods(tx: Executor, params: { campaignId: string }) {
  await tx
    .update(offerPeriods)
    .set({ campaignId: null })
    .where(eq(offerPeriods.campaignId, params.campaignId));
}

export interface RoundPeriodRow {
  id: string;
  offerId: string;
  offerTitle: string;
  companyName: string;
  communeName: string;
  companyId: string;
  levels: SchoolLevel[];
  startDate: string;
  endDate: string;
  seats: number;
  lat: number;
  lon: number;
  /** Seats held by accepted or confirmed applications (a second round: first-round stages). */
  taken: number;
  /** Of which by pupils of REP/REP+ schools. */
  takenEligible: number;
}

/** A campaign's periods with the seats already held on each: what a round allocates. */
export function roundPeriods(db: Executor, params: { campaignId: string }) {
  return queryRows<RoundPeriodRow>(
    db,
    sql`select p.id, p.offer_id as "offerId", o.title as "offerTitle", co.name as "companyName",
        cm.name as "communeName", o.company_id as "companyId", o.levels::text[] as levels,
        p.start_date::text as "startDate", p.end_date::text as "endDate", p.seats, o.lat, o.lon,
        coalesce(t.taken, 0)::int as taken, coalesce(t.taken_eligible, 0)::int as "takenEligible"
      from offer_periods p
      join offers o on o.id = p.offer_id
      join companies co on co.id = o.company_id
      join communes cm on cm.code = o.commune_code
      left join (
        select a.period_id, count(*) as taken,
          count(*) filter (where sc.priority in ('rep', 'rep_plus')) as taken_eligible
        from applications a
        left join students s on s.user_id = a.student_id
        left join schools sc on sc.id = s.school_id
        where a.status in ('accepted', 'confirmed')
          and a.period_id in (select id from offer_periods where campaign_id = ${params.campaignId})
        group by a.period_id
      ) t on t.period_id = p.id
      where p.campaign_id = ${params.campaignId}
      order by p.start_date, o.title, p.id`,
  );
}

// ---------------------------------------------------------------------------------------------
// Pupils and wishes

/** The campaigns a pupil takes part in (their level, their school), once opened. */
export function pupilCampaignScope(pupil: {
  level: SchoolLevel;
  schoolId: string;
  now: Date;
}): SQL {
  return sql`(${lte(campaigns.opensAt, pupil.now)}
    and ${pupil.level}::school_level = any(${campaigns.levels})
    and (${campaigns.schoolId} is null or ${campaigns.schoolId} = ${pupil.schoolId}))`;
}

export async function getPupilCampaign(
  db: Executor,
  params: { id: string; pupil: { level: SchoolLevel; schoolId: string; now: Date } },
) {
  const [row] = await listCampaigns(db, {
    reach: { kind: 'system' },
    where: and(eq(campaigns.id, params.id), pupilCampaignScope(params.pupil)),
  });
  return row;
}

export async function wishCounts(db: Executor, params: { campaignId: string; round: number }) {
  const rows = await db
    .select({ periodId: campaignWishes.periodId, count: sql<number>`count(*)::int` })
    .from(campaignWishes)
    .where(
      and(eq(campaignWishes.campaignId, params.campaignId), eq(campaignWishes.round, params.round)),
    )
    .groupBy(campaignWishes.periodId);
  return new Map(rows.map((r) => [r.periodId, r.count]));
}

export function pupilWishes(
  db: Executor,
  params: { campaignId: string; round: number; studentId: string },
) {
  return db
    .select({ periodId: campaignWishes.periodId, rank: campaignWishes.rank })
    .from(campaignWishes)
    .where(
      and(
        eq(campaignWishes.campaignId, params.campaignId),
        eq(campaignWishes.round, params.round),
        eq(campaignWishes.studentId, params.studentId),
      ),
    )
    .orderBy(asc(campaignWishes.rank));
}

export async function replaceWishes(
  tx: Executor,
  params: { campaignId: string; round: number; studentId: string; periodIds: string[]; now: Date },
) {
  await tx
    .delete(campaignWishes)
    .where(
      and(
        eq(campaignWishes.campaignId, params.campaignId),
        eq(campaignWishes.round, params.round),
        eq(campaignWishes.studentId, params.studentId),
      ),
    );
  if (params.periodIds.length === 0) return;
  await tx.insert(campaignWishes).values(
    params.periodIds.map((periodId, i) => ({
      campaignId: params.campaignId,
      round: params.round,
      studentId: params.studentId,
      periodId,
      rank: i + 1,
      updatedAt: params.now,
    })),
  );
}

export interface PupilPeriodRow {
  id: string;
  offerId: string;
  offerTitle: string;
  companyName: string;
  communeName: string;
  levels: SchoolLevel[];
  startDate: string;
  endDate: string;
  seats: number;
  taken: number;
  wishCount: number;
}

/**
 * A campaign's periods as a pupil browses them: with the seats this round allocates and how many
 * wishes each already has. `ids` lists given periods only; otherwise those for the pupil's level
 * (matching `q`), and in a second round only those with seats left.
 */
export async function pupilPeriods(
  db: Executor,
  params: {
    campaignId: string;
    round: number;
    level: SchoolLevel;
    ids?: string[];
    q?: string | undefined;
    limit: number;
    offset: number;
  },
) {
  const words = params.q ? searchable(params.q) : '';
  const filter = params.ids
    ? sql`p.id in ${params.ids.length > 0 ? params.ids : ['00000000-0000-0000-0000-000000000000']}`
    : sql`${params.level}::school_level = any(o.levels)
        ${words ? sql`and (o.search_text like ${`%${words}%`} or lower(co.name) like ${`%${params.q!.trim().toLowerCase()}%`})` : sql``}
        ${params.round > 1 ? sql`and p.seats > (${takenSql})` : sql``}`;
  const rows = await queryRows<PupilPeriodRow & { total: number }>(
    db,
    sql`select p.id, o.id as "offerId", o.title as "offerTitle", co.name as "companyName",
        cm.name as "communeName", o.levels::text[] as levels, p.start_date::text as "startDate",
        p.end_date::text as "endDate", p.seats, (${takenSql}) as taken,
        (select count(*)::int from campaign_wishes w where w.campaign_id = ${params.campaignId}
          and w.round = ${params.round} and w.period_id = p.id) as "wishCount",
        count(*) over ()::int as total
      from offer_periods p
      join offers o on o.id = p.offer_id
      join companies co on co.id = o.company_id
      join communes cm on cm.code = o.commune_code
      where p.campaign_id = ${params.campaignId} and ${filter}
      order by p.start_date, o.title, p.id
      limit ${params.limit} offset ${params.offset}`,
  );
  return { rows, total: rows[0]?.total ?? 0 };
}

const takenSql = sql.raw(`select count(*)::int from applications a
  where a.period_id = p.id and a.status in ('accepted', 'confirmed')`);

/** Whether this pupil already holds a stage from this campaign (placed in a published round). */
export async function placedByCampaign(
  db: Executor,
  params: { campaignId: string; studentId: string },
) {
  const [row] = await db
    .select({ id: applications.id })
    .from(applications)
    .where(
      and(
        eq(applications.campaignId, params.campaignId),
        eq(applications.studentId, params.studentId),
      ),
    )
    .limit(1);
  return Boolean(row);
}

export interface RunPupilRow {
  id: string;
  level: SchoolLevel;
  schoolId: string;
  schoolName: string;
  priority: 'none' | 'rep' | 'rep_plus';
  lat: number | null;
  lon: number | null;
}

/**
 * The pupils who ranked wishes in this round and still belong to the campaign (its levels, its
 * school; active accounts). A second round leaves out those placed by the first.
 */
export function runPupils(
  db: Executor,
  params: {
    campaignId: string;
    round: number;
    levels: SchoolLevel[];
    schoolId: string | null;
  },
) {
  return queryRows<RunPupilRow>(
    db,
    sql`select s.user_id as id, s.level::text as level, s.school_id as "schoolId",
        sc.name as "schoolName", sc.priority::text as priority,
        coalesce(c.lat, sc.lat) as lat, coalesce(c.lon, sc.lon) as lon
      from students s
      join users u on u.id = s.user_id
      join schools sc on sc.id = s.school_id
      left join communes c on c.code = s.home_commune_code
      where s.user_id in (select distinct w.student_id from campaign_wishes w
          where w.campaign_id = ${params.campaignId} and w.round = ${params.round})
        and u.status = 'active'
        and s.level::text in ${params.levels}
        ${params.schoolId ? sql`and s.school_id = ${params.schoolId}` : sql``}
        ${
          params.round > 1
            ? sql`and not exists (select 1 from applications a
                where a.campaign_id = ${params.campaignId} and a.student_id = s.user_id)`
            : sql``
        }
      order by s.user_id`,
  );
}

export function runWishes(db: Executor, params: { campaignId: string; round: number }) {
  return queryRows<{ studentId: string; periodId: string; rank: number }>(
    db,
    sql`select student_id as "studentId", period_id as "periodId", rank
      from campaign_wishes where campaign_id = ${params.campaignId} and round = ${params.round}
      order by student_id, rank`,
  );
}

/** Confirmed stages of the pupils who wished in this round (their dates and host). */
export function confirmedStagesOfWishers(
  db: Executor,
  params: { campaignId: string; round: number },
) {
  return queryRows<{ studentId: string; startDate: string; endDate: string; companyId: string }>(
    db,
    sql`select a.student_id as "studentId", p.start_date::text as "startDate",
        p.end_date::text as "endDate", o.company_id as "companyId"
      from applications a
      join offer_periods p on p.id = a.period_id
      join offers o on o.id = a.offer_id
      where a.status = 'confirmed'
        and a.student_id in (select distinct w.student_id from campaign_wishes w
          where w.campaign_id = ${params.campaignId} and w.round = ${params.round})`,
  );
}

/** A pupil's confirmed stages (dates and host), to refuse wishes they could no longer take. */
export function confirmedStagesOf(db: Executor, params: { studentId: string }) {
  return db
    .select({
      startDate: offerPeriods.startDate,
      endDate: offerPeriods.endDate,
      companyId: offers.companyId,
    })
    .from(applications)
    .innerJoin(offerPeriods, eq(offerPeriods.id, applications.periodId))
    .innerJoin(offers, eq(offers.id, applications.offerId))
    .where(and(eq(applications.studentId, params.studentId), eq(applications.status, 'confirmed')));
}

// ---------------------------------------------------------------------------------------------
// Runs and results

const runColumns = {
  id: campaignRuns.id,
  campaignId: campaignRuns.campaignId,
  round: campaignRuns.round,
  policy: campaignRuns.policy,
  seed: campaignRuns.seed,
  softwareVersion: campaignRuns.softwareVersion,
  inputsHash: campaignRuns.inputsHash,
  status: campaignRuns.status,
  progress: campaignRuns.progress,
  step: campaignRuns.step,
  stats: campaignRuns.stats,
  error: campaignRuns.error,
  createdAt: campaignRuns.createdAt,
  startedAt: campaignRuns.startedAt,
  finishedAt: campaignRuns.finishedAt,
};

export type RunRow = Awaited<ReturnType<typeof listRuns>>[number];

export async function insertRun(
  tx: Executor,
  values: {
    campaignId: string;
    round: number;
    policy: CampaignPolicy;
    seed: string;
    softwareVersion: string;
    createdBy: string | null;
    createdAt?: Date;
  },
) {
  const [row] = await tx.insert(campaignRuns).values(values).returning({ id: campaignRuns.id });
  return row!;
}

export function listRuns(db: Executor, params: { campaignId: string }) {
  return db
    .select(runColumns)
    .from(campaignRuns)
    .where(eq(campaignRuns.campaignId, params.campaignId))
    .orderBy(desc(campaignRuns.round), desc(campaignRuns.createdAt), desc(campaignRuns.id));
}

export async function getRun(db: Executor, params: { id: string; campaignId?: string }) {
  const [row] = await db
    .select(runColumns)
    .from(campaignRuns)
    .where(
      and(
        eq(campaignRuns.id, params.id),
        params.campaignId ? eq(campaignRuns.campaignId, params.campaignId) : undefined,
      ),
    );
  return row;
}

/** The published run of a round, if that round was published. */
export async function publishedRun(db: Executor, params: { campaignId: string; round: number }) {
  const [row] = await db
    .select(runColumns)
    .from(campaignRuns)
    .where(
      and(
        eq(campaignRuns.campaignId, params.campaignId),
        eq(campaignRuns.round, params.round),
        eq(campaignRuns.step, 'published'),
      ),
    );
  return row;
}

/** How long a run may stay `running` before it is taken to have died with its worker. */
export const STALE_RUN_MS = 15 * 60 * 1000;

/** Takes a queued run (or one a dead worker left running) for this worker, once. */
export async function claimRun(db: Executor, params: { id: string; now: Date }) {
  const [row] = await db
    .update(campaignRuns)
    .set({ status: 'running', startedAt: params.now, progress: 5, step: 'load', error: null })
    .where(
      and(
        eq(campaignRuns.id, params.id),
        or(
          eq(campaignRuns.status, 'queued'),
          and(
            eq(campaignRuns.status, 'running'),
            lte(campaignRuns.startedAt, new Date(params.now.getTime() - STALE_RUN_MS)),
          ),
        ),
      ),
    )
    .returning(runColumns);
  return row;
}

/** Runs whose job seems lost: queued for minutes, or running far longer than any run takes. */
export function lostRuns(db: Executor, params: { now: Date }) {
  return db
    .select({ id: campaignRuns.id })
    .from(campaignRuns)
    .where(
      or(
        and(
          eq(campaignRuns.status, 'queued'),
          lte(campaignRuns.createdAt, new Date(params.now.getTime() - 2 * 60 * 1000)),
        ),
        and(
          eq(campaignRuns.status, 'running'),
          lte(campaignRuns.startedAt, new Date(params.now.getTime() - STALE_RUN_MS)),
        ),
      ),
    );
}

export async function progressRun(
  db: Executor,
  params: { id: string; progress: number; step: string },
) {
  await db
    .update(campaignRuns)
    .set({ progress: params.progress, step: params.step })
    .where(eq(campaignRuns.id, params.id));
}

export async function finishRun(
  tx: Executor,
  params: { id: string; inputsHash: string; stats: Record<string, unknown>; now: Date },
) {
  await tx
    .update(campaignRuns)
    .set({
      status: 'done',
      progress: 100,
      step: 'done',
      inputsHash: params.inputsHash,
      stats: params.stats,
      finishedAt: params.now,
    })
    .where(eq(campaignRuns.id, params.id));
}

export async function failRun(
  db: Executor,
  params: { id: string; error: string; inputsHash?: string | null; now: Date },
) {
  await db
    .update(campaignRuns)
    .set({
      status: 'failed',
      step: 'failed',
      error: params.error,
      finishedAt: params.now,
      ...(params.inputsHash ? { inputsHash: params.inputsHash } : {}),
    })
    .where(eq(campaignRuns.id, params.id));
}

export async function markRunPublished(tx: Executor, params: { id: string }) {
  await tx.update(campaignRuns).set({ step: 'published' }).where(eq(campaignRuns.id, params.id));
}

export async function deleteResults(tx: Executor, params: { runId: string }) {
  await tx.delete(campaignResults).where(eq(campaignResults.runId, params.runId));
}

export interface ResultInsert {
  runId: string;
  studentId: string;
  periodId: string | null;
  rankObtained: number | null;
  explanation: Record<string, unknown>[];
}

export async function insertResults(tx: Executor, rows: ResultInsert[]) {
  for (let i = 0; i < rows.length; i += 2000) {
    await tx.insert(campaignResults).values(rows.slice(i, i + 2000));
  }
}

/** Every pupil's outcome in a run (student, period, rank), for comparisons and checks. */
export function runOutcomes(db: Executor, params: { runId: string }) {
  return queryRows<{
    studentId: string;
    periodId: string | null;
    rankObtained: number | null;
    priority: string | null;
  }>(
    db,
    sql`select r.student_id as "studentId", r.period_id as "periodId",
        r.rank_obtained as "rankObtained", sc.priority::text as priority
      from campaign_results r
      left join students s on s.user_id = r.student_id
      left join schools sc on sc.id = s.school_id
      where r.run_id = ${params.runId}
      order by r.student_id`,
  );
}

export async function pupilResult(db: Executor, params: { runId: string; studentId: string }) {
  const [row] = await db
    .select({
      periodId: campaignResults.periodId,
      rankObtained: campaignResults.rankObtained,
      explanation: campaignResults.explanation,
    })
    .from(campaignResults)
    .where(
      and(eq(campaignResults.runId, params.runId), eq(campaignResults.studentId, params.studentId)),
    );
  return row;
}

/** Periods by id with what a pupil's page shows of them. */
export function periodsByIds(db: Executor, params: { ids: string[] }) {
  if (params.ids.length === 0) return Promise.resolve([]);
  return db
    .select(periodColumns)
    .from(offerPeriods)
    .innerJoin(offers, eq(offers.id, offerPeriods.offerId))
    .innerJoin(companies, eq(companies.id, offers.companyId))
    .innerJoin(communes, eq(communes.code, offers.communeCode))
    .where(inArray(offerPeriods.id, params.ids));
}

// ---------------------------------------------------------------------------------------------
// Publication

/** Seats of each committed period: held by applications, and placed by the run. */
export function seatCheck(db: Executor, params: { runId: string }) {
  return queryRows<{ id: string; seats: number; held: number; placed: number }>(
    db,
    sql`select p.id, p.seats,
        (select count(*)::int from applications a
          where a.period_id = p.id and a.status in ('accepted', 'confirmed')) as held,
        (select count(*)::int from campaign_results r
          where r.run_id = ${params.runId} and r.period_id = p.id) as placed
      from offer_periods p
      where p.id in (select r.period_id from campaign_results r
        where r.run_id = ${params.runId} and r.period_id is not null)`,
  );
}

/** Placed periods of the run that are no longer committed to the campaign. */
export function placedOutsideCampaign(db: Executor, params: { campaignId: string; runId: string }) {
  return queryRows<{ id: string }>(
    db,
    sql`select distinct r.period_id as id from campaign_results r
      join offer_periods p on p.id = r.period_id
      where r.run_id = ${params.runId} and p.campaign_id is distinct from ${params.campaignId}
      limit 5`,
  );
}

/** Pupils placed by the run who meanwhile confirmed a stage on overlapping dates. */
export function placedWithOverlap(db: Executor, params: { runId: string }) {
  return queryRows<{ studentId: string }>(
    db,
    sql`select distinct r.student_id as "studentId" from campaign_results r
      join offer_periods p on p.id = r.period_id
      join applications a on a.student_id = r.student_id and a.status = 'confirmed'
      join offer_periods q on q.id = a.period_id
      where r.run_id = ${params.runId}
        and q.start_date <= p.end_date and p.start_date <= q.end_date
      limit 10`,
  );
}

export interface Placement {
  studentId: string;
  periodId: string;
  offerId: string;
  rankObtained: number;
}

export function runPlacements(db: Executor, params: { runId: string }) {
  return queryRows<Placement>(
    db,
    sql`select r.student_id as "studentId", r.period_id as "periodId", p.offer_id as "offerId",
        r.rank_obtained as "rankObtained"
      from campaign_results r join offer_periods p on p.id = r.period_id
      where r.run_id = ${params.runId}
      order by r.student_id`,
  );
}

/** Inserts the confirmed applications of a publication; returns their ids by pupil. */
export async function insertCampaignApplications(
  tx: Executor,
  params: { campaignId: string; placements: Placement[]; now: Date },
) {
  const out: { id: string; studentId: string }[] = [];
  for (let i = 0; i < params.placements.length; i += 2000) {
    const rows = await tx
      .insert(applications)
      .values(
        params.placements.slice(i, i + 2000).map((p) => ({
          offerId: p.offerId,
          periodId: p.periodId,
          studentId: p.studentId,
          status: 'confirmed' as const,
          campaignId: params.campaignId,
          createdAt: params.now,
          updatedAt: params.now,
        })),
      )
      .returning({ id: applications.id, studentId: applications.studentId });
    out.push(...rows);
  }
  return out;
}

export async function insertCampaignEvents(
  tx: Executor,
  params: { applicationIds: string[]; note: string; now: Date },
) {
  for (let i = 0; i < params.applicationIds.length; i += 3000) {
    await tx.insert(applicationEvents).values(
      params.applicationIds.slice(i, i + 3000).map((applicationId) => ({
        applicationId,
        fromStatus: null,
        toStatus: 'confirmed' as const,
        actorId: null,
        note: params.note,
        at: params.now,
      })),
    );
  }
}

/** Pending applications of the run's placed pupils on dates their new stage overlaps. */
export function supersededApplications(
  db: Executor,
  params: { runId: string; campaignId: string },
) {
  return queryRows<{ id: string; status: 'submitted' | 'read' | 'accepted'; studentId: string }>(
    db,
    sql`select a.id, a.status::text as status, a.student_id as "studentId"
      from campaign_results r
      join offer_periods p on p.id = r.period_id
      join applications a on a.student_id = r.student_id
        and a.status in ('submitted', 'read', 'accepted')
        and a.campaign_id is distinct from ${params.campaignId}
      join offer_periods q on q.id = a.period_id
      where r.run_id = ${params.runId}
        and q.start_date <= p.end_date and p.start_date <= q.end_date`,
  );
}

export interface Participant {
  studentId: string;
  periodId: string | null;
  rankObtained: number | null;
  offerTitle: string | null;
  companyName: string | null;
  startDate: string | null;
  endDate: string | null;
  email: string | null;
  locale: string;
  name: string;
}

/** Everyone a run concerns, with what their notice says (anonymised accounts left out). */
export function runParticipants(db: Executor, params: { runId: string }) {
  return queryRows<Participant>(
    db,
    sql`select r.student_id as "studentId", r.period_id as "periodId",
        r.rank_obtained as "rankObtained", o.title as "offerTitle", co.name as "companyName",
        p.start_date::text as "startDate", p.end_date::text as "endDate",
        u.email, u.locale, coalesce(s.first_name || ' ' || s.last_name, u.display_name) as name
      from campaign_results r
      join users u on u.id = r.student_id and u.status <> 'anonymised'
      left join students s on s.user_id = r.student_id
      left join offer_periods p on p.id = r.period_id
      left join offers o on o.id = p.offer_id
      left join companies co on co.id = o.company_id
      where r.run_id = ${params.runId}`,
  );
}

/** Pupils of a published run left without a seat: who hears that a second round opens. */
export function unplacedOfRun(db: Executor, params: { runId: string }) {
  return queryRows<{ studentId: string; email: string | null; locale: string; name: string }>(
    db,
    sql`select r.student_id as "studentId", u.email, u.locale,
        coalesce(s.first_name || ' ' || s.last_name, u.display_name) as name
      from campaign_results r
      join users u on u.id = r.student_id and u.status = 'active'
      left join students s on s.user_id = r.student_id
      where r.run_id = ${params.runId} and r.period_id is null`,
  );
}

/** The application (and agreement) a pupil got from a campaign on a period. */
export async function campaignApplication(
  db: Executor,
  params: { campaignId: string; studentId: string; periodId: string },
) {
  const rows = await queryRows<{ id: string; agreementId: string | null }>(
    db,
    sql`select a.id, g.id as "agreementId" from applications a
      left join agreements g on g.application_id = a.id
      where a.campaign_id = ${params.campaignId} and a.student_id = ${params.studentId}
        and a.period_id = ${params.periodId}
      order by a.created_at desc limit 1`,
  );
  return rows[0];
}
