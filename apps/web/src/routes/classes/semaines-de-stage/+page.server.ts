import type { SchoolStageWeeks, StageWeek } from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api } from '$lib/server/api';
import { attempt, formValues, text } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import { activeSchools } from '../format';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const me = requireRole(event.locals, event.url, 'teacher', 'school_admin');
  const client = api(event);
  const schools = await Promise.all(
    activeSchools(me.schoolMemberships).map(async (school) => ({
      ...school,
      ...(await client.get<SchoolStageWeeks>(`/api/schools/${school.id}/stage-weeks`)),
    })),
  );
  return { schools };
};

export const actions: Actions = {
  add: async (event) => {
    requireRole(event.locals, event.url, 'teacher', 'school_admin');
    const data = await event.request.formData();
    const schoolId = text(data, 'schoolId');
    const result = await attempt(
      () =>
        api(event).post<StageWeek>(`/api/schools/${encodeURIComponent(schoolId)}/stage-weeks`, {
          level: text(data, 'level'),
          startDate: text(data, 'startDate'),
          endDate: text(data, 'endDate'),
        }),
      formValues(data),
      { form: `add-${schoolId}` },
    );
    if (!result.ok) return result.failure;
    return { form: `add-${schoolId}`, saved: translator(event.locals.locale)('stageWeeks.added') };
  },
  remove: async (event) => {
    requireRole(event.locals, event.url, 'teacher', 'school_admin');
    const data = await event.request.formData();
    const schoolId = text(data, 'schoolId');
    const result = await attempt(
      () =>
        api(event).delete(
          `/api/schools/${encodeURIComponent(schoolId)}/stage-weeks/${encodeURIComponent(text(data, 'weekId'))}`,
        ),
      {},
      { form: `list-${schoolId}` },
    );
    if (!result.ok) return result.failure;
    return {
      form: `list-${schoolId}`,
      saved: translator(event.locals.locale)('stageWeeks.removed'),
    };
  },
};
