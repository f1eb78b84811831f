import { error, redirect } from '@sveltejs/kit';
import type { Commune, Offer, Trade } from '@tremplin/contracts';
import { api, ApiError } from '$lib/server/api';
import { requireRole } from '$lib/server/guards';
import { attemptOffer, initialValues, readOfferForm, storedMaps } from '../offer-form';
import type { Actions, PageServerLoad } from './$types';

async function ownOffer(
  event: Parameters<typeof api>[0] & { params: { id: string } },
): Promise<Offer> {
  try {
    const offer = await api(event).get<Offer>(`/api/offers/${event.params.id}`);
    if (offer.mine) return offer;
  } catch (e) {
    if (!(e instanceof ApiError && (e.status === 404 || e.status === 400))) throw e;
  }
  error(404, { message: "Cette offre n'existe pas ou ne vous est pas accessible." });
}

export const load: PageServerLoad = async (event) => {
  requireRole(event.locals, event.url, 'employer');
  const client = api(event);
  const [offer, communes, trades] = await Promise.all([
    ownOffer(event),
    client.get<Commune[]>('/api/communes'),
    client.get<Trade[]>('/api/trades', { limit: 600 }),
  ]);
  return {
    offer,
    communes,
    trades,
    initial: initialValues(offer),
    done: event.url.searchParams.get('etat'),
  };
};

const statusActions = {
  publish: 'publiee',
  close: 'close',
  archive: 'archivee',
} as const;

export const actions: Actions = {
  save: async (event) => {
    requireRole(event.locals, event.url, 'employer');
    const { body, values, maps } = readOfferForm(await event.request.formData());
    const { companyId: _ignored, ...patch } = body as typeof body & { companyId?: string };
    const result = await attemptOffer(
      () => api(event).patch<Offer>(`/api/offers/${event.params.id}`, patch),
      values,
      maps,
    );
    if (!result.ok) return result.failure;
    redirect(303, `/entreprise/offres/${event.params.id}?etat=enregistree`);
  },
  duplicate: async (event) => {
    requireRole(event.locals, event.url, 'employer');
    const result = await attemptOffer(
      () => api(event).post<Offer>(`/api/offers/${event.params.id}/duplicate`),
      {},
      { schedule: [], periods: [], trades: [] },
      'status',
    );
    if (!result.ok) return result.failure;
    redirect(303, `/entreprise/offres/${result.value.id}?etat=copie`);
  },
  ...Object.fromEntries(
    (Object.keys(statusActions) as (keyof typeof statusActions)[]).map((action) => [
      action,
      async (event: Parameters<Actions[string]>[0]) => {
        requireRole(event.locals, event.url, 'employer');
        // Breaches found at publication point at the stored offer: map them onto its form.
        const offer = await ownOffer(event);
        const result = await attemptOffer(
          () => api(event).post<Offer>(`/api/offers/${event.params.id}/${action}`),
          initialValues(offer),
          storedMaps(offer),
          'status',
        );
        if (!result.ok) return result.failure;
        redirect(303, `/entreprise/offres/${event.params.id}?etat=${statusActions[action]}`);
      },
    ]),
  ),
};
