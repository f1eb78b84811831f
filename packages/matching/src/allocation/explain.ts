// Turns a compact solution back into the campaign's own words: a seat (or none) per student, the
// reason each better wish was refused with the cutoff that applied, each offer's state, and the
// run's statistics. Reasons are derived from the final matching only (who holds which seat), not
// from the solver's history, so they are exactly what a student can check against the outcome.
import { distanceKm } from '../geo.js';
import { UNACCEPTABLE } from './compile.js';
import type { AllocationIndex } from './compile.js';
import type { AllocationAlgorithm, CompactAllocationSolution } from './solve.js';
import type {
  AllocationResult,
  AllocationStatistics,
  AllocationClassStatistics,
  OfferOutcome,
  PriorityDescription,
  StudentPlacement,
  WishRefusal,
} from './types.js';

// Bars: the key an applicant must beat (be below) to be chosen. NO_BAR: no seat is open to them.
// ANY: the offer would take them whatever their priority (only seen when something is wrong).
const NO_BAR = -1;
const ANY = Number.POSITIVE_INFINITY;
const SEAT_NONE = 0;
const SEAT_OPEN = 1;
const SEAT_RESERVED = 2;
const SEAT_COMPANY = 3;
const SEAT_NAMES = [null, 'open', 'reserved', 'company'] as const;

interface OfferAnalysis {
  filled: Int32Array;
  eligibleAdmitted: Int32Array;
  /** Weakest key held (max), or NO_BAR when nobody is held. */
  worstKey: Float64Array;
  barEligible: Float64Array;
  barEligibleSeat: Uint8Array;
  barOther: Float64Array;
  barOtherSeat: Uint8Array;
  /** 1 when the student holds a reserved seat. */
  onReservedSeat: Uint8Array;
}

function keyOfHeld(index: AllocationIndex, solution: CompactAllocationSolution, s: number): number {
  return index.compact.wishKey[solution.studentWish[s] as number] as number;
}

