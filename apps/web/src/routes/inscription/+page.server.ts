import { redirect } from '@sveltejs/kit';
import type { Session } from '@tremplin/contracts';
import { api } from '$lib/server/api';
import { attempt, formValues, text } from '$lib/server/forms';
import { setSessionCookie } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  if (locals.me) redirect(303, '/');
  return {};
};

export const actions: Actions = {
  default: async (event) => {
    const data = await event.request.formData();
    const values = formValues(data, ['password']);
    const result = await attempt(
      () =>
        api(event).post<Session>(
          '/api/auth/register',
          {
            email: text(data, 'email'),
            password: String(data.get('password') ?? ''),
            displayName: text(data, 'displayName'),
            role: text(data, 'role'),
            locale: event.locals.locale,
          },
          { token: null },
        ),
      values,
    );
    if (!result.ok) return result.failure;
    setSessionCookie(event.cookies, result.value.token, result.value.expiresAt);
    redirect(303, '/compte?bienvenue=1');
  },
};
