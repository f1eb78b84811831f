// Generated ambassador visits at département scale: visit requests from collège classes (school
// place and commune, trades wanted, candidate dates within a few weeks) and ambassadors (trades,
// communes or radius they reach, free dates, monthly limits and the load they already carry); and
// the candidate (request, ambassador, date) pairs built by the real scoring.

import type { VisitProblem } from '../assignment/visits.js';
import { visitCandidates } from '../recommend/candidates.js';
import type { AmbassadorProfile, VisitRequestProfile } from '../recommend/visit-score.js';
import { communes94 } from './communes-94.js';
import { isoDate, pickTrades, placeIn, randomPlace, schoolDays } from './pairs-common.js';
import { createRandom, type Seed } from './random.js';
import { distanceKm } from '../geo.js';

export interface VisitPopulationOptions {
  seed: Seed;
  requests: number;
  ambassadors: number;
}

export interface AmbassadorWithLimits extends AmbassadorProfile {
  yearlyLimit?: number;
}

export interface VisitPopulation {
  requests: VisitRequestProfile[];
  ambassadors: AmbassadorWithLimits[];
}

export interface VisitInstance extends VisitPopulation {
  problem: VisitProblem;
}

/** Requests and ambassadors only; see generateVisitInstance for the candidate pairs. */
export function generateVisitPopulation(options: VisitPopulationOptions): VisitPopulation {
  const random = createRandom(options.seed);
  const schoolRandom = random.fork('schools');
  const requestRandom = random.fork('requests');
  const ambassadorRandom = random.fork('ambassadors');
  // About one collège per 12 requests (a few classes each ask once or twice a year).
  const schools = Array.from({ length: Math.max(1, Math.round(options.requests / 12)) }, () =>
    placeIn(schoolRandom, schoolRandom.pick(communes94), 0.6),
  );
  const requests: VisitRequestProfile[] = Array.from({ length: options.requests }, (_, i) => {
    const r = requestRandom;
    const school = r.pick(schools);
    // Three to six dates among the school days of a three-week window.
    const first = r.int(schoolDays.length - 15);
    const window = schoolDays.slice(first, first + 15);
    const dates = r.shuffle([...window]).slice(0, r.intBetween(3, 6));
    return {
      id: `request-${i + 1}`,
      lat: school.lat,
      lon: school.lon,
      communeCode: school.commune.code,
      trades: pickTrades(r, r.intBetween(1, 2)),
      candidateDates: dates.map(isoDate),
    };
  });
  const ambassadors: AmbassadorWithLimits[] = Array.from(
    { length: options.ambassadors },
    (_, i) => {
      const r = ambassadorRandom;
      const place = randomPlace(r, 1.2);
      const reachKm = r.intBetween(5, 20);
      const namesCommunes = r.chance(0.5);
      const freeDates = r
        .shuffle([...schoolDays])
        .slice(0, r.intBetween(8, 30))
        .sort((a, b) => a - b);
      const monthlyLimit = r.pick([1, 1, 2, 2, 3, 4]);
      return {
        id: `ambassador-${i + 1}`,
        lat: place.lat,
        lon: place.lon,
        trades: pickTrades(r, r.intBetween(1, 2)),
        ...(namesCommunes
          ? {
              communeCodes: communes94
                .filter((c) => distanceKm(place.lat, place.lon, c.lat, c.lon) <= reachKm)
                .map((c) => c.code),
            }
          : { reachKm }),
        freeDates: freeDates.map(isoDate),
        visitsDone: r.intBetween(0, 8),
        monthlyLimit,
        ...(r.chance(0.4) ? { yearlyLimit: r.intBetween(3, 10) } : {}),
      };
    },
  );
  return { requests, ambassadors };
}

/** A visit assignment instance: population plus every eligible (request, ambassador, date). */
export function generateVisitInstance(options: VisitPopulationOptions): VisitInstance {
  const population = generateVisitPopulation(options);
  return {
    ...population,
    problem: {
      requestIds: population.requests.map((request) => request.id),
      ambassadors: population.ambassadors.map(({ id, monthlyLimit, yearlyLimit }) => ({
        id,
        monthlyLimit,
        ...(yearlyLimit === undefined ? {} : { yearlyLimit }),
      })),
      pairs: visitCandidates(population.requests, population.ambassadors),
    },
  };
}
