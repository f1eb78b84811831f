import { error } from '@sveltejs/kit';
import type { Offer } from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api, ApiError } from '$lib/server/api';
import { attempt, formValues, text } from '$lib/server/forms';
import { requireMe, requireRole } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireMe(event.locals, event.url);
  try {
    const offer = await api(event).get<Offer>(`/api/offers/${event.params.id}`);
    return { offer };
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) {
      error(404, { message: e.problem.detail });
    }
    throw e;
  }
};

export const actions: Actions = {
  report: async (event) => {
    requireMe(event.locals, event.url);
    const data = await event.request.formData();
    const result = await attempt(
      () =>
        api(event).post(`/api/offers/${event.params.id}/reports`, {
          reason: text(data, 'reason'),
        }),
      formValues(data),
      { form: 'report' },
    );
    if (!result.ok) return result.failure;
    return { form: 'report', saved: translator(event.locals.locale)('offerDetail.reported') };
  },
  moderate: async (event) => {
    requireRole(event.locals, event.url, 'operator');
    const data = await event.request.formData();
    const action = text(data, 'action') === 'unsuspend' ? 'unsuspend' : 'suspend';
    const result = await attempt(
      () =>
        api(event).post<Offer>(`/api/offers/${event.params.id}/${action}`, {
          reason: text(data, 'reason'),
        }),
      formValues(data),
      { form: 'moderate' },
    );
    if (!result.ok) return result.failure;
    const t = translator(event.locals.locale);
    return {
      form: 'moderate',
      saved: t(action === 'suspend' ? 'offerDetail.suspendedDone' : 'offerDetail.unsuspendedDone'),
    };
  },
};
