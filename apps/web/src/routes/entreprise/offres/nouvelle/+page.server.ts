import { redirect } from '@sveltejs/kit';
import type { Commune, Offer, Trade } from '@tremplin/contracts';
import { api } from '$lib/server/api';
import { requireRole } from '$lib/server/guards';
import { attemptOffer, initialValues, readOfferForm } from '../offer-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const me = requireRole(event.locals, event.url, 'employer');
  const client = api(event);
  const [communes, trades] = await Promise.all([
    client.get<Commune[]>('/api/communes'),
    client.get<Trade[]>('/api/trades', { limit: 600 }),
  ]);
  const companies = me.companyMemberships
    .filter((m) => m.role === 'employer' && m.status === 'active')
    .map((m) => ({ id: m.companyId, name: m.companyName }));
  return { communes, trades, companies, initial: initialValues() };
};

export const actions: Actions = {
  default: async (event) => {
    requireRole(event.locals, event.url, 'employer');
    const { body, values, maps } = readOfferForm(await event.request.formData());
    const result = await attemptOffer(
      () => api(event).post<Offer>('/api/offers', body),
      values,
      maps,
    );
    if (!result.ok) return result.failure;
    redirect(303, `/entreprise/offres/${result.value.id}?etat=cree`);
  },
};
