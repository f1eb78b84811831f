import type { AgreementPage } from '@tremplin/contracts';
import { AgreementStatuses } from '@tremplin/contracts';
import { api } from '$lib/server/api';
import { requireRole } from '$lib/server/guards';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireRole(
    event.locals,
    event.url,
    'student',
    'teacher',
    'school_admin',
    'employer',
    'operator',
  );
  const raw = event.url.searchParams.get('statut') ?? '';
  const status = (AgreementStatuses as readonly string[]).includes(raw) ? raw : undefined;
  const page = Math.max(1, Number.parseInt(event.url.searchParams.get('page') ?? '1', 10) || 1);
  const list = await api(event).get<AgreementPage>('/api/agreements', {
    status,
    page,
    pageSize: 20,
  });
  return { list, status: status ?? '' };
};
