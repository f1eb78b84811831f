import { fail, redirect } from '@sveltejs/kit';
import type {
  Campaign,
  CampaignRunList,
  CandidatePeriodList,
  CloseCampaignReport,
} from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api } from '$lib/server/api';
import { attempt, text } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import { parisLocalToIso } from '../format';
import { formErrors, readSettings } from '../settings';
import type { Actions, PageServerLoad } from './$types';

const STAFF = ['operator', 'school_admin'] as const;

export const load: PageServerLoad = async (event) => {
  requireRole(event.locals, event.url, ...STAFF);
  const id = event.params.id;
  const q = event.url.searchParams.get('q') ?? '';
  const [campaign, runs] = await Promise.all([
    api(event).get<Campaign>(`/api/campaigns/${encodeURIComponent(id)}`),
    api(event).get<CampaignRunList>(`/api/campaigns/${encodeURIComponent(id)}/runs`),
  ]);
  const candidates = campaign.editable
    ? (
        await api(event).get<CandidatePeriodList>('/api/campaigns/periods', {
          level: campaign.levels,
          q,
          campaign: campaign.id,
          limit: 50,
        })
      ).items.filter((p) => p.campaignId !== campaign.id)
    : [];
  return {
    campaign,
    runs: runs.items,
    candidates,
    q,
    created: event.url.searchParams.has('creee'),
  };
};

/** The campaign's committed periods as they are now (the page may be stale). */
async function currentPeriods(event: Parameters<Actions[string]>[0]) {
  const campaign = await api(event).get<Campaign>(
    `/api/campaigns/${encodeURIComponent(event.params.id!)}`,
  );
  return campaign.periods.map((p) => p.id);
}

export const actions: Actions = {
  update: async (event) => {
    requireRole(event.locals, event.url, ...STAFF);
    const t = translator(event.locals.locale);
    const { settings, values, errors } = readSettings(await event.request.formData(), t);
    if (!settings) {
      return fail(400, { form: 'update', message: Object.values(errors)[0]!, errors, values });
    }
    const result = await attempt(
      () => api(event).patch(`/api/campaigns/${encodeURIComponent(event.params.id)}`, settings),
      {},
    );
    if (!result.ok) {
      const failure = result.failure.data;
      return fail(result.failure.status, {
        form: 'update',
        message: failure.message,
        errors: formErrors(failure.errors),
        values,
      });
    }
    return { form: 'update', saved: t('campaigns.saved') };
  },

  openNow: async (event) => {
    requireRole(event.locals, event.url, ...STAFF);
    const t = translator(event.locals.locale);
    const result = await attempt(
      () =>
        api(event).patch(`/api/campaigns/${encodeURIComponent(event.params.id)}`, {
          opensAt: new Date().toISOString(),
        }),
      {},
      { form: 'open' },
    );
    if (!result.ok) return result.failure;
    return { form: 'open', saved: t('campaigns.opened') };
  },

  delete: async (event) => {
    requireRole(event.locals, event.url, ...STAFF);
    const result = await attempt(
      () => api(event).delete(`/api/campaigns/${encodeURIComponent(event.params.id)}`),
      {},
      { form: 'delete' },
    );
    if (!result.ok) return result.failure;
    redirect(303, '/campagnes?supprimee=1');
  },

  addPeriods: async (event) => {
    requireRole(event.locals, event.url, ...STAFF);
    const t = translator(event.locals.locale);
    const data = await event.request.formData();
    const picked = data.getAll('periodId').filter((v): v is string => typeof v === 'string');
    if (picked.length === 0) {
      return fail(400, {
        form: 'periods',
        message: t('campaigns.periods.nothingPicked'),
        errors: {},
      });
    }
    const result = await attempt(
      async () => {
        const current = await currentPeriods(event);
        return api(event).patch(`/api/campaigns/${encodeURIComponent(event.params.id)}`, {
          periodIds: [...new Set([...current, ...picked])],
        });
      },
      {},
      { form: 'periods' },
    );
    if (!result.ok) return result.failure;
    return { form: 'periods', saved: t('campaigns.periods.added', { count: picked.length }) };
  },

  removePeriod: async (event) => {
    requireRole(event.locals, event.url, ...STAFF);
    const t = translator(event.locals.locale);
    const periodId = text(await event.request.formData(), 'periodId');
    const result = await attempt(
      async () => {
        const current = await currentPeriods(event);
        return api(event).patch(`/api/campaigns/${encodeURIComponent(event.params.id)}`, {
          periodIds: current.filter((id) => id !== periodId),
        });
      },
      {},
      { form: 'periods' },
    );
    if (!result.ok) return result.failure;
    return { form: 'periods', saved: t('campaigns.periods.removed') };
  },

  close: async (event) => {
    requireRole(event.locals, event.url, ...STAFF);
    const t = translator(event.locals.locale);
    const result = await attempt(
      () =>
        api(event).post<CloseCampaignReport>(
          `/api/campaigns/${encodeURIComponent(event.params.id)}/close`,
        ),
      {},
      { form: 'close' },
    );
    if (!result.ok) return result.failure;
    return { form: 'close', saved: t('campaigns.close.done') };
  },

  secondRound: async (event) => {
    requireRole(event.locals, event.url, ...STAFF);
    const t = translator(event.locals.locale);
    const data = await event.request.formData();
    const typed = text(data, 'secondClosesAt');
    const closesAt = parisLocalToIso(typed);
    if (!closesAt) {
      return fail(400, {
        form: 'second',
        message: t('campaigns.form.invalidDate'),
        errors: { secondClosesAt: t('campaigns.form.invalidDate') },
        values: { secondClosesAt: typed },
      });
    }
    const result = await attempt(
      () =>
        api(event).post(`/api/campaigns/${encodeURIComponent(event.params.id)}/second-round`, {
          closesAt,
        }),
      { secondClosesAt: typed },
      { form: 'second' },
    );
    if (!result.ok) {
      const failure = result.failure.data;
      return fail(result.failure.status, {
        ...failure,
        errors: failure.errors.closesAt ? { secondClosesAt: failure.errors.closesAt } : {},
      });
    }
    return { form: 'second', saved: t('campaigns.second.opened') };
  },
};
