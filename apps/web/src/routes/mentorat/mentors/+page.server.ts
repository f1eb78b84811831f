import type { MenteeRequest, MentorCard, TradeDomain } from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api } from '$lib/server/api';
import { attempt, text } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireRole(event.locals, event.url, 'student');
  const client = api(event);
  const domain = event.url.searchParams.get('domaine')?.trim().toUpperCase() ?? '';
  const [mentors, requests, domains] = await Promise.all([
    client.get<MentorCard[]>('/api/mentoring/mentors'),
    client.get<MenteeRequest[]>('/api/mentoring/requests/mine'),
    client.get<TradeDomain[]>('/api/trade-domains'),
  ]);
  const current = requests.find((r) => ['open', 'proposed', 'matched'].includes(r.status)) ?? null;
  return {
    // Filtered here by grand domaine (the first letter of the codes): a short list, no round trip.
    mentors: domain
      ? mentors.filter((m) => m.trades.some((t) => t.code.startsWith(domain)))
      : mentors,
    domains,
    domain,
    current,
  };
};

export const actions: Actions = {
  ask: async (event) => {
    requireRole(event.locals, event.url, 'student');
    const data = await event.request.formData();
    const result = await attempt(
      () =>
        api(event).post<MenteeRequest>(
          `/api/mentoring/requests/${encodeURIComponent(text(data, 'requestId'))}/ask`,
          { mentorId: text(data, 'mentorId') },
        ),
      {},
      { form: 'ask' },
    );
    if (!result.ok) return result.failure;
    return {
      form: 'ask',
      saved: translator(event.locals.locale)('mentoring.mentors.asked', {
        name: text(data, 'name'),
      }),
    };
  },
};
