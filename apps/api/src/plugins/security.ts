// Security headers (helmet, with a CSP suited to a JSON API and its docs page) and rate limiting.
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { tooManyRequests } from '../lib/problem.js';

export interface SecurityPluginOptions {
  rateLimitPerMinute: number;
}

async function securityPlugin(app: FastifyInstance, options: SecurityPluginOptions) {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // The offline API documentation page (swagger-ui) needs its own inline styles.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
  await app.register(rateLimit, {
    max: options.rateLimitPerMinute,
    timeWindow: '1 minute',
    errorResponseBuilder: () =>
      tooManyRequests('Trop de requêtes. Patientez une minute avant de réessayer.'),
  });
}

export default fp(securityPlugin, { name: 'security', dependencies: ['errors'] });
