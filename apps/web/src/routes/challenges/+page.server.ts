import type { ChallengePage, SchoolLevel } from '@tremplin/contracts';
import { SchoolLevels } from '@tremplin/contracts';
import { api } from '$lib/server/api';
import { requireMe } from '$lib/server/guards';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const me = requireMe(event.locals, event.url);
  const raw = event.url.searchParams.get('niveau') ?? '';
  const level = (SchoolLevels as readonly string[]).includes(raw) ? (raw as SchoolLevel) : null;
  const page = Math.max(1, Math.min(10_000, Number(event.url.searchParams.get('page')) || 1));
  const client = api(event);
  const [mine, all] = await Promise.all([
    client.get<ChallengePage>('/api/challenges', { mine: true, pageSize: 50 }),
    client.get<ChallengePage>('/api/challenges', { level, page, pageSize: 20 }),
  ]);
  return { mine, all, level, page, canCreate: me.user.roles.includes('employer') };
};
