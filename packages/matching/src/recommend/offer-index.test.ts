import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateOffers, generateSeekers } from '../generator/recommend-offers.js';
import { OfferIndex, rankOffers, recommendOffers } from './offer-index.js';
import type { OfferSeeker } from './offer-score.js';

const offers = generateOffers({ seed: 94, offers: 10_000 });
const index = new OfferIndex(offers);
const seekers = generateSeekers({ seed: 94, seekers: 400 });

describe('recommendOffers (spatial search) against a full scan', () => {
  it('returns exactly the full scan’s top 20 for 400 generated pupils', () => {
    for (const seeker of seekers) {
      expect(recommendOffers(index, seeker, { k: 20 })).toEqual(
        rankOffers(index, seeker, { k: 20 }),
      );
    }
  });

  it('agrees for other k, weights, decays and cell sizes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: seekers.length - 1 }),
        fc.constantFrom(0, 1, 7, 50),
        fc.record({
          trade: fc.integer({ min: 0, max: 50 }),
          distance: fc.integer({ min: 0, max: 50 }),
          dates: fc.integer({ min: 0, max: 50 }),
          level: fc.integer({ min: 0, max: 10 }),
          reservedSeat: fc.integer({ min: 0, max: 10 }),
          pressure: fc.integer({ min: 0, max: 20 }),
        }),
        fc.constantFrom(1, 3, 12),
        (s, k, weights, distanceDecayKm) => {
          const options = { k, weights, distanceDecayKm };
          const seeker = seekers[s]!;
          expect(recommendOffers(index, seeker, options)).toEqual(
            rankOffers(index, seeker, options),
          );
        },
      ),
      { numRuns: 120, seed: 1 },
    );
    const coarse = new OfferIndex(offers.slice(0, 2000), { cellKm: 4 });
    const fine = new OfferIndex(offers.slice(0, 2000), { cellKm: 0.3 });
    for (const seeker of seekers.slice(0, 50)) {
      const expected = rankOffers(coarse, seeker);
      expect(recommendOffers(coarse, seeker)).toEqual(expected);
      expect(recommendOffers(fine, seeker)).toEqual(expected);
    }
  });

  it('orders equal scores by input position', () => {
    const twin = {
      lat: 48.79,
      lon: 2.45,
      trades: ['G1602'],
      levels: ['3e'],
      periods: [{ start: '2026-03-02', end: '2026-03-06' }],
      seatsLeft: 1,
      reservedSeatsLeft: 0,
      demand: 0,
      accessible: true,
    };
    const twins = new OfferIndex(
      Array.from({ length: 30 }, (_, i) => ({ ...twin, id: `twin-${i}` })),
    );
    const seeker: OfferSeeker = {
      lat: 48.8,
      lon: 2.46,
      level: '3e',
      trades: ['G1603'],
      stageWeeks: [{ start: '2026-03-02', end: '2026-03-06' }],
      educationPriority: 'none',
    };
    const found = recommendOffers(twins, seeker, { k: 5 });
    expect(found.map((o) => o.position)).toEqual([0, 1, 2, 3, 4]);
    expect(new Set(found.map((o) => o.score)).size).toBe(1);
  });

  it('opens a fraction of the offers on average, not all of them', () => {
    let scored = 0;
    for (const seeker of seekers) scored += index.search(seeker, { k: 20 }).offersScored;
    expect(scored / seekers.length).toBeLessThan(offers.length * 0.3);
  });

  it('handles an empty set of offers and k larger than what is eligible', () => {
    expect(recommendOffers(new OfferIndex([]), seekers[0]!)).toEqual([]);
    const few = new OfferIndex(offers.slice(0, 5));
    expect(recommendOffers(few, seekers[0]!, { k: 50 })).toEqual(
      rankOffers(few, seekers[0]!, { k: 50 }),
    );
    expect(() => recommendOffers(index, seekers[0]!, { k: -1 })).toThrow(RangeError);
  });
});
