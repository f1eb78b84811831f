import { describe, expect, it } from 'vitest';
import { generateVisitPopulation } from '../generator/pairs-visits.js';
import { visitCandidates } from './candidates.js';
import {
  scoreAmbassadorVisit,
  type AmbassadorProfile,
  type VisitRequestProfile,
} from './visit-score.js';

const request = (overrides: Partial<VisitRequestProfile> = {}): VisitRequestProfile => ({
  id: '4eB-collège-Schweitzer',
  lat: 48.78373,
  lon: 2.45467,
  communeCode: '94028',
  trades: ['F1703'],
  candidateDates: ['2026-03-03', '2026-03-05', '2026-03-10'],
  ...overrides,
});

const ambassador = (overrides: Partial<AmbassadorProfile> = {}): AmbassadorProfile => ({
  id: 'karim',
  lat: 48.78373,
  lon: 2.45467,
  trades: ['F1703'],
  communeCodes: ['94028', '94046'],
  freeDates: ['2026-03-05', '2026-03-10'],
  visitsDone: 0,
  monthlyLimit: 2,
  ...overrides,
});

describe('scoreAmbassadorVisit', () => {
  it('scores each common date, the teacher’s earlier choice higher', () => {
    const result = scoreAmbassadorVisit(request(), ambassador());
    expect(result.eligible).toBe(true);
    // Dates 2 and 3 of 3: date fits 0.75 and 0.5; everything else full.
    expect(result.dates).toEqual([
      { date: '2026-03-05', score: 45 + 15 * 0.75 + 20 + 20 },
      { date: '2026-03-10', score: 45 + 15 * 0.5 + 20 + 20 },
    ]);
    expect(result.score).toBe(result.dates[0]!.score);
  });

  it('favours ambassadors who have done fewer visits', () => {
    const rested = scoreAmbassadorVisit(request(), ambassador());
    const busy = scoreAmbassadorVisit(request(), ambassador({ visitsDone: 6 }));
    expect(busy.score).toBeLessThan(rested.score);
    expect(busy.criteria.find((c) => c.criterion === 'load')!.fit).toBeCloseTo(0.25, 10);
  });

  it('refuses another trade family, no common date, and a commune not named', () => {
    expect(scoreAmbassadorVisit(request(), ambassador({ trades: ['M1805'] })).refusals).toEqual([
      'trade',
    ]);
    expect(
      scoreAmbassadorVisit(request(), ambassador({ freeDates: ['2026-04-01'] })).refusals,
    ).toEqual(['no-common-date']);
    expect(scoreAmbassadorVisit(request({ communeCode: '94081' }), ambassador()).refusals).toEqual([
      'out-of-reach',
    ]);
    const byRadius = ambassador({ communeCodes: [], reachKm: 2, lat: 48.81738, lon: 2.51697 });
    expect(scoreAmbassadorVisit(request(), byRadius).refusals).toEqual(['out-of-reach']);
  });
});

describe('visitCandidates', () => {
  it('lists every eligible (request, ambassador, date), as scoring every pair would', () => {
    const { requests, ambassadors } = generateVisitPopulation({
      seed: 5,
      requests: 60,
      ambassadors: 80,
    });
    const expected = requests.flatMap((r) =>
      ambassadors.flatMap((a) => {
        const fit = scoreAmbassadorVisit(r, a);
        return fit.eligible
          ? fit.dates.map(({ date, score }) => ({
              requestId: r.id,
              ambassadorId: a.id,
              date,
              score,
            }))
          : [];
      }),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(visitCandidates(requests, ambassadors)).toEqual(expected);
  });
});
