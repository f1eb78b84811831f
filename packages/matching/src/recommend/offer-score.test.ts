import { describe, expect, it } from 'vitest';
import { generateOffers, generateSeekers } from '../generator/recommend-offers.js';
import { OfferIndex, rankOffers } from './offer-index.js';
import { scoreOffer, type OfferForMatching, type OfferSeeker } from './offer-score.js';

// A pupil of a REP collège in Créteil, and an offer next door.
const seeker = (overrides: Partial<OfferSeeker> = {}): OfferSeeker => ({
  lat: 48.78373,
  lon: 2.45467,
  level: '3e',
  trades: ['M1805'],
  stageWeeks: [{ start: '2026-03-02', end: '2026-03-06' }],
  educationPriority: 'REP',
  ...overrides,
});

const offer = (overrides: Partial<OfferForMatching> = {}): OfferForMatching => ({
  id: 'o1',
  lat: 48.78373,
  lon: 2.45467,
  trades: ['M1805'],
  levels: ['3e'],
  // Seven days of which three (4, 5, 6 March) fall in the stage week.
  periods: [{ start: '2026-03-04', end: '2026-03-10' }],
  seatsLeft: 2,
  reservedSeatsLeft: 1,
  demand: 2,
  accessible: false,
  ...overrides,
});

describe('scoreOffer', () => {
  it('adds up the weighted criteria, checked by hand', () => {
    const result = scoreOffer(seeker(), offer());
    const fits = Object.fromEntries(result.criteria.map((c) => [c.criterion, c.fit]));
    expect(fits).toEqual({
      trade: 1,
      distance: 1,
      dates: 3 / 7,
      level: 1,
      reservedSeat: 1,
      pressure: 0.5,
    });
    // 35 + 25 + 20 × 3/7 + 5 + 5 + 10 × 0.5
    expect(result.score).toBeCloseTo(83.5714, 4);
    expect(result.eligible).toBe(true);
    expect(result.refusals).toEqual([]);
    expect(result.criteria.reduce((sum, c) => sum + c.points, 0)).toBeCloseTo(result.score, 10);
  });

  it('counts reserved seats only for REP/REP+ pupils', () => {
    const notRep = scoreOffer(seeker({ educationPriority: 'none' }), offer());
    const pressure = notRep.criteria.find((c) => c.criterion === 'pressure')!;
    expect(pressure.fit).toBeCloseTo(1 / 3, 10);
    expect(notRep.criteria.find((c) => c.criterion === 'reservedSeat')!.fit).toBe(0);
    const onlyReserved = offer({ seatsLeft: 1, reservedSeatsLeft: 1 });
    expect(scoreOffer(seeker({ educationPriority: 'none' }), onlyReserved).refusals).toEqual([
      'no-seat',
    ]);
    expect(scoreOffer(seeker({ educationPriority: 'REP+' }), onlyReserved).eligible).toBe(true);
  });

  it('refuses the wrong level, an inaccessible place for a pupil who needs access, and too far', () => {
    expect(scoreOffer(seeker({ level: '2de' }), offer()).refusals).toEqual(['level']);
    expect(scoreOffer(seeker({ level: '2de' }), offer({ levels: [] })).eligible).toBe(true);
    expect(scoreOffer(seeker({ needsAccessibility: true }), offer()).refusals).toEqual([
      'accessibility',
    ]);
    // About 5.3 km east, in Champigny.
    const far = offer({ lat: 48.81738, lon: 2.51697 });
    expect(scoreOffer(seeker({ maxDistanceKm: 3 }), far).refusals).toEqual(['too-far']);
  });

  it('decays with distance and gives neutral fits when the pupil states nothing', () => {
    const far = scoreOffer(seeker(), offer({ lat: 48.81738, lon: 2.51697 }));
    const distance = far.criteria.find((c) => c.criterion === 'distance')!;
    expect(distance.fit).toBeLessThan(0.4);
    expect(distance.note).toMatch(/km$/);
    const silent = scoreOffer(seeker({ trades: [], stageWeeks: [] }), offer());
    const fits = Object.fromEntries(silent.criteria.map((c) => [c.criterion, c.fit]));
    expect(fits.trade).toBe(0.5);
    expect(fits.dates).toBe(0.5);
  });

  it('follows custom weights and refuses negative ones', () => {
    const onlyDistance = scoreOffer(seeker(), offer(), {
      weights: { trade: 0, dates: 0, level: 0, reservedSeat: 0, pressure: 0, distance: 1 },
    });
    expect(onlyDistance.score).toBe(1);
    expect(() => scoreOffer(seeker(), offer(), { weights: { trade: -1 } })).toThrow(RangeError);
  });

  it('gives the very number the ranking uses for the same offer', () => {
    const offers = generateOffers({ seed: 3, offers: 400 });
    const index = new OfferIndex(offers);
    for (const student of generateSeekers({ seed: 3, seekers: 40 })) {
      for (const ranked of rankOffers(index, student, { k: 5 })) {
        expect(scoreOffer(student, offers[ranked.position]!).score).toBe(ranked.score);
      }
    }
  });
});
