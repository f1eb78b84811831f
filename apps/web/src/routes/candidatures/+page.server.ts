import type { ApplicationList, ConfirmApplicationReport } from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api } from '$lib/server/api';
import { attempt, text } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireRole(event.locals, event.url, 'student');
  const list = await api(event).get<ApplicationList>('/api/applications', {
    side: 'student',
    pageSize: 100,
  });
  return { list, sent: event.url.searchParams.get('envoyee') };
};

export const actions: Actions = {
  withdraw: async (event) => {
    requireRole(event.locals, event.url, 'student');
    const data = await event.request.formData();
    const id = text(data, 'id');
    const result = await attempt(
      () => api(event).post(`/api/applications/${encodeURIComponent(id)}/withdraw`),
      {},
      { form: id },
    );
    if (!result.ok) return result.failure;
    return { form: id, saved: translator(event.locals.locale)('applications.withdrawn') };
  },
  confirm: async (event) => {
    requireRole(event.locals, event.url, 'student');
    const data = await event.request.formData();
    const id = text(data, 'id');
    const result = await attempt(
      () =>
        api(event).post<ConfirmApplicationReport>(
          `/api/applications/${encodeURIComponent(id)}/confirm`,
        ),
      {},
      { form: id },
    );
    if (!result.ok) return result.failure;
    const t = translator(event.locals.locale);
    const count = result.value.withdrawn.length;
    return {
      form: id,
      saved: count ? t('applications.confirmedWithdrawn', { count }) : t('applications.confirmed'),
    };
  },
};
