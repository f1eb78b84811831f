import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import errors, { databaseUnreachable } from './errors.js';

/** A driver error as postgres.js raises it, wrapped the way drizzle wraps query errors. */
function wrapped(code: string) {
  const driver = Object.assign(new Error('driver'), { code });
  return Object.assign(new Error('Failed query: select 1'), { cause: driver });
}

describe('database out of reach', () => {
  it('is recognised from socket, driver and shutdown codes, wrapped or not', () => {
    for (const code of ['ECONNREFUSED', 'CONNECTION_CLOSED', 'CONNECT_TIMEOUT', '57P01', '08006']) {
      expect(databaseUnreachable(wrapped(code)), code).toBe(true);
      expect(databaseUnreachable(Object.assign(new Error(code), { code })), code).toBe(true);
    }
    for (const code of ['23505', '22P02', '40001', 'FST_ERR_CTP_INVALID_JSON_BODY']) {
      expect(databaseUnreachable(wrapped(code)), code).toBe(false);
    }
    expect(databaseUnreachable(new Error('plain'))).toBe(false);
  });

  it('answers 503 problem+json with Retry-After, not 500', async () => {
    const app = Fastify();
    await app.register(errors);
    app.get('/down', async () => {
      throw wrapped('ECONNREFUSED');
    });
    app.get('/bug', async () => {
      throw wrapped('23505');
    });
    const down = await app.inject({ method: 'GET', url: '/down' });
    expect(down.statusCode).toBe(503);
    expect(down.headers['content-type']).toContain('application/problem+json');
    expect(down.headers['retry-after']).toBe('5');
    expect(down.json()).toMatchObject({ status: 503, code: 'unavailable' });
    const bug = await app.inject({ method: 'GET', url: '/bug' });
    expect(bug.statusCode).toBe(500);
    await app.close();
  });
});
