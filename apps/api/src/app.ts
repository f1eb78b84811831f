// The whole API as one Fastify plugin: tests build exactly this, server.ts listens with it.
import sensible from '@fastify/sensible';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from './config.js';
import authPlugin from './plugins/auth.js';
import dbPlugin, { type DbPluginOptions } from './plugins/db.js';
import errorsPlugin from './plugins/errors.js';
import jobsPlugin from './plugins/jobs.js';
import openapiPlugin from './plugins/openapi.js';
import securityPlugin from './plugins/security.js';
import agreementRoutes from './modules/agreements/routes.js';
import ambassadorRoutes from './modules/ambassadors/routes.js';
import applicationRoutes from './modules/applications/routes.js';
import auditRoutes from './modules/audit/routes.js';
import campaignRoutes from './modules/campaigns/routes.js';
import challengeRoutes from './modules/challenges/routes.js';
import classRoutes from './modules/classes/routes.js';
import identityRoutes from './modules/identity/routes.js';
import mentoringRoutes from './modules/mentoring/routes.js';
import moduleRoutes from './modules/modules/routes.js';
import notificationRoutes from './modules/notifications/routes.js';
import observatoryRoutes from './modules/observatory/routes.js';
import offerRoutes from './modules/offers/routes.js';
import organisationRoutes from './modules/organisations/routes.js';
import passportRoutes from './modules/passport/routes.js';
import privacyRoutes from './modules/privacy/routes.js';
import referenceRoutes from './modules/reference/routes.js';
import systemRoutes from './modules/system/routes.js';

export interface AppOptions {
  config: Config;
  /** Database options; by default opened from config (DATABASE_URL, else PGlite in dataDir). */
  db?: DbPluginOptions;
}

async function app(fastify: FastifyInstance, { config, db }: AppOptions) {
  await fastify.register(errorsPlugin);
  await fastify.register(sensible);
  await fastify.register(dbPlugin, db ?? { url: config.databaseUrl, dataDir: config.dataDir });
  await fastify.register(securityPlugin, { rateLimitPerMinute: config.rateLimitPerMinute });
  await fastify.register(authPlugin, {
    secret: config.jwtSecret,
    cookieSecure: config.cookieSecure,
    sessionCacheSeconds: config.sessionCacheSeconds,
    trustedOrigins: [new URL(config.publicWebUrl).origin],
  });
  await fastify.register(openapiPlugin);
  await fastify.register(jobsPlugin, { enabled: config.jobsEnabled });

  await fastify.register(systemRoutes);
  await fastify.register(identityRoutes, { config });
  await fastify.register(referenceRoutes);
  await fastify.register(organisationRoutes);
  await fastify.register(notificationRoutes, { config });
  await fastify.register(offerRoutes, { config });
  await fastify.register(classRoutes, { config });
  await fastify.register(agreementRoutes, { config });
  await fastify.register(applicationRoutes, { config });
  await fastify.register(campaignRoutes, { config });
  await fastify.register(moduleRoutes);
  await fastify.register(ambassadorRoutes, { config });
  await fastify.register(challengeRoutes, { config });
  await fastify.register(mentoringRoutes, { config });
  await fastify.register(passportRoutes);
  await fastify.register(observatoryRoutes);
  await fastify.register(privacyRoutes);
  await fastify.register(auditRoutes);
}

export default fp(app, { name: 'tremplin-api' });
