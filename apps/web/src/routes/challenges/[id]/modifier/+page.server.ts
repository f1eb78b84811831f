import { error, redirect } from '@sveltejs/kit';
import type { Challenge, Trade } from '@tremplin/contracts';
import { api, ApiError } from '$lib/server/api';
import { requireRole } from '$lib/server/guards';
import { attemptChallenge, readChallengeForm, valuesOf } from '../../challenge-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireRole(event.locals, event.url, 'employer');
  const client = api(event);
  let challenge: Challenge;
  try {
    challenge = await client.get<Challenge>(
      `/api/challenges/${encodeURIComponent(event.params.id)}`,
    );
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) {
      error(404, { message: e.problem.detail });
    }
    throw e;
  }
  if (!challenge.can.edit) {
    error(403, {
      message:
        event.locals.locale === 'en'
          ? 'This challenge can no longer be edited, or you do not organise it.'
          : 'Ce challenge ne peut plus être modifié, ou vous ne l’organisez pas.',
    });
  }
  const trades = await client.get<Trade[]>('/api/trades', { limit: 600 });
  return { challenge, trades, values: valuesOf(challenge) };
};

export const actions: Actions = {
  default: async (event) => {
    requireRole(event.locals, event.url, 'employer');
    const { body, values, maps } = readChallengeForm(await event.request.formData());
    delete body.companyId;
    const id = encodeURIComponent(event.params.id);
    const result = await attemptChallenge(
      () => api(event).put<Challenge>(`/api/challenges/${id}`, body),
      values,
      maps,
    );
    if (!result.ok) return result.failure;
    redirect(303, `/challenges/${id}?etat=modifie`);
  },
};
