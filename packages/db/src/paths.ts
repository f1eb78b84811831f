// Where the migrations and reference data live on disk. From source, next to this package; in the
// API's bundle, the build defines __TREMPLIN_DB_ASSETS__ (a folder relative to the bundle) and
// copies both folders there.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

declare const __TREMPLIN_DB_ASSETS__: string | undefined;

const here = dirname(fileURLToPath(import.meta.url));
const root =
  typeof __TREMPLIN_DB_ASSETS__ === 'string'
    ? resolve(here, __TREMPLIN_DB_ASSETS__)
    : resolve(here, '..');

export const migrationsFolder = resolve(root, 'migrations');
export const dataFolder = resolve(root, 'data');
