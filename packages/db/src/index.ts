// @tremplin/db: the schema, the client factory, migrations, reference data and the demo seed.
export * from './client.js';
export * from './csv.js';
export * from './migrate.js';
export * from './paths.js';
export * from './reference/load.js';
export * from './text.js';
export * as schema from './schema/index.js';
