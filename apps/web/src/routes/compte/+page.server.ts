import { fail } from '@sveltejs/kit';
import { translator } from '$lib/server/i18n';
import { api } from '$lib/server/api';
import { attempt, formValues, text } from '$lib/server/forms';
import { requireMe } from '$lib/server/guards';
import { clearLocaleCookie } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  requireMe(locals, url);
  return { welcome: url.searchParams.has('bienvenue') };
};

export const actions: Actions = {
  profile: async (event) => {
    requireMe(event.locals, event.url);
    const data = await event.request.formData();
    const values = formValues(data);
    const locale = text(data, 'locale');
    const result = await attempt(
      () => api(event).patch('/api/me', { displayName: text(data, 'displayName'), locale }),
      values,
      { form: 'profile' },
    );
    if (!result.ok) return result.failure;
    clearLocaleCookie(event.cookies);
    return { form: 'profile', saved: translator(locale === 'en' ? 'en' : 'fr')('account.saved') };
  },
  password: async (event) => {
    requireMe(event.locals, event.url);
    const data = await event.request.formData();
    const t = translator(event.locals.locale);
    const newPassword = String(data.get('newPassword') ?? '');
    if (newPassword !== String(data.get('confirm') ?? '')) {
      return fail(400, {
        form: 'password',
        message: t('firstSignIn.mismatch'),
        errors: { confirm: t('firstSignIn.mismatch') } as Record<string, string>,
        values: {},
      });
    }
    const result = await attempt(
      () =>
        api(event).post('/api/me/password', {
          currentPassword: String(data.get('currentPassword') ?? ''),
          newPassword,
        }),
      {},
      { form: 'password' },
    );
    if (!result.ok) return result.failure;
    return { form: 'password', saved: t('account.passwordChanged') };
  },
};
