import type { NotificationList } from '@tremplin/contracts';
import { api } from '$lib/server/api';
import type { LayoutServerLoad } from './$types';

/** Unread notifications for the navigation; null when unknown (a failed count never breaks a page). */
async function unreadCount(event: Parameters<LayoutServerLoad>[0]): Promise<number | null> {
  if (!event.locals.me) return null;
  try {
    return (await api(event).get<NotificationList>('/api/notifications')).unread;
  } catch {
    return null;
  }
}

export const load: LayoutServerLoad = async (event) => ({
  me: event.locals.me,
  locale: event.locals.locale,
  unread: await unreadCount(event),
});
