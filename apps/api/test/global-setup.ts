// Once per run on PostgreSQL: create this run's template database, migrated and with reference
// data, and drop it at the end. Its name is unique to the run, so two runs (two engineers, or CI
// and a developer) never collide.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { loadReferenceData, migrateDatabase, openDatabase } from '@tremplin/db';
import { testDatabaseUrl, withDatabase } from './database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

async function admin<T>(run: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(testDatabaseUrl!, { max: 1, onnotice: () => {} });
  try {
    return await run(sql);
  } finally {
    await sql.end();
  }
}

export default async function setup(project: TestProject) {
  if (!testDatabaseUrl) return;
  const template = `tremplin_tpl_${randomBytes(5).toString('hex')}`;
  await admin((sql) => sql.unsafe(`create database ${template}`));
  const handle = await openDatabase({
    url: withDatabase(testDatabaseUrl, template),
    maxConnections: 1,
  });
  try {
    await migrateDatabase(handle);
    await loadReferenceData(handle.db);
  } finally {
    await handle.close();
  }
  project.provide('templateDatabase', template);
  return async () => {
    await admin((sql) => sql.unsafe(`drop database if exists ${template} with (force)`));
  };
}
