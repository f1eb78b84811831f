// No personal data in the API's logs: at the info level, a day of ordinary requests (sign-up,
// sign-in with a wrong password, a pupil's code, searches with a name, an address with an e-mail
// in it) and failures (a database error quoting the value that failed, a bug) leave no e-mail,
// name, sign-in code, password or token in what is written.
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@tremplin/db';
import app from '../../src/app.js';
import { serverOptions } from '../../src/options.js';
import { createTestDatabase } from '../database.js';
import { testConfig } from '../helper.js';

let lines: string[] = [];
let api: FastifyInstance;
let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
  const config = testConfig({ logLevel: 'info' });
  const options = serverOptions(config);
  const capture = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  api = Fastify({ ...options, logger: { ...(options.logger as object), stream: capture } });
  await api.register(app, { config, db: { handle, closeOnShutdown: false } });
  // Two failures a route could meet: PostgreSQL refusing a value (its message quotes it), and a
  // plain bug whose message is ours.
  api.get('/test/database-error', async () => {
    await handle.db.execute(sql`select ${'ines.secret@example.test'}::integer`);
    return {};
  });
  api.get('/test/unique-violation', async () => {
    await handle.db.execute(
      sql`insert into users (email, display_name)
          values (${'eleve.doublon@example.test'}, ${'Inès Doublon'}),
                 (${'eleve.doublon@example.test'}, ${'Inès Doublon'})`,
    );
    return {};
  });
  api.get('/test/bug', async () => {
    throw new TypeError('Cannot read properties of undefined');
  });
  await api.ready();
});

afterAll(async () => {
  await api?.close();
  await handle?.close();
});

const SECRETS = [
  'ines.secret@example.test',
  'eleve.doublon@example.test',
  'Inès Doublon',
  'camille.logs@example.test',
  'Camille Journal',
  'Un-mot-de-passe-2026',
  'mauvais-mot-de-passe',
  'TRM-ABCD-EFGH',
  'Yasmine Recherche',
];

describe('the API logs', () => {
  it('hold no e-mail, name, sign-in code, password or token, even for errors', async () => {
    lines = [];
    const registered = await api.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: {
        email: 'camille.logs@example.test',
        password: 'Un-mot-de-passe-2026',
        displayName: 'Camille Journal',
        role: 'student',
      },
    });
    expect(registered.statusCode).toBe(201);
    const token = registered.json().token as string;
    const headers = { authorization: `Bearer ${token}` };
    const calls = [
      api.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { login: 'camille.logs@example.test', password: 'mauvais-mot-de-passe' },
      }),
      api.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { login: 'TRM-ABCD-EFGH', password: 'mauvais-mot-de-passe' },
      }),
      api.inject({ method: 'GET', url: '/api/me', headers }),
      api.inject({ method: 'GET', url: '/api/offers?q=Yasmine%20Recherche', headers }),
      api.inject({ method: 'GET', url: '/api/users/camille.logs@example.test', headers }),
      api.inject({
        method: 'GET',
        url: '/api/me',
        headers: { cookie: `tremplin_session=${token}` },
      }),
      api.inject({ method: 'GET', url: '/test/database-error' }),
      api.inject({ method: 'GET', url: '/test/unique-violation' }),
      api.inject({ method: 'GET', url: '/test/bug' }),
    ];
    const statuses = [];
    for (const call of calls) statuses.push((await call).statusCode);
    expect(statuses).toEqual([401, 401, 200, 200, 404, 200, 500, 500, 500]);

    const text = lines.join('\n');
    // The logs are there, with what operations need: routes, statuses, error codes.
    expect(lines.length).toBeGreaterThan(15);
    expect(text).toContain('"route":"/api/auth/login"');
    expect(text).toContain('"statusCode":401');
    expect(text).toContain('"code":"22P02"');
    expect(text).toContain('"code":"23505"');
    expect(text).toContain('"constraint":"users_email_key"');
    expect(text).toContain('Cannot read properties of undefined');
    for (const secret of [...SECRETS, token, token.split('.')[1]!]) {
      expect(text, secret).not.toContain(secret);
    }
    expect(text).not.toMatch(/[\w.+-]+@example\.test/);
  });
});
