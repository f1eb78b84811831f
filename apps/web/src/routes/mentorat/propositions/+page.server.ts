import type { AcceptedProposal, Proposal } from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api } from '$lib/server/api';
import { attempt, text } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireRole(event.locals, event.url, 'mentor');
  const proposals = await api(event).get<Proposal[]>('/api/mentoring/proposals');
  return { proposals };
};

export const actions: Actions = {
  answer: async (event) => {
    requireRole(event.locals, event.url, 'mentor');
    const data = await event.request.formData();
    const id = text(data, 'id');
    const accept = text(data, 'answer') === 'accept';
    const name = text(data, 'name');
    const result = await attempt(
      () =>
        api(event).post<AcceptedProposal | { ok: true }>(
          `/api/mentoring/proposals/${encodeURIComponent(id)}/${accept ? 'accept' : 'decline'}`,
        ),
      {},
      { form: 'answer' },
    );
    if (!result.ok) return result.failure;
    const t = translator(event.locals.locale);
    const mentorshipId =
      accept && 'mentorshipId' in result.value ? result.value.mentorshipId : null;
    return {
      form: 'answer',
      mentorshipId,
      saved: accept
        ? t('mentoring.proposals.accepted', { name })
        : t('mentoring.proposals.declined'),
    };
  },
};
