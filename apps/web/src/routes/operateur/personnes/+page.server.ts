import { Roles, type Role, type UserSummary } from '@tremplin/contracts';
import { translator } from '$lib/i18n';
import { api } from '$lib/server/api';
import { attempt, text } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireRole(event.locals, event.url, 'operator');
  const q = event.url.searchParams.get('q')?.trim() ?? '';
  const people = q ? await api(event).get<UserSummary[]>('/api/users', { q }) : null;
  return { q, people, roles: Roles };
};

export const actions: Actions = {
  role: async (event) => {
    requireRole(event.locals, event.url, 'operator');
    const data = await event.request.formData();
    const id = text(data, 'userId');
    const role = text(data, 'role') as Role;
    const grant = text(data, 'change') === 'grant';
    const result = await attempt(
      () =>
        grant
          ? api(event).post(`/api/users/${id}/roles`, { role })
          : api(event).delete(`/api/users/${id}/roles/${role}`),
      {},
    );
    if (!result.ok) return result.failure;
    const t = translator(event.locals.locale);
    return { saved: t(grant ? 'people.granted' : 'people.revoked') };
  },
};
