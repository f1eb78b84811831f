// Campaigns, their whole life through the API: creation with committed periods (and the periods
// refused, named), edits until the window opens, pupils ranking wishes in the window (and every
// refusal), closing with a drawn seed, the run and its preview of another policy, publication
// into confirmed applications and agreements, pupils' explained results, the second round, and
// the clock job. Who may do what is checked at each step (404 out of reach, 403 wrong role).
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type {
  Campaign,
  CampaignRun,
  CloseCampaignReport,
  MyCampaign,
  MyCampaignResult,
  PublishReport,
  RunComparison,
} from '@tremplin/contracts';
import { queryRows } from '@tremplin/db';
import {
  agreements,
  applicationEvents,
  applications,
  auditLog,
  campaigns,
  campaignRuns,
  emailOutbox,
  notifications,
  offerPeriods,
} from '@tremplin/db/schema';
import { tickCampaigns } from '../src/modules/campaigns/service.js';
import {
  createCompany,
  createOffer,
  createSchool,
  createStudent,
  createTeacher,
  type PeriodInput,
} from './factories.js';
import { createOperator, type Person, problemOf, setupApp } from './helper.js';

const ctx = setupApp();

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const policy = { priorityClasses: true, reservedShare: 0, reservePrecedence: 'reserved-first' };

function call(
  who: Person,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  payload?: object,
) {
  return ctx.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });
}

/** Published offers of one company, one period each (seats as given), in January 2027. */
async function periods(seats: number[], extra: PeriodInput = {}) {
  const company = await createCompany(ctx);
  const ids: string[] = [];
  for (const [i, n] of seats.entries()) {
    const { periods } = await createOffer(ctx, {
      companyId: company.id,
      title: `Stage de campagne ${i + 1}`,
      periods: [{ seats: n, ...extra }],
    });
    ids.push(periods[0]!.id);
  }
  return { company, ids };
}

async function pupilOf(schoolId: string, level: '3e' | '2de' = '3e', firstName = 'Inès') {
  return createStudent(ctx, { schoolId, level, firstName });
}

function campaignBody(periodIds: string[], overrides: Record<string, unknown> = {}) {
  const now = Date.now();
  return {
    name: 'Stages de 3e – janvier',
    levels: ['3e'],
    opensAt: new Date(now - HOUR).toISOString(),
    closesAt: new Date(now + 7 * DAY).toISOString(),
    maxWishes: 3,
    policy,
    periodIds,
    ...overrides,
  };
}

