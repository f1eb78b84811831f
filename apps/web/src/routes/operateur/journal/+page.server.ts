// The operator's audit log: sensitive actions, newest first, filtered by kind of action, subject
// and dates (the filters are in the address: they name no one).
import type { AuditActions, AuditPage } from '@tremplin/contracts';
import { api, ApiError } from '$lib/server/api';
import { requireRole } from '$lib/server/guards';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 50;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const load: PageServerLoad = async (event) => {
  requireRole(event.locals, event.url, 'operator');
  const params = event.url.searchParams;
  const filters = {
    action: params.get('action')?.trim() ?? '',
    type: params.get('type')?.trim() ?? '',
    du: params.get('du')?.trim() ?? '',
    au: params.get('au')?.trim() ?? '',
  };
  const page = Math.max(1, Math.min(10_000, Number(params.get('page')) || 1));
  const client = api(event);
  const actions = await client.get<AuditActions>('/api/audit/actions');
  try {
    const log = await client.get<AuditPage>('/api/audit', {
      action: filters.action,
      subjectType: filters.type,
      from: DAY.test(filters.du) ? filters.du : undefined,
      to: DAY.test(filters.au) ? filters.au : undefined,
      page,
      pageSize: PAGE_SIZE,
    });
    return { filters, actions, log, error: null, errors: {} as Record<string, string> };
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 400) throw error;
    const errors = error.fieldErrors();
    return {
      filters,
      actions,
      log: { items: [], total: 0, page: 1, pageSize: PAGE_SIZE } as AuditPage,
      error: error.problem.detail,
      errors: { du: errors.from, au: errors.to, action: errors.action, type: errors.subjectType },
    };
  }
};
