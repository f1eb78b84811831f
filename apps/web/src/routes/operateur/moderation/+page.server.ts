import type { MyOffer, OfferReport } from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api } from '$lib/server/api';
import { attempt, formValues, text } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireRole(event.locals, event.url, 'operator');
  const client = api(event);
  const [reports, suspended] = await Promise.all([
    client.get<OfferReport[]>('/api/offer-reports'),
    client.get<MyOffer[]>('/api/offers/suspended'),
  ]);
  return { reports, suspended };
};

export const actions: Actions = {
  decide: async (event) => {
    requireRole(event.locals, event.url, 'operator');
    const data = await event.request.formData();
    const decision = text(data, 'decision');
    const form = `report-${text(data, 'reportId')}`;
    const client = api(event);
    const result = await attempt(
      () =>
        decision === 'suspend'
          ? client.post(`/api/offers/${text(data, 'offerId')}/suspend`, {
              reason: text(data, 'reason'),
            })
          : client.post(`/api/offer-reports/${text(data, 'reportId')}/resolve`),
      formValues(data),
      { form },
    );
    if (!result.ok) return result.failure;
    const t = translator(event.locals.locale);
    return {
      form: 'done',
      saved: t(decision === 'suspend' ? 'moderation.done.suspend' : 'moderation.done.dismiss'),
    };
  },
  unsuspend: async (event) => {
    requireRole(event.locals, event.url, 'operator');
    const data = await event.request.formData();
    const result = await attempt(
      () =>
        api(event).post(`/api/offers/${text(data, 'offerId')}/unsuspend`, {
          reason: text(data, 'reason'),
        }),
      formValues(data),
      { form: `offer-${text(data, 'offerId')}` },
    );
    if (!result.ok) return result.failure;
    return {
      form: 'done',
      saved: translator(event.locals.locale)('moderation.done.unsuspend'),
    };
  },
};
