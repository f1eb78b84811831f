// Routes of the mentoring domain: mentor profiles, mentee requests and the guardian's consent,
// the pairing run and its proposals, mentorships with their sessions (.ics), notes and feedback,
// and the pair's messages with their reports. The two jobs expire unanswered proposals (and
// propose the next best mentor) and remind both people of a session the day before.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  AcceptedProposal,
  AskMentorBody,
  ConsentBody,
  ConsentToRecord,
  IdParams,
  MenteeRequest,
  MenteeRequestBody,
  MentorCard,
  MentoringMessage,
  MentorListQuery,
  MentorProfile,
  MentorProfileBody,
  Mentorship,
  MentorshipFeedbackBody,
  MentorshipSummary,
  MessageListQuery,
  MessageReport,
  Ok,
  PairingPreview,
  PauseBody,
  Proposal,
  ProposalListQuery,
  ProposeSessionBody,
  ReportDecisionBody,
  ReportMessageBody,
  SendMessageBody,
  SendProposalsBody,
  SendProposalsResult,
  SessionNotesBody,
} from '@tremplin/contracts';
import type { Config } from '../../config.js';
import { principalOf } from '../../plugins/auth.js';
import { notFound } from '../../lib/problem.js';
import { authProblems, problems, secured } from '../../lib/schemas.js';
import type { Viewer } from './repository.js';
import * as service from './service.js';

const tags = ['mentoring'];
const Created = Type.Object({ id: Type.String({ format: 'uuid' }) });

