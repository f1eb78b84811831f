// Applications: every transition and refusal, the idempotent submit, confirm withdrawing what it
// makes impossible, the employer inbox with bulk decisions, and reminders/expiry at given dates.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Application, ApplicationList, ApplyOptions } from '@tremplin/contracts';
import type { offers } from '@tremplin/db/schema';
import {
  agreements,
  applicationEvents,
  applications,
  emailOutbox,
  notifications,
  offerPeriods,
} from '@tremplin/db/schema';
import { seedApplications } from '@tremplin/db/seed/applications';
import { parisDate } from '../src/modules/applications/rules.js';
import { remindAndExpire } from '../src/modules/applications/service.js';
import {
  createClass,
  createCompany,
  createEmployer,
  createOffer,
  createPerson,
  createSchool,
  createStudent,
  type PeriodInput,
} from './factories.js';
import { type Person, problemOf, setupApp } from './helper.js';

const ctx = setupApp();

const DAY = 24 * 60 * 60 * 1000;
const today = parisDate(new Date());
/** A date n days from today, "YYYY-MM-DD". */
const inDays = (n: number) =>
  new Date(Date.parse(`${today}T12:00:00Z`) + n * DAY).toISOString().slice(0, 10);
/** A period of five days starting n days from today. */
const week = (n: number, extra: PeriodInput = {}): PeriodInput => ({
  startDate: inDays(n),
  endDate: inDays(n + 4),
  ...extra,
});

/** A host: a company, one of its employers, and a published offer with the given periods. */
async function host(
  periods: PeriodInput[] = [week(30)],
  offer: Partial<typeof offers.$inferInsert> = {},
) {
  const company = await createCompany(ctx);
  const employer = await createEmployer(ctx, company.id);
  const created = await createOffer(ctx, { companyId: company.id, periods, ...offer });
  return { company, employer, offer: created.offer, periods: created.periods };
}

async function pupil(
  priority: 'none' | 'rep' | 'rep_plus' = 'rep_plus',
  level: '4e' | '3e' | '2de' | 'pro' = '3e',
) {
  const school = await createSchool(ctx, { priority });
  return createStudent(ctx, { schoolId: school.id, level });
}

function apply(who: Person, periodId: string, motivation = 'J’aime ce métier.') {
  return ctx.app.inject({
    method: 'POST',
    url: '/api/applications',
    headers: who.headers,
    payload: { periodId, motivation },
  });
}

async function applied(who: Person, periodId: string): Promise<Application> {
  const res = await apply(who, periodId);
  if (res.statusCode !== 201) throw new Error(`apply failed: ${res.body}`);
  return res.json();
}

function act(who: Person, id: string, action: string, payload?: object) {
  return ctx.app.inject({
    method: 'POST',
    url: `/api/applications/${id}/${action}`,
    headers: who.headers,
    ...(payload ? { payload } : {}),
  });
}

async function accepted(employer: Person, id: string) {
  const res = await act(employer, id, 'accept');
  if (res.statusCode !== 200) throw new Error(`accept failed: ${res.body}`);
}

const db = () => ctx.handle.db;

async function notificationsOf(userId: string, kind?: string) {
  return db()
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), kind ? eq(notifications.kind, kind) : undefined));
}

async function mailsTo(email: string) {
  return db().select().from(emailOutbox).where(eq(emailOutbox.toEmail, email));
}

async function statusOf(id: string) {
  const [row] = await db()
    .select({ status: applications.status })
    .from(applications)
    .where(eq(applications.id, id));
  return row?.status;
}

/** A pupil created by their school: no e-mail, no password, just a school record. */
async function schoolPupils(schoolId: string, count: number): Promise<string[]> {
  const rows = await ctx.handle.db.execute(sql`
    with made as (
      insert into users (display_name, login_code)
      select 'Élève ' || g, 'CODE-' || substr(md5(random()::text), 1, 10) || '-' || g
      from generate_series(1, ${count}) g
      returning id
    ), roles as (
      insert into user_roles (user_id, role) select id, 'student' from made
    )
    insert into students (user_id, school_id, level, first_name, last_name)
    select id, ${schoolId}, '3e', 'Élève', 'N' || row_number() over () from made
    returning user_id`);
  const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as {
    user_id: string;
  }[];
  return list.map((r) => r.user_id);
}

