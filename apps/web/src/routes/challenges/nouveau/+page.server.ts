import { redirect } from '@sveltejs/kit';
import type { Challenge, Trade } from '@tremplin/contracts';
import { api } from '$lib/server/api';
import { requireRole } from '$lib/server/guards';
import { attemptChallenge, initialValues, readChallengeForm } from '../challenge-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const me = requireRole(event.locals, event.url, 'employer');
  const trades = await api(event).get<Trade[]>('/api/trades', { limit: 600 });
  const companies = me.companyMemberships
    .filter((m) => m.role === 'employer' && m.status === 'active')
    .map((m) => ({ id: m.companyId, name: m.companyName }));
  return { trades, companies, initial: initialValues() };
};

export const actions: Actions = {
  default: async (event) => {
    requireRole(event.locals, event.url, 'employer');
    const { body, values, maps } = readChallengeForm(await event.request.formData());
    const result = await attemptChallenge(
      () => api(event).post<Challenge>('/api/challenges', body),
      values,
      maps,
    );
    if (!result.ok) return result.failure;
    redirect(303, `/challenges/${result.value.id}?etat=cree`);
  },
};