export default async function mentoringRoutes(
  fastify: FastifyInstance,
  options: { config: Pick<Config, 'publicWebUrl'> },
) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const webUrl = options.config.publicWebUrl.replace(/\/$/, '');

  // Every hour: proposals past their answer date expire and the next best mentor is proposed.
  app.jobs.define({
    name: 'mentoring.expire-proposals',
    cron: '20 * * * *',
    handler: async () => {
      await service.expireProposals(app.db, { now: new Date(), webUrl });
    },
  });
  // Every hour: sessions starting within a day get their reminder, once.
  app.jobs.define({
    name: 'mentoring.session-reminders',
    cron: '5 * * * *',
    handler: async () => {
      await service.remindSessions(app.db, { now: new Date(), webUrl });
    },
  });

  const viewerOf = (request: FastifyRequest): Viewer => {
    const principal = principalOf(request);
    return { userId: principal.id, roles: principal.roles };
  };

  // --- mentor profile --------------------------------------------------------------------------

  app.get(
    '/api/mentoring/mentor-profile',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('mentor')],
      schema: {
        tags,
        summary: 'My mentor profile, with how many mentees I follow and my room left',
        ...secured,
        response: { 200: MentorProfile, ...problems(404, ...authProblems) },
      },
    },
    async (request) => {
      const profile = await service.readMentorProfile(app.db, { userId: viewerOf(request).userId });
      if (!profile) throw notFound(service.NOT_FOUND.profile);
      return profile;
    },
  );

  app.put(
    '/api/mentoring/mentor-profile',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('mentor')],
      schema: {
        tags,
        summary: 'Create or edit my mentor profile',
        description:
          'Trades are ROME fiche codes; communes are INSEE codes of the département, required when `in_person` is among the modes (in person is then possible in those communes only); availability is weekly, in Paris time. Lowering the capacity never ends a mentorship in progress.',
        ...secured,
        body: MentorProfileBody,
        response: { 200: MentorProfile, ...problems(400, ...authProblems) },
      },
    },
    async (request) => {
      const userId = viewerOf(request).userId;
      await service.saveMentorProfile(app.db, { userId, body: request.body, now: new Date() });
      return (await service.readMentorProfile(app.db, { userId }))!;
    },
  );

  app.put(
    '/api/mentoring/mentor-profile/paused',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('mentor')],
      schema: {
        tags,
        summary: 'Pause (no new proposals) or resume my mentoring',
        description:
          'A paused mentor keeps their mentorships in progress and may still answer the proposals already made.',
        ...secured,
        body: PauseBody,
        response: { 200: MentorProfile, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) => {
      const userId = viewerOf(request).userId;
      const done = await service.setPaused(app.db, {
        userId,
        paused: request.body.paused,
        now: new Date(),
      });
      if (!done) throw notFound(service.NOT_FOUND.profile);
      return (await service.readMentorProfile(app.db, { userId }))!;
    },
  );

  app.get(
    '/api/mentoring/mentors',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('student')],
      schema: {
        tags,
        summary: 'Mentors a mentee may ask (display name, trades, bio and modes only)',
        description:
          'Only mentors taking new mentees (not paused, with room left). `trade` keeps mentors of the same domaine professionnel.',
        ...secured,
        querystring: MentorListQuery,
        response: { 200: Type.Array(MentorCard), ...problems(400, ...authProblems) },
      },
    },
    async (request) =>
      service.listMentorCards(app.db, {
        trade: request.query.trade,
        viewerId: viewerOf(request).userId,
      }),
  );

  // --- mentee requests -------------------------------------------------------------------------

  app.get(
    '/api/mentoring/requests/mine',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('student')],
      schema: {
        tags,
        summary: 'My mentoring requests, latest first',
        ...secured,
        response: { 200: Type.Array(MenteeRequest), ...problems(...authProblems) },
      },
    },
    async (request) =>
      service.listMyRequests(app.db, { userId: viewerOf(request).userId, now: new Date() }),
  );

  app.post(
    '/api/mentoring/requests',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('student')],
      schema: {
        tags,
        summary: 'Ask for a mentor',
        description:
          'One request in progress at a time (409 otherwise). A minor (or a mentee whose birth date is unknown) is paired only once a guardian’s consent is recorded.',
        ...secured,
        body: MenteeRequestBody,
        response: { 201: MenteeRequest, ...problems(400, 409, ...authProblems) },
      },
    },
    async (request, reply) => {
      const viewer = viewerOf(request);
      const now = new Date();
      const { id } = await app.db.transaction((tx) =>
        service.createRequest(tx, { viewer, body: request.body }),
      );
      reply.status(201);
      return (await service.readRequest(app.db, { id, viewer, now }))!;
    },
  );

  app.get(
    '/api/mentoring/requests/:id',
    {
      onRequest: [app.authenticate],
      schema: {
        tags,
        summary: 'One request (the mentee, their school’s staff, operators)',
        ...secured,
        params: IdParams,
        response: { 200: MenteeRequest, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) => {
      const found = await service.readRequest(app.db, {
        id: request.params.id,
        viewer: viewerOf(request),
        now: new Date(),
      });
      if (!found) throw notFound(service.NOT_FOUND.request);
      return found;
    },
  );

  app.put(
    '/api/mentoring/requests/:id',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('student')],
      schema: {
        tags,
        summary: 'Edit my request while it is open',
        ...secured,
        params: IdParams,
        body: MenteeRequestBody,
        response: { 200: MenteeRequest, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      await app.db.transaction((tx) =>
        service.updateRequest(tx, { id: request.params.id, viewer, body: request.body }),
      );
      return (await service.readRequest(app.db, {
        id: request.params.id,
        viewer,
        now: new Date(),
      }))!;
    },
  );

  app.post(
    '/api/mentoring/requests/:id/cancel',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('student')],
      schema: {
        tags,
        summary: 'Cancel my request (waiting proposals are withdrawn)',
        ...secured,
        params: IdParams,
        response: { 200: MenteeRequest, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      const now = new Date();
      await app.db.transaction((tx) =>
        service.cancelRequest(tx, { id: request.params.id, viewer, now }),
      );
      return (await service.readRequest(app.db, { id: request.params.id, viewer, now }))!;
    },
  );

  app.post(
    '/api/mentoring/requests/:id/consent',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('student', 'teacher', 'school_admin', 'operator')],
      schema: {
        tags,
        summary: "Record a minor's guardian consent (the mentee, their school, or an operator)",
        description:
          'Names the guardian who agreed; who recorded it and when go to the audit log, and the guardian’s address on the school record (if any) is told by e-mail. 409 for an adult or when already recorded.',
        ...secured,
        params: IdParams,
        body: ConsentBody,
        response: { 200: MenteeRequest, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      const now = new Date();
      await app.db.transaction((tx) =>
        service.recordConsent(tx, {
          id: request.params.id,
          viewer,
          guardianName: request.body.guardianName,
          now,
        }),
      );
      return (await service.readRequest(app.db, { id: request.params.id, viewer, now }))!;
    },
  );

  app.post(
    '/api/mentoring/requests/:id/ask',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('student')],
      schema: {
        tags,
        summary: 'Ask a specific mentor (who accepts or declines, like any proposal)',
        description:
          '409 when a minor’s consent is missing, when a proposal is already waiting, when the mentor is full or already answered this request, or when they cannot meet (no common hour, mode or language).',
        ...secured,
        params: IdParams,
        body: AskMentorBody,
        response: { 200: MenteeRequest, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      const now = new Date();
      await app.db.transaction((tx) =>
        service.askMentor(tx, {
          id: request.params.id,
          viewer,
          mentorId: request.body.mentorId,
          now,
          webUrl,
        }),
      );
      return (await service.readRequest(app.db, { id: request.params.id, viewer, now }))!;
    },
  );

  app.get(
    '/api/mentoring/consents',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('teacher', 'school_admin')],
      schema: {
        tags,
        summary: "My school's pupils whose mentoring request waits for a guardian's consent",
        ...secured,
        response: { 200: Type.Array(ConsentToRecord), ...problems(...authProblems) },
      },
    },
    async (request) =>
      service.listConsentsToRecord(app.db, { userId: viewerOf(request).userId, now: new Date() }),
  );

  // --- pairing and proposals -------------------------------------------------------------------

  app.get(
    '/api/mentoring/pairing/preview',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('operator')],
      schema: {
        tags,
        summary: 'Run the optimal pairing over open requests and available mentors (preview)',
        description:
          'Scores every (request, mentor) pair on trades, availability in common, mode, distance and language, then computes the assignment that pairs the most requests and, among those, maximises the total score, within each mentor’s room left. Nothing is stored: send the pairs you keep with POST /api/mentoring/pairing/proposals.',
        ...secured,
        response: { 200: PairingPreview, ...problems(...authProblems) },
      },
    },
    async () => service.previewPairing(app.db, { now: new Date() }),
  );

  app.post(
    '/api/mentoring/pairing/proposals',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('operator')],
      schema: {
        tags,
        summary: 'Send proposals to mentors (operator)',
        description:
          'Each pair is checked again (request open with its consent, mentor with room, pair compatible and never refused): one stale pair refuses the batch with 409 naming it. Mentors answer within `respondWithinDays` (7 by default); past it, the proposal expires and the next best mentor is proposed.',
        ...secured,
        body: SendProposalsBody,
        response: { 201: SendProposalsResult, ...problems(400, 409, ...authProblems) },
      },
    },
    async (request, reply) => {
      const result = await app.db.transaction((tx) =>
        service.sendProposals(tx, {
          viewer: viewerOf(request),
          body: request.body,
          now: new Date(),
          webUrl,
        }),
      );
      reply.status(201);
      return result;
    },
  );

  app.get(
    '/api/mentoring/proposals',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('mentor', 'operator')],
      schema: {
        tags,
        summary: 'Proposals made to me (a mentor), or all of them (`scope=all`, operator)',
        ...secured,
        querystring: Type.Object({
          ...ProposalListQuery.properties,
          scope: Type.Optional(Type.Enum(['mine', 'all'] as const)),
        }),
        response: { 200: Type.Array(Proposal), ...problems(400, ...authProblems) },
      },
    },
    async (request) =>
      service.listProposals(app.db, {
        viewer: viewerOf(request),
        all: request.query.scope === 'all',
        status: request.query.status,
      }),
  );

  app.post(
    '/api/mentoring/proposals/:id/accept',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('mentor')],
      schema: {
        tags,
        summary: 'Accept a proposal: the mentorship starts',
        ...secured,
        params: IdParams,
        response: { 200: AcceptedProposal, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) =>
      app.db.transaction((tx) =>
        service.acceptProposal(tx, {
          id: request.params.id,
          viewer: viewerOf(request),
          now: new Date(),
        }),
      ),
  );

  app.post(
    '/api/mentoring/proposals/:id/decline',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('mentor')],
      schema: {
        tags,
        summary: 'Decline a proposal (the next best mentor is proposed to the request)',
        ...secured,
        params: IdParams,
        response: { 200: Ok, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      await app.db.transaction((tx) =>
        service.declineProposal(tx, {
          id: request.params.id,
          viewer: viewerOf(request),
          now: new Date(),
          webUrl,
        }),
      );
      return { ok: true as const };
    },
  );

  // --- mentorships and sessions ----------------------------------------------------------------

  app.get(
    '/api/mentoring/mentorships',
    {
      onRequest: [app.authenticate],
      schema: {
        tags,
        summary: 'My mentorships, as mentor or mentee, those in progress first',
        ...secured,
        response: { 200: Type.Array(MentorshipSummary), ...problems(...authProblems) },
      },
    },
    async (request) => service.listMentorships(app.db, { userId: viewerOf(request).userId }),
  );

  app.get(
    '/api/mentoring/mentorships/:id',
    {
      onRequest: [app.authenticate],
      schema: {
        tags,
        summary: 'One of my mentorships, with its sessions (the other person: display name only)',
        ...secured,
        params: IdParams,
        response: { 200: Mentorship, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) => {
      const found = await service.readMentorship(app.db, {
        id: request.params.id,
        userId: viewerOf(request).userId,
        now: new Date(),
      });
      if (!found) throw notFound(service.NOT_FOUND.mentorship);
      return found;
    },
  );

  app.post(
    '/api/mentoring/mentorships/:id/sessions',
    {
      onRequest: [app.authenticate],
      schema: {
        tags,
        summary: 'Propose a session time (the other person accepts or declines)',
        description:
          "The session must start and end on one day inside one of the mentor's weekly availability slots (Paris time): 400 naming `body.startsAt` otherwise. Three hours at most, in the future, in a mode both accept, not overlapping another session of the mentor (409).",
        ...secured,
        params: IdParams,
        body: ProposeSessionBody,
        response: { 201: Created, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request, reply) => {
      const created = await app.db.transaction((tx) =>
        service.proposeSession(tx, {
          mentorshipId: request.params.id,
          viewer: viewerOf(request),
          body: request.body,
          now: new Date(),
        }),
      );
      reply.status(201);
      return created;
    },
  );

  for (const action of ['accept', 'decline', 'cancel'] as const) {
    app.post(
      `/api/mentoring/sessions/:id/${action}`,
      {
        onRequest: [app.authenticate],
        schema: {
          tags,
          summary:
            action === 'accept'
              ? 'Accept a proposed session: both get the .ics invitation by e-mail'
              : action === 'decline'
                ? 'Decline a proposed session'
                : 'Cancel a session to come (either side)',
          ...secured,
          params: IdParams,
          response: { 200: Ok, ...problems(400, 404, 409, ...authProblems) },
        },
      },
      async (request) => {
        await app.db.transaction((tx) =>
          service.answerSession(tx, {
            id: request.params.id,
            viewer: viewerOf(request),
            action,
            now: new Date(),
            webUrl,
          }),
        );
        return { ok: true as const };
      },
    );
  }

  app.put(
    '/api/mentoring/sessions/:id/notes',
    {
      onRequest: [app.authenticate],
      schema: {
        tags,
        summary: 'My own notes after a session (the other person never sees them)',
        ...secured,
        params: IdParams,
        body: SessionNotesBody,
        response: { 200: Ok, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      await app.db.transaction((tx) =>
        service.writeNotes(tx, {
          id: request.params.id,
          viewer: viewerOf(request),
          notes: request.body.notes,
          now: new Date(),
        }),
      );
      return { ok: true as const };
    },
  );

  app.get(
    '/api/mentoring/sessions/:id/ics',
    {
      onRequest: [app.authenticate],
      schema: {
        tags,
        summary: 'The session as a calendar invitation (RFC 5545 .ics)',
        ...secured,
        params: IdParams,
        response: {
          200: {
            description: 'The invitation',
            content: { 'text/calendar': { schema: { type: 'string' } } },
          },
          ...problems(400, 404, ...authProblems),
        },
      },
    },
    async (request, reply) => {
      const file = await service.sessionCalendar(app.db, {
        id: request.params.id,
        viewer: viewerOf(request),
        now: new Date(),
        webUrl,
      });
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('cache-control', 'private, no-store')
        .send(file.content);
    },
  );

  app.post(
    '/api/mentoring/mentorships/:id/close',
    {
      onRequest: [app.authenticate],
      schema: {
        tags,
        summary: 'Close the mentorship with my feedback (it enters the mentee’s passport)',
        ...secured,
        params: IdParams,
        body: MentorshipFeedbackBody,
        response: { 200: Mentorship, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      const now = new Date();
      await app.db.transaction((tx) =>
        service.closeMentorship(tx, {
          id: request.params.id,
          viewer,
          feedback: request.body.feedback,
          now,
        }),
      );
      return (await service.readMentorship(app.db, {
        id: request.params.id,
        userId: viewer.userId,
        now,
      }))!;
    },
  );

  app.put(
    '/api/mentoring/mentorships/:id/feedback',
    {
      onRequest: [app.authenticate],
      schema: {
        tags,
        summary: 'My feedback on a closed mentorship',
        ...secured,
        params: IdParams,
        body: MentorshipFeedbackBody,
        response: { 200: Mentorship, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      const now = new Date();
      await app.db.transaction((tx) =>
        service.giveFeedback(tx, {
          id: request.params.id,
          viewer,
          feedback: request.body.feedback,
          now,
        }),
      );
      return (await service.readMentorship(app.db, {
        id: request.params.id,
        userId: viewer.userId,
        now,
      }))!;
    },
  );

  // --- messages and reports --------------------------------------------------------------------

  app.get(
    '/api/mentoring/mentorships/:id/messages',
    {
      onRequest: [app.authenticate],
      schema: {
        tags,
        summary: 'The messages of my mentorship (the last 200, oldest first)',
        description:
          'Hidden messages keep their place with a null body. 404 for anyone outside the pair.',
        ...secured,
        params: IdParams,
        querystring: MessageListQuery,
        response: { 200: Type.Array(MentoringMessage), ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) =>
      service.listMessages(app.db, {
        mentorshipId: request.params.id,
        viewer: viewerOf(request),
        after: request.query.after,
      }),
  );

  app.post(
    '/api/mentoring/mentorships/:id/messages',
    {
      onRequest: [app.authenticate],
      schema: {
        tags,
        summary: 'Write to the other person of my mentorship (the only channel between them)',
        ...secured,
        params: IdParams,
        body: SendMessageBody,
        response: { 201: Created, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request, reply) => {
      const created = await app.db.transaction((tx) =>
        service.sendMessage(tx, {
          mentorshipId: request.params.id,
          viewer: viewerOf(request),
          body: request.body.body,
          now: new Date(),
        }),
      );
      reply.status(201);
      return created;
    },
  );

  app.post(
    '/api/mentoring/messages/:id/reports',
    {
      onRequest: [app.authenticate],
      schema: {
        tags,
        summary: 'Report a message I received to the operators',
        ...secured,
        params: IdParams,
        body: ReportMessageBody,
        response: { 201: Ok, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request, reply) => {
      await app.db.transaction((tx) =>
        service.reportMessage(tx, {
          messageId: request.params.id,
          viewer: viewerOf(request),
          reason: request.body.reason,
        }),
      );
      reply.status(201);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/mentoring/reports',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('operator')],
      schema: {
        tags,
        summary: 'Open reports of messages (operator), oldest first',
        ...secured,
        response: { 200: Type.Array(MessageReport), ...problems(...authProblems) },
      },
    },
    async () => service.listReports(app.db),
  );

  app.post(
    '/api/mentoring/reports/:id/decision',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('operator')],
      schema: {
        tags,
        summary: 'Decide on a report: hide the message, suspend the sender, or neither (operator)',
        description:
          'Closes every open report of the message. Hiding and suspending are written to the audit log; a suspended account is signed out at once.',
        ...secured,
        params: IdParams,
        body: ReportDecisionBody,
        response: { 200: Ok, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) => {
      await app.db.transaction((tx) =>
        service.decideReport(tx, {
          id: request.params.id,
          viewer: viewerOf(request),
          body: request.body,
          now: new Date(),
        }),
      );
      return { ok: true as const };
    },
  );
}
