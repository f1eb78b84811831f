// Routes of the ambassadors domain: my ambassador profile, its verification, the directory of
// verified ambassadors, visit requests (filing, proposals, the ambassador's answer, the head of
// school's authorisation, cancellation, attendance, feedback, the .ics), the batch assignment,
// and the daily job of reminders and lapsed proposals.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  AmbassadorDirectoryQuery,
  AmbassadorPage,
  AmbassadorProfile,
  AmbassadorProfileBody,
  AmbassadorVerificationQuery,
  CreateVisitRequestBody,
  DeclineVisitBody,
  IdParams,
  ProposeVisitBody,
  RefuseVisitBody,
  VisitAssignmentBody,
  VisitAssignmentResult,
  VisitAttendanceBody,
  VisitFeedbackBody,
  VisitProposals,
  VisitRequest,
  VisitRequestQuery,
} from '@tremplin/contracts';
import type { Config } from '../../config.js';
import { principalOf } from '../../plugins/auth.js';
import { conflict } from '../../lib/problem.js';
import { authProblems, problems, secured } from '../../lib/schemas.js';
import { parisToday, schoolYearBounds, schoolYearOf } from '../classes/calendar.js';
import * as repo from './repository.js';
import * as service from './service.js';

const STAFF = ['teacher', 'school_admin'] as const;
const TAGS = ['ambassadors'];

