import { error, fail, redirect } from '@sveltejs/kit';
import type { Application, ApplyOptions } from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api, ApiError } from '$lib/server/api';
import { attempt, formValues, text } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireRole(event.locals, event.url, 'student');
  try {
    const options = await api(event).get<ApplyOptions>('/api/applications/options', {
      offer: event.params.id,
    });
    return { options };
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) {
      error(404, { message: e.problem.detail });
    }
    throw e;
  }
};

export const actions: Actions = {
  default: async (event) => {
    requireRole(event.locals, event.url, 'student');
    const data = await event.request.formData();
    const values = formValues(data);
    const periodId = text(data, 'periodId');
    if (!periodId) {
      const message = translator(event.locals.locale)('apply.choosePeriod');
      return fail(400, { message, errors: { periodId: message }, values });
    }
    const result = await attempt(
      () =>
        api(event).post<Application>('/api/applications', {
          periodId,
          motivation: text(data, 'motivation'),
        }),
      values,
    );
    if (!result.ok) return result.failure;
    redirect(303, `/candidatures?envoyee=${result.value.id}#candidature-${result.value.id}`);
  },
};