describe('submitting an application', () => {
  it('a pupil applies: 201, state submitted, history by the pupil, the employer told in the app and by e-mail', async () => {
    const h = await host();
    const student = await pupil();
    const res = await apply(student, h.periods[0]!.id);
    expect(res.statusCode).toBe(201);
    const body = res.json() as Application;
    expect(body).toMatchObject({
      status: 'submitted',
      motivation: 'J’aime ce métier.',
      offer: { id: h.offer.id, companyName: h.company.name },
      period: { id: h.periods[0]!.id, startDate: inDays(30) },
      student: { id: student.id, level: '3e', schoolPriority: 'rep_plus' },
      agreementId: null,
    });
    expect(body.events).toEqual([
      expect.objectContaining({ fromStatus: null, toStatus: 'submitted', by: 'student' }),
    ]);
    const [notice] = await notificationsOf(h.employer.id, 'application.submitted');
    expect(notice).toMatchObject({
      link: `/entreprise/candidatures/${body.id}`,
      data: expect.objectContaining({ offerTitle: h.offer.title, applicationId: body.id }),
    });
    const [mail] = await mailsTo(h.employer.email);
    expect(mail?.subject).toContain(h.offer.title);
    expect(mail?.bodyText).toContain(`/entreprise/candidatures/${body.id}`);
  });

  it('a double click or a retry makes one application: the same one comes back with 200', async () => {
    const h = await host();
    const student = await pupil();
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => apply(student, h.periods[0]!.id)),
    );
    const statuses = responses.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 201]);
    const ids = new Set(responses.map((r) => (r.json() as Application).id));
    expect(ids.size).toBe(1);
    const again = await apply(student, h.periods[0]!.id, 'Autre texte');
    expect(again.statusCode).toBe(200);
    expect((again.json() as Application).motivation).toBe('J’aime ce métier.');
    const rows = await db()
      .select({ id: applications.id })
      .from(applications)
      .where(eq(applications.studentId, student.id));
    expect(rows).toHaveLength(1);
    expect(await notificationsOf(h.employer.id, 'application.submitted')).toHaveLength(1);
  });

  it('refuses someone who is not a pupil of a school (403) and bad input naming the field (400)', async () => {
    const h = await host();
    const employer = await createPerson(ctx, ['employer']);
    expect((await apply(employer, h.periods[0]!.id)).statusCode).toBe(403);
    const noRecord = await createPerson(ctx, ['student']);
    const res = await apply(noRecord, h.periods[0]!.id);
    expect(res.statusCode).toBe(403);
    expect(problemOf(res).code).toBe('application.not_student');

    const student = await pupil();
    const bad = await apply(student, 'not-a-uuid');
    expect(bad.statusCode).toBe(400);
    expect(problemOf(bad).errors?.[0]?.field).toBe('body.periodId');
    const long = await apply(student, h.periods[0]!.id, 'x'.repeat(2001));
    expect(long.statusCode).toBe(400);
    expect(problemOf(long).errors?.[0]?.field).toBe('body.motivation');
    expect(await db().select().from(applications)).toHaveLength(0);
  });

  it('refuses a pupil of another level (403), unknown, draft, suspended or archived offers (404), closed ones (409)', async () => {
    const student = await pupil('rep', '2de');
    const h = await host([week(30)], { levels: ['3e'] });
    const level = await apply(student, h.periods[0]!.id);
    expect(level.statusCode).toBe(403);
    expect(problemOf(level)).toMatchObject({ code: 'application.level' });
    expect(problemOf(level).detail).toContain('2de');

    const missing = await apply(student, '00000000-0000-4000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    const draft = await host([week(30)], { levels: ['2de'], status: 'draft' });
    expect((await apply(student, draft.periods[0]!.id)).statusCode).toBe(404);
    const suspended = await host([week(30)], { levels: ['2de'], suspendedAt: new Date() });
    expect((await apply(student, suspended.periods[0]!.id)).statusCode).toBe(404);
    const archived = await host([week(30)], { levels: ['2de'], status: 'archived' });
    expect((await apply(student, archived.periods[0]!.id)).statusCode).toBe(404);
    const closed = await host([week(30)], { levels: ['2de'], status: 'closed' });
    const res = await apply(student, closed.periods[0]!.id);
    expect(res.statusCode).toBe(409);
    expect(problemOf(res).code).toBe('offer.closed');
    expect(await db().select().from(applications)).toHaveLength(0);
  });

  it('refuses a period that has started, one committed to a campaign, and one that is full', async () => {
    const student = await pupil();
    const h = await host([week(-1), week(30), week(40, { seats: 1 })]);
    const started = await apply(student, h.periods[0]!.id);
    expect(started.statusCode).toBe(409);
    expect(problemOf(started).code).toBe('period.started');

    await db()
      .update(offerPeriods)
      .set({ campaignId: '00000000-0000-4000-8000-000000000001' })
      .where(eq(offerPeriods.id, h.periods[1]!.id));
    const campaign = await apply(student, h.periods[1]!.id);
    expect(campaign.statusCode).toBe(409);
    expect(problemOf(campaign).code).toBe('period.campaign');

    const first = await pupil();
    await accepted(h.employer, (await applied(first, h.periods[2]!.id)).id);
    const full = await apply(student, h.periods[2]!.id);
    expect(full.statusCode).toBe(409);
    expect(problemOf(full)).toMatchObject({ code: 'period.full' });
    expect(problemOf(full).detail).toContain('1 sur 1');
  });
});

