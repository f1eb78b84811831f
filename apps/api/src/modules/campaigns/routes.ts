// Routes of the campaigns domain: operators (département-wide) and heads of school (their own
// school's pupils) create and run allocation campaigns; pupils rank their wishes and read their
// result. Also defines the two jobs: the allocation run, and the clock that opens and closes
// windows.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  Campaign,
  CampaignList,
  CampaignRun,
  CampaignRunList,
  CampaignRunParams,
  CandidatePeriodList,
  CandidatePeriodsQuery,
  CloseCampaignReport,
  CompareRunsQuery,
  CreateCampaignBody,
  IdParams,
  MyCampaign,
  MyCampaignQuery,
  MyCampaignResult,
  Ok,
  PreviewRunBody,
  PublishCampaignBody,
  PublishReport,
  RunComparison,
  SecondRoundBody,
  SetWishesBody,
  UpdateCampaignBody,
} from '@tremplin/contracts';
import type { Config } from '../../config.js';
import { principalOf } from '../../plugins/auth.js';
import { notFound } from '../../lib/problem.js';
import { authProblems, problems, secured } from '../../lib/schemas.js';
import type { Reach } from './repository.js';
import * as service from './service.js';

export const RUN_JOB = 'campaigns.run';
export const CLOCK_JOB = 'campaigns.clock';

const STAFF = ['operator', 'school_admin'] as const;

