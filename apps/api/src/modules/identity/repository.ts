// Queries of the identity domain: users, roles, sessions, failed sign-ins.
import { createHash } from 'node:crypto';
import { and, asc, eq, gt, gte, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Role } from '@tremplin/contracts';
import { type Executor, likePattern } from '@tremplin/db';
import {
  companies,
  companyMemberships,
  loginFailures,
  schoolMemberships,
  schools,
  sessions,
  userRoles,
  users,
} from '@tremplin/db/schema';

const userColumns = {
  id: users.id,
  email: users.email,
  displayName: users.displayName,
  locale: users.locale,
  status: users.status,
  createdAt: users.createdAt,
};

/**
 * A pupil's code as stored ("TRM-7KQ4-9XPZ"), whatever spacing, dashes or case it was typed
 * with ("trm 7kq4 9xpz", "TRM7KQ49XPZ").
 */
export function canonicalLoginCode(input: string): string {
  const compact = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return /^TRM[A-Z0-9]{8}$/.test(compact)
    ? `TRM-${compact.slice(3, 7)}-${compact.slice(7)}`
    : input.trim().toUpperCase();
}

export async function findUserForLogin(db: Executor, params: { login: string }) {
  const login = params.login.trim();
  const [row] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, status: users.status })
    .from(users)
    .where(
      login.includes('@')
        ? eq(users.email, login.toLowerCase())
        : eq(users.loginCode, canonicalLoginCode(login)),
    )
    .limit(1);
  return row;
}

export async function emailTaken(db: Executor, params: { email: string }): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, params.email.toLowerCase()))
    .limit(1);
  return Boolean(row);
}

export interface CreateUserParams {
  email: string | null;
  passwordHash: string | null;
  displayName: string;
  locale?: string;
  roles: Role[];
  loginCode?: string | null;
  grantedBy?: string | null;
}

export async function createUser(db: Executor, params: CreateUserParams) {
  const [user] = await db
    .insert(users)
    .values({
      email: params.email?.toLowerCase() ?? null,
      passwordHash: params.passwordHash,
      displayName: params.displayName.trim(),
      locale: params.locale ?? 'fr',
      loginCode: params.loginCode ?? null,
    })
    .returning({ id: users.id });
  if (params.roles.length > 0) {
    await db.insert(userRoles).values(
      params.roles.map((role) => ({
        userId: user!.id,
        role,
        grantedBy: params.grantedBy ?? null,
      })),
    );
  }
  return user!;
}

export async function createSession(db: Executor, params: { userId: string; ttlHours: number }) {
  const expiresAt = new Date(Date.now() + params.ttlHours * 3600 * 1000);
  const [session] = await db
    .insert(sessions)
    .values({ userId: params.userId, expiresAt })
    .returning({ id: sessions.id, expiresAt: sessions.expiresAt });
  return session!;
}

export async function revokeSession(db: Executor, params: { sessionId: string; userId: string }) {
  await db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.id, params.sessionId), eq(sessions.userId, params.userId)));
}

/**
 * Token rotation: a new session replaces the one in use, which stays valid for `graceSeconds`
 * (requests already on their way with the old token still succeed) and can never be rotated
 * again, so a copied old token cannot be turned into a fresh one. Undefined when the session was
 * already replaced or revoked.
 */
export async function rotateSession(
  db: Executor,
  params: { userId: string; sessionId: string; ttlHours: number; graceSeconds: number },
) {
  return db.transaction(async (tx) => {
    const [replaced] = await tx
      .update(sessions)
      .set({ revokedAt: sql`now() + ${params.graceSeconds} * interval '1 second'` })
      .where(
        and(
          eq(sessions.id, params.sessionId),
          eq(sessions.userId, params.userId),
          isNull(sessions.revokedAt),
        ),
      )
      .returning({ id: sessions.id });
    if (!replaced) return undefined;
    return createSession(tx, { userId: params.userId, ttlHours: params.ttlHours });
  });
}

/** Revokes every session of a person except, optionally, the one in use. */
export async function revokeOtherSessions(
  db: Executor,
  params: { userId: string; keepSessionId?: string },
) {
  await db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(sessions.userId, params.userId),
        // A session replaced by rotation is still live for a few seconds: end it now too.
        or(isNull(sessions.revokedAt), gt(sessions.revokedAt, sql`now()`)),
        params.keepSessionId ? sql`${sessions.id} <> ${params.keepSessionId}` : undefined,
      ),
    );
}

/** The person behind a live session, with their roles; undefined if the session is not valid. */
/**
 * The session's person and roles, if the session is still valid. Every authenticated request
 * asks this, so the query is built once per database and run as a named prepared statement
 * (drizzle otherwise builds the SQL and has PostgreSQL parse and plan it on every call: about
 * 350 µs of the API's time instead of about 50, tests/load/offers-search.ts).
 */
export async function loadPrincipal(db: Executor, params: { userId: string; sessionId: string }) {
  let query = principalQueries.get(db);
  if (!query) {
    query = principalQuery(db);
    principalQueries.set(db, query);
  }
  const [row] = await query.execute(params);
  return row;
}

