// Routes of notifications: my notifications, how many are unread, mark them read. Also defines
// the job that sends the e-mail outbox.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { IdParams, NotificationList, Ok } from '@tremplin/contracts';
import type { Config } from '../../config.js';
import { principalOf } from '../../plugins/auth.js';
import { authProblems, problems, secured } from '../../lib/schemas.js';
import { sendPendingMails } from './mailer.js';
import * as repo from './repository.js';

export default async function notificationRoutes(
  fastify: FastifyInstance,
  options: { config: Pick<Config, 'smtpUrl' | 'mailFrom'> },
) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.jobs.define({
    name: 'mail.send',
    cron: '* * * * *',
    handler: async () => {
      await sendPendingMails(app.db, {
        smtpUrl: options.config.smtpUrl,
        from: options.config.mailFrom,
      });
    },
  });

  app.get(
    '/api/notifications',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['notifications'],
        summary: 'My latest notifications and how many are unread',
        ...secured,
        response: { 200: NotificationList, ...problems(...authProblems) },
      },
    },
    async (request) => {
      const { id } = principalOf(request);
      const [items, unread] = await Promise.all([
        repo.listNotifications(app.db, { userId: id, limit: 50 }),
        repo.countUnread(app.db, { userId: id }),
      ]);
      return {
        unread,
        items: items.map((n) => ({
          ...n,
          createdAt: n.createdAt.toISOString(),
          readAt: n.readAt?.toISOString() ?? null,
        })),
      };
    },
  );

  app.post(
    '/api/notifications/read',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['notifications'],
        summary: 'Mark all my notifications read',
        ...secured,
        response: { 200: Ok, ...problems(...authProblems) },
      },
    },
    async (request) => {
      await repo.markRead(app.db, { userId: principalOf(request).id });
      return { ok: true as const };
    },
  );

  app.post(
    '/api/notifications/:id/read',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['notifications'],
        summary: 'Mark one of my notifications read',
        ...secured,
        params: IdParams,
        response: { 200: Ok, ...problems(400, ...authProblems) },
      },
    },
    async (request) => {
      await repo.markRead(app.db, { userId: principalOf(request).id, id: request.params.id });
      return { ok: true as const };
    },
  );
}
