// Fastify's own options (validation, logging, limits), shared by server.ts and the test helper so
// tests validate and serialise exactly as production does.
import type { FastifyReply, FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';
import { safeError } from './lib/safe-error.js';

export function serverOptions(
  config: Pick<Config, 'logLevel' | 'trustProxy'>,
): FastifyServerOptions {
  return {
    trustProxy: config.trustProxy,
    bodyLimit: 25 * 1024 * 1024,
    // Opening and migrating the embedded database can take a while on a busy small machine.
    pluginTimeout: 120_000,
    // Route paths are matched case-sensitively and without a trailing slash.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    ajv: {
      customOptions: {
        // Report every bad field at once, so a form can show them all.
        allErrors: true,
        coerceTypes: 'array',
        useDefaults: true,
        removeAdditional: false,
        // parentSchema lets the error handler list the allowed values of an enum.
        verbose: true,
      },
    },
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            // No personal data in logs: the route pattern, never the raw URL with its query.
            serializers: {
              req: (req) => ({
                method: req.method,
                route: req.routeOptions?.url ?? 'unknown',
                reqId: req.id,
              }),
              res: (res) => ({ statusCode: res.statusCode }),
              // Database errors quote the values that failed: codes and statements only.
              err: safeError,
            },
            redact: ['req.headers.authorization', 'req.headers.cookie'],
          },
    genReqId: () => crypto.randomUUID(),
    // A malformed URL or an over-long path segment is refused before any route (and its error
    // handler) is chosen: answer in the API's one error shape, without echoing the URL back.
    frameworkErrors: (error, _request, reply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const status = tooLong ? 414 : 400;
      const code = tooLong ? 'url.too_long' : 'url.invalid';
      void (reply as FastifyReply)
        .code(status)
        .type('application/problem+json')
        .send({
          type: `https://tremplin.example/problems/${code}`,
          title: tooLong ? 'Adresse trop longue' : 'Requête invalide',
          status,
          code,
          detail: tooLong
            ? "L'adresse demandée est trop longue."
            : "L'adresse demandée est mal formée.",
        });
    },
  };
}
