// Once per run on PostgreSQL: (re)create the template database, migrated and with reference data.
import postgres from 'postgres';
import { loadReferenceData, migrateDatabase, openDatabase } from '@tremplin/db';
import { TEMPLATE_DB, testDatabaseUrl, withDatabase } from './database.js';

export default async function setup() {
  if (!testDatabaseUrl) return;
  const admin = postgres(testDatabaseUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${TEMPLATE_DB} with (force)`);
    await admin.unsafe(`create database ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const handle = await openDatabase({
    url: withDatabase(testDatabaseUrl, TEMPLATE_DB),
    maxConnections: 1,
  });
  try {
    await migrateDatabase(handle);
    await loadReferenceData(handle.db);
  } finally {
    await handle.close();
  }
}
