import { fail, redirect } from '@sveltejs/kit';
import type { Session } from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
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
    const values = formValues(data, ['password', 'confirm']);
    const password = String(data.get('password') ?? '');
    if (password !== String(data.get('confirm') ?? '')) {
      const t = translator(event.locals.locale);
      return fail(400, {
        message: t('firstSignIn.mismatch'),
        errors: { confirm: t('firstSignIn.mismatch') } as Record<string, string>,
        values,
      });
    }
    const result = await attempt(
      () =>
        api(event).post<Session>(
          '/api/auth/activate',
          { login: text(data, 'login'), password },
          { token: null },
        ),
      values,
    );
    if (!result.ok) return result.failure;
    setSessionCookie(event.cookies, result.value.token, result.value.expiresAt);
    redirect(303, '/');
  },
};
