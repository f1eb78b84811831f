// The employer's yearly impact report: what their company did with Tremplin in a school year.
import { error } from '@sveltejs/kit';
import type { ImpactReport } from '@tremplin/contracts';
import { api, ApiError } from '$lib/server/api';
import { requireRole } from '$lib/server/guards';
import type { PageServerLoad } from './$types';

function schoolYearOf(day: Date): number {
  return day.getUTCMonth() >= 7 ? day.getUTCFullYear() : day.getUTCFullYear() - 1;
}

export const load: PageServerLoad = async (event) => {
  requireRole(event.locals, event.url, 'employer');
  const current = schoolYearOf(new Date());
  const asked = Number(event.url.searchParams.get('annee'));
  const year =
    Number.isInteger(asked) && asked >= current - 5 && asked <= current ? asked : current;
  const client = api(event);
  const companies = await client.get<{ id: string; name: string }[]>(
    '/api/observatory/impact/companies',
  );
  const askedCompany = event.url.searchParams.get('entreprise');
  const companyId = companies.find((c) => c.id === askedCompany)?.id ?? companies[0]?.id;
  if (!companyId) return { companies, year, years: yearsUpTo(current), report: null };
  try {
    const report = await client.get<ImpactReport>('/api/observatory/impact', { year, companyId });
    return { companies, year, years: yearsUpTo(current), report };
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) error(404, { message: e.problem.detail });
    throw e;
  }
};

const yearsUpTo = (current: number) => Array.from({ length: 6 }, (_, i) => current - i);
