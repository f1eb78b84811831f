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

/**
 * Tile server of the search map: a URL template with {z}/{x}/{y} (and {s} for subdomains), or
 * nothing — the map then draws the communes' outlines only, which works offline.
 */
function mapTileUrl(): string | null {
  const raw = env.MAP_TILE_URL?.trim();
  if (!raw) return null;
  if (!/\{z\}/.test(raw) || !/\{x\}/.test(raw) || !/\{y\}/.test(raw)) {
    throw new Error(`MAP_TILE_URL must contain {z}, {x} and {y} (got "${raw}").`);
  }
  try {
    const url = new URL(raw.replace('{s}', 'a'));
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('protocol');
  } catch {
    throw new Error(`MAP_TILE_URL must be an http(s) URL template (got "${raw}").`);
  }
  return raw;
}

/** The origin to allow in the CSP's img-src for the tiles ("https://*.tile.example" for {s}). */
function tileOrigin(template: string | null): string | null {
  if (!template) return null;
  const url = new URL(template.replace('{s}', 'subdomain-placeholder'));
  return `${url.protocol}//${url.host.replace('subdomain-placeholder', '*')}`;
}

const tiles = mapTileUrl();

export const config = {
  /** Tile URL template of the search map, or null (outlines only). */
  mapTileUrl: tiles,
  mapTileOrigin: tileOrigin(tiles),
  /** Credit shown on the map for the tiles (their licence usually requires it). */
  mapTileAttribution: env.MAP_TILE_ATTRIBUTION?.trim() || '',
  apiUrl: apiUrl(),
  /** Mark the session cookie Secure (set when served over HTTPS). */
  cookieSecure: ['1', 'true', 'yes'].includes((env.COOKIE_SECURE ?? '').toLowerCase()),
};
