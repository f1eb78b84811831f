// Routes of the applications domain: a pupil applies, withdraws and confirms; an employer reads
// their inbox, accepts and rejects (one or several at once). Also defines the hourly job that
// reminds employers and expires applications left without an answer.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  Application,
  ApplicationList,
  ApplicationQuery,
  ApplyOptions,
  ApplyOptionsQuery,
  BulkDecisionBody,
  BulkDecisionReport,
  ConfirmApplicationReport,
  IdParams,
  RejectApplicationBody,
  SubmitApplicationBody,
} from '@tremplin/contracts';
import type { Config } from '../../config.js';
import { principalOf } from '../../plugins/auth.js';
import { notFound } from '../../lib/problem.js';
import { authProblems, problems, secured } from '../../lib/schemas.js';
import * as service from './service.js';

export default async function applicationRoutes(
  fastify: FastifyInstance,
  options: { config: Pick<Config, 'publicWebUrl'> },
) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const serviceOptions = { webUrl: options.config.publicWebUrl };

  app.jobs.define({
    name: 'applications.remind-and-expire',
    cron: '17 * * * *',
    handler: async () => {
      const done = await service.remindAndExpire(app.db, { now: new Date(), ...serviceOptions });
      if (done.reminded + done.expired > 0)
        app.log.info(done, 'application reminders and expiries');
    },
  });

  /** The application as the person sees it after a change (they always may). */
  async function view(id: string, userId: string) {
    const seen = await service.viewApplication(app.db, { id, viewer: { userId } });
    if (!seen) throw notFound("Cette candidature n'existe pas ou ne vous concerne pas.");
    return seen;
  }

  app.post(
    '/api/applications',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('student')],
      schema: {
        tags: ['applications'],
        summary: 'Apply to a period of a stage offer (pupil)',
        description:
          'Idempotent: when the pupil already has a live application to this period (a double click, a retry), it is returned with 200 instead of 201, and nothing new is made. Refused with 403 to a pupil of another level, 409 when the period is full, its remaining seats are reserved to REP/REP+ pupils, it has started, it belongs to an allocation campaign, or the pupil already confirmed a stage on those dates.',
        ...secured,
        body: SubmitApplicationBody,
        response: {
          200: Application,
          201: Application,
          ...problems(400, 404, 409, ...authProblems),
        },
      },
    },
    async (request, reply) => {
      const { id: studentId } = principalOf(request);
      const done = await service.submitApplication(app.db, serviceOptions, {
        studentId,
        periodId: request.body.periodId,
        motivation: request.body.motivation ?? '',
      });
      reply.status(done.created ? 201 : 200);
      return view(done.id, studentId);
    },
  );

  app.get(
    '/api/applications',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['applications'],
        summary: "My applications (pupil) and those to my companies' offers (employer)",
        description:
          "What waits for the reader first (with `side=host`, applications to answer; with `side=student`, acceptances to confirm), then the newest. `side=host` is the employer inbox; `side=student`, the pupil's own list. `offers` lists the offers having applications the reader sees, with how many wait for an answer.",
        ...secured,
        querystring: ApplicationQuery,
        response: { 200: ApplicationList, ...problems(400, ...authProblems) },
      },
    },
    async (request) => {
      const { id } = principalOf(request);
      return service.listApplications(app.db, {
        viewer: { userId: id, side: request.query.side },
        offerId: request.query.offer,
        statuses: request.query.status,
        page: request.query.page ?? 1,
        pageSize: request.query.pageSize ?? 20,
      });
    },
  );

  app.get(
    '/api/applications/options',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['applications'],
        summary: "An offer's periods as the signed-in pupil may apply to them",
        description:
          'For each period: the seats left for this pupil (reserved seats count only for REP/REP+ pupils until their release date), why they may not apply (`block`), and their live application if any.',
        ...secured,
        querystring: ApplyOptionsQuery,
        response: { 200: ApplyOptions, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) =>
      service.applyOptions(app.db, {
        userId: principalOf(request).id,
        offerId: request.query.offer,
      }),
  );

  app.get(
    '/api/applications/:id',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['applications'],
        summary: 'One application with its history',
        description:
          'When an employer of the host company opens an application just submitted, it becomes `read` (recorded in its history, and the pupil is told).',
        ...secured,
        params: IdParams,
        response: { 200: Application, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) => {
      const { id: userId } = principalOf(request);
      const seen = await view(request.params.id, userId);
      if (seen.status === 'submitted' && seen.student.id !== userId) {
        if (await service.markRead(app.db, serviceOptions, { id: seen.id, actorId: userId })) {
          return view(seen.id, userId);
        }
      }
      return seen;
    },
  );

  app.post(
    '/api/applications/:id/accept',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('employer')],
      schema: {
        tags: ['applications'],
        summary: 'Accept an application (employer of the host company)',
        description:
          'Never overbooks: accepts on one period are serialised on the period row; once accepted and confirmed applications fill its seats (or the seats left are reserved to REP/REP+ pupils), the answer is 409 `period.full` or `period.reserved`.',
        ...secured,
        params: IdParams,
        response: { 200: Application, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      const { id: actorId } = principalOf(request);
      await service.acceptApplication(app.db, serviceOptions, { id: request.params.id, actorId });
      return view(request.params.id, actorId);
    },
  );

  app.post(
    '/api/applications/:id/reject',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('employer')],
      schema: {
        tags: ['applications'],
        summary: 'Reject an application with a reason shown to the pupil (employer)',
        ...secured,
        params: IdParams,
        body: RejectApplicationBody,
        response: { 200: Application, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      const { id: actorId } = principalOf(request);
      await service.rejectApplication(app.db, serviceOptions, {
        id: request.params.id,
        actorId,
        reason: request.body.reason,
      });
      return view(request.params.id, actorId);
    },
  );

  app.post(
    '/api/applications/decisions',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('employer')],
      schema: {
        tags: ['applications'],
        summary: 'Accept or reject several applications at once (employer)',
        description:
          'Each application is decided on its own, with the same checks as one by one; the report says for each id whether it was done and, if not, why (its stable code and a French message). Applications out of reach are reported as refused, not found.',
        ...secured,
        body: BulkDecisionBody,
        response: { 200: BulkDecisionReport, ...problems(400, ...authProblems) },
      },
    },
    async (request) =>
      service.decideMany(app.db, serviceOptions, {
        ids: request.body.ids,
        decision: request.body.decision,
        reason: request.body.reason,
        actorId: principalOf(request).id,
        log: request.log,
      }),
  );

  app.post(
    '/api/applications/:id/withdraw',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('student')],
      schema: {
        tags: ['applications'],
        summary: 'Withdraw my application (pupil)',
        ...secured,
        params: IdParams,
        response: { 200: Application, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      const { id: actorId } = principalOf(request);
      await service.withdrawApplication(app.db, serviceOptions, { id: request.params.id, actorId });
      return view(request.params.id, actorId);
    },
  );

  app.post(
    '/api/applications/:id/confirm',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('student')],
      schema: {
        tags: ['applications'],
        summary: 'Confirm my accepted application: the stage is decided (pupil)',
        description:
          'Prepares the internship agreement in the same transaction, and withdraws my other live applications that this stage makes impossible (overlapping dates; for a 2de pupil, a June fortnight already filled or a second week at the same host), telling their employers.',
        ...secured,
        params: IdParams,
        response: {
          200: ConfirmApplicationReport,
          ...problems(400, 403, 404, 409, ...authProblems),
        },
      },
    },
    async (request) => {
      const { id: actorId } = principalOf(request);
      const done = await service.confirmApplication(app.db, serviceOptions, {
        id: request.params.id,
        actorId,
      });
      return { ...done, application: await view(request.params.id, actorId) };
    },
  );
}
