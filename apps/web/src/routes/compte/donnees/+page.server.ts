// "Mes données": how long Tremplin keeps personal data, the download of it all (JSON) and the
// deletion of the account, confirmed with the password and a tick box.
import { fail, redirect } from '@sveltejs/kit';
import { translator } from '$lib/server/i18n';
import { api } from '$lib/server/api';
import { attempt } from '$lib/server/forms';
import { requireMe } from '$lib/server/guards';
import { clearSessionCookie } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  const me = requireMe(locals, url);
  return { pupil: me.user.roles.includes('student') };
};

export const actions: Actions = {
  delete: async (event) => {
    requireMe(event.locals, event.url);
    const data = await event.request.formData();
    const t = translator(event.locals.locale);
    if (data.get('confirm') !== 'yes') {
      return fail(400, {
        message: t('myData.confirmMissing'),
        errors: { confirm: t('myData.confirmMissing') } as Record<string, string>,
      });
    }
    const result = await attempt(
      () => api(event).post('/api/me/deletion', { password: String(data.get('password') ?? '') }),
      {},
    );
    if (!result.ok) return result.failure;
    clearSessionCookie(event.cookies);
    event.locals.token = null;
    event.locals.me = null;
    redirect(303, '/compte/donnees/supprime');
  },
};
