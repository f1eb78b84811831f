// Personal data: the export holds everything about the person and nothing about others, deletion
// erases what names them and keeps what statistics count, and the retention job anonymises pupils
// after a year and professionals after two, never an operator.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '@tremplin/db';
import { agreements, applications, users } from '@tremplin/db/schema';
import { anonymiseInactive } from '../../src/modules/privacy/routes.js';
import { purgeEndedSessions, userReferences } from '../../src/modules/privacy/repository.js';
import { ACTOR_COLUMNS, SUBJECT_COLUMNS } from '../../src/modules/privacy/rules.js';
import {
  createClass,
  createCompany,
  createEmployer,
  createOffer,
  createSchool,
  createStudent,
  legalSchedule,
} from '../factories.js';
import {
  createOperator,
  type Person,
  problemOf,
  setupApp,
  TEST_PASSWORD,
  type TestContext,
} from '../helper.js';

const ctx = setupApp();
const DAY = 24 * 3600 * 1000;

function call(person: Person | null, method: 'GET' | 'POST', url: string, payload?: object) {
  return ctx.app.inject({ method, url, headers: person?.headers ?? {}, payload });
}

/** A pupil with a class, an application with a motivation, and a reflection in the passport. */
async function pupilWithHistory(context: TestContext, firstName = 'Yasmine') {
  const school = await createSchool(context);
  const klass = await createClass(context, { schoolId: school.id });
  const pupil = await createStudent(context, {
    schoolId: school.id,
    classId: klass.id,
    firstName,
    lastName: 'Confidentielle',
    guardianName: 'Nadia Confidentielle',
    guardianEmail: 'nadia.parent@example.test',
  });
  const company = await createCompany(context);
  const employer = await createEmployer(context, company.id);
  const { periods } = await createOffer(context, { companyId: company.id });
  const applied = await call(pupil, 'POST', '/api/applications', {
    periodId: periods[0]!.id,
    motivation: 'J’adore le pain depuis toute petite.',
  });
  expect(applied.statusCode).toBe(201);
  const reflection = await call(pupil, 'POST', '/api/passport/entries', {
    title: 'Ce que j’ai appris',
    description: 'Parler à des adultes sans stresser.',
  });
  expect(reflection.statusCode).toBe(201);
  return { school, klass, pupil, company, employer, periods };
}

async function userRow(id: string) {
  const [row] = await ctx.handle.db
    .select()
    .from(users)
    .where(sql`${users.id} = ${id}`);
  return row!;
}

describe('personal data rules', () => {
  it('classify every reference to a person in the database, once, so none is forgotten', async () => {
    const references = await userReferences(ctx.handle.db);
    const classified = [...SUBJECT_COLUMNS, ...ACTOR_COLUMNS].filter((c) => c !== 'users.id');
    expect(new Set(classified).size).toBe(classified.length);
    expect([...classified].sort()).toEqual([...references].sort());
  });
});

describe('GET /api/me/export', () => {
  it('gives a pupil every record about them as a JSON download, without secrets, and logs it', async () => {
    const { pupil, periods } = await pupilWithHistory(ctx);
    // Another pupil of another school applies to the same period: not in the first one's export.
    const other = await pupilWithHistory(ctx, 'Autre');
    await call(other.pupil, 'POST', '/api/applications', { periodId: periods[0]!.id });

    const response = await call(pupil, 'GET', '/api/me/export');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename=".+\.json"$/);
    expect(response.headers['cache-control']).toContain('no-store');
    const body = response.json();
    expect(body.format).toBe('tremplin.personal-data.v1');
    expect(body.person).toMatchObject({ id: pupil.id, email: pupil.email, roles: ['student'] });
    expect(body.records.students).toEqual([
      expect.objectContaining({
        firstName: 'Yasmine',
        guardianEmail: 'nadia.parent@example.test',
      }),
    ]);
    expect(body.records.applications).toHaveLength(1);
    expect(body.records.applications[0]).toMatchObject({
      studentId: pupil.id,
      motivation: 'J’adore le pain depuis toute petite.',
    });
    expect(body.records.applicationEvents.length).toBeGreaterThanOrEqual(1);
    expect(body.records.passportEntries).toEqual([
      expect.objectContaining({ title: 'Ce que j’ai appris' }),
    ]);
    const text = response.body;
    expect(text).not.toContain('passwordHash');
    expect(text).not.toContain('argon2');
    expect(text).not.toContain('loginCode');
    expect(text).not.toContain(other.pupil.id);
    expect(text).not.toContain('Autre');

    const [entry] = await queryRows<{ action: string; actor_id: string }>(
      ctx.handle.db,
      sql`select action, actor_id from audit_log where action = 'privacy.exported'`,
    );
    expect(entry).toEqual({ action: 'privacy.exported', actor_id: pupil.id });
  });

  it('refuses a signed-out caller with 401', async () => {
    const response = await call(null, 'GET', '/api/me/export');
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });
});

