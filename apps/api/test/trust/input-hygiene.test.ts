// Values no route can store are refused up front, naming the field: before, each of these reached
// PostgreSQL and came back as a 500.
import { describe, expect, it } from 'vitest';
import { problemOf, registerPerson, setupApp } from '../helper.js';

const ctx = setupApp();

describe('values no route can store', () => {
  it('refuses a NUL character in a query with 400 on that parameter', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/trades?q=pain%00' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(problemOf(response).errors).toEqual([
      expect.objectContaining({ field: 'query.q', code: 'text.invalid' }),
    ]);
  });

  it('refuses a NUL character or half a surrogate pair in a body, and saves nothing', async () => {
    const person = await registerPerson(ctx.app, { displayName: 'Camille Test' });
    for (const displayName of ['Cam\u0000ille', 'Camille \uD83D']) {
      const response = await ctx.app.inject({
        method: 'PATCH',
        url: '/api/me',
        headers: person.headers,
        payload: { displayName },
      });
      expect(response.statusCode).toBe(400);
      expect(problemOf(response).errors?.[0]?.field).toBe('body.displayName');
    }
    const me = await ctx.app.inject({ method: 'GET', url: '/api/me', headers: person.headers });
    expect(me.json().user.displayName).toBe('Camille Test');
  });

  it('keeps whole emoji and accents (well-formed unicode is welcome)', async () => {
    const person = await registerPerson(ctx.app);
    const response = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: person.headers,
      payload: { displayName: 'Zoé 👩🏽‍🔧 Ñúñez' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().user.displayName).toBe('Zoé 👩🏽‍🔧 Ñúñez');
  });

  it('refuses a number written 1e309 (Infinity past the maximum) with 400', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/trades?limit=1e309' });
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).errors?.[0]).toMatchObject({
      field: 'query.limit',
      code: 'number.invalid',
    });
  });
});

describe('malformed and over-long addresses', () => {
  it('answer a broken percent-encoding with a 400 problem that does not echo the address', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/schools/%E0%A4%A' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(problemOf(response).code).toBe('url.invalid');
    expect(response.body).not.toContain('%E0');
  });

  it('answer an over-long path segment with a 414 problem', async () => {
    const response = await ctx.app.inject({
      method: 'GET',
      url: `/api/schools/${'a'.repeat(300)}`,
    });
    expect(response.statusCode).toBe(414);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(problemOf(response).code).toBe('url.too_long');
    expect(response.body).not.toContain('aaaa');
  });
});
