// Ambassador–visit-request fit: the trade the teacher asked for (ROME hierarchy, required), a date
// among the teacher's candidates that the ambassador is free (required; earlier choices score
// higher), distance from the ambassador to the school (within the communes or radius they named),
// and fairness of load (ambassadors who have done fewer visits come first, so the same few are
// not asked every time). One score per common date: the dates are the positions assignVisits
// chooses among.

import { distanceKm } from '../geo.js';
import { resolveWeights, roundKm, type CriterionScore, type ScoreBreakdown } from './breakdown.js';
import { tradeFit } from './trade-fit.js';

export interface VisitRequestProfile {
  id: string;
  /** The school. */
  lat: number;
  lon: number;
  /** INSEE code of the school's commune, checked against the communes an ambassador names. */
  communeCode?: string;
  /** Trades the teacher wants presented (ROME codes). */
  trades: readonly string[];
  /** ISO dates the class can host a visit, preferred first. */
  candidateDates: readonly string[];
}

export interface AmbassadorProfile {
  id: string;
  lat: number;
  lon: number;
  trades: readonly string[];
  /** Communes the ambassador goes to; when empty, `reachKm` (if any) decides. */
  communeCodes?: readonly string[];
  reachKm?: number;
  /** ISO dates the ambassador is free. */
  freeDates: readonly string[];
  /** Visits already done or promised this school year: the load to even out. */
  visitsDone: number;
  monthlyLimit: number;
}

export type VisitCriterion = 'trade' | 'date' | 'distance' | 'load';
export type VisitRefusal = 'trade' | 'no-common-date' | 'out-of-reach';
export type VisitWeights = Record<VisitCriterion, number>;

export const DEFAULT_VISIT_WEIGHTS: Readonly<VisitWeights> = {
  trade: 45,
  date: 15,
  distance: 20,
  load: 20,
};

export interface VisitScoringOptions {
  weights?: Partial<VisitWeights>;
  /** Distance at which the distance fit falls to 1/e (default 10 km). */
  distanceDecayKm?: number;
}

export interface DatedScore {
  date: string;
  score: number;
}

export interface VisitScore extends ScoreBreakdown<VisitCriterion, VisitRefusal> {
  /** Each date both are free, in the teacher's order, with the score of a visit that day. */
  dates: DatedScore[];
}

/** Date fit of the teacher's last choice (the first choice is 1). */
const LAST_DATE_FIT = 0.5;

export interface ResolvedVisitScoring {
  weights: VisitWeights;
  decayKm: number;
}

export function resolveVisitScoring(options: VisitScoringOptions = {}): ResolvedVisitScoring {
  const decayKm = options.distanceDecayKm ?? 10;
  if (!(decayKm > 0)) throw new RangeError('distanceDecayKm must be positive');
  return { weights: resolveWeights(DEFAULT_VISIT_WEIGHTS, options.weights), decayKm };
}

export function dateRankFit(rank: number, candidates: number): number {
  return candidates <= 1 ? 1 : 1 - ((1 - LAST_DATE_FIT) * rank) / (candidates - 1);
}

export function loadFit(visitsDone: number, monthlyLimit: number): number {
  return 1 / (1 + Math.max(0, visitsDone) / Math.max(1, monthlyLimit));
}

function withinReach(
  request: VisitRequestProfile,
  ambassador: AmbassadorProfile,
  km: number,
): boolean {
  const communes = ambassador.communeCodes ?? [];
  if (communes.length > 0 && request.communeCode !== undefined) {
    return communes.includes(request.communeCode);
  }
  return ambassador.reachKm === undefined || km <= ambassador.reachKm;
}

/** Fit of one ambassador for one visit request, per common date, with its breakdown. */
export function scoreAmbassadorVisit(
  request: VisitRequestProfile,
  ambassador: AmbassadorProfile,
  options: VisitScoringOptions = {},
): VisitScore {
  return evaluateVisit(request, ambassador, resolveVisitScoring(options), true);
}

/**
 * The shared evaluation. Without `explain` it stops at the first broken rule and skips the
 * breakdown (candidate generation scores many pairs); the numbers are the same either way.
 */
export function evaluateVisit(
  request: VisitRequestProfile,
  ambassador: AmbassadorProfile,
  scoring: ResolvedVisitScoring,
  explain: boolean,
  freeDates: ReadonlySet<string> = new Set(ambassador.freeDates),
): VisitScore {
  const w = scoring.weights;
  const refusals: VisitRefusal[] = [];
  const trade = tradeFit(request.trades, ambassador.trades);
  if (trade.fit === 0) refusals.push('trade');
  if (!explain && refusals.length > 0)
    return { eligible: false, score: 0, criteria: [], refusals, dates: [] };
  const commonRanks: number[] = [];
  request.candidateDates.forEach((date, rank) => {
    if (freeDates.has(date)) commonRanks.push(rank);
  });
  if (commonRanks.length === 0) refusals.push('no-common-date');
  if (!explain && refusals.length > 0)
    return { eligible: false, score: 0, criteria: [], refusals, dates: [] };
  const km = distanceKm(request.lat, request.lon, ambassador.lat, ambassador.lon);
  if (!withinReach(request, ambassador, km)) refusals.push('out-of-reach');
  if (!explain && refusals.length > 0)
    return { eligible: false, score: 0, criteria: [], refusals, dates: [] };

  const candidates = request.candidateDates.length;
  const distance = Math.exp(-km / scoring.decayKm);
  const load = loadFit(ambassador.visitsDone, ambassador.monthlyLimit);
  const scoreOn = (dateFit: number): number =>
    w.trade * trade.fit + w.date * dateFit + w.distance * distance + w.load * load;
  const dates = commonRanks.map((rank) => ({
    date: request.candidateDates[rank]!,
    score: scoreOn(dateRankFit(rank, candidates)),
  }));
  const bestDateFit = commonRanks.length === 0 ? 0 : dateRankFit(commonRanks[0]!, candidates);
  const score = scoreOn(bestDateFit);
  if (!explain) return { eligible: true, score, criteria: [], refusals, dates };

  const fits: Record<VisitCriterion, number> = {
    trade: trade.fit,
    date: bestDateFit,
    distance,
    load,
  };
  const notes: Record<VisitCriterion, string> = {
    trade: trade.codes ? `${trade.match}: ${trade.codes[0]} / ${trade.codes[1]}` : 'none in common',
    date:
      commonRanks.length === 0
        ? 'no candidate date free'
        : `${commonRanks.length} common date(s), best is choice ${commonRanks[0]! + 1}`,
    distance: roundKm(km),
    load: `${ambassador.visitsDone} visits done, ${ambassador.monthlyLimit} a month`,
  };
  const order: VisitCriterion[] = ['trade', 'date', 'distance', 'load'];
  const criteria: CriterionScore<VisitCriterion>[] = order.map((criterion) => ({
    criterion,
    fit: fits[criterion],
    weight: w[criterion],
    points: w[criterion] * fits[criterion],
    note: notes[criterion],
  }));
  return { eligible: refusals.length === 0, score, criteria, refusals, dates };
}