describe('reserved seats', () => {
  it('before their release date, reserved seats go only to pupils of REP/REP+ schools', async () => {
    const h = await host([week(30, { seats: 2, reservedSeats: 1, reservedUntil: inDays(20) })]);
    const periodId = h.periods[0]!.id;
    const a = await applied(await pupil('none'), periodId);
    const b = await applied(await pupil('none'), periodId);
    const rep = await applied(await pupil('rep'), periodId);

    expect((await act(h.employer, a.id, 'accept')).statusCode).toBe(200);
    const refused = await act(h.employer, b.id, 'accept');
    expect(refused.statusCode).toBe(409);
    expect(problemOf(refused).code).toBe('period.reserved');
    expect(problemOf(refused).detail).toContain('REP');
    expect(await statusOf(b.id)).toBe('submitted');
    expect((await act(h.employer, rep.id, 'accept')).statusCode).toBe(200);

    // A non-priority pupil is told at once when only reserved seats are left.
    const late = await pupil('none');
    const other = await host([week(30, { seats: 2, reservedSeats: 1, reservedUntil: inDays(20) })]);
    await accepted(other.employer, (await applied(await pupil('none'), other.periods[0]!.id)).id);
    const res = await apply(late, other.periods[0]!.id);
    expect(res.statusCode).toBe(409);
    expect(problemOf(res).code).toBe('period.reserved');
  });

  it('from their release date, reserved seats are open to every pupil', async () => {
    const h = await host([week(30, { seats: 2, reservedSeats: 2, reservedUntil: today })]);
    const a = await applied(await pupil('none'), h.periods[0]!.id);
    const b = await applied(await pupil('none'), h.periods[0]!.id);
    expect((await act(h.employer, a.id, 'accept')).statusCode).toBe(200);
    expect((await act(h.employer, b.id, 'accept')).statusCode).toBe(200);
  });
});

