// A pupil's passport, read-only, for a teacher or head of the pupil's school (the API answers 404
// for anyone else).
import { error } from '@sveltejs/kit';
import type { Passport } from '@tremplin/contracts';
import { api, ApiError } from '$lib/server/api';
import { requireRole } from '$lib/server/guards';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireRole(event.locals, event.url, 'teacher', 'school_admin');
  try {
    const passport = await api(event).get<Passport>(
      `/api/passports/${encodeURIComponent(event.params.id)}`,
    );
    return { passport };
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) {
      error(404, { message: e.problem.detail });
    }
    throw e;
  }
};
