import { error, redirect } from '@sveltejs/kit';
import type { DiscoveryModule, Trade, VisitRequest } from '@tremplin/contracts';
import { api, ApiError } from '$lib/server/api';
import { attempt, formValues, text } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import { datesIn, tradeCodesIn } from '../../../ambassadeurs/format';
import type { Actions, PageServerLoad } from './$types';

/** Date fields of the form (the API takes up to ten). */
const DATE_FIELDS = 5;

export const load: PageServerLoad = async (event) => {
  requireRole(event.locals, event.url, 'teacher', 'school_admin');
  const client = api(event);
  let module: DiscoveryModule;
  try {
    module = await client.get<DiscoveryModule>(
      `/api/modules/${encodeURIComponent(event.params.id)}`,
    );
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) {
      error(404, { message: e.problem.detail });
    }
    throw e;
  }
  const activity = module.activities.find((a) => a.id === event.url.searchParams.get('activite'));
  if (!activity) error(404, { message: "Cette activité n'existe pas dans ce module." });
  const trades = await client.get<Trade[]>('/api/trades', { limit: 600 });
  return { module, activity, trades };
};

export const actions: Actions = {
  default: async (event) => {
    requireRole(event.locals, event.url, 'teacher', 'school_admin');
    const data = await event.request.formData();
    const numbered = (name: string, count: number) =>
      Array.from({ length: count }, (_, i) => text(data, `${name}-${i}`));
    const classSize = text(data, 'classSize');
    const result = await attempt(
      () =>
        api(event).post<VisitRequest>('/api/visit-requests', {
          activityId: text(data, 'activityId'),
          tradeCodes: tradeCodesIn(numbered('trade', 3)),
          candidateDates: datesIn(numbered('date', DATE_FIELDS)),
          classSize: classSize ? Number(classSize) : undefined,
          format: text(data, 'format') || undefined,
        }),
      formValues(data),
    );
    if (!result.ok) return result.failure;
    redirect(303, `/ambassadeurs/visites/${result.value.id}`);
  },
};
