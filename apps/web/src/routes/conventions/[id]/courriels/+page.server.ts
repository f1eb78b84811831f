import { error } from '@sveltejs/kit';
import type { Agreement, AgreementMail } from '@tremplin/contracts';
import { api, ApiError } from '$lib/server/api';
import { requireRole } from '$lib/server/guards';
import type { PageServerLoad } from './$types';

// For support (operators): did the guardian's e-mail leave, when, and what did it say.
export const load: PageServerLoad = async (event) => {
  requireRole(event.locals, event.url, 'operator');
  const id = encodeURIComponent(event.params.id);
  try {
    const [agreement, mails] = await Promise.all([
      api(event).get<Agreement>(`/api/agreements/${id}`),
      api(event).get<AgreementMail[]>(`/api/agreements/${id}/guardian-mails`),
    ]);
    return { agreement, mails };
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) {
      error(404, { message: e.problem.detail });
    }
    throw e;
  }
};
