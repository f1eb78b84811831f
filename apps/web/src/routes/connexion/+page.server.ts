import { redirect } from '@sveltejs/kit';
import type { Session } from '@tremplin/contracts';
import { api } from '$lib/server/api';
import { attempt, formValues, text } from '$lib/server/forms';
import { safeRedirect } from '$lib/server/guards';
import { setSessionCookie } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  if (locals.me) redirect(303, safeRedirect(url.searchParams.get('redirect')));
  return {};
};

export const actions: Actions = {
  default: async (event) => {
    const data = await event.request.formData();
    const values = formValues(data, ['password']);
    const result = await attempt(
      () =>
        api(event).post<Session>(
          '/api/auth/login',
          { login: text(data, 'login'), password: String(data.get('password') ?? '') },
          { token: null },
        ),
      values,
    );
    if (!result.ok) return result.failure;
    setSessionCookie(event.cookies, result.value.token, result.value.expiresAt);
    redirect(303, safeRedirect(event.url.searchParams.get('redirect') ?? text(data, 'redirect')));
  },
};
