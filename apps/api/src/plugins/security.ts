// Security headers (helmet, with a CSP suited to a JSON API and its docs page), rate limiting, and
// the refusal of values no route can store (NUL characters, broken unicode, infinite numbers).
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { invalidField, tooManyRequests } from '../lib/problem.js';

// A NUL character or half of a surrogate pair is not text PostgreSQL can store, and a number
// written "1e309" is coerced to Infinity by the validator, past its maximum: both would fail deep
// in a query (a 500). They are refused here, after validation, naming the field.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function badValue(value: unknown, path: string): { field: string; kind: 'text' | 'number' } | null {
  if (typeof value === 'string') {
    return value.includes('\u0000') || LONE_SURROGATE.test(value)
      ? { field: path, kind: 'text' }
      : null;
  }
  if (typeof value === 'number')
    return Number.isFinite(value) ? null : { field: path, kind: 'number' };
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = badValue(item, `${path}.${i}`);
      if (found) return found;
    }
    return null;
  }
  // Parsed JSON and query strings are plain records; files (Buffers) are checked by their routes.
  if (
    value &&
    typeof value === 'object' &&
    !ArrayBuffer.isView(value) &&
    !(value instanceof Date)
  ) {
    for (const [key, item] of Object.entries(value as object)) {
      const found = badValue(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}

export interface SecurityPluginOptions {
  rateLimitPerMinute: number;
}

async function securityPlugin(app: FastifyInstance, options: SecurityPluginOptions) {
  // Helmet's middleware, built once: @fastify/helmet built it again on every request (parsing
  // the CSP each time, about 3% of the API's time under load).
  const securityHeaders = helmet({
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
  app.addHook('onRequest', (request, reply, done) => {
    securityHeaders(request.raw, reply.raw, (error?: unknown) =>
      done(error instanceof Error ? error : undefined),
    );
  });
  app.addHook('preHandler', async (request) => {
    const found =
      badValue(request.params, 'params') ??
      badValue(request.query, 'query') ??
      badValue(request.body, 'body');
    if (!found) return;
    throw found.kind === 'text'
      ? invalidField(found.field, 'text.invalid', 'Ce texte contient un caractère non autorisé.')
      : invalidField(found.field, 'number.invalid', 'Ce nombre est hors des limites permises.');
  });
  await app.register(rateLimit, {
    max: options.rateLimitPerMinute,
    timeWindow: '1 minute',
    errorResponseBuilder: () =>
      tooManyRequests('Trop de requêtes. Patientez une minute avant de réessayer.'),
  });
}

export default fp(securityPlugin, { name: 'security', dependencies: ['errors'] });
