-- The observatory's facts, precomputed per school year (1 August – 31 July; a period belongs to
-- the year its start date falls in) and refreshed by the API's observatory.refresh job, so the
-- observatory's pages aggregate a few thousand rows instead of joining every application.
-- observatory_offer_years: one row per offer and school year with its seats and its demand.
create materialized view observatory_offer_years as
with offer_year as (
  select p.offer_id, date_part('year', p.start_date - interval '7 months')::int as school_year,
    sum(p.seats)::int as seats
  from offer_periods p
  group by 1, 2
),
applied as (
  select a.offer_id, date_part('year', p.start_date - interval '7 months')::int as school_year,
    count(*)::int as applications
  from applications a
  join offer_periods p on p.id = a.period_id
  group by 1, 2
),
wished as (
  select p.offer_id, date_part('year', p.start_date - interval '7 months')::int as school_year,
    count(*)::int as wishes
  from campaign_wishes w
  join offer_periods p on p.id = w.period_id
  group by 1, 2
)
select y.school_year, o.id as offer_id, o.company_id, o.commune_code, o.trade_codes,
  (o.status <> 'draft' and o.suspended_at is null) as in_supply,
  y.seats, coalesce(a.applications, 0) as applications, coalesce(w.wishes, 0) as wishes
from offer_year y
join offers o on o.id = y.offer_id
left join applied a on a.offer_id = y.offer_id and a.school_year = y.school_year
left join wished w on w.offer_id = y.offer_id and w.school_year = y.school_year;
--> statement-breakpoint
create unique index observatory_offer_years_key on observatory_offer_years (school_year, offer_id);
--> statement-breakpoint
create index observatory_offer_years_company on observatory_offer_years (company_id, school_year);
--> statement-breakpoint
-- observatory_pupil_years: one row per pupil and school year in which they belong to a class of
-- that year (in_cohort), applied or made campaign wishes. A pupil is placed when a confirmed
-- application of that year has no cancelled agreement.
create materialized view observatory_pupil_years as
with applied as (
  select a.student_id, date_part('year', p.start_date - interval '7 months')::int as school_year,
    count(*)::int as applications,
    coalesce(bool_or(a.status = 'confirmed' and coalesce(g.status::text, '') <> 'cancelled'), false)
      as placed,
    (count(*) filter (where g.status in ('signed', 'completed')))::int as agreements_signed
  from applications a
  join offer_periods p on p.id = a.period_id
  left join agreements g on g.application_id = a.id
  group by 1, 2
),
wished as (
  select w.student_id, date_part('year', p.start_date - interval '7 months')::int as school_year,
    count(*)::int as wishes
  from campaign_wishes w
  join offer_periods p on p.id = w.period_id
  group by 1, 2
),
cohort as (
  select s.user_id as student_id, c.school_year, c.level
  from students s
  join classes c on c.id = s.class_id
  where s.school_id is not null
),
keys as (
  select student_id, school_year from applied
  union
  select student_id, school_year from wished
  union
  select student_id, school_year from cohort
)
select k.school_year, k.student_id, s.school_id, coalesce(c.level, s.level) as level,
  s.home_commune_code, (c.student_id is not null) as in_cohort,
  coalesce(a.applications, 0) as applications, coalesce(w.wishes, 0) as wishes,
  coalesce(a.placed, false) as placed, coalesce(a.agreements_signed, 0) as agreements_signed
from keys k
left join students s on s.user_id = k.student_id
left join cohort c on c.student_id = k.student_id and c.school_year = k.school_year
left join applied a on a.student_id = k.student_id and a.school_year = k.school_year
left join wished w on w.student_id = k.student_id and w.school_year = k.school_year;
--> statement-breakpoint
create unique index observatory_pupil_years_key on observatory_pupil_years (school_year, student_id);
--> statement-breakpoint
create index observatory_pupil_years_school on observatory_pupil_years (school_id, school_year);
--> statement-breakpoint
-- When the facts above were last computed (refreshed right after them).
create materialized view observatory_refreshed as select now() as refreshed_at;
--> statement-breakpoint
-- observatory_interests: how many pupils of each school say a trade domain interests them (a pupil
-- counted once per domain); the school is null for young people followed without a school.
create materialized view observatory_interests as
select s.school_id, t.domain_code, count(distinct s.user_id)::int as pupils
from students s
cross join lateral unnest(s.interests) as u(code)
join trades t on t.code = u.code
group by s.school_id, t.domain_code;
--> statement-breakpoint
create unique index observatory_interests_key on observatory_interests (school_id, domain_code);
--> statement-breakpoint
-- observatory_supply_years: the département's offers, seats and demand per school year spread
-- over trades (fiches), grand domaines and communes; an offer counts once per domain even when
-- two of its trades share it. Built from observatory_offer_years (refreshed after it).
create materialized view observatory_supply_years as
with by_codes as (
  select school_year, trade_codes, (count(*) filter (where in_supply))::int as offers,
    sum(case when in_supply then seats else 0 end)::int as seats,
    sum(applications)::int as applications, sum(wishes)::int as wishes
  from observatory_offer_years
  group by school_year, trade_codes
)
select b.school_year, 'trade' as kind, c.code, sum(b.offers)::int as offers,
  sum(b.seats)::int as seats, sum(b.applications)::int as applications,
  sum(b.wishes)::int as wishes
from by_codes b
cross join lateral (select distinct u.code from unnest(b.trade_codes) as u(code)) c
group by b.school_year, c.code
union all
select b.school_year, 'domain', d.code, sum(b.offers)::int, sum(b.seats)::int,
  sum(b.applications)::int, sum(b.wishes)::int
from by_codes b
cross join lateral (
  select distinct t.domain_code as code
  from unnest(b.trade_codes) as u(code) join trades t on t.code = u.code) d
group by b.school_year, d.code
union all
select school_year, 'commune', commune_code, (count(*) filter (where in_supply))::int,
  sum(case when in_supply then seats else 0 end)::int, sum(applications)::int, sum(wishes)::int
from observatory_offer_years
group by school_year, commune_code;
--> statement-breakpoint
create unique index observatory_supply_years_key on observatory_supply_years (school_year, kind, code);
