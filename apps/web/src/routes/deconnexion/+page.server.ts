import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { clearSessionCookie } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
  default: async (event) => {
    if (event.locals.token) {
      // Revoke the session in the API too, so a copied token stops working.
      await api(event)
        .post('/api/auth/logout')
        .catch(() => undefined);
    }
    clearSessionCookie(event.cookies);
    redirect(303, '/?deconnecte=1');
  },
};
