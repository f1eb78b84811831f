import { error } from '@sveltejs/kit';
import type { Application } from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api, ApiError } from '$lib/server/api';
import { attempt, formValues, text } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireRole(event.locals, event.url, 'employer');
  try {
    // Opening it as its host marks it read (the API records it and tells the pupil).
    const application = await api(event).get<Application>(
      `/api/applications/${encodeURIComponent(event.params.id)}`,
    );
    return { application };
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) {
      error(404, { message: e.problem.detail });
    }
    throw e;
  }
};

export const actions: Actions = {
  accept: async (event) => {
    requireRole(event.locals, event.url, 'employer');
    const result = await attempt(
      () =>
        api(event).post<Application>(
          `/api/applications/${encodeURIComponent(event.params.id)}/accept`,
        ),
      {},
      { form: 'accept' },
    );
    if (!result.ok) return result.failure;
    return { form: 'accept', saved: translator(event.locals.locale)('inbox.detail.accepted') };
  },
  reject: async (event) => {
    requireRole(event.locals, event.url, 'employer');
    const data = await event.request.formData();
    const values = formValues(data);
    const result = await attempt(
      () =>
        api(event).post<Application>(
          `/api/applications/${encodeURIComponent(event.params.id)}/reject`,
          { reason: text(data, 'reason') },
        ),
      values,
      { form: 'reject' },
    );
    if (!result.ok) return result.failure;
    return { form: 'reject', saved: translator(event.locals.locale)('inbox.detail.rejected') };
  },
};
