// The web app's session cookie: httpOnly, SameSite=Lax (so a link from an e-mail arrives signed
// in), holding the API's session token. Only server code reads it.
import type { Cookies } from '@sveltejs/kit';
import { config } from './config';

export const SESSION_COOKIE = 'tremplin_session';
export const LOCALE_COOKIE = 'tremplin_locale';

export function setSessionCookie(cookies: Cookies, token: string, expiresAt: string) {
  cookies.set(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.cookieSecure,
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(cookies: Cookies) {
  cookies.delete(SESSION_COOKIE, { path: '/', secure: config.cookieSecure });
}

export function setLocaleCookie(cookies: Cookies, locale: 'fr' | 'en') {
  cookies.set(LOCALE_COOKIE, locale, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.cookieSecure,
    maxAge: 60 * 60 * 24 * 365,
  });
}

export function clearLocaleCookie(cookies: Cookies) {
  cookies.delete(LOCALE_COOKIE, { path: '/', secure: config.cookieSecure });
}
