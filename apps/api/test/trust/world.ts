// The seeded world the trust tests call every route against: the demo data (the same a newcomer's
// first start shows), a teacher of another school and an employer of another company, and the few
// things the demo lacks so that every route has something real to act on (a mentorship with a
// session, a message and its report, an allocation run, a guardian's signing link, a file, join
// requests, an offer report). Everyone signs in through the API; each role has its token.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { queryRows } from '@tremplin/db';
import { DEMO_PASSWORD, seedDemo } from '@tremplin/db/seed/demo';
import { hashPassword } from '../../src/lib/password.js';
import { hashToken, versionOf } from '../../src/modules/agreements/repository.js';
import type { TestContext } from '../helper.js';

/** Who calls: signed out, or signed in as one of the seeded people. */
export const ROLES = [
  'anonymous',
  'student',
  'guardian',
  'teacher',
  'teacherOtherSchool',
  'schoolAdmin',
  'employer',
  'employerOtherCompany',
  'mentor',
  'ambassador',
  'operator',
] as const;
export type RoleName = (typeof ROLES)[number];

export const ROLE_ACCOUNTS: Record<Exclude<RoleName, 'anonymous'>, string> = {
  student: 'eleve@demo.tremplin.fr',
  guardian: 'parent@demo.tremplin.fr',
  teacher: 'prof@demo.tremplin.fr',
  teacherOtherSchool: 'prof.rive-gauche@trust.test',
  schoolAdmin: 'direction@demo.tremplin.fr',
  employer: 'entreprise@demo.tremplin.fr',
  employerOtherCompany: 'garage@trust.test',
  mentor: 'mentor@demo.tremplin.fr',
  ambassador: 'ambassadeur@demo.tremplin.fr',
  operator: 'operateur@demo.tremplin.fr',
};

export interface World {
  tokens: Record<RoleName, string | null>;
  userIds: Record<Exclude<RoleName, 'anonymous'>, string>;
  /** The guardian's signing link for the demo pupil's convention (known only to the guardian). */
  guardianToken: string;
  /** Identifiers of seeded things, by name (see `ids` below). */
  ids: Record<string, string>;
}

async function one<T = Record<string, string>>(ctx: TestContext, query: ReturnType<typeof sql>) {
  const rows = await queryRows<T>(ctx.handle.db, query);
  if (rows.length === 0) throw new Error(`world: nothing found for ${JSON.stringify(query)}`);
  return rows[0]!;
}

async function id(ctx: TestContext, query: ReturnType<typeof sql>): Promise<string> {
  return (await one<{ id: string }>(ctx, query)).id;
}