describe('the employer answers', () => {
  it('opening an application marks it read once, records who and when, and tells the pupil', async () => {
    const h = await host();
    const student = await pupil();
    const app = await applied(student, h.periods[0]!.id);
    const opened = await ctx.app.inject({
      method: 'GET',
      url: `/api/applications/${app.id}`,
      headers: h.employer.headers,
    });
    expect(opened.statusCode).toBe(200);
    const body = opened.json() as Application;
    expect(body.status).toBe('read');
    expect(body.events.map((e) => [e.toStatus, e.by])).toEqual([
      ['submitted', 'student'],
      ['read', 'host'],
    ]);
    await ctx.app.inject({
      method: 'GET',
      url: `/api/applications/${app.id}`,
      headers: h.employer.headers,
    });
    expect(await notificationsOf(student.id, 'application.read')).toHaveLength(1);
    // The pupil opening their own application does not mark it read.
    const other = await applied(student, (await host()).periods[0]!.id);
    await ctx.app.inject({
      method: 'GET',
      url: `/api/applications/${other.id}`,
      headers: student.headers,
    });
    expect(await statusOf(other.id)).toBe('submitted');
  });

  it('accepts: the pupil is told in the app and by e-mail; accepting again is a 409', async () => {
    const h = await host();
    const student = await pupil();
    const app = await applied(student, h.periods[0]!.id);
    const res = await act(h.employer, app.id, 'accept');
    expect(res.statusCode).toBe(200);
    expect((res.json() as Application).status).toBe('accepted');
    expect(await notificationsOf(student.id, 'application.accepted')).toHaveLength(1);
    expect((await mailsTo(student.email)).map((m) => m.subject)).toEqual([
      expect.stringContaining('Candidature acceptée'),
    ]);
    const again = await act(h.employer, app.id, 'accept');
    expect(again.statusCode).toBe(409);
    expect(problemOf(again).code).toBe('application.accepted');
  });

  it('rejects with a reason the pupil sees; a reason is required (400 naming the field)', async () => {
    const h = await host();
    const student = await pupil();
    const app = await applied(student, h.periods[0]!.id);
    const none = await act(h.employer, app.id, 'reject', {});
    expect(none.statusCode).toBe(400);
    expect(problemOf(none).errors?.[0]?.field).toBe('body.reason');
    const blank = await act(h.employer, app.id, 'reject', { reason: '     ' });
    expect(blank.statusCode).toBe(400);
    expect(problemOf(blank).errors?.[0]?.field).toBe('body.reason');
    expect(await statusOf(app.id)).toBe('submitted');

    const res = await act(h.employer, app.id, 'reject', {
      reason: 'Nous sommes complets cette semaine-là.',
    });
    expect(res.statusCode).toBe(200);
    const list = (
      await ctx.app.inject({
        method: 'GET',
        url: '/api/applications?side=student',
        headers: student.headers,
      })
    ).json() as ApplicationList;
    expect(list.items[0]).toMatchObject({
      status: 'rejected',
      rejectionReason: 'Nous sommes complets cette semaine-là.',
    });
    expect(list.items[0]!.events.at(-1)).toMatchObject({
      toStatus: 'rejected',
      by: 'host',
      note: 'Nous sommes complets cette semaine-là.',
    });
    const [notice] = await notificationsOf(student.id, 'application.rejected');
    expect(notice?.data).toMatchObject({ reason: 'Nous sommes complets cette semaine-là.' });
    // Rejected once: the pupil cannot apply again to that period.
    const retry = await apply(student, h.periods[0]!.id);
    expect(retry.statusCode).toBe(409);
    expect(problemOf(retry).code).toBe('application.rejected_before');
  });

  it('accepting or rejecting a withdrawn application is a 409 that says it was withdrawn', async () => {
    const h = await host();
    const student = await pupil();
    const app = await applied(student, h.periods[0]!.id);
    const withdrawn = await act(student, app.id, 'withdraw');
    expect(withdrawn.statusCode).toBe(200);
    expect(await notificationsOf(h.employer.id, 'application.withdrawn')).toHaveLength(1);
    const res = await act(h.employer, app.id, 'accept');
    expect(res.statusCode).toBe(409);
    expect(problemOf(res)).toMatchObject({ code: 'application.withdrawn' });
    expect(problemOf(res).detail).toContain('retirée');
    const rej = await act(h.employer, app.id, 'reject', { reason: 'Trop tard.' });
    expect(rej.statusCode).toBe(409);
    expect(await statusOf(app.id)).toBe('withdrawn');
  });

  it('another company’s employer gets 404, a pupil 403, and sees nothing in their inbox', async () => {
    const h = await host();
    const student = await pupil();
    const app = await applied(student, h.periods[0]!.id);
    const stranger = await host();
    for (const action of ['accept', 'reject']) {
      const res = await act(stranger.employer, app.id, action, { reason: 'Non merci.' });
      expect(res.statusCode).toBe(404);
    }
    expect(
      (
        await ctx.app.inject({
          method: 'GET',
          url: `/api/applications/${app.id}`,
          headers: stranger.employer.headers,
        })
      ).statusCode,
    ).toBe(404);
    const inbox = (
      await ctx.app.inject({
        method: 'GET',
        url: '/api/applications?side=host',
        headers: stranger.employer.headers,
      })
    ).json() as ApplicationList;
    expect(inbox.total).toBe(0);
    expect((await act(student, app.id, 'accept')).statusCode).toBe(403);
    const otherPupil = await pupil();
    expect((await act(otherPupil, app.id, 'withdraw')).statusCode).toBe(404);
    expect((await act(otherPupil, app.id, 'confirm')).statusCode).toBe(404);
    expect(await statusOf(app.id)).toBe('submitted');
  });

  it('the inbox filters by offer and state and counts what waits for an answer per offer', async () => {
    const h = await host([week(30)]);
    const second = await createOffer(ctx, { companyId: h.company.id, periods: [week(50)] });
    const a = await applied(await pupil(), h.periods[0]!.id);
    await applied(await pupil(), h.periods[0]!.id);
    const c = await applied(await pupil(), second.periods[0]!.id);
    await accepted(h.employer, a.id);
    const get = async (query: string) =>
      (
        await ctx.app.inject({
          method: 'GET',
          url: `/api/applications?side=host${query}`,
          headers: h.employer.headers,
        })
      ).json() as ApplicationList;
    expect((await get('')).total).toBe(3);
    const byOffer = await get(`&offer=${second.offer.id}`);
    expect(byOffer.items.map((i) => i.id)).toEqual([c.id]);
    const pending = await get('&status=submitted&status=read');
    expect(pending.total).toBe(2);
    expect((await get('&status=accepted')).items.map((i) => i.id)).toEqual([a.id]);
    expect((await get('')).offers).toEqual(
      expect.arrayContaining([
        { id: h.offer.id, title: h.offer.title, total: 2, pending: 1 },
        { id: second.offer.id, title: second.offer.title, total: 1, pending: 1 },
      ]),
    );
    // Those to answer first, newest first; then the answered ones.
    expect((await get('')).items.map((i) => i.status)).toEqual([
      'submitted',
      'submitted',
      'accepted',
    ]);
    const page = await get('&pageSize=2&page=2');
    expect(page).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(page.items).toHaveLength(1);
    const bad = await ctx.app.inject({
      method: 'GET',
      url: '/api/applications?status=maybe',
      headers: h.employer.headers,
    });
    expect(bad.statusCode).toBe(400);
    expect(problemOf(bad).errors?.[0]?.field).toMatch(/^query\.status/);
  });
});

