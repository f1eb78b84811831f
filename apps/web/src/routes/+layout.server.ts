import type { LayoutServerLoad } from './$types';

// The unread count comes with /api/me, which hooks.server.ts asks for on every request anyway.
export const load: LayoutServerLoad = ({ locals }) => ({
  me: locals.me,
  locale: locals.locale,
  unread: locals.me?.unreadNotifications ?? null,
});
