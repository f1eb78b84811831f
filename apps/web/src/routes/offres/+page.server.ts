import type { Commune, OfferSearchPage, Recommendations, TradeDomain } from '@tremplin/contracts';
import { api, ApiError } from '$lib/server/api';
import { config } from '$lib/server/config';
import { requireMe } from '$lib/server/guards';
import type { PageServerLoad } from './$types';

/** The filters as the form shows them (strings, empty when unset). */
export interface SearchFilters {
  q: string;
  domain: string;
  code: string;
  commune: string;
  near: string;
  radiusKm: string;
  dateFrom: string;
  dateTo: string;
  anyDate: boolean;
  level: string;
  reserved: boolean;
  accessible: boolean;
  sort: string;
  page: number;
}

const checked = (value: string | null) => value === 'on' || value === 'true' || value === '1';

function readFilters(params: URLSearchParams): SearchFilters {
  const get = (name: string) => params.get(name)?.trim() ?? '';
  const page = Number(get('page'));
  return {
    q: get('q'),
    domain: get('domaine'),
    code: get('code').toUpperCase(),
    commune: get('commune'),
    near: get('depuis'),
    radiusKm: get('rayon'),
    dateFrom: get('du'),
    dateTo: get('au'),
    anyDate: checked(params.get('toutes-dates')),
    level: get('niveau'),
    reserved: checked(params.get('reservees')),
    accessible: checked(params.get('accessible')),
    sort: get('tri'),
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

export const load: PageServerLoad = async (event) => {
  const me = requireMe(event.locals, event.url);
  const client = api(event);
  const filters = readFilters(event.url.searchParams);
  const isStudent = me.user.roles.includes('student');
  const query = {
    q: filters.q,
    trade: filters.code || filters.domain,
    commune: filters.commune,
    near: filters.near,
    radiusKm: filters.radiusKm,
    dateFrom: filters.dateFrom,
    dateTo: filters.dateTo,
    anyDate: filters.anyDate ? 'true' : undefined,
    level: filters.level,
    reserved: filters.reserved ? 'true' : undefined,
    accessible: filters.accessible ? 'true' : undefined,
    sort: filters.sort,
    page: filters.page > 1 ? filters.page : undefined,
    pageSize: 20,
  };
  const search = client.get<OfferSearchPage>('/api/offers', query).then(
    (results) => ({ results, problem: null }),
    (error: unknown) => {
      if (error instanceof ApiError && error.status === 400) {
        return {
          results: null,
          problem: { message: error.problem.detail, errors: error.fieldErrors() },
        };
      }
      throw error;
    },
  );
  const [found, recommended, communes, domains] = await Promise.all([
    search,
    isStudent && filters.page === 1
      ? client.get<Recommendations>('/api/offers/recommended', { limit: 3 }).catch(() => null)
      : Promise.resolve(null),
    client.get<Commune[]>('/api/communes'),
    client.get<TradeDomain[]>('/api/trade-domains'),
  ]);
  return {
    filters,
    isStudent,
    results: found.results,
    problem: found.problem,
    recommended,
    communes,
    domains,
    map: { tileUrl: config.mapTileUrl, attribution: config.mapTileAttribution },
  };
};
