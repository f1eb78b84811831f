import { redirect } from '@sveltejs/kit';
import type {
  ActivityReflection,
  DiscoveryModule,
  ModuleSummary,
  PupilModule,
  SchoolClass,
} from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api } from '$lib/server/api';
import { attempt, formValues, text } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const me = requireRole(event.locals, event.url, 'teacher', 'school_admin', 'student');
  const client = api(event);
  if (me.user.roles.includes('teacher') || me.user.roles.includes('school_admin')) {
    const [modules, classes] = await Promise.all([
      client.get<ModuleSummary[]>('/api/modules'),
      client.get<SchoolClass[]>('/api/classes'),
    ]);
    return { view: 'staff' as const, modules, classes, pupil: null };
  }
  return {
    view: 'pupil' as const,
    modules: [],
    classes: [],
    pupil: await client.get<PupilModule[]>('/api/students/me/modules'),
  };
};

export const actions: Actions = {
  create: async (event) => {
    requireRole(event.locals, event.url, 'teacher', 'school_admin');
    const data = await event.request.formData();
    const result = await attempt(
      () =>
        api(event).post<DiscoveryModule>('/api/modules', {
          classId: text(data, 'classId'),
          title: text(data, 'title'),
          objectives: text(data, 'objectives'),
        }),
      formValues(data),
      { form: 'create' },
    );
    if (!result.ok) return result.failure;
    redirect(303, `/modules/${result.value.id}?cree=1`);
  },
  reflect: async (event) => {
    requireRole(event.locals, event.url, 'student');
    const data = await event.request.formData();
    const activityId = text(data, 'activityId');
    const result = await attempt(
      () =>
        api(event).put<ActivityReflection>(
          `/api/students/me/reflections/${encodeURIComponent(activityId)}`,
          { text: text(data, 'text') },
        ),
      formValues(data),
      { form: `reflect-${activityId}` },
    );
    if (!result.ok) return result.failure;
    return {
      form: `reflect-${activityId}`,
      saved: translator(event.locals.locale)('pupilModules.saved'),
    };
  },
};
