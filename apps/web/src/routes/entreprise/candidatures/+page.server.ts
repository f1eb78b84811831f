import { fail } from '@sveltejs/kit';
import {
  ApplicationStatuses,
  type ApplicationList,
  type ApplicationStatus,
  type BulkDecisionReport,
} from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api } from '$lib/server/api';
import { attempt, formValues, text } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The state filter of the page: "a-traiter" (submitted or read), one state, or all. */
function statesOf(value: string | null): ApplicationStatus[] | undefined {
  if (value === 'a-traiter') return ['submitted', 'read'];
  if (value && (ApplicationStatuses as readonly string[]).includes(value)) {
    return [value as ApplicationStatus];
  }
  return undefined;
}

export const load: PageServerLoad = async (event) => {
  requireRole(event.locals, event.url, 'employer');
  const params = event.url.searchParams;
  const offer = params.get('offre') ?? '';
  const state = params.get('etat') ?? '';
  const page = Math.max(1, Math.min(10_000, Number(params.get('page')) || 1));
  const list = await api(event).get<ApplicationList>('/api/applications', {
    side: 'host',
    offer: UUID.test(offer) ? offer : undefined,
    status: statesOf(state),
    page,
    pageSize: PAGE_SIZE,
  });
  return { list, filters: { offer, state }, pages: Math.max(1, Math.ceil(list.total / PAGE_SIZE)) };
};

export const actions: Actions = {
  decide: async (event) => {
    requireRole(event.locals, event.url, 'employer');
    const data = await event.request.formData();
    const values = formValues(data);
    const t = translator(event.locals.locale);
    const ids = data.getAll('ids').filter((v): v is string => typeof v === 'string');
    const decision = text(data, 'decision') === 'reject' ? 'reject' : 'accept';
    // Accepting or declining is final: the employer ticks a box to confirm, checked here too.
    const errors: Record<string, string> = {};
    if (data.get('confirmDecision') !== 'on') {
      errors.confirmDecision = t('inbox.decisionCheckMissing');
    }
    if (ids.length === 0) {
      return fail(400, { message: t('inbox.noneSelected'), errors, values });
    }
    if (errors.confirmDecision) {
      return fail(400, { message: errors.confirmDecision, errors, values });
    }
    const reason = text(data, 'reason');
    const result = await attempt(
      () =>
        api(event).post<BulkDecisionReport>('/api/applications/decisions', {
          ids,
          decision,
          ...(decision === 'reject' ? { reason } : {}),
        }),
      values,
    );
    if (!result.ok) return result.failure;
    return { report: result.value, decision };
  },
};
