// Test support: the allocation problem restated naively from its definitions, for tiny campaigns.
// Priorities are computed from scratch, each offer's choice function is applied to explicit sets
// by sorting, and all matchings are enumerated. Nothing here is shared with the solvers, the
// front end or the verifier, so the brute-force tests compare independent implementations.
import { lotteryNumber } from '../priority.js';
import type { AllocationInstance, AllocationOptions } from '../types.js';

export interface ReferenceProblem {
  /** wishes[i] = offer indices, most wanted first. */
  wishes: number[][];
  eligible: boolean[];
  seats: number[];
  reserved: number[];
  /** Company of each offer, -1 for none (only when caps apply). */
  company: number[];
  companySeats: number[];
  /** rank[o][i] = position of student i at offer o (lower first), or null if unacceptable. */
  rank: (number | null)[][];
  precedence: 'reserved-first' | 'open-first';
}

const DEFAULT_RANKS: Record<string, number> = { 'rep-plus': 0, rep: 1, other: 2 };

/** Restates a plain campaign: every priority from its definition. */
export function referenceProblem(
  instance: AllocationInstance,
  options: AllocationOptions,
): ReferenceProblem {
  const classRanks = options.priorityClassRanks ?? DEFAULT_RANKS;
  const eligibleClasses = new Set(options.reserveEligibleClasses ?? ['rep-plus', 'rep']);
  const students = instance.students;
  const classOf = (i: number) => students[i]?.priorityClass ?? 'other';
  const campaignOrder = students.map((_, i) => i);
  campaignOrder.sort((a, b) => {
    const byClass = (classRanks[classOf(a)] as number) - (classRanks[classOf(b)] as number);
    if (byClass !== 0) return byClass;
    const la = lotteryNumber(options.seed, students[a]?.id ?? '');
    const lb = lotteryNumber(options.seed, students[b]?.id ?? '');
    if (la !== lb) return la - lb;
    const ia = students[a]?.id ?? '';
    const ib = students[b]?.id ?? '';
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  });
  const campaignPosition: number[] = [];
  campaignOrder.forEach((i, position) => (campaignPosition[i] = position));
  const offerIndex = new Map(instance.offers.map((offer, o) => [offer.id, o]));
  const companies = instance.companies ?? [];
  const companyIndex = new Map(companies.map((company, k) => [company.id, k]));
  const useReserves = options.useReservedSeats ?? true;
  const useCaps = options.useCompanyCaps ?? true;

  const rank = instance.offers.map((offer) => {
    const k = offer.companyId === undefined ? -1 : (companyIndex.get(offer.companyId) as number);
    const ranking = k >= 0 ? companies[k]?.ranking : offer.ranking;
    return students.map((student, i) => {
      if (offer.eligibleClasses !== undefined && !offer.eligibleClasses.includes(classOf(i))) {
        return null;
      }
      if (ranking === undefined) return campaignPosition[i] as number;
      const position = ranking.indexOf(student.id);
      return position < 0 ? null : position;
    });
  });
  return {
    wishes: students.map((student) => student.wishes.map((id) => offerIndex.get(id) as number)),
    eligible: students.map((_, i) => eligibleClasses.has(classOf(i))),
    seats: instance.offers.map((offer) => offer.seats),
    reserved: instance.offers.map((offer) => (useReserves ? (offer.reservedSeats ?? 0) : 0)),
    company: instance.offers.map((offer) =>
      useCaps && offer.companyId !== undefined ? (companyIndex.get(offer.companyId) as number) : -1,
    ),
    companySeats: companies.map((company) => company.seats),
    rank,
    precedence: options.reservePrecedence ?? 'reserved-first',
  };
}

