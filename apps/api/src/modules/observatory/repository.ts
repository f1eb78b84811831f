// The observatory's indicators, each computed by one SQL statement over the real tables (never by
// loading rows into memory): per-offer aggregates first (applications and wishes grouped by offer,
// ~10,000 rows at the scale of the département), then spread over trades and communes.
//
// Who sees what is part of every statement: `Scope` names the viewer, and the school or company
// predicate is a subquery on their active memberships inside the WHERE.
//   - departement (operator): everything.
//   - school (head of school): everything about pupils (applications, wishes, placement, pupils
//     without a stage, mentorships, visits) is restricted to the pupils of their school(s); the
//     supply of published offers, anonymous searches without result and the mentors' and
//     ambassadors' directory are the département's, public to any signed-in person anyway.
//   - company (employer): offers, seats, applications, wishes, hosted pupils, mentors and
//     ambassadors of their company(ies) only; searches without result stay département-wide
//     (anonymous: they tell an employer what pupils looked for in vain).
// A school year runs from 1 August to 31 July; a stage belongs to the year its period starts in.
import { sql, type SQL } from 'drizzle-orm';
import { type Executor, queryRows } from '@tremplin/db';
import type {
  CommuneRow,
  CoverageDomainRow,
  ObservatoryScopeKind,
  ObservatoryTotals,
  PriorityPlacementRow,
  SchoolLevel,
  SchoolPlacementRow,
  TradeSupplyRow,
  UnplacedRow,
  YearOnYearRow,
} from '@tremplin/contracts';
import { schoolYearBounds } from '../classes/calendar.js';

export interface Scope {
  kind: ObservatoryScopeKind;
  /** The person asking: their memberships decide the school or company. */
  viewerId: string;
}

/** The schools a head of school runs (active memberships), as a subquery. */
export const headSchools = (viewerId: string) =>
  sql`(select m.school_id from school_memberships m
       where m.user_id = ${viewerId} and m.role = 'school_admin' and m.status = 'active')`;

/** The companies an employer acts for (active memberships), as a subquery. */
export const employerCompanies = (viewerId: string) =>
  sql`(select m.company_id from company_memberships m
       where m.user_id = ${viewerId} and m.role = 'employer' and m.status = 'active')`;

/** The names of the schools or companies a scope covers, for the page's heading. */
export async function scopeNames(db: Executor, scope: Scope): Promise<string[]> {
  if (scope.kind === 'departement') return [];
  const rows = await queryRows<{ name: string }>(
    db,
    scope.kind === 'school'
      ? sql`select name from schools where id in ${headSchools(scope.viewerId)} order by name`
      : sql`select name from companies where id in ${employerCompanies(scope.viewerId)} order by name`,
  );
  return rows.map((r) => r.name);
}

const TRUE = sql`true`;

/** Predicate on a pupil's id column, for the pupil-side figures of a head of school. */
function pupilFilter(scope: Scope, column: SQL): SQL {
  return scope.kind === 'school'
    ? sql`${column} in (select st.user_id from students st where st.school_id in ${headSchools(scope.viewerId)})`
    : TRUE;
}

/** Predicate on an offer's company column, for an employer. */
function companyFilter(scope: Scope, column: SQL): SQL {
  return scope.kind === 'company' ? sql`${column} in ${employerCompanies(scope.viewerId)}` : TRUE;
}

function bounds(year: number) {
  const { start, end } = schoolYearBounds(year);
  return { from: start, to: end };
}

/** JSON columns come back parsed from postgres.js and PGlite alike; text is parsed here. */
function parsed<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

// --- supply and demand by trade and commune --------------------------------------------------------

export interface SupplyFigures {
  domains: TradeSupplyRow[];
  trades: TradeSupplyRow[];
  communes: {
    code: string;
    name: string;
    offers: number;
    seats: number;
    applications: number;
    searchesWithoutResult: number;
  }[];
}

/**
 * Offers, seats, applications and wishes of a set of offers spread over trades, domains and
 * communes; `base` names a CTE with trade_codes, commune_code, in_supply, seats, applications and
 * wishes. Offers sharing the same trades are summed first, so arrays are spread over few rows.
 */
