import { error } from '@sveltejs/kit';
import type { Challenge, ChallengeSubmissions } from '@tremplin/contracts';
import { api, ApiError } from '$lib/server/api';
import { requireRole } from '$lib/server/guards';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireRole(event.locals, event.url, 'employer');
  const client = api(event);
  const base = `/api/challenges/${encodeURIComponent(event.params.id)}`;
  try {
    const challenge = await client.get<Challenge>(base);
    const submissions = await client.get<ChallengeSubmissions>(`${base}/submissions`);
    return { challenge, submissions };
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) {
      error(404, { message: e.problem.detail });
    }
    if (e instanceof ApiError && e.status === 403) error(403, { message: e.problem.detail });
    throw e;
  }
};
