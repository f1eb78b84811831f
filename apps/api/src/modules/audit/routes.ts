// The operator's view of the audit log: who did which sensitive action (agreements and their
// signatures, campaign runs and publications, role changes, exports, deletions), filterable,
// newest first. Read only: the log has no route that changes it, and the database refuses
// updates and deletions of its rows.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AuditActions, AuditPage, AuditQuery } from '@tremplin/contracts';
import { invalidField } from '../../lib/problem.js';
import { authProblems, problems, secured } from '../../lib/schemas.js';
import { auditActions, listAudit } from './repository.js';

const TAGS = ['audit'];

export default async function auditRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/audit',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('operator')],
      schema: {
        tags: TAGS,
        summary: 'The audit log of sensitive actions, newest first (operator)',
        ...secured,
        querystring: AuditQuery,
        response: { 200: AuditPage, ...problems(400, ...authProblems) },
      },
    },
    async (request) => {
      const { page = 1, pageSize = 50, ...filter } = request.query;
      if (filter.from && filter.to && filter.to < filter.from) {
        throw invalidField('query.to', 'dates.order', 'La date de fin précède la date de début.');
      }
      const { rows, total } = await listAudit(app.db, { ...filter, page, pageSize });
      return {
        items: rows.map((row) => ({
          id: Number(row.id),
          at: row.at.toISOString(),
          actor: row.actorId
            ? {
                id: row.actorId,
                displayName: row.actorName ?? '',
                status: row.actorStatus ?? 'active',
              }
            : null,
          action: row.action,
          subjectType: row.subjectType,
          subjectId: row.subjectId,
          data: row.data,
        })),
        total,
        page,
        pageSize,
      };
    },
  );

  app.get(
    '/api/audit/actions',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('operator')],
      schema: {
        tags: TAGS,
        summary: 'The actions the audit log holds, with their number of entries (operator)',
        ...secured,
        response: { 200: AuditActions, ...problems(...authProblems) },
      },
    },
    async () => auditActions(app.db),
  );
}
