// How well a stage offer suits a student: trade (ROME hierarchy), distance, dates against the
// school's stage weeks, level, reserved seats for REP/REP+ pupils and pressure on the offer; with
// hard rules for level, accessibility, seats open to this student and the student's maximum
// distance. One formula serves three callers: the breakdown shown to a coordinator (scoreOffer),
// the brute-force ranking (rankOffers) and the spatial search (offer-index.ts), whose cell bounds
// are the same formula applied to per-cell maxima.

import { distanceKm } from '../geo.js';
import { resolveWeights, roundKm, type CriterionScore, type ScoreBreakdown } from './breakdown.js';
import { coveredDays, dayNumber, mergeRanges, type DateRange } from './calendar.js';
import { TRADE_FIT, TradeCodebook, tradeFit } from './trade-fit.js';

export type EducationPriority = 'none' | 'REP' | 'REP+';

/** The student the offers are for. */
export interface OfferSeeker {
  /** Where distances are measured from (home or school). */
  lat: number;
  lon: number;
  /** School level, as offers list it: '4e', '3e', '2de', 'pro'… */
  level: string;
  /** ROME codes of interest, most wanted first; none means "no preference". */
  trades: readonly string[];
  /** The school's stage weeks; none means "no constraint declared". */
  stageWeeks: readonly DateRange[];
  educationPriority: EducationPriority;
  needsAccessibility?: boolean;
  /** Offers farther than this are not eligible. */
  maxDistanceKm?: number;
}

/** What the scoring needs to know about an offer. */
export interface OfferForMatching {
  id: string;
  lat: number;
  lon: number;
  trades: readonly string[];
  /** Levels the offer is for; empty means any level. */
  levels: readonly string[];
  periods: readonly DateRange[];
  /** Seats not yet taken, all periods together. */
  seatsLeft: number;
  /** Of those, seats still reserved for REP/REP+ pupils (0 once released to all). */
  reservedSeatsLeft: number;
  /** Pending applications or wishes for the offer. */
  demand: number;
  /** Reachable for people with reduced mobility. */
  accessible: boolean;
}

export type OfferCriterion = 'trade' | 'distance' | 'dates' | 'level' | 'reservedSeat' | 'pressure';
export type OfferRefusal = 'level' | 'accessibility' | 'no-seat' | 'too-far';
export type OfferWeights = Record<OfferCriterion, number>;

export const DEFAULT_OFFER_WEIGHTS: Readonly<OfferWeights> = {
  trade: 35,
  distance: 25,
  dates: 20,
  level: 5,
  reservedSeat: 5,
  pressure: 10,
};

export interface OfferScoringOptions {
  weights?: Partial<OfferWeights>;
  /** Distance at which the distance fit falls to 1/e (default 5 km). */
  distanceDecayKm?: number;
}

export type OfferScore = ScoreBreakdown<OfferCriterion, OfferRefusal>;

/** Fit given when the student states nothing to compare with (no trades, no stage weeks). */
export const NEUTRAL_FIT = 0.5;
/** Level fit of an offer open to every level, below one aimed at the student's level. */
export const OPEN_LEVEL_FIT = 0.5;

/** Offers in flat arrays, with codes and levels interned: built once, scored many times. */
export class OfferTable {
  readonly count: number;
  readonly ids: readonly string[];
  readonly lat: Float64Array;
  readonly lon: Float64Array;
  readonly codebook = new TradeCodebook();
  /** Trades of offer i are entries tradeStart[i]..tradeStart[i+1]. */
  readonly tradeStart: Int32Array;
  readonly tradeFiche: Int32Array;
  readonly tradeDomaine: Int32Array;
  readonly tradeLetter: Int32Array;
  readonly tradeCode: readonly string[];
  /** Bit per interned level; 0 means open to every level. */
  readonly levelMask: Int32Array;
  readonly levelBit = new Map<string, number>();
  /** Periods of offer i are entries periodStart[i]..periodStart[i+1], as inclusive day numbers. */
  readonly periodStart: Int32Array;
  readonly periodFrom: Int32Array;
  readonly periodTo: Int32Array;
  readonly seatsLeft: Float64Array;
  readonly reservedLeft: Float64Array;
  readonly demand: Float64Array;
  readonly accessible: Uint8Array;

