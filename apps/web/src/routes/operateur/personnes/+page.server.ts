import { Roles, type Role, type UserSummary } from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api } from '$lib/server/api';
import { attempt, text } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

// The search is posted, not put in the address: a name or an e-mail in a URL ends up in browser
// history and proxy logs.
export const load: PageServerLoad = async (event) => {
  requireRole(event.locals, event.url, 'operator');
  return { roles: Roles };
};

async function search(event: Parameters<Actions[string]>[0], q: string) {
  return q ? api(event).get<UserSummary[]>('/api/users', { q }) : null;
}

export const actions: Actions = {
  search: async (event) => {
    requireRole(event.locals, event.url, 'operator');
    const q = text(await event.request.formData(), 'q');
    return { q, people: await search(event, q) };
  },
  role: async (event) => {
    requireRole(event.locals, event.url, 'operator');
    const data = await event.request.formData();
    const id = text(data, 'userId');
    const role = text(data, 'role') as Role;
    const q = text(data, 'q');
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
    return {
      q,
      people: await search(event, q),
      saved: t(grant ? 'people.granted' : 'people.revoked'),
    };
  },
};
