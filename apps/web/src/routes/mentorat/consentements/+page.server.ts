import { fail } from '@sveltejs/kit';
import type { ConsentToRecord } from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api } from '$lib/server/api';
import { attempt, formValues, text } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireRole(event.locals, event.url, 'teacher', 'school_admin');
  return { consents: await api(event).get<ConsentToRecord[]>('/api/mentoring/consents') };
};

export const actions: Actions = {
  record: async (event) => {
    requireRole(event.locals, event.url, 'teacher', 'school_admin');
    const data = await event.request.formData();
    const id = text(data, 'requestId');
    const name = text(data, 'pupilName');
    const t = translator(event.locals.locale);
    const values = formValues(data);
    if (data.get('confirmed') !== 'on') {
      const message = t('mentoring.request.consentMissingConfirm');
      return fail(400, {
        form: id,
        message,
        errors: { confirmed: message } as Record<string, string>,
        values,
      });
    }
    const result = await attempt(
      () =>
        api(event).post(`/api/mentoring/requests/${encodeURIComponent(id)}/consent`, {
          guardianName: text(data, 'guardianName'),
          confirmed: true,
        }),
      values,
      { form: id },
    );
    if (!result.ok) return result.failure;
    return { form: id, saved: t('mentoring.consents.saved', { name }) };
  },
};