/** The choice function of offer o applied to a set of applicants, by its definition. */
export function choose(problem: ReferenceProblem, o: number, applicants: number[]): Set<number> {
  const rank = problem.rank[o] as (number | null)[];
  const acceptable = applicants
    .filter((i) => rank[i] !== null)
    .sort((a, b) => (rank[a] as number) - (rank[b] as number));
  const q = problem.seats[o] as number;
  const r = problem.reserved[o] as number;
  const chosen = new Set<number>();
  const takeInOrder = (limit: number, accept: (i: number) => boolean) => {
    let taken = 0;
    for (const i of acceptable) {
      if (taken >= limit) break;
      if (!chosen.has(i) && accept(i)) {
        chosen.add(i);
        taken++;
      }
    }
    return taken;
  };
  if (problem.precedence === 'reserved-first') {
    const reservedTaken = takeInOrder(r, (i) => problem.eligible[i] === true);
    takeInOrder(q - reservedTaken, () => true);
  } else {
    takeInOrder(q - r, () => true);
    const reservedTaken = takeInOrder(r, (i) => problem.eligible[i] === true);
    takeInOrder(r - reservedTaken, () => true);
  }
  return chosen;
}

/** A matching: the wish position each student holds, or -1. */
export type ReferenceMatching = number[];

/** Is (student, wish position) a blocking pair of the matching? */
function blocks(
  problem: ReferenceProblem,
  matching: ReferenceMatching,
  i: number,
  w: number,
): boolean {
  const o = (problem.wishes[i] as number[])[w] as number;
  const rank = problem.rank[o] as (number | null)[];
  if (rank[i] === null) return false;
  const holders: number[] = [];
  matching.forEach((held, j) => {
    if (held >= 0 && (problem.wishes[j] as number[])[held] === o) holders.push(j);
  });
  const k = problem.company[o] as number;
  if (k < 0) return choose(problem, o, [...holders, i]).has(i);
  // Abraham–Irving–Manlove 2007, SPA stability.
  const companyHolders: number[] = [];
  matching.forEach((held, j) => {
    if (held >= 0 && problem.company[(problem.wishes[j] as number[])[held] as number] === k) {
      companyHolders.push(j);
    }
  });
  const offerFull = holders.length >= (problem.seats[o] as number);
  const companyFull = companyHolders.length >= (problem.companySeats[k] as number);
  const worst = (set: number[]) => Math.max(...set.map((j) => rank[j] as number));
  if (!offerFull && !companyFull) return true;
  if (!offerFull && companyFull) {
    return (
      companyHolders.includes(i) ||
      (companyHolders.length > 0 && (rank[i] as number) < worst(companyHolders))
    );
  }
  return holders.length > 0 && (rank[i] as number) < worst(holders);
}

export function isStable(problem: ReferenceProblem, matching: ReferenceMatching): boolean {
  for (let i = 0; i < matching.length; i++) {
    const limit =
      (matching[i] as number) >= 0
        ? (matching[i] as number)
        : (problem.wishes[i] as number[]).length;
    for (let w = 0; w < limit; w++) if (blocks(problem, matching, i, w)) return false;
  }
  return true;
}

/** Every feasible matching (seats, caps, acceptability), enumerated. */
export function* feasibleMatchings(problem: ReferenceProblem): Generator<ReferenceMatching> {
  const n = problem.wishes.length;
  const matching: number[] = new Array<number>(n).fill(-1);
  const used = problem.seats.map(() => 0);
  const companyUsed = problem.companySeats.map(() => 0);
  function* place(i: number): Generator<ReferenceMatching> {
    if (i === n) {
      yield [...matching];
      return;
    }
    matching[i] = -1;
    yield* place(i + 1);
    const wishes = problem.wishes[i] as number[];
    for (let w = 0; w < wishes.length; w++) {
      const o = wishes[w] as number;
      if ((problem.rank[o] as (number | null)[])[i] === null) continue;
      if ((used[o] as number) >= (problem.seats[o] as number)) continue;
      const k = problem.company[o] as number;
      if (k >= 0 && (companyUsed[k] as number) >= (problem.companySeats[k] as number)) continue;
      used[o] = (used[o] as number) + 1;
      if (k >= 0) companyUsed[k] = (companyUsed[k] as number) + 1;
      matching[i] = w;
      yield* place(i + 1);
      used[o] = (used[o] as number) - 1;
      if (k >= 0) companyUsed[k] = (companyUsed[k] as number) - 1;
    }
    matching[i] = -1;
  }
  yield* place(0);
}

export function stableMatchings(problem: ReferenceProblem): ReferenceMatching[] {
  const stable: ReferenceMatching[] = [];
  for (const matching of feasibleMatchings(problem)) {
    if (isStable(problem, matching)) stable.push(matching);
  }
  return stable;
}