function spread(base: SQL): SQL {
  return sql`
    select 'trade' as kind, c.code, sum(b.offers)::int as offers, sum(b.seats)::int as seats,
      sum(b.applications)::int as applications, sum(b.wishes)::int as wishes
    from (select trade_codes, (count(*) filter (where in_supply))::int as offers,
            sum(case when in_supply then seats else 0 end)::int as seats,
            sum(applications)::int as applications, sum(wishes)::int as wishes
          from ${base} group by trade_codes) b
    cross join lateral (select distinct u.code from unnest(b.trade_codes) as u(code)) c
    group by c.code
    union all
    select 'domain', d.code, sum(b.offers)::int, sum(b.seats)::int, sum(b.applications)::int,
      sum(b.wishes)::int
    from (select trade_codes, (count(*) filter (where in_supply))::int as offers,
            sum(case when in_supply then seats else 0 end)::int as seats,
            sum(applications)::int as applications, sum(wishes)::int as wishes
          from ${base} group by trade_codes) b
    cross join lateral (select distinct t.domain_code as code
                        from unnest(b.trade_codes) as u(code) join trades t on t.code = u.code) d
    group by d.code
    union all
    select 'commune', commune_code, (count(*) filter (where in_supply))::int,
      sum(case when in_supply then seats else 0 end)::int, sum(applications)::int,
      sum(wishes)::int
    from ${base} group by commune_code`;
}

export async function supplyAndDemand(
  db: Executor,
  params: { scope: Scope; year: number },
): Promise<SupplyFigures> {
  const { from, to } = bounds(params.year);
  const { scope, year } = params;
  let aggregates: SQL;
  if (scope.kind === 'departement') {
    // Precomputed by the refresh job for the whole département.
    aggregates = sql`
    agg as (
      select kind, code, offers, seats, applications, wishes
      from observatory_supply_years where school_year = ${year}
    )`;
  } else if (scope.kind === 'company') {
    aggregates = sql`
    base as (
      select m.trade_codes, m.commune_code, m.in_supply, m.seats, m.applications, m.wishes
      from observatory_offer_years m
      where m.school_year = ${year} and m.company_id in ${employerCompanies(scope.viewerId)}
    ),
    agg as (${spread(sql`base`)})`;
  } else {
    // A head of school: the département's offers and seats, against the demand of their own
    // pupils, read live through them (a few hundred applications and wishes at most).
    aggregates = sql`
    school_demand as (
      select x.offer_id, sum(x.applications)::int as applications, sum(x.wishes)::int as wishes
      from (
        select a.offer_id, 1 as applications, 0 as wishes
        from students st
        join applications a on a.student_id = st.user_id
        join offer_periods p on p.id = a.period_id
        where st.school_id in ${headSchools(scope.viewerId)}
          and p.start_date between ${from}::date and ${to}::date
        union all
        select p.offer_id, 0, 1
        from students st
        join campaign_wishes w on w.student_id = st.user_id
        join offer_periods p on p.id = w.period_id
        where st.school_id in ${headSchools(scope.viewerId)}
          and p.start_date between ${from}::date and ${to}::date
      ) x
      group by x.offer_id
    ),
    demand_base as (
      select m.trade_codes, m.commune_code, false as in_supply, 0 as seats,
        d.applications, d.wishes
      from school_demand d
      join observatory_offer_years m on m.school_year = ${year} and m.offer_id = d.offer_id
    ),
    demand as (${spread(sql`demand_base`)}),
    supply as (
      select kind, code, offers, seats from observatory_supply_years where school_year = ${year}
    ),
    agg as (
      select coalesce(s.kind, d.kind) as kind, coalesce(s.code, d.code) as code,
        coalesce(s.offers, 0) as offers, coalesce(s.seats, 0) as seats,
        coalesce(d.applications, 0) as applications, coalesce(d.wishes, 0) as wishes
      from supply s full join demand d on d.kind = s.kind and d.code = s.code
    )`;
  }
  const [row] = await queryRows<{ figures: unknown }>(
    db,
    sql`
    with ${aggregates},
    searches as (
      select s.id, s.trade_codes, s.commune_code from offer_searches s
      where s.results = 0 and s.at >= ${from}::date and s.at < ${to}::date + 1
    ),
    search_trade as (
      select distinct s.id, c.code from searches s cross join lateral unnest(s.trade_codes) as c(code)
    ),
    search_by_trade as (select code, count(*)::int as n from search_trade group by code),
    search_by_domain as (
      select t.domain_code as code, count(distinct st.id)::int as n
      from search_trade st join trades t on t.code = st.code group by t.domain_code
    ),
    search_by_commune as (
      select commune_code as code, count(*)::int as n from searches
      where commune_code is not null group by commune_code
    )
    select json_build_object(
      'domains', (
        select coalesce(json_agg(json_build_object(
          'code', d.code, 'label', d.label, 'offers', coalesce(b.offers, 0),
          'seats', coalesce(b.seats, 0), 'applications', coalesce(b.applications, 0),
          'wishes', coalesce(b.wishes, 0), 'searchesWithoutResult', coalesce(s.n, 0)
        ) order by d.code), '[]'::json)
        from trade_domains d
        left join agg b on b.kind = 'domain' and b.code = d.code
        left join search_by_domain s on s.code = d.code),
      'trades', (
        select coalesce(json_agg(json_build_object(
          'code', t.code, 'label', t.label, 'offers', coalesce(b.offers, 0),
          'seats', coalesce(b.seats, 0), 'applications', coalesce(b.applications, 0),
          'wishes', coalesce(b.wishes, 0), 'searchesWithoutResult', coalesce(s.n, 0)
        ) order by coalesce(b.seats, 0) desc,
                   coalesce(b.applications, 0) + coalesce(b.wishes, 0) + coalesce(s.n, 0) desc,
                   t.code), '[]'::json)
        from trades t
        left join agg b on b.kind = 'trade' and b.code = t.code
        left join search_by_trade s on s.code = t.code
        where coalesce(b.offers, 0) + coalesce(b.applications, 0) + coalesce(b.wishes, 0)
              + coalesce(s.n, 0) > 0),
      'communes', (
        select coalesce(json_agg(json_build_object(
          'code', c.code, 'name', c.name, 'offers', coalesce(b.offers, 0),
          'seats', coalesce(b.seats, 0), 'applications', coalesce(b.applications, 0),
          'searchesWithoutResult', coalesce(s.n, 0)
        ) order by c.name), '[]'::json)
        from communes c
        left join agg b on b.kind = 'commune' and b.code = c.code
        left join search_by_commune s on s.code = c.code)
    ) as figures`,
  );
  return parsed<SupplyFigures>(row!.figures);
}

