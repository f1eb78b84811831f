// Routes of the skills passport. The pupil reads their passport, writes, edits and deletes their
// own reflections, chooses which entries the PDF shows and downloads it. A teacher or head of the
// pupil's school reads the whole passport (hidden entries included, marked so), without changing
// anything: they follow the pupil's path; the PDF stays the pupil's to hand out. Anyone else: 404.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CreateReflectionBody,
  IdParams,
  Ok,
  Passport,
  PassportEntry,
  PassportVisibilityBody,
  StudentIdParams,
  UpdatePassportEntryBody,
} from '@tremplin/contracts';
import { principalOf } from '../../plugins/auth.js';
import { conflict, invalidField, notFound } from '../../lib/problem.js';
import { authProblems, problems, secured } from '../../lib/schemas.js';
import { parisToday } from '../agreements/dates.js';
import { recordAudit } from '../audit/repository.js';
import { renderPassportPdf } from './pdf.js';
import * as repo from './repository.js';

const TAGS = ['passport'];
const NOT_FOUND_ENTRY = "Cette étape de passeport n'existe pas ou ne vous appartient pas.";
const NOT_FOUND_PUPIL = "Ce passeport n'existe pas ou ne vous est pas accessible.";

/** A file reply: declared for the documentation, sent as raw bytes. */
const fileResponse = (type: string, description: string) => ({
  description,
  content: { [type]: { schema: { type: 'string', format: 'binary' } } },
});

/** A reflection is dated on a real day, not after today (Paris). */
function checkDate(field: string, day: string, now: Date) {
  if (day > parisToday(now)) {
    throw invalidField(field, 'date.future', 'La date ne peut pas être dans le futur.');
  }
  if (day < '2000-01-01') {
    throw invalidField(field, 'date.tooOld', 'Cette date est trop ancienne.');
  }
}

