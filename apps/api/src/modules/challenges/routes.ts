// Routes of the challenges domain: the challenge and its organisers, the jury, class enrolments,
// teams (by hand or balanced automatically), submissions with files (multipart; types read from
// the bytes), scores, results and the participation certificate. Also defines the job that
// closes submissions once the deadline has passed.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  AddOrganiserBody,
  AutoTeamsBody,
  AutoTeamsResult,
  CHALLENGE_FILE_MAX_BYTES,
  CHALLENGE_MAX_FILES,
  CHALLENGE_SUBMISSION_MAX_BYTES,
  Challenge,
  ChallengeClassroom,
  ChallengeJuror,
  ChallengeListQuery,
  ChallengePage,
  ChallengeResults,
  ChallengeSubmissions,
  ChallengeTeam,
  ClassroomQuery,
  CloseSubmissionsBody,
  CreateChallengeBody,
  CreateTeamBody,
  EnrolClassBody,
  EnrolmentParams,
  FileParams,
  IdParams,
  InviteJurorBody,
  JurorParams,
  Ok,
  OrganiserParams,
  PlacePupilBody,
  PupilParams,
  RenameTeamBody,
  ScoreBody,
  TeamParams,
  UpdateChallengeBody,
} from '@tremplin/contracts';
import type { Config } from '../../config.js';
import { principalOf } from '../../plugins/auth.js';
import { AppError, invalidField, notFound } from '../../lib/problem.js';
import { authProblems, problems, secured } from '../../lib/schemas.js';
import { attachmentHeader } from './files.js';
import { getFile } from './repository.js';
import * as service from './service.js';
import * as teams from './teams.js';
import * as work from './work.js';

const STAFF = ['teacher', 'school_admin'] as const;
const MIB = 1024 * 1024;

/** A file reply: declared for the documentation, sent as raw bytes. */
const fileResponse = (type: string, description: string) => ({
  description,
  content: { [type]: { schema: { type: 'string', format: 'binary' } } },
});

