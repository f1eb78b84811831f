// The employer's yearly impact report: pupils hosted (agreements signed or completed, for stages
// starting in the school year), how many came from REP/REP+ schools, by trade and level; offers
// and applications; what the company's mentors and ambassadors did; challenges it set. One SQL
// statement per report, for a company the viewer acts for (any company for an operator).
import { sql } from 'drizzle-orm';
import { type Executor, queryRows } from '@tremplin/db';
import type { ImpactReport, SchoolLevel } from '@tremplin/contracts';
import { invalidField, notFound } from '../../lib/problem.js';
import { frDate, frDateTime } from '../agreements/dates.js';
import { schoolYearBounds } from '../classes/calendar.js';
import { BLUE, PageWriter } from '../passport/pdf.js';
import { employerCompanies } from './repository.js';

const NOT_FOUND = "Cette entreprise n'existe pas ou vous n'agissez pas pour elle.";

/** The company of the report: one the employer acts for, or any for an operator. */
export async function companyOfReport(
  db: Executor,
  params: { viewerId: string; operator: boolean; companyId?: string },
): Promise<{ id: string; name: string; communeName: string; sizeBand: string }> {
  const reach = params.operator ? sql`true` : sql`c.id in ${employerCompanies(params.viewerId)}`;
  const rows = await queryRows<{ id: string; name: string; communeName: string; sizeBand: string }>(
    db,
    sql`select c.id, c.name, cm.name as "communeName", c.size_band as "sizeBand"
        from companies c join communes cm on cm.code = c.commune_code
        where ${reach} ${params.companyId ? sql`and c.id = ${params.companyId}` : sql``}
        order by c.name limit 2`,
  );
  if (params.companyId) {
    if (!rows[0]) throw notFound(NOT_FOUND);
    return rows[0];
  }
  if (rows.length === 1) return rows[0]!;
  if (rows.length === 0 && !params.operator) {
    throw notFound(
      "Vous n'agissez encore pour aucune entreprise : rejoignez la vôtre depuis « Mon organisation ».",
    );
  }
  throw invalidField('query.companyId', 'required', 'Choisissez l’entreprise du bilan.');
}

/** Companies the employer acts for, for the report's company picker. */
export function reportCompanies(db: Executor, params: { viewerId: string }) {
  return queryRows<{ id: string; name: string }>(
    db,
    sql`select c.id, c.name from companies c
        where c.id in ${employerCompanies(params.viewerId)} order by c.name`,
  );
}

interface ReportRow {
  hosted: ImpactReport['hosted'];
  byTrade: ImpactReport['byTrade'];
  byLevel: ImpactReport['byLevel'];
  offers: ImpactReport['offers'];
  mentoring: ImpactReport['mentoring'];
  ambassadors: ImpactReport['ambassadors'];
  challenges: ImpactReport['challenges'];
}

