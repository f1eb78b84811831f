import { describe, expect, it } from 'vitest';
import { distanceKm } from '@tremplin/matching';
import type { SearchCandidate } from './repository.js';
import { orderCandidates, type SearchOrder } from './search-order.js';

// Créteil town hall, and offers east of it along the same parallel (about 0.73 km per 0.01°).
const origin = { lat: 48.79, lon: 2.455 };
const at = (km: number) => ({ lat: origin.lat, lon: origin.lon + km / 73.4 });
const candidate = (id: string, over: Partial<SearchCandidate>): SearchCandidate => ({
  id,
  ...at(1),
  rank: 0,
  published: Date.UTC(2026, 10, 1),
  firstStart: '2027-01-11',
  ...over,
});
const ids = (order: SearchOrder, candidates: SearchCandidate[]) =>
  orderCandidates(candidates, order).page.map((p) => p.id);
const page = { limit: 20, offset: 0 };

describe('orderCandidates', () => {
  const candidates = [
    candidate('a', { rank: 0.1, ...at(8), firstStart: '2027-01-18' }),
    candidate('b', { rank: 0.5, ...at(3), firstStart: '2027-02-01' }),
    candidate('c', { rank: 0.5, ...at(1), firstStart: '2027-01-18' }),
    candidate('d', { rank: 0.3, ...at(12), firstStart: '2027-01-11' }),
  ];

  it('orders by relevance, then distance; by distance; by first date, then distance', () => {
    expect(ids({ ...page, origin, sort: 'relevance' }, candidates)).toEqual(['c', 'b', 'd', 'a']);
    expect(ids({ ...page, origin, sort: 'distance' }, candidates)).toEqual(['c', 'b', 'a', 'd']);
    expect(ids({ ...page, origin, sort: 'date' }, candidates)).toEqual(['d', 'c', 'a', 'b']);
  });

  it('keeps those within the radius, counts them all, and cuts the page', () => {
    const within = orderCandidates(candidates, { origin, radiusKm: 10, sort: 'distance', ...page });
    expect(within.total).toBe(3);
    expect(within.page.map((p) => p.id)).toEqual(['c', 'b', 'a']);
    const second = orderCandidates(candidates, {
      origin,
      radiusKm: 10,
      sort: 'distance',
      limit: 2,
      offset: 2,
    });
    expect(second).toEqual({ total: 3, page: [{ id: 'a', km: within.page[2]!.km }] });
    expect(orderCandidates(candidates, { origin, sort: 'distance', limit: 2, offset: 8 })).toEqual({
      total: 4,
      page: [],
    });
  });

  it('measures the great-circle distance, as the offer page does', () => {
    const [first] = orderCandidates(candidates, { origin, sort: 'distance', ...page }).page;
    expect(first!.km).toBe(distanceKm(origin.lat, origin.lon, at(1).lat, at(1).lon));
    expect(first!.km).toBeCloseTo(1, 1);
  });

  it('without an origin: no distance, the newest first among equals, then the id', () => {
    const equal = [
      candidate('y', { published: Date.UTC(2026, 9, 1) }),
      candidate('x', { published: Date.UTC(2026, 9, 1) }),
      candidate('z', { published: Date.UTC(2026, 10, 20) }),
      candidate('w', { published: Number.POSITIVE_INFINITY }),
    ];
    const found = orderCandidates(equal, { sort: 'distance', ...page });
    expect(found.page.map((p) => p.id)).toEqual(['w', 'z', 'x', 'y']);
    expect(found.page.every((p) => p.km === null)).toBe(true);
  });
});

describe('orderCandidates, first pages kept in order as they come', () => {
  // Many candidates with many ties (ranks, distances, instants, dates repeat).
  const many = Array.from({ length: 600 }, (_, i) =>
    candidate(`o${String((i * 7919) % 600).padStart(3, '0')}`, {
      rank: ((i * 7) % 13) / 13,
      ...at((i * 17) % 25),
      published: Date.UTC(2026, 9, 1 + ((i * 5) % 9)),
      firstStart: ['2027-01-11', '2027-01-18', '2027-02-01'][i % 3]!,
    }),
  );

  it('gives each page as a full sort of every candidate does', () => {
    for (const sort of ['relevance', 'distance', 'date'] as const) {
      for (const near of [origin, undefined]) {
        const base = { sort, ...(near ? { origin: near, radiusKm: 20 } : {}) };
        const sorted = orderCandidates(many, { ...base, limit: 600, offset: 0 });
        for (const [offset, limit] of [
          [0, 20],
          [20, 20],
          [180, 20],
          [0, 1],
          [37, 5],
        ] as const) {
          const found = orderCandidates(many, { ...base, limit, offset });
          expect(found.total).toBe(sorted.total);
          expect(found.page).toEqual(sorted.page.slice(offset, offset + limit));
        }
      }
    }
  });
});
