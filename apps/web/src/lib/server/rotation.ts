// Session token rotation: once the token the web server holds for a person is a quarter of an
// hour old, the next page asks the API for a new one (POST /api/auth/refresh) and stores it in the
// cookie (hooks.server.ts). The old token keeps working for a minute, so requests already on
// their way succeed; a token copied from a browser is worth little for long.
export const ROTATE_AFTER_SECONDS = 15 * 60;

/** When the token was issued (seconds since 1970), read from its payload; null if unreadable. */
export function tokenIssuedAt(token: string): number | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      iat?: unknown;
    };
    return typeof claims.iat === 'number' ? claims.iat : null;
  } catch {
    return null;
  }
}

/** True when the token is old enough to be swapped for a fresh one. */
export function rotationDue(token: string, now = Date.now()): boolean {
  const issued = tokenIssuedAt(token);
  return issued !== null && now / 1000 - issued >= ROTATE_AFTER_SECONDS;
}