  constructor(offers: readonly OfferForMatching[]) {
    const count = offers.length;
    this.count = count;
    this.ids = offers.map((offer) => offer.id);
    this.lat = Float64Array.from(offers, (offer) => offer.lat);
    this.lon = Float64Array.from(offers, (offer) => offer.lon);
    this.seatsLeft = Float64Array.from(offers, (offer) => offer.seatsLeft);
    this.reservedLeft = Float64Array.from(offers, (offer) => offer.reservedSeatsLeft);
    this.demand = Float64Array.from(offers, (offer) => offer.demand);
    this.accessible = Uint8Array.from(offers, (offer) => (offer.accessible ? 1 : 0));

    this.tradeStart = new Int32Array(count + 1);
    const fiche: number[] = [];
    const domaine: number[] = [];
    const letter: number[] = [];
    const codes: string[] = [];
    this.levelMask = new Int32Array(count);
    this.periodStart = new Int32Array(count + 1);
    const from: number[] = [];
    const to: number[] = [];
    for (let i = 0; i < count; i++) {
      const offer = offers[i]!;
      for (const code of offer.trades) {
        const [f, d, l] = this.codebook.intern(code);
        fiche.push(f);
        domaine.push(d);
        letter.push(l);
        codes.push(code);
      }
      this.tradeStart[i + 1] = fiche.length;
      let mask = 0;
      for (const level of offer.levels) mask |= this.internLevel(level);
      this.levelMask[i] = mask;
      for (const period of offer.periods) {
        from.push(dayNumber(period.start));
        to.push(dayNumber(period.end));
      }
      this.periodStart[i + 1] = from.length;
    }
    this.tradeFiche = Int32Array.from(fiche);
    this.tradeDomaine = Int32Array.from(domaine);
    this.tradeLetter = Int32Array.from(letter);
    this.tradeCode = codes;
    this.periodFrom = Int32Array.from(from);
    this.periodTo = Int32Array.from(to);
  }

  private internLevel(level: string): number {
    let bit = this.levelBit.get(level);
    if (bit === undefined) {
      if (this.levelBit.size >= 31) throw new RangeError('more than 31 distinct levels');
      bit = 1 << this.levelBit.size;
      this.levelBit.set(level, bit);
    }
    return bit;
  }
}

/** A seeker turned into what the formula reads, against one table's codebook. */
export interface PreparedSeeker {
  lat: number;
  lon: number;
  levelBit: number;
  /** Interned codes of interest (-1 where the table has never seen the code at that level). */
  fiche: Int32Array;
  domaine: Int32Array;
  letter: Int32Array;
  codes: readonly string[];
  /** Merged stage weeks as inclusive [from, to] day pairs. */
  weeks: Int32Array;
  priority: boolean;
  needsAccessibility: boolean;
  maxDistanceKm: number;
}

export function prepareSeeker(seeker: OfferSeeker, table: OfferTable): PreparedSeeker {
  const fiche = new Int32Array(seeker.trades.length);
  const domaine = new Int32Array(seeker.trades.length);
  const letter = new Int32Array(seeker.trades.length);
  seeker.trades.forEach((code, k) => {
    [fiche[k], domaine[k], letter[k]] = table.codebook.lookup(code);
  });
  return {
    lat: seeker.lat,
    lon: seeker.lon,
    levelBit: table.levelBit.get(seeker.level) ?? 0,
    fiche,
    domaine,
    letter,
    codes: seeker.trades,
    weeks: mergeRanges(seeker.stageWeeks),
    priority: seeker.educationPriority !== 'none',
    needsAccessibility: seeker.needsAccessibility ?? false,
    maxDistanceKm: seeker.maxDistanceKm ?? Infinity,
  };
}

export interface ResolvedOfferScoring {
  weights: OfferWeights;
  decayKm: number;
}

export function resolveOfferScoring(options: OfferScoringOptions = {}): ResolvedOfferScoring {
  const decayKm = options.distanceDecayKm ?? 5;
  if (!(decayKm > 0) || !Number.isFinite(decayKm)) {
    throw new RangeError('distanceDecayKm must be a positive number');
  }
  return { weights: resolveWeights(DEFAULT_OFFER_WEIGHTS, options.weights), decayKm };
}

// --- the criteria, each a fit in [0, 1] -----------------------------------------------------------

/** Index into the table's trade entries of the closest match, and its fit (first best wins). */
export function offerTradeFit(seeker: PreparedSeeker, table: OfferTable, i: number): number {
  if (seeker.fiche.length === 0) return NEUTRAL_FIT;
  let best = 0;
  for (let t = table.tradeStart[i]!; t < table.tradeStart[i + 1]!; t++) {
    for (let k = 0; k < seeker.fiche.length; k++) {
      let fit = 0;
      if (seeker.fiche[k] === table.tradeFiche[t]) fit = TRADE_FIT.fiche;
      else if (seeker.domaine[k] === table.tradeDomaine[t]) fit = TRADE_FIT.domaine;
      else if (seeker.letter[k] === table.tradeLetter[t]) fit = TRADE_FIT['grand-domaine'];
      if (fit > best) {
        best = fit;
        if (fit === TRADE_FIT.fiche) return best;
      }
    }
  }
  return best;
}

export function distanceFit(km: number, decayKm: number): number {
  return Math.exp(-km / decayKm);
}

/** Best share of one of the offer's periods that falls within the school's stage weeks. */
export function offerDateFit(seeker: PreparedSeeker, table: OfferTable, i: number): number {
  if (seeker.weeks.length === 0) return NEUTRAL_FIT;
  let best = 0;
  for (let p = table.periodStart[i]!; p < table.periodStart[i + 1]!; p++) {
    const from = table.periodFrom[p]!;
    const to = table.periodTo[p]!;
    if (to < from) continue;
    const fit = coveredDays(from, to, seeker.weeks) / (to - from + 1);
    if (fit > best) best = fit;
  }
  return best;
}

