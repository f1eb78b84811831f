// Routes of the observatory: the main page's figures for a school year, each of its tables as CSV
// (UTF-8 with BOM, `;`-separated, for French spreadsheets), and the employer's yearly impact report
// as JSON and PDF. The operator sees the département, a head of school their school, an employer
// their company (see repository.ts); a teacher or a pupil gets 403.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  ImpactQuery,
  ImpactReport,
  Observatory,
  ObservatoryExportParams,
  ObservatoryQuery,
} from '@tremplin/contracts';
import { principalOf } from '../../plugins/auth.js';
import { notFound } from '../../lib/problem.js';
import { authProblems, problems, secured } from '../../lib/schemas.js';
import { parisToday } from '../agreements/dates.js';
import { recordAudit } from '../audit/repository.js';
import { schoolYearOf } from '../classes/calendar.js';
import { companyOfReport, impactReport, renderImpactPdf, reportCompanies } from './impact.js';
import { refreshObservatory } from './repository.js';
import { buildObservatory, ensureFresh, scopeFor, tableCsv } from './service.js';

const TAGS = ['observatory'];
const READERS = ['operator', 'school_admin', 'employer'] as const;

const fileResponse = (type: string, description: string) => ({
  description,
  content: { [type]: { schema: { type: 'string', format: 'binary' } } },
});

export default async function observatoryRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const currentYear = (now: Date) => schoolYearOf(parisToday(now));

  // The observatory's facts (materialised views) are recomputed every 5 minutes.
  app.jobs.define({
    name: 'observatory.refresh',
    cron: '*/5 * * * *',
    handler: async () => {
      await refreshObservatory(app.db);
    },
  });

  const observatoryOf = async (request: FastifyRequest, year: number | undefined) => {
    const principal = principalOf(request);
    const now = new Date();
    const scope = scopeFor(principal);
    await ensureFresh(app.db, {
      now,
      onError: (error) => request.log.error({ err: error }, 'observatory refresh failed'),
    });
    return buildObservatory(app.db, {
      scope,
      year: year ?? currentYear(now),
      now,
    });
  };

  app.get(
    '/api/observatory',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...READERS)],
      schema: {
        tags: TAGS,
        summary: 'The observatory for a school year (the current one by default)',
        description:
          'Supply and demand by trade and commune, placement by school and education priority, pupils without a stage and the days left before their stage weeks, mentors’ and ambassadors’ coverage, and the year compared with the previous one. Operator: the département; head of school: their school’s pupils (supply stays the département’s); employer: their company.',
        ...secured,
        querystring: ObservatoryQuery,
        response: { 200: Observatory, ...problems(400, ...authProblems) },
      },
    },
    async (request) => observatoryOf(request, request.query.year),
  );

  app.get(
    '/api/observatory/export/:table',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...READERS)],
      schema: {
        tags: TAGS,
        summary: 'One table of the observatory as CSV (UTF-8 with BOM, `;` separator)',
        ...secured,
        params: ObservatoryExportParams,
        querystring: ObservatoryQuery,
        response: {
          200: fileResponse('text/csv', 'The table'),
          ...problems(400, 404, ...authProblems),
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const observatory = await observatoryOf(request, request.query.year);
      const csv = tableCsv(observatory, request.params.table);
      if (csv === null) throw notFound("Ce tableau n'existe pas pour votre périmètre.");
      await recordAudit(app.db, {
        actorId: principal.id,
        action: 'observatory.exported',
        subjectType: 'observatory',
        data: {
          table: request.params.table,
          year: observatory.schoolYear,
          scope: observatory.scope.kind,
        },
      });
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="observatoire-${request.params.table}-${observatory.schoolYear}-${observatory.schoolYear + 1}.csv"`,
        )
        .header('cache-control', 'private, no-store')
        .send(csv);
    },
  );

  const reportOf = async (request: FastifyRequest, query: ImpactQuery) => {
    const principal = principalOf(request);
    const now = new Date();
    const company = await companyOfReport(app.db, {
      viewerId: principal.id,
      operator: principal.roles.includes('operator'),
      companyId: query.companyId,
    });
    return impactReport(app.db, { company, year: query.year ?? currentYear(now), now });
  };

  app.get(
    '/api/observatory/impact',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('employer', 'operator')],
      schema: {
        tags: TAGS,
        summary: "A company's yearly impact report (employer: their company; operator: any)",
        description:
          'Pupils hosted (agreements signed or completed, stages starting in the school year), of which from REP+/REP schools, by trade and level; offers and applications; the company’s mentors, ambassadors and challenges. `companyId` is needed when the employer acts for several companies (400 naming it), and always for an operator.',
        ...secured,
        querystring: ImpactQuery,
        response: { 200: ImpactReport, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) => reportOf(request, request.query),
  );

  app.get(
    '/api/observatory/impact/companies',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('employer')],
      schema: {
        tags: TAGS,
        summary: 'The companies I act for, to choose the report of',
        ...secured,
        response: {
          200: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
          ...problems(...authProblems),
        },
      },
    },
    async (request) => reportCompanies(app.db, { viewerId: principalOf(request).id }),
  );

  app.get(
    '/api/observatory/impact/pdf',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('employer', 'operator')],
      schema: {
        tags: TAGS,
        summary: 'The yearly impact report as a PDF',
        ...secured,
        querystring: ImpactQuery,
        response: {
          200: fileResponse('application/pdf', 'The report'),
          ...problems(400, 404, ...authProblems),
        },
      },
    },
    async (request, reply) => {
      const report = await reportOf(request, request.query);
      const pdf = await renderImpactPdf(report);
      await recordAudit(app.db, {
        actorId: principalOf(request).id,
        action: 'impact.exported',
        subjectType: 'company',
        subjectId: report.company.id,
        data: { year: report.schoolYear },
      });
      return reply
        .type('application/pdf')
        .header(
          'content-disposition',
          `attachment; filename="bilan-tremplin-${report.schoolYear}-${report.schoolYear + 1}.pdf"`,
        )
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(pdf));
    },
  );
}