export default async function campaignRoutes(
  fastify: FastifyInstance,
  options: { config: Pick<Config, 'publicWebUrl'> },
) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const serviceOptions = { webUrl: options.config.publicWebUrl };

  app.jobs.define<{ runId: string }>({
    name: RUN_JOB,
    handler: async ({ runId }) => {
      const outcome = await service.executeRun(app.db, { runId, log: app.log });
      app.log.info({ runId, outcome }, 'campaign run');
    },
  });
  app.jobs.define({
    name: CLOCK_JOB,
    cron: '* * * * *',
    handler: async () => {
      const done = await service.tickCampaigns(app.db, {
        now: new Date(),
        enqueue: (runId) => app.jobs.send(RUN_JOB, { runId }),
      });
      if (done.opened + done.closed + done.requeued > 0) app.log.info(done, 'campaign windows');
    },
  });

  const reachOf = (request: FastifyRequest): Reach => {
    const principal = principalOf(request);
    return { kind: 'staff', userId: principal.id, roles: principal.roles };
  };

  async function runOf(campaignId: string, runId: string, reach: Reach) {
    return service.viewRun(app.db, { id: campaignId, runId, reach });
  }

  // --- staff ------------------------------------------------------------------------------------

  app.get(
    '/api/campaigns',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF, 'student')],
      schema: {
        tags: ['campaigns'],
        summary: 'The campaigns I run (operator, head of school) or take part in (pupil)',
        ...secured,
        response: { 200: CampaignList, ...problems(...authProblems) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const now = new Date();
      const staff = principal.roles.some((r) => (STAFF as readonly string[]).includes(r));
      const items = staff
        ? await service.listCampaigns(app.db, { reach: reachOf(request), now })
        : await service.listPupilCampaigns(app.db, { userId: principal.id, now });
      return { items };
    },
  );

  app.post(
    '/api/campaigns',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: ['campaigns'],
        summary: 'Create a campaign and commit its periods',
        description:
          'An operator creates a département campaign (no `schoolId`) or one for a school; a head of school, for the school they head only. Each period must belong to a published offer for one of the levels, start later, and have no live application (409 naming each one otherwise).',
        ...secured,
        body: CreateCampaignBody,
        response: { 201: Campaign, ...problems(400, 409, ...authProblems) },
      },
    },
    async (request, reply) => {
      const reach = reachOf(request);
      const now = new Date();
      const { id } = await service.createCampaign(app.db, { reach, body: request.body, now });
      reply.status(201);
      return (await service.viewCampaign(app.db, { id, reach, now }))!;
    },
  );

  app.get(
    '/api/campaigns/periods',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: ['campaigns'],
        summary: 'Offer periods a campaign could commit',
        description:
          'Periods of published offers for these levels, starting after today, not committed to another campaign; `liveApplications` > 0 means the period cannot be committed.',
        ...secured,
        querystring: CandidatePeriodsQuery,
        response: { 200: CandidatePeriodList, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) => ({
      items: await service.listCandidatePeriods(app.db, {
        levels: request.query.level ?? [],
        q: request.query.q,
        campaignId: request.query.campaign,
        reach: reachOf(request),
        limit: request.query.limit ?? 100,
        now: new Date(),
      }),
    }),
  );

  app.get(
    '/api/campaigns/:id',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: ['campaigns'],
        summary: 'One campaign with its committed periods',
        ...secured,
        params: IdParams,
        response: { 200: Campaign, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) => {
      const campaign = await service.viewCampaign(app.db, {
        id: request.params.id,
        reach: reachOf(request),
        now: new Date(),
      });
      if (!campaign) throw notFound("Cette campagne n'existe pas ou ne vous concerne pas.");
      return campaign;
    },
  );

  app.patch(
    '/api/campaigns/:id',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: ['campaigns'],
        summary: 'Change a campaign until its window opens',
        description: '`periodIds`, when given, is the whole new list of committed periods.',
        ...secured,
        params: IdParams,
        body: UpdateCampaignBody,
        response: { 200: Campaign, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      const reach = reachOf(request);
      const now = new Date();
      await service.updateCampaign(app.db, {
        id: request.params.id,
        reach,
        body: request.body,
        now,
      });
      return (await service.viewCampaign(app.db, { id: request.params.id, reach, now }))!;
    },
  );

  app.delete(
    '/api/campaigns/:id',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: ['campaigns'],
        summary: 'Delete a campaign before its window opens (its periods are released)',
        ...secured,
        params: IdParams,
        response: { 200: Ok, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      await service.deleteCampaign(app.db, {
        id: request.params.id,
        reach: reachOf(request),
        now: new Date(),
      });
      return { ok: true as const };
    },
  );

  app.post(
    '/api/campaigns/:id/close',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: ['campaigns'],
        summary: "Close the current round's wishes and compute the allocation",
        description:
          'Draws the lottery seed (first round), records it, and queues the run; follow it with `GET /api/campaigns/:id/runs/:runId`. The clock job does the same when the window passes.',
        ...secured,
        params: IdParams,
        response: { 202: CloseCampaignReport, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request, reply) => {
      const reach = reachOf(request);
      const { runId } = await service.closeRound(app.db, {
        id: request.params.id,
        reach,
        now: new Date(),
      });
      await app.jobs.send(RUN_JOB, { runId });
      const now = new Date();
      const campaign = await service.viewCampaign(app.db, { id: request.params.id, reach, now });
      const { periods: _periods, ...summary } = campaign!;
      reply.status(202);
      return { campaign: summary, run: await runOf(request.params.id, runId, reach) };
    },
  );

  app.get(
    '/api/campaigns/:id/runs',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: ['campaigns'],
        summary: "A campaign's allocation runs, newest first",
        ...secured,
        params: IdParams,
        response: { 200: CampaignRunList, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) => ({
      items: await service.listRuns(app.db, { id: request.params.id, reach: reachOf(request) }),
    }),
  );

  app.post(
    '/api/campaigns/:id/runs',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: ['campaigns'],
        summary: 'Preview another policy on the same wishes and seed',
        ...secured,
        params: IdParams,
        body: PreviewRunBody,
        response: { 202: CampaignRun, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request, reply) => {
      const reach = reachOf(request);
      const { runId } = await service.startPreview(app.db, {
        id: request.params.id,
        reach,
        policy: request.body.policy,
      });
      await app.jobs.send(RUN_JOB, { runId });
      reply.status(202);
      return runOf(request.params.id, runId, reach);
    },
  );

  app.get(
    '/api/campaigns/:id/runs/:runId',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: ['campaigns'],
        summary: 'One run: its progress, then its report',
        ...secured,
        params: CampaignRunParams,
        response: { 200: CampaignRun, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) => runOf(request.params.id, request.params.runId, reachOf(request)),
  );

  app.get(
    '/api/campaigns/:id/runs/:runId/compare',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: ['campaigns'],
        summary: 'How pupils fare in another run of the same round',
        ...secured,
        params: CampaignRunParams,
        querystring: CompareRunsQuery,
        response: { 200: RunComparison, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) =>
      service.compareRuns(app.db, {
        id: request.params.id,
        runId: request.params.runId,
        otherRunId: request.query.with,
        reach: reachOf(request),
      }),
  );

  app.post(
    '/api/campaigns/:id/publish',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: ['campaigns'],
        summary: 'Publish a verified run: confirmed applications, agreements, pupils told',
        description:
          'All or nothing, once: a second publication of the round (or a concurrent one) is refused with 409, and so is a run that failed or is not finished.',
        ...secured,
        params: IdParams,
        body: PublishCampaignBody,
        response: { 200: PublishReport, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) =>
      service.publishRun(app.db, serviceOptions, {
        id: request.params.id,
        runId: request.body.runId,
        reach: reachOf(request),
        now: new Date(),
      }),
  );

  app.post(
    '/api/campaigns/:id/second-round',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: ['campaigns'],
        summary: 'Open a second round for unplaced pupils over the seats left',
        ...secured,
        params: IdParams,
        body: SecondRoundBody,
        response: { 200: Campaign, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      const reach = reachOf(request);
      const now = new Date();
      await service.openSecondRound(app.db, serviceOptions, {
        id: request.params.id,
        reach,
        closesAt: new Date(request.body.closesAt),
        now,
      });
      return (await service.viewCampaign(app.db, { id: request.params.id, reach, now }))!;
    },
  );

  // --- pupils -----------------------------------------------------------------------------------

  app.get(
    '/api/campaigns/:id/wishes',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('student')],
      schema: {
        tags: ['campaigns'],
        summary: 'My wishes in a campaign, and the periods I may wish for',
        ...secured,
        params: IdParams,
        querystring: MyCampaignQuery,
        response: { 200: MyCampaign, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) =>
      service.myCampaign(app.db, {
        id: request.params.id,
        userId: principalOf(request).id,
        now: new Date(),
        q: request.query.q,
        page: request.query.page ?? 1,
      }),
  );

  app.put(
    '/api/campaigns/:id/wishes',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('student')],
      schema: {
        tags: ['campaigns'],
        summary: 'Replace my ranked wishes (best first)',
        description:
          'Refused with 409 outside the window, and with 400 naming the wish beyond the maximum, repeated, outside the campaign, for another level, or on dates of a stage already confirmed.',
        ...secured,
        params: IdParams,
        body: SetWishesBody,
        response: { 200: MyCampaign, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      const userId = principalOf(request).id;
      const now = new Date();
      await service.setWishes(app.db, {
        id: request.params.id,
        userId,
        periodIds: request.body.periodIds,
        now,
      });
      return service.myCampaign(app.db, { id: request.params.id, userId, now });
    },
  );

  app.get(
    '/api/campaigns/:id/result',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('student')],
      schema: {
        tags: ['campaigns'],
        summary: 'My result in each published round, each wish explained',
        ...secured,
        params: IdParams,
        response: { 200: MyCampaignResult, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) =>
      service.myResult(app.db, {
        id: request.params.id,
        userId: principalOf(request).id,
        now: new Date(),
      }),
  );
}