function principalQuery(db: Executor) {
  return db
    .select({
      userId: users.id,
      lastActiveAt: users.lastActiveAt,
      expiresAt: sessions.expiresAt,
      revokedAt: sessions.revokedAt,
      roles: sql<
        Role[]
      >`coalesce(array_agg(${userRoles.role}::text) filter (where ${userRoles.role} is not null), '{}')`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(userRoles, eq(userRoles.userId, users.id))
    .where(
      and(
        eq(sessions.id, sql.placeholder('sessionId')),
        eq(sessions.userId, sql.placeholder('userId')),
        // A revocation in the future is a rotated session's grace period (see rotateSession).
        or(isNull(sessions.revokedAt), gt(sessions.revokedAt, sql`now()`)),
        gt(sessions.expiresAt, sql`now()`),
        // A new code, a suspension or a forced sign-out ends the sessions opened before it.
        gte(sessions.createdAt, users.sessionsValidAfter),
        eq(users.status, 'active'),
      ),
    )
    .groupBy(users.id, sessions.id)
    .prepare('load_principal');
}

const principalQueries = new WeakMap<Executor, ReturnType<typeof principalQuery>>();

export async function touchActivity(db: Executor, userId: string) {
  await db.update(users).set({ lastActiveAt: new Date() }).where(eq(users.id, userId));
}

export async function rolesOf(db: Executor, params: { userId: string }): Promise<Role[]> {
  const rows = await db
    .select({ role: userRoles.role })
    .from(userRoles)
    .where(eq(userRoles.userId, params.userId))
    .orderBy(asc(userRoles.role));
  return rows.map((r) => r.role);
}

export async function getUser(db: Executor, params: { userId: string }) {
  const [user] = await db.select(userColumns).from(users).where(eq(users.id, params.userId));
  if (!user) return undefined;
  return { ...user, roles: await rolesOf(db, params) };
}

export async function getMemberships(db: Executor, params: { userId: string }) {
  const schoolRows = await db
    .select({
      id: schoolMemberships.id,
      schoolId: schools.id,
      schoolName: schools.name,
      role: schoolMemberships.role,
      status: schoolMemberships.status,
    })
    .from(schoolMemberships)
    .innerJoin(schools, eq(schools.id, schoolMemberships.schoolId))
    .where(eq(schoolMemberships.userId, params.userId))
    .orderBy(asc(schools.name));
  const companyRows = await db
    .select({
      id: companyMemberships.id,
      companyId: companies.id,
      companyName: companies.name,
      role: companyMemberships.role,
      status: companyMemberships.status,
    })
    .from(companyMemberships)
    .innerJoin(companies, eq(companies.id, companyMemberships.companyId))
    .where(eq(companyMemberships.userId, params.userId))
    .orderBy(asc(companies.name));
  return { schoolMemberships: schoolRows, companyMemberships: companyRows };
}

export async function updateUser(
  db: Executor,
  params: { userId: string; displayName?: string; locale?: string },
) {
  await db
    .update(users)
    .set({
      ...(params.displayName !== undefined ? { displayName: params.displayName.trim() } : {}),
      ...(params.locale !== undefined ? { locale: params.locale } : {}),
      updatedAt: new Date(),
    })
    .where(eq(users.id, params.userId));
}

export async function getPasswordHash(db: Executor, params: { userId: string }) {
  const [row] = await db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, params.userId));
  return row?.passwordHash ?? null;
}

export async function setPasswordHash(
  db: Executor,
  params: { userId: string; passwordHash: string },
) {
  await db
    .update(users)
    .set({ passwordHash: params.passwordHash, updatedAt: new Date() })
    .where(eq(users.id, params.userId));
}

/** Failed sign-ins are counted per identifier; only a hash of it is stored. */
export function identifierHash(login: string): string {
  return createHash('sha256').update(login.trim().toLowerCase()).digest('hex');
}

export async function recentLoginFailures(db: Executor, params: { identifierHash: string }) {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(loginFailures)
    .where(
      and(
        eq(loginFailures.identifierHash, params.identifierHash),
        gt(loginFailures.failedAt, sql`now() - interval '15 minutes'`),
      ),
    );
  return row?.count ?? 0;
}

export async function recordLoginFailure(db: Executor, params: { identifierHash: string }) {
  await db.insert(loginFailures).values({ identifierHash: params.identifierHash });
}

export async function clearLoginFailures(db: Executor, params: { identifierHash: string }) {
  await db.delete(loginFailures).where(eq(loginFailures.identifierHash, params.identifierHash));
}

export async function grantRole(
  db: Executor,
  params: { userId: string; role: Role; grantedBy: string | null },
): Promise<boolean> {
  const inserted = await db
    .insert(userRoles)
    .values(params)
    .onConflictDoNothing()
    .returning({ role: userRoles.role });
  return inserted.length > 0;
}

export async function revokeRole(db: Executor, params: { userId: string; role: Role }) {
  const deleted = await db
    .delete(userRoles)
    .where(and(eq(userRoles.userId, params.userId), eq(userRoles.role, params.role)))
    .returning({ role: userRoles.role });
  return deleted.length > 0;
}

export async function searchUsers(db: Executor, params: { q?: string; limit: number }) {
  const pattern = params.q ? likePattern(params.q.trim()) : undefined;
  const rows = await db
    .select({ ...userColumns })
    .from(users)
    .where(pattern ? or(ilike(users.email, pattern), ilike(users.displayName, pattern)) : undefined)
    .orderBy(asc(users.displayName))
    .limit(params.limit);
  const roles = rows.length
    ? await db
        .select({ userId: userRoles.userId, role: userRoles.role })
        .from(userRoles)
        .where(
          inArray(
            userRoles.userId,
            rows.map((r) => r.id),
          ),
        )
    : [];
  return rows.map((row) => ({
    ...row,
    roles: roles.filter((r) => r.userId === row.id).map((r) => r.role),
  }));
}

export async function userExists(db: Executor, params: { userId: string }) {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.id, params.userId));
  return Boolean(row);
}