describe('bulk decisions', () => {
  it('accepts several at once, each checked, and reports per id what happened', async () => {
    const h = await host([week(30, { seats: 2 })]);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await applied(await pupil(), h.periods[0]!.id)).id);
    const gone = await pupil();
    const withdrawn = await applied(gone, h.periods[0]!.id);
    await act(gone, withdrawn.id, 'withdraw');
    const foreign = await applied(await pupil(), (await host()).periods[0]!.id);

    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/applications/decisions',
      headers: h.employer.headers,
      payload: { ids: [...ids, withdrawn.id, foreign.id], decision: 'accept' },
    });
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ done: 2, refused: 3 });
    expect(report.results).toEqual([
      { id: ids[0], ok: true, status: 'accepted', code: null, message: null },
      { id: ids[1], ok: true, status: 'accepted', code: null, message: null },
      expect.objectContaining({ id: ids[2], ok: false, status: 'submitted', code: 'period.full' }),
      expect.objectContaining({
        id: withdrawn.id,
        ok: false,
        status: 'withdrawn',
        code: 'application.withdrawn',
      }),
      expect.objectContaining({ id: foreign.id, ok: false, status: null, code: 'not_found' }),
    ]);
    expect(await statusOf(foreign.id)).toBe('submitted');
  });

  it('rejects several at once with one reason; without a reason nothing changes (400)', async () => {
    const h = await host();
    const ids = [
      (await applied(await pupil(), h.periods[0]!.id)).id,
      (await applied(await pupil(), h.periods[0]!.id)).id,
    ];
    const none = await ctx.app.inject({
      method: 'POST',
      url: '/api/applications/decisions',
      headers: h.employer.headers,
      payload: { ids, decision: 'reject' },
    });
    expect(none.statusCode).toBe(400);
    expect(problemOf(none).errors?.[0]?.field).toBe('body.reason');
    expect(await statusOf(ids[0]!)).toBe('submitted');
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/applications/decisions',
      headers: h.employer.headers,
      payload: { ids, decision: 'reject', reason: 'Offre pourvue.' },
    });
    expect(res.json()).toMatchObject({ done: 2, refused: 0 });
    const rows = await db()
      .select({ reason: applications.rejectionReason })
      .from(applications)
      .where(inArray(applications.id, ids));
    expect(rows.map((r) => r.reason)).toEqual(['Offre pourvue.', 'Offre pourvue.']);
    const student = await createPerson(ctx, ['student']);
    const forbidden = await ctx.app.inject({
      method: 'POST',
      url: '/api/applications/decisions',
      headers: student.headers,
      payload: { ids, decision: 'accept' },
    });
    expect(forbidden.statusCode).toBe(403);
  });
});