// --- pupils: placement, pupils without a stage -------------------------------------------------------

export interface PupilFigures {
  schools: SchoolPlacementRow[] | null;
  priorities: PriorityPlacementRow[];
  /** Pupils and placed pupils by home commune (département and school scopes). */
  communes: { code: string; pupils: number; placed: number }[] | null;
  unplaced: UnplacedRow[] | null;
}

/**
 * The year's pupils are those of the year's classes (`classes.school_year`); a pupil is placed
 * when they have a confirmed application for a period starting in the year whose agreement, if
 * any, is not cancelled.
 */
export async function pupilPlacement(
  db: Executor,
  params: { scope: Scope; year: number; today: string },
): Promise<PupilFigures> {
  const { from, to } = bounds(params.year);
  const { scope } = params;
  if (scope.kind === 'company') return hostedPupils(db, { scope, from, to });
  const schoolPredicate =
    scope.kind === 'school' ? sql`v.school_id in ${headSchools(scope.viewerId)}` : TRUE;
  const [row] = await queryRows<{ figures: unknown }>(
    db,
    sql`
    with pupils as (
      select v.student_id, v.school_id, v.home_commune_code, v.level, v.placed
      from observatory_pupil_years v
      where v.school_year = ${params.year} and v.in_cohort and ${schoolPredicate}
    ),
    by_school as (
      select school_id, count(*)::int as pupils, (count(*) filter (where placed))::int as placed
      from pupils group by school_id
    ),
    shown_schools as (
      select sc.id, sc.name, sc.priority, cm.name as commune_name,
        coalesce(b.pupils, 0) as pupils, coalesce(b.placed, 0) as placed
      from schools sc
      join communes cm on cm.code = sc.commune_code
      left join by_school b on b.school_id = sc.id
      where b.school_id is not null
        ${scope.kind === 'school' ? sql`or sc.id in ${headSchools(scope.viewerId)}` : sql``}
    ),
    by_level as (
      select school_id, level, count(*)::int as pupils,
        (count(*) filter (where not placed))::int as unplaced
      from pupils group by school_id, level
    )
    select json_build_object(
      'schools', (
        select coalesce(json_agg(json_build_object(
          'schoolId', s.id, 'name', s.name, 'communeName', s.commune_name, 'priority', s.priority,
          'pupils', s.pupils, 'placed', s.placed,
          'rate', case when s.pupils > 0 then round(s.placed::numeric / s.pupils, 4) end
        ) order by s.name, s.id), '[]'::json)
        from shown_schools s),
      'priorities', (
        select json_agg(json_build_object(
          'priority', p.priority, 'schools', coalesce(x.schools, 0),
          'pupils', coalesce(x.pupils, 0), 'placed', coalesce(x.placed, 0),
          'rate', case when x.pupils > 0 then round(x.placed::numeric / x.pupils, 4) end
        ) order by p.rank)
        from (values ('rep_plus', 1), ('rep', 2), ('none', 3)) as p(priority, rank)
        left join (
          select priority::text as priority, count(*)::int as schools,
            sum(pupils)::int as pupils, sum(placed)::int as placed
          from shown_schools group by priority
        ) x on x.priority = p.priority),
      'communes', (
        select coalesce(json_agg(json_build_object(
          'code', home_commune_code, 'pupils', n, 'placed', placed
        )), '[]'::json)
        from (
          select home_commune_code, count(*)::int as n,
            (count(*) filter (where placed))::int as placed
          from pupils where home_commune_code is not null group by home_commune_code
        ) h),
      'unplaced', (
        select coalesce(json_agg(json_build_object(
          'schoolId', sc.id, 'schoolName', sc.name, 'priority', sc.priority, 'level', l.level,
          'pupils', l.pupils, 'unplaced', l.unplaced,
          'nextWeekStart', w.start_date::text,
          'daysLeft', w.start_date - ${params.today}::date
        ) order by w.start_date nulls last, l.unplaced desc, sc.name, l.level), '[]'::json)
        from by_level l
        join schools sc on sc.id = l.school_id
        left join lateral (
          select min(sw.start_date) as start_date from stage_weeks sw
          where sw.school_id = l.school_id and sw.level = l.level
            and sw.start_date >= ${params.today}::date
            and sw.start_date between ${from}::date and ${to}::date
        ) w on true
        where l.unplaced > 0)
    ) as figures`,
  );
  const figures = parsed<PupilFigures>(row!.figures);
  return {
    ...figures,
    priorities: figures.priorities.map(rateAsNumber),
    schools: figures.schools!.map(rateAsNumber),
  };
}

