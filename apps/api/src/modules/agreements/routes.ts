// Routes of the agreements domain: the list and the convention, its annexes, the PDF, the four
// signatures (the guardian's through a single-use link, opened without an account), the scanned
// paper copy, and the tutor's and pupil's words after the stage.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  Agreement,
  AgreementListQuery,
  AgreementMail,
  AgreementPage,
  AttendanceBody,
  FeedbackBody,
  GuardianLinkSent,
  GuardianLinkView,
  GuardianSignBody,
  GuardianTokenBody,
  IdParams,
  Ok,
  SignAgreementBody,
  UpdateAnnexesBody,
  UploadScanBody,
} from '@tremplin/contracts';
import type { Config } from '../../config.js';
import { principalOf } from '../../plugins/auth.js';
import { invalidField, notFound } from '../../lib/problem.js';
import { authProblems, problems, secured } from '../../lib/schemas.js';
import { recordAudit } from '../audit/repository.js';
import * as service from './service.js';
import { getScannedCopy, referenceOf, type Viewer } from './repository.js';

const NOT_FOUND = "Cette convention n'existe pas ou ne vous concerne pas.";

/** A file reply: declared for the documentation, sent as raw bytes. */
const fileResponse = (type: string, description: string) => ({
  description,
  content: { [type]: { schema: { type: 'string', format: 'binary' } } },
});

