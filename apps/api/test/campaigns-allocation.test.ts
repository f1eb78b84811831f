// Campaign allocations, checked from the outside: a published allocation passes the matching
// engine's verifier rebuilt from the database rows alone; the same seed on the same wishes gives
// byte-identical results; a result the verifier rejects is never publishable; a publication that
// fails half-way leaves nothing behind; reserved seats and stages confirmed meanwhile are honoured.
import { eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { CampaignRun, CloseCampaignReport } from '@tremplin/contracts';
import { queryRows } from '@tremplin/db';
import {
  agreements,
  applicationEvents,
  applications,
  auditLog,
  campaignResults,
  campaignRuns,
  campaigns,
  campaignWishes,
  notifications,
  students,
  userRoles,
  users,
} from '@tremplin/db/schema';
import { type AllocationInstance, verifyAllocation } from '@tremplin/matching';
import {
  createAgreementForApplication,
  createAgreementsForApplications,
} from '../src/modules/agreements/service.js';

import type { Reach } from '../src/modules/campaigns/repository.js';
import { executeRun, publishRun, startPreview } from '../src/modules/campaigns/service.js';
import {
  createClass,
  createCompany,
  createEmployer,
  createOffer,
  createSchool,
  createStudent,
  createTeacher,
} from './factories.js';
import { createOperator, type Person, problemOf, setupApp } from './helper.js';

const ctx = setupApp();

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

function call(who: Person, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
  return ctx.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });
}

/** A small deterministic generator, so the test campaign is the same at every run. */
function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A campaign of `pupils` pupils from three schools (REP+, REP, none) and `periods` periods of
 * 1–3 seats, with random wishes written straight in the database (pupils without accounts: the
 * run and the publication do not need them to sign in).
 */
async function campaignWithWishes(
  operator: Person,
  options: { pupils: number; periods: number; seed: number; policy?: object },
) {
  const random = prng(options.seed);
  const company = await createCompany(ctx);
  const periodIds: string[] = [];
  for (let i = 0; i < options.periods; i++) {
    const { periods } = await createOffer(ctx, {
      companyId: company.id,
      title: `Stage ${i + 1}`,
      periods: [{ seats: 1 + Math.floor(random() * 3) }],
    });
    periodIds.push(periods[0]!.id);
  }
  const res = await call(operator, 'POST', '/api/campaigns', {
    name: 'Campagne vérifiée',
    levels: ['3e'],
    opensAt: new Date(Date.now() - HOUR).toISOString(),
    closesAt: new Date(Date.now() + DAY).toISOString(),
    maxWishes: 5,
    policy: options.policy ?? {
      priorityClasses: true,
      reservedShare: 0,
      reservePrecedence: 'reserved-first',
    },
    periodIds,
  });
  expect(res.statusCode, res.body).toBe(201);
  const campaignId = res.json().id as string;
  const schools = [
    await createSchool(ctx, { priority: 'rep_plus' }),
    await createSchool(ctx, { priority: 'rep' }),
    await createSchool(ctx, { priority: 'none' }),
  ];
  const made = await ctx.handle.db
    .insert(users)
    .values(Array.from({ length: options.pupils }, (_, i) => ({ displayName: `Élève ${i + 1}` })))
    .returning({ id: users.id });
  await ctx.handle.db
    .insert(userRoles)
    .values(made.map((u) => ({ userId: u.id, role: 'student' as const })));
  await ctx.handle.db.insert(students).values(
    made.map((u, i) => ({
      userId: u.id,
      schoolId: schools[i % 3]!.id,
      level: '3e' as const,
      firstName: 'Élève',
      lastName: `N${i + 1}`,
      homeCommuneCode: '94028',
    })),
  );
  const wishes = [];
  for (const u of made) {
    const count = 1 + Math.floor(random() * 5);
    const pool = [...periodIds];
    for (let r = 1; r <= count && pool.length > 0; r++) {
      const [periodId] = pool.splice(Math.floor(random() * pool.length), 1);
      wishes.push({ campaignId, round: 1, studentId: u.id, periodId: periodId!, rank: r });
    }
  }
  await ctx.handle.db.insert(campaignWishes).values(wishes);
  return { campaignId, periodIds, pupilIds: made.map((u) => u.id) };
}

