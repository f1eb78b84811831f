// The database: drizzle over postgres.js (DATABASE_URL) or PGlite (a local folder), migrated and
// loaded with reference data at start-up, closed when the app closes.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import {
  type Database,
  type DatabaseHandle,
  loadReferenceData,
  migrateDatabase,
  openDatabase,
} from '@tremplin/db';
import { sql } from 'drizzle-orm';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    dbKind: DatabaseHandle['kind'];
    /** The open handle, for plugins that need the raw client (jobs). */
    dbHandle: DatabaseHandle;
    /** Resolves when the database answers a trivial query; rejects otherwise. */
    pingDb(): Promise<void>;
  }
}

export interface DbPluginOptions {
  /** An already open database (tests); else opened from url or dataDir. */
  handle?: DatabaseHandle;
  url?: string;
  dataDir?: string;
  /** Close the handle on app close (default true; tests that share one handle pass false). */
  closeOnShutdown?: boolean;
}

async function dbPlugin(app: FastifyInstance, options: DbPluginOptions) {
  const handle =
    options.handle ??
    (await openDatabase(
      options.url ? { url: options.url } : { dataDir: options.dataDir ?? './.data' },
    ));
  if (!options.handle) {
    await migrateDatabase(handle);
    await loadReferenceData(handle.db);
  }
  app.decorate('db', handle.db);
  app.decorate('dbKind', handle.kind);
  app.decorate('dbHandle', handle);
  app.decorate('pingDb', async () => {
    await handle.db.execute(sql`select 1`);
  });
  if (options.closeOnShutdown !== false) {
    app.addHook('onClose', async () => {
      await handle.close();
    });
  }
}

export default fp(dbPlugin, { name: 'db' });
