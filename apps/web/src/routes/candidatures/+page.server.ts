import { fail } from '@sveltejs/kit';
import type { ApplicationList, ConfirmApplicationReport } from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api } from '$lib/server/api';
import { attempt, text } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

/** A box left unticked: the action is refused, its message bound to the box of that card. */
function unticked(id: string, field: string, message: string) {
  return fail(400, {
    form: id,
    message,
    errors: { [field]: message } as Record<string, string>,
    values: {},
  });
}

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
    const t = translator(event.locals.locale);
    if (data.get('confirmWithdrawal') !== 'on') {
      return unticked(id, 'confirmWithdrawal', t('applications.withdrawCheckMissing'));
    }
    const result = await attempt(
      () => api(event).post(`/api/applications/${encodeURIComponent(id)}/withdraw`),
      {},
      { form: id },
    );
    if (!result.ok) return result.failure;
    return { form: id, saved: t('applications.withdrawn') };
  },
  confirm: async (event) => {
    requireRole(event.locals, event.url, 'student');
    const data = await event.request.formData();
    const id = text(data, 'id');
    const t = translator(event.locals.locale);
    if (data.get('confirmStage') !== 'on') {
      return unticked(id, 'confirmStage', t('applications.confirmCheckMissing'));
    }
    const result = await attempt(
      () =>
        api(event).post<ConfirmApplicationReport>(
          `/api/applications/${encodeURIComponent(id)}/confirm`,
        ),
      {},
      { form: id },
    );
    if (!result.ok) return result.failure;
    const count = result.value.withdrawn.length;
    return {
      form: id,
      saved: count ? t('applications.confirmedWithdrawn', { count }) : t('applications.confirmed'),
    };
  },
};
