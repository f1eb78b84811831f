// Page guards: a signed-out visitor is sent to the sign-in page and brought back afterwards; a
// signed-in person without the role gets a 403 page.
import { error, redirect } from '@sveltejs/kit';
import type { Me, Role } from '@tremplin/contracts';

export function requireMe(locals: App.Locals, url: URL): Me {
  if (!locals.me) {
    redirect(303, `/connexion?redirect=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return locals.me;
}

export function requireRole(locals: App.Locals, url: URL, ...roles: Role[]): Me {
  const me = requireMe(locals, url);
  if (!roles.some((role) => me.user.roles.includes(role))) {
    error(403, {
      message:
        locals.locale === 'en'
          ? 'This page is not for your role.'
          : "Cette page n'est pas accessible avec votre rôle.",
    });
  }
  return me;
}

/** Only a path on this site may be a redirect target (no open redirect). */
export function safeRedirect(target: string | null, fallback = '/'): string {
  if (!target || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) {
    return fallback;
  }
  return target;
}
