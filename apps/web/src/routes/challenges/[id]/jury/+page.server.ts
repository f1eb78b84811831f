import { error } from '@sveltejs/kit';
import type { Challenge, ChallengeJuror } from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api, ApiError } from '$lib/server/api';
import { attempt, formValues, text } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const path = (event: { params: { id: string } }, tail = '') =>
  `/api/challenges/${encodeURIComponent(event.params.id)}${tail}`;

export const load: PageServerLoad = async (event) => {
  requireRole(event.locals, event.url, 'employer');
  const client = api(event);
  try {
    const challenge = await client.get<Challenge>(path(event));
    if (!challenge.relation.organiser) {
      error(403, {
        message:
          event.locals.locale === 'en'
            ? 'Only the organisers manage the jury.'
            : 'Seules les entreprises organisatrices composent le jury.',
      });
    }
    const jurors = await client.get<ChallengeJuror[]>(path(event, '/jurors'));
    return { challenge, jurors };
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) {
      error(404, { message: e.problem.detail });
    }
    throw e;
  }
};

const t = (event: RequestEvent) => translator(event.locals.locale);

export const actions: Actions = {
  invite: async (event) => {
    requireRole(event.locals, event.url, 'employer');
    const data = await event.request.formData();
    const result = await attempt(
      () => api(event).post(path(event, '/jurors'), { email: text(data, 'email') }),
      formValues(data),
      { form: 'invite' },
    );
    if (!result.ok) return result.failure;
    return {
      form: 'invite',
      saved: t(event)('challengeJury.invited', { email: text(data, 'email') }),
    };
  },
  removeJuror: async (event) => {
    requireRole(event.locals, event.url, 'employer');
    const data = await event.request.formData();
    const result = await attempt(
      () => api(event).delete(path(event, `/jurors/${encodeURIComponent(text(data, 'userId'))}`)),
      {},
      { form: 'jurors' },
    );
    if (!result.ok) return result.failure;
    return {
      form: 'jurors',
      saved: t(event)('challengeJury.removed', { name: text(data, 'name') }),
    };
  },
  addOrganiser: async (event) => {
    requireRole(event.locals, event.url, 'employer');
    const data = await event.request.formData();
    const result = await attempt(
      () => api(event).post(path(event, '/organisers'), { siret: text(data, 'siret') }),
      formValues(data),
      { form: 'organisers' },
    );
    if (!result.ok) return result.failure;
    return { form: 'organisers', saved: t(event)('challengeJury.organiserAdded') };
  },
  removeOrganiser: async (event) => {
    requireRole(event.locals, event.url, 'employer');
    const data = await event.request.formData();
    const id = encodeURIComponent(text(data, 'companyId'));
    const result = await attempt(
      () => api(event).delete(path(event, `/organisers/${id}`)),
      {},
      { form: 'organisers' },
    );
    if (!result.ok) return result.failure;
    return {
      form: 'organisers',
      saved: t(event)('challengeJury.organiserRemoved', { name: text(data, 'name') }),
    };
  },
};
