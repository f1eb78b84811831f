import type { ClassFollowUp, NewLoginCode, SchoolClass } from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api } from '$lib/server/api';
import { attempt, formValues, text } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireRole(event.locals, event.url, 'teacher', 'school_admin');
  const followUp = await api(event).get<ClassFollowUp>(
    `/api/classes/${encodeURIComponent(event.params.id)}/follow-up`,
  );
  return { followUp, onlyWithout: event.url.searchParams.get('sans-stage') === '1' };
};

export const actions: Actions = {
  newCode: async (event) => {
    requireRole(event.locals, event.url, 'teacher', 'school_admin');
    const data = await event.request.formData();
    const pupilId = text(data, 'pupilId');
    const name = text(data, 'name');
    const result = await attempt(
      () =>
        api(event).post<NewLoginCode>(
          `/api/classes/${encodeURIComponent(event.params.id)}/pupils/${encodeURIComponent(pupilId)}/login-code`,
        ),
      {},
      { form: 'newCode' },
    );
    if (!result.ok) return result.failure;
    return {
      form: 'newCode',
      pupilId,
      saved: translator(event.locals.locale)('class.newCodeDone', {
        name,
        code: result.value.loginCode,
      }),
    };
  },
  update: async (event) => {
    requireRole(event.locals, event.url, 'teacher', 'school_admin');
    const data = await event.request.formData();
    const result = await attempt(
      () =>
        api(event).patch<SchoolClass>(`/api/classes/${encodeURIComponent(event.params.id)}`, {
          name: text(data, 'name'),
          level: text(data, 'level'),
        }),
      formValues(data),
      { form: 'update' },
    );
    if (!result.ok) return result.failure;
    return { form: 'update', saved: translator(event.locals.locale)('class.saved') };
  },
};