async function created(who: Person, body: object): Promise<Campaign> {
  const res = await call(who, 'POST', '/api/campaigns', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function wish(who: Person, campaignId: string, periodIds: string[]) {
  return call(who, 'PUT', `/api/campaigns/${campaignId}/wishes`, { periodIds });
}

describe('creating and editing a campaign', () => {
  it('an operator creates a département campaign; its periods are committed and closed to direct applications', async () => {
    const operator = await createOperator(ctx);
    const { ids } = await periods([2, 1]);
    const campaign = await created(operator, campaignBody(ids));
    expect(campaign).toMatchObject({
      schoolId: null,
      status: 'open',
      round: 1,
      seed: null,
      editable: false,
      counts: { periods: 2, seats: 3, pupils: 0, wishes: 0 },
    });
    expect(campaign.periods.map((p) => p.id).sort()).toEqual([...ids].sort());
    const committed = await ctx.handle.db
      .select({ campaignId: offerPeriods.campaignId })
      .from(offerPeriods)
      .where(eq(offerPeriods.id, ids[0]!));
    expect(committed[0]!.campaignId).toBe(campaign.id);

    const school = await createSchool(ctx);
    const pupil = await pupilOf(school.id);
    const direct = await call(pupil, 'POST', '/api/applications', { periodId: ids[0] });
    expect(direct.statusCode).toBe(409);
    expect(problemOf(direct).code).toBe('period.campaign');
  });

  it('refuses committing a period that already has live applications, and says which one', async () => {
    const operator = await createOperator(ctx);
    const { ids } = await periods([2, 2]);
    const school = await createSchool(ctx);
    const pupil = await pupilOf(school.id);
    expect((await call(pupil, 'POST', '/api/applications', { periodId: ids[1] })).statusCode).toBe(
      201,
    );

    const res = await call(operator, 'POST', '/api/campaigns', campaignBody(ids));
    expect(res.statusCode).toBe(409);
    const problem = problemOf(res);
    expect(problem.code).toBe('campaign.periods_taken');
    expect(problem.detail).toContain('Stage de campagne 2');
    expect(problem.detail).toContain('1 candidature(s) en cours');
    expect(problem.errors).toEqual([
      expect.objectContaining({ field: 'body.periodIds.1', code: 'period.applications' }),
    ]);
    // Nothing was kept: no campaign, no period committed.
    expect(await ctx.handle.db.select().from(campaigns)).toHaveLength(0);
    const [p] = await ctx.handle.db.select().from(offerPeriods).where(eq(offerPeriods.id, ids[0]!));
    expect(p!.campaignId).toBeNull();
  });

  it('refuses bad input naming the field: window backwards, unknown period, too many wishes allowed', async () => {
    const operator = await createOperator(ctx);
    const { ids } = await periods([1]);
    const now = Date.now();
    const backwards = await call(
      operator,
      'POST',
      '/api/campaigns',
      campaignBody(ids, {
        opensAt: new Date(now + 2 * DAY).toISOString(),
        closesAt: new Date(now + DAY).toISOString(),
      }),
    );
    expect(backwards.statusCode).toBe(400);
    expect(problemOf(backwards).errors?.[0]?.field).toBe('body.closesAt');

    const unknown = await call(
      operator,
      'POST',
      '/api/campaigns',
      campaignBody([ids[0]!, '00000000-0000-4000-8000-000000000000']),
    );
    expect(unknown.statusCode).toBe(400);
    expect(problemOf(unknown).errors?.[0]).toMatchObject({
      field: 'body.periodIds.1',
      code: 'period.unknown',
    });

    const tooMany = await call(
      operator,
      'POST',
      '/api/campaigns',
      campaignBody(ids, { maxWishes: 21 }),
    );
    expect(tooMany.statusCode).toBe(400);
    expect(problemOf(tooMany).errors?.some((e) => e.field === 'body.maxWishes')).toBe(true);
  });

  it('can be edited until its window opens, then no more', async () => {
    const operator = await createOperator(ctx);
    const { ids } = await periods([1, 1, 1]);
    const now = Date.now();
    const campaign = await created(
      operator,
      campaignBody([ids[0]!], {
        opensAt: new Date(now + DAY).toISOString(),
        closesAt: new Date(now + 8 * DAY).toISOString(),
      }),
    );
    expect(campaign).toMatchObject({ status: 'draft', editable: true });
    const edited = await call(operator, 'PATCH', `/api/campaigns/${campaign.id}`, {
      name: 'Stages de 3e – janvier (bis)',
      periodIds: [ids[1]!, ids[2]!],
      maxWishes: 5,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ name: 'Stages de 3e – janvier (bis)', maxWishes: 5 });
    expect((edited.json() as Campaign).periods.map((p) => p.id).sort()).toEqual(
      [ids[1]!, ids[2]!].sort(),
    );
    // The period left out is free again.
    const [released] = await ctx.handle.db
      .select()
      .from(offerPeriods)
      .where(eq(offerPeriods.id, ids[0]!));
    expect(released!.campaignId).toBeNull();

    // The window opens: the campaign is frozen, and what was saved is still there.
    await ctx.handle.db
      .update(campaigns)
      .set({ opensAt: new Date(now - HOUR) })
      .where(eq(campaigns.id, campaign.id));
    const late = await call(operator, 'PATCH', `/api/campaigns/${campaign.id}`, { maxWishes: 2 });
    expect(late.statusCode).toBe(409);
    expect(problemOf(late).code).toBe('campaign.opened');
    const again = (await call(operator, 'GET', `/api/campaigns/${campaign.id}`)).json() as Campaign;
    expect(again).toMatchObject({ maxWishes: 5, status: 'open', editable: false });
    expect((await call(operator, 'DELETE', `/api/campaigns/${campaign.id}`)).statusCode).toBe(409);
  });

  it('a head of school runs campaigns for their own school only: another head gets 404, a teacher 403', async () => {
    const school = await createSchool(ctx);
    const other = await createSchool(ctx);
    const head = await createTeacher(ctx, school.id, 'school_admin');
    const otherHead = await createTeacher(ctx, other.id, 'school_admin');
    const teacher = await createTeacher(ctx, school.id);
    const { ids } = await periods([1]);

    const forOther = await call(head, 'POST', '/api/campaigns', {
      ...campaignBody(ids),
      schoolId: other.id,
    });
    expect(forOther.statusCode).toBe(403);
    const withoutSchool = await call(head, 'POST', '/api/campaigns', campaignBody(ids));
    expect(withoutSchool.statusCode).toBe(400);
    expect(problemOf(withoutSchool).errors?.[0]?.field).toBe('body.schoolId');

    const campaign = await created(head, { ...campaignBody(ids), schoolId: school.id });
    expect(campaign.schoolId).toBe(school.id);
    expect((await call(otherHead, 'GET', `/api/campaigns/${campaign.id}`)).statusCode).toBe(404);
    expect((await call(otherHead, 'POST', `/api/campaigns/${campaign.id}/close`)).statusCode).toBe(
      404,
    );
    expect(
      ((await call(otherHead, 'GET', '/api/campaigns')).json() as { items: unknown[] }).items,
    ).toEqual([]);
    expect((await call(teacher, 'GET', `/api/campaigns/${campaign.id}`)).statusCode).toBe(403);
    expect((await call(teacher, 'POST', '/api/campaigns', campaignBody([]))).statusCode).toBe(403);
  });
});

describe('wishes', () => {
  it('a pupil ranks, reorders and removes wishes in the window, and sees how many wishes each period has', async () => {
    const operator = await createOperator(ctx);
    const { ids } = await periods([1, 1, 1, 1]);
    const campaign = await created(operator, campaignBody(ids));
    const school = await createSchool(ctx);
    const ines = await pupilOf(school.id);
    const yanis = await pupilOf(school.id, '3e', 'Yanis');

    expect((await wish(yanis, campaign.id, [ids[0]!])).statusCode).toBe(200);
    const first = await wish(ines, campaign.id, [ids[0]!, ids[1]!, ids[2]!]);
    expect(first.statusCode, first.body).toBe(200);
    const reordered = await wish(ines, campaign.id, [ids[2]!, ids[0]!]);
    const mine = reordered.json() as MyCampaign;
    expect(mine.wishes.map((w) => [w.rank, w.period.id])).toEqual([
      [1, ids[2]],
      [2, ids[0]],
    ]);
    expect(mine.block).toBeNull();
    expect(mine.periods.find((p) => p.id === ids[0])!.wishCount).toBe(2);
    expect(mine.periods.find((p) => p.id === ids[1])!.wishCount).toBe(0);
    expect(mine.periodsTotal).toBe(4);

    const list = (await call(ines, 'GET', '/api/campaigns')).json() as { items: Campaign[] };
    expect(list.items.map((c) => c.id)).toEqual([campaign.id]);
  });

  it('refuses more wishes than allowed, a repeated wish, a period outside the campaign, and keeps the saved list', async () => {
    const operator = await createOperator(ctx);
    const { ids } = await periods([1, 1, 1, 1]);
    const outside = await periods([1]);
    const campaign = await created(operator, campaignBody(ids));
    const school = await createSchool(ctx);
    const pupil = await pupilOf(school.id);
    expect((await wish(pupil, campaign.id, [ids[1]!])).statusCode).toBe(200);

    const tooMany = await wish(pupil, campaign.id, ids);
    expect(tooMany.statusCode).toBe(400);
    expect(problemOf(tooMany).errors?.[0]).toMatchObject({
      field: 'body.periodIds',
      code: 'wishes.max',
    });
    const twice = await wish(pupil, campaign.id, [ids[0]!, ids[0]!]);
    expect(twice.statusCode).toBe(400);
    expect(problemOf(twice).errors?.[0]).toMatchObject({
      field: 'body.periodIds.1',
      code: 'wishes.duplicate',
    });
    const foreign = await wish(pupil, campaign.id, [ids[0]!, outside.ids[0]!]);
    expect(foreign.statusCode).toBe(400);
    expect(problemOf(foreign).errors?.[0]).toMatchObject({
      field: 'body.periodIds.1',
      code: 'wishes.not_in_campaign',
    });
    const saved = (
      await call(pupil, 'GET', `/api/campaigns/${campaign.id}/wishes`)
    ).json() as MyCampaign;
    expect(saved.wishes.map((w) => w.period.id)).toEqual([ids[1]]);
  });

  it('refuses wishes once the window has closed (409) and shows nothing before it opens (404)', async () => {
    const operator = await createOperator(ctx);
    const { ids } = await periods([1]);
    const now = Date.now();
    const later = await created(
      operator,
      campaignBody(ids, {
        opensAt: new Date(now + DAY).toISOString(),
        closesAt: new Date(now + 3 * DAY).toISOString(),
      }),
    );
    const school = await createSchool(ctx);
    const pupil = await pupilOf(school.id);
    expect((await wish(pupil, later.id, [ids[0]!])).statusCode).toBe(404);
    expect((await call(pupil, 'GET', `/api/campaigns/${later.id}/wishes`)).statusCode).toBe(404);

    // The window passes (the clock job has not closed it yet): wishes are refused all the same.
    await ctx.handle.db
      .update(campaigns)
      .set({ opensAt: new Date(now - 3 * DAY), closesAt: new Date(now - DAY) })
      .where(eq(campaigns.id, later.id));
    const closed = await wish(pupil, later.id, [ids[0]!]);
    expect(closed.statusCode).toBe(409);
    expect(problemOf(closed).code).toBe('wishes.closed');
    const view = (
      await call(pupil, 'GET', `/api/campaigns/${later.id}/wishes`)
    ).json() as MyCampaign;
    expect(view.block).toBe('closed');
  });

  it('a school campaign is not reachable by pupils of another school or another level (404)', async () => {
    const school = await createSchool(ctx);
    const other = await createSchool(ctx);
    const head = await createTeacher(ctx, school.id, 'school_admin');
    const { ids } = await periods([1]);
    const campaign = await created(head, { ...campaignBody(ids), schoolId: school.id });
    const own = await pupilOf(school.id);
    const foreign = await pupilOf(other.id);
    const lycee = await pupilOf(school.id, '2de');
    expect((await wish(own, campaign.id, [ids[0]!])).statusCode).toBe(200);
    for (const outsider of [foreign, lycee]) {
      expect((await wish(outsider, campaign.id, [ids[0]!])).statusCode).toBe(404);
      expect((await call(outsider, 'GET', `/api/campaigns/${campaign.id}/wishes`)).statusCode).toBe(
        404,
      );
      expect((await call(outsider, 'GET', `/api/campaigns/${campaign.id}/result`)).statusCode).toBe(
        404,
      );
    }
    // Staff routes are not for pupils.
    expect((await call(own, 'GET', `/api/campaigns/${campaign.id}`)).statusCode).toBe(403);
  });
});

describe('the life of a campaign', () => {
  it('closes with a drawn seed, previews two policies, publishes once into confirmed applications and agreements, and explains each result', async () => {
    const operator = await createOperator(ctx);
    // One seat at "A", one at "B": three pupils want A first.
    const { ids, company } = await periods([1, 1]);
    const [a, b] = ids as [string, string];
    const campaign = await created(operator, campaignBody(ids, { maxWishes: 2 }));
    const repPlus = await createSchool(ctx, { priority: 'rep_plus' });
    const plain = await createSchool(ctx, { priority: 'none' });
    const lina = await pupilOf(repPlus.id, '3e', 'Lina');
    const hugo = await pupilOf(plain.id, '3e', 'Hugo');
    const jade = await pupilOf(plain.id, '3e', 'Jade');
    for (const pupil of [lina, hugo, jade]) {
      expect((await wish(pupil, campaign.id, [a, b])).statusCode).toBe(200);
    }

    // A pupil cannot close it; the operator can.
    expect((await call(lina, 'POST', `/api/campaigns/${campaign.id}/close`)).statusCode).toBe(403);
    const closing = await call(operator, 'POST', `/api/campaigns/${campaign.id}/close`);
    expect(closing.statusCode, closing.body).toBe(202);
    const closed = closing.json() as CloseCampaignReport;
    expect(closed.campaign.status).toBe('closed');
    expect(closed.campaign.seed).toMatch(/^[0-9a-f]{32}$/);
    // With jobs off in tests, the run is computed before the answer.
    const run = closed.run;
    expect(run).toMatchObject({ status: 'done', progress: 100, step: 'done', round: 1 });
    expect(run.seed).toBe(closed.campaign.seed);
    expect(run.inputsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(run.softwareVersion).toContain('campaign-rules-1');
    expect(run.report).toMatchObject({
      students: 3,
      placed: 2,
      unplaced: 1,
      seats: 2,
      seatsLeft: 0,
      wishes: 6,
      algorithm: 'deferred-acceptance',
    });
    expect(run.report!.byPriority.find((p) => p.priority === 'rep_plus')).toMatchObject({
      students: 1,
      placed: 1,
      firstWish: 1,
    });
    expect(run.report!.bySchool[0]).toMatchObject({ schoolId: plain.id, unplaced: 1 });
    const [audit] = await ctx.handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'campaign.closed'), eq(auditLog.subjectId, campaign.id)));
    expect(audit!.data).toMatchObject({ seed: closed.campaign.seed, round: 1 });

    // Wishes are closed now.
    expect((await wish(lina, campaign.id, [b])).statusCode).toBe(409);
    // A second close is refused.
    expect((await call(operator, 'POST', `/api/campaigns/${campaign.id}/close`)).statusCode).toBe(
      409,
    );

    // Another policy on the same wishes: no class priority.
    const preview = await call(operator, 'POST', `/api/campaigns/${campaign.id}/runs`, {
      policy: { ...policy, priorityClasses: false },
    });
    expect(preview.statusCode, preview.body).toBe(202);
    const other = preview.json() as CampaignRun;
    expect(other).toMatchObject({ status: 'done', seed: run.seed });
    expect(other.inputsHash).not.toBe(run.inputsHash);
    const compared = await call(
      operator,
      'GET',
      `/api/campaigns/${campaign.id}/runs/${run.id}/compare?with=${other.id}`,
    );
    expect(compared.statusCode, compared.body).toBe(200);
    const comparison = compared.json() as RunComparison;
    expect(comparison.a).toBe(run.id);
    expect(comparison.byPriority.map((p) => p.priority)).toEqual(['rep_plus', 'rep', 'none']);
    expect(comparison.newlyPlaced).toBe(comparison.newlyUnplaced);
    const runs = (await call(operator, 'GET', `/api/campaigns/${campaign.id}/runs`)).json() as {
      items: CampaignRun[];
    };
    expect(runs.items).toHaveLength(2);

    // Publish the first run.
    const published = await call(operator, 'POST', `/api/campaigns/${campaign.id}/publish`, {
      runId: run.id,
    });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json() as PublishReport).toMatchObject({
      placed: 2,
      unplaced: 1,
      agreements: 2,
      round: 1,
    });
    const again = await call(operator, 'POST', `/api/campaigns/${campaign.id}/publish`, {
      runId: run.id,
    });
    expect(again.statusCode).toBe(409);
    expect(problemOf(again).code).toBe('campaign.published');

    const made = await ctx.handle.db
      .select()
      .from(applications)
      .where(eq(applications.campaignId, campaign.id));
    expect(made).toHaveLength(2);
    expect(made.every((m) => m.status === 'confirmed')).toBe(true);
    // Lina (REP+) comes first at A.
    expect(made.find((m) => m.studentId === lina.id)!.periodId).toBe(a);
    const events = await ctx.handle.db
      .select()
      .from(applicationEvents)
      .where(eq(applicationEvents.applicationId, made[0]!.id));
    expect(events).toEqual([
      expect.objectContaining({ fromStatus: null, toStatus: 'confirmed', actorId: null }),
    ]);
    expect(events[0]!.note).toContain(campaign.id);
    const madeAgreements = await ctx.handle.db
      .select()
      .from(agreements)
      .where(eq(agreements.companyId, company.id));
    expect(madeAgreements).toHaveLength(2);
    const told = await ctx.handle.db
      .select({ userId: notifications.userId, kind: notifications.kind })
      .from(notifications)
      .where(sql`${notifications.kind} like 'campaign.%'`);
    expect(told).toHaveLength(3);
    expect(told.filter((t) => t.kind === 'campaign.unplaced')).toHaveLength(1);
    const mails = await ctx.handle.db.select().from(emailOutbox);
    expect(mails.some((m) => m.subject.includes('vous avez un stage'))).toBe(true);

    // Lina's result: her first wish, nothing to explain above it.
    const linaResult = (
      await call(lina, 'GET', `/api/campaigns/${campaign.id}/result`)
    ).json() as MyCampaignResult;
    expect(linaResult.rounds).toHaveLength(1);
    expect(linaResult.rounds[0]).toMatchObject({ placed: true, rankObtained: 1 });
    expect(linaResult.rounds[0]!.agreementId).toBeTruthy();
    expect(linaResult.rounds[0]!.wishes.map((w) => w.outcome)).toEqual(['obtained', 'not_needed']);
    // The unplaced pupil: wish 1 went to a REP+ pupil (a higher priority).
    const results = await Promise.all(
      [hugo, jade].map(
        async (p) =>
          (await call(p, 'GET', `/api/campaigns/${campaign.id}/result`)).json() as MyCampaignResult,
      ),
    );
    const unplaced = results.find((r) => !r.rounds[0]!.placed)!;
    expect(unplaced.priority).toBe('none');
    const first = unplaced.rounds[0]!.wishes[0]!;
    expect(first).toMatchObject({ rank: 1, outcome: 'refused' });
    expect(first.refusal).toMatchObject({
      reason: 'full',
      cutoffSeats: 'open',
      cutoff: { priority: 'rep_plus' },
      own: { priority: 'none' },
    });
    const secondWish = unplaced.rounds[0]!.wishes[1]!;
    expect(secondWish.refusal!.cutoff!.priority).toBe('none');
    expect(secondWish.refusal!.cutoff!.lotteryRank).toBeLessThan(
      secondWish.refusal!.own!.lotteryRank!,
    );
  });

  it('concurrent publications: exactly one wins, the other is refused, nothing is doubled', async () => {
    const operator = await createOperator(ctx);
    const { ids } = await periods([2, 1]);
    const campaign = await created(operator, campaignBody(ids));
    const school = await createSchool(ctx);
    for (const name of ['Lina', 'Hugo', 'Jade', 'Awa']) {
      const pupil = await pupilOf(school.id, '3e', name);
      expect((await wish(pupil, campaign.id, ids)).statusCode).toBe(200);
    }
    const { run } = (
      await call(operator, 'POST', `/api/campaigns/${campaign.id}/close`)
    ).json() as CloseCampaignReport;
    const answers = await Promise.all(
      [0, 1, 2].map(() =>
        call(operator, 'POST', `/api/campaigns/${campaign.id}/publish`, { runId: run.id }),
      ),
    );
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 409, 409]);
    const made = await ctx.handle.db
      .select()
      .from(applications)
      .where(eq(applications.campaignId, campaign.id));
    expect(made).toHaveLength(3);
    const rows = await queryRows<{ n: number }>(
      ctx.handle.db,
      sql`select count(*)::int as n from agreements`,
    );
    expect(rows[0]!.n).toBe(3);
  });

  it('a second round lets unplaced pupils wish over the seats left; placed pupils are refused; the last publication frees the remaining seats', async () => {
    const operator = await createOperator(ctx);
    const { ids } = await periods([1, 2]);
    const [a, b] = ids as [string, string];
    const campaign = await created(operator, campaignBody(ids));
    const school = await createSchool(ctx);
    const lina = await pupilOf(school.id, '3e', 'Lina');
    const hugo = await pupilOf(school.id, '3e', 'Hugo');
    expect((await wish(lina, campaign.id, [a])).statusCode).toBe(200);
    expect((await wish(hugo, campaign.id, [a])).statusCode).toBe(200);
    const { run } = (
      await call(operator, 'POST', `/api/campaigns/${campaign.id}/close`)
    ).json() as CloseCampaignReport;
    expect(
      (await call(operator, 'POST', `/api/campaigns/${campaign.id}/publish`, { runId: run.id }))
        .statusCode,
    ).toBe(200);

    const past = await call(operator, 'POST', `/api/campaigns/${campaign.id}/second-round`, {
      closesAt: new Date(Date.now() - HOUR).toISOString(),
    });
    expect(past.statusCode).toBe(400);
    expect(problemOf(past).errors?.[0]?.field).toBe('body.closesAt');
    const opened = await call(operator, 'POST', `/api/campaigns/${campaign.id}/second-round`, {
      closesAt: new Date(Date.now() + 3 * DAY).toISOString(),
    });
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json()).toMatchObject({ status: 'second_round_open', round: 2 });

    const placed = (await call(lina, 'GET', '/api/campaigns')).json() as { items: Campaign[] };
    expect(placed.items).toHaveLength(1);
    const view = async (p: Person) =>
      (await call(p, 'GET', `/api/campaigns/${campaign.id}/wishes`)).json() as MyCampaign;
    const [linaView, hugoView] = [await view(lina), await view(hugo)];
    const unplacedView = linaView.block === 'placed' ? hugoView : linaView;
    const placedPupil = linaView.block === 'placed' ? lina : hugo;
    const unplacedPupil = placedPupil === lina ? hugo : lina;
    expect(unplacedView.block).toBeNull();
    expect(unplacedView.wishes).toEqual([]);
    // Only B still has seats.
    expect(unplacedView.periods.map((p) => [p.id, p.seats])).toEqual([[b, 2]]);
    expect((await wish(placedPupil, campaign.id, [b])).statusCode).toBe(409);
    const full = await wish(unplacedPupil, campaign.id, [a]);
    expect(full.statusCode).toBe(400);
    expect(problemOf(full).errors?.[0]?.code).toBe('wishes.full');
    expect((await wish(unplacedPupil, campaign.id, [b])).statusCode).toBe(200);

    const second = (
      await call(operator, 'POST', `/api/campaigns/${campaign.id}/close`)
    ).json() as CloseCampaignReport;
    expect(second.run).toMatchObject({ round: 2, status: 'done', seed: run.seed });
    expect(second.run.report).toMatchObject({ students: 1, placed: 1, seats: 2 });
    const done = await call(operator, 'POST', `/api/campaigns/${campaign.id}/publish`, {
      runId: second.run.id,
    });
    expect(done.statusCode, done.body).toBe(200);
    const result = (
      await call(unplacedPupil, 'GET', `/api/campaigns/${campaign.id}/result`)
    ).json() as MyCampaignResult;
    expect(result.rounds.map((r) => [r.round, r.placed])).toEqual([
      [1, false],
      [2, true],
    ]);
    // Both rounds' runs are recorded as published.
    const runs = await ctx.handle.db
      .select({ step: campaignRuns.step })
      .from(campaignRuns)
      .where(eq(campaignRuns.campaignId, campaign.id));
    expect(runs.filter((r) => r.step === 'published')).toHaveLength(2);
    // The seat left at B is open to direct applications again.
    const free = await ctx.handle.db.select().from(offerPeriods).where(eq(offerPeriods.id, b));
    expect(free[0]!.campaignId).toBeNull();
  });

  it('the clock job opens drafts when their window comes and closes rounds whose window has passed', async () => {
    const operator = await createOperator(ctx);
    const { ids } = await periods([1]);
    const now = Date.now();
    const campaign = await created(
      operator,
      campaignBody(ids, {
        opensAt: new Date(now + HOUR).toISOString(),
        closesAt: new Date(now + 2 * HOUR).toISOString(),
      }),
    );
    const queued: string[] = [];
    const enqueue = async (runId: string) => queued.push(runId);
    expect(await tickCampaigns(ctx.handle.db, { now: new Date(now), enqueue })).toEqual({
      opened: 0,
      closed: 0,
      requeued: 0,
    });
    expect(
      await tickCampaigns(ctx.handle.db, { now: new Date(now + 90 * 60 * 1000), enqueue }),
    ).toEqual({ opened: 1, closed: 0, requeued: 0 });
    const school = await createSchool(ctx);
    const pupil = await pupilOf(school.id);
    await ctx.handle.db
      .update(campaigns)
      .set({ opensAt: new Date(now - HOUR), closesAt: new Date(now + HOUR) })
      .where(eq(campaigns.id, campaign.id));
    expect((await wish(pupil, campaign.id, ids)).statusCode).toBe(200);
    expect(await tickCampaigns(ctx.handle.db, { now: new Date(now + 3 * HOUR), enqueue })).toEqual({
      opened: 0,
      closed: 1,
      requeued: 0,
    });
    expect(queued).toHaveLength(1);
    const [row] = await ctx.handle.db.select().from(campaigns).where(eq(campaigns.id, campaign.id));
    expect(row).toMatchObject({ status: 'closed' });
    expect(row!.seed).toMatch(/^[0-9a-f]{32}$/);
    const [run] = await ctx.handle.db
      .select()
      .from(campaignRuns)
      .where(eq(campaignRuns.id, queued[0]!));
    expect(run).toMatchObject({ status: 'queued', seed: row!.seed, createdBy: null });
    // Nothing more to open or close; a run still queued an hour later had its job lost: again.
    expect(await tickCampaigns(ctx.handle.db, { now: new Date(now + 4 * HOUR), enqueue })).toEqual({
      opened: 0,
      closed: 0,
      requeued: 1,
    });
    expect(queued).toEqual([run!.id, run!.id]);
  });
});

