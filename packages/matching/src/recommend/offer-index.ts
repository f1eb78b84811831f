// "Offers for you": the k best offers for one student among many, found through a spatial grid
// instead of a full scan. Offers are bucketed by grid cell and by the grand domaine of their first
// trade (a student's top offers share a trade family, so most buckets can be ruled out whole).
// Each bucket gets an upper bound on the score of any offer in it (the offer formula applied to
// the bucket's nearest possible distance and to per-bucket maxima of the other criteria, the
// school weeks its periods touch included); buckets are opened best bound first, and the search stops when the bound of the next
// cell is below the k-th score found. The answer is exactly the one a full scan gives
// (rankOffers), ties included: equal scores are ordered by position in the input.

import { distanceKm } from '../geo.js';
import {
  NEUTRAL_FIT,
  OPEN_LEVEL_FIT,
  OfferTable,
  distanceFit,
  offerScoreValue,
  pressureFit,
  prepareSeeker,
  resolveOfferScoring,
  type OfferForMatching,
  type OfferScoringOptions,
  type OfferSeeker,
} from './offer-score.js';
import { SpatialGrid } from './spatial-grid.js';
import { TRADE_FIT } from './trade-fit.js';

export interface OfferIndexOptions {
  /** Side of a grid cell (default 1 km). */
  cellKm?: number;
}

export interface RecommendOptions extends OfferScoringOptions {
  /** How many offers to return (default 20). */
  k?: number;
}

export interface RecommendedOffer {
  offerId: string;
  score: number;
  /** Position of the offer in the array the index was built from. */
  position: number;
}

export interface OfferSearch {
  offers: RecommendedOffer[];
  /** Offers whose score was computed: the work saved against a full scan. */
  offersScored: number;
  cellsOpened: number;
}

/** Offers arranged for repeated searches; build once per set of offers, query per student. */
export class OfferIndex {
  readonly table: OfferTable;
  readonly grid: SpatialGrid;
  // Per-cell summaries for the bounds.
  private readonly cellLevels: Int32Array;
  private readonly cellHasOpenLevel: Uint8Array;
  private readonly cellAccessible: Uint8Array;
  private readonly cellReserved: Uint8Array;
  private readonly cellPressure: Float64Array;
  private readonly cellPriorityPressure: Float64Array;
  /** School weeks (from `weekBase`) touched by the bucket's periods, as 64 bits in two words. */
  private readonly cellWeeksLow: Int32Array;
  private readonly cellWeeksHigh: Int32Array;
  /** Set when a period lies beyond the 64 weeks the masks cover: the date bound is then 1. */
  private readonly cellFarWeeks: Uint8Array;
  private readonly weekBase: number;
  /** For each interned fiche, domaine and letter id: the cells holding an offer with it. */
  private readonly ficheCells: Int32Array[];
  private readonly domaineCells: Int32Array[];
  private readonly letterCells: Int32Array[];

