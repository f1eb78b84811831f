import { fail, redirect } from '@sveltejs/kit';
import type {
  Campaign,
  CampaignRun,
  CampaignRunList,
  PublishReport,
  RunComparison,
} from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api } from '$lib/server/api';
import { attempt } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

const STAFF = ['operator', 'school_admin'] as const;

export const load: PageServerLoad = async (event) => {
  requireRole(event.locals, event.url, ...STAFF);
  const base = `/api/campaigns/${encodeURIComponent(event.params.id)}`;
  const [campaign, run, runs] = await Promise.all([
    api(event).get<Campaign>(base),
    api(event).get<CampaignRun>(`${base}/runs/${encodeURIComponent(event.params.runId)}`),
    api(event).get<CampaignRunList>(`${base}/runs`),
  ]);
  const others = runs.items.filter(
    (r) => r.id !== run.id && r.round === run.round && r.status === 'done',
  );
  const compareId = event.url.searchParams.get('comparer');
  const other = compareId ? (others.find((r) => r.id === compareId) ?? null) : null;
  const comparison =
    other && run.status === 'done'
      ? await api(event).get<RunComparison>(`${base}/runs/${encodeURIComponent(run.id)}/compare`, {
          with: other.id,
        })
      : null;
  const { periods: _periods, ...summary } = campaign;
  return { campaign: summary, run, others, other, comparison };
};

export const actions: Actions = {
  preview: async (event) => {
    requireRole(event.locals, event.url, ...STAFF);
    const data = await event.request.formData();
    const share = Number(data.get('reservedShare') ?? '0');
    const policy = {
      priorityClasses: data.get('priorityClasses') === 'on',
      reservedShare: Number.isFinite(share) ? share / 100 : Number.NaN,
      reservePrecedence:
        data.get('reservePrecedence') === 'open-first' ? 'open-first' : 'reserved-first',
    };
    const result = await attempt(
      () =>
        api(event).post<CampaignRun>(`/api/campaigns/${encodeURIComponent(event.params.id)}/runs`, {
          policy,
        }),
      {},
      { form: 'preview' },
    );
    if (!result.ok) {
      const failure = result.failure.data;
      const errors: Record<string, string> = {};
      for (const [name, message] of Object.entries(failure.errors)) {
        errors[name.replace(/^policy\./, '')] = message;
      }
      return fail(result.failure.status, { ...failure, errors });
    }
    redirect(
      303,
      `/campagnes/${event.params.id}/calculs/${result.value.id}?comparer=${event.params.runId}`,
    );
  },

  publish: async (event) => {
    requireRole(event.locals, event.url, ...STAFF);
    const t = translator(event.locals.locale);
    const result = await attempt(
      () =>
        api(event).post<PublishReport>(
          `/api/campaigns/${encodeURIComponent(event.params.id)}/publish`,
          { runId: event.params.runId },
        ),
      {},
      { form: 'publish' },
    );
    if (!result.ok) return result.failure;
    return {
      form: 'publish',
      saved: t('campaigns.publish.done', {
        placed: result.value.placed,
        unplaced: result.value.unplaced,
      }),
    };
  },
};
