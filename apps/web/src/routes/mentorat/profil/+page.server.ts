import type { Commune, MentorProfile, Trade, TradeDomain } from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api, ApiError } from '$lib/server/api';
import { attempt, formValues, text } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import { availabilityOf, checked, groupErrors, languagesOf, tradesOf } from '../fields.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireRole(event.locals, event.url, 'mentor');
  const client = api(event);
  const [profile, trades, domains, communes] = await Promise.all([
    client.get<MentorProfile>('/api/mentoring/mentor-profile').catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }),
    client.get<Trade[]>('/api/trades', { limit: 600 }),
    client.get<TradeDomain[]>('/api/trade-domains'),
    client.get<Commune[]>('/api/communes'),
  ]);
  return { profile, trades, domains, communes };
};

export const actions: Actions = {
  save: async (event) => {
    requireRole(event.locals, event.url, 'mentor');
    const data = await event.request.formData();
    const values = formValues(data);
    const result = await attempt(
      () =>
        api(event).put<MentorProfile>('/api/mentoring/mentor-profile', {
          tradeCodes: tradesOf(data),
          languages: languagesOf(data),
          modes: checked(data, 'modes'),
          communes: checked(data, 'communes'),
          capacity: Number(text(data, 'capacity')) || 0,
          availability: availabilityOf(data),
          bio: text(data, 'bio'),
        }),
      {
        ...values,
        communes: checked(data, 'communes').join(','),
        modes: checked(data, 'modes').join(','),
        languages: checked(data, 'languages').join(','),
      },
      { form: 'profile' },
    );
    if (!result.ok) {
      groupErrors(result.failure.data.errors);
      return result.failure;
    }
    return { form: 'profile', saved: translator(event.locals.locale)('mentoring.profile.saved') };
  },
  pause: async (event) => {
    requireRole(event.locals, event.url, 'mentor');
    const data = await event.request.formData();
    const paused = text(data, 'paused') === 'true';
    const result = await attempt(
      () => api(event).put<MentorProfile>('/api/mentoring/mentor-profile/paused', { paused }),
      {},
      { form: 'pause' },
    );
    if (!result.ok) return result.failure;
    const t = translator(event.locals.locale);
    return {
      form: 'pause',
      saved: t(paused ? 'mentoring.profile.paused' : 'mentoring.profile.resumed'),
    };
  },
};
