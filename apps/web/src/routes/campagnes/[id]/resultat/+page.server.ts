import type { MyCampaignResult } from '@tremplin/contracts';
import { api } from '$lib/server/api';
import { requireRole } from '$lib/server/guards';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireRole(event.locals, event.url, 'student');
  const result = await api(event).get<MyCampaignResult>(
    `/api/campaigns/${encodeURIComponent(event.params.id)}/result`,
  );
  return { result };
};
