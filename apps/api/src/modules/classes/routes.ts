// Routes of the classes domain: classes, the pupil import and its preview, sign-in codes and their
// printable sheet, the school's stage weeks, pupils' profiles, and the teacher's follow-up ("no
// pupil without a stage"). Also defines the daily reminder job.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  ClassFollowUp,
  ClassPupilParams,
  ClassQuery,
  CreateClassBody,
  CreateStageWeekBody,
  IdParams,
  NewLoginCode,
  Ok,
  PupilImportBody,
  PupilImportQuery,
  PupilImportReport,
  SchoolClass,
  SchoolStageWeeks,
  SignInSheetQuery,
  StageWeek,
  StageWeekParams,
  StageWeekQuery,
  StudentProfile,
  UnassignedPupil,
  UpdateClassBody,
  UpdatePupilBody,
  UpdateStudentProfileBody,
  type PupilStageState,
  type SchoolKind,
  type SchoolLevel,
} from '@tremplin/contracts';
import type { Config } from '../../config.js';
import { principalOf } from '../../plugins/auth.js';
import { badRequest, conflict, forbidden, invalidField, notFound } from '../../lib/problem.js';
import { authProblems, problems, secured } from '../../lib/schemas.js';
import { recordAudit } from '../audit/repository.js';
import { daysBetween, frenchDate, isRealDate, parisToday, schoolYearOf } from './calendar.js';
import { decodeCsvBytes, planImport, readPupilList, repairWindows1252 } from './pupil-import.js';
import { remindUnplacedPupils } from './reminders.js';
import * as repo from './repository.js';
import { renderSignInSheet } from './sign-in-sheet.js';

const STAFF = ['teacher', 'school_admin'] as const;
const MAX_IMPORT_LINES = 5000;

/** Levels a kind of school teaches (a lycée professionnel may have a 3e prépa-métiers). */
const LEVELS_OF: Record<SchoolKind, SchoolLevel[]> = {
  college: ['4e', '3e'],
  lycee_gt: ['2de'],
  lycee_pro: ['pro', '3e'],
};
const LEVEL_NAMES: Record<SchoolLevel, string> = {
  '4e': '4e',
  '3e': '3e',
  '2de': '2de',
  pro: 'lycée professionnel',
};
const KIND_NAMES: Record<SchoolKind, string> = {
  college: 'un collège',
  lycee_gt: 'un lycée général et technologique',
  lycee_pro: 'un lycée professionnel',
};

function levelProblem(kind: SchoolKind, level: SchoolLevel): string | null {
  return LEVELS_OF[kind].includes(level)
    ? null
    : `Le niveau ${LEVEL_NAMES[level]} n'existe pas dans ${KIND_NAMES[kind]} (niveaux possibles : ${LEVELS_OF[kind].map((l) => LEVEL_NAMES[l]).join(', ')}).`;
}

/** Longest span of one declared period, per level (3e: a week, 2de: two, lycée pro: eight). */
const MAX_WEEK_DAYS: Record<SchoolLevel, number> = { '4e': 14, '3e': 14, '2de': 14, pro: 56 };

