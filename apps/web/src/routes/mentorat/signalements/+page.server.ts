import type { MessageReport } from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api } from '$lib/server/api';
import { attempt, formValues, text } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireRole(event.locals, event.url, 'operator');
  return { reports: await api(event).get<MessageReport[]>('/api/mentoring/reports') };
};

export const actions: Actions = {
  decide: async (event) => {
    requireRole(event.locals, event.url, 'operator');
    const data = await event.request.formData();
    const id = text(data, 'id');
    const result = await attempt(
      () =>
        api(event).post(`/api/mentoring/reports/${encodeURIComponent(id)}/decision`, {
          hideMessage: data.get('hideMessage') === 'on',
          suspendSender: data.get('suspendSender') === 'on',
          note: text(data, 'note'),
        }),
      formValues(data),
      { form: id },
    );
    if (!result.ok) return result.failure;
    return { form: id, saved: translator(event.locals.locale)('mentoring.reports.decided') };
  },
};