/** Numeric rounding comes back as a number or a string depending on the driver. */
function rateAsNumber<T extends { rate: number | string | null }>(row: T): T {
  return { ...row, rate: row.rate === null ? null : Number(row.rate) };
}

/** A company's side of placement: pupils who applied to it and pupils it hosts, by priority. */
async function hostedPupils(
  db: Executor,
  params: { scope: Scope; from: string; to: string },
): Promise<PupilFigures> {
  const [row] = await queryRows<{ figures: unknown }>(
    db,
    sql`
    with candidates as (
      select a.student_id,
        bool_or(a.status = 'confirmed' and not exists (
          select 1 from agreements g where g.application_id = a.id and g.status = 'cancelled')) as hosted
      from applications a
      join offer_periods p on p.id = a.period_id
      join offers o on o.id = a.offer_id
      where p.start_date between ${params.from}::date and ${params.to}::date
        and o.company_id in ${employerCompanies(params.scope.viewerId)}
      group by a.student_id
    ),
    by_priority as (
      select sc.priority::text as priority, count(distinct sc.id)::int as schools,
        count(*)::int as pupils, (count(*) filter (where c.hosted))::int as placed
      from candidates c
      join students s on s.user_id = c.student_id
      join schools sc on sc.id = s.school_id
      group by sc.priority
    )
    select json_build_object('priorities', (
      select json_agg(json_build_object(
        'priority', p.priority, 'schools', coalesce(x.schools, 0),
        'pupils', coalesce(x.pupils, 0), 'placed', coalesce(x.placed, 0),
        'rate', case when x.pupils > 0 then round(x.placed::numeric / x.pupils, 4) end
      ) order by p.rank)
      from (values ('rep_plus', 1), ('rep', 2), ('none', 3)) as p(priority, rank)
      left join by_priority x on x.priority = p.priority)) as figures`,
  );
  const figures = parsed<{ priorities: PriorityPlacementRow[] }>(row!.figures);
  return {
    schools: null,
    priorities: figures.priorities.map(rateAsNumber),
    communes: null,
    unplaced: null,
  };
}