export default async function classRoutes(
  fastify: FastifyInstance,
  options: { config: Pick<Config, 'publicWebUrl'> },
) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const webUrl = options.config.publicWebUrl;
  const today = () => parisToday(new Date());

  app.jobs.define({
    name: 'classes.unplaced-reminders',
    cron: '0 6 * * *',
    handler: async () => {
      await remindUnplacedPupils(app.db, { now: new Date(), webUrl });
    },
  });

  // Raw class lists (`Content-Type: text/csv`) arrive as bytes: the route decodes them.
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'buffer', bodyLimit: 5 * 1024 * 1024 },
    (_request, body, done) => done(null, body),
  );

  /** The school a teacher acts in: the one named, or their only one. */
  async function staffSchool(userId: string, schoolId: string | undefined, field: string) {
    if (schoolId) {
      const school = await repo.getStaffSchool(app.db, { userId, schoolId });
      if (!school) throw notFound("Cet établissement n'existe pas ou vous n'en êtes pas membre.");
      return school;
    }
    const schools = await repo.listStaffSchools(app.db, { userId });
    if (schools.length === 0) {
      throw forbidden(
        "Vous n'êtes membre actif d'aucun établissement : demandez à rejoindre le vôtre depuis « Mon organisation ».",
      );
    }
    if (schools.length > 1) {
      throw invalidField(
        field,
        'required',
        'Choisissez l’établissement : vous êtes membre de plusieurs.',
      );
    }
    return schools[0]!;
  }

  async function classOr404(request: FastifyRequest, id: string) {
    const row = await repo.getClass(app.db, { id, userId: principalOf(request).id });
    if (!row) throw notFound("Cette classe n'existe pas ou n'est pas dans votre établissement.");
    return row;
  }

  app.get(
    '/api/classes',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: ['classes'],
        summary: 'The classes of my schools, with how many pupils already have a stage',
        ...secured,
        querystring: ClassQuery,
        response: { 200: Type.Array(SchoolClass), ...problems(400, ...authProblems) },
      },
    },
    async (request) => {
      const rows = await repo.listClasses(app.db, {
        userId: principalOf(request).id,
        schoolYear: request.query.schoolYear,
        schoolId: request.query.schoolId,
      });
      return rows.map(repo.serialiseClass);
    },
  );

  app.post(
    '/api/classes',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: ['classes'],
        summary: 'Create a class in my school; I become its teacher',
        ...secured,
        body: CreateClassBody,
        response: { 201: SchoolClass, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request, reply) => {
      const actor = principalOf(request);
      const body = request.body;
      const school = await staffSchool(actor.id, body.schoolId, 'body.schoolId');
      const name = body.name.replace(/\s+/g, ' ').trim();
      if (name === '')
        throw invalidField('body.name', 'minLength', 'Ce champ ne peut pas être vide.');
      const problem = levelProblem(school.kind, body.level);
      if (problem) throw invalidField('body.level', 'level.school', problem);
      const schoolYear = body.schoolYear ?? schoolYearOf(today());
      const taken = () =>
        conflict('class.taken', `La classe ${name} existe déjà pour cette année scolaire.`, [
          { field: 'body.name', code: 'class.taken', message: 'Cette classe existe déjà.' },
        ]);
      if (await repo.findClassByName(app.db, { schoolId: school.id, schoolYear, name })) {
        throw taken();
      }
      const created = await repo.createClass(app.db, {
        schoolId: school.id,
        name,
        level: body.level,
        schoolYear,
        teacherId: actor.id,
      });
      if (!created) throw taken();
      reply.status(201);
      return repo.serialiseClass(
        (await repo.getClass(app.db, { id: created.id, userId: actor.id }))!,
      );
    },
  );

  app.get(
    '/api/classes/:id',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: ['classes'],
        summary: 'One class of my schools',
        ...secured,
        params: IdParams,
        response: { 200: SchoolClass, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) => repo.serialiseClass(await classOr404(request, request.params.id)),
  );

  app.patch(
    '/api/classes/:id',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: ['classes'],
        summary: 'Rename a class, change its level, year or teacher (its pupils follow the level)',
        ...secured,
        params: IdParams,
        body: UpdateClassBody,
        response: { 200: SchoolClass, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      const actor = principalOf(request);
      const current = await classOr404(request, request.params.id);
      const body = request.body;
      const values: Parameters<typeof repo.updateClass>[1]['values'] = {};
      if (body.name !== undefined) {
        values.name = body.name.replace(/\s+/g, ' ').trim();
        if (values.name === '') {
          throw invalidField('body.name', 'minLength', 'Ce champ ne peut pas être vide.');
        }
      }
      if (body.level !== undefined) {
        const problem = levelProblem(current.schoolKind, body.level);
        if (problem) throw invalidField('body.level', 'level.school', problem);
        values.level = body.level;
      }
      if (body.schoolYear !== undefined) values.schoolYear = body.schoolYear;
      if (body.teacherId !== undefined) {
        if (
          body.teacherId !== null &&
          !(await repo.isActiveMember(app.db, {
            userId: body.teacherId,
            schoolId: current.schoolId,
          }))
        ) {
          throw invalidField(
            'body.teacherId',
            'teacher.unknown',
            "Ce professeur n'est pas membre de l'établissement.",
          );
        }
        values.teacherId = body.teacherId;
      }
      const name = values.name ?? current.name;
      const schoolYear = values.schoolYear ?? current.schoolYear;
      if (
        (values.name !== undefined || values.schoolYear !== undefined) &&
        (await repo.findClassByName(app.db, {
          schoolId: current.schoolId,
          schoolYear,
          name,
          exceptId: current.id,
        }))
      ) {
        throw conflict('class.taken', `La classe ${name} existe déjà pour cette année scolaire.`, [
          { field: 'body.name', code: 'class.taken', message: 'Cette classe existe déjà.' },
        ]);
      }
      const done = await app.db.transaction((tx) =>
        repo.updateClass(tx, { id: current.id, userId: actor.id, values }),
      );
      if (!done) throw notFound("Cette classe n'existe pas ou n'est pas dans votre établissement.");
      return repo.serialiseClass(
        (await repo.getClass(app.db, { id: current.id, userId: actor.id }))!,
      );
    },
  );

  app.get(
    '/api/classes/:id/follow-up',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: ['classes'],
        summary: "Each pupil's stage state and the days left before the school's stage weeks",
        description:
          "States, best first: signed (agreement signed), confirmed, accepted (by an employer, to be confirmed), applied (waiting for an answer), none. Applications count when their period falls in the class's school year.",
        ...secured,
        params: IdParams,
        response: { 200: ClassFollowUp, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) => {
      const row = await classOr404(request, request.params.id);
      const day = today();
      const [pupils, week] = await Promise.all([
        repo.classFollowUp(app.db, { classId: row.id, schoolYear: row.schoolYear }),
        repo.nextStageWeek(app.db, { schoolId: row.schoolId, level: row.level, today: day }),
      ]);
      const counts: Record<PupilStageState, number> = {
        signed: 0,
        confirmed: 0,
        accepted: 0,
        applied: 0,
        none: 0,
      };
      for (const p of pupils) counts[p.state]++;
      return {
        class: repo.serialiseClass(row),
        nextStageWeek: week ? repo.serialiseWeek(week) : null,
        daysLeft: week ? Math.max(0, daysBetween(day, week.startDate)) : null,
        counts,
        withoutStage: counts.accepted + counts.applied + counts.none,
        pupils: pupils.map((p) => ({
          userId: p.userId,
          firstName: p.firstName,
          lastName: p.lastName,
          birthDate: p.birthDate,
          loginCode: p.loginCode,
          activated: p.activated,
          hasEmail: p.hasEmail,
          state: p.state,
          applications: p.applications,
          liveApplications: p.liveApplications,
          stage:
            p.offerTitle && p.startDate && p.endDate
              ? {
                  offerTitle: p.offerTitle,
                  companyName: p.companyName ?? '',
                  startDate: p.startDate,
                  endDate: p.endDate,
                }
              : null,
        })),
      };
    },
  );

  app.get(
    '/api/classes/:id/sign-in-sheet',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: ['classes'],
        summary: 'Printable sign-in codes of the class (PDF, one cut-out block per pupil)',
        ...secured,
        params: IdParams,
        querystring: SignInSheetQuery,
        response: {
          200: Type.Unsafe<Uint8Array>({
            type: 'string',
            format: 'binary',
            description: 'application/pdf',
          }),
          ...problems(400, 404, ...authProblems),
        },
      },
    },
    async (request, reply) => {
      const row = await classOr404(request, request.params.id);
      const pupils = await repo.signInSheetPupils(app.db, {
        classId: row.id,
        pupilId: request.query.pupil,
        pending: request.query.pending,
      });
      if (request.query.pupil && pupils.length === 0) {
        throw notFound("Cet élève n'est pas dans cette classe ou n'a pas de code de connexion.");
      }
      const pdf = await renderSignInSheet({
        schoolName: row.schoolName,
        className: row.name,
        webUrl,
        pupils: pupils.map((p) => ({
          firstName: p.firstName,
          lastName: p.lastName,
          loginCode: p.loginCode!,
        })),
      });
      await recordAudit(app.db, {
        actorId: principalOf(request).id,
        action: 'class.codes_printed',
        subjectType: 'class',
        subjectId: row.id,
        data: { pupils: pupils.length },
      });
      const file = `codes-${row.name.replace(/[^\p{L}\p{N}]+/gu, '-')}.pdf`;
      reply
        .type('application/pdf')
        .header('cache-control', 'no-store')
        .header(
          'content-disposition',
          `attachment; filename="${file.normalize('NFD').replace(/[^\x20-\x7e]/g, '')}"; filename*=UTF-8''${encodeURIComponent(file)}`,
        );
      return reply.send(Buffer.from(pdf));
    },
  );

  app.post(
    '/api/classes/:id/pupils/:pupilId/login-code',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: ['classes'],
        summary: 'Give a pupil who lost their code a new one (their password is cleared)',
        description:
          'The old code stops working, the password is cleared and every session of the pupil ends: the pupil signs in again through "Première connexion" with the new code. Only for pupils without an e-mail.',
        ...secured,
        params: ClassPupilParams,
        response: { 200: NewLoginCode, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      const actor = principalOf(request);
      const { id, pupilId } = request.params;
      const result = await app.db.transaction(async (tx) => {
        const done = await repo.reissueLoginCode(tx, { classId: id, pupilId, userId: actor.id });
        if (done && done !== 'has_email') {
          await recordAudit(tx, {
            actorId: actor.id,
            action: 'pupil.login_code_reissued',
            subjectType: 'user',
            subjectId: pupilId,
            data: { classId: id },
          });
        }
        return done;
      });
      if (!result) throw notFound("Cet élève n'est pas dans cette classe de votre établissement.");
      if (result === 'has_email') {
        throw conflict(
          'pupil.has_email',
          'Cet élève se connecte avec son adresse e-mail : il peut réinitialiser son mot de passe lui-même.',
        );
      }
      return { userId: pupilId, loginCode: result.loginCode };
    },
  );

  // ------------------------------------------------------------------------------------------
  // Import of pupils from the school's software

  async function runImport(
    request: FastifyRequest,
    csv: string,
    options: { dryRun?: boolean; schoolId?: string; schoolYear?: number; classId?: string },
    field: (name: string) => string,
  ) {
    const actor = principalOf(request);
    const day = today();
    let school: { id: string; kind: SchoolKind };
    let target: { id: string; name: string; level: SchoolLevel; schoolYear: number } | undefined;
    if (options.classId) {
      const row = await classOr404(request, options.classId);
      if (options.schoolId && options.schoolId !== row.schoolId) {
        throw invalidField(
          field('schoolId'),
          'class.school',
          "Cette classe n'est pas de cet établissement.",
        );
      }
      school = { id: row.schoolId, kind: row.schoolKind };
      target = row;
    } else {
      school = await staffSchool(actor.id, options.schoolId, field('schoolId'));
    }
    const schoolYear = target?.schoolYear ?? options.schoolYear ?? schoolYearOf(day);
    const list = readPupilList(repairWindows1252(csv), {
      classColumnRequired: !target,
      today: day,
      maxLines: MAX_IMPORT_LINES,
    });
    if (list.columnsMissing.length > 0) {
      const message = `Colonnes manquantes dans le fichier : ${list.columnsMissing.join(', ')}. La première ligne doit nommer les colonnes, par exemple « Nom;Prénom;Date de naissance;Classe ».`;
      throw badRequest('import.columns', message, [
        { field: field('csv'), code: 'import.columns', message },
      ]);
    }
    if (list.read > MAX_IMPORT_LINES) {
      throw invalidField(
        field('csv'),
        'import.too_long',
        `Le fichier compte ${list.read} lignes : ${MAX_IMPORT_LINES} au plus par import.`,
      );
    }
    if (list.read === 0) {
      throw invalidField(field('csv'), 'import.empty', 'Le fichier ne contient aucun élève.');
    }
    const plan = async (db: typeof app.db) =>
      planImport(list, {
        schoolKind: school.kind,
        schoolYear,
        target,
        ...(await repo.importContext(db, { schoolId: school.id, schoolYear })),
      });
    const dryRun = options.dryRun ?? false;
    const result = dryRun
      ? await plan(app.db)
      : await app.db.transaction(async (tx) => {
          await repo.lockSchoolImports(tx, school.id);
          const p = await plan(tx as unknown as typeof app.db);
          const counts = await repo.applyImport(tx, {
            plan: p,
            schoolId: school.id,
            schoolYear,
            teacherId: actor.id,
          });
          await recordAudit(tx, {
            actorId: actor.id,
            action: 'pupils.imported',
            subjectType: 'school',
            subjectId: school.id,
            data: { ...counts, rejected: p.rejected.length, classes: p.classes.length },
          });
          return p;
        });
    const created = result.pupils.filter((p) => p.action === 'create').length;
    return {
      dryRun,
      schoolId: school.id,
      schoolYear,
      read: list.read,
      created,
      moved: result.pupils.length - created,
      classes: result.classes.map((c) => ({
        id: c.id,
        name: c.name,
        level: c.level,
        existing: c.existing,
        pupils: c.pupils,
      })),
      pupils: result.pupils.map((p) => ({
        line: p.line,
        lastName: p.lastName,
        firstName: p.firstName,
        birthDate: p.birthDate,
        className: p.className,
        level: p.level,
        action: p.action,
      })),
      rejected: result.rejected,
    };
  }

  const importDescription = `A class list as the school's software exports it: \`;\` or \`,\` separated; columns named as in the export (accents and case ignored), e.g. "Nom;Prénom;Date de naissance;Classe" or "NOM;PRENOM;NE(E) LE;DIVISION"; dates as DD/MM/YYYY or YYYY-MM-DD. Classes named in the file are matched (case and accents ignored) or created, their level read from their name. Each pupil gets an account with a sign-in code; a pupil the school already had in an earlier year keeps their account and changes class. Rejected lines come back with their reason. \`dryRun\` is the preview: nothing is written. At most ${MAX_IMPORT_LINES} lines.`;

  app.post(
    '/api/classes/import',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: ['classes'],
        summary: 'Import pupils from a class list (CSV text), or preview the import',
        description: importDescription,
        ...secured,
        body: PupilImportBody,
        response: { 200: PupilImportReport, ...problems(400, 404, 413, ...authProblems) },
      },
    },
    async (request) => {
      const { csv, ...rest } = request.body;
      return runImport(request, csv, rest, (name) => `body.${name}`);
    },
  );

  app.post(
    '/api/classes/import/raw',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: ['classes'],
        summary: 'Import pupils from the file itself (text/csv, UTF-8 or Windows-1252)',
        description: `${importDescription} Send the file's bytes with \`Content-Type: text/csv\`; options go in the query string.`,
        consumes: ['text/csv'],
        ...secured,
        querystring: PupilImportQuery,
        response: { 200: PupilImportReport, ...problems(400, 404, 413, 415, ...authProblems) },
      },
    },
    async (request) => {
      const body = request.body as unknown;
      if (!Buffer.isBuffer(body) || body.length === 0) {
        throw invalidField(
          'body',
          'import.empty',
          'Envoyez le fichier CSV (Content-Type: text/csv).',
        );
      }
      return runImport(request, decodeCsvBytes(body), request.query, (name) =>
        name === 'csv' ? 'body' : `query.${name}`,
      );
    },
  );

  // ------------------------------------------------------------------------------------------
  // Stage weeks

  app.get(
    '/api/schools/:id/stage-weeks',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['classes'],
        summary: "The school's stage weeks (its teachers and pupils)",
        ...secured,
        params: IdParams,
        querystring: StageWeekQuery,
        response: { 200: SchoolStageWeeks, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) => {
      const actor = principalOf(request);
      const schoolId = request.params.id;
      const staff = await repo.getStaffSchool(app.db, { userId: actor.id, schoolId });
      if (!staff) {
        const own = await repo.getOwnProfile(app.db, { userId: actor.id });
        if (own?.schoolId !== schoolId) {
          throw notFound("Cet établissement n'existe pas ou vous n'en faites pas partie.");
        }
      }
      const weeks = await repo.listStageWeeks(app.db, {
        schoolId,
        schoolYear: request.query.schoolYear,
        level: request.query.level,
      });
      return {
        canEdit: staff
          ? await repo.canEditStageWeeks(app.db, { userId: actor.id, schoolId })
          : false,
        weeks: weeks.map(repo.serialiseWeek),
      };
    },
  );

  app.post(
    '/api/schools/:id/stage-weeks',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: ['classes'],
        summary:
          'Declare stage weeks for a level (the head of school; its teachers while it has none)',
        description:
          'Refused when the dates are in the past, span two school years, are too long for the level, fall in school holidays (4e, 3e, 2de: stages happen in school time), are outside June for 2de, or overlap weeks already declared for the level.',
        ...secured,
        params: IdParams,
        body: CreateStageWeekBody,
        response: { 201: StageWeek, ...problems(400, 403, 404, 409, ...authProblems) },
      },
    },
    async (request, reply) => {
      const actor = principalOf(request);
      const schoolId = request.params.id;
      const school = await repo.getStaffSchool(app.db, { userId: actor.id, schoolId });
      if (!school) throw notFound("Cet établissement n'existe pas ou vous n'en êtes pas membre.");
      const { level, startDate, endDate } = request.body;
      if (!isRealDate(startDate)) throw invalidField('body.startDate', 'format', 'Date invalide.');
      if (!isRealDate(endDate)) throw invalidField('body.endDate', 'format', 'Date invalide.');
      const problem = levelProblem(school.kind, level);
      if (problem) throw invalidField('body.level', 'level.school', problem);
      if (endDate < startDate) {
        throw invalidField(
          'body.endDate',
          'stage_week.order',
          'La fin doit être le même jour que le début ou après.',
        );
      }
      if (endDate < today()) {
        throw invalidField('body.endDate', 'stage_week.past', 'Ces dates sont déjà passées.');
      }
      if (schoolYearOf(startDate) !== schoolYearOf(endDate)) {
        throw invalidField(
          'body.endDate',
          'stage_week.year',
          'Le début et la fin doivent être dans la même année scolaire.',
        );
      }
      const span = daysBetween(startDate, endDate) + 1;
      if (span > MAX_WEEK_DAYS[level]) {
        throw invalidField(
          'body.endDate',
          'stage_week.length',
          `Une période de stage de ${LEVEL_NAMES[level]} dure au plus ${MAX_WEEK_DAYS[level]} jours (ici ${span}).`,
        );
      }
      if (level === '2de' && startDate.slice(5, 7) !== '06') {
        throw invalidField(
          'body.startDate',
          'stage_week.june',
          'Le stage de seconde a lieu dans les deux dernières semaines de juin.',
        );
      }
      if (level !== 'pro') {
        const holiday = await repo.overlappingHoliday(app.db, { startDate, endDate });
        if (holiday) {
          throw invalidField(
            'body.startDate',
            'stage_week.holidays',
            `Ces dates tombent pendant les ${holiday.label.replace(/^Vacances /, 'vacances ')} (du ${frenchDate(holiday.startDate)} au ${frenchDate(holiday.endDate)}) : un stage d'observation a lieu pendant le temps scolaire.`,
          );
        }
      }
      const overlap = await repo.overlappingStageWeek(app.db, {
        schoolId,
        level,
        startDate,
        endDate,
      });
      if (overlap) {
        throw conflict(
          'stage_week.overlap',
          `Ces dates chevauchent la période du ${frenchDate(overlap.startDate)} au ${frenchDate(overlap.endDate)} déjà déclarée pour ce niveau.`,
          [
            {
              field: 'body.startDate',
              code: 'stage_week.overlap',
              message: 'Ces dates chevauchent une période déjà déclarée.',
            },
          ],
        );
      }
      const created = await app.db.transaction(async (tx) => {
        const row = await repo.createStageWeek(tx, {
          userId: actor.id,
          schoolId,
          level,
          startDate,
          endDate,
        });
        if (row) {
          await recordAudit(tx, {
            actorId: actor.id,
            action: 'stage_week.created',
            subjectType: 'school',
            subjectId: schoolId,
            data: { level, startDate, endDate },
          });
        }
        return row;
      });
      if (!created) {
        throw forbidden(
          "Seul le chef d'établissement déclare les semaines de stage de l'établissement.",
        );
      }
      reply.status(201);
      return repo.serialiseWeek(created);
    },
  );

  app.delete(
    '/api/schools/:id/stage-weeks/:weekId',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: ['classes'],
        summary: 'Remove stage weeks (whoever may declare them)',
        ...secured,
        params: StageWeekParams,
        response: { 200: Ok, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) => {
      const actor = principalOf(request);
      const { id: schoolId, weekId } = request.params;
      const done = await app.db.transaction(async (tx) => {
        const deleted = await repo.deleteStageWeek(tx, { userId: actor.id, schoolId, weekId });
        if (deleted) {
          await recordAudit(tx, {
            actorId: actor.id,
            action: 'stage_week.deleted',
            subjectType: 'school',
            subjectId: schoolId,
            data: { weekId },
          });
        }
        return deleted;
      });
      if (!done)
        throw notFound("Ces semaines de stage n'existent pas ou vous ne pouvez pas les retirer.");
      return { ok: true as const };
    },
  );

  app.get(
    '/api/students/me/stage-weeks',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('student')],
      schema: {
        tags: ['classes'],
        summary: "My school's stage weeks for my level, from today on",
        ...secured,
        response: { 200: Type.Array(StageWeek), ...problems(...authProblems) },
      },
    },
    async (request) => {
      const own = await repo.getOwnProfile(app.db, { userId: principalOf(request).id });
      if (!own?.schoolId || !own.level) return [];
      const day = today();
      const weeks = await repo.listStageWeeks(app.db, { schoolId: own.schoolId, level: own.level });
      return weeks.filter((w) => w.endDate >= day).map(repo.serialiseWeek);
    },
  );

  // ------------------------------------------------------------------------------------------
  // Pupils' profiles

  async function serialiseProfile(row: repo.ProfileRow) {
    const labels = await repo.tradeLabels(app.db, row.interests);
    const managed = row.classId !== null;
    const missing: string[] = [];
    if (!row.schoolId) missing.push('school');
    if (!row.level) missing.push('level');
    if (!row.birthDate) missing.push('birthDate');
    if (!row.homeCommuneCode) missing.push('homeCommune');
    if (!row.guardianName) missing.push('guardianName');
    if (!row.guardianEmail) missing.push('guardianEmail');
    return {
      userId: row.userId,
      firstName: row.firstName,
      lastName: row.lastName,
      birthDate: row.birthDate,
      school:
        row.schoolId && row.schoolName && row.schoolKind
          ? { id: row.schoolId, name: row.schoolName, kind: row.schoolKind }
          : null,
      class: row.classId && row.className ? { id: row.classId, name: row.className } : null,
      level: row.level,
      homeCommune:
        row.homeCommuneCode && row.homeCommuneName
          ? { code: row.homeCommuneCode, name: row.homeCommuneName }
          : null,
      interests: row.interests.map((code) => ({ code, label: labels.get(code) ?? code })),
      needsAccessibility: row.needsAccessibility,
      guardianName: row.guardianName,
      guardianEmail: row.guardianEmail,
      managedBySchool: managed,
      missing,
    };
  }

  /** A profile not yet saved: names from the account's display name. */
  async function blankProfile(userId: string): Promise<repo.ProfileRow> {
    const displayName = await repo.displayNameOf(app.db, userId);
    const [first = '', ...rest] = displayName.trim().split(/\s+/);
    return {
      userId,
      firstName: first,
      lastName: rest.join(' '),
      birthDate: null,
      schoolId: null,
      schoolName: null,
      schoolKind: null,
      classId: null,
      className: null,
      level: null,
      homeCommuneCode: null,
      homeCommuneName: null,
      interests: [],
      needsAccessibility: false,
      guardianName: null,
      guardianEmail: null,
    };
  }

  function birthDateProblem(birthDate: string): string | null {
    if (!isRealDate(birthDate)) return 'Date invalide.';
    const age = schoolYearOf(today()) - Number(birthDate.slice(0, 4));
    if (birthDate > today() || age < 10 || age > 26) {
      return 'Vérifiez la date de naissance : Tremplin accueille les jeunes de 11 à 25 ans.';
    }
    return null;
  }

  app.get(
    '/api/students/me',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('student')],
      schema: {
        tags: ['classes'],
        summary: 'My pupil profile: school, class, level, home commune, interests, guardian',
        ...secured,
        response: { 200: StudentProfile, ...problems(...authProblems) },
      },
    },
    async (request) => {
      const userId = principalOf(request).id;
      return serialiseProfile(
        (await repo.getOwnProfile(app.db, { userId })) ?? (await blankProfile(userId)),
      );
    },
  );

  app.patch(
    '/api/students/me',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('student')],
      schema: {
        tags: ['classes'],
        summary: 'Complete or change my pupil profile',
        description:
          'A pupil who signed up alone chooses their school and level; for a pupil in a class, the school sets school, class, level, names and birth date, and only the rest can change here.',
        ...secured,
        body: UpdateStudentProfileBody,
        response: { 200: StudentProfile, ...problems(400, ...authProblems) },
      },
    },
    async (request) => {
      const userId = principalOf(request).id;
      const body = request.body;
      const existing = await repo.getOwnProfile(app.db, { userId });
      const current = existing ?? (await blankProfile(userId));
      const managed = current.classId !== null;
      const schoolSet = ['firstName', 'lastName', 'birthDate', 'schoolId', 'level'] as const;
      if (managed) {
        for (const key of schoolSet) {
          if (body[key] !== undefined && body[key] !== current[key]) {
            throw invalidField(
              `body.${key}`,
              'profile.school_managed',
              'Votre établissement renseigne ce champ : demandez à votre professeur de le corriger.',
            );
          }
        }
      }
      const values: repo.StudentValues = {};
      if (!managed) {
        if (body.firstName !== undefined)
          values.firstName = body.firstName.replace(/\s+/g, ' ').trim();
        if (body.lastName !== undefined)
          values.lastName = body.lastName.replace(/\s+/g, ' ').trim();
        if (values.firstName === '')
          throw invalidField('body.firstName', 'minLength', 'Ce champ ne peut pas être vide.');
        if (values.lastName === '')
          throw invalidField('body.lastName', 'minLength', 'Ce champ ne peut pas être vide.');
        if (body.birthDate !== undefined) {
          const problem = body.birthDate === null ? null : birthDateProblem(body.birthDate);
          if (problem) throw invalidField('body.birthDate', 'birthDate.invalid', problem);
          values.birthDate = body.birthDate;
        }
        if (body.schoolId !== undefined) {
          if (body.schoolId !== null && !(await repo.getSchoolKind(app.db, body.schoolId))) {
            throw invalidField(
              'body.schoolId',
              'school.unknown',
              "Cet établissement n'existe pas.",
            );
          }
          values.schoolId = body.schoolId;
        }
        if (body.level !== undefined) values.level = body.level;
        const schoolId = values.schoolId !== undefined ? values.schoolId : current.schoolId;
        const level = values.level !== undefined ? values.level : current.level;
        if (schoolId && level && (body.schoolId !== undefined || body.level !== undefined)) {
          const school = await repo.getSchoolKind(app.db, schoolId);
          const problem = school ? levelProblem(school.kind, level) : null;
          if (problem) throw invalidField('body.level', 'level.school', problem);
        }
      }
      if (body.homeCommuneCode !== undefined) {
        if (
          body.homeCommuneCode !== null &&
          !(await repo.communeExists(app.db, body.homeCommuneCode))
        ) {
          throw invalidField(
            'body.homeCommuneCode',
            'commune.unknown',
            "Cette commune n'est pas dans le département.",
          );
        }
        values.homeCommuneCode = body.homeCommuneCode;
      }
      if (body.interests !== undefined) {
        const labels = await repo.tradeLabels(app.db, body.interests);
        const unknown = body.interests.filter((code) => !labels.has(code));
        if (unknown.length > 0) {
          throw invalidField(
            'body.interests',
            'trade.unknown',
            `Métier inconnu : ${unknown.join(', ')}.`,
          );
        }
        values.interests = body.interests;
      }
      if (body.needsAccessibility !== undefined)
        values.needsAccessibility = body.needsAccessibility;
      if (body.guardianName !== undefined) {
        values.guardianName = body.guardianName?.replace(/\s+/g, ' ').trim() || null;
      }
      if (body.guardianEmail !== undefined) {
        values.guardianEmail = body.guardianEmail?.trim().toLowerCase() || null;
      }
      await repo.saveOwnProfile(app.db, {
        userId,
        values: Object.keys(values).length > 0 ? values : { firstName: current.firstName },
        firstName: values.firstName ?? current.firstName,
        lastName: values.lastName ?? (current.lastName || current.firstName),
      });
      return serialiseProfile((await repo.getOwnProfile(app.db, { userId }))!);
    },
  );

  app.get(
    '/api/students/:id',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: ['classes'],
        summary: 'A pupil of my school: their profile',
        ...secured,
        params: IdParams,
        response: { 200: StudentProfile, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) => {
      const row = await repo.getPupilForStaff(app.db, {
        pupilId: request.params.id,
        userId: principalOf(request).id,
      });
      if (!row) throw notFound("Cet élève n'est pas dans votre établissement.");
      return serialiseProfile(row);
    },
  );

  app.patch(
    '/api/students/:id',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: ['classes'],
        summary: 'Put a pupil of my school in a class, or correct their names or birth date',
        ...secured,
        params: IdParams,
        body: UpdatePupilBody,
        response: { 200: StudentProfile, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) => {
      const actor = principalOf(request);
      const pupilId = request.params.id;
      const current = await repo.getPupilForStaff(app.db, { pupilId, userId: actor.id });
      if (!current?.schoolId) throw notFound("Cet élève n'est pas dans votre établissement.");
      const body = request.body;
      const values: repo.StudentValues = {};
      if (body.classId !== undefined) {
        if (body.classId === null) values.classId = null;
        else {
          const target = await repo.classOfSchool(app.db, {
            classId: body.classId,
            schoolId: current.schoolId,
          });
          if (!target) {
            throw invalidField(
              'body.classId',
              'class.unknown',
              "Cette classe n'est pas dans l'établissement de l'élève.",
            );
          }
          values.classId = target.id;
          values.level = target.level;
        }
      }
      if (body.firstName !== undefined)
        values.firstName = body.firstName.replace(/\s+/g, ' ').trim();
      if (body.lastName !== undefined) values.lastName = body.lastName.replace(/\s+/g, ' ').trim();
      if (values.firstName === '')
        throw invalidField('body.firstName', 'minLength', 'Ce champ ne peut pas être vide.');
      if (values.lastName === '')
        throw invalidField('body.lastName', 'minLength', 'Ce champ ne peut pas être vide.');
      if (body.birthDate !== undefined) {
        const problem = body.birthDate === null ? null : birthDateProblem(body.birthDate);
        if (problem) throw invalidField('body.birthDate', 'birthDate.invalid', problem);
        values.birthDate = body.birthDate;
      }
      await app.db.transaction(async (tx) => {
        await repo.updatePupil(tx, { pupilId, userId: actor.id, values });
        if (values.firstName !== undefined || values.lastName !== undefined) {
          await repo.renameSchoolAccount(tx, {
            userId: pupilId,
            displayName: `${values.firstName ?? current.firstName} ${values.lastName ?? current.lastName}`,
          });
        }
        await recordAudit(tx, {
          actorId: actor.id,
          action: 'pupil.updated',
          subjectType: 'user',
          subjectId: pupilId,
          data: { fields: Object.keys(values).join(',') },
        });
      });
      return serialiseProfile(
        (await repo.getPupilForStaff(app.db, { pupilId, userId: actor.id }))!,
      );
    },
  );

  app.get(
    '/api/schools/:id/unassigned-pupils',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: ['classes'],
        summary: 'Pupils who chose my school when signing up and are in no class yet',
        ...secured,
        params: IdParams,
        response: { 200: Type.Array(UnassignedPupil), ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) => {
      const actor = principalOf(request);
      const schoolId = request.params.id;
      if (!(await repo.getStaffSchool(app.db, { userId: actor.id, schoolId }))) {
        throw notFound("Cet établissement n'existe pas ou vous n'en êtes pas membre.");
      }
      return repo.listUnassignedPupils(app.db, { schoolId, userId: actor.id });
    },
  );
}
