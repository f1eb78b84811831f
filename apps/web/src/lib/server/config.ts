// The web server's configuration, read once from the environment (the only module that does).
import { env } from '$env/dynamic/private';

function apiUrl(): string {
  const raw = env.API_URL || 'http://127.0.0.1:3001';
  try {
    return new URL(raw).toString().replace(/\/$/, '');
  } catch {
    throw new Error(`API_URL must be a URL (got "${raw}").`);
  }
}

export const config = {
  apiUrl: apiUrl(),
  /** Mark the session cookie Secure (set when served over HTTPS). */
  cookieSecure: ['1', 'true', 'yes'].includes((env.COOKIE_SECURE ?? '').toLowerCase()),
};