function analyseOffers(index: AllocationIndex, solution: CompactAllocationSolution): OfferAnalysis {
  const c = index.compact;
  const m = c.offerCount;
  const n = c.studentCount;
  const filled = new Int32Array(m);
  const eligibleAdmitted = new Int32Array(m);
  const worstKey = new Float64Array(m).fill(NO_BAR);
  for (let s = 0; s < n; s++) {
    const o = solution.studentOffer[s] as number;
    if (o < 0) continue;
    (filled[o] as number)++;
    if (c.studentEligible[s] === 1) (eligibleAdmitted[o] as number)++;
    const key = keyOfHeld(index, solution, s);
    if (key > (worstKey[o] as number)) worstKey[o] = key;
  }
  const barEligible = new Float64Array(m);
  const barEligibleSeat = new Uint8Array(m);
  const barOther = new Float64Array(m);
  const barOtherSeat = new Uint8Array(m);
  const onReservedSeat = new Uint8Array(n);
  for (let o = 0; o < m; o++) {
    const full = (filled[o] as number) >= (c.offerSeats[o] as number);
    const bar = !full ? ANY : (c.offerSeats[o] as number) === 0 ? NO_BAR : (worstKey[o] as number);
    barEligible[o] = bar;
    barOther[o] = bar;
    const seat = bar === NO_BAR ? SEAT_NONE : SEAT_OPEN;
    barEligibleSeat[o] = seat;
    barOtherSeat[o] = seat;
  }
  const analysis: OfferAnalysis = {
    filled,
    eligibleAdmitted,
    worstKey,
    barEligible,
    barEligibleSeat,
    barOther,
    barOtherSeat,
    onReservedSeat,
  };
  const reserved = c.offerReserved;
  if (reserved === null) return analysis;

  // With reserves the bars depend on who holds which kind of seat: list each offer's holders in
  // key order and apply the choice function's definition.
  const start = new Int32Array(m + 1);
  for (let o = 0; o < m; o++) start[o + 1] = (start[o] as number) + (filled[o] as number);
  const fill = start.slice(0, m);
  const holderKey = new Float64Array(start[m] as number);
  const holder = new Int32Array(start[m] as number);
  for (let s = 0; s < n; s++) {
    const o = solution.studentOffer[s] as number;
    if (o < 0) continue;
    const at = fill[o] as number;
    fill[o] = at + 1;
    holderKey[at] = keyOfHeld(index, solution, s);
    holder[at] = s;
  }
  const openFirst = c.reservePrecedence === 'open-first';
  for (let o = 0; o < m; o++) {
    const r = reserved[o] as number;
    if (r === 0) continue;
    const q = c.offerSeats[o] as number;
    const from = start[o] as number;
    const to = start[o + 1] as number;
    // Insertion sort: offers hold a handful of students.
    for (let i = from + 1; i < to; i++) {
      const k = holderKey[i] as number;
      const st = holder[i] as number;
      let j = i - 1;
      while (j >= from && (holderKey[j] as number) > k) {
        holderKey[j + 1] = holderKey[j] as number;
        holder[j + 1] = holder[j] as number;
        j--;
      }
      holderKey[j + 1] = k;
      holder[j + 1] = st;
    }
    const full = to - from >= q;
    if (!openFirst) {
      // Reserved seats: the best min(r, eligible) eligible holders; open seats: everyone else.
      let reservedTaken = 0;
      let rthEligible = NO_BAR;
      let worstOpen = NO_BAR;
      for (let i = from; i < to; i++) {
        const st = holder[i] as number;
        if (c.studentEligible[st] === 1 && reservedTaken < r) {
          reservedTaken++;
          onReservedSeat[st] = 1;
          rthEligible = holderKey[i] as number;
        } else {
          worstOpen = holderKey[i] as number;
        }
      }
      if (!full) continue;
      barOther[o] = worstOpen;
      barOtherSeat[o] = worstOpen === NO_BAR ? SEAT_NONE : SEAT_OPEN;
      if (reservedTaken < r) {
        barEligible[o] = ANY;
        barEligibleSeat[o] = SEAT_RESERVED;
      } else if (rthEligible >= worstOpen) {
        barEligible[o] = rthEligible;
        barEligibleSeat[o] = SEAT_RESERVED;
      } else {
        barEligible[o] = worstOpen;
        barEligibleSeat[o] = SEAT_OPEN;
      }
    } else {
      // Open seats: the best q − r holders of any class; reserved seats: the rest.
      const openSeats = q - r;
      let worstOpen = NO_BAR;
      let worstReserved = NO_BAR;
      let worstReservedOther = NO_BAR;
      for (let i = from; i < to; i++) {
        const st = holder[i] as number;
        if (i - from < openSeats) {
          worstOpen = holderKey[i] as number;
        } else {
          // A reserved seat held by a student outside the eligible classes was released to
          // anyone: it is reported as an open seat, as with reserved-first.
          if (c.studentEligible[st] === 1) onReservedSeat[st] = 1;
          worstReserved = holderKey[i] as number;
          if (c.studentEligible[st] === 0) worstReservedOther = holderKey[i] as number;
        }
      }
      if (!full) continue;
      if (worstReservedOther !== NO_BAR) {
        barEligible[o] = ANY;
        barEligibleSeat[o] = SEAT_RESERVED;
        barOther[o] = worstReservedOther;
        barOtherSeat[o] = SEAT_RESERVED;
      } else {
        barEligible[o] = worstReserved !== NO_BAR ? worstReserved : worstOpen;
        barEligibleSeat[o] =
          worstReserved !== NO_BAR ? SEAT_RESERVED : worstOpen !== NO_BAR ? SEAT_OPEN : SEAT_NONE;
        barOther[o] = worstOpen;
        barOtherSeat[o] = worstOpen === NO_BAR ? SEAT_NONE : SEAT_OPEN;
      }
    }
  }
  return analysis;
}