  constructor(offers: readonly OfferForMatching[], options: OfferIndexOptions = {}) {
    const table = new OfferTable(offers);
    this.table = table;
    // Bucket category: the grand domaine of the offer's first trade (one more for no trade).
    const category = new Int32Array(table.count);
    for (let i = 0; i < table.count; i++) {
      const first = table.tradeStart[i]!;
      category[i] = first < table.tradeStart[i + 1]! ? table.tradeLetter[first]! : 1 << 16;
    }
    const grid = new SpatialGrid(table.lat, table.lon, options.cellKm ?? 1, category);
    this.grid = grid;
    const cells = grid.cellCount;
    this.cellLevels = new Int32Array(cells);
    this.cellHasOpenLevel = new Uint8Array(cells);
    this.cellAccessible = new Uint8Array(cells);
    this.cellReserved = new Uint8Array(cells);
    this.cellPressure = new Float64Array(cells);
    this.cellPriorityPressure = new Float64Array(cells);
    this.cellWeeksLow = new Int32Array(cells);
    this.cellWeeksHigh = new Int32Array(cells);
    this.cellFarWeeks = new Uint8Array(cells);
    // Weeks start on the Monday before the earliest period (day 0, 1970-01-01, was a Thursday).
    let earliest = Infinity;
    for (const day of table.periodFrom) earliest = Math.min(earliest, day);
    this.weekBase = Number.isFinite(earliest) ? earliest - ((earliest + 3) % 7) : 0;
    const fiche = new Map<number, Set<number>>();
    const domaine = new Map<number, Set<number>>();
    const letter = new Map<number, Set<number>>();
    const post = (map: Map<number, Set<number>>, id: number, cell: number): void => {
      let set = map.get(id);
      if (set === undefined) map.set(id, (set = new Set()));
      set.add(cell);
    };
    for (let i = 0; i < table.count; i++) {
      const c = grid.cellOf[i]!;
      const mask = table.levelMask[i]!;
      if (mask === 0) this.cellHasOpenLevel[c] = 1;
      this.cellLevels[c]! |= mask;
      if (table.accessible[i] === 1) this.cellAccessible[c] = 1;
      if (table.reservedLeft[i]! > 0) this.cellReserved[c] = 1;
      this.cellPressure[c] = Math.max(
        this.cellPressure[c]!,
        pressureFit(table.seatsLeft[i]! - table.reservedLeft[i]!, table.demand[i]!),
      );
      this.cellPriorityPressure[c] = Math.max(
        this.cellPriorityPressure[c]!,
        pressureFit(table.seatsLeft[i]!, table.demand[i]!),
      );
      for (let p = table.periodStart[i]!; p < table.periodStart[i + 1]!; p++) {
        const from = table.periodFrom[p]!;
        const to = table.periodTo[p]!;
        if (to < from) continue;
        const last = Math.floor((to - this.weekBase) / 7);
        for (let week = Math.floor((from - this.weekBase) / 7); week <= last; week++) {
          if (week >= 64) {
            this.cellFarWeeks[c] = 1;
            break;
          }
          if (week < 32) this.cellWeeksLow[c]! |= 1 << week;
          else this.cellWeeksHigh[c]! |= 1 << (week - 32);
        }
      }
      for (let t = table.tradeStart[i]!; t < table.tradeStart[i + 1]!; t++) {
        post(fiche, table.tradeFiche[t]!, c);
        post(domaine, table.tradeDomaine[t]!, c);
        post(letter, table.tradeLetter[t]!, c);
      }
    }
    const toArrays = (map: Map<number, Set<number>>): Int32Array[] => {
      const arrays: Int32Array[] = [];
      for (const [id, set] of map) arrays[id] = Int32Array.from(set);
      return arrays;
    };
    this.ficheCells = toArrays(fiche);
    this.domaineCells = toArrays(domaine);
    this.letterCells = toArrays(letter);
  }

