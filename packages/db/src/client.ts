// Opens the database: PostgreSQL through postgres.js when a URL is given, else PGlite (embedded
// PostgreSQL in WebAssembly) in a local folder, or in memory for tests.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<
  PgQueryResultHKT,
  Schema,
  ExtractTablesWithRelations<Schema>
>;
/** Anything a query can run on: the database or an open transaction. */
export type Executor = Database | Transaction;

export interface DatabaseHandle {
  db: Database;
  kind: 'postgres' | 'pglite';
  /** The PostgreSQL URL (kind postgres), for tools that open their own connections (pg-boss). */
  url?: string;
  /** The embedded client (kind pglite), for tools that need raw access (pg-boss's adapter). */
  pglite?: PGlite;
  /**
   * Listens on a NOTIFY channel. `onListening` runs each time the listener is (re)connected:
   * notifications sent while it was away are lost, so whoever listens re-reads then. Resolves to
   * a function that stops listening.
   */
  listen(
    channel: string,
    onNotify: (payload: string) => void,
    onListening?: () => void,
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

function pgliteListen(client: PGlite): DatabaseHandle['listen'] {
  return async (channel, onNotify, onListening) => {
    const stop = await client.listen(channel, onNotify);
    // One process, one embedded database: the listener cannot lose its connection.
    onListening?.();
    return stop;
  };
}

export type DatabaseOptions =
  | { url: string; maxConnections?: number }
  | { dataDir: string }
  | { memory: true; loadDataDir?: Blob | File };

const drizzleConfig = { schema, casing: 'snake_case' } as const;

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if ('url' in options) {
    const client = postgres(options.url, {
      max: options.maxConnections ?? 10,
      onnotice: () => {},
      // Fail fast while the server is down, so /health can say 503 instead of hanging.
      connect_timeout: 5,
      // Reconnect within a second once the server is back. The driver's default backoff grows
      // with every failed attempt up to 20 s, and requests waiting on such a connection hung that
      // long after a database restart (tests/load/db-restart.ts: 17 to 19 s).
      backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
    });
    const db = drizzlePostgres({ client, ...drizzleConfig }) as unknown as Database;
    return {
      db,
      kind: 'postgres',
      url: options.url,
      // postgres.js keeps one connection for its listeners and reconnects it by itself.
      listen: async (channel, onNotify, onListening) => {
        const { unlisten } = await client.listen(channel, onNotify, onListening);
        return unlisten;
      },
      close: () => client.end({ timeout: 5 }),
    };
  }
  if ('dataDir' in options) {
    const release = lockFolder(options.dataDir);
    try {
      const client = await PGlite.create({ dataDir: options.dataDir });
      const db = drizzlePglite({ client, ...drizzleConfig }) as unknown as Database;
      return {
        db,
        kind: 'pglite',
        pglite: client,
        listen: pgliteListen(client),
        close: async () => {
          await client.close();
          release();
        },
      };
    } catch (error) {
      release();
      throw error;
    }
  }
  const client = await PGlite.create(
    options.loadDataDir ? { loadDataDir: options.loadDataDir } : {},
  );
  const db = drizzlePglite({ client, ...drizzleConfig }) as unknown as Database;
  return {
    db,
    kind: 'pglite',
    pglite: client,
    listen: pgliteListen(client),
    close: () => client.close(),
  };
}

/**
 * PGlite is single-process: two processes opening the same folder corrupt it. A pid file refuses
 * the second one while the first is alive, and is taken over when its owner is gone.
 */
function lockFolder(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = join(dataDir, 'tremplin.pid');
  if (existsSync(lockPath)) {
    const pid = Number(readFileSync(lockPath, 'utf8'));
    if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `The data folder ${dataDir} is already open by process ${pid}. Stop it first, or set TREMPLIN_DATA_DIR to another folder.`,
      );
    }
  }
  writeFileSync(lockPath, String(process.pid));
  return () => rmSync(lockPath, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs raw SQL and returns its rows, whichever driver is underneath (postgres.js returns an
 * array, PGlite an object with `rows`).
 */
export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}