export default async function challengeRoutes(
  fastify: FastifyInstance,
  options: { config: Pick<Config, 'publicWebUrl'> },
) {
  // Registered here only: multipart bodies are for this domain's uploads.
  await fastify.register(multipart, { throwFileSizeLimit: false });
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const webUrl = options.config.publicWebUrl;

  // Every ten minutes, challenges past their deadline move to judging and the jury is told.
  app.jobs.define({
    name: 'challenges.close-submissions',
    cron: '*/10 * * * *',
    handler: async () => {
      await service.closeDueChallenges(app.db, { now: new Date() });
    },
  });

  const viewerOf = (request: FastifyRequest): service.Viewer => {
    const principal = principalOf(request);
    return { userId: principal.id, roles: principal.roles };
  };
  const read = (request: FastifyRequest, id: string) =>
    service.readChallenge(app.db, { id, viewer: viewerOf(request), now: new Date() });
  const classroom = (request: FastifyRequest, id: string) =>
    teams.readClassroom(app.db, { id, viewer: viewerOf(request), now: new Date() });

  app.get(
    '/api/challenges',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['challenges'],
        summary: 'Challenges I may see: every published one, and the drafts of my companies',
        description:
          'Open challenges first (by deadline), then those being judged, then those with results. `mine` keeps the challenges I organise, judge or take part in (my class, my team).',
        ...secured,
        querystring: ChallengeListQuery,
        response: { 200: ChallengePage, ...problems(400, ...authProblems) },
      },
    },
    async (request) =>
      service.listChallengesFor(app.db, {
        viewer: viewerOf(request),
        mine: request.query.mine ?? false,
        level: request.query.level,
        page: request.query.page ?? 1,
        pageSize: request.query.pageSize ?? 20,
        now: new Date(),
      }),
  );

  app.post(
    '/api/challenges',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('employer')],
      schema: {
        tags: ['challenges'],
        summary: 'Set a challenge for my company (a draft until published)',
        description:
          'Dates: the submission deadline comes after the launch and before the jury. The rubric lists up to ten criteria, each with its weight and highest mark; a juror’s total is the weighted share of each mark, on 100.',
        ...secured,
        body: CreateChallengeBody,
        response: { 201: Challenge, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request, reply) => {
      const viewer = viewerOf(request);
      const id = await app.db.transaction((tx) =>
        service.createChallenge(tx, { viewer, body: request.body, now: new Date() }),
      );
      reply.status(201);
      return read(request, id);
    },
  );

  app.get(
    '/api/challenges/:id',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['challenges'],
        summary: 'One challenge, with my team or my enrolled classes, and what I may do',
        ...secured,
        params: IdParams,
        response: { 200: Challenge, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) => read(request, request.params.id),
  );

  app.put(
    '/api/challenges/:id',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('employer')],
      schema: {
        tags: ['challenges'],
        summary: 'Edit a challenge (organisers, until submissions close)',
        description:
          'Once classes are enrolled, their levels stay open, and the team sizes and number of teams cannot go below the teams already formed (409).',
        ...secured,
        params: IdParams,
        body: UpdateChallengeBody,
        response: { 200: Challenge, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      await app.db.transaction((tx) =>
        service.updateChallenge(tx, {
          id: request.params.id,
          viewer: viewerOf(request),
          body: request.body,
          now: new Date(),
        }),
      );
      return read(request, request.params.id);
    },
  );

  app.post(
    '/api/challenges/:id/publish',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('employer')],
      schema: {
        tags: ['challenges'],
        summary: 'Publish a draft: teachers can enrol their classes',
        ...secured,
        params: IdParams,
        response: { 200: Challenge, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      await app.db.transaction((tx) =>
        service.publishChallenge(tx, {
          id: request.params.id,
          viewer: viewerOf(request),
          now: new Date(),
        }),
      );
      return read(request, request.params.id);
    },
  );

  app.post(
    '/api/challenges/:id/close-submissions',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('employer')],
      schema: {
        tags: ['challenges'],
        summary: 'Close submissions and open the scoring (organisers)',
        description:
          'After the deadline this happens by itself within ten minutes. Before it, `early: true` must say so (409 otherwise).',
        ...secured,
        params: IdParams,
        body: CloseSubmissionsBody,
        response: { 200: Challenge, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      await app.db.transaction((tx) =>
        service.closeSubmissions(tx, {
          id: request.params.id,
          viewer: viewerOf(request),
          early: request.body.early ?? false,
          now: new Date(),
        }),
      );
      return read(request, request.params.id);
    },
  );

  app.post(
    '/api/challenges/:id/organisers',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('employer')],
      schema: {
        tags: ['challenges'],
        summary: 'Add a co-organising company by its SIRET; its employers organise too',
        ...secured,
        params: IdParams,
        body: AddOrganiserBody,
        response: { 200: Challenge, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      await app.db.transaction((tx) =>
        service.addOrganiser(tx, {
          id: request.params.id,
          viewer: viewerOf(request),
          siret: request.body.siret,
        }),
      );
      return read(request, request.params.id);
    },
  );

  app.delete(
    '/api/challenges/:id/organisers/:companyId',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('employer')],
      schema: {
        tags: ['challenges'],
        summary: 'Remove a co-organising company (one always stays)',
        ...secured,
        params: OrganiserParams,
        response: { 200: Challenge, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      await app.db.transaction((tx) =>
        service.removeOrganiser(tx, {
          id: request.params.id,
          viewer: viewerOf(request),
          companyId: request.params.companyId,
        }),
      );
      return read(request, request.params.id);
    },
  );

  app.get(
    '/api/challenges/:id/jurors',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['challenges'],
        summary: 'The jury (organisers and jurors)',
        ...secured,
        params: IdParams,
        response: { 200: Type.Array(ChallengeJuror), ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) =>
      service.listJurors(app.db, { id: request.params.id, viewer: viewerOf(request) }),
  );

  app.post(
    '/api/challenges/:id/jurors',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('employer')],
      schema: {
        tags: ['challenges'],
        summary: 'Invite an employer to the jury by the e-mail of their account',
        description:
          'The person is told in the app and by e-mail. An organiser may sit on the jury too; nobody scores a team from a school they are tied to.',
        ...secured,
        params: IdParams,
        body: InviteJurorBody,
        response: { 201: Type.Array(ChallengeJuror), ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request, reply) => {
      const viewer = viewerOf(request);
      await app.db.transaction((tx) =>
        service.inviteJuror(tx, {
          id: request.params.id,
          viewer,
          email: request.body.email,
          webUrl,
        }),
      );
      reply.status(201);
      return service.listJurors(app.db, { id: request.params.id, viewer });
    },
  );

  app.delete(
    '/api/challenges/:id/jurors/:userId',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('employer')],
      schema: {
        tags: ['challenges'],
        summary: 'Remove a juror who has not scored yet',
        ...secured,
        params: JurorParams,
        response: { 200: Ok, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      await app.db.transaction((tx) =>
        service.removeJuror(tx, {
          id: request.params.id,
          viewer: viewerOf(request),
          userId: request.params.userId,
        }),
      );
      return { ok: true as const };
    },
  );

  app.post(
    '/api/challenges/:id/enrolments',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: ['challenges'],
        summary: 'Enrol a class of my school (of a level of the challenge, this school year)',
        ...secured,
        params: IdParams,
        body: EnrolClassBody,
        response: { 201: Challenge, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request, reply) => {
      await app.db.transaction((tx) =>
        teams.enrolClass(tx, {
          id: request.params.id,
          viewer: viewerOf(request),
          classId: request.body.classId,
          now: new Date(),
        }),
      );
      reply.status(201);
      return read(request, request.params.id);
    },
  );

  app.delete(
    '/api/challenges/:id/enrolments/:enrolmentId',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: ['challenges'],
        summary: 'Withdraw a class (its teams go with it) while no team has handed in work',
        ...secured,
        params: EnrolmentParams,
        response: { 200: Challenge, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      await app.db.transaction((tx) =>
        teams.unenrolClass(tx, {
          id: request.params.id,
          viewer: viewerOf(request),
          enrolmentId: request.params.enrolmentId,
          now: new Date(),
        }),
      );
      return read(request, request.params.id);
    },
  );

  app.get(
    '/api/challenges/:id/classroom',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: ['challenges'],
        summary: 'My enrolled classes, their pupils and their teams',
        ...secured,
        params: IdParams,
        querystring: ClassroomQuery,
        response: { 200: ChallengeClassroom, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) =>
      teams.readClassroom(app.db, {
        id: request.params.id,
        viewer: viewerOf(request),
        schoolId: request.query.schoolId,
        now: new Date(),
      }),
  );

  app.post(
    '/api/challenges/:id/teams',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: ['challenges'],
        summary: 'Create a team in an enrolled class, with pupils if given',
        description: 'Within the challenge’s maximum number of teams and team size (409).',
        ...secured,
        params: IdParams,
        body: CreateTeamBody,
        response: { 201: ChallengeClassroom, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request, reply) => {
      await app.db.transaction((tx) =>
        teams.createTeam(tx, {
          id: request.params.id,
          viewer: viewerOf(request),
          enrolmentId: request.body.enrolmentId,
          name: request.body.name,
          studentIds: request.body.studentIds ?? [],
          now: new Date(),
        }),
      );
      reply.status(201);
      return classroom(request, request.params.id);
    },
  );

  app.post(
    '/api/challenges/:id/teams/auto',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: ['challenges'],
        summary: 'Form balanced teams of every enrolled pupil of my school (replaces its teams)',
        description:
          'Teams mix the enrolled classes and the declared skills in proportion to the whole group (matching package, seeded local search), with sizes in the challenge’s range and no more teams than it has room for. The same seed on the same pupils gives the same teams.',
        ...secured,
        params: IdParams,
        body: AutoTeamsBody,
        response: { 200: AutoTeamsResult, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      const now = new Date();
      const result = await app.db.transaction((tx) =>
        teams.formTeamsAutomatically(tx, {
          id: request.params.id,
          viewer,
          body: request.body,
          now,
        }),
      );
      return {
        seed: result.seed,
        spread: result.spread,
        classroom: await teams.readClassroom(app.db, {
          id: request.params.id,
          viewer,
          schoolId: result.schoolId,
          now,
        }),
      };
    },
  );

  app.patch(
    '/api/challenges/:id/teams/:teamId',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: ['challenges'],
        summary: 'Rename a team',
        ...secured,
        params: TeamParams,
        body: RenameTeamBody,
        response: { 200: ChallengeClassroom, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      await app.db.transaction((tx) =>
        teams.renameTeam(tx, {
          id: request.params.id,
          teamId: request.params.teamId,
          viewer: viewerOf(request),
          name: request.body.name,
          now: new Date(),
        }),
      );
      return classroom(request, request.params.id);
    },
  );

  app.delete(
    '/api/challenges/:id/teams/:teamId',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: ['challenges'],
        summary: 'Delete a team that has not handed in work (its pupils are free again)',
        ...secured,
        params: TeamParams,
        response: { 200: ChallengeClassroom, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      await app.db.transaction((tx) =>
        teams.deleteTeam(tx, {
          id: request.params.id,
          teamId: request.params.teamId,
          viewer: viewerOf(request),
          now: new Date(),
        }),
      );
      return classroom(request, request.params.id);
    },
  );

  app.put(
    '/api/challenges/:id/pupils/:studentId',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: ['challenges'],
        summary: 'Put a pupil in a team of their school (or out of any), with their skills',
        ...secured,
        params: PupilParams,
        body: PlacePupilBody,
        response: { 200: ChallengeClassroom, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      await app.db.transaction((tx) =>
        teams.placePupil(tx, {
          id: request.params.id,
          studentId: request.params.studentId,
          viewer: viewerOf(request),
          teamId: request.body.teamId,
          ...(request.body.skills ? { skills: request.body.skills } : {}),
          now: new Date(),
        }),
      );
      return classroom(request, request.params.id);
    },
  );

  app.get(
    '/api/challenges/:id/teams/:teamId',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['challenges'],
        summary: 'A team and its work (its pupils, their school’s staff, the organisers, the jury)',
        description: 'Anyone else gets 404. Pupils’ names are shown to their team and school only.',
        ...secured,
        params: TeamParams,
        response: { 200: ChallengeTeam, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) =>
      work.readTeam(app.db, {
        id: request.params.id,
        teamId: request.params.teamId,
        viewer: viewerOf(request),
        now: new Date(),
      }),
  );

  /** Reads the multipart body: the `text` field and the `files`, within the size limits. */
  async function readUpload(request: FastifyRequest) {
    if (!request.isMultipart()) {
      throw new AppError(
        415,
        'upload.type',
        'Envoyez le travail en multipart/form-data : un champ « text » et des fichiers « files ».',
      );
    }
    let text: string | null = null;
    const files: work.IncomingFile[] = [];
    let kept = 0;
    let tooLarge: string | null = null;
    let overTotal = false;
    try {
      for await (const part of request.parts({
        limits: {
          fileSize: CHALLENGE_FILE_MAX_BYTES,
          files: CHALLENGE_MAX_FILES,
          fields: 10,
          fieldSize: 200 * 1024,
        },
      })) {
        if (part.type === 'field') {
          if (part.fieldname !== 'text') continue;
          if (part.valueTruncated) {
            throw invalidField(
              'body.text',
              'maxLength',
              `Au plus ${work.SUBMISSION_TEXT_MAX} caractères.`,
            );
          }
          text = String(part.value);
          continue;
        }
        // A file input left empty still sends a part, without a name or content.
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of part.file) {
          size += (chunk as Buffer).length;
          if (kept + size <= CHALLENGE_SUBMISSION_MAX_BYTES) chunks.push(chunk as Buffer);
        }
        if (!part.filename && size === 0) continue;
        if (part.file.truncated) {
          tooLarge ??= part.filename;
          continue;
        }
        if (kept + size > CHALLENGE_SUBMISSION_MAX_BYTES) {
          overTotal = true;
          continue;
        }
        kept += size;
        files.push({ filename: part.filename || 'fichier', content: Buffer.concat(chunks) });
      }
    } catch (error) {
      if (error instanceof app.multipartErrors.FilesLimitError) {
        const message = `Un travail compte ${CHALLENGE_MAX_FILES} fichiers au plus.`;
        throw new AppError(413, 'submission.tooManyFiles', message, [
          { field: 'body.files', code: 'submission.tooManyFiles', message },
        ]);
      }
      throw error;
    }
    if (tooLarge !== null) {
      const message = `Le fichier « ${tooLarge.split(/[\\/]/).pop()} » dépasse ${CHALLENGE_FILE_MAX_BYTES / MIB} Mo, la taille maximale d'un fichier : allégez-le (images moins lourdes, PDF compressé).`;
      throw new AppError(413, 'file.tooLarge', message, [
        { field: 'body.files', code: 'file.tooLarge', message },
      ]);
    }
    if (overTotal) {
      const message = `L'ensemble des fichiers d'un travail ne peut pas dépasser ${CHALLENGE_SUBMISSION_MAX_BYTES / MIB} Mo : allégez vos fichiers (images moins lourdes, PDF compressé).`;
      throw new AppError(413, 'submission.tooLarge', message, [
        { field: 'body.files', code: 'submission.tooLarge', message },
      ]);
    }
    return { text, files };
  }

  app.put(
    '/api/challenges/:id/teams/:teamId/submission',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('student', ...STAFF)],
      schema: {
        tags: ['challenges'],
        summary: 'Hand in (or complete) the team’s work before the deadline',
        description: `\`multipart/form-data\`: a \`text\` field (it replaces the last text; left out, the text is kept) and \`files\` (added to those already there). Accepted: PDF, PNG, JPEG, PPTX and ODP, **recognised from their bytes, not their name**; at most ${CHALLENGE_FILE_MAX_BYTES / MIB} MB a file, ${CHALLENGE_SUBMISSION_MAX_BYTES / MIB} MB and ${CHALLENGE_MAX_FILES} files a submission (413). After the deadline (server time), 409.`,
        consumes: ['multipart/form-data'],
        ...secured,
        params: TeamParams,
        response: {
          200: ChallengeTeam,
          ...problems(400, 404, 409, 413, 415, ...authProblems),
        },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      const upload = await readUpload(request);
      const now = new Date();
      await app.db.transaction((tx) =>
        work.submitWork(tx, {
          id: request.params.id,
          teamId: request.params.teamId,
          viewer,
          text: upload.text,
          files: upload.files,
          now,
        }),
      );
      return work.readTeam(app.db, {
        id: request.params.id,
        teamId: request.params.teamId,
        viewer,
        now,
      });
    },
  );

  app.get(
    '/api/challenges/:id/files/:fileId',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['challenges'],
        summary: 'A file of a team’s work, as handed in',
        description: 'Its type is the one read from its bytes at upload.',
        ...secured,
        params: FileParams,
        response: {
          200: fileResponse('application/octet-stream', 'The file'),
          ...problems(400, 404, ...authProblems),
        },
      },
    },
    async (request, reply) => {
      const file = await getFile(app.db, {
        challengeId: request.params.id,
        fileId: request.params.fileId,
        viewer: viewerOf(request),
      });
      if (!file) throw notFound("Ce fichier n'existe pas ou ne vous est pas accessible.");
      return reply
        .type(file.contentType)
        .header('content-disposition', attachmentHeader(file.filename))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(file.content);
    },
  );

  app.delete(
    '/api/challenges/:id/files/:fileId',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('student', ...STAFF)],
      schema: {
        tags: ['challenges'],
        summary: 'Remove a file from the team’s work before the deadline',
        ...secured,
        params: FileParams,
        response: { 200: Ok, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      await app.db.transaction((tx) =>
        work.deleteFile(tx, {
          id: request.params.id,
          fileId: request.params.fileId,
          viewer: viewerOf(request),
          now: new Date(),
        }),
      );
      return { ok: true as const };
    },
  );

  app.get(
    '/api/challenges/:id/submissions',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['challenges'],
        summary: 'Every team and where its work stands (organisers and jury)',
        description:
          'Organisers see how many scores each team has and their mean; a juror sees their own total and the teams they may not score, with the reason.',
        ...secured,
        params: IdParams,
        response: { 200: ChallengeSubmissions, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) =>
      work.readSubmissions(app.db, {
        id: request.params.id,
        viewer: viewerOf(request),
        now: new Date(),
      }),
  );

  app.put(
    '/api/challenges/:id/teams/:teamId/score',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('employer')],
      schema: {
        tags: ['challenges'],
        summary: 'Score a team’s work with the rubric (jurors, once submissions are closed)',
        description:
          'One mark per criterion, from 0 to its max by half points; the total is the weighted share on 100. A juror tied to a school the team comes from (member of the school, teacher of one of its classes, guardian of one of its pupils) gets 403. Scoring again replaces the juror’s score.',
        ...secured,
        params: TeamParams,
        body: ScoreBody,
        response: { 200: ChallengeTeam, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      const now = new Date();
      await app.db.transaction((tx) =>
        work.scoreTeam(tx, {
          id: request.params.id,
          teamId: request.params.teamId,
          viewer,
          marks: request.body.marks,
          comment: request.body.comment ?? '',
          now,
        }),
      );
      return work.readTeam(app.db, {
        id: request.params.id,
        teamId: request.params.teamId,
        viewer,
        now,
      });
    },
  );

  app.get(
    '/api/challenges/:id/results',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['challenges'],
        summary: 'The ranking (everyone, once published; the organisers may preview it)',
        ...secured,
        params: IdParams,
        response: { 200: ChallengeResults, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) =>
      work.readResults(app.db, {
        id: request.params.id,
        viewer: viewerOf(request),
        now: new Date(),
      }),
  );

  app.post(
    '/api/challenges/:id/results',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('employer')],
      schema: {
        tags: ['challenges'],
        summary: 'Publish the ranking (every team that handed in work must have a score)',
        description:
          'The pupils of ranked teams get the challenge in their passport (once), and everyone concerned is told.',
        ...secured,
        params: IdParams,
        response: { 200: ChallengeResults, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      const now = new Date();
      await app.db.transaction((tx) =>
        work.publishResults(tx, { id: request.params.id, viewer, now }),
      );
      return work.readResults(app.db, { id: request.params.id, viewer, now });
    },
  );

  app.get(
    '/api/challenges/:id/certificate',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('student')],
      schema: {
        tags: ['challenges'],
        summary: 'My participation certificate (PDF), once my team has handed in its work',
        description: 'With the team’s rank once the results are published.',
        ...secured,
        params: IdParams,
        response: {
          200: fileResponse('application/pdf', 'The certificate'),
          ...problems(400, 404, 409, ...authProblems),
        },
      },
    },
    async (request, reply) => {
      const { pdf } = await work.certificateFor(app.db, {
        id: request.params.id,
        viewer: viewerOf(request),
        now: new Date(),
      });
      return reply
        .type('application/pdf')
        .header('content-disposition', 'attachment; filename="attestation-challenge.pdf"')
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(pdf));
    },
  );
}