export default async function agreementRoutes(
  fastify: FastifyInstance,
  options: { config: Pick<Config, 'publicWebUrl'> },
) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  // Every morning (06:10 UTC), the stages that ended get their tutor's and pupil's reminders.
  app.jobs.define({
    name: 'agreements.after-stage',
    cron: '10 6 * * *',
    handler: async () => {
      await service.remindAfterStage(app.db, { now: new Date() });
    },
  });

  const viewerOf = (request: FastifyRequest): Viewer => {
    const principal = principalOf(request);
    return { userId: principal.id, roles: principal.roles };
  };
  // The web server relays the person's address in X-Forwarded-For (trusted from loopback) and
  // their browser in the body: that is where a signature comes from.
  const originOf = (request: FastifyRequest, userAgent: string | undefined) => ({
    ip: request.ip,
    userAgent: userAgent ?? request.headers['user-agent'] ?? '',
  });

  app.get(
    '/api/agreements',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['agreements'],
        summary: 'The agreements I may see (pupil: mine; school: its pupils; company: its stages)',
        ...secured,
        querystring: AgreementListQuery,
        response: { 200: AgreementPage, ...problems(400, ...authProblems) },
      },
    },
    async (request) =>
      service.listAgreementsFor(app.db, {
        viewer: viewerOf(request),
        status: request.query.status,
        page: request.query.page ?? 1,
        pageSize: request.query.pageSize ?? 20,
        now: new Date(),
      }),
  );

  app.get(
    '/api/agreements/:id',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['agreements'],
        summary: 'One agreement, with what I may do with it',
        ...secured,
        params: IdParams,
        response: { 200: Agreement, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) => {
      const agreement = await service.readAgreement(app.db, {
        id: request.params.id,
        viewer: viewerOf(request),
        now: new Date(),
      });
      if (!agreement) throw notFound(NOT_FOUND);
      return agreement;
    },
  );

  app.put(
    '/api/agreements/:id/annexes',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('teacher', 'school_admin', 'employer')],
      schema: {
        tags: ['agreements'],
        summary: 'Edit the teaching and practical annexes (referent teacher, head, host)',
        description:
          'Hours are checked against the rules for minors (400 lists every breach). Once a party has signed, the edit needs `clearSignatures: true` (409 otherwise): the signatures are cleared and everyone signs the new text. `version` is the version read; 409 if it changed since.',
        ...secured,
        params: IdParams,
        body: UpdateAnnexesBody,
        response: { 200: Agreement, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      const now = new Date();
      await app.db.transaction((tx) =>
        service.updateAnnexes(tx, { id: request.params.id, viewer, body: request.body, now }),
      );
      return (await service.readAgreement(app.db, { id: request.params.id, viewer, now }))!;
    },
  );

  app.post(
    '/api/agreements/:id/signatures',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('student', 'school_admin', 'employer')],
      schema: {
        tags: ['agreements'],
        summary: 'Sign as the host, the head of school or the pupil',
        description:
          'Records who signed, when, from which address (X-Forwarded-For through the web app) and browser. Each party signs once (409 after). The fourth signature makes the agreement `signed` and tells everyone.',
        ...secured,
        params: IdParams,
        body: SignAgreementBody,
        response: { 200: Agreement, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      const now = new Date();
      await app.db.transaction((tx) =>
        service.signAsAccount(tx, {
          id: request.params.id,
          viewer,
          as: request.body.as,
          version: request.body.version,
          origin: originOf(request, request.body.userAgent),
          now,
        }),
      );
      return (await service.readAgreement(app.db, { id: request.params.id, viewer, now }))!;
    },
  );

  app.post(
    '/api/agreements/:id/guardian-link',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('student', 'teacher', 'school_admin')],
      schema: {
        tags: ['agreements'],
        summary: "Send (or send again) the guardian's single-use signing link by e-mail",
        description: `The link goes to the guardian's address on the pupil's record and stays valid ${service.GUARDIAN_LINK_DAYS} days; any earlier link stops working.`,
        ...secured,
        params: IdParams,
        response: { 200: GuardianLinkSent, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) =>
      app.db.transaction((tx) =>
        service.sendGuardianLink(tx, {
          id: request.params.id,
          viewer: viewerOf(request),
          now: new Date(),
          webUrl: options.config.publicWebUrl,
        }),
      ),
  );

  app.get(
    '/api/agreements/:id/guardian-mails',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('operator')],
      schema: {
        tags: ['agreements'],
        summary: "The e-mails sent to the guardian's address about this agreement (operator)",
        description:
          'For support, when a guardian says the link never came: whether it left, when, and its text. Each reading is written to the audit log.',
        ...secured,
        params: IdParams,
        response: { 200: Type.Array(AgreementMail), ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      const mails = await service.guardianMailsOf(app.db, { id: request.params.id, viewer });
      if (!mails) throw notFound(NOT_FOUND);
      await recordAudit(app.db, {
        actorId: viewer.userId,
        action: 'agreement.guardianMailsRead',
        subjectType: 'agreement',
        subjectId: request.params.id,
      });
      return mails.map((m) => ({
        ...m,
        createdAt: m.createdAt.toISOString(),
        sentAt: m.sentAt?.toISOString() ?? null,
      }));
    },
  );

  app.get(
    '/api/agreements/:id/pdf',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['agreements'],
        summary: 'The convention as a PDF, with its signatures block',
        description:
          'When a scanned copy signed on paper was uploaded, the PDF says so and the header `X-Scanned-Copy: true` is set; the copy itself is at `/api/agreements/{id}/scanned-copy`.',
        ...secured,
        params: IdParams,
        response: {
          200: fileResponse('application/pdf', 'The convention'),
          ...problems(400, 404, ...authProblems),
        },
      },
    },
    async (request, reply) => {
      const file = await service.agreementPdf(app.db, {
        id: request.params.id,
        viewer: viewerOf(request),
        now: new Date(),
      });
      if (!file) throw notFound(NOT_FOUND);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="convention-${file.reference}.pdf"`)
        .header('x-scanned-copy', String(file.hasScannedCopy))
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(file.pdf));
    },
  );

  app.post(
    '/api/agreements/:id/scanned-copy',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('teacher', 'school_admin')],
      schema: {
        tags: ['agreements'],
        summary: 'Upload the copy signed on paper (a teacher or the head of the school)',
        description:
          'For a head of school without an account: the scan (PDF, JPEG or PNG, 10 MB at most, type read from its first bytes) stands for the missing signatures and the agreement becomes `signed`.',
        ...secured,
        params: IdParams,
        body: UploadScanBody,
        response: { 200: Agreement, ...problems(400, 404, 409, 413, 415, ...authProblems) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      const now = new Date();
      const base64 = request.body.contentBase64.replace(/^data:[^,]*,/, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) {
        throw invalidField(
          'body.contentBase64',
          'scan.encoding',
          "Le fichier n'a pas pu être lu (il doit être encodé en base64).",
        );
      }
      await app.db.transaction((tx) =>
        service.uploadScannedCopy(tx, {
          id: request.params.id,
          viewer,
          content: Buffer.from(base64, 'base64'),
          now,
        }),
      );
      return (await service.readAgreement(app.db, { id: request.params.id, viewer, now }))!;
    },
  );

  app.get(
    '/api/agreements/:id/scanned-copy',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['agreements'],
        summary: 'The scanned copy signed on paper, as uploaded',
        ...secured,
        params: IdParams,
        response: {
          200: fileResponse('application/octet-stream', 'The scan (PDF, JPEG or PNG)'),
          ...problems(400, 404, ...authProblems),
        },
      },
    },
    async (request, reply) => {
      const copy = await getScannedCopy(app.db, {
        id: request.params.id,
        viewer: viewerOf(request),
      });
      if (!copy?.content) throw notFound("Aucun exemplaire papier n'a été déposé.");
      const extension = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' }[
        copy.contentType ?? ''
      ];
      return reply
        .type(copy.contentType ?? 'application/octet-stream')
        .header(
          'content-disposition',
          `attachment; filename="convention-${referenceOf(copy.id)}-signee.${extension ?? 'bin'}"`,
        )
        .header('cache-control', 'private, no-store')
        .send(copy.content);
    },
  );

  app.post(
    '/api/agreements/:id/attendance',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('employer')],
      schema: {
        tags: ['agreements'],
        summary: "The tutor's side confirms the pupil's attendance and appraises the stage",
        description:
          "From the stage's last day, once the agreement is signed. With the pupil's feedback, the stage is `completed` and enters the pupil's passport.",
        ...secured,
        params: IdParams,
        body: AttendanceBody,
        response: { 200: Agreement, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      const now = new Date();
      await app.db.transaction((tx) =>
        service.confirmAttendance(tx, {
          id: request.params.id,
          viewer,
          appraisal: request.body.appraisal,
          now,
        }),
      );
      return (await service.readAgreement(app.db, { id: request.params.id, viewer, now }))!;
    },
  );

  app.post(
    '/api/agreements/:id/feedback',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('student')],
      schema: {
        tags: ['agreements'],
        summary: 'The pupil says how the stage went',
        ...secured,
        params: IdParams,
        body: FeedbackBody,
        response: { 200: Agreement, ...problems(400, 404, 409, ...authProblems) },
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
      return (await service.readAgreement(app.db, { id: request.params.id, viewer, now }))!;
    },
  );

  // The guardian has no account: the token of their link is their only key. It travels in the
  // body (never in an API URL, which proxies log), and only its hash is stored.
  app.post(
    '/api/guardian-links/open',
    {
      schema: {
        tags: ['agreements'],
        summary:
          "Open the guardian's signing link: the convention, or why the link no longer works",
        body: GuardianTokenBody,
        response: { 200: GuardianLinkView, ...problems(400, 404, 429) },
      },
    },
    async (request) =>
      service.openGuardianLink(app.db, { token: request.body.token, now: new Date() }),
  );

  app.post(
    '/api/guardian-links/sign',
    {
      schema: {
        tags: ['agreements'],
        summary: 'The guardian signs with their name; the link then stops working',
        body: GuardianSignBody,
        response: { 200: Ok, ...problems(400, 404, 409, 429) },
      },
    },
    async (request) => {
      await app.db.transaction((tx) =>
        service.signAsGuardian(tx, {
          token: request.body.token,
          signerName: request.body.signerName,
          version: request.body.version,
          origin: originOf(request, request.body.userAgent),
          now: new Date(),
        }),
      );
      return { ok: true as const };
    },
  );

  app.post(
    '/api/guardian-links/pdf',
    {
      schema: {
        tags: ['agreements'],
        summary: 'The convention as a PDF, for the guardian while their link is active',
        body: GuardianTokenBody,
        response: {
          200: fileResponse('application/pdf', 'The convention'),
          ...problems(400, 404, 409, 429),
        },
      },
    },
    async (request, reply) => {
      const file = await service.guardianPdf(app.db, {
        token: request.body.token,
        now: new Date(),
      });
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="convention-${file.reference}.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(file.pdf));
    },
  );
}