export async function impactReport(
  db: Executor,
  params: {
    company: { id: string; name: string; communeName: string; sizeBand: string };
    year: number;
    now: Date;
  },
): Promise<ImpactReport> {
  const { start: from, end: to } = schoolYearBounds(params.year);
  const previous = schoolYearBounds(params.year - 1);
  const companyId = params.company.id;
  const [row] = await queryRows<{ report: unknown }>(
    db,
    sql`
    with hosted as (
      select g.student_id, g.school_id, g.status, sc.priority, s.level, o.trade_codes
      from agreements g
      join applications a on a.id = g.application_id
      join offer_periods p on p.id = a.period_id
      join offers o on o.id = a.offer_id
      join schools sc on sc.id = g.school_id
      left join students s on s.user_id = g.student_id
      where g.company_id = ${companyId} and g.status in ('signed', 'completed')
        and p.start_date between ${from}::date and ${to}::date
    ),
    people as (
      select user_id, 'mentor' as role from mentor_profiles where company_id = ${companyId}
      union
      select user_id, 'ambassador' from ambassador_profiles where company_id = ${companyId}
      union
      select user_id, role::text from company_memberships
      where company_id = ${companyId} and status = 'active' and role in ('mentor', 'ambassador')
    ),
    year_mentorships as (
      select ms.id from mentorships ms
      where ms.mentor_id in (select user_id from people where role = 'mentor')
        and ms.started_at < ${to}::date + 1
        and (ms.closed_at is null or ms.closed_at >= ${from}::date)
    ),
    visits as (
      select v.school_id, coalesce(v.attendance, v.class_size) as pupils from visit_requests v
      where v.status = 'done' and v.visit_date between ${from}::date and ${to}::date
        and v.ambassador_id in (select user_id from people where role = 'ambassador')
    ),
    year_challenges as (
      select ch.id from challenges ch
      join challenge_organisers co on co.challenge_id = ch.id and co.company_id = ${companyId}
      where ch.status <> 'draft' and ch.launch_on between ${from}::date and ${to}::date
    )
    select json_build_object(
      'hosted', json_build_object(
        'pupils', (select count(distinct student_id) from hosted),
        'repPlus', (select count(distinct student_id) from hosted where priority = 'rep_plus'),
        'rep', (select count(distinct student_id) from hosted where priority = 'rep'),
        'other', (select count(distinct student_id) from hosted where priority = 'none'),
        'completed', (select count(distinct student_id) from hosted where status = 'completed'),
        'schools', (select count(distinct school_id) from hosted),
        'previousYear', (
          select count(distinct g.student_id) from agreements g
          join applications a on a.id = g.application_id
          join offer_periods p on p.id = a.period_id
          where g.company_id = ${companyId} and g.status in ('signed', 'completed')
            and p.start_date between ${previous.start}::date and ${previous.end}::date)),
      'byTrade', (
        select coalesce(json_agg(json_build_object('code', x.code, 'label', x.label, 'pupils', x.n)
          order by x.n desc, x.code), '[]'::json)
        from (
          select t.code, t.label, count(distinct h.student_id) as n
          from hosted h cross join lateral unnest(h.trade_codes) as c(code)
          join trades t on t.code = c.code group by t.code, t.label
        ) x),
      'byLevel', (
        select coalesce(json_agg(json_build_object('level', x.level, 'pupils', x.n)
          order by x.level), '[]'::json)
        from (select level, count(distinct student_id) as n from hosted
              where level is not null group by level) x),
      'offers', (
        select json_build_object(
          'offers', count(distinct o.id), 'seats', coalesce(sum(p.seats), 0),
          'applications', coalesce(sum((select count(*) from applications a where a.period_id = p.id)), 0))
        from offers o join offer_periods p on p.offer_id = o.id
        where o.company_id = ${companyId} and o.status <> 'draft' and o.suspended_at is null
          and p.start_date between ${from}::date and ${to}::date),
      'mentoring', json_build_object(
        'mentors', (select count(distinct user_id) from people where role = 'mentor'),
        'mentorships', (select count(*) from year_mentorships),
        'sessionsDone', (
          select count(*) from mentoring_sessions se
          where se.mentorship_id in (select id from year_mentorships) and se.status = 'done'
            and se.starts_at >= ${from}::date and se.starts_at < ${to}::date + 1)),
      'ambassadors', json_build_object(
        'ambassadors', (select count(distinct user_id) from people where role = 'ambassador'),
        'visits', (select count(*) from visits),
        'pupilsReached', (select coalesce(sum(pupils), 0) from visits),
        'schools', (select count(distinct school_id) from visits)),
      'challenges', json_build_object(
        'challenges', (select count(*) from year_challenges),
        'teams', (select count(*) from challenge_teams t where t.challenge_id in (select id from year_challenges)),
        'schools', (select count(distinct e.school_id) from challenge_enrolments e
                    where e.challenge_id in (select id from year_challenges)))
    ) as report`,
  );
  const value = row!.report;
  const report = (typeof value === 'string' ? JSON.parse(value) : value) as ReportRow;
  return {
    schoolYear: params.year,
    from,
    to,
    generatedAt: params.now.toISOString(),
    company: params.company,
    ...report,
    offers: {
      offers: Number(report.offers.offers),
      seats: Number(report.offers.seats),
      applications: Number(report.offers.applications),
    },
  };
}

