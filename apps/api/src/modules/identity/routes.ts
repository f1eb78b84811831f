// Routes of the identity domain: sign-up, sign-in, sign-out, the current person, roles.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  ChangePasswordBody,
  GrantRoleBody,
  IdParams,
  LoginBody,
  Me,
  Ok,
  PASSWORD_MIN_LENGTH,
  passwordProblem,
  RegisterBody,
  Session,
  UpdateMeBody,
  UserRoleParams,
  UserSearchQuery,
  UserSummary,
} from '@tremplin/contracts';
import type { Config } from '../../config.js';
import { principalOf } from '../../plugins/auth.js';
import { decoyVerify, hashPassword, verifyPassword } from '../../lib/password.js';
import {
  AppError,
  badRequest,
  conflict,
  invalidField,
  notFound,
  tooManyRequests,
  unauthorized,
} from '../../lib/problem.js';
import { authProblems, problems, secured } from '../../lib/schemas.js';
import { recordAudit } from '../audit/repository.js';
import { countUnread } from '../notifications/repository.js';
import * as repo from './repository.js';

const WRONG_CREDENTIALS = 'Identifiant ou mot de passe incorrect.';
/** How long a rotated token keeps working, for requests already sent with it. */
export const ROTATION_GRACE_SECONDS = 60;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export default async function identityRoutes(
  fastify: FastifyInstance,
  options: {
    config: Pick<Config, 'sessionTtlHours' | 'loginRateLimitPerMinute' | 'loginLockoutAfter'>;
  },
) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { config } = options;

  async function startSession(reply: Parameters<typeof app.issueSession>[0], userId: string) {
    const session = await repo.createSession(app.db, { userId, ttlHours: config.sessionTtlHours });
    const token = await app.issueSession(reply, userId, session.id, session.expiresAt);
    const user = await repo.getUser(app.db, { userId });
    return { user: serialiseUser(user!), token, expiresAt: session.expiresAt.toISOString() };
  }

  function checkPassword(password: string, field = 'body.password') {
    const problem = passwordProblem(password, PASSWORD_MIN_LENGTH);
    if (problem) throw invalidField(field, 'password.weak', problem);
  }

  app.post(
    '/api/auth/register',
    {
      schema: {
        tags: ['identity'],
        summary: 'Create an account (student, teacher, employer, mentor or ambassador) and sign in',
        body: RegisterBody,
        response: { 201: Session, ...problems(400, 409, 429) },
      },
      config: { rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const body = request.body;
      checkPassword(body.password);
      if (await repo.emailTaken(app.db, { email: body.email })) {
        throw conflict('email.taken', 'Un compte existe déjà avec cette adresse e-mail.', [
          {
            field: 'body.email',
            code: 'email.taken',
            message: 'Un compte existe déjà avec cette adresse e-mail.',
          },
        ]);
      }
      const passwordHash = await hashPassword(body.password);
      let userId: string;
      try {
        ({ id: userId } = await app.db.transaction((tx) =>
          repo.createUser(tx, {
            email: body.email,
            passwordHash,
            displayName: body.displayName,
            locale: body.locale ?? 'fr',
            roles: [body.role],
          }),
        ));
      } catch (error) {
        // Two sign-ups with the same address at the same instant: the unique index decides.
        if (
          String(
            (error as { cause?: { code?: string } }).cause?.code ??
              (error as { code?: string }).code,
          ) === '23505'
        ) {
          throw conflict('email.taken', 'Un compte existe déjà avec cette adresse e-mail.');
        }
        throw error;
      }
      reply.status(201);
      return startSession(reply, userId);
    },
  );

  app.post(
    '/api/auth/login',
    {
      schema: {
        tags: ['identity'],
        summary: 'Sign in with an e-mail (or a pupil sign-in code) and a password',
        description:
          'Sets the session cookie and returns the token for `Authorization: Bearer`. Repeated failures for one identifier are slowed down, then refused with 429 for 15 minutes.',
        body: LoginBody,
        response: { 200: Session, ...problems(400, 401, 403, 429) },
      },
      config: { rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const { login, password } = request.body;
      const key = repo.identifierHash(login);
      const failures = await repo.recentLoginFailures(app.db, { identifierHash: key });
      if (failures >= config.loginLockoutAfter) {
        reply.header('retry-after', '900');
        throw tooManyRequests(
          'Trop de tentatives de connexion. Réessayez dans 15 minutes ou réinitialisez votre mot de passe.',
        );
      }
      const user = await repo.findUserForLogin(app.db, { login });
      const valid = user?.passwordHash
        ? await verifyPassword(user.passwordHash, password)
        : await decoyVerify(password);
      if (!user || !valid) {
        await repo.recordLoginFailure(app.db, { identifierHash: key });
        // Each failure past the third costs the caller more time: guessing gets slow.
        if (failures >= 2) await sleep(Math.min(250 * 2 ** (failures - 2), 3000));
        throw unauthorized(WRONG_CREDENTIALS);
      }
      if (user.status !== 'active') {
        throw new AppError(
          403,
          'account.suspended',
          'Ce compte est suspendu. Contactez le support.',
        );
      }
      await repo.clearLoginFailures(app.db, { identifierHash: key });
      return startSession(reply, user.id);
    },
  );

  app.post(
    '/api/auth/activate',
    {
      schema: {
        tags: ['identity'],
        summary:
          'First sign-in of a pupil: set a password with the sign-in code given by the school',
        body: LoginBody,
        response: { 200: Session, ...problems(400, 401, 409, 429) },
      },
      config: { rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const { login, password } = request.body;
      if (login.includes('@')) {
        throw invalidField(
          'body.login',
          'login.code',
          'Indiquez le code de connexion donné par votre établissement.',
        );
      }
      const key = repo.identifierHash(login);
      if (
        (await repo.recentLoginFailures(app.db, { identifierHash: key })) >=
        config.loginLockoutAfter
      ) {
        throw tooManyRequests('Trop de tentatives. Réessayez dans 15 minutes.');
      }
      const user = await repo.findUserForLogin(app.db, { login });
      if (!user || user.status !== 'active') {
        await repo.recordLoginFailure(app.db, { identifierHash: key });
        throw unauthorized(
          "Ce code de connexion n'existe pas. Vérifiez-le auprès de votre professeur.",
        );
      }
      if (user.passwordHash) {
        throw conflict(
          'login.already_active',
          'Ce compte a déjà un mot de passe : connectez-vous avec lui.',
        );
      }
      checkPassword(password);
      await repo.setPasswordHash(app.db, {
        userId: user.id,
        passwordHash: await hashPassword(password),
      });
      return startSession(reply, user.id);
    },
  );

  app.post(
    '/api/auth/logout',
    {
      onRequest: [app.identify],
      schema: {
        tags: ['identity'],
        summary: 'Sign out: revoke the session and clear the cookie',
        response: { 200: Ok, ...problems(403, 429) },
      },
    },
    async (request, reply) => {
      if (request.principal) {
        await repo.revokeSession(app.db, {
          sessionId: request.principal.sessionId,
          userId: request.principal.id,
        });
      }
      app.clearSession(reply);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/auth/refresh',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['identity'],
        summary: 'Rotate my session token: a new token, the old one ends a minute later',
        description: `Gives a fresh token (and cookie) for the session in use, valid for the session lifetime again; the old token keeps working for ${ROTATION_GRACE_SECONDS} s for requests already on their way, and can never be rotated again. Refused (401) for a token already rotated, and once the sign-in is older than the absolute lifetime (7 days, or the session lifetime if longer).`,
        ...secured,
        response: { 200: Session, ...problems(...authProblems) },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const token = request.user;
      const authTime = token.auth ?? token.iat ?? 0;
      const absoluteSeconds = Math.max(config.sessionTtlHours, 7 * 24) * 3600;
      if (Date.now() / 1000 - authTime > absoluteSeconds) {
        throw unauthorized('Votre session a expiré. Connectez-vous à nouveau.');
      }
      const session = await repo.rotateSession(app.db, {
        userId: principal.id,
        sessionId: principal.sessionId,
        ttlHours: config.sessionTtlHours,
        graceSeconds: ROTATION_GRACE_SECONDS,
      });
      if (!session) throw unauthorized('Cette session a déjà été renouvelée.');
      const expiresAt =
        session.expiresAt.getTime() > (authTime + absoluteSeconds) * 1000
          ? new Date((authTime + absoluteSeconds) * 1000)
          : session.expiresAt;
      const fresh = await app.issueSession(reply, principal.id, session.id, expiresAt, authTime);
      const user = await repo.getUser(app.db, { userId: principal.id });
      return { user: serialiseUser(user!), token: fresh, expiresAt: expiresAt.toISOString() };
    },
  );

  app.get(
    '/api/me',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['identity'],
        summary: 'The signed-in person, their roles and memberships',
        ...secured,
        response: { 200: Me, ...problems(...authProblems) },
      },
    },
    async (request) => {
      const { id } = principalOf(request);
      const user = await repo.getUser(app.db, { userId: id });
      if (!user) throw unauthorized();
      const [memberships, unreadNotifications] = await Promise.all([
        repo.getMemberships(app.db, { userId: id }),
        countUnread(app.db, { userId: id }),
      ]);
      return { user: serialiseUser(user), ...memberships, unreadNotifications };
    },
  );

  app.patch(
    '/api/me',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['identity'],
        summary: 'Change my display name or language',
        ...secured,
        body: UpdateMeBody,
        response: { 200: Me, ...problems(400, ...authProblems) },
      },
    },
    async (request) => {
      const { id } = principalOf(request);
      if (request.body.displayName !== undefined && request.body.displayName.trim() === '') {
        throw invalidField('body.displayName', 'minLength', 'Ce champ ne peut pas être vide.');
      }
      await repo.updateUser(app.db, { userId: id, ...request.body });
      const user = await repo.getUser(app.db, { userId: id });
      return {
        user: serialiseUser(user!),
        ...(await repo.getMemberships(app.db, { userId: id })),
        unreadNotifications: await countUnread(app.db, { userId: id }),
      };
    },
  );

  app.post(
    '/api/me/password',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['identity'],
        summary: 'Change my password; every other session of mine is signed out',
        ...secured,
        body: ChangePasswordBody,
        response: { 200: Ok, ...problems(400, ...authProblems) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const current = await repo.getPasswordHash(app.db, { userId: principal.id });
      if (!current || !(await verifyPassword(current, request.body.currentPassword))) {
        throw invalidField(
          'body.currentPassword',
          'password.wrong',
          'Le mot de passe actuel est incorrect.',
        );
      }
      checkPassword(request.body.newPassword, 'body.newPassword');
      if (request.body.newPassword === request.body.currentPassword) {
        throw invalidField(
          'body.newPassword',
          'password.same',
          "Choisissez un mot de passe différent de l'actuel.",
        );
      }
      const passwordHash = await hashPassword(request.body.newPassword);
      await app.db.transaction(async (tx) => {
        await repo.setPasswordHash(tx, { userId: principal.id, passwordHash });
        await repo.revokeOtherSessions(tx, {
          userId: principal.id,
          keepSessionId: principal.sessionId,
        });
      });
      return { ok: true as const };
    },
  );

  // Operators manage roles: the operator role itself is only ever given by an operator.
  app.get(
    '/api/users',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('operator')],
      schema: {
        tags: ['identity'],
        summary: 'Find people (operator)',
        ...secured,
        querystring: UserSearchQuery,
        response: { 200: Type.Array(UserSummary), ...problems(400, ...authProblems) },
      },
    },
    async (request) => repo.searchUsers(app.db, { q: request.query.q, limit: 50 }),
  );

  app.post(
    '/api/users/:id/roles',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('operator')],
      schema: {
        tags: ['identity'],
        summary: 'Give a role to a person (operator)',
        ...secured,
        params: IdParams,
        body: GrantRoleBody,
        response: { 200: Ok, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) => {
      const actor = principalOf(request);
      const { id } = request.params;
      if (!(await repo.userExists(app.db, { userId: id })))
        throw notFound("Cette personne n'existe pas.");
      await app.db.transaction(async (tx) => {
        if (
          await repo.grantRole(tx, { userId: id, role: request.body.role, grantedBy: actor.id })
        ) {
          await recordAudit(tx, {
            actorId: actor.id,
            action: 'role.granted',
            subjectType: 'user',
            subjectId: id,
            data: { role: request.body.role },
          });
        }
      });
      return { ok: true as const };
    },
  );

  app.delete(
    '/api/users/:id/roles/:role',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('operator')],
      schema: {
        tags: ['identity'],
        summary: 'Take a role away from a person (operator)',
        ...secured,
        params: UserRoleParams,
        response: { 200: Ok, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) => {
      const actor = principalOf(request);
      const { id, role } = request.params;
      if (id === actor.id && role === 'operator') {
        throw badRequest('role.self', 'Un opérateur ne peut pas se retirer lui-même ce rôle.');
      }
      const removed = await app.db.transaction(async (tx) => {
        const done = await repo.revokeRole(tx, { userId: id, role });
        if (done) {
          await recordAudit(tx, {
            actorId: actor.id,
            action: 'role.revoked',
            subjectType: 'user',
            subjectId: id,
            data: { role },
          });
        }
        return done;
      });
      if (!removed) throw notFound("Cette personne n'a pas ce rôle.");
      return { ok: true as const };
    },
  );
}

export function serialiseUser(user: NonNullable<Awaited<ReturnType<typeof repo.getUser>>>) {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    locale: (user.locale === 'en' ? 'en' : 'fr') as 'fr' | 'en',
    roles: user.roles,
    createdAt: user.createdAt.toISOString(),
  };
}