// --- mentors' and ambassadors' coverage ----------------------------------------------------------

export interface CoverageFigures {
  domains: CoverageDomainRow[];
  communes: { code: string; mentors: number; ambassadors: number }[];
}

export async function coverage(
  db: Executor,
  params: { scope: Scope; year: number },
): Promise<CoverageFigures> {
  const { from, to } = bounds(params.year);
  const { scope } = params;
  const company = (column: SQL) => companyFilter(scope, column);
  const [row] = await queryRows<{ figures: unknown }>(
    db,
    sql`
    with mentors as (
      select mp.user_id, mp.trade_codes, mp.communes from mentor_profiles mp
      join users u on u.id = mp.user_id and u.status = 'active'
      where not mp.paused and ${company(sql`mp.company_id`)}
    ),
    ambassadors as (
      select ap.user_id, ap.trade_codes, ap.communes from ambassador_profiles ap
      join users u on u.id = ap.user_id and u.status = 'active'
      where ap.verified_at is not null and ${company(sql`ap.company_id`)}
    ),
    mentor_domains as (
      select distinct m.user_id, t.domain_code as code
      from mentors m cross join lateral unnest(m.trade_codes) as c(code)
      join trades t on t.code = c.code
    ),
    ambassador_domains as (
      select distinct a.user_id, t.domain_code as code
      from ambassadors a cross join lateral unnest(a.trade_codes) as c(code)
      join trades t on t.code = c.code
    ),
    year_mentorships as (
      select ms.id, ms.mentor_id from mentorships ms
      where ms.started_at >= ${from}::date and ms.started_at < ${to}::date + 1
        and ${pupilFilter(scope, sql`ms.mentee_id`)}
        ${
          scope.kind === 'company'
            ? sql`and ms.mentor_id in (select mp.user_id from mentor_profiles mp
                  where mp.company_id in ${employerCompanies(scope.viewerId)})`
            : sql``
        }
    ),
    mentorship_domains as (
      select t.domain_code as code, count(distinct ym.id)::int as n
      from year_mentorships ym
      join mentor_profiles mp on mp.user_id = ym.mentor_id
      cross join lateral unnest(mp.trade_codes) as c(code)
      join trades t on t.code = c.code
      group by t.domain_code
    ),
    visit_domains as (
      select t.domain_code as code, count(distinct v.id)::int as n
      from visit_requests v
      cross join lateral unnest(v.trade_codes) as c(code)
      join trades t on t.code = c.code
      where v.status = 'done' and v.visit_date between ${from}::date and ${to}::date
        ${scope.kind === 'school' ? sql`and v.school_id in ${headSchools(scope.viewerId)}` : sql``}
        ${
          scope.kind === 'company'
            ? sql`and v.ambassador_id in (select ap.user_id from ambassador_profiles ap
                  where ap.company_id in ${employerCompanies(scope.viewerId)})`
            : sql``
        }
      group by t.domain_code
    ),
    interest_domains as (
      select i.domain_code as code, sum(i.pupils)::int as n
      from observatory_interests i
      where ${scope.kind === 'school' ? sql`i.school_id in ${headSchools(scope.viewerId)}` : TRUE}
      group by i.domain_code
    ),
    mentor_count as (select code, count(*)::int as n from mentor_domains group by code),
    ambassador_count as (select code, count(*)::int as n from ambassador_domains group by code),
    mentor_communes as (
      select c.code, count(distinct m.user_id)::int as n
      from mentors m cross join lateral unnest(m.communes) as c(code) group by c.code
    ),
    ambassador_communes as (
      select c.code, count(distinct a.user_id)::int as n
      from ambassadors a cross join lateral unnest(a.communes) as c(code) group by c.code
    )
    select json_build_object(
      'domains', (
        select json_agg(json_build_object(
          'code', d.code, 'label', d.label,
          'mentors', coalesce(mc.n, 0),
          'ambassadors', coalesce(ac.n, 0),
          'mentorships', coalesce(ms.n, 0),
          'visits', coalesce(v.n, 0),
          'interestedPupils', ${scope.kind === 'company' ? sql`null` : sql`coalesce(i.n, 0)`}
        ) order by d.code)
        from trade_domains d
        left join mentor_count mc on mc.code = d.code
        left join ambassador_count ac on ac.code = d.code
        left join mentorship_domains ms on ms.code = d.code
        left join visit_domains v on v.code = d.code
        left join interest_domains i on i.code = d.code),
      'communes', (
        select coalesce(json_agg(json_build_object(
          'code', c.code, 'mentors', coalesce(mc.n, 0), 'ambassadors', coalesce(ac.n, 0)
        )), '[]'::json)
        from communes c
        left join mentor_communes mc on mc.code = c.code
        left join ambassador_communes ac on ac.code = c.code)
    ) as figures`,
  );
  return parsed<CoverageFigures>(row!.figures);
}

