// Routes of the organisations domain: schools, companies, join requests.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  Company,
  CompanyQuery,
  CreateCompanyBody,
  CreateSchoolBody,
  IdParams,
  JoinCompanyBody,
  JoinRequest,
  JoinRequestParams,
  JoinRequestQuery,
  JoinSchoolBody,
  normaliseSiret,
  Ok,
  School,
  SchoolImportBody,
  SchoolImportReport,
  SchoolQuery,
  siretProblem,
  uaiProblem,
} from '@tremplin/contracts';
import { principalOf } from '../../plugins/auth.js';
import { badRequest, conflict, forbidden, invalidField, notFound } from '../../lib/problem.js';
import { authProblems, problems, secured } from '../../lib/schemas.js';
import { recordAudit } from '../audit/repository.js';
import { grantRole } from '../identity/repository.js';
import { findCommune, listCommunes } from '../reference/repository.js';
import * as repo from './repository.js';
import { DIRECTORY_COLUMNS, readSchoolDirectory } from './school-import.js';

export default async function organisationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  async function communeOr400(code: string) {
    const commune = await findCommune(app.db, { code });
    if (!commune) {
      throw invalidField(
        'body.communeCode',
        'commune.unknown',
        "Cette commune n'est pas dans le département.",
      );
    }
    return commune;
  }

  app.get(
    '/api/schools',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['organisations'],
        summary: 'Find schools by name, UAI or commune',
        ...secured,
        querystring: SchoolQuery,
        response: { 200: Type.Array(School), ...problems(400, ...authProblems) },
      },
    },
    async (request) =>
      repo.searchSchools(app.db, {
        q: request.query.q,
        commune: request.query.commune,
        limit: request.query.limit ?? 50,
      }),
  );

  app.get(
    '/api/schools/:id',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['organisations'],
        summary: 'One school',
        ...secured,
        params: IdParams,
        response: { 200: School, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) => {
      const school = await repo.getSchool(app.db, { id: request.params.id });
      if (!school) throw notFound("Cet établissement n'existe pas.");
      return school;
    },
  );

  app.post(
    '/api/schools',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('operator')],
      schema: {
        tags: ['organisations'],
        summary: 'Add a school (operator)',
        ...secured,
        body: CreateSchoolBody,
        response: { 201: School, ...problems(400, 409, ...authProblems) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const uai = body.uai.trim().toUpperCase();
      const uaiError = uaiProblem(uai);
      if (uaiError) throw invalidField('body.uai', 'uai.invalid', uaiError);
      const commune = await communeOr400(body.communeCode);
      const created = await repo.createSchool(app.db, {
        uai,
        name: body.name.trim(),
        kind: body.kind,
        communeCode: body.communeCode,
        address: body.address?.trim() ?? '',
        lat: body.lat ?? commune.lat,
        lon: body.lon ?? commune.lon,
        priority: body.priority ?? 'none',
      });
      if (!created) throw conflict('uai.taken', `L'établissement ${uai} existe déjà.`);
      reply.status(201);
      return (await repo.getSchool(app.db, { id: created.id }))!;
    },
  );

  app.post(
    '/api/schools/import',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('operator')],
      schema: {
        tags: ['organisations'],
        summary: 'Import schools from the national directory CSV (operator)',
        description: `The "annuaire de l'éducation" export, \`;\`-separated, with the columns ${DIRECTORY_COLUMNS.join(', ')}. Existing schools (same UAI) are updated. Each rejected line is reported with its reason; \`dryRun\` checks without writing.`,
        ...secured,
        body: SchoolImportBody,
        response: { 200: SchoolImportReport, ...problems(400, 413, ...authProblems) },
      },
    },
    async (request) => {
      const actor = principalOf(request);
      const centroids = new Map((await listCommunes(app.db)).map((c) => [c.code, c]));
      const result = readSchoolDirectory(request.body.csv, centroids);
      if (result.columnsMissing.length > 0) {
        throw badRequest(
          'import.columns',
          `Colonnes manquantes dans le fichier : ${result.columnsMissing.join(', ')}.`,
          [
            {
              field: 'body.csv',
              code: 'import.columns',
              message: `Colonnes manquantes : ${result.columnsMissing.join(', ')}.`,
            },
          ],
        );
      }
      const dryRun = request.body.dryRun ?? false;
      let counts = { created: 0, updated: 0 };
      if (!dryRun) {
        counts = await app.db.transaction(async (tx) => {
          const done = await repo.upsertSchools(tx, result.rows);
          await recordAudit(tx, {
            actorId: actor.id,
            action: 'schools.imported',
            subjectType: 'school',
            data: { ...done, rejected: result.rejected.length },
          });
          return done;
        });
      }
      return { dryRun, read: result.read, ...counts, rejected: result.rejected };
    },
  );

  app.post(
    '/api/schools/:id/join-requests',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('teacher', 'school_admin')],
      schema: {
        tags: ['organisations'],
        summary: 'Ask to join a school as a teacher or its head',
        ...secured,
        params: IdParams,
        body: JoinSchoolBody,
        response: { 201: Ok, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request, reply) => {
      const { id } = principalOf(request);
      if (!(await repo.getSchool(app.db, { id: request.params.id }))) {
        throw notFound("Cet établissement n'existe pas.");
      }
      const row = await repo.requestSchoolMembership(app.db, {
        userId: id,
        schoolId: request.params.id,
        role: request.body.role,
      });
      if (!row)
        throw conflict(
          'membership.exists',
          'Vous avez déjà fait cette demande ou vous êtes déjà membre.',
        );
      reply.status(201);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/companies',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['organisations'],
        summary: 'Find companies by name or SIRET',
        ...secured,
        querystring: CompanyQuery,
        response: { 200: Type.Array(Company), ...problems(400, ...authProblems) },
      },
    },
    async (request) =>
      repo.searchCompanies(app.db, { q: request.query.q, limit: request.query.limit ?? 50 }),
  );

  app.get(
    '/api/companies/:id',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['organisations'],
        summary: 'One company',
        ...secured,
        params: IdParams,
        response: { 200: Company, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) => {
      const company = await repo.getCompany(app.db, { id: request.params.id });
      if (!company) throw notFound("Cette entreprise n'existe pas.");
      return company;
    },
  );

  app.post(
    '/api/companies',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('employer')],
      schema: {
        tags: ['organisations'],
        summary: 'Create my company by its SIRET; I become its first employer member',
        ...secured,
        body: CreateCompanyBody,
        response: { 201: Company, ...problems(400, 409, ...authProblems) },
      },
    },
    async (request, reply) => {
      const actor = principalOf(request);
      const body = request.body;
      const siretError = siretProblem(body.siret);
      if (siretError) throw invalidField('body.siret', 'siret.invalid', siretError);
      const siret = normaliseSiret(body.siret);
      const existing = await repo.findCompanyBySiret(app.db, { siret });
      if (existing) {
        throw conflict(
          'siret.taken',
          `L'entreprise ${existing.name} est déjà inscrite : demandez à la rejoindre.`,
          [
            {
              field: 'body.siret',
              code: 'siret.taken',
              message: 'Cette entreprise est déjà inscrite.',
            },
          ],
        );
      }
      const commune = await communeOr400(body.communeCode);
      const created = await app.db.transaction((tx) =>
        repo.createCompany(tx, {
          createdBy: actor.id,
          values: {
            siret,
            name: body.name.trim(),
            nafCode: body.nafCode.toUpperCase().replace(/^(\d{2})(\d{2})/, '$1.$2'),
            sizeBand: body.sizeBand,
            communeCode: body.communeCode,
            address: body.address?.trim() ?? '',
            lat: body.lat ?? commune.lat,
            lon: body.lon ?? commune.lon,
          },
        }),
      );
      if (!created) throw conflict('siret.taken', 'Cette entreprise est déjà inscrite.');
      reply.status(201);
      return (await repo.getCompany(app.db, { id: created.id }))!;
    },
  );

  app.post(
    '/api/companies/:id/join-requests',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('employer', 'mentor', 'ambassador')],
      schema: {
        tags: ['organisations'],
        summary: 'Ask to join a company as an employer, mentor or ambassador',
        ...secured,
        params: IdParams,
        body: JoinCompanyBody,
        response: { 201: Ok, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      if (!principal.roles.includes(request.body.role)) {
        throw forbidden(`Votre compte n'a pas le rôle demandé (${request.body.role}).`);
      }
      if (!(await repo.getCompany(app.db, { id: request.params.id }))) {
        throw notFound("Cette entreprise n'existe pas.");
      }
      const row = await repo.requestCompanyMembership(app.db, {
        userId: principal.id,
        companyId: request.params.id,
        role: request.body.role,
      });
      if (!row)
        throw conflict(
          'membership.exists',
          'Vous avez déjà fait cette demande ou vous êtes déjà membre.',
        );
      reply.status(201);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/join-requests',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['organisations'],
        summary: 'Requests to join the schools or companies I administer (all, for an operator)',
        ...secured,
        querystring: JoinRequestQuery,
        response: { 200: Type.Array(JoinRequest), ...problems(400, ...authProblems) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const rows = await repo.listJoinRequests(app.db, {
        decider: { userId: principal.id, isOperator: principal.roles.includes('operator') },
        status: request.query.status,
      });
      return rows.map((r) => ({ ...r, requestedAt: r.requestedAt.toISOString() }));
    },
  );

  for (const decision of ['approve', 'reject'] as const) {
    app.post(
      `/api/join-requests/:kind/:id/${decision}`,
      {
        onRequest: [app.authenticate],
        schema: {
          tags: ['organisations'],
          summary:
            decision === 'approve'
              ? 'Approve a join request (an admin of the organisation, or an operator)'
              : 'Reject a join request (an admin of the organisation, or an operator)',
          ...secured,
          params: JoinRequestParams,
          response: { 200: Ok, ...problems(400, 404, ...authProblems) },
        },
      },
      async (request) => {
        const principal = principalOf(request);
        const decider = { userId: principal.id, isOperator: principal.roles.includes('operator') };
        const approve = decision === 'approve';
        const { kind, id } = request.params;
        const done = await app.db.transaction(async (tx) => {
          const row =
            kind === 'school'
              ? await repo.decideSchoolRequest(tx, { id, decider, approve })
              : await repo.decideCompanyRequest(tx, { id, decider, approve });
          if (!row) return false;
          if (approve)
            await grantRole(tx, { userId: row.userId, role: row.role, grantedBy: principal.id });
          await recordAudit(tx, {
            actorId: principal.id,
            action: `membership.${approve ? 'approved' : 'rejected'}`,
            subjectType: `${kind}_membership`,
            subjectId: id,
            data: { role: row.role },
          });
          return true;
        });
        // Out of the decider's reach or already decided: the same answer, so nothing leaks.
        if (!done) throw notFound("Cette demande n'existe pas ou a déjà été traitée.");
        return { ok: true as const };
      },
    );
  }
}
