import type { CampaignList } from '@tremplin/contracts';
import { api } from '$lib/server/api';
import { requireRole } from '$lib/server/guards';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const me = requireRole(event.locals, event.url, 'operator', 'school_admin', 'student');
  const staff = me.user.roles.includes('operator') || me.user.roles.includes('school_admin');
  const list = await api(event).get<CampaignList>('/api/campaigns');
  return { list, staff, deleted: event.url.searchParams.has('supprimee') };
};