// --- the headline figures of a year, for the totals and the year-on-year comparison ---------------

export interface Headline {
  offers: number;
  seats: number;
  applications: number;
  applicants: number;
  wishes: number;
  searchesWithoutResult: number;
  pupils: number | null;
  placed: number;
  agreementsSigned: number;
  mentorshipsStarted: number;
  visitsDone: number;
}

export async function headline(
  db: Executor,
  params: { scope: Scope; year: number },
): Promise<Headline> {
  const { from, to } = bounds(params.year);
  const { scope } = params;
  const year = params.year;
  const schoolOnly = (column: SQL) =>
    scope.kind === 'school' ? sql`${column} in ${headSchools(scope.viewerId)}` : TRUE;
  // Offers, seats and (for a company) their demand come from the offers' facts; a pupil's side
  // (applications, wishes, placement, agreements) from the pupils' facts; a company's applicants
  // and hosted pupils are read live through its own offers.
  const pupilSide =
    scope.kind === 'company'
      ? sql`
      (select coalesce(sum(m.applications), 0)::int as applications,
         coalesce(sum(m.wishes), 0)::int as wishes
       from observatory_offer_years m
       where m.school_year = ${year} and m.company_id in ${employerCompanies(scope.viewerId)}) d,
      (select count(distinct a.student_id)::int as applicants,
         count(distinct a.student_id) filter (
           where a.status = 'confirmed' and not exists (
             select 1 from agreements g where g.application_id = a.id and g.status = 'cancelled')
         )::int as placed,
         null::int as pupils
       from offers o
       join applications a on a.offer_id = o.id
       join offer_periods p on p.id = a.period_id
       where o.company_id in ${employerCompanies(scope.viewerId)}
         and p.start_date between ${from}::date and ${to}::date) pp,
      (select count(*)::int as signed
       from agreements g
       join applications a on a.id = g.application_id
       join offer_periods p on p.id = a.period_id
       where g.company_id in ${employerCompanies(scope.viewerId)}
         and g.status in ('signed', 'completed')
         and p.start_date between ${from}::date and ${to}::date) g`
      : sql`
      (select coalesce(sum(v.applications), 0)::int as applications,
         coalesce(sum(v.wishes), 0)::int as wishes,
         (count(*) filter (where v.applications > 0))::int as applicants,
         (count(*) filter (where v.in_cohort))::int as pupils,
         (count(*) filter (where v.in_cohort and v.placed))::int as placed,
         coalesce(sum(v.agreements_signed), 0)::int as signed
       from observatory_pupil_years v
       where v.school_year = ${year} and ${schoolOnly(sql`v.school_id`)}) pp`;
  const [row] = await queryRows<Headline>(
    db,
    sql`
    select s.offers, s.seats,
      ${scope.kind === 'company' ? sql`d.applications, pp.applicants, d.wishes` : sql`pp.applications, pp.applicants, pp.wishes`},
      q.searches as "searchesWithoutResult", pp.pupils, pp.placed,
      ${scope.kind === 'company' ? sql`g.signed` : sql`pp.signed`} as "agreementsSigned",
      ms.started as "mentorshipsStarted", vr.done as "visitsDone"
    from
      (select (count(*) filter (where m.in_supply))::int as offers,
         coalesce(sum(m.seats) filter (where m.in_supply), 0)::int as seats
       from observatory_offer_years m
       where m.school_year = ${year} and ${companyFilter(scope, sql`m.company_id`)}) s,
      ${pupilSide},
      (select count(*)::int as searches from offer_searches q
       where q.results = 0 and q.at >= ${from}::date and q.at < ${to}::date + 1) q,
      (select count(*)::int as started from mentorships m
       where m.started_at >= ${from}::date and m.started_at < ${to}::date + 1
         and ${pupilFilter(scope, sql`m.mentee_id`)}
         ${
           scope.kind === 'company'
             ? sql`and m.mentor_id in (select mp.user_id from mentor_profiles mp
                   where mp.company_id in ${employerCompanies(scope.viewerId)})`
             : sql``
         }) ms,
      (select count(*)::int as done from visit_requests v
       where v.status = 'done' and v.visit_date between ${from}::date and ${to}::date
         and ${schoolOnly(sql`v.school_id`)}
         ${
           scope.kind === 'company'
             ? sql`and v.ambassador_id in (select ap.user_id from ambassador_profiles ap
                   where ap.company_id in ${employerCompanies(scope.viewerId)})`
             : sql``
         }) vr`,
  );
  return row!;
}