/** Seats this student could take: reserved seats count only for REP/REP+ pupils. */
export function seatsOpenTo(priority: boolean, table: OfferTable, i: number): number {
  return priority ? table.seatsLeft[i]! : table.seatsLeft[i]! - table.reservedLeft[i]!;
}

/** Share of the open seats that demand leaves: 1 when nobody else wants the offer. */
export function pressureFit(openSeats: number, demand: number): number {
  return openSeats <= 0 ? 0 : openSeats / (openSeats + Math.max(0, demand));
}

/**
 * The score when every hard rule holds, or -1 when one breaks. `km` is passed in so that callers
 * which already measured the distance do not measure it twice.
 */
export function offerScoreValue(
  seeker: PreparedSeeker,
  table: OfferTable,
  i: number,
  km: number,
  scoring: ResolvedOfferScoring,
): number {
  const mask = table.levelMask[i]!;
  if (mask !== 0 && (mask & seeker.levelBit) === 0) return -1;
  if (seeker.needsAccessibility && table.accessible[i] === 0) return -1;
  const open = seatsOpenTo(seeker.priority, table, i);
  if (open <= 0) return -1;
  if (km > seeker.maxDistanceKm) return -1;
  const w = scoring.weights;
  return (
    w.trade * offerTradeFit(seeker, table, i) +
    w.distance * distanceFit(km, scoring.decayKm) +
    w.dates * offerDateFit(seeker, table, i) +
    w.level * (mask === 0 ? OPEN_LEVEL_FIT : 1) +
    w.reservedSeat * (seeker.priority && table.reservedLeft[i]! > 0 ? 1 : 0) +
    w.pressure * pressureFit(open, table.demand[i]!)
  );
}

/** The full breakdown of one offer for one student, as shown to a coordinator. */
export function scoreOffer(
  seeker: OfferSeeker,
  offer: OfferForMatching,
  options: OfferScoringOptions = {},
): OfferScore {
  const table = new OfferTable([offer]);
  const prepared = prepareSeeker(seeker, table);
  const scoring = resolveOfferScoring(options);
  const w = scoring.weights;
  const km = distanceKm(seeker.lat, seeker.lon, offer.lat, offer.lon);
  const mask = table.levelMask[0]!;
  const open = seatsOpenTo(prepared.priority, table, 0);

  const refusals: OfferRefusal[] = [];
  if (mask !== 0 && (mask & prepared.levelBit) === 0) refusals.push('level');
  if (prepared.needsAccessibility && !offer.accessible) refusals.push('accessibility');
  if (open <= 0) refusals.push('no-seat');
  if (km > prepared.maxDistanceKm) refusals.push('too-far');

  const fits: Record<OfferCriterion, number> = {
    trade: offerTradeFit(prepared, table, 0),
    distance: distanceFit(km, scoring.decayKm),
    dates: offerDateFit(prepared, table, 0),
    level: mask === 0 ? OPEN_LEVEL_FIT : 1,
    reservedSeat: prepared.priority && offer.reservedSeatsLeft > 0 ? 1 : 0,
    pressure: pressureFit(open, offer.demand),
  };
  const notes: Record<OfferCriterion, string> = {
    trade: tradeNote(seeker.trades, offer.trades),
    distance: roundKm(km),
    dates:
      prepared.weeks.length === 0
        ? 'no stage weeks declared'
        : `${Math.round(fits.dates * 100)}% of the best period in stage weeks`,
    level: mask === 0 ? 'open to every level' : `for ${seeker.level}`,
    reservedSeat: fits.reservedSeat === 1 ? 'reserved REP/REP+ seat left' : 'no reserved seat',
    pressure: `${Math.max(0, open)} seats open, ${offer.demand} candidates`,
  };
  const order: OfferCriterion[] = [
    'trade',
    'distance',
    'dates',
    'level',
    'reservedSeat',
    'pressure',
  ];
  const criteria: CriterionScore<OfferCriterion>[] = order.map((criterion) => ({
    criterion,
    fit: fits[criterion],
    weight: w[criterion],
    points: w[criterion] * fits[criterion],
    note: notes[criterion],
  }));
  // Summed in the same order as offerScoreValue so that both give the very same number.
  const score =
    w.trade * fits.trade +
    w.distance * fits.distance +
    w.dates * fits.dates +
    w.level * fits.level +
    w.reservedSeat * fits.reservedSeat +
    w.pressure * fits.pressure;
  return { eligible: refusals.length === 0, score, criteria, refusals };
}

function tradeNote(wanted: readonly string[], offered: readonly string[]): string {
  if (wanted.length === 0) return 'no trade of interest declared';
  const { match, codes } = tradeFit(wanted, offered);
  if (codes === undefined) return 'no trade in common';
  const [a, b] = codes;
  if (match === 'fiche') return `same fiche ${a}`;
  if (match === 'domaine') return `same domaine ${a.slice(0, 3)} (${a} / ${b})`;
  return `same grand domaine ${a.slice(0, 1)} (${a} / ${b})`;
}