async function close(operator: Person, campaignId: string): Promise<CloseCampaignReport> {
  const res = await call(operator, 'POST', `/api/campaigns/${campaignId}/close`);
  expect(res.statusCode, res.body).toBe(202);
  return res.json();
}

const staffReach = (who: Person): Reach => ({ kind: 'staff', userId: who.id, roles: ['operator'] });

/** What a run stored, in a stable order, without the run's own id. */
async function storedResults(runId: string) {
  const rows = await ctx.handle.db
    .select({
      studentId: campaignResults.studentId,
      periodId: campaignResults.periodId,
      rankObtained: campaignResults.rankObtained,
      explanation: campaignResults.explanation,
    })
    .from(campaignResults)
    .where(eq(campaignResults.runId, runId));
  return JSON.stringify(rows.sort((a, b) => (a.studentId < b.studentId ? -1 : 1)));
}

describe('campaign allocations', () => {
  it('the published allocation passes the matching verifier rebuilt from the database rows alone (no blocking pair)', async () => {
    const operator = await createOperator(ctx);
    const { campaignId } = await campaignWithWishes(operator, { pupils: 45, periods: 10, seed: 7 });
    const { run, campaign } = await close(operator, campaignId);
    expect(run.status).toBe('done');
    const published = await call(operator, 'POST', `/api/campaigns/${campaignId}/publish`, {
      runId: run.id,
    });
    expect(published.statusCode, published.body).toBe(200);

    // Rebuilt here from rows, sharing nothing with the API's own loading code.
    const wishRows = await queryRows<{
      student_id: string;
      period_id: string;
      rank: number;
      priority: string;
    }>(
      ctx.handle.db,
      sql`select w.student_id, w.period_id, w.rank, sc.priority::text as priority
        from campaign_wishes w join students s on s.user_id = w.student_id
        join schools sc on sc.id = s.school_id
        where w.campaign_id = ${campaignId} and w.round = 1 order by w.student_id, w.rank`,
    );
    const seatRows = await queryRows<{ id: string; seats: number }>(
      ctx.handle.db,
      sql`select id, seats from offer_periods where campaign_id = ${campaignId}`,
    );
    const byStudent = new Map<string, { wishes: string[]; priority: string }>();
    for (const w of wishRows) {
      const entry = byStudent.get(w.student_id) ?? { wishes: [], priority: w.priority };
      entry.wishes.push(w.period_id);
      byStudent.set(w.student_id, entry);
    }
    const classOf: Record<string, string> = { rep_plus: 'rep-plus', rep: 'rep', none: 'other' };
    const instance: AllocationInstance = {
      students: [...byStudent].map(([id, s]) => ({
        id,
        wishes: s.wishes,
        priorityClass: classOf[s.priority]!,
      })),
      offers: seatRows.map((p) => ({ id: p.id, seats: p.seats })),
    };
    const placed = await ctx.handle.db
      .select({ studentId: applications.studentId, periodId: applications.periodId })
      .from(applications)
      .where(eq(applications.campaignId, campaignId));
    const placedBy = new Map(placed.map((p) => [p.studentId, p.periodId]));
    const pairs = instance.students.map((s) => ({
      studentId: s.id,
      offerId: placedBy.get(s.id) ?? null,
    }));
    const options = { seed: campaign.seed! };
    expect(placed.length).toBeGreaterThan(10);
    expect(verifyAllocation(instance, pairs, options)).toEqual([]);

    // The check can fail: take a REP+ pupil's seat and give it to an unplaced pupil.
    const repPlus = pairs.find(
      (p) => p.offerId && byStudent.get(p.studentId)!.priority === 'rep_plus',
    )!;
    const unplaced = pairs.find((p) => p.offerId === null);
    const broken = pairs.map((p) =>
      p === unplaced
        ? { ...p, offerId: repPlus.offerId }
        : p === repPlus
          ? { ...p, offerId: null }
          : p,
    );
    expect(verifyAllocation(instance, broken, options).length).toBeGreaterThan(0);
  });

  it('is reproducible: the same seed on the same wishes gives byte-identical results and inputs hash', async () => {
    const operator = await createOperator(ctx);
    const { campaignId } = await campaignWithWishes(operator, { pupils: 30, periods: 8, seed: 11 });
    const { run, campaign } = await close(operator, campaignId);
    const again = await call(operator, 'POST', `/api/campaigns/${campaignId}/runs`, {
      policy: campaign.policy,
    });
    expect(again.statusCode, again.body).toBe(202);
    const rerun = again.json() as CampaignRun;
    expect(rerun).toMatchObject({
      status: 'done',
      seed: run.seed,
      inputsHash: run.inputsHash,
      softwareVersion: run.softwareVersion,
    });
    // A finished run is never computed twice (a retried job finds nothing to do).
    expect(await executeRun(ctx.handle.db, { runId: run.id })).toBe('skipped');
    const [first, second] = [await storedResults(run.id), await storedResults(rerun.id)];
    expect(first.length).toBeGreaterThan(100);
    expect(second).toBe(first);
    expect({ ...rerun.report, timings: null }).toEqual({ ...run.report, timings: null });
  });

  it('a result the verifier rejects makes the run failed, and a failed run cannot be published', async () => {
    const operator = await createOperator(ctx);
    const { campaignId } = await campaignWithWishes(operator, { pupils: 20, periods: 5, seed: 3 });
    const { campaign } = await close(operator, campaignId);
    const { runId } = await startPreview(ctx.handle.db, {
      id: campaignId,
      reach: staffReach(operator),
      policy: campaign.policy,
    });
    // Every pupil on their first wish, whatever the seats: the verifier must object.
    const outcome = await executeRun(
      ctx.handle.db,
      { runId },
      {
        tamper: (result) => {
          for (const p of result.placements) {
            const first = p.refusals[0]?.offerId;
            if (first) p.offerId = first;
          }
        },
      },
    );
    expect(outcome).toBe('failed');
    const run = (
      await call(operator, 'GET', `/api/campaigns/${campaignId}/runs/${runId}`)
    ).json() as CampaignRun;
    expect(run).toMatchObject({ status: 'failed', step: 'failed', report: null });
    expect(run.error).toContain('vérification');
    expect(
      await ctx.handle.db.select().from(campaignResults).where(eq(campaignResults.runId, runId)),
    ).toEqual([]);
    const refused = await call(operator, 'POST', `/api/campaigns/${campaignId}/publish`, { runId });
    expect(refused.statusCode).toBe(409);
    expect(problemOf(refused).code).toBe('run.failed');
    const [row] = await ctx.handle.db.select().from(campaigns).where(eq(campaigns.id, campaignId));
    expect(row!.status).toBe('closed');
  });

  it('a publication that fails half-way leaves the campaign exactly as before, then publishes whole', async () => {
    const operator = await createOperator(ctx);
    const { campaignId } = await campaignWithWishes(operator, { pupils: 25, periods: 6, seed: 5 });
    const { run } = await close(operator, campaignId);
    const count = async () => {
      const [row] = await queryRows<{
        apps: number;
        events: number;
        agreements: number;
        notes: number;
        audits: number;
      }>(
        ctx.handle.db,
        sql`select (select count(*)::int from applications) as apps,
          (select count(*)::int from application_events) as events,
          (select count(*)::int from agreements) as agreements,
          (select count(*)::int from notifications) as notes,
          (select count(*)::int from audit_log where action in ('campaign.published', 'agreement.created')) as audits`,
      );
      return row!;
    };
    const before = await count();
    let reached = false;
    await expect(
      publishRun(
        ctx.handle.db,
        { webUrl: 'http://localhost:3000' },
        { id: campaignId, runId: run.id, reach: staffReach(operator), now: new Date() },
        {
          afterApplications: async (tx) => {
            // The applications are written at this point, inside the transaction...
            const [inside] = await queryRows<{ n: number }>(
              tx,
              sql`select count(*)::int as n from applications where campaign_id = ${campaignId}`,
            );
            reached = inside!.n === run.report!.placed && inside!.n > 0;
            throw new Error('crash in the middle of the publication');
          },
        },
      ),
    ).rejects.toThrow('crash in the middle');
    expect(reached).toBe(true);
    // ...and none of it survived.
    expect(await count()).toEqual(before);
    const [row] = await ctx.handle.db.select().from(campaigns).where(eq(campaigns.id, campaignId));
    expect(row).toMatchObject({ status: 'closed', publishedRunId: null });
    const [runRow] = await ctx.handle.db
      .select()
      .from(campaignRuns)
      .where(eq(campaignRuns.id, run.id));
    expect(runRow!.step).toBe('done');

    // The same run publishes whole afterwards.
    const published = await call(operator, 'POST', `/api/campaigns/${campaignId}/publish`, {
      runId: run.id,
    });
    expect(published.statusCode, published.body).toBe(200);
    const placed = published.json().placed as number;
    expect(placed).toBe(run.report!.placed);
    const after = await count();
    expect(after.apps - before.apps).toBe(placed);
    expect(after.events - before.events).toBe(placed);
    expect(after.agreements - before.agreements).toBe(placed);
    const told = await ctx.handle.db
      .select()
      .from(notifications)
      .where(inArray(notifications.kind, ['campaign.placed', 'campaign.unplaced']));
    expect(told).toHaveLength(run.report!.students);
    const audits = await ctx.handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'campaign.published'));
    expect(audits).toHaveLength(1);
  });

  it('reserved seats go to REP/REP+ pupils first; the preview without reserves shows who changes', async () => {
    const operator = await createOperator(ctx);
    const company = await createCompany(ctx);
    const { periods } = await createOffer(ctx, { companyId: company.id, periods: [{ seats: 2 }] });
    const periodId = periods[0]!.id;
    const res = await call(operator, 'POST', '/api/campaigns', {
      name: 'Places réservées',
      levels: ['3e'],
      opensAt: new Date(Date.now() - HOUR).toISOString(),
      closesAt: new Date(Date.now() + DAY).toISOString(),
      maxWishes: 1,
      // No class priority; half the seats reserved.
      policy: { priorityClasses: false, reservedShare: 0.5, reservePrecedence: 'open-first' },
      periodIds: [periodId],
    });
    expect(res.statusCode, res.body).toBe(201);
    const campaignId = res.json().id as string;
    const rep = await createSchool(ctx, { priority: 'rep' });
    const plain = await createSchool(ctx, { priority: 'none' });
    const pupils = [
      await createStudent(ctx, { schoolId: rep.id, level: '3e' }),
      ...(await Promise.all(
        [1, 2, 3, 4].map(() => createStudent(ctx, { schoolId: plain.id, level: '3e' })),
      )),
    ];
    for (const p of pupils) {
      expect(
        (await call(p, 'PUT', `/api/campaigns/${campaignId}/wishes`, { periodIds: [periodId] }))
          .statusCode,
      ).toBe(200);
    }
    const { run } = await close(operator, campaignId);
    // Whatever the draw, the REP pupil holds a seat: an open one, or the reserved one.
    const [repRow] = await ctx.handle.db
      .select()
      .from(campaignResults)
      .where(
        sql`${campaignResults.runId} = ${run.id} and ${campaignResults.studentId} = ${pupils[0]!.id}`,
      );
    expect(repRow!.periodId).toBe(periodId);
    expect(run.report!.byPriority.find((p) => p.priority === 'rep')).toMatchObject({ placed: 1 });
    expect(run.report!.algorithm).toBe('deferred-acceptance-with-reserves');
    const plainRun = (
      await call(operator, 'POST', `/api/campaigns/${campaignId}/runs`, {
        policy: { priorityClasses: false, reservedShare: 0, reservePrecedence: 'open-first' },
      })
    ).json() as CampaignRun;
    expect(plainRun.report!.algorithm).toBe('deferred-acceptance');
    const compared = await call(
      operator,
      'GET',
      `/api/campaigns/${campaignId}/runs/${run.id}/compare?with=${plainRun.id}`,
    );
    expect(compared.statusCode).toBe(200);
    const byRep = compared
      .json()
      .byPriority.find((p: { priority: string }) => p.priority === 'rep');
    expect(byRep.newlyPlaced).toBe(0);
  });

  it('a stage confirmed meanwhile removes the wishes it makes impossible; publication withdraws pending applications on the same dates', async () => {
    const operator = await createOperator(ctx);
    const company = await createCompany(ctx);
    const january = await createOffer(ctx, {
      companyId: company.id,
      title: 'Campagne janvier',
      periods: [{ seats: 1, startDate: '2027-01-11', endDate: '2027-01-15' }],
    });
    const february = await createOffer(ctx, {
      companyId: company.id,
      title: 'Campagne février',
      periods: [{ seats: 1, startDate: '2027-02-01', endDate: '2027-02-05' }],
    });
    const direct = await createOffer(ctx, {
      companyId: company.id,
      title: 'Hors campagne',
      periods: [
        { seats: 1, startDate: '2027-01-11', endDate: '2027-01-15' },
        { seats: 1, startDate: '2027-02-01', endDate: '2027-02-05' },
      ],
    });
    const [jan, feb] = [january.periods[0]!.id, february.periods[0]!.id];
    const res = await call(operator, 'POST', '/api/campaigns', {
      name: 'Chevauchements',
      levels: ['3e'],
      opensAt: new Date(Date.now() - HOUR).toISOString(),
      closesAt: new Date(Date.now() + DAY).toISOString(),
      maxWishes: 2,
      policy: { priorityClasses: true, reservedShare: 0, reservePrecedence: 'reserved-first' },
      periodIds: [jan, feb],
    });
    const campaignId = res.json().id as string;
    const school = await createSchool(ctx);
    const pupil = await createStudent(ctx, { schoolId: school.id, level: '3e' });
    expect(
      (await call(pupil, 'PUT', `/api/campaigns/${campaignId}/wishes`, { periodIds: [jan, feb] }))
        .statusCode,
    ).toBe(200);
    // Meanwhile: a stage in January confirmed directly, and a pending application in February.
    await ctx.handle.db.insert(applications).values([
      {
        offerId: direct.offer.id,
        periodId: direct.periods[0]!.id,
        studentId: pupil.id,
        status: 'confirmed',
      },
      {
        offerId: direct.offer.id,
        periodId: direct.periods[1]!.id,
        studentId: pupil.id,
        status: 'submitted',
      },
    ]);
    // Ranked again now, the January wish is refused at once, naming it.
    const again = await call(pupil, 'PUT', `/api/campaigns/${campaignId}/wishes`, {
      periodIds: [jan, feb],
    });
    expect(again.statusCode).toBe(400);
    expect(problemOf(again).errors?.[0]).toMatchObject({
      field: 'body.periodIds.0',
      code: 'wishes.confirmed_elsewhere',
    });
    // The list saved earlier is kept; the run leaves the impossible wish out.
    const { run } = await close(operator, campaignId);
    expect(run.report).toMatchObject({ students: 1, placed: 1, wishesDropped: 1 });
    const published = await call(operator, 'POST', `/api/campaigns/${campaignId}/publish`, {
      runId: run.id,
    });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ placed: 1, withdrawn: 1 });
    const mine = await ctx.handle.db
      .select({ periodId: applications.periodId, status: applications.status, id: applications.id })
      .from(applications)
      .where(eq(applications.studentId, pupil.id));
    expect(mine.find((a) => a.periodId === feb)!.status).toBe('confirmed');
    const pending = mine.find((a) => a.periodId === direct.periods[1]!.id)!;
    expect(pending.status).toBe('withdrawn');
    const [event] = await ctx.handle.db
      .select()
      .from(applicationEvents)
      .where(eq(applicationEvents.applicationId, pending.id));
    expect(event!.note).toContain('Chevauchements');
    const made = await ctx.handle.db
      .select()
      .from(agreements)
      .where(eq(agreements.studentId, pupil.id));
    expect(made).toHaveLength(1);
  });

  it('makes agreements one at a time or many at once with the same annexes, parties, notices and audit', async () => {
    const school = await createSchool(ctx);
    const head = await createTeacher(ctx, school.id, 'school_admin');
    const teacher = await createTeacher(ctx, school.id);
    const klass = await createClass(ctx, { schoolId: school.id, teacherId: teacher.id });
    const company = await createCompany(ctx);
    const employer = await createEmployer(ctx, company.id);
    const { offer, periods } = await createOffer(ctx, {
      companyId: company.id,
      description: 'Observer le fournil.  ',
      periods: [{ seats: 2 }],
    });
    const pupils = [];
    for (let i = 0; i < 2; i++) {
      pupils.push(
        await createStudent(ctx, {
          schoolId: school.id,
          classId: klass.id,
          firstName: 'Lina',
          lastName: 'Jumelle',
        }),
      );
    }
    const made = await ctx.handle.db
      .insert(applications)
      .values(
        pupils.map((p) => ({
          offerId: offer.id,
          periodId: periods[0]!.id,
          studentId: p.id,
          status: 'confirmed' as const,
        })),
      )
      .returning({ id: applications.id, studentId: applications.studentId });
    const [one, many] = made as [(typeof made)[0], (typeof made)[0]];
    await createAgreementForApplication(ctx.handle.db, { applicationId: one.id });
    expect(
      await createAgreementsForApplications(ctx.handle.db, { applicationIds: [many.id] }),
    ).toBe(1);
    // Idempotent, like the single one: nothing more for applications that have their agreement.
    expect(
      await createAgreementsForApplications(ctx.handle.db, { applicationIds: [one.id, many.id] }),
    ).toBe(0);

    const rows = await ctx.handle.db.select().from(agreements);
    expect(rows).toHaveLength(2);
    const shape = (applicationId: string) => {
      const row = rows.find((r) => r.applicationId === applicationId)!;
      return {
        row,
        comparable: {
          schoolId: row.schoolId,
          companyId: row.companyId,
          referentTeacherId: row.referentTeacherId,
          status: row.status,
          teachingAnnex: row.teachingAnnex,
          practicalAnnex: row.practicalAnnex,
        },
      };
    };
    const a = shape(one.id);
    const b = shape(many.id);
    expect(b.comparable).toEqual(a.comparable);
    expect(a.comparable.referentTeacherId).toBe(teacher.id);

    const notices = await ctx.handle.db
      .select()
      .from(notifications)
      .where(eq(notifications.kind, 'agreement.created'));
    const of = (agreementId: string, pupilId: string) =>
      notices
        .filter((n) => n.link === `/conventions/${agreementId}`)
        .map((n) => ({ who: n.userId === pupilId ? 'pupil' : n.userId, data: n.data }))
        .sort((x, y) => (x.who < y.who ? -1 : 1));
    expect(of(b.row.id, many.studentId)).toEqual(of(a.row.id, one.studentId));
    expect(
      of(a.row.id, one.studentId)
        .map((n) => n.who)
        .sort(),
    ).toEqual(['pupil', head.id, teacher.id, employer.id].sort());

    const audits = await ctx.handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'agreement.created'));
    const auditOf = (agreementId: string) => {
      const entry = audits.find((x) => x.subjectId === agreementId)!;
      return { actorId: entry.actorId, subjectType: entry.subjectType, data: entry.data };
    };
    expect(auditOf(b.row.id)).toEqual({ ...auditOf(a.row.id), data: { applicationId: many.id } });
    expect(auditOf(a.row.id).data).toEqual({ applicationId: one.id });
  });
});