describe('accepting never overbooks', () => {
  it('50 concurrent accepts on a period of 3 seats: exactly 3 accepted, 47 clean 409s', async () => {
    const h = await host([week(30, { seats: 3 })]);
    const colleagues = [h.employer, await createEmployer(ctx, h.company.id)];
    const school = await createSchool(ctx, { priority: 'rep' });
    const pupils = await schoolPupils(school.id, 50);
    const inserted = await db()
      .insert(applications)
      .values(
        pupils.map((studentId) => ({
          offerId: h.offer.id,
          periodId: h.periods[0]!.id,
          studentId,
        })),
      )
      .returning({ id: applications.id });
    expect(inserted).toHaveLength(50);

    const responses = await Promise.all(
      inserted.map((a, i) => act(colleagues[i % 2]!, a.id, 'accept')),
    );
    const ok = responses.filter((r) => r.statusCode === 200);
    const refused = responses.filter((r) => r.statusCode === 409);
    expect(ok).toHaveLength(3);
    expect(refused).toHaveLength(47);
    for (const r of refused) {
      expect(problemOf(r)).toMatchObject({ code: 'period.full', status: 409 });
      expect(problemOf(r).detail).toBe(
        'Toutes les places de cette période sont déjà attribuées (3 sur 3).',
      );
    }
    const rows = await db()
      .select({ status: applications.status })
      .from(applications)
      .where(eq(applications.periodId, h.periods[0]!.id));
    expect(rows.filter((r) => r.status === 'accepted')).toHaveLength(3);
    expect(rows.filter((r) => r.status === 'submitted')).toHaveLength(47);
    const events = await db()
      .select()
      .from(applicationEvents)
      .where(eq(applicationEvents.toStatus, 'accepted'));
    expect(events).toHaveLength(3);
    // Pupils created by their school have no e-mail: told in the app only.
    const notices = await db()
      .select()
      .from(notifications)
      .where(eq(notifications.kind, 'application.accepted'));
    expect(notices).toHaveLength(3);
    expect(
      await db()
        .select()
        .from(emailOutbox)
        .where(sql`subject like '%acceptée%'`),
    ).toEqual([]);
  });
});

describe('confirming', () => {
  it('confirms an accepted application: agreement prepared, overlapping ones withdrawn, others kept', async () => {
    const student = await pupil();
    const chosen = await host([week(30)]);
    const overlapping = await host([week(32)]);
    const later = await host([week(60)]);
    const a = await applied(student, chosen.periods[0]!.id);
    const b = await applied(student, overlapping.periods[0]!.id);
    const c = await applied(student, later.periods[0]!.id);
    await accepted(overlapping.employer, b.id);

    const early = await act(student, a.id, 'confirm');
    expect(early.statusCode).toBe(409);
    expect(problemOf(early).code).toBe('application.submitted');

    await accepted(chosen.employer, a.id);
    const res = await act(student, a.id, 'confirm');
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report.withdrawn).toEqual([b.id]);
    expect(report.application).toMatchObject({
      status: 'confirmed',
      agreementId: report.agreementId,
    });
    const [agreement] = await db()
      .select()
      .from(agreements)
      .where(eq(agreements.applicationId, a.id));
    expect(agreement).toMatchObject({ id: report.agreementId, studentId: student.id });

    expect(await statusOf(b.id)).toBe('withdrawn');
    expect(await statusOf(c.id)).toBe('submitted');
    const [event] = await db()
      .select()
      .from(applicationEvents)
      .where(
        and(eq(applicationEvents.applicationId, b.id), eq(applicationEvents.toStatus, 'withdrawn')),
      );
    expect(event).toMatchObject({ fromStatus: 'accepted', actorId: student.id });
    expect(event?.note).toContain('stage confirmé');
    expect(await notificationsOf(overlapping.employer.id, 'application.superseded')).toHaveLength(
      1,
    );
    expect(await notificationsOf(chosen.employer.id, 'application.confirmed')).toHaveLength(1);

    const twice = await act(student, a.id, 'confirm');
    expect(twice.statusCode).toBe(409);
    expect(problemOf(twice).code).toBe('application.confirmed');
    const withdraw = await act(student, a.id, 'withdraw');
    expect(withdraw.statusCode).toBe(409);
    // No new application on dates already taken by the confirmed stage.
    const overlap = await apply(student, (await host([week(31)])).periods[0]!.id);
    expect(overlap.statusCode).toBe(409);
    expect(problemOf(overlap).code).toBe('confirm.overlap');
    expect(await db().select().from(agreements)).toHaveLength(1);
  });

  it('a 2de pupil fills the June fortnight with two one-week stages at different hosts only', async () => {
    const year = Number(today.slice(0, 4)) + (Number(today.slice(5, 7)) >= 6 ? 1 : 0);
    const monday = (() => {
      const d = new Date(Date.UTC(year, 5, 14));
      while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() + 1);
      return d.toISOString().slice(0, 10);
    })();
    const plus = (n: number) =>
      new Date(Date.parse(`${monday}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
    const week1 = { startDate: monday, endDate: plus(4) };
    const week2 = { startDate: plus(7), endDate: plus(11) };
    const student = await pupil('none', '2de');
    const x = await host([week1, week2], { levels: ['2de'] });
    const y = await host([week2], { levels: ['2de'] });
    const x1 = await applied(student, x.periods[0]!.id);
    const x2 = await applied(student, x.periods[1]!.id);
    const y2 = await applied(student, y.periods[0]!.id);
    await accepted(x.employer, x1.id);
    await accepted(y.employer, y2.id);

    const first = await act(student, x1.id, 'confirm');
    expect(first.statusCode).toBe(200);
    // The second week at the same host is no longer possible: withdrawn; the other host's kept.
    expect(first.json().withdrawn).toEqual([x2.id]);
    expect(await statusOf(y2.id)).toBe('accepted');
    expect((await act(student, y2.id, 'confirm')).statusCode).toBe(200);

    const third = await host([{ startDate: plus(2), endDate: plus(2) }], { levels: ['2de'] });
    const res = await apply(student, third.periods[0]!.id);
    expect(res.statusCode).toBe(409);
    expect(problemOf(res).code).toBe('confirm.overlap');
  });

  it('a 3e pupil cannot confirm another pupil’s application, nor one not yet accepted', async () => {
    const h = await host();
    const owner = await pupil();
    const app = await applied(owner, h.periods[0]!.id);
    await accepted(h.employer, app.id);
    const other = await pupil();
    expect((await act(other, app.id, 'confirm')).statusCode).toBe(404);
    expect((await act(h.employer, app.id, 'confirm')).statusCode).toBe(403);
    expect(await statusOf(app.id)).toBe('accepted');
    expect(await db().select().from(agreements)).toHaveLength(0);
  });
});

describe('the apply page', () => {
  it('shows each period with the seats left for this pupil and why they may not apply', async () => {
    const h = await host([
      week(30, { seats: 2, reservedSeats: 1, reservedUntil: inDays(20) }),
      week(-2),
      week(40),
    ]);
    const student = await pupil('none');
    await accepted(h.employer, (await applied(await pupil('none'), h.periods[0]!.id)).id);
    const mine = await applied(student, h.periods[2]!.id);
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/applications/options?offer=${h.offer.id}`,
      headers: student.headers,
    });
    expect(res.statusCode).toBe(200);
    const options = res.json() as ApplyOptions;
    expect(options.refusal).toBeNull();
    // Periods come in date order: the one that has started first.
    expect(options.periods.map((p) => [p.id, p.block, p.seatsLeft, p.applicationId])).toEqual([
      [h.periods[1]!.id, 'started', 3, null],
      [h.periods[0]!.id, 'reserved', 0, null],
      [h.periods[2]!.id, null, 3, mine.id],
    ]);
    const teacher = await createPerson(ctx, ['teacher']);
    const asTeacher = await ctx.app.inject({
      method: 'GET',
      url: `/api/applications/options?offer=${h.offer.id}`,
      headers: teacher.headers,
    });
    expect((asTeacher.json() as ApplyOptions).refusal).toBe('not_student');
    const draft = await host([week(30)], { status: 'draft' });
    const hidden = await ctx.app.inject({
      method: 'GET',
      url: `/api/applications/options?offer=${draft.offer.id}`,
      headers: student.headers,
    });
    expect(hidden.statusCode).toBe(404);
  });
});

