// One error handler for the whole API: every error leaves as application/problem+json (RFC 9457)
// with a stable code, a French detail and, for bad input, one entry per bad field. 5xx carry no
// internal text.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Problem, ProblemFieldError } from '@tremplin/contracts';
import { AppError } from '../lib/problem.js';

const titles: Record<number, string> = {
  400: 'Requête invalide',
  401: 'Non connecté',
  403: 'Accès refusé',
  404: 'Introuvable',
  405: 'Méthode non autorisée',
  406: 'Format non disponible',
  409: 'Conflit',
  413: 'Contenu trop volumineux',
  415: 'Type de contenu non pris en charge',
  422: 'Requête impossible à traiter',
  429: 'Trop de requêtes',
  500: 'Erreur interne',
  503: 'Service indisponible',
};

// The database cannot be reached (down, restarting, refusing connections): node socket errors,
// postgres.js connection errors, and the SQLSTATEs of a server shutting down or full.
const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up or shutting down)
  '53300', // too_many_connections
]);

/** True when the error, or what it wraps (drizzle wraps driver errors), says the database is out of reach. */
export function databaseUnreachable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (unreachableCodes.has(code) || code.startsWith('08'))) {
    return true;
  }
  return databaseUnreachable((error as { cause?: unknown }).cause, depth + 1);
}

interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
  parentSchema?: Record<string, unknown>;
}

const typeNames: Record<string, string> = {
  string: 'du texte',
  integer: 'un nombre entier',
  number: 'un nombre',
  boolean: 'vrai ou faux',
  array: 'une liste',
  object: 'un objet',
  null: 'vide (null)',
};

/** What the patterns of the contracts expect, said so that one can correct the value. */
const patternMessages: Record<string, string> = {
  '^([01][0-9]|2[0-3]):[0-5][0-9]$': 'Heure invalide (format attendu : HH:MM, par exemple 09:30).',
  '^[A-N]([0-9]{2}|[0-9]{4})?$':
    'Code métier invalide : une lettre de A à N, suivie ou non de 2 ou 4 chiffres (par exemple M1805).',
  '^[A-N]([0-9]{1,4})?$':
    'Code métier invalide : une lettre de A à N, suivie ou non de 1 à 4 chiffres (par exemple M1805).',
  '^[A-N][0-9]{4}$': 'Code ROME invalide : une lettre de A à N et 4 chiffres (par exemple M1805).',
  '^[A-N]$': 'Domaine invalide : une lettre de A à N.',
  '^[0-9][0-9AB][0-9]{3}$': 'Code commune invalide : 5 caractères, par exemple 94028.',
  '^[0-9]{2}\\.?[0-9]{2}[A-Za-z]$': 'Code NAF invalide : par exemple 10.71C.',
};

const formatMessages: Record<string, string> = {
  email: 'Adresse e-mail invalide : elle doit avoir la forme nom@exemple.fr.',
  uuid: 'Identifiant invalide.',
  date: 'Date invalide (format attendu : AAAA-MM-JJ).',
  'date-time': 'Date et heure invalides (format ISO 8601 attendu).',
  time: 'Heure invalide (format attendu : HH:MM).',
  uri: 'Adresse web invalide.',
};

function fieldPath(context: string | undefined, instancePath: string, extra?: unknown): string {
  const parts = instancePath.split('/').filter(Boolean);
  if (typeof extra === 'string') parts.push(extra);
  const prefix = context === 'querystring' ? 'query' : (context ?? 'body');
  return [prefix, ...parts].join('.');
}

function allowedValues(schema: Record<string, unknown> | undefined): string[] | undefined {
  if (!schema) return undefined;
  if (Array.isArray(schema.enum)) return schema.enum.map(String);
  const variants = (schema.anyOf ?? schema.oneOf) as Record<string, unknown>[] | undefined;
  if (Array.isArray(variants) && variants.every((v) => 'const' in v)) {
    return variants.map((v) => String(v.const));
  }
  return undefined;
}

