// Sessions: a token lives as long as its session and no longer, rotation hands out a new token and
// retires the old one, signing out and changing the password end sessions, cookie-authenticated
// changes from another origin are refused, and every answer carries the security headers.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '@tremplin/db';
import { ROTATION_GRACE_SECONDS } from '../../src/modules/identity/routes.js';
import { type Person, registerPerson, setupApp, TEST_PASSWORD } from '../helper.js';

const ctx = setupApp({ publicWebUrl: 'https://tremplin.example', sessionTtlHours: 12 });

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function me(token: string) {
  return ctx.app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) });
}

async function refresh(token: string) {
  return ctx.app.inject({ method: 'POST', url: '/api/auth/refresh', headers: bearer(token) });
}

function claims(token: string): {
  sub: string;
  sid: string;
  auth: number;
  iat: number;
  exp: number;
} {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
}

async function signIn(person: Person) {
  const response = await ctx.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { login: person.email, password: TEST_PASSWORD },
  });
  expect(response.statusCode).toBe(200);
  return response.json().token as string;
}

describe('token lifetime', () => {
  it('signs tokens that expire with their session, 12 hours after sign-in', async () => {
    const person = await registerPerson(ctx.app);
    const { iat, exp, auth } = claims(person.token);
    expect(exp - iat).toBeGreaterThan(12 * 3600 - 5);
    expect(exp - iat).toBeLessThanOrEqual(12 * 3600);
    expect(auth).toBe(iat);
  });

  it('refuses a token whose session has expired, and a token past its own expiry', async () => {
    const person = await registerPerson(ctx.app);
    expect((await me(person.token)).statusCode).toBe(200);
    await ctx.handle.db.execute(
      sql`update sessions set expires_at = now() - interval '1 second' where user_id = ${person.id}`,
    );
    expect((await me(person.token)).statusCode).toBe(401);

    const other = await registerPerson(ctx.app);
    const { sid } = claims(other.token);
    // Signed with the right secret, but its own expiry has passed.
    const expired = { sub: other.id, sid, exp: Math.floor(Date.now() / 1000) - 10 };
    const stale = ctx.app.jwt.sign(expired);
    const refused = await me(stale);
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses a token signed with another secret, or naming another person’s session', async () => {
    const person = await registerPerson(ctx.app);
    const victim = await registerPerson(ctx.app);
    const [header, payload] = person.token.split('.');
    expect((await me(`${header}.${payload}.${'A'.repeat(43)}`)).statusCode).toBe(401);
    const mixed = ctx.app.jwt.sign({ sub: victim.id, sid: claims(person.token).sid });
    expect((await me(mixed)).statusCode).toBe(401);
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    expect((await me(none)).statusCode).toBe(401);
  });
});

describe('POST /api/auth/refresh (rotation)', () => {
  it('gives a new token for a new session; the old one works for the grace period only', async () => {
    const person = await registerPerson(ctx.app);
    const rotated = await refresh(person.token);
    expect(rotated.statusCode).toBe(200);
    const fresh = rotated.json().token as string;
    expect(fresh).not.toBe(person.token);
    expect(claims(fresh).sid).not.toBe(claims(person.token).sid);
    expect(claims(fresh).auth).toBe(claims(person.token).auth);
    expect(String(rotated.headers['set-cookie'])).toMatch(/tremplin_session=.+HttpOnly/i);
    expect((await me(fresh)).statusCode).toBe(200);
    // Still valid for requests already on their way…
    expect((await me(person.token)).statusCode).toBe(200);
    const [old] = await queryRows<{ left: number }>(
      ctx.handle.db,
      sql`select extract(epoch from revoked_at - now())::int as left from sessions
          where id = ${claims(person.token).sid}`,
    );
    expect(old!.left).toBeGreaterThan(0);
    expect(old!.left).toBeLessThanOrEqual(ROTATION_GRACE_SECONDS);
    // …then no more.
    await ctx.handle.db.execute(
      sql`update sessions set revoked_at = now() - interval '1 second'
          where id = ${claims(person.token).sid}`,
    );
    expect((await me(person.token)).statusCode).toBe(401);
    expect((await me(fresh)).statusCode).toBe(200);
  });

  it('never rotates the same token twice, so a copied old token cannot be renewed', async () => {
    const person = await registerPerson(ctx.app);
    expect((await refresh(person.token)).statusCode).toBe(200);
    const again = await refresh(person.token);
    expect(again.statusCode).toBe(401);
    const sessions = await queryRows<{ count: number }>(
      ctx.handle.db,
      sql`select count(*)::int as count from sessions where user_id = ${person.id}`,
    );
    expect(sessions[0]!.count).toBe(2);
  });

  it('refuses to stretch a sign-in older than seven days', async () => {
    const person = await registerPerson(ctx.app);
    const { sid } = claims(person.token);
    const old = ctx.app.jwt.sign({
      sub: person.id,
      sid,
      auth: Math.floor(Date.now() / 1000) - 7 * 24 * 3600 - 60,
    });
    expect((await me(old)).statusCode).toBe(200);
    expect((await refresh(old)).statusCode).toBe(401);
  });

  it('refuses a signed-out caller with 401', async () => {
    const response = await ctx.app.inject({ method: 'POST', url: '/api/auth/refresh' });
    expect(response.statusCode).toBe(401);
  });
});