export async function buildWorld(ctx: TestContext): Promise<World> {
  let passwordHash = '';
  await seedDemo(ctx.handle.db, {
    hashPassword: async (password) => (passwordHash = await hashPassword(password)),
  });
  const db = ctx.handle.db;
  const ids: Record<string, string> = {};
  ids.school = await id(
    ctx,
    sql`select id from schools where name = 'Collège des Tilleuls (démo)'`,
  );
  ids.otherSchool = await id(
    ctx,
    sql`select id from schools where name = 'Collège Rive-Gauche (démo)'`,
  );
  ids.company = await id(
    ctx,
    sql`select id from companies where name = 'Boulangerie du Marché (démo)'`,
  );
  ids.otherCompany = await id(
    ctx,
    sql`select id from companies where name = 'Garage des Deux Rives (démo)'`,
  );

  // A teacher of another school, an employer of another company, two people asking to join.
  const extra = async (email: string, name: string, role: string) => {
    const [row] = await queryRows<{ id: string }>(
      db,
      sql`insert into users (email, display_name, password_hash)
          values (${email}, ${name}, ${passwordHash}) returning id`,
    );
    await db.execute(
      sql`insert into user_roles (user_id, role) values (${row!.id}, ${role}::role)`,
    );
    return row!.id;
  };
  const otherTeacher = await extra('prof.rive-gauche@trust.test', 'Rémi Rive (test)', 'teacher');
  await db.execute(
    sql`insert into school_memberships (user_id, school_id, role, status, decided_at)
        values (${otherTeacher}, ${ids.otherSchool}, 'teacher', 'active', now())`,
  );
  const otherEmployer = await extra('garage@trust.test', 'Gaëlle Garage (test)', 'employer');
  await db.execute(
    sql`insert into company_memberships (user_id, company_id, role, status)
        values (${otherEmployer}, ${ids.otherCompany}, 'employer', 'active')`,
  );
  const newcomer = await extra('nouvelle@trust.test', 'Nina Nouvelle (test)', 'teacher');
  ids.schoolJoinRequest = await id(
    ctx,
    sql`insert into school_memberships (user_id, school_id, role, status)
        values (${newcomer}, ${ids.school}, 'teacher', 'pending') returning id`,
  );
  const apprentice = await extra('mitron@trust.test', 'Marc Mitron (test)', 'employer');
  ids.companyJoinRequest = await id(
    ctx,
    sql`insert into company_memberships (user_id, company_id, role, status)
        values (${apprentice}, ${ids.company}, 'employer', 'pending') returning id`,
  );

  const userIds = {} as World['userIds'];
  for (const [role, email] of Object.entries(ROLE_ACCOUNTS)) {
    userIds[role as keyof typeof userIds] = await id(
      ctx,
      sql`select id from users where email = ${email}`,
    );
  }
  const pupil = userIds.student;
  ids.pupil = pupil;
  ids.classmate = await id(
    ctx,
    sql`select user_id as id from students where first_name = 'Lina' limit 1`,
  );
  ids.class = await id(ctx, sql`select class_id as id from students where user_id = ${pupil}`);
  ids.stageWeek = await id(
    ctx,
    sql`select id from stage_weeks where school_id = ${ids.school} order by start_date limit 1`,
  );
  ids.offer = await id(
    ctx,
    sql`select o.id from offers o where o.company_id = ${ids.company}
          and not exists (select 1 from applications a where a.offer_id = o.id)
          and not exists (select 1 from offer_periods p where p.offer_id = o.id
                          and p.campaign_id is not null)
        order by o.title limit 1`,
  );
  ids.period = await id(
    ctx,
    sql`select id from offer_periods where offer_id = ${ids.offer} order by start_date limit 1`,
  );
  ids.otherOffer = await id(
    ctx,
    sql`select id from offers where company_id = ${ids.otherCompany} order by title limit 1`,
  );
  ids.application = await id(
    ctx,
    sql`select a.id from applications a join offers o on o.id = a.offer_id
        where o.company_id = ${ids.company} and a.status = 'submitted' limit 1`,
  );
  ids.acceptedApplication = await id(
    ctx,
    sql`select id from applications where status = 'accepted' limit 1`,
  );
  ids.agreement = await id(
    ctx,
    sql`select id from agreements where student_id = ${pupil} and status = 'signing'`,
  );
  ids.signedAgreement = await id(ctx, sql`select id from agreements where status = 'signed'`);
  ids.campaign = await id(ctx, sql`select id from campaigns limit 1`);
  ids.challenge = await id(ctx, sql`select id from challenges limit 1`);
  ids.team = await id(
    ctx,
    sql`select t.team_id as id from challenge_team_members t where t.student_id = ${pupil}`,
  );
  ids.enrolment = await id(ctx, sql`select id from challenge_enrolments limit 1`);
  ids.module = await id(ctx, sql`select id from discovery_modules limit 1`);
  ids.activity = await id(
    ctx,
    sql`select id from module_activities where module_id = ${ids.module}
        and kind = 'workshop' limit 1`,
  );
  ids.visitRequest = await id(ctx, sql`select id from visit_requests limit 1`);
  ids.menteeRequest = await id(ctx, sql`select id from mentee_requests where mentee_id = ${pupil}`);
  ids.reflection = await id(
    ctx,
    sql`select id from passport_entries where student_id = ${pupil} and kind = 'reflection'
        limit 1`,
  );
  ids.notification = await id(
    ctx,
    sql`select id from notifications where user_id = ${pupil} limit 1`,
  );

  // What the demo lacks: a mentorship of the demo mentor and pupil with a session and a message
  // reported by the pupil; a proposal for the mentor; a finished allocation run (and a second to
  // compare); an offer report; a file handed in by the pupil's team; the guardian's link.
  ids.mentorship = await id(
    ctx,
    sql`insert into mentorships (request_id, mentor_id, mentee_id)
        values (${ids.menteeRequest}, ${userIds.mentor}, ${pupil}) returning id`,
  );
  ids.mentoringSession = await id(
    ctx,
    sql`insert into mentoring_sessions (mentorship_id, starts_at, ends_at, mode, proposed_by)
        values (${ids.mentorship}, '2027-01-12T16:00:00Z', '2027-01-12T17:00:00Z', 'video',
                ${userIds.mentor}) returning id`,
  );
  ids.message = await id(
    ctx,
    sql`insert into mentoring_messages (mentorship_id, sender_id, body)
        values (${ids.mentorship}, ${userIds.mentor}, 'Bonjour, à mardi pour notre séance.')
        returning id`,
  );
  ids.messageReport = await id(
    ctx,
    sql`insert into message_reports (message_id, reporter_id, reason)
        values (${ids.message}, ${pupil}, 'Pour vérifier la modération.') returning id`,
  );
  const otherMentee = await id(
    ctx,
    sql`select user_id as id from students where first_name = 'Yanis' limit 1`,
  );
  const otherRequest = await id(
    ctx,
    sql`insert into mentee_requests (mentee_id, goals, modes, guardian_consent_at, guardian_consent_by)
        values (${otherMentee}, '{discover}', '{video}', now(), 'Le responsable légal')
        returning id`,
  );
  ids.proposal = await id(
    ctx,
    sql`insert into mentoring_proposals (request_id, mentor_id, score, respond_by)
        values (${otherRequest}, ${userIds.mentor}, 0.8, now() + interval '5 days') returning id`,
  );
  // A second campaign, closed, with its allocation run and a preview to compare (made through
  // the API, so the runs carry real reports).
  const operatorLogin = await ctx.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { login: ROLE_ACCOUNTS.operator, password: DEMO_PASSWORD },
  });
  const operatorHeaders = { authorization: `Bearer ${operatorLogin.json().token}` };
  const garagePeriod = await id(
    ctx,
    sql`select p.id from offer_periods p join offers o on o.id = p.offer_id
        where o.company_id = ${ids.otherCompany} and p.campaign_id is null
          and '3e' = any (o.levels)
          and not exists (select 1 from applications a where a.period_id = p.id)
        order by p.start_date limit 1`,
  );
  const created = await ctx.app.inject({
    method: 'POST',
    url: '/api/campaigns',
    headers: operatorHeaders,
    payload: {
      name: 'Campagne close (test)',
      levels: ['3e'],
      opensAt: new Date(Date.now() - 2 * 3600_000).toISOString(),
      closesAt: new Date(Date.now() + 24 * 3600_000).toISOString(),
      maxWishes: 3,
      policy: { priorityClasses: true, reservedShare: 0.5, reservePrecedence: 'reserved-first' },
      periodIds: [garagePeriod],
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  ids.closedCampaign = created.json().id;
  const closed = await ctx.app.inject({
    method: 'POST',
    url: `/api/campaigns/${ids.closedCampaign}/close`,
    headers: operatorHeaders,
  });
  expect(closed.statusCode, closed.body).toBe(202);
  ids.run = closed.json().run.id;
  const preview = await ctx.app.inject({
    method: 'POST',
    url: `/api/campaigns/${ids.closedCampaign}/runs`,
    headers: operatorHeaders,
    payload: {
      policy: { priorityClasses: false, reservedShare: 0, reservePrecedence: 'open-first' },
    },
  });
  expect(preview.statusCode, preview.body).toBe(202);
  ids.otherRun = preview.json().id;
  ids.offerReport = await id(
    ctx,
    sql`insert into offer_reports (offer_id, reporter_id, reason)
        values (${ids.offer}, ${pupil}, 'Pour vérifier la modération.') returning id`,
  );
  const submission = await id(
    ctx,
    sql`select id from challenge_submissions where team_id = ${ids.team} limit 1`,
  ).catch(async () =>
    id(
      ctx,
      sql`insert into challenge_submissions (team_id, text, submitted_by)
          values (${ids.team}, 'Notre idée.', ${pupil}) returning id`,
    ),
  );
  ids.file = await id(
    ctx,
    sql`insert into challenge_files (submission_id, filename, content_type, size, content)
        values (${submission}, 'affiche.pdf', 'application/pdf', 9,
                ${Buffer.from('%PDF-1.4\n')}) returning id`,
  );
  const annexes = await one<{ teachingAnnex: unknown; practicalAnnex: unknown }>(
    ctx,
    sql`select teaching_annex as "teachingAnnex", practical_annex as "practicalAnnex"
        from agreements where id = ${ids.agreement}`,
  );
  ids.agreementVersion = versionOf(annexes);
  // A paper copy of the signed convention, so the copy's reader has something to read.
  await db.execute(
    sql`update agreements set scanned_copy = ${Buffer.from('%PDF-1.4\n%%EOF\n')},
          scanned_copy_type = 'application/pdf', scanned_copy_uploaded_at = now()
        where id = ${ids.signedAgreement}`,
  );
  const guardianToken = randomBytes(32).toString('base64url');
  await db.execute(
    sql`insert into guardian_links (agreement_id, token_hash, email, expires_at)
        values (${ids.agreement}, ${hashToken(guardianToken)}, 'parent@demo.tremplin.fr',
                now() + interval '7 days')`,
  );

  const tokens = { anonymous: null } as World['tokens'];
  for (const [role, email] of Object.entries(ROLE_ACCOUNTS)) {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { login: email, password: DEMO_PASSWORD },
    });
    expect(response.statusCode, `sign-in of ${email}`).toBe(200);
    tokens[role as RoleName] = response.json().token;
  }
  return { tokens, userIds, guardianToken, ids };
}