export default async function passportRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const pupilOnly = { onRequest: [app.authenticate], preHandler: [app.requireRole('student')] };
  const me = (request: FastifyRequest) => principalOf(request).id;

  app.get(
    '/api/passport',
    {
      ...pupilOnly,
      schema: {
        tags: TAGS,
        summary: 'My skills passport (pupil): every entry, newest first',
        ...secured,
        response: { 200: Passport, ...problems(...authProblems) },
      },
    },
    async (request) => {
      const studentId = me(request);
      const [header, entries] = await Promise.all([
        repo.ownHeader(app.db, { studentId }),
        repo.listEntries(app.db, { studentId }),
      ]);
      if (!header) throw notFound(NOT_FOUND_PUPIL);
      return { student: header, entries, readOnly: false };
    },
  );

  app.get(
    '/api/passports/:studentId',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: TAGS,
        summary: "A pupil's passport, read-only, for a teacher or head of the pupil's school",
        description:
          'Every entry, hidden ones included (`visible: false`: the pupil keeps them out of the PDF). 404 for anyone but an active teacher or head of the pupil’s school.',
        ...secured,
        params: StudentIdParams,
        response: { 200: Passport, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) => {
      // The school membership in the query decides; anyone else learns nothing, not even that
      // the pupil exists.
      const header = await repo.headerForStaff(app.db, {
        studentId: request.params.studentId,
        staffId: me(request),
      });
      if (!header) throw notFound(NOT_FOUND_PUPIL);
      const entries = await repo.listEntries(app.db, { studentId: header.id });
      return { student: header, entries, readOnly: true };
    },
  );

  app.post(
    '/api/passport/entries',
    {
      ...pupilOnly,
      schema: {
        tags: TAGS,
        summary: 'Write a reflection of my own into my passport',
        ...secured,
        body: CreateReflectionBody,
        response: { 201: PassportEntry, ...problems(400, ...authProblems) },
      },
    },
    async (request, reply) => {
      const now = new Date();
      const body = request.body;
      const title = body.title.trim();
      const description = body.description.trim();
      if (!title)
        throw invalidField('body.title', 'required', 'Donnez un titre à votre réflexion.');
      if (!description) {
        throw invalidField('body.description', 'required', 'Écrivez votre réflexion.');
      }
      const occurredOn = body.occurredOn ?? parisToday(now);
      checkDate('body.occurredOn', occurredOn, now);
      const row = await repo.createReflection(app.db, {
        studentId: me(request),
        title,
        description,
        occurredOn,
        visible: body.visible ?? true,
      });
      reply.status(201);
      return repo.serialiseEntry(row);
    },
  );

  app.patch(
    '/api/passport/entries/:id',
    {
      ...pupilOnly,
      schema: {
        tags: TAGS,
        summary: 'Show or hide an entry; change the words or date of my own reflection',
        description:
          'Any entry of mine can be shown or hidden (`visible`). Title, text and date change only on reflections written in the passport (400 naming the field otherwise: the other entries say what happened, as the school, the host or the jury recorded it).',
        ...secured,
        params: IdParams,
        body: UpdatePassportEntryBody,
        response: { 200: PassportEntry, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) => {
      const studentId = me(request);
      const now = new Date();
      const entry = await repo.ownEntry(app.db, { studentId, id: request.params.id });
      if (!entry) throw notFound(NOT_FOUND_ENTRY);
      const body = request.body;
      const values: {
        title?: string;
        description?: string;
        occurredOn?: string;
        visible?: boolean;
      } = {};
      for (const field of ['title', 'description', 'occurredOn'] as const) {
        if (body[field] === undefined) continue;
        if (entry.sourceType !== null) {
          throw invalidField(
            `body.${field}`,
            'entry.readOnly',
            'Cette étape vient de Tremplin (stage, module, mentorat ou challenge) : vous pouvez la masquer, pas la réécrire.',
          );
        }
        const value = body[field]!.trim();
        if (!value) {
          throw invalidField(`body.${field}`, 'required', 'Ce champ ne peut pas être vide.');
        }
        values[field] = value;
      }
      if (values.occurredOn) checkDate('body.occurredOn', values.occurredOn, now);
      if (body.visible !== undefined) values.visible = body.visible;
      const row = await repo.updateEntry(app.db, { studentId, id: entry.id, values });
      if (!row) throw notFound(NOT_FOUND_ENTRY);
      return repo.serialiseEntry(row);
    },
  );

  app.delete(
    '/api/passport/entries/:id',
    {
      ...pupilOnly,
      schema: {
        tags: TAGS,
        summary: 'Delete one of my own reflections',
        description:
          'Only reflections written in the passport can be deleted (409 for the others, which can be hidden instead).',
        ...secured,
        params: IdParams,
        response: { 200: Ok, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      const studentId = me(request);
      const entry = await repo.ownEntry(app.db, { studentId, id: request.params.id });
      if (!entry) throw notFound(NOT_FOUND_ENTRY);
      if (entry.sourceType !== null) {
        throw conflict(
          'entry.notOwn',
          'Cette étape vient de Tremplin : elle ne se supprime pas, mais vous pouvez la masquer de votre passeport imprimé.',
        );
      }
      await repo.deleteReflection(app.db, { studentId, id: entry.id });
      return { ok: true as const };
    },
  );

  app.put(
    '/api/passport/visibility',
    {
      ...pupilOnly,
      schema: {
        tags: TAGS,
        summary: 'Choose at once which of my entries the PDF shows',
        description:
          'The listed entries are shown, all my other entries hidden. Identifiers that are not mine are ignored.',
        ...secured,
        body: PassportVisibilityBody,
        response: { 200: Passport, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) => {
      const studentId = me(request);
      await repo.setVisibility(app.db, { studentId, visibleIds: request.body.visible });
      const [header, entries] = await Promise.all([
        repo.ownHeader(app.db, { studentId }),
        repo.listEntries(app.db, { studentId }),
      ]);
      if (!header) throw notFound(NOT_FOUND_PUPIL);
      return { student: header, entries, readOnly: false };
    },
  );

  app.get(
    '/api/passport/pdf',
    {
      ...pupilOnly,
      schema: {
        tags: TAGS,
        summary: 'My passport as a PDF, with the entries I chose to show',
        ...secured,
        response: {
          200: fileResponse('application/pdf', 'The passport'),
          ...problems(404, ...authProblems),
        },
      },
    },
    async (request, reply) => {
      const studentId = me(request);
      const now = new Date();
      const [header, entries] = await Promise.all([
        repo.ownHeader(app.db, { studentId }),
        repo.listEntries(app.db, { studentId, onlyVisible: true }),
      ]);
      if (!header) throw notFound(NOT_FOUND_PUPIL);
      const pdf = await renderPassportPdf({
        student: header,
        level: header.level,
        entries,
        generatedAt: now,
      });
      await recordAudit(app.db, {
        actorId: studentId,
        action: 'passport.exported',
        subjectType: 'passport',
        subjectId: studentId,
        data: { entries: entries.length },
      });
      return reply
        .type('application/pdf')
        .header('content-disposition', 'attachment; filename="passeport-competences.pdf"')
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(pdf));
    },
  );
}
