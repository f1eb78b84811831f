import { fail, redirect } from '@sveltejs/kit';
import type { Campaign } from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api } from '$lib/server/api';
import { attempt } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import { isoToParisLocal } from '../format';
import { formErrors, readSettings } from '../settings';
import type { Actions, PageServerLoad } from './$types';

const DAY = 24 * 60 * 60 * 1000;

export const load: PageServerLoad = async (event) => {
  const me = requireRole(event.locals, event.url, 'operator', 'school_admin');
  const operator = me.user.roles.includes('operator');
  const schools = me.schoolMemberships
    .filter((m) => m.role === 'school_admin' && m.status === 'active')
    .map((m) => ({ id: m.schoolId, name: m.schoolName }));
  const now = Date.now();
  // Tomorrow morning: the campaign stays a draft (periods can be added) until it opens.
  const opens = isoToParisLocal(new Date(now + DAY).toISOString()).slice(0, 10);
  const closes = isoToParisLocal(new Date(now + 15 * DAY).toISOString()).slice(0, 10);
  return {
    operator,
    schools,
    defaults: {
      name: '',
      levels: ['3e'],
      schoolId: operator ? '' : (schools[0]?.id ?? ''),
      opensAt: `${opens}T08:00`,
      closesAt: `${closes}T18:00`,
      maxWishes: '5',
      priorityClasses: 'on',
      reservedShare: '0',
      reservePrecedence: 'reserved-first',
    },
  };
};

export const actions: Actions = {
  default: async (event) => {
    requireRole(event.locals, event.url, 'operator', 'school_admin');
    const t = translator(event.locals.locale);
    const data = await event.request.formData();
    const { settings, values, errors } = readSettings(data, t);
    if (!settings) {
      return fail(400, { message: Object.values(errors)[0]!, errors, values });
    }
    const schoolId =
      typeof values.schoolId === 'string' && values.schoolId ? values.schoolId : null;
    const result = await attempt(
      () => api(event).post<Campaign>('/api/campaigns', { ...settings, schoolId, periodIds: [] }),
      {},
    );
    if (!result.ok) {
      const failure = result.failure.data;
      return fail(result.failure.status, {
        message: failure.message,
        errors: formErrors(failure.errors),
        values,
      });
    }
    redirect(303, `/campagnes/${result.value.id}?creee=1`);
  },
};
