// The guardian's signing page: no account, the link's token is the only key. The token goes to
// the API in a request body, never in an API URL.
import { fail } from '@sveltejs/kit';
import type { GuardianLinkView } from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api, ApiError } from '$lib/server/api';
import { attempt, formValues, text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  event.setHeaders({ 'cache-control': 'private, no-store', 'referrer-policy': 'no-referrer' });
  try {
    const view = await api(event).post<GuardianLinkView>(
      '/api/guardian-links/open',
      { token: event.params.token },
      { token: null },
    );
    return { view, invalid: false };
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) {
      return { view: null, invalid: true };
    }
    throw e;
  }
};

export const actions: Actions = {
  default: async (event) => {
    const data = await event.request.formData();
    const values = formValues(data);
    const t = translator(event.locals.locale);
    if (data.get('consent') !== 'on') {
      return fail(400, {
        message: t('agreement.consentMissing'),
        errors: { consent: t('agreement.consentMissing') } as Record<string, string>,
        values,
      });
    }
    const result = await attempt(
      () =>
        api(event).post(
          '/api/guardian-links/sign',
          {
            token: event.params.token,
            signerName: text(data, 'signerName'),
            consent: true,
            version: text(data, 'version'),
            userAgent: event.request.headers.get('user-agent')?.slice(0, 500) ?? undefined,
          },
          { token: null },
        ),
      values,
    );
    if (!result.ok) return result.failure;
    return { done: true as const };
  },
};
