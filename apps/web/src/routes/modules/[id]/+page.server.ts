import { error, redirect } from '@sveltejs/kit';
import type { DiscoveryModule, SchoolClass } from '@tremplin/contracts';
import { type MessageKey } from '$lib/i18n';
import { translator } from '$lib/server/i18n';
import { api, ApiError } from '$lib/server/api';
import { attempt, formValues, text } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const STAFF = ['teacher', 'school_admin'] as const;

export const load: PageServerLoad = async (event) => {
  requireRole(event.locals, event.url, ...STAFF);
  const client = api(event);
  try {
    const [module, classes] = await Promise.all([
      client.get<DiscoveryModule>(`/api/modules/${encodeURIComponent(event.params.id)}`),
      client.get<SchoolClass[]>('/api/classes'),
    ]);
    return {
      module,
      classes: classes.filter((c) => c.schoolId === module.schoolId),
      created: event.url.searchParams.has('cree'),
      copied: event.url.searchParams.has('copie'),
    };
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) {
      error(404, { message: e.problem.detail });
    }
    throw e;
  }
};

const path = (event: RequestEvent, tail = '') =>
  `/api/modules/${encodeURIComponent(event.params.id)}${tail}`;
const activityPath = (event: RequestEvent, id: string) =>
  path(event, `/activities/${encodeURIComponent(id)}`);
const orNull = (value: string) => (value === '' ? null : value);

async function act(
  event: RequestEvent,
  form: string,
  call: (data: FormData) => Promise<unknown>,
  savedKey: MessageKey,
) {
  requireRole(event.locals, event.url, ...STAFF);
  const data = await event.request.formData();
  const result = await attempt(() => call(data), formValues(data), { form });
  if (!result.ok) return result.failure;
  return { form, saved: translator(event.locals.locale)(savedKey) };
}

export const actions: Actions = {
  update: (event) =>
    act(
      event,
      'update',
      (data) =>
        api(event).patch(path(event), {
          title: text(data, 'title'),
          objectives: text(data, 'objectives'),
        }),
      'module.updated',
    ),
  add: (event) =>
    act(
      event,
      'add',
      (data) =>
        api(event).post(path(event, '/activities'), {
          kind: text(data, 'kind'),
          title: text(data, 'title'),
          description: text(data, 'description'),
          startsOn: orNull(text(data, 'startsOn')),
          endsOn: orNull(text(data, 'endsOn')),
        }),
      'module.activityAdded',
    ),
  edit: (event) =>
    act(
      event,
      'edit',
      (data) =>
        api(event).patch(activityPath(event, text(data, 'activityId')), {
          kind: text(data, 'kind'),
          title: text(data, 'title'),
          description: text(data, 'description'),
          startsOn: orNull(text(data, 'startsOn')),
          endsOn: orNull(text(data, 'endsOn')),
        }),
      'module.activityUpdated',
    ),
  status: (event) =>
    act(
      event,
      'status',
      (data) =>
        api(event).patch(activityPath(event, text(data, 'activityId')), {
          status: text(data, 'status'),
        }),
      'module.statusChanged',
    ),
  move: (event) =>
    act(
      event,
      'move',
      async (data) => {
        const module = await api(event).get<DiscoveryModule>(path(event));
        const ids = module.activities.map((a) => a.id);
        const from = ids.indexOf(text(data, 'activityId'));
        const to = from + (text(data, 'direction') === 'up' ? -1 : 1);
        if (from < 0 || to < 0 || to >= ids.length) return null;
        [ids[from], ids[to]] = [ids[to]!, ids[from]!];
        return api(event).put(path(event, '/activities/order'), { activityIds: ids });
      },
      'module.moved',
    ),
  remove: (event) =>
    act(
      event,
      'status',
      (data) => api(event).delete(activityPath(event, text(data, 'activityId'))),
      'module.activityRemoved',
    ),
  copy: async (event) => {
    requireRole(event.locals, event.url, ...STAFF);
    const data = await event.request.formData();
    const result = await attempt(
      () =>
        api(event).post<DiscoveryModule>(path(event, '/copy'), {
          classId: text(data, 'classId'),
          title: text(data, 'title') || undefined,
        }),
      formValues(data),
      { form: 'copy' },
    );
    if (!result.ok) return result.failure;
    redirect(303, `/modules/${result.value.id}?copie=1`);
  },
  delete: async (event) => {
    requireRole(event.locals, event.url, ...STAFF);
    const result = await attempt(() => api(event).delete(path(event)), {}, { form: 'delete' });
    if (!result.ok) return result.failure;
    redirect(303, '/modules');
  },
};