/** Builds the plain result of a run. */
export function buildAllocationResult(
  index: AllocationIndex,
  solution: CompactAllocationSolution,
  algorithm: AllocationAlgorithm,
): AllocationResult {
  const c = index.compact;
  const n = c.studentCount;
  const m = c.offerCount;
  const { wishStart, wishOffer, wishKey, offerRanking } = c;
  const analysis = analyseOffers(index, solution);
  const { classNames, studentClass, studentLottery, studentLotteryRank, offerIds } = index;

  // Company state, for 'company-full'.
  const companyFilled = new Int32Array(c.companyCount);
  const companyWorst = new Float64Array(c.companyCount).fill(NO_BAR);
  const offerCompany = c.offerCompany;
  if (offerCompany !== null) {
    for (let s = 0; s < n; s++) {
      const o = solution.studentOffer[s] as number;
      const k = o < 0 ? -1 : (offerCompany[o] as number);
      if (k < 0) continue;
      (companyFilled[k] as number)++;
      const key = keyOfHeld(index, solution, s);
      if (key > (companyWorst[k] as number)) companyWorst[k] = key;
    }
  }

  // Descriptions are shared: one per student and one per offer bar, not one per refusal, which
  // keeps a département run to a few tens of thousands of objects.
  const studentDescription: (PriorityDescription | undefined)[] = new Array(n);
  const lotteryDescription = (s: number): PriorityDescription =>
    (studentDescription[s] ??= {
      kind: 'lottery',
      priorityClass: classNames[studentClass[s] as number] as string,
      lottery: studentLottery[s] as number,
      lotteryRank: studentLotteryRank[s] as number,
    });
  const describe = (o: number, key: number): PriorityDescription => {
    const r = offerRanking[o] as number;
    if (r < 0) return lotteryDescription(key);
    return { kind: 'ranking', position: key + 1 };
  };
  const refusalError = (s: number, o: number): Error =>
    new Error(
      `allocation invariant broken: student "${index.studentIds[s] as string}" was refused by ` +
        `offer "${offerIds[o] as string}" although it would take them; please report this`,
    );

  const placements: StudentPlacement[] = new Array<StudentPlacement>(n);
  const rankDistribution: number[] = [];
  const classStats: Record<string, AllocationClassStatistics> = {};
  for (const name of classNames) {
    classStats[name] = { students: 0, placed: 0, placementRate: 0, firstWish: 0 };
  }
  let placed = 0;
  let firstWish = 0;
  let rankSum = 0;
  let distanceSum = 0;
  let distancePairs = 0;
  const { offerLat, offerLon, studentLat, studentLon } = index;

  for (let j = 0; j < n; j++) {
    const s = index.studentInternal[j] as number;
    const o = solution.studentOffer[s] as number;
    const heldEntry = solution.studentWish[s] as number;
    const from = wishStart[s] as number;
    const to = o >= 0 ? heldEntry : (wishStart[s + 1] as number);
    const eligible = c.studentEligible[s] === 1;
    // Exactly sized: growing arrays by push would leave garbage behind for every student.
    const refusals: WishRefusal[] = new Array<WishRefusal>(to - from);
    for (let e = from; e < to; e++) {
      const wished = wishOffer[e] as number;
      const key = wishKey[e] as number;
      if (key === UNACCEPTABLE) {
        const allowed = index.offerClassAllowed;
        const classOk =
          allowed === null ||
          allowed[wished * classNames.length + (studentClass[s] as number)] === 1;
        refusals[e - from] = {
          offerId: offerIds[wished] as string,
          wishRank: e - from + 1,
          reason: classOk ? 'not-ranked-by-offer' : 'not-eligible',
          cutoff: null,
          cutoffSeats: null,
          own: null,
        };
        continue;
      }
      const bar = eligible ? analysis.barEligible[wished] : analysis.barOther[wished];
      const seat = eligible ? analysis.barEligibleSeat[wished] : analysis.barOtherSeat[wished];
      if (bar !== ANY) {
        if (bar !== NO_BAR && key < (bar as number)) throw refusalError(s, wished);
        refusals[e - from] = {
          offerId: offerIds[wished] as string,
          wishRank: e - from + 1,
          reason: 'full',
          cutoff: bar === NO_BAR ? null : describe(wished, bar as number),
          cutoffSeats: SEAT_NAMES[seat as number] ?? null,
          own: describe(wished, key),
        };
        continue;
      }
      // The offer has room: only its company's cap can have kept the student out.
      const k = offerCompany === null ? -1 : (offerCompany[wished] as number);
      const sameCompany = k >= 0 && o >= 0 && offerCompany![o] === k;
      if (
        k < 0 ||
        sameCompany ||
        (companyFilled[k] as number) < (c.companySeats[k] as number) ||
        key < (companyWorst[k] as number)
      ) {
        throw refusalError(s, wished);
      }
      const worst = companyWorst[k] as number;
      refusals[e - from] = {
        offerId: offerIds[wished] as string,
        wishRank: e - from + 1,
        reason: 'company-full',
        cutoff: worst === NO_BAR ? null : describe(wished, worst),
        cutoffSeats: SEAT_NAMES[SEAT_COMPANY],
        own: describe(wished, key),
      };
    }

    const className = classNames[studentClass[s] as number] as string;
    const stats = classStats[className] as AllocationClassStatistics;
    stats.students++;
    let wishRank: number | null = null;
    if (o >= 0) {
      wishRank = heldEntry - from + 1;
      placed++;
      stats.placed++;
      rankSum += wishRank;
      while (rankDistribution.length < wishRank) rankDistribution.push(0);
      rankDistribution[wishRank - 1] = (rankDistribution[wishRank - 1] as number) + 1;
      if (wishRank === 1) {
        firstWish++;
        stats.firstWish++;
      }
      if (studentLat !== null && studentLon !== null) {
        const lat = studentLat[s] as number;
        const oLat = offerLat[o] as number;
        // NaN marks a missing coordinate on either side.
        if (lat === lat && oLat === oLat) {
          distanceSum += distanceKm(lat, studentLon[s] as number, oLat, offerLon[o] as number);
          distancePairs++;
        }
      }
    }
    placements[j] = {
      studentId: index.studentIds[s] as string,
      offerId: o >= 0 ? (offerIds[o] as string) : null,
      wishRank,
      seat: o < 0 ? null : analysis.onReservedSeat[s] === 1 ? 'reserved' : 'open',
      priorityClass: className,
      lottery: studentLottery[s] as number,
      lotteryRank: studentLotteryRank[s] as number,
      refusals,
    };
  }

  const offers: OfferOutcome[] = new Array<OfferOutcome>(m);
  let seats = 0;
  let seatsFilled = 0;
  let offersWithSeatsLeft = 0;
  // Reported in input order.
  for (let input = 0; input < m; input++) {
    const o = index.offerInternal[input] as number;
    const q = c.offerSeats[o] as number;
    const f = analysis.filled[o] as number;
    const worst = analysis.worstKey[o] as number;
    seats += q;
    seatsFilled += f;
    if (f < q) offersWithSeatsLeft++;
    offers[input] = {
      offerId: offerIds[o] as string,
      seats: q,
      filled: f,
      seatsLeft: q - f,
      reservedSeats: c.offerReserved === null ? 0 : (c.offerReserved[o] as number),
      eligibleAdmitted: analysis.eligibleAdmitted[o] as number,
      cutoff: worst === NO_BAR ? null : describe(o, worst),
    };
  }
  for (const name of classNames) {
    const stats = classStats[name] as AllocationClassStatistics;
    stats.placementRate = stats.students === 0 ? 0 : stats.placed / stats.students;
  }
  const statistics: AllocationStatistics = {
    students: n,
    placed,
    unplaced: n - placed,
    placementRate: n === 0 ? 0 : placed / n,
    byPriorityClass: classStats,
    firstWishShare: n === 0 ? 0 : firstWish / n,
    rankDistribution,
    meanWishRank: placed === 0 ? 0 : rankSum / placed,
    seats,
    seatsFilled,
    seatsLeft: seats - seatsFilled,
    offersWithSeatsLeft,
    meanDistanceKm: distancePairs === 0 ? null : distanceSum / distancePairs,
    distancePairs,
    proposals: solution.proposals,
  };
  return {
    placements,
    offers,
    statistics,
    run: {
      algorithm,
      seed: index.options.seed,
      reservePrecedence: index.options.reservePrecedence,
    },
  };
}