// --- the facts' refresh ------------------------------------------------------------------------

/** Recomputes the observatory's facts (concurrently: pages keep reading the previous ones). */
export async function refreshObservatory(db: Executor): Promise<void> {
  await db.execute(sql`refresh materialized view concurrently observatory_offer_years`);
  // Built from the offers' facts just refreshed.
  await db.execute(sql`refresh materialized view concurrently observatory_supply_years`);
  await db.execute(sql`refresh materialized view concurrently observatory_pupil_years`);
  await db.execute(sql`refresh materialized view concurrently observatory_interests`);
  await db.execute(sql`refresh materialized view observatory_refreshed`);
}

/** When the facts were last computed. */
export async function refreshedAt(db: Executor): Promise<Date | null> {
  const [row] = await queryRows<{ at: Date | string | null }>(
    db,
    sql`select refreshed_at as at from observatory_refreshed`,
  );
  return row?.at ? new Date(row.at) : null;
}

export function totalsOf(h: Headline): ObservatoryTotals {
  return {
    offers: h.offers,
    seats: h.seats,
    applications: h.applications,
    applicants: h.applicants,
    wishes: h.wishes,
    searchesWithoutResult: h.searchesWithoutResult,
    pupils: h.pupils,
    placed: h.placed,
    placementRate: h.pupils ? round4(h.placed / h.pupils) : null,
  };
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

export function yearOnYear(current: Headline, previous: Headline): YearOnYearRow[] {
  const rate = (h: Headline) => (h.pupils ? round4(h.placed / h.pupils) : null);
  return (
    [
      'offers',
      'seats',
      'applications',
      'applicants',
      'wishes',
      'searchesWithoutResult',
      'placed',
      'placementRate',
      'agreementsSigned',
      'mentorshipsStarted',
      'visitsDone',
    ] as const
  ).map((metric) =>
    metric === 'placementRate'
      ? { metric, current: rate(current), previous: rate(previous) }
      : { metric, current: current[metric], previous: previous[metric] },
  );
}

/** The communes' rows: supply, pupils and coverage side by side. */
export function communeRows(
  supply: SupplyFigures['communes'],
  pupils: PupilFigures['communes'],
  cover: CoverageFigures['communes'],
): CommuneRow[] {
  const byPupils = new Map((pupils ?? []).map((p) => [p.code, p]));
  const byCover = new Map(cover.map((c) => [c.code, c]));
  return supply.map((s) => {
    const p = pupils ? (byPupils.get(s.code) ?? { pupils: 0, placed: 0 }) : null;
    const c = byCover.get(s.code);
    return {
      ...s,
      pupils: p ? p.pupils : null,
      placed: p ? p.placed : null,
      placementRate: p && p.pupils > 0 ? round4(p.placed / p.pupils) : null,
      seatsPer100Pupils: p && p.pupils > 0 ? Math.round((s.seats / p.pupils) * 1000) / 10 : null,
      mentors: c?.mentors ?? 0,
      ambassadors: c?.ambassadors ?? 0,
    };
  });
}

export type { SchoolLevel };