export default async function ambassadorRoutes(
  fastify: FastifyInstance,
  options: { config: Pick<Config, 'publicWebUrl'> },
) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const webUrl = options.config.publicWebUrl.replace(/\/$/, '');
  const opts = () => ({ now: new Date(), webUrl });

  // Every morning (06:20 UTC): lapsed proposals move on, reminders the day before and after.
  app.jobs.define({
    name: 'ambassadors.visits',
    cron: '20 6 * * *',
    handler: async () => {
      await service.runVisitJobs(app.db, opts());
    },
  });

  const viewerOf = (request: FastifyRequest): repo.Viewer => {
    const principal = principalOf(request);
    return { userId: principal.id, isOperator: principal.roles.includes('operator') };
  };

  /** Reads the request again after a change, as the person who made it sees it. */
  const reread = (request: FastifyRequest, id: string) =>
    service.readVisit(app.db, { id, viewer: viewerOf(request), now: new Date() });

  // ------------------------------------------------------------------------------------------
  // Profiles

  app.get(
    '/api/ambassadors/me',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('ambassador')],
      schema: {
        tags: TAGS,
        summary: 'My ambassador profile (null until I write it)',
        ...secured,
        response: {
          200: Type.Union([AmbassadorProfile, Type.Null()]),
          ...problems(...authProblems),
        },
      },
    },
    async (request) => {
      const row = await repo.getProfile(app.db, { userId: principalOf(request).id });
      return row ? service.serialiseProfile(row) : null;
    },
  );

  app.put(
    '/api/ambassadors/me',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('ambassador')],
      schema: {
        tags: TAGS,
        summary: 'Write my ambassador profile: trades, company, communes, formats, dates',
        description:
          'Past dates are dropped. Naming a new company clears the verification: an active employer of that company (who is told) or an operator confirms the ambassador again. Unverified ambassadors are neither proposed nor listed.',
        ...secured,
        body: AmbassadorProfileBody,
        response: { 200: AmbassadorProfile, ...problems(400, ...authProblems) },
      },
    },
    async (request) =>
      app.db.transaction((tx) =>
        service.saveProfile(tx, {
          userId: principalOf(request).id,
          body: request.body,
          now: new Date(),
          webUrl,
        }),
      ),
  );

  app.get(
    '/api/ambassadors',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('teacher', 'school_admin', 'operator')],
      schema: {
        tags: TAGS,
        summary: 'The directory of verified ambassadors, by trade and commune',
        description:
          '`trade` matches through the ROME hierarchy: a grand domaine (F), a domaine (F17) or a fiche (F1703). No contact details: teachers reach ambassadors through visit requests.',
        ...secured,
        querystring: AmbassadorDirectoryQuery,
        response: { 200: AmbassadorPage, ...problems(400, ...authProblems) },
      },
    },
    async (request) => {
      const page = request.query.page ?? 1;
      const pageSize = request.query.pageSize ?? 20;
      const today = parisToday(new Date());
      const { start, end } = schoolYearBounds(schoolYearOf(today));
      const rows = await repo.directory(app.db, {
        trade: request.query.trade,
        commune: request.query.commune,
        format: request.query.format,
        yearStart: start,
        yearEnd: end,
        limit: pageSize,
        offset: (page - 1) * pageSize,
      });
      return {
        items: rows.map((r) => service.serialiseCard(r, today)),
        total: rows[0]?.total ?? 0,
        page,
        pageSize,
      };
    },
  );

  app.get(
    '/api/ambassadors/verification',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('operator', 'employer')],
      schema: {
        tags: TAGS,
        summary: 'Ambassadors I may verify: all (operator) or those of my companies (employer)',
        ...secured,
        querystring: AmbassadorVerificationQuery,
        response: { 200: Type.Array(AmbassadorProfile), ...problems(400, ...authProblems) },
      },
    },
    async (request) => {
      const rows = await repo.listForVerification(app.db, {
        viewer: viewerOf(request),
        status: request.query.status ?? 'pending',
      });
      return rows.map(service.serialiseProfile);
    },
  );

  for (const verified of [true, false]) {
    app.post(
      `/api/ambassadors/:id/${verified ? 'verify' : 'unverify'}`,
      {
        onRequest: [app.authenticate],
        preHandler: [app.requireRole('operator', 'employer')],
        schema: {
          tags: TAGS,
          summary: verified
            ? 'Confirm an ambassador as a verified professional (operator, or an employer of their company)'
            : 'Withdraw the verification (they are no longer proposed nor listed)',
          ...secured,
          params: IdParams,
          response: { 200: AmbassadorProfile, ...problems(400, 404, ...authProblems) },
        },
      },
      async (request) =>
        app.db.transaction((tx) =>
          service.setVerification(tx, {
            userId: request.params.id,
            viewer: viewerOf(request),
            verified,
            now: new Date(),
          }),
        ),
    );
  }

  app.get(
    '/api/ambassadors/me/visits',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('ambassador')],
      schema: {
        tags: TAGS,
        summary: 'The visits asked of me: to answer, coming, past',
        ...secured,
        response: { 200: Type.Array(VisitRequest), ...problems(...authProblems) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      const today = parisToday(new Date());
      const rows = await repo.listVisits(app.db, { viewer, as: 'ambassador' });
      return rows.map((r) => service.serialiseVisit(r, viewer, today));
    },
  );

  // ------------------------------------------------------------------------------------------
  // Visit requests

  app.get(
    '/api/visit-requests',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF, 'operator')],
      schema: {
        tags: TAGS,
        summary: "My schools' visit requests (all, for an operator)",
        description:
          '`toAuthorise=true`: the requests waiting for my authorisation as head of school.',
        ...secured,
        querystring: VisitRequestQuery,
        response: { 200: Type.Array(VisitRequest), ...problems(400, ...authProblems) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      const today = parisToday(new Date());
      const rows = await repo.listVisits(app.db, {
        viewer,
        as: 'staff',
        status: request.query.status,
        activityId: request.query.activityId,
        toAuthorise: request.query.toAuthorise,
      });
      return rows.map((r) => service.serialiseVisit(r, viewer, today));
    },
  );

  app.post(
    '/api/visit-requests',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: TAGS,
        summary: 'Ask for an ambassador for an activity of a module (trades, dates, class size)',
        description:
          'Candidate dates: school days of the module’s school year, from today on, outside school holidays, preferred first. The level comes from the class; the class size defaults to its pupils.',
        ...secured,
        body: CreateVisitRequestBody,
        response: { 201: VisitRequest, ...problems(400, 409, ...authProblems) },
      },
    },
    async (request, reply) => {
      const created = await app.db.transaction((tx) =>
        service.createVisit(tx, { viewer: viewerOf(request), body: request.body, now: new Date() }),
      );
      reply.status(201);
      return reread(request, created.id);
    },
  );

  app.get(
    '/api/visit-requests/:id',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: TAGS,
        summary: 'One visit request, with what I may do with it',
        ...secured,
        params: IdParams,
        response: { 200: VisitRequest, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) => reread(request, request.params.id),
  );

  app.get(
    '/api/visit-requests/:id/proposals',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF, 'operator')],
      schema: {
        tags: TAGS,
        summary: 'The best verified ambassadors for an open request, with why',
        description:
          'Scored by trade (ROME hierarchy), the earliest candidate date they are free, distance to the school within the communes they reach, and fairness of load. Days they are booked and months at their maximum are left out, as are ambassadors who declined.',
        ...secured,
        params: IdParams,
        response: { 200: VisitProposals, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) => ({
      requestId: request.params.id,
      proposals: await service.proposals(app.db, {
        id: request.params.id,
        viewer: viewerOf(request),
        now: new Date(),
      }),
    }),
  );

  app.post(
    '/api/visit-requests/:id/propose',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: TAGS,
        summary: 'Ask one of the proposed ambassadors, on one of their free candidate dates',
        ...secured,
        params: IdParams,
        body: ProposeVisitBody,
        response: { 200: VisitRequest, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      await app.db.transaction((tx) =>
        service.propose(tx, {
          id: request.params.id,
          viewer: viewerOf(request),
          ambassadorId: request.body.ambassadorId,
          date: request.body.date,
          ...opts(),
        }),
      );
      return reread(request, request.params.id);
    },
  );

  app.post(
    '/api/visit-requests/:id/accept',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('ambassador')],
      schema: {
        tags: TAGS,
        summary: 'Accept the visit asked of me (the head of school then authorises it)',
        description:
          'One visit a day and at most my monthly maximum: 409 `visit.dayTaken` or `visit.monthFull` otherwise, and the request moves on to the next best ambassador.',
        ...secured,
        params: IdParams,
        response: { 200: VisitRequest, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      const id = request.params.id;
      let taken: { code: string; detail: string } | null = null;
      try {
        await app.db.transaction((tx) => service.accept(tx, { id, viewer, ...opts() }));
      } catch (error) {
        if (error instanceof service.TakenError) taken = error;
        else if (service.isUniqueViolation(error)) {
          taken = {
            code: 'visit.dayTaken',
            detail:
              'Vous venez d’accepter une autre visite ce jour-là : une seule par jour. La demande est proposée à un autre ambassadeur.',
          };
        } else throw error;
      }
      if (taken) {
        await app.db.transaction(async (tx) => {
          const row = await repo.getVisitUnscoped(tx, { id, lock: true });
          if (row?.status === 'proposed' && row.ambassadorId === viewer.userId) {
            await service.moveOn(tx, { id, previousName: row.ambassadorName ?? '', ...opts() });
          }
        });
        throw conflict(taken.code, taken.detail);
      }
      return reread(request, id);
    },
  );

  app.post(
    '/api/visit-requests/:id/decline',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('ambassador')],
      schema: {
        tags: TAGS,
        summary: 'Decline the visit asked of me (it moves on to the next best ambassador)',
        ...secured,
        params: IdParams,
        body: DeclineVisitBody,
        response: {
          200: Type.Object({ ok: Type.Literal(true) }),
          ...problems(400, 404, 409, ...authProblems),
        },
      },
    },
    async (request) => {
      await app.db.transaction((tx) =>
        service.decline(tx, {
          id: request.params.id,
          viewer: viewerOf(request),
          reason: request.body.reason,
          ...opts(),
        }),
      );
      return { ok: true as const };
    },
  );

  app.post(
    '/api/visit-requests/:id/authorise',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('school_admin')],
      schema: {
        tags: TAGS,
        summary:
          "Authorise the intervention (head of the request's school): the visit is confirmed",
        description:
          'Nothing is confirmed before: the teacher and the ambassador then receive the confirmation (notification and e-mail with the school’s address and an .ics).',
        ...secured,
        params: IdParams,
        response: { 200: VisitRequest, ...problems(400, 403, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      await app.db.transaction((tx) =>
        service.authorise(tx, { id: request.params.id, viewer: viewerOf(request), ...opts() }),
      );
      return reread(request, request.params.id);
    },
  );

  app.post(
    '/api/visit-requests/:id/refuse',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('school_admin')],
      schema: {
        tags: TAGS,
        summary: 'Refuse the intervention, saying why (head of the request’s school)',
        ...secured,
        params: IdParams,
        body: RefuseVisitBody,
        response: { 200: VisitRequest, ...problems(400, 403, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      await app.db.transaction((tx) =>
        service.refuse(tx, {
          id: request.params.id,
          viewer: viewerOf(request),
          reason: request.body.reason,
          ...opts(),
        }),
      );
      return reread(request, request.params.id);
    },
  );

  app.post(
    '/api/visit-requests/:id/cancel',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: TAGS,
        summary: 'Cancel a visit request of my school (the ambassador asked is told)',
        ...secured,
        params: IdParams,
        response: { 200: VisitRequest, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      await app.db.transaction((tx) =>
        service.cancel(tx, { id: request.params.id, viewer: viewerOf(request), ...opts() }),
      );
      return reread(request, request.params.id);
    },
  );

  app.post(
    '/api/visit-requests/:id/attendance',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: TAGS,
        summary: 'Record how many pupils attended (on or after the day): the visit is done',
        description:
          "The module's activity is done too and enters the passport of each pupil of the class.",
        ...secured,
        params: IdParams,
        body: VisitAttendanceBody,
        response: { 200: VisitRequest, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      await app.db.transaction((tx) =>
        service.recordAttendance(tx, {
          id: request.params.id,
          viewer: viewerOf(request),
          attendance: request.body.attendance,
          ...opts(),
        }),
      );
      return reread(request, request.params.id);
    },
  );

  app.post(
    '/api/visit-requests/:id/feedback',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF, 'ambassador')],
      schema: {
        tags: TAGS,
        summary: "My feedback after the visit (the ambassador's, or the school's), once",
        ...secured,
        params: IdParams,
        body: VisitFeedbackBody,
        response: { 200: VisitRequest, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      await app.db.transaction((tx) =>
        service.giveFeedback(tx, {
          id: request.params.id,
          viewer: viewerOf(request),
          feedback: request.body.feedback,
          ...opts(),
        }),
      );
      return reread(request, request.params.id);
    },
  );

  app.get(
    '/api/visit-requests/:id/ics',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: TAGS,
        summary: 'The confirmed visit as a calendar file (.ics)',
        ...secured,
        params: IdParams,
        response: {
          200: Type.Unsafe<string>({ type: 'string', description: 'text/calendar' }),
          ...problems(400, 404, 409, ...authProblems),
        },
      },
    },
    async (request, reply) => {
      const ics = await service.visitIcsFor(app.db, {
        id: request.params.id,
        viewer: viewerOf(request),
        ...opts(),
      });
      reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('content-disposition', 'attachment; filename="visite-tremplin.ics"');
      return reply.send(ics);
    },
  );

  app.post(
    '/api/visit-requests/assign',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('operator', 'school_admin')],
      schema: {
        tags: TAGS,
        summary: 'Propose ambassadors for many open requests at once, optimally',
        description:
          'An optimal assignment (packages/matching assignVisits) of open requests to verified ambassadors on candidate dates: the largest total fit, within each ambassador’s monthly maximum and one visit a day, visits already proposed or booked kept. `dryRun` (default) shows the plan; otherwise each ambassador chosen is asked. An operator runs it over the département (or one school); a head of school over their school.',
        ...secured,
        body: VisitAssignmentBody,
        response: { 200: VisitAssignmentResult, ...problems(400, ...authProblems) },
      },
    },
    async (request) =>
      service.runBatch(app.db, {
        viewer: viewerOf(request),
        schoolId: request.body.schoolId,
        dryRun: request.body.dryRun ?? true,
        ...opts(),
      }),
  );
}
