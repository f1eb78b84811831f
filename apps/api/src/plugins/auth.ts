// Authentication: a signed token (@fastify/jwt) naming a server-side session, read from the
// `Authorization: Bearer` header (API clients) or an httpOnly SameSite cookie (browsers). Every
// authenticated request checks the session and loads the person's current roles, so sign-out,
// suspension and role changes take effect at once.
import cookie from '@fastify/cookie';
import jwt from '@fastify/jwt';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Role } from '@tremplin/contracts';
import { forbidden, unauthorized } from '../lib/problem.js';
import { MemoCache } from '../lib/memo-cache.js';
import { loadPrincipal, touchActivity } from '../modules/identity/repository.js';

type SessionRow = NonNullable<Awaited<ReturnType<typeof loadPrincipal>>>;

export const SESSION_COOKIE = 'tremplin_session';

/** Who is asking: filled by `authenticate`. */
export interface Principal {
  id: string;
  sessionId: string;
  roles: Role[];
  /** True when the token came from the cookie (CSRF rules apply), false for a Bearer header. */
  viaCookie: boolean;
}

/**
 * The token names a person and a session; `auth` is when the person signed in (seconds), carried
 * over by rotation so a session cannot be stretched past its absolute lifetime.
 */
export interface TokenPayload {
  sub: string;
  sid: string;
  auth?: number;
  iat?: number;
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: TokenPayload;
    // request.user is the raw token payload; who is asking, checked, is request.principal.
    user: TokenPayload;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** onRequest hook: 401 unless a valid session token is presented. */
    authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void>;
    /** Like authenticate, but lets anonymous requests through (request.principal stays null). */
    identify(request: FastifyRequest, reply: FastifyReply): Promise<void>;
    /** preHandler hook factory: 403 unless the person holds one of the roles. */
    requireRole(...roles: Role[]): (request: FastifyRequest) => Promise<void>;
    issueSession(
      reply: FastifyReply,
      userId: string,
      sessionId: string,
      expiresAt: Date,
      /** When the person signed in (seconds since 1970): kept across rotations. */
      authTime?: number,
    ): Promise<string>;
    clearSession(reply: FastifyReply): void;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export interface AuthPluginOptions {
  secret: string;
  cookieSecure: boolean;
  /**
   * How long who a session names (person, roles) is kept in memory; 0 asks the database on every
   * request. Any change is announced by the database (tremplin_sessions) and forgotten at once.
   */
  sessionCacheSeconds?: number;
  /** Origins allowed to send cookie-authenticated state changes (the web app's own). */
  trustedOrigins: string[];
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

async function authPlugin(app: FastifyInstance, options: AuthPluginOptions) {
  await app.register(cookie);
  await app.register(jwt, {
    secret: options.secret,
    cookie: { cookieName: SESSION_COOKIE, signed: false },
  });
  app.decorateRequest('principal', null);

  // Who a session names, kept for a few seconds: every authenticated request asks it. A row is
  // dropped as soon as the database announces a change to the person's sessions, account or
  // roles (migration 0007_cache_changes); any state change made through this process drops them
  // all before its answer leaves, since the announcement follows the commit by a moment. The
  // session's own end (expiry, rotation's grace period) is checked on every use.
  const sessionCacheMs = (options.sessionCacheSeconds ?? 0) * 1000;
  const principals = new MemoCache<SessionRow | undefined>(sessionCacheMs, 50_000);
  if (sessionCacheMs > 0) {
    const stop = await app.dbHandle.listen(
      'tremplin_sessions',
      (payload) => {
        if (payload === '*') return principals.clear();
        const people = new Set(payload.split(','));
        principals.deleteWhere((key) => people.has(key.slice(key.indexOf('|') + 1)));
      },
      () => principals.clear(),
    );
    app.addHook('onClose', async () => {
      await stop();
    });
    app.addHook('onSend', async (request, _reply, payload) => {
      if (UNSAFE.has(request.method)) principals.clear();
      return payload;
    });
  }

  async function sessionRow(userId: string, sessionId: string) {
    const row = await principals.remember(`${sessionId}|${userId}`, () =>
      loadPrincipal(app.db, { userId, sessionId }),
    );
    const now = Date.now();
    if (!row || row.expiresAt.getTime() <= now) return undefined;
    if (row.revokedAt && row.revokedAt.getTime() <= now) return undefined;
    return row;
  }

  async function resolve(request: FastifyRequest, required: boolean) {
    const hasHeader = /^Bearer\s/i.test(request.headers.authorization ?? '');
    const hasCookie = Boolean(request.cookies[SESSION_COOKIE]);
    if (!hasHeader && !hasCookie) {
      if (required) throw unauthorized();
      return;
    }
    let payload: TokenPayload;
    try {
      payload = await request.jwtVerify<TokenPayload>();
    } catch {
      if (required) throw unauthorized('Votre session a expiré. Connectez-vous à nouveau.');
      return;
    }
    const principal = await sessionRow(payload.sub, payload.sid);
    if (!principal) {
      if (required) throw unauthorized('Votre session a expiré. Connectez-vous à nouveau.');
      return;
    }
    const viaCookie = !hasHeader;
    // A cookie is sent by the browser whatever page asked: state changes must come from our own
    // origin. SameSite=Strict already stops most cross-site requests; this closes the rest.
    if (viaCookie && UNSAFE.has(request.method)) {
      const origin = request.headers.origin;
      if (origin && !options.trustedOrigins.includes(origin)) {
        throw forbidden("Cette action doit être faite depuis l'application Tremplin.");
      }
    }
    request.principal = {
      id: principal.userId,
      sessionId: payload.sid,
      roles: principal.roles,
      viaCookie,
    };
    if (principal.lastActiveAt.getTime() < Date.now() - 60 * 60 * 1000) {
      principal.lastActiveAt = new Date();
      await touchActivity(app.db, principal.userId);
    }
  }

  app.decorate('authenticate', async (request: FastifyRequest) => resolve(request, true));
  app.decorate('identify', async (request: FastifyRequest) => resolve(request, false));
  app.decorate('requireRole', (...roles: Role[]) => async (request: FastifyRequest) => {
    const principal = request.principal;
    if (!principal) throw unauthorized();
    if (!roles.some((role) => principal.roles.includes(role))) throw forbidden();
  });
  app.decorate(
    'issueSession',
    async (
      reply: FastifyReply,
      userId: string,
      sessionId: string,
      expiresAt: Date,
      authTime = Math.floor(Date.now() / 1000),
    ) => {
      const token = await reply.jwtSign(
        { sub: userId, sid: sessionId, auth: authTime },
        { expiresIn: Math.max(1, Math.floor((expiresAt.getTime() - Date.now()) / 1000)) },
      );
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: options.cookieSecure,
        expires: expiresAt,
      });
      return token;
    },
  );
  app.decorate('clearSession', (reply: FastifyReply) => {
    reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict' });
  });
}

export default fp(authPlugin, { name: 'auth', dependencies: ['db', 'errors'] });

/** The principal of an authenticated route (after `authenticate`). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthorized();
  return request.principal;
}
