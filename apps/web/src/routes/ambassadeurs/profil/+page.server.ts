import type { AmbassadorProfile, Commune, Trade } from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api } from '$lib/server/api';
import { attempt, formValues, text } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import { datesIn, tradeCodesIn } from '../format';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const me = requireRole(event.locals, event.url, 'ambassador');
  const client = api(event);
  const [profile, communes, trades] = await Promise.all([
    client.get<AmbassadorProfile | null>('/api/ambassadors/me'),
    client.get<Commune[]>('/api/communes'),
    client.get<Trade[]>('/api/trades', { limit: 600 }),
  ]);
  const companies = new Map<string, string>();
  for (const m of me.companyMemberships) {
    if (m.status !== 'rejected') companies.set(m.companyId, m.companyName);
  }
  if (profile?.company) companies.set(profile.company.id, profile.company.name);
  return {
    profile,
    communes,
    trades,
    companies: [...companies].map(([id, name]) => ({ id, name })),
  };
};

export const actions: Actions = {
  save: async (event) => {
    requireRole(event.locals, event.url, 'ambassador');
    const data = await event.request.formData();
    const all = (name: string) =>
      data.getAll(name).filter((v): v is string => typeof v === 'string');
    const values = formValues(data);
    const tradeCodes = tradeCodesIn(all('trade'));
    const result = await attempt(
      () =>
        api(event).put<AmbassadorProfile>('/api/ambassadors/me', {
          companyId: text(data, 'companyId') || null,
          tradeCodes,
          bio: text(data, 'bio'),
          communes: all('communes'),
          formats: all('formats'),
          maxVisitsPerMonth: Number(text(data, 'maxVisitsPerMonth') || Number.NaN),
          availableDates: datesIn([...all('keepDate'), ...all('newDate')]).sort(),
        }),
      values,
      { form: 'profile' },
    );
    if (!result.ok) return result.failure;
    return {
      form: 'profile',
      saved: translator(event.locals.locale)(
        result.value.verified ? 'ambProfile.saved' : 'ambProfile.savedPending',
      ),
    };
  },
};
