import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { text } from '$lib/server/forms';
import { safeRedirect } from '$lib/server/guards';
import { setLocaleCookie } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
  default: async (event) => {
    const data = await event.request.formData();
    const locale = text(data, 'locale') === 'en' ? 'en' : 'fr';
    setLocaleCookie(event.cookies, locale);
    if (event.locals.me) {
      await api(event)
        .patch('/api/me', { locale })
        .catch(() => undefined);
    }
    redirect(303, safeRedirect(text(data, 'redirect')));
  },
};
