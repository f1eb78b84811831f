// Backups (infra/backup.sh and infra/restore.sh, pg_dump and pg_restore): a database with the demo
// data is backed up, restored into a fresh database, and every table, materialised view and the
// migrations journal come back identical; the API started on the restored copy signs the demo
// pupil in and finds her offers. PostgreSQL only (pg_dump has nothing to read in PGlite, whose
// backup is a copy of its stopped data folder); CI runs it with TEST_DATABASE_URL.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Fastify from 'fastify';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { type DatabaseHandle, openDatabase, queryRows } from '@tremplin/db';
import { DEMO_PASSWORD, seedDemo } from '@tremplin/db/seed/demo';
import app from '../src/app.js';
import { refreshObservatory } from '../src/modules/observatory/repository.js';
import { hashPassword } from '../src/lib/password.js';
import { serverOptions } from '../src/options.js';
import { createTestDatabase, testDatabaseUrl, withDatabase } from './database.js';
import { testConfig } from './helper.js';

const run = promisify(execFile);
const infra = resolve(dirname(fileURLToPath(import.meta.url)), '../../../infra');

/** Row count and a digest of every row of every table and materialised view, by name. */
async function fingerprint(url: string): Promise<Record<string, string>> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const relations = await client<{ name: string }[]>`
      select format('%I.%I', schemaname, tablename) as name from pg_tables
        where schemaname in ('public', 'drizzle')
      union all
      select format('%I.%I', schemaname, matviewname) from pg_matviews
        -- observatory_refreshed holds only now() at its refresh, which pg_restore redoes.
        where schemaname = 'public' and matviewname <> 'observatory_refreshed'
      order by 1`;
    const result: Record<string, string> = {};
    for (const { name } of relations) {
      const [row] = await client.unsafe<{ rows: string; digest: string | null }[]>(
        `select count(*)::text as rows, md5(string_agg(t::text, '|' order by t::text)) as digest
           from ${name} t`,
      );
      result[name] = `${row!.rows} ${row!.digest ?? '-'}`;
    }
    return result;
  } finally {
    await client.end();
  }
}

describe.skipIf(!testDatabaseUrl)('backup and restore (PostgreSQL)', () => {
  const folder = mkdtempSync(join(tmpdir(), 'tremplin-backup-'));
  const restoredName = `tremplin_restored_${process.pid}_${Date.now()}`;
  let source: DatabaseHandle | undefined;
  let restored: DatabaseHandle | undefined;

  afterAll(async () => {
    await restored?.close();
    await source?.close();
    const admin = postgres(testDatabaseUrl!, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`drop database if exists ${restoredName} with (force)`);
    } finally {
      await admin.end();
    }
    rmSync(folder, { recursive: true, force: true });
  });

  it('restores into a fresh database the same data, which the API then serves', async () => {
    source = await createTestDatabase();
    expect(await seedDemo(source.db, { hashPassword })).toBe(true);
    const sourceUrl = withDatabase(testDatabaseUrl!, await currentName(source));
    // The observatory's views as the job leaves them, so they are compared with data in them.
    await refreshObservatory(source.db);
    const before = await fingerprint(sourceUrl);
    expect(Number(before['public.offers']!.split(' ')[0])).toBeGreaterThan(10);
    expect(Number(before['drizzle.__drizzle_migrations']!.split(' ')[0])).toBeGreaterThan(0);

    const backup = await run(join(infra, 'backup.sh'), [], {
      env: { ...process.env, DATABASE_URL: sourceUrl, BACKUP_DIR: folder },
    });
    const file = backup.stdout.trim().split('\n').at(-1)!;
    expect(readdirSync(folder)).toEqual([file.split('/').at(-1)]);
    expect(file).toMatch(/tremplin-\d{8}T\d{6}Z\.dump$/);

    const admin = postgres(testDatabaseUrl!, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`create database ${restoredName}`);
    } finally {
      await admin.end();
    }
    const restoredUrl = withDatabase(testDatabaseUrl!, restoredName);
    await run(join(infra, 'restore.sh'), [file, restoredUrl]);
    expect(await fingerprint(restoredUrl)).toEqual(before);

    // A second restore into the now full database is refused and changes nothing.
    const again = await run(join(infra, 'restore.sh'), [file, restoredUrl]).then(
      () => 0,
      (error: { code: number; stderr: string }) => {
        expect(error.stderr).toContain('restore into an empty database');
        return error.code;
      },
    );
    expect(again).toBe(3);
    expect(await fingerprint(restoredUrl)).toEqual(before);

    // The API on the restored copy: the demo pupil signs in and searches offers.
    restored = await openDatabase({ url: restoredUrl, maxConnections: 4 });
    const server = Fastify(serverOptions(testConfig()));
    await server.register(app, {
      config: testConfig(),
      db: { handle: restored, closeOnShutdown: false },
    });
    try {
      const login = await server.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { login: 'eleve@demo.tremplin.fr', password: DEMO_PASSWORD },
      });
      expect(login.statusCode).toBe(200);
      const { token } = login.json() as { token: string };
      const offers = await server.inject({
        method: 'GET',
        url: '/api/offers?anyDate=true',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(offers.statusCode).toBe(200);
      expect((offers.json() as { total: number }).total).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  }, 180_000);
});

async function currentName(handle: DatabaseHandle): Promise<string> {
  const [row] = await queryRows<{ name: string }>(
    handle.db,
    sql`select current_database() as name`,
  );
  return row!.name;
}
