import { describe, expect, it } from 'vitest';
import { problemOf, registerPerson, setupApp, TEST_PASSWORD, uniqueEmail } from './helper.js';

const ctx = setupApp({ loginLockoutAfter: 4 });

describe('POST /api/auth/register', () => {
  it('creates an account with its role, signs it in and sets an httpOnly SameSite cookie', async () => {
    const email = uniqueEmail();
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { email, password: TEST_PASSWORD, displayName: 'Léa Martin', role: 'employer' },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.user).toMatchObject({
      email,
      displayName: 'Léa Martin',
      roles: ['employer'],
      locale: 'fr',
    });
    expect(typeof body.token).toBe('string');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/tremplin_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
  });

  it('refuses a duplicate e-mail with 409, whatever its case', async () => {
    const person = await registerPerson(ctx.app);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: {
        email: person.email.toUpperCase(),
        password: TEST_PASSWORD,
        displayName: 'X',
        role: 'student',
      },
    });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(problemOf(res).code).toBe('email.taken');
  });

  it('refuses a weak password with 400 saying why, on the password field', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { email: uniqueEmail(), password: 'court', displayName: 'X', role: 'student' },
    });
    expect(res.statusCode).toBe(400);
    const problem = problemOf(res);
    expect(problem.errors).toEqual([
      {
        field: 'body.password',
        code: 'password.weak',
        message: expect.stringMatching(/au moins 10 caractères/),
      },
    ]);
  });

  it('refuses the operator role and names every bad field at once', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { email: 'not-an-email', password: TEST_PASSWORD, role: 'operator' },
    });
    expect(res.statusCode).toBe(400);
    const fields = problemOf(res)
      .errors!.map((e) => e.field)
      .sort();
    expect(fields).toEqual(['body.displayName', 'body.email', 'body.role']);
    const role = problemOf(res).errors!.find((e) => e.field === 'body.role')!;
    expect(role.message).toMatch(
      /valeurs possibles : student, teacher, employer, mentor, ambassador/,
    );
    const email = problemOf(res).errors!.find((e) => e.field === 'body.email')!;
    expect(email.message).toBe(
      'Adresse e-mail invalide : elle doit avoir la forme nom@exemple.fr.',
    );
  });
});

describe('POST /api/auth/login', () => {
  it('signs in with the right password and gives a token that /api/me accepts', async () => {
    const person = await registerPerson(ctx.app, { role: 'teacher' });
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { login: person.email, password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const me = await ctx.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { authorization: `Bearer ${res.json().token}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.roles).toEqual(['teacher']);
    expect(me.json().unreadNotifications).toBe(0);
  });

  it('answers 401 with the same message whether the e-mail exists or not', async () => {
    const person = await registerPerson(ctx.app);
    const wrongPassword = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { login: person.email, password: 'Wrong-password-1' },
    });
    const unknownEmail = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { login: uniqueEmail('nobody'), password: 'Wrong-password-1' },
    });
    expect(wrongPassword.statusCode).toBe(401);
    expect(unknownEmail.statusCode).toBe(401);
    expect(problemOf(wrongPassword).detail).toBe(problemOf(unknownEmail).detail);
  });

  it('refuses with 429 after repeated failures, even with the right password', async () => {
    const person = await registerPerson(ctx.app);
    for (let i = 0; i < 4; i++) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { login: person.email, password: `Wrong-password-${i}` },
      });
      expect(res.statusCode).toBe(401);
    }
    const locked = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { login: person.email, password: TEST_PASSWORD },
    });
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBe('900');
  });
});

describe('sessions', () => {
  it('GET /api/me is 401 without a session, and works with the cookie', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/api/me' })).statusCode).toBe(401);
    const person = await registerPerson(ctx.app);
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/me',
      cookies: { tremplin_session: person.token },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.id).toBe(person.id);
  });

  it('logout revokes the session: the same token is refused afterwards', async () => {
    const person = await registerPerson(ctx.app);
    const out = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: person.headers,
    });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/tremplin_session=;/);
    const again = await ctx.app.inject({ method: 'GET', url: '/api/me', headers: person.headers });
    expect(again.statusCode).toBe(401);
  });

  it('a tampered token is refused', async () => {
    const person = await registerPerson(ctx.app);
    const tampered = person.token.slice(0, -2) + (person.token.endsWith('a') ? 'bb' : 'aa');
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { authorization: `Bearer ${tampered}` },
    });
    expect(res.statusCode).toBe(401);
  });

  it('refuses a cookie-authenticated change sent from another origin (CSRF)', async () => {
    const person = await registerPerson(ctx.app);
    const res = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/me',
      cookies: { tremplin_session: person.token },
      headers: { origin: 'https://evil.example' },
      payload: { displayName: 'Pirate' },
    });
    expect(res.statusCode).toBe(403);
    const me = await ctx.app.inject({ method: 'GET', url: '/api/me', headers: person.headers });
    expect(me.json().user.displayName).toBe('Camille Test');
  });
});

describe('my account', () => {
  it('PATCH /api/me changes the display name and language', async () => {
    const person = await registerPerson(ctx.app);
    const res = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: person.headers,
      payload: { displayName: 'Camille Durand', locale: 'en' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ displayName: 'Camille Durand', locale: 'en' });
  });

  it('changing the password signs out the other sessions but keeps this one', async () => {
    const person = await registerPerson(ctx.app);
    const other = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { login: person.email, password: TEST_PASSWORD },
    });
    const otherHeaders = { authorization: `Bearer ${other.json().token}` };
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/me/password',
      headers: person.headers,
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'Another-Secret-77' },
    });
    expect(res.statusCode).toBe(200);
    expect(
      (await ctx.app.inject({ method: 'GET', url: '/api/me', headers: otherHeaders })).statusCode,
    ).toBe(401);
    expect(
      (await ctx.app.inject({ method: 'GET', url: '/api/me', headers: person.headers })).statusCode,
    ).toBe(200);
    const login = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { login: person.email, password: 'Another-Secret-77' },
    });
    expect(login.statusCode).toBe(200);
  });

  it('refuses a wrong current password on the currentPassword field', async () => {
    const person = await registerPerson(ctx.app);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/me/password',
      headers: person.headers,
      payload: { currentPassword: 'Not-the-password-1', newPassword: 'Another-Secret-77' },
    });
    expect(res.statusCode).toBe(400);
    expect(problemOf(res).errors?.[0]?.field).toBe('body.currentPassword');
  });
});

describe('pupil sign-in codes', () => {
  it('accepts a code typed without dashes, in lower case, with spaces', async () => {
    const { canonicalLoginCode } = await import('../src/modules/identity/repository.js');
    expect(canonicalLoginCode('trm 7kq4 9xpz')).toBe('TRM-7KQ4-9XPZ');
    expect(canonicalLoginCode('TRM7KQ49XPZ')).toBe('TRM-7KQ4-9XPZ');
    expect(canonicalLoginCode('TRM-7KQ4-9XPZ')).toBe('TRM-7KQ4-9XPZ');
    expect(canonicalLoginCode('someone@example.test')).toBe('SOMEONE@EXAMPLE.TEST');
  });
});