const SIZE_WORDS: Record<string, string> = {
  tpe: 'TPE (moins de 10 salariés)',
  pme: 'PME (moins de 250 salariés)',
  eti: 'ETI',
  ge: 'Grande entreprise',
};
const LEVEL_WORDS: Record<SchoolLevel, string> = {
  '4e': '4e',
  '3e': '3e',
  '2de': 'Seconde générale et technologique',
  pro: 'Lycée professionnel',
};

const n = (x: number) => x.toLocaleString('fr-FR');

export async function renderImpactPdf(report: ImpactReport): Promise<Uint8Array> {
  const year = `${report.schoolYear}–${report.schoolYear + 1}`;
  const w = await PageWriter.create({
    title: `Bilan ${year} de ${report.company.name} avec Tremplin`,
    subject: 'Élèves accueillis, mentorat et ambassadeurs des métiers',
    at: new Date(report.generatedAt),
  });
  w.text(`Bilan de l’année scolaire ${year}`, { size: 20, font: 'bold', color: BLUE, gap: 4 });
  w.text(report.company.name, { size: 15, font: 'bold', gap: 2 });
  w.text(
    `${report.company.communeName} · ${SIZE_WORDS[report.company.sizeBand] ?? report.company.sizeBand} · du ${frDate(report.from)} au ${frDate(report.to)}`,
    { size: 10, gap: 6 },
  );

  const h = report.hosted;
  w.heading('Élèves accueillis en stage');
  w.figure('Élèves accueillis (conventions signées)', n(h.pupils));
  w.figure('dont élèves de collèges et lycées REP+', n(h.repPlus), 12);
  w.figure('dont élèves de collèges et lycées REP', n(h.rep), 12);
  w.figure('dont autres établissements', n(h.other), 12);
  w.figure('Stages terminés et appréciés par le tuteur', n(h.completed));
  w.figure('Établissements d’origine', n(h.schools));
  w.figure(
    `Pour comparer : élèves accueillis en ${report.schoolYear - 1}–${report.schoolYear}`,
    n(h.previousYear),
  );
  if (report.byTrade.length > 0) {
    w.text('Par métier', { font: 'bold', gap: 2 });
    for (const t of report.byTrade) w.figure(`${t.label} (${t.code})`, n(t.pupils), 12);
  }
  if (report.byLevel.length > 0) {
    w.text('Par niveau', { font: 'bold', gap: 2 });
    for (const l of report.byLevel) w.figure(LEVEL_WORDS[l.level], n(l.pupils), 12);
  }

  w.heading('Offres de stage');
  w.figure('Offres publiées pour l’année', n(report.offers.offers));
  w.figure('Places proposées', n(report.offers.seats));
  w.figure('Candidatures reçues', n(report.offers.applications));

  w.heading('Mentorat');
  w.figure('Mentors de l’entreprise', n(report.mentoring.mentors));
  w.figure('Jeunes accompagnés pendant l’année', n(report.mentoring.mentorships));
  w.figure('Séances tenues', n(report.mentoring.sessionsDone));

  w.heading('Ambassadeurs des métiers');
  w.figure('Ambassadeurs de l’entreprise', n(report.ambassadors.ambassadors));
  w.figure('Interventions en classe', n(report.ambassadors.visits));
  w.figure('Élèves rencontrés', n(report.ambassadors.pupilsReached));
  w.figure('Établissements visités', n(report.ambassadors.schools));

  w.heading('Challenges école–entreprise');
  w.figure('Challenges proposés', n(report.challenges.challenges));
  w.figure('Équipes d’élèves', n(report.challenges.teams));
  w.figure('Établissements participants', n(report.challenges.schools));

  w.y -= 10;
  w.text(
    'Merci pour votre engagement auprès des jeunes du Val-de-Marne. Les élèves des établissements REP et REP+ sont prioritaires sur Tremplin.',
    { size: 10, font: 'italic' },
  );
  w.footer(
    `Bilan ${year} de ${report.company.name} · édité par Tremplin le ${frDateTime(new Date(report.generatedAt))}`,
  );
  return w.save();
}
