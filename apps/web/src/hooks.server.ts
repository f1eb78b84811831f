// Every request: the session cookie becomes a verified person (asked of the API, which checks the
// token and the session), and the language is chosen (cookie, then account, then browser).
import type { Handle } from '@sveltejs/kit';
import type { Locale, Me, Session } from '@tremplin/contracts';
import { ApiError, apiFetch } from '$lib/server/api';
import { config } from '$lib/server/config';
import { rotationDue } from '$lib/server/rotation';
import {
  clearSessionCookie,
  LOCALE_COOKIE,
  SESSION_COOKIE,
  setSessionCookie,
} from '$lib/server/session';

function browserLocale(header: string | null): Locale {
  const first = (header ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'fr';
}

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/** A form post must come from a page of this very site (same host as the request). */
function crossSiteForm(request: Request): boolean {
  if (request.method === 'GET' || request.method === 'HEAD') return false;
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!FORM_TYPES.includes(type)) return false;
  const origin = request.headers.get('origin');
  if (!origin) return true;
  try {
    return new URL(origin).host !== request.headers.get('host');
  } catch {
    return true;
  }
}

export const handle: Handle = async ({ event, resolve }) => {
  if (crossSiteForm(event.request)) {
    return new Response('Les envois de formulaire depuis un autre site sont refusés.', {
      status: 403,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  }
  event.locals.token = event.cookies.get(SESSION_COOKIE) ?? null;
  event.locals.me = null;
  if (event.locals.token) {
    try {
      event.locals.me = await apiFetch<Me>(event, 'GET', '/api/me');
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        clearSessionCookie(event.cookies);
        event.locals.token = null;
      } else if (!(error instanceof ApiError)) {
        throw error;
      }
    }
    // A token a quarter of an hour old is swapped for a fresh one. Never fails the page: when
    // another request rotated it first or the API is busy, the current token still works a while.
    if (event.locals.me && event.locals.token && rotationDue(event.locals.token)) {
      try {
        const session = await apiFetch<Session>(event, 'POST', '/api/auth/refresh', { body: {} });
        setSessionCookie(event.cookies, session.token, session.expiresAt);
        event.locals.token = session.token;
      } catch {
        // Keep the current token.
      }
    }
  }
  const chosen = event.cookies.get(LOCALE_COOKIE);
  event.locals.locale =
    chosen === 'en' || chosen === 'fr'
      ? chosen
      : (event.locals.me?.user.locale ??
        browserLocale(event.request.headers.get('accept-language')));

  const response = await resolve(event, {
    transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.locale),
  });
  // The map's tile server is configured at run time (MAP_TILE_URL): its images are allowed here,
  // as the CSP of svelte.config.js is fixed at build time.
  const csp = response.headers.get('content-security-policy');
  if (csp && config.mapTileOrigin) {
    response.headers.set(
      'content-security-policy',
      csp.replace(/img-src([^;]*)/, `img-src$1 ${config.mapTileOrigin}`),
    );
  }
  response.headers.set('x-content-type-options', 'nosniff');
  response.headers.set('referrer-policy', 'same-origin');
  response.headers.set('permissions-policy', 'geolocation=(self), camera=(), microphone=()');
  return response;
};
