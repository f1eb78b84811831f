import type { SchoolClass, UnassignedPupil } from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api } from '$lib/server/api';
import { attempt, formValues, text } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import { activeSchools } from './format';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const me = requireRole(event.locals, event.url, 'teacher', 'school_admin');
  const schools = activeSchools(me.schoolMemberships);
  const client = api(event);
  const [classes, unassigned] = await Promise.all([
    schools.length > 0 ? client.get<SchoolClass[]>('/api/classes') : Promise.resolve([]),
    Promise.all(
      schools.map(async (school) => ({
        school,
        pupils: await client.get<UnassignedPupil[]>(`/api/schools/${school.id}/unassigned-pupils`),
      })),
    ),
  ]);
  return { schools, classes, unassigned: unassigned.filter((u) => u.pupils.length > 0) };
};

export const actions: Actions = {
  create: async (event) => {
    requireRole(event.locals, event.url, 'teacher', 'school_admin');
    const data = await event.request.formData();
    const values = formValues(data);
    const result = await attempt(
      () =>
        api(event).post<SchoolClass>('/api/classes', {
          name: text(data, 'name'),
          level: text(data, 'level'),
          schoolId: text(data, 'schoolId') || undefined,
        }),
      values,
      { form: 'create' },
    );
    if (!result.ok) return result.failure;
    return {
      form: 'create',
      saved: translator(event.locals.locale)('classes.created', { name: result.value.name }),
    };
  },
  assign: async (event) => {
    requireRole(event.locals, event.url, 'teacher', 'school_admin');
    const data = await event.request.formData();
    const pupilId = text(data, 'pupilId');
    const result = await attempt(
      () =>
        api(event).patch(`/api/students/${encodeURIComponent(pupilId)}`, {
          classId: text(data, 'classId'),
        }),
      formValues(data),
      { form: 'assign' },
    );
    if (!result.ok) return result.failure;
    return {
      form: 'assign',
      saved: translator(event.locals.locale)('classes.assigned', { name: text(data, 'name') }),
    };
  },
};
