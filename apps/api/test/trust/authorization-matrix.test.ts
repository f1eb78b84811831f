// The authorisation matrix: every route of the OpenAPI document, called as every role against the
// seeded world, answers the status written in authorization-matrix.json. The database goes back
// to the seeded state after each call, so every cell meets the same data. A route without a row
// (a new route), a row without a route, a 5xx, or a request refused by schema validation (the
// fixture would then hide the authorisation behind a 400) fails the test.
//
// After a deliberate change of rights, regenerate the table and review its diff line by line:
//   UPDATE_AUTH_MATRIX=true npx vitest run test/trust/authorization-matrix.test.ts
//   npx -y pnpm@10.34.9 exec prettier --write test/trust/authorization-matrix.json
import { readFileSync, writeFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '@tremplin/db';
import { setupApp } from '../helper.js';
import { buildRequest, routesOf } from './requests.js';
import { takeSnapshot } from './snapshot.js';
import { buildWorld, ROLES } from './world.js';

const ctx = setupApp();
const TABLE = new URL('./authorization-matrix.json', import.meta.url);

/** Roles that must never read a pupil's name: another school, another company, an ambassador. */
const OUTSIDERS = new Set<string>(['teacherOtherSchool', 'employerOtherCompany', 'ambassador']);
/** Every role signs in as the demo pupil in that route's request: its answer names her. */
const SIGN_IN = 'POST /api/auth/login';

interface Table {
  description: string[];
  roles: string[];
  /** The routes anyone may call, signed in or not. */
  public: string[];
  routes: Record<string, number[]>;
}

const expected = JSON.parse(readFileSync(TABLE, 'utf8')) as Table;

describe('authorisation matrix', () => {
  it(
    'answers every route, for every role, with the status of the committed table',
    async () => {
      const world = await buildWorld(ctx);
      const snapshot = await takeSnapshot(ctx.handle.db);
      const actual: Record<string, number[]> = {};
      const exposed: string[] = [];
      const pupilNames = (
        await queryRows<{ name: string }>(
          ctx.handle.db,
          sql`select first_name || ' ' || last_name as name from students`,
        )
      ).map((r) => r.name);
      const failures: string[] = [];
      try {
        for (const route of routesOf(ctx.app)) {
          const row: number[] = [];
          for (const role of ROLES) {
            const { url, payload, contentType } = buildRequest(route, world, role);
            const token = world.tokens[role];
            const response = await ctx.app.inject({
              method: route.method,
              url,
              headers: {
                ...(token ? { authorization: `Bearer ${token}` } : {}),
                ...(contentType ? { 'content-type': contentType } : {}),
              },
              ...(payload !== undefined ? { payload: payload as string } : {}),
            });
            row.push(response.statusCode);
            const where = `${route.key} as ${role}`;
            if (response.statusCode >= 500) failures.push(`${where}: ${response.statusCode}`);
            if (response.statusCode === 400 && response.json().code === 'validation') {
              failures.push(`${where}: the request itself is invalid (${response.body})`);
            }
            // A refusal changes nothing (a failed sign-in is counted, by design).
            if (response.statusCode >= 400) {
              const changed = (await snapshot.changes()).filter(
                (c) => c.table !== 'login_failures',
              );
              if (changed.length > 0) {
                failures.push(
                  `${where}: refused with ${response.statusCode} but changed ${changed.map((c) => c.table).join(', ')}`,
                );
              }
            }
            // Nobody outside a pupil's school, host company or mentoring reads their name.
            if (OUTSIDERS.has(role) && response.statusCode < 300 && route.key !== SIGN_IN) {
              for (const name of pupilNames) {
                if (response.body.includes(name)) exposed.push(`${where}: ${name}`);
              }
            }
            await snapshot.restore();
          }
          actual[route.key] = row;
        }
      } finally {
        await snapshot.drop();
      }

      if (process.env.UPDATE_AUTH_MATRIX === 'true') {
        const publicRoutes = Object.entries(actual)
          .filter(([, row]) => row[0] !== 401)
          .map(([key]) => key);
        writeFileSync(
          TABLE,
          `${JSON.stringify({ ...expected, roles: [...ROLES], public: publicRoutes, routes: actual }, null, 2)}\n`,
        );
      }

      expect(failures).toEqual([]);
      expect(exposed).toEqual([]);
      expect(expected.roles).toEqual([...ROLES]);
      const missing = Object.keys(actual).filter((key) => !(key in expected.routes));
      const gone = Object.keys(expected.routes).filter((key) => !(key in actual));
      expect({ 'routes without a row': missing, 'rows without a route': gone }).toEqual({
        'routes without a row': [],
        'rows without a route': [],
      });
      const differences: string[] = [];
      for (const [key, row] of Object.entries(actual)) {
        row.forEach((status, i) => {
          const want = expected.routes[key]?.[i];
          if (status !== want)
            differences.push(`${key} as ${ROLES[i]}: ${want} expected, got ${status}`);
        });
      }
      expect(differences).toEqual([]);
      // Signed out, only the routes the table names as public answer anything but 401.
      const open = Object.entries(actual)
        .filter(([, row]) => row[0] !== 401)
        .map(([key]) => key);
      expect(open.sort()).toEqual([...expected.public].sort());
    },
    30 * 60_000,
  );
});
