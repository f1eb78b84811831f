// Builds the API exactly as server.ts does (same plugin, same Fastify options) on a test
// database, plus factories for the people and organisations tests need.
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { afterAll, beforeEach } from 'vitest';
import type { DatabaseHandle } from '@tremplin/db';
import app from '../src/app.js';
import { type Config, loadConfig } from '../src/config.js';
import { serverOptions } from '../src/options.js';
import { createTestDatabase, resetDatabase } from './database.js';

export const TEST_PASSWORD = 'Correct-Horse-42';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({
      JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256!',
      DATABASE_URL: 'postgres://unused/db',
    }),
    databaseUrl: undefined,
    logLevel: 'silent',
    rateLimitPerMinute: 100_000,
    loginRateLimitPerMinute: 100_000,
    jobsEnabled: false,
    // Tests change the database directly between requests: no search answered from memory.
    searchCacheSeconds: 0,
    sessionCacheSeconds: 0,
    ...overrides,
  };
}

export interface TestContext {
  app: FastifyInstance;
  handle: DatabaseHandle;
}

/**
 * One app and one database per test file; every table emptied before each test.
 * Call at the top level of a test file.
 */
export function setupApp(overrides: Partial<Config> = {}): TestContext {
  const context = {} as TestContext;
  let ready: Promise<void> | undefined;
  const start = async () => {
    context.handle = await createTestDatabase();
    context.app = Fastify(serverOptions(testConfig(overrides)));
    await context.app.register(app, {
      config: testConfig(overrides),
      db: { handle: context.handle, closeOnShutdown: false },
    });
    await context.app.ready();
  };
  beforeEach(async () => {
    ready ??= start();
    await ready;
    await resetDatabase(context.handle.db);
  });
  afterAll(async () => {
    if (!ready) return;
    await ready;
    await context.app.close();
    await context.handle.close();
  });
  return context;
}

let counter = 0;
export const uniqueEmail = (prefix = 'person') =>
  `${prefix}.${Date.now()}.${++counter}@example.test`;

export interface Person {
  id: string;
  email: string;
  token: string;
  headers: { authorization: string };
}

/** Registers someone with a self-service role through the API and returns their bearer token. */
export async function registerPerson(
  appInstance: FastifyInstance,
  overrides: { role?: string; email?: string; displayName?: string } = {},
): Promise<Person> {
  const email = overrides.email ?? uniqueEmail(overrides.role);
  const response = await appInstance.inject({
    method: 'POST',
    url: '/api/auth/register',
    payload: {
      email,
      password: TEST_PASSWORD,
      displayName: overrides.displayName ?? 'Camille Test',
      role: overrides.role ?? 'student',
    },
  });
  if (response.statusCode !== 201) throw new Error(`register failed: ${response.body}`);
  const body = response.json() as { user: { id: string }; token: string };
  return {
    id: body.user.id,
    email,
    token: body.token,
    headers: { authorization: `Bearer ${body.token}` },
  };
}

/** An operator: registered, then given the role directly in the database (as the CLI does). */
export async function createOperator(context: TestContext): Promise<Person> {
  const person = await registerPerson(context.app, { role: 'teacher' });
  const { grantRole } = await import('../src/modules/identity/repository.js');
  await grantRole(context.handle.db, { userId: person.id, role: 'operator', grantedBy: null });
  return person;
}

export function problemOf(response: LightMyRequestResponse) {
  return response.json() as {
    type: string;
    title: string;
    status: number;
    detail: string;
    code: string;
    errors?: { field: string; code: string; message: string }[];
  };
}
