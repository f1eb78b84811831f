// The skills passport: the pupil's own page (entries, reflections, what the PDF shows), or, for
// a teacher or head of school, the classes whose pupils' passports they may read.
import type { ClassFollowUp, Passport, PassportEntry, SchoolClass } from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api } from '$lib/server/api';
import { attempt, formValues, text } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const me = requireRole(event.locals, event.url, 'student', 'teacher', 'school_admin');
  const client = api(event);
  if (me.user.roles.includes('student')) {
    const passport = await client.get<Passport>('/api/passport');
    const editing = event.url.searchParams.get('modifier');
    return {
      mode: 'pupil' as const,
      passport,
      editing: passport.entries.find((e) => e.id === editing && e.editable) ?? null,
      classes: [] as SchoolClass[],
      followUp: null,
    };
  }
  const active = me.schoolMemberships.some((m) => m.status === 'active');
  const classes = active ? await client.get<SchoolClass[]>('/api/classes') : [];
  const current = classes.length > 0 ? Math.max(...classes.map((c) => c.schoolYear)) : null;
  const shown = classes.filter((c) => c.schoolYear === current);
  const chosen = event.url.searchParams.get('classe') ?? shown[0]?.id ?? null;
  const followUp =
    chosen && shown.some((c) => c.id === chosen)
      ? await client.get<ClassFollowUp>(`/api/classes/${encodeURIComponent(chosen)}/follow-up`)
      : null;
  return { mode: 'staff' as const, passport: null, editing: null, classes: shown, followUp };
};

const reflectionBody = (data: FormData) => ({
  title: text(data, 'title'),
  description: text(data, 'description'),
  occurredOn: text(data, 'occurredOn') || undefined,
});

export const actions: Actions = {
  create: async (event) => {
    requireRole(event.locals, event.url, 'student');
    const data = await event.request.formData();
    const result = await attempt(
      () =>
        api(event).post<PassportEntry>('/api/passport/entries', {
          ...reflectionBody(data),
          visible: data.get('visible') === 'on',
        }),
      formValues(data),
      { form: 'create' },
    );
    if (!result.ok) return result.failure;
    return { form: 'create', saved: translator(event.locals.locale)('passport.added') };
  },
  update: async (event) => {
    requireRole(event.locals, event.url, 'student');
    const data = await event.request.formData();
    const id = text(data, 'id');
    const result = await attempt(
      () =>
        api(event).patch<PassportEntry>(
          `/api/passport/entries/${encodeURIComponent(id)}`,
          reflectionBody(data),
        ),
      formValues(data),
      { form: 'update' },
    );
    if (!result.ok) return result.failure;
    return { form: 'update', saved: translator(event.locals.locale)('passport.saved') };
  },
  delete: async (event) => {
    requireRole(event.locals, event.url, 'student');
    const data = await event.request.formData();
    const id = text(data, 'delete');
    const result = await attempt(
      () => api(event).delete(`/api/passport/entries/${encodeURIComponent(id)}`),
      {},
      { form: 'entries' },
    );
    if (!result.ok) return result.failure;
    return { form: 'entries', saved: translator(event.locals.locale)('passport.deleted') };
  },
  visibility: async (event) => {
    requireRole(event.locals, event.url, 'student');
    const data = await event.request.formData();
    const visible = data.getAll('visible').filter((v): v is string => typeof v === 'string');
    const result = await attempt(
      () => api(event).put<Passport>('/api/passport/visibility', { visible }),
      {},
      { form: 'entries' },
    );
    if (!result.ok) return result.failure;
    return {
      form: 'entries',
      saved: translator(event.locals.locale)('passport.visibilitySaved', {
        shown: result.value.entries.filter((e) => e.visible).length,
      }),
    };
  },
};
