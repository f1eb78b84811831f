import { fail } from '@sveltejs/kit';
import type { PairingPreview, Proposal, SendProposalsResult } from '@tremplin/contracts';
import { PROPOSAL_RESPONSE_DAYS } from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api } from '$lib/server/api';
import { attempt, text } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import { checked } from '../fields.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireRole(event.locals, event.url, 'operator');
  const client = api(event);
  const [preview, proposals] = await Promise.all([
    client.get<PairingPreview>('/api/mentoring/pairing/preview'),
    client.get<Proposal[]>('/api/mentoring/proposals', { scope: 'all' }),
  ]);
  return { preview, proposals, defaultDays: PROPOSAL_RESPONSE_DAYS };
};

export const actions: Actions = {
  send: async (event) => {
    requireRole(event.locals, event.url, 'operator');
    const data = await event.request.formData();
    const t = translator(event.locals.locale);
    // Each ticked box carries "requestId|mentorId".
    const pairs = checked(data, 'pair').map((value) => {
      const [requestId, mentorId] = value.split('|');
      return { requestId: requestId ?? '', mentorId: mentorId ?? '' };
    });
    if (pairs.length === 0) {
      return fail(400, {
        message: t('mentoring.pairing.noneChecked'),
        errors: {} as Record<string, string>,
        values: {},
      });
    }
    const result = await attempt(
      () =>
        api(event).post<SendProposalsResult>('/api/mentoring/pairing/proposals', {
          pairs,
          respondWithinDays: Number(text(data, 'days')) || PROPOSAL_RESPONSE_DAYS,
        }),
      {},
    );
    if (!result.ok) return result.failure;
    return { saved: t('mentoring.pairing.sent', { count: result.value.sent }) };
  },
};