describe('ending sessions', () => {
  it('signing out ends the session at once, also for a rotated token in its grace period', async () => {
    const person = await registerPerson(ctx.app);
    const fresh = (await refresh(person.token)).json().token as string;
    const out = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: bearer(fresh),
    });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/tremplin_session=;/);
    expect((await me(fresh)).statusCode).toBe(401);
    // The old token was another session, still in its grace minute: it ends on its own.
    await ctx.handle.db.execute(
      sql`update sessions set revoked_at = now() - interval '1 second'
          where id = ${claims(person.token).sid}`,
    );
    expect((await me(person.token)).statusCode).toBe(401);
  });

  it('changing the password ends every other session, rotated ones included, and keeps this one', async () => {
    const person = await registerPerson(ctx.app);
    const laptop = await signIn(person);
    const phone = await signIn(person);
    const phoneRotated = (await refresh(phone)).json().token as string;
    const changed = await ctx.app.inject({
      method: 'POST',
      url: '/api/me/password',
      headers: bearer(laptop),
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'Another-Horse-43' },
    });
    expect(changed.statusCode).toBe(200);
    expect((await me(laptop)).statusCode).toBe(200);
    expect((await me(person.token)).statusCode).toBe(401);
    expect((await me(phone)).statusCode).toBe(401);
    expect((await me(phoneRotated)).statusCode).toBe(401);
  });
});

describe('cross-site request forgery', () => {
  const cookie = (token: string) => ({ cookie: `tremplin_session=${token}` });

  it('refuses a cookie-authenticated change sent from another origin with 403', async () => {
    const person = await registerPerson(ctx.app);
    const response = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: { ...cookie(person.token), origin: 'https://evil.example' },
      payload: { displayName: 'Pirate' },
    });
    expect(response.statusCode).toBe(403);
    const after = (await me(person.token)).json();
    expect(after.user.displayName).toBe('Camille Test');
  });

  it('accepts it from the web app’s own origin, and a Bearer token from anywhere', async () => {
    const person = await registerPerson(ctx.app);
    const own = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: { ...cookie(person.token), origin: 'https://tremplin.example' },
      payload: { displayName: 'Camille Propre' },
    });
    expect(own.statusCode).toBe(200);
    const api = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: { ...bearer(person.token), origin: 'https://partner.example' },
      payload: { displayName: 'Camille API' },
    });
    expect(api.statusCode).toBe(200);
  });

  it('sets the API’s session cookie httpOnly and SameSite=Strict', async () => {
    const person = await registerPerson(ctx.app);
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { login: person.email, password: TEST_PASSWORD },
    });
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
  });
});

describe('security headers', () => {
  it('sends a strict CSP and the usual hardening headers on JSON and on errors', async () => {
    for (const url of ['/health', '/api/me', '/api/does-not-exist', '/api/trades?q=boulanger']) {
      const response = await ctx.app.inject({ method: 'GET', url });
      const csp = String(response.headers['content-security-policy']);
      expect(csp, url).toContain("default-src 'self'");
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).not.toContain('unsafe-eval');
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers['x-frame-options'], url).toBe('SAMEORIGIN');
      expect(response.headers['strict-transport-security'], url).toContain('max-age=');
      expect(response.headers['x-powered-by'], url).toBeUndefined();
    }
  });

  it('keeps scripts to its own files on the API documentation page too', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/docs/json' });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/script-src 'self'\s*;/);
    expect(csp).toContain("object-src 'none'");
  });

  it('never leaks internal details in an error body', async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"login": "a@b.c", "password": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).not.toMatch(/stack|node_modules|at [A-Za-z]+ \(/);
  });
});
