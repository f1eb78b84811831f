import type { NotificationList } from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api } from '$lib/server/api';
import { attempt, text } from '$lib/server/forms';
import { requireMe } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireMe(event.locals, event.url);
  return { list: await api(event).get<NotificationList>('/api/notifications') };
};

export const actions: Actions = {
  readAll: async (event) => {
    requireMe(event.locals, event.url);
    const result = await attempt(() => api(event).post('/api/notifications/read'), {});
    if (!result.ok) return result.failure;
    return { saved: translator(event.locals.locale)('notifications.allRead') };
  },
  read: async (event) => {
    requireMe(event.locals, event.url);
    const data = await event.request.formData();
    const id = text(data, 'id');
    const result = await attempt(
      () => api(event).post(`/api/notifications/${encodeURIComponent(id)}/read`),
      {},
    );
    if (!result.ok) return result.failure;
    return { saved: translator(event.locals.locale)('notifications.oneRead') };
  },
};