  /** The k best eligible offers for the student, with the work done; see the module header. */
  search(seeker: OfferSeeker, options: RecommendOptions = {}): OfferSearch {
    const k = checkK(options.k);
    const scoring = resolveOfferScoring(options);
    if (k === 0) return { offers: [], offersScored: 0, cellsOpened: 0 };
    const w = scoring.weights;
    const table = this.table;
    const grid = this.grid;
    const prepared = prepareSeeker(seeker, table);
    const cells = grid.cellCount;

    // Trade bound per cell, by walking the cells that hold each of the student's codes.
    const tradeBound = new Float64Array(cells);
    if (prepared.fiche.length === 0) {
      tradeBound.fill(NEUTRAL_FIT);
    } else {
      const raise = (lists: Int32Array[], id: number, fit: number): void => {
        const list = id < 0 ? undefined : lists[id];
        if (list === undefined) return;
        for (let j = 0; j < list.length; j++) {
          const c = list[j]!;
          if (tradeBound[c]! < fit) tradeBound[c] = fit;
        }
      };
      for (let j = 0; j < prepared.fiche.length; j++) {
        raise(this.letterCells, prepared.letter[j]!, TRADE_FIT['grand-domaine']);
        raise(this.domaineCells, prepared.domaine[j]!, TRADE_FIT.domaine);
        raise(this.ficheCells, prepared.fiche[j]!, TRADE_FIT.fiche);
      }
    }

    const weeks = prepared.weeks;
    let weeksLow = 0;
    let weeksHigh = 0;
    for (let j = 0; j < weeks.length; j += 2) {
      const last = Math.min(63, Math.floor((weeks[j + 1]! - this.weekBase) / 7));
      for (
        let week = Math.max(0, Math.floor((weeks[j]! - this.weekBase) / 7));
        week <= last;
        week++
      ) {
        if (week < 32) weeksLow |= 1 << week;
        else weeksHigh |= 1 << (week - 32);
      }
    }
    /** Upper bound on the score of any offer of bucket c at distance >= km, or -1 if none is eligible. */
    const bucketBound = (c: number, km: number): number => {
      let levelFit: number;
      if ((this.cellLevels[c]! & prepared.levelBit) !== 0) levelFit = 1;
      else if (this.cellHasOpenLevel[c] === 1) levelFit = OPEN_LEVEL_FIT;
      else return -1;
      if (prepared.needsAccessibility && this.cellAccessible[c] === 0) return -1;
      if (km > prepared.maxDistanceKm) return -1;
      let dateFit = NEUTRAL_FIT;
      if (weeks.length > 0) {
        const touches =
          this.cellFarWeeks[c] === 1 ||
          (this.cellWeeksLow[c]! & weeksLow) !== 0 ||
          (this.cellWeeksHigh[c]! & weeksHigh) !== 0;
        dateFit = touches ? 1 : 0;
      }
      const pressure = prepared.priority ? this.cellPriorityPressure[c]! : this.cellPressure[c]!;
      const reserved = prepared.priority && this.cellReserved[c] === 1 ? 1 : 0;
      // Same terms in the same order as offerScoreValue, so the bound dominates every score.
      return (
        w.trade * tradeBound[c]! +
        w.distance * distanceFit(km, scoring.decayKm) +
        w.dates * dateFit +
        w.level * levelFit +
        w.reservedSeat * reserved +
        w.pressure * pressure
      );
    };

    // Buckets in a max-heap on their bound: building it is linear, and a search pops only the few
    // buckets it opens, where sorting every bucket would cost more than the search itself.
    const heap = new BucketHeap(cells);
    const cosLat = Math.cos((prepared.lat * Math.PI) / 180);
    for (let c = 0; c < cells; c++) {
      const key = bucketBound(c, grid.minDistanceKm(c, prepared.lat, prepared.lon, cosLat));
      if (key >= 0) heap.add(key, c);
    }
    heap.heapify();

    const top = new TopK(k);
    let offersScored = 0;
    let cellsOpened = 0;
    while (heap.size > 0) {
      if (top.isFull() && heap.topKey() + 1e-9 < top.kthScore()) break;
      const c = heap.topBucket();
      heap.pop();
      cellsOpened++;
      for (let m = grid.cellStart[c]!; m < grid.cellStart[c + 1]!; m++) {
        const i = grid.cellItems[m]!;
        const km = distanceKm(prepared.lat, prepared.lon, table.lat[i]!, table.lon[i]!);
        const score = offerScoreValue(prepared, table, i, km, scoring);
        offersScored++;
        if (score >= 0) top.offer(score, i);
      }
    }
    return { offers: top.toOffers(table.ids), offersScored, cellsOpened };
  }
}

/** The k best eligible offers for one student (see OfferIndex.search). */
export function recommendOffers(
  index: OfferIndex,
  seeker: OfferSeeker,
  options: RecommendOptions = {},
): RecommendedOffer[] {
  return index.search(seeker, options).offers;
}

