import { error } from '@sveltejs/kit';
import type { Challenge, ChallengeResults } from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api, ApiError } from '$lib/server/api';
import { attempt } from '$lib/server/forms';
import { requireMe, requireRole } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

const path = (event: { params: { id: string } }, tail = '') =>
  `/api/challenges/${encodeURIComponent(event.params.id)}${tail}`;

export const load: PageServerLoad = async (event) => {
  requireMe(event.locals, event.url);
  const client = api(event);
  try {
    const [challenge, results] = await Promise.all([
      client.get<Challenge>(path(event)),
      client.get<ChallengeResults>(path(event, '/results')),
    ]);
    return { challenge, results };
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) {
      error(404, { message: e.problem.detail });
    }
    throw e;
  }
};

export const actions: Actions = {
  publish: async (event) => {
    requireRole(event.locals, event.url, 'employer');
    const result = await attempt(() => api(event).post(path(event, '/results')), {}, {});
    if (!result.ok) return result.failure;
    return { saved: translator(event.locals.locale)('challengeResults.publishedDone') };
  },
};
