// The part of an offer search that depends on who asks and how: distance from their origin, the
// radius, the order and the page, worked out in memory over the candidates the database found
// for the filters (repository.searchCandidates), which pupils everywhere share.
import { distanceKm } from '@tremplin/matching';
import type { SearchCandidate, SearchParams } from './repository.js';

export type SearchOrder = Pick<SearchParams, 'origin' | 'radiusKm' | 'sort' | 'limit' | 'offset'>;

export interface SearchMatch {
  /** The page's offers, in order, with their distance from the origin (km) when there is one. */
  page: { id: string; km: number | null }[];
  total: number;
}

interface Measured {
  candidate: SearchCandidate;
  km: number;
}

/** Ascending order of a value (numbers or ISO days); NaN-free even for infinite instants. */
function ascending<T extends number | string>(value: (m: Measured) => T): Compare {
  return (a, b) => {
    const x = value(a);
    const y = value(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };
}
function descending<T extends number | string>(value: (m: Measured) => T): Compare {
  const order = ascending(value);
  return (a, b) => order(b, a);
}
type Compare = (a: Measured, b: Measured) => number;

const byId = ascending((m) => m.candidate.id);
const newestFirst = descending((m) => m.candidate.published);
const nearestFirst = ascending((m) => m.km);
const mostRelevantFirst = descending((m) => m.candidate.rank);
const soonestFirst = ascending((m) => m.candidate.firstStart);

function chain(...orders: Compare[]): Compare {
  return (a, b) => {
    for (const order of orders) {
      const c = order(a, b);
      if (c !== 0) return c;
    }
    return 0;
  };
}

const orders = {
  relevance: chain(mostRelevantFirst, newestFirst, byId),
  relevanceNear: chain(mostRelevantFirst, nearestFirst, newestFirst, byId),
  distance: chain(nearestFirst, newestFirst, byId),
  date: chain(soonestFirst, byId),
  dateNear: chain(soonestFirst, nearestFirst, byId),
};

/** Above this many offers to keep (a far page), a plain sort beats keeping the best in order. */
const KEPT_IN_ORDER = 200;

/**
 * The page of these candidates for one search: those within the radius of the origin (great-
 * circle distance, as an offer's own page and the recommendations measure it), ordered by
 * relevance (then distance, then newest), distance (then newest) or first date (then distance),
 * the offer id settling ties, and the total. Only the offers up to the page's end are kept in
 * order as they come (most searches ask the first page of hundreds of candidates).
 */
export function orderCandidates(candidates: SearchCandidate[], order: SearchOrder): SearchMatch {
  const origin = order.origin;
  const radius = origin ? order.radiusKm : undefined;
  const compare =
    order.sort === 'distance' && origin
      ? orders.distance
      : order.sort === 'date'
        ? origin
          ? orders.dateNear
          : orders.date
        : origin
          ? orders.relevanceNear
          : orders.relevance;
  const end = order.offset + order.limit;
  const keepAll = end > KEPT_IN_ORDER;
  const kept: Measured[] = [];
  let total = 0;
  for (const candidate of candidates) {
    const km = origin ? distanceKm(origin.lat, origin.lon, candidate.lat, candidate.lon) : 0;
    if (radius !== undefined && km > radius) continue;
    total++;
    const measured = { candidate, km };
    if (keepAll) {
      kept.push(measured);
      continue;
    }
    if (kept.length === end && compare(measured, kept[end - 1]!) >= 0) continue;
    // Where it goes among those kept (binary search), the last one out if there are too many.
    let low = 0;
    let high = kept.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compare(kept[middle]!, measured) <= 0) low = middle + 1;
      else high = middle;
    }
    kept.splice(low, 0, measured);
    if (kept.length > end) kept.pop();
  }
  if (keepAll) kept.sort(compare);
  return {
    total,
    page: kept
      .slice(order.offset, end)
      .map((m) => ({ id: m.candidate.id, km: origin ? m.km : null })),
  };
}