describe('the demo data', () => {
  it('holds an open département campaign for 3e in which the demo pupil ranks wishes and sees the others’ counts', async () => {
    const { seedDemo, DEMO_PASSWORD } = await import('@tremplin/db/seed/demo');
    const { hashPassword } = await import('../src/lib/password.js');
    expect(await seedDemo(ctx.handle.db, { hashPassword })).toBe(true);
    const login = async (email: string): Promise<Person> => {
      const response = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { login: email, password: DEMO_PASSWORD },
      });
      expect(response.statusCode).toBe(200);
      const { token, user } = response.json() as { token: string; user: { id: string } };
      return { id: user.id, email, token, headers: { authorization: `Bearer ${token}` } };
    };
    const operator = await login('operateur@demo.tremplin.fr');
    const pupil = await login('eleve@demo.tremplin.fr');
    const staffList = (await call(operator, 'GET', '/api/campaigns')).json() as {
      items: Campaign[];
    };
    expect(staffList.items).toHaveLength(1);
    const demo = staffList.items[0]!;
    expect(demo).toMatchObject({ status: 'open', schoolId: null, levels: ['3e'], maxWishes: 3 });
    expect(demo.counts.periods).toBe(5);
    expect(demo.counts.pupils).toBe(4);

    const mine = (
      await call(pupil, 'GET', `/api/campaigns/${demo.id}/wishes`)
    ).json() as MyCampaign;
    expect(mine.block).toBeNull();
    expect(mine.wishes).toEqual([]);
    expect(mine.periods).toHaveLength(5);
    expect(mine.periods.some((p) => p.wishCount > 0)).toBe(true);
    const ranked = await wish(pupil, demo.id, [mine.periods[1]!.id, mine.periods[0]!.id]);
    expect(ranked.statusCode, ranked.body).toBe(200);
    // Seats committed to the campaign are not open to direct applications.
    const direct = await call(pupil, 'POST', '/api/applications', {
      periodId: mine.periods[2]!.id,
    });
    expect(direct.statusCode).toBe(409);
    expect(problemOf(direct).code).toBe('period.campaign');
  });
});
