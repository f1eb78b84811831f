// Routes of personal data: a person downloads everything the platform holds about them (JSON) and
// deletes their account; a daily job anonymises pupils a year after their last activity and
// everyone else after two. Both leave an entry in the audit log.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AccountDeletionBody, Ok, PersonalDataExport } from '@tremplin/contracts';
import type { Executor } from '@tremplin/db';
import { principalOf } from '../../plugins/auth.js';
import { verifyPassword } from '../../lib/password.js';
import { conflict, invalidField, unauthorized } from '../../lib/problem.js';
import { authProblems, problems, secured } from '../../lib/schemas.js';
import { parisToday } from '../agreements/dates.js';
import { recordAudit } from '../audit/repository.js';
import { getPasswordHash } from '../identity/repository.js';
import * as repo from './repository.js';

const TAGS = ['privacy'];

/**
 * The retention job: anonymises everyone whose last activity is past the retention period, a
 * batch at a time, each person in their own transaction with its audit entry. Returns how many.
 */
export async function anonymiseInactive(
  db: Executor,
  params: { now: Date; batch?: number },
): Promise<{ pupils: number; professionals: number }> {
  const done = { pupils: 0, professionals: 0 };
  const due = await repo.dueForAnonymisation(db, { now: params.now, limit: params.batch ?? 500 });
  for (const person of due) {
    await db.transaction(async (tx) => {
      if (!(await repo.anonymisePerson(tx, { userId: person.userId, now: params.now }))) return;
      await recordAudit(tx, {
        actorId: null,
        action: 'privacy.anonymised',
        subjectType: 'user',
        subjectId: person.userId,
        data: { reason: 'retention', kind: person.kind },
      });
    });
    if (person.kind === 'pupil') done.pupils += 1;
    else done.professionals += 1;
  }
  return done;
}

export default async function privacyRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.jobs.define({
    name: 'privacy.anonymise-inactive',
    cron: '40 3 * * *',
    handler: async () => {
      const now = new Date();
      const result = await anonymiseInactive(app.db, { now });
      const sessions = await repo.purgeEndedSessions(app.db, { now });
      app.log.info({ ...result, sessions }, 'retention job done');
    },
  });

  app.get(
    '/api/me/export',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: TAGS,
        summary: 'Download everything the platform holds about me (JSON)',
        description:
          'Every record about the signed-in person, table by table, without files and secrets. The download is recorded in the audit log.',
        ...secured,
        response: { 200: PersonalDataExport, ...problems(...authProblems) },
      },
    },
    async (request, reply) => {
      const { id } = principalOf(request);
      const person = await repo.findPerson(app.db, { userId: id });
      if (!person) throw unauthorized();
      const { records, notes } = await repo.exportPersonalData(app.db, { userId: id });
      await recordAudit(app.db, {
        actorId: id,
        action: 'privacy.exported',
        subjectType: 'user',
        subjectId: id,
        data: {
          records: Object.values(records).reduce((sum, rows) => sum + rows.length, 0),
        },
      });
      reply
        .header('content-disposition', 'attachment; filename="mes-donnees-tremplin.json"')
        .header('cache-control', 'private, no-store');
      return {
        format: 'tremplin.personal-data.v1' as const,
        exportedAt: new Date().toISOString(),
        person,
        records,
        notes,
      };
    },
  );

  app.post(
    '/api/me/deletion',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: TAGS,
        summary: 'Delete my account: my personal data is erased, statistics are kept',
        description:
          'Asks for the current password. Refused (409) while one of my internship agreements is being signed or not yet over, and for the last operator.',
        ...secured,
        body: AccountDeletionBody,
        response: { 200: Ok, ...problems(400, 409, ...authProblems) },
      },
    },
    async (request, reply) => {
      const { id } = principalOf(request);
      const hash = await getPasswordHash(app.db, { userId: id });
      if (!hash || !(await verifyPassword(hash, request.body.password))) {
        throw invalidField('body.password', 'password.wrong', 'Le mot de passe est incorrect.');
      }
      const now = new Date();
      if ((await repo.liveAgreements(app.db, { userId: id, today: parisToday(now) })) > 0) {
        throw conflict(
          'privacy.agreement_live',
          "Votre convention de stage est en cours : votre compte pourra être supprimé une fois le stage terminé. Votre établissement peut vous aider d'ici là.",
        );
      }
      const principal = principalOf(request);
      if (
        principal.roles.includes('operator') &&
        (await repo.otherActiveOperators(app.db, { userId: id })) === 0
      ) {
        throw conflict(
          'privacy.last_operator',
          "Vous êtes le seul opérateur : donnez ce rôle à quelqu'un d'autre avant de supprimer votre compte.",
        );
      }
      await app.db.transaction(async (tx) => {
        await repo.anonymisePerson(tx, { userId: id, now });
        await recordAudit(tx, {
          actorId: id,
          action: 'privacy.deleted',
          subjectType: 'user',
          subjectId: id,
          data: { reason: 'request', roles: principal.roles },
        });
      });
      app.clearSession(reply);
      return { ok: true as const };
    },
  );
}