describe('reminders and expiry', () => {
  const T0 = new Date('2026-12-01T08:00:00Z');
  const at = (days: number, hours = 1) => new Date(T0.getTime() + days * DAY + hours * 3600_000);
  const run = (now: Date) =>
    remindAndExpire(ctx.handle.db, { now, webUrl: 'https://tremplin.test' });

  async function submittedAt(when: Date) {
    const h = await host([week(90)]);
    const student = await pupil();
    const app = await applied(student, h.periods[0]!.id);
    await db()
      .update(applications)
      .set({ createdAt: when, updatedAt: when })
      .where(eq(applications.id, app.id));
    return { ...h, student, app };
  }

  it('reminds after 7 and 14 days, each once, then expires after 15 days telling the pupil', async () => {
    const { app, employer, student } = await submittedAt(T0);
    expect(await run(at(6, 23))).toEqual({ reminded: 0, expired: 0 });
    expect(await run(at(7))).toEqual({ reminded: 1, expired: 0 });
    expect(await run(at(7, 2))).toEqual({ reminded: 0, expired: 0 });
    const first = await notificationsOf(employer.id, 'application.reminder');
    expect(first.map((n) => n.data.days)).toEqual([7]);
    expect(
      (await mailsTo(employer.email)).filter((m) => m.subject.includes('Rappel')),
    ).toHaveLength(1);
    expect(await run(at(14))).toEqual({ reminded: 1, expired: 0 });
    expect(await run(at(14, 5))).toEqual({ reminded: 0, expired: 0 });
    const [row] = await db().select().from(applications).where(eq(applications.id, app.id));
    expect(row?.remindersSent).toBe(2);

    expect(await run(at(15))).toEqual({ reminded: 0, expired: 1 });
    expect(await statusOf(app.id)).toBe('expired');
    const [event] = await db()
      .select()
      .from(applicationEvents)
      .where(
        and(eq(applicationEvents.applicationId, app.id), eq(applicationEvents.toStatus, 'expired')),
      );
    expect(event).toMatchObject({ actorId: null, fromStatus: 'submitted', at: at(15) });
    expect(await notificationsOf(student.id, 'application.expired')).toHaveLength(1);
    expect(await notificationsOf(employer.id, 'application.expired_host')).toHaveLength(1);
    expect((await mailsTo(student.email)).map((m) => m.subject)).toEqual([
      expect.stringContaining('Candidature expirée'),
    ]);
    expect(await run(at(16))).toEqual({ reminded: 0, expired: 0 });
    // Once expired, the employer can no longer accept it.
    const late = await act(employer, app.id, 'accept');
    expect(late.statusCode).toBe(409);
    expect(problemOf(late).code).toBe('application.expired');
  });

  it('a job that missed the 7-day mark sends only the 14-day reminder; answered ones are left alone', async () => {
    const waiting = await submittedAt(T0);
    const answered = await submittedAt(T0);
    await accepted(answered.employer, answered.app.id);
    expect(await run(at(14))).toEqual({ reminded: 1, expired: 0 });
    const notes = await notificationsOf(waiting.employer.id, 'application.reminder');
    expect(notes.map((n) => n.data.days)).toEqual([14]);
    expect(await run(at(20))).toEqual({ reminded: 0, expired: 1 });
    expect(await statusOf(answered.app.id)).toBe('accepted');
  });

  it('the hourly job is defined and runs the same function (inline when jobs are off)', async () => {
    const old = await submittedAt(new Date(Date.now() - 16 * DAY));
    await ctx.app.jobs.send('applications.remind-and-expire', {});
    expect(await statusOf(old.app.id)).toBe('expired');
  });
});