describe('POST /api/me/deletion', () => {
  it('refuses a wrong password with 400 on body.password and changes nothing', async () => {
    const { pupil } = await pupilWithHistory(ctx);
    const response = await call(pupil, 'POST', '/api/me/deletion', { password: 'not-mine-42' });
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).errors?.[0]?.field).toBe('body.password');
    expect((await userRow(pupil.id)).email).toBe(pupil.email);
    expect((await call(pupil, 'GET', '/api/me')).statusCode).toBe(200);
  });

  it('erases what names a pupil, ends their sessions and keeps their records for statistics', async () => {
    const { pupil, employer, school } = await pupilWithHistory(ctx);
    const before = await queryRows<{ count: number }>(
      ctx.handle.db,
      sql`select count(*)::int as count from applications a
          join students s on s.user_id = a.student_id where s.school_id = ${school.id}`,
    );
    const response = await call(pupil, 'POST', '/api/me/deletion', { password: TEST_PASSWORD });
    expect(response.statusCode).toBe(200);
    expect(String(response.headers['set-cookie'])).toMatch(/tremplin_session=;/);

    expect((await call(pupil, 'GET', '/api/me')).statusCode).toBe(401);
    const login = await call(null, 'POST', '/api/auth/login', {
      login: pupil.email,
      password: TEST_PASSWORD,
    });
    expect(login.statusCode).toBe(401);

    const user = await userRow(pupil.id);
    expect(user).toMatchObject({
      email: null,
      passwordHash: null,
      loginCode: null,
      status: 'anonymised',
      displayName: 'Compte anonymisé',
    });
    const [student] = await queryRows<Record<string, unknown>>(
      ctx.handle.db,
      sql`select first_name, last_name, birth_date, guardian_name, guardian_email, school_id, level
          from students where user_id = ${pupil.id}`,
    );
    expect(student).toEqual({
      first_name: 'Anonyme',
      last_name: '',
      birth_date: null,
      guardian_name: null,
      guardian_email: null,
      school_id: school.id,
      level: '3e',
    });
    // The application stays (counted), withdrawn and without its motivation.
    const after = await queryRows<{ count: number }>(
      ctx.handle.db,
      sql`select count(*)::int as count from applications a
          join students s on s.user_id = a.student_id where s.school_id = ${school.id}`,
    );
    expect(after).toEqual(before);
    const [application] = await ctx.handle.db
      .select()
      .from(applications)
      .where(sql`${applications.studentId} = ${pupil.id}`);
    expect(application).toMatchObject({ status: 'withdrawn', motivation: '' });
    const leftovers = await queryRows<{ count: number }>(
      ctx.handle.db,
      sql`select (select count(*) from passport_entries where student_id = ${pupil.id})
               + (select count(*) from sessions where user_id = ${pupil.id})
               + (select count(*) from notifications where user_id = ${pupil.id})
               + (select count(*) from email_outbox where to_email = ${pupil.email}) as count`,
    );
    expect(Number(leftovers[0]!.count)).toBe(0);
    // The employer no longer sees the name, in their inbox or in what they were told.
    const inbox = await call(employer, 'GET', '/api/applications');
    expect(inbox.statusCode).toBe(200);
    expect(inbox.body).not.toContain('Confidentielle');
    const told = await call(employer, 'GET', '/api/notifications');
    expect(told.statusCode).toBe(200);
    expect(told.body).toContain('Compte anonymisé');
    expect(told.body).not.toContain('Confidentielle');
    const mails = await queryRows<{ body_text: string }>(
      ctx.handle.db,
      sql`select body_text from email_outbox`,
    );
    expect(mails.length).toBeGreaterThan(0);
    expect(mails.filter((m) => m.body_text.includes('Confidentielle'))).toEqual([]);
    const [entry] = await queryRows<{ action: string; subject_id: string }>(
      ctx.handle.db,
      sql`select action, subject_id from audit_log where action = 'privacy.deleted'`,
    );
    expect(entry).toEqual({ action: 'privacy.deleted', subject_id: pupil.id });
  });

  it('refuses with 409 while the pupil’s internship agreement is being signed', async () => {
    const { pupil, company, school, periods } = await pupilWithHistory(ctx);
    const [application] = await ctx.handle.db
      .select({ id: applications.id })
      .from(applications)
      .where(sql`${applications.studentId} = ${pupil.id}`);
    await ctx.handle.db.insert(agreements).values({
      applicationId: application!.id,
      schoolId: school.id,
      companyId: company.id,
      studentId: pupil.id,
      teachingAnnex: {
        referentTeacherName: 'Paul Prof',
        tutorName: 'Martine Tutrice',
        tutorRole: 'Gérante',
        startDate: periods[0]!.startDate,
        endDate: periods[0]!.endDate,
        dailyHours: legalSchedule,
        objectives: 'Observer.',
      },
      practicalAnnex: { meals: '', travel: '', insurance: '' },
    });
    const response = await call(pupil, 'POST', '/api/me/deletion', { password: TEST_PASSWORD });
    expect(response.statusCode).toBe(409);
    expect(problemOf(response).code).toBe('privacy.agreement_live');
    expect((await userRow(pupil.id)).status).toBe('active');
  });

  it('refuses with 409 to delete the only operator, and lets one of two go', async () => {
    const first = await createOperator(ctx);
    const refused = await call(first, 'POST', '/api/me/deletion', { password: TEST_PASSWORD });
    expect(refused.statusCode).toBe(409);
    expect(problemOf(refused).code).toBe('privacy.last_operator');
    await createOperator(ctx);
    const done = await call(first, 'POST', '/api/me/deletion', { password: TEST_PASSWORD });
    expect(done.statusCode).toBe(200);
    expect((await userRow(first.id)).status).toBe('anonymised');
  });
});

