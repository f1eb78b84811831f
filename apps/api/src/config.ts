// The API's configuration: read from the environment once, here, and validated at start-up.
// Nothing else reads process.env.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface Config {
  host: string;
  port: number;
  /** PostgreSQL URL; when absent the API runs on PGlite in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Seed demo data: on an empty embedded database by default, never on PostgreSQL unless asked. */
  seedDemo: boolean;
  jwtSecret: string;
  sessionTtlHours: number;
  cookieSecure: boolean;
  /** Public address of the web app, used in links sent by e-mail and as the trusted origin. */
  publicWebUrl: string;
  logLevel: string;
  /** Which proxies' X-Forwarded-For to believe: the web server on loopback by default. */
  trustProxy: boolean | string;
  rateLimitPerMinute: number;
  loginRateLimitPerMinute: number;
  /** Failed sign-ins for one identifier in 15 minutes before they are refused (429). */
  loginLockoutAfter: number;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Run background jobs (reminders, e-mail sending) in this process. */
  jobsEnabled: boolean;
  /**
   * How long the offers matching an identical search (and pupils' search profiles) are kept in
   * memory; seats are always read fresh; 0 turns it off. Offer changes made here clear it.
   */
  searchCacheSeconds: number;
  /**
   * SESSION_CACHE_SECONDS (default 30): how long who a session names is kept in memory. The
   * database announces every change to sessions, accounts and roles, which drops it at once;
   * 0 turns it off.
   */
  sessionCacheSeconds: number;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max} (got "${raw}").`);
  }
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false (got "${raw}").`);
}

function trustProxy(raw: string | undefined): boolean | string {
  if (raw === undefined || raw === '') return 'loopback';
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  return raw;
}

function url(env: Env, name: string, fallback: string | undefined): string | undefined {
  const raw = env[name] || fallback;
  if (raw === undefined) return undefined;
  try {
    new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL (got "${raw}").`);
  }
  return raw;
}

/**
 * The embedded database keeps its own signing secret beside the data, so a restart keeps
 * sessions valid without any setting; PostgreSQL deployments must give JWT_SECRET.
 */
function embeddedSecret(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'jwt-secret');
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(path, secret, { mode: 0o600 });
  return secret;
}

export function loadConfig(env: Env = process.env): Config {
  const databaseUrl = url(env, 'DATABASE_URL', undefined);
  const dataDir = resolve(env.TREMPLIN_DATA_DIR || './.data');
  const seed = (env.SEED_DEMO || 'auto').toLowerCase();
  if (!['auto', 'true', 'false'].includes(seed)) {
    throw new ConfigError(`SEED_DEMO must be auto, true or false (got "${env.SEED_DEMO}").`);
  }
  let jwtSecret = env.JWT_SECRET;
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    throw new ConfigError('JWT_SECRET must be at least 32 characters long.');
  }
  if (jwtSecret === undefined) {
    if (databaseUrl) {
      throw new ConfigError(
        'JWT_SECRET is required when DATABASE_URL is set (32 characters or more).',
      );
    }
    jwtSecret = embeddedSecret(dataDir);
  }
  return {
    host: env.API_HOST || '127.0.0.1',
    port: integer(env, 'API_PORT', 3001, 0, 65535),
    databaseUrl,
    dataDir,
    seedDemo: seed === 'true' || (seed === 'auto' && !databaseUrl),
    jwtSecret,
    sessionTtlHours: integer(env, 'SESSION_TTL_HOURS', 24, 20, 24 * 30),
    cookieSecure: boolean(env, 'COOKIE_SECURE', false),
    publicWebUrl: url(env, 'PUBLIC_WEB_URL', 'http://localhost:3000')!,
    logLevel: env.LOG_LEVEL || 'info',
    trustProxy: trustProxy(env.TRUST_PROXY),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
    loginRateLimitPerMinute: integer(env, 'LOGIN_RATE_LIMIT_PER_MINUTE', 20, 1, 1_000_000),
    loginLockoutAfter: integer(env, 'LOGIN_LOCKOUT_AFTER', 10, 1, 1000),
    smtpUrl: url(env, 'SMTP_URL', undefined),
    mailFrom: env.MAIL_FROM || 'Tremplin <no-reply@tremplin.local>',
    jobsEnabled: boolean(env, 'JOBS_ENABLED', true),
    searchCacheSeconds: integer(env, 'SEARCH_CACHE_SECONDS', 30, 0, 3600),
    sessionCacheSeconds: integer(env, 'SESSION_CACHE_SECONDS', 30, 0, 300),
  };
}
