import type { VisitRequest } from '@tremplin/contracts';
import { api } from '$lib/server/api';
import { requireRole } from '$lib/server/guards';
import type { PageServerLoad } from './$types';

const DONE = ['declined', 'dayTaken', 'monthFull'] as const;

export const load: PageServerLoad = async (event) => {
  const me = requireRole(
    event.locals,
    event.url,
    'teacher',
    'school_admin',
    'ambassador',
    'operator',
  );
  const roles = me.user.roles;
  const client = api(event);
  const staff = roles.some((r) => r === 'teacher' || r === 'school_admin' || r === 'operator');
  const [school, mine] = await Promise.all([
    staff ? client.get<VisitRequest[]>('/api/visit-requests') : Promise.resolve(null),
    roles.includes('ambassador')
      ? client.get<VisitRequest[]>('/api/ambassadors/me/visits')
      : Promise.resolve(null),
  ]);
  const done = event.url.searchParams.get('fait');
  return {
    school,
    mine,
    isHead: roles.includes('school_admin'),
    isOperator: roles.includes('operator'),
    done: (DONE as readonly string[]).includes(done ?? '') ? (done as (typeof DONE)[number]) : null,
  };
};
