import { describe, expect, it } from 'vitest';
import { problemOf, setupApp } from './helper.js';

const ctx = setupApp();

describe('system', () => {
  it('GET /health says ok once the database answers', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('GET /docs/json is an OpenAPI 3 document listing the routes with their schemas', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/auth/register',
        '/api/auth/login',
        '/api/me',
        '/api/schools/import',
      ]),
    );
    expect(doc.paths['/api/auth/register'].post.responses).toHaveProperty('409');
  });

  it('GET /docs renders the documentation page without any external resource', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/docs' });
    expect(res.statusCode).toBe(200);
    const assets = [...res.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(2);
    for (const asset of assets) {
      expect(asset).toMatch(/^\/docs\/static\//);
      expect((await ctx.app.inject({ method: 'GET', url: asset })).statusCode).toBe(200);
    }
  });

  it('sends security headers', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/health' });
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeDefined();
  });

  it('answers an unknown route with a problem+json 404', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(problemOf(res).code).toBe('not_found');
  });

  it('answers malformed JSON with a 400 problem, not a 500', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"login": ',
    });
    expect(res.statusCode).toBe(400);
    expect(problemOf(res).detail).toMatch(/JSON valide/);
  });
});
