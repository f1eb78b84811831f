// Test databases. PGlite: a fresh in-memory database per test file. PostgreSQL (TEST_DATABASE_URL):
// a template database migrated once per run (global-setup.ts), then one copy per test file,
// dropped at the end. Between tests, resetDatabase() empties every table but the reference data.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { sql } from 'drizzle-orm';
import {
  type Database,
  type DatabaseHandle,
  loadReferenceData,
  migrateDatabase,
  openDatabase,
  queryRows,
} from '@tremplin/db';

export const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;

/** Same server, another database name. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createTestDatabase(): Promise<DatabaseHandle> {
  if (!testDatabaseUrl) {
    const handle = await openDatabase({ memory: true });
    await migrateDatabase(handle);
    await loadReferenceData(handle.db);
    return handle;
  }
  const name = `tremplin_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(testDatabaseUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name} template ${inject('templateDatabase')}`);
  } finally {
    await admin.end();
  }
  const handle = await openDatabase({
    url: withDatabase(testDatabaseUrl, name),
    maxConnections: 20,
  });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const cleanup = postgres(testDatabaseUrl, { max: 1, onnotice: () => {} });
      try {
        await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}

const REFERENCE_TABLES = new Set(['communes', 'trade_domains', 'trades', 'school_holidays']);

/** Empties every table except the reference data, so each test starts from a clean database. */
export async function resetDatabase(db: Database): Promise<void> {
  const rows = await queryRows<{ tablename: string }>(
    db,
    sql`select tablename from pg_tables where schemaname = 'public'`,
  );
  const list = rows.map((r) => r.tablename).filter((t) => !REFERENCE_TABLES.has(t));
  if (list.length > 0) {
    await db.execute(
      sql.raw(`truncate ${list.map((t) => `"${t}"`).join(', ')} restart identity cascade`),
    );
  }
}
