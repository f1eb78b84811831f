import type { MyOffer } from '@tremplin/contracts';
import { api } from '$lib/server/api';
import { requireRole } from '$lib/server/guards';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const me = requireRole(event.locals, event.url, 'employer');
  const offers = await api(event).get<MyOffer[]>('/api/offers/mine');
  const hasCompany = me.companyMemberships.some(
    (m) => m.role === 'employer' && m.status === 'active',
  );
  return { offers, hasCompany };
};