/** Turns Ajv's errors into one French message per bad field. */
export function validationErrors(
  errors: AjvError[],
  context: string | undefined,
): ProblemFieldError[] {
  // An anyOf over literals reports each failed branch, then itself: keep only the anyOf error.
  const anyOfPaths = new Set(
    errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.instancePath),
  );
  const out: ProblemFieldError[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const p = error.params;
    if (
      anyOfPaths.has(error.instancePath) &&
      error.keyword !== 'anyOf' &&
      error.keyword !== 'oneOf'
    ) {
      continue;
    }
    let field = fieldPath(context, error.instancePath);
    let message: string;
    switch (error.keyword) {
      case 'required':
        field = fieldPath(context, error.instancePath, p.missingProperty);
        message = 'Ce champ est obligatoire.';
        break;
      case 'additionalProperties':
        field = fieldPath(context, error.instancePath, p.additionalProperty);
        message = "Ce champ n'est pas attendu.";
        break;
      case 'minLength':
        message =
          p.limit === 1 ? 'Ce champ ne peut pas être vide.' : `Au moins ${p.limit} caractères.`;
        break;
      case 'maxLength':
        message = `Au plus ${p.limit} caractères.`;
        break;
      case 'minimum':
      case 'exclusiveMinimum':
        message = `La valeur doit être ${error.keyword === 'minimum' ? 'supérieure ou égale' : 'strictement supérieure'} à ${p.limit}.`;
        break;
      case 'maximum':
      case 'exclusiveMaximum':
        message = `La valeur doit être ${error.keyword === 'maximum' ? 'inférieure ou égale' : 'strictement inférieure'} à ${p.limit}.`;
        break;
      case 'minItems':
        message = `Au moins ${p.limit} élément(s).`;
        break;
      case 'maxItems':
        message = `Au plus ${p.limit} élément(s).`;
        break;
      case 'uniqueItems':
        message = 'La liste contient des doublons.';
        break;
      case 'minProperties':
        message = 'Indiquez au moins un champ à modifier.';
        break;
      case 'type':
        message = `Valeur attendue : ${typeNames[String(p.type)] ?? String(p.type)}.`;
        break;
      case 'format':
        message = formatMessages[String(p.format)] ?? 'Format invalide.';
        break;
      case 'pattern':
        message = patternMessages[String(p.pattern)] ?? 'Format invalide.';
        break;
      case 'enum':
      case 'const':
      case 'anyOf':
      case 'oneOf': {
        const allowed = allowedValues(error.parentSchema);
        message = allowed
          ? `Valeur non autorisée (valeurs possibles : ${allowed.join(', ')}).`
          : 'Valeur non autorisée.';
        break;
      }
      default:
        message = 'Valeur invalide.';
    }
    const key = `${field}|${error.keyword}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ field, code: error.keyword, message });
  }
  return out;
}

function send(
  reply: FastifyReply,
  request: FastifyRequest,
  problem: Omit<Problem, 'type' | 'title' | 'instance'>,
) {
  const body: Problem = {
    type: `https://tremplin.example/problems/${problem.code}`,
    title: titles[problem.status] ?? 'Erreur',
    instance: request.routeOptions?.url,
    ...problem,
  };
  return reply.status(problem.status).type('application/problem+json').send(body);
}

async function errorsPlugin(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError & { validation?: AjvError[] }, request, reply) => {
    if (error instanceof AppError) {
      return send(reply, request, {
        status: error.statusCode,
        code: error.code,
        detail: error.message,
        ...(error.errors ? { errors: error.errors } : {}),
      });
    }
    if (error.validation) {
      const errors = validationErrors(error.validation, error.validationContext);
      return send(reply, request, {
        status: 400,
        code: 'validation',
        detail:
          errors.length === 1 ? errors[0]!.message : `${errors.length} champs sont invalides.`,
        errors,
      });
    }
    if (databaseUnreachable(error)) {
      // Not a bug: the database is away (restart, failover). Say so, and when to come back.
      request.log.warn({ code: 'database_unreachable' }, 'database unreachable');
      void reply.header('retry-after', '5');
      return send(reply, request, {
        status: 503,
        code: 'unavailable',
        detail: 'Le service est momentanément indisponible. Réessayez dans un instant.',
      });
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return send(reply, request, {
        status: status === 503 ? 503 : 500,
        code: status === 503 ? 'unavailable' : 'internal',
        detail:
          status === 503
            ? 'Le service est momentanément indisponible. Réessayez dans un instant.'
            : 'Une erreur inattendue est survenue. Réessayez ; si elle persiste, signalez-la.',
      });
    }
    // Fastify's own client errors (bad JSON, wrong content type, body too large, rate limit).
    const known: Record<string, string> = {
      FST_ERR_CTP_INVALID_JSON_BODY: "Le corps de la requête n'est pas du JSON valide.",
      FST_ERR_CTP_EMPTY_JSON_BODY: 'Le corps de la requête est vide.',
      FST_ERR_CTP_INVALID_MEDIA_TYPE: "Ce type de contenu n'est pas pris en charge.",
      FST_ERR_CTP_BODY_TOO_LARGE: 'Le contenu envoyé est trop volumineux.',
      FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'La longueur annoncée du contenu est incorrecte.',
    };
    const code = error.code ?? 'client_error';
    return send(reply, request, {
      status,
      code: status === 429 ? 'too_many_requests' : code.toLowerCase(),
      detail:
        known[code] ??
        (status === 429
          ? 'Trop de requêtes. Patientez un peu avant de réessayer.'
          : status === 404
            ? "Cette ressource n'existe pas."
            : 'La requête est invalide.'),
    });
  });

  app.setNotFoundHandler((request, reply) =>
    send(reply, request, { status: 404, code: 'not_found', detail: "Cette adresse n'existe pas." }),
  );
}

export default fp(errorsPlugin, { name: 'errors' });