describe('the retention job', () => {
  async function lastActive(id: string, daysAgo: number, now: Date) {
    const at = new Date(now.getTime() - daysAgo * DAY);
    await ctx.handle.db
      .update(users)
      .set({ lastActiveAt: at, createdAt: at, updatedAt: at })
      .where(sql`${users.id} = ${id}`);
    await ctx.handle.db
      .update(applications)
      .set({ updatedAt: at, createdAt: at })
      .where(sql`${applications.studentId} = ${id}`);
  }

  it('anonymises pupils after a year and professionals after two, never an operator', async () => {
    const now = new Date('2027-11-26T10:00:00Z');
    const stale = await pupilWithHistory(ctx, 'Ancienne');
    const recent = await pupilWithHistory(ctx, 'Récente');
    const operator = await createOperator(ctx);
    await lastActive(stale.pupil.id, 366, now);
    await lastActive(recent.pupil.id, 300, now);
    await lastActive(stale.employer.id, 400, now); // a professional: kept for two years
    await lastActive(recent.employer.id, 731, now);
    await lastActive(operator.id, 2000, now);

    expect(await anonymiseInactive(ctx.handle.db, { now })).toEqual({
      pupils: 1,
      professionals: 1,
    });
    expect((await userRow(stale.pupil.id)).status).toBe('anonymised');
    expect((await userRow(recent.pupil.id)).status).toBe('active');
    expect((await userRow(stale.employer.id)).status).toBe('active');
    expect((await userRow(recent.employer.id)).status).toBe('anonymised');
    expect((await userRow(operator.id)).status).toBe('active');
    const entries = await queryRows<{ subject_id: string; data: { kind: string } }>(
      ctx.handle.db,
      sql`select subject_id, data from audit_log where action = 'privacy.anonymised'
          order by subject_id`,
    );
    expect(entries.map((e) => e.subject_id).sort()).toEqual(
      [stale.pupil.id, recent.employer.id].sort(),
    );
    // Run again: nobody is anonymised twice.
    expect(await anonymiseInactive(ctx.handle.db, { now })).toEqual({
      pupils: 0,
      professionals: 0,
    });
  });

  it('removes sessions and failed sign-ins ended more than a month ago, and only those', async () => {
    const person = await pupilWithHistory(ctx);
    const now = new Date();
    await ctx.handle.db.execute(
      sql`insert into sessions (user_id, expires_at, revoked_at) values
            (${person.pupil.id}, now() - interval '40 days', null),
            (${person.pupil.id}, now() + interval '1 day', now() - interval '31 days'),
            (${person.pupil.id}, now() - interval '2 days', null)`,
    );
    await ctx.handle.db.execute(
      sql`insert into login_failures (identifier_hash, failed_at) values
            ('old', now() - interval '31 days'), ('recent', now())`,
    );
    expect(await purgeEndedSessions(ctx.handle.db, { now })).toBe(2);
    expect((await call(person.pupil, 'GET', '/api/me')).statusCode).toBe(200);
    const left = await queryRows<{ identifier_hash: string }>(
      ctx.handle.db,
      sql`select identifier_hash from login_failures`,
    );
    expect(left).toEqual([{ identifier_hash: 'recent' }]);
  });

  it('keeps the statistics of the demo data whole when everyone is anonymised (pending applications are withdrawn)', async () => {
    const { seedDemo } = await import('@tremplin/db/seed/demo');
    expect(await seedDemo(ctx.handle.db, { hashPassword: async () => 'not-a-real-hash' })).toBe(
      true,
    );
    const statistics = () =>
      queryRows<Record<string, unknown>>(
        ctx.handle.db,
        sql`select
              (select jsonb_object_agg(k, n) from (select s.school_id || '/' || a.offer_id as k,
                 count(*) as n from applications a join students s on s.user_id = a.student_id
                 group by 1) x) as applications_by_school,
              (select count(*) from applications where status = 'confirmed')::int as confirmed,
              (select jsonb_object_agg(k, n) from (select status::text as k, count(*) as n
                 from agreements group by 1) x) as agreements,
              (select count(*) from campaign_wishes)::int as wishes,
              (select jsonb_object_agg(k, n) from (select coalesce(school_id::text, '-') || '/'
                 || coalesce(level::text, '-') as k, count(*) as n from students group by 1) x)
                as pupils,
              (select count(*) from challenge_team_members)::int as team_members`,
      );
    const before = await statistics();
    const people = await queryRows<{ count: number }>(
      ctx.handle.db,
      sql`select count(*)::int as count from users
          where not exists (select 1 from user_roles r where r.user_id = users.id
                            and r.role = 'operator')`,
    );
    const result = await anonymiseInactive(ctx.handle.db, {
      now: new Date(Date.now() + 3 * 365 * DAY),
      batch: 10_000,
    });
    expect(result.pupils + result.professionals).toBe(people[0]!.count);
    expect(await statistics()).toEqual(before);
    const names = await queryRows<{ count: number }>(
      ctx.handle.db,
      sql`select count(*)::int as count from users
          where status <> 'anonymised' and email not like 'operateur@%'`,
    );
    expect(names[0]!.count).toBe(0);
  });
});