describe('demo data', () => {
  it('classmates of the demo pupil fill the employer inbox with every state, with history and notices', async () => {
    const h = await host([week(30, { seats: 2 }), week(40, { seats: 1 })]);
    const school = await createSchool(ctx);
    const klass = await createClass(ctx, { schoolId: school.id });
    const demoPupil = await createStudent(ctx, { schoolId: school.id, classId: klass.id });
    for (const firstName of ['Chloé', 'Jade', 'Moussa', 'Noah', 'Sarah']) {
      await createStudent(ctx, { schoolId: school.id, classId: klass.id, firstName });
    }
    const made = await seedApplications(db(), { companyId: h.company.id, studentId: demoPupil.id });
    expect(made).toBe(4);
    const inbox = (
      await ctx.app.inject({
        method: 'GET',
        url: '/api/applications?side=host',
        headers: h.employer.headers,
      })
    ).json() as ApplicationList;
    expect(inbox.items.map((a) => a.status).sort()).toEqual([
      'accepted',
      'read',
      'rejected',
      'submitted',
    ]);
    for (const a of inbox.items) {
      expect(a.events[0]).toMatchObject({ toStatus: 'submitted', by: 'student' });
      if (a.status !== 'submitted') {
        expect(a.events[1]).toMatchObject({ toStatus: a.status, by: 'host' });
      }
    }
    expect(inbox.items.find((a) => a.status === 'rejected')?.rejectionReason).toBeTruthy();
    expect(inbox.items.find((a) => a.status === 'read')?.remindersSent).toBe(1);
    expect(inbox.items.some((a) => a.student.id === demoPupil.id)).toBe(false);
    const notices = await notificationsOf(h.employer.id);
    expect(
      notices
        .filter((n) => !n.readAt)
        .map((n) => n.kind)
        .sort(),
    ).toEqual(['application.reminder', 'application.submitted']);
    // Seats are respected: the accepted one left room on its period.
    const accepted = inbox.items.find((a) => a.status === 'accepted')!;
    const options = await ctx.app.inject({
      method: 'GET',
      url: `/api/applications/options?offer=${h.offer.id}`,
      headers: demoPupil.headers,
    });
    const period = (options.json() as ApplyOptions).periods.find(
      (p) => p.id === accepted.period.id,
    );
    expect(period?.seatsLeft).toBe(period!.seats - 1);
  });
});