/** The same answer by scoring every offer: the reference the spatial search is tested against. */
export function rankOffers(
  index: OfferIndex,
  seeker: OfferSeeker,
  options: RecommendOptions = {},
): RecommendedOffer[] {
  const k = checkK(options.k);
  const scoring = resolveOfferScoring(options);
  const table = index.table;
  const prepared = prepareSeeker(seeker, table);
  const top = new TopK(k);
  for (let i = 0; i < table.count; i++) {
    const km = distanceKm(prepared.lat, prepared.lon, table.lat[i]!, table.lon[i]!);
    const score = offerScoreValue(prepared, table, i, km, scoring);
    if (score >= 0) top.offer(score, i);
  }
  return top.toOffers(table.ids);
}

function checkK(k: number | undefined): number {
  const value = k ?? 20;
  if (!Number.isInteger(value) || value < 0)
    throw new RangeError('k must be a non-negative integer');
  return value;
}

/** A binary max-heap of buckets keyed by their score bound. */
class BucketHeap {
  private readonly keys: Float64Array;
  private readonly buckets: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(capacity);
    this.buckets = new Int32Array(capacity);
  }

  /** Appends without ordering; call heapify() once after the last add. */
  add(key: number, bucket: number): void {
    this.keys[this.size] = key;
    this.buckets[this.size] = bucket;
    this.size++;
  }

  heapify(): void {
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  topKey(): number {
    return this.keys[0]!;
  }

  topBucket(): number {
    return this.buckets[0]!;
  }

  pop(): void {
    this.size--;
    if (this.size === 0) return;
    this.keys[0] = this.keys[this.size]!;
    this.buckets[0] = this.buckets[this.size]!;
    this.siftDown(0);
  }

  private siftDown(start: number): void {
    const { keys, buckets, size } = this;
    const key = keys[start]!;
    const bucket = buckets[start]!;
    let i = start;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && keys[child + 1]! > keys[child]!) child++;
      if (keys[child]! <= key) break;
      keys[i] = keys[child]!;
      buckets[i] = buckets[child]!;
      i = child;
    }
    keys[i] = key;
    buckets[i] = bucket;
  }
}

/** The k best (score, position) pairs seen so far: higher score first, then lower position. */
export class TopK {
  private readonly scores: Float64Array;
  private readonly positions: Int32Array;
  private size = 0;

  constructor(private readonly k: number) {
    this.scores = new Float64Array(k);
    this.positions = new Int32Array(k);
  }

  isFull(): boolean {
    return this.size === this.k;
  }

  kthScore(): number {
    return this.size === 0 ? -Infinity : this.scores[this.size - 1]!;
  }

  offer(score: number, position: number): void {
    const k = this.k;
    let at = this.size;
    // Walk up from the end past every entry that ranks below the newcomer.
    while (
      at > 0 &&
      (this.scores[at - 1]! < score ||
        (this.scores[at - 1] === score && this.positions[at - 1]! > position))
    ) {
      at--;
    }
    if (at >= k) return;
    const last = Math.min(this.size, k - 1);
    for (let m = last; m > at; m--) {
      this.scores[m] = this.scores[m - 1]!;
      this.positions[m] = this.positions[m - 1]!;
    }
    this.scores[at] = score;
    this.positions[at] = position;
    if (this.size < k) this.size++;
  }

  entries(): { score: number; position: number }[] {
    const out: { score: number; position: number }[] = [];
    for (let m = 0; m < this.size; m++) {
      out.push({ score: this.scores[m]!, position: this.positions[m]! });
    }
    return out;
  }

  toOffers(ids: readonly string[]): RecommendedOffer[] {
    return this.entries().map(({ score, position }) => ({
      offerId: ids[position]!,
      score,
      position,
    }));
  }
}
