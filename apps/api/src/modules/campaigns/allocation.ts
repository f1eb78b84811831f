// From database rows to the matching engine and back, with no I/O: the campaign's policy becomes
// allocation options, committed periods become seat groups (one per period, its id the period's),
// pupils' ranked wishes become students; the engine solves, its independent verifier checks, and
// each pupil's outcome is turned into what is stored and shown (the explanation of every wish
// ranked above the seat obtained). Everything is sorted by id first, so the same rows give the
// same bytes out, whatever order the database returned them in.
import { createHash } from 'node:crypto';
import type {
  CampaignPolicy,
  EducationPriority,
  RunReport,
  RunTimings,
  SchoolLevel,
} from '@tremplin/contracts';
import {
  type AllocationInstance,
  type AllocationOffer,
  type AllocationOptions,
  type AllocationResult,
  type AllocationStudent,
  type AllocationViolation,
  buildAllocationResult,
  compileAllocation,
  type PriorityDescription,
  solveCompactAllocation,
  verifyAllocation,
} from '@tremplin/matching';
import apiPackage from '../../../package.json' with { type: 'json' };
import { confirmProblem, type Stage } from '../applications/rules.js';
import type { ResultInsert, RoundPeriodRow, RunPupilRow } from './repository.js';

/**
 * Version of the rules that turn rows into an allocation (policy mapping, seats, filters). Bump
 * it whenever they change: a run records it, so an old run can be told apart from a new one.
 */
export const ALLOCATION_RULES_VERSION = 'campaign-rules-1';
export const SOFTWARE_VERSION = `${(apiPackage as { version?: string }).version ?? '0.0.0'}+${ALLOCATION_RULES_VERSION}`;

const CLASS_OF: Record<EducationPriority, string> = {
  rep_plus: 'rep-plus',
  rep: 'rep',
  none: 'other',
};
const PRIORITY_OF: Record<string, EducationPriority> = {
  'rep-plus': 'rep_plus',
  rep: 'rep',
  other: 'none',
};
export const PRIORITIES: EducationPriority[] = ['rep_plus', 'rep', 'none'];

/** The engine's options for a policy: class ranks, reserve rules, and the seed. */
export function optionsFor(policy: CampaignPolicy, seed: string): AllocationOptions {
  return {
    seed,
    // Equal ranks: no class priority, the lottery alone orders pupils (reserves still know who
    // is REP or REP+).
    priorityClassRanks: policy.priorityClasses
      ? { 'rep-plus': 0, rep: 1, other: 2 }
      : { 'rep-plus': 0, rep: 0, other: 0 },
    reserveEligibleClasses: ['rep-plus', 'rep'],
    reservePrecedence: policy.reservePrecedence,
    useReservedSeats: policy.reservedShare > 0,
  };
}

/** Seats of a period the policy reserves for REP/REP+ pupils. */
export function reservedSeatsFor(seats: number, share: number): number {
  return Math.min(seats, Math.max(0, Math.round(seats * share)));
}

export interface RunInput {
  instance: AllocationInstance;
  options: AllocationOptions;
  /** The pupil's own rank of each wish ("studentId periodId" → rank in their list). */
  ranks: Map<string, number>;
  pupils: Map<string, RunPupilRow>;
  wishCount: number;
  /** Wishes left out: a confirmed stage makes them impossible, or the period left the campaign. */
  wishesDropped: number;
  inputsHash: string;
}

/**
 * Builds the engine's input for one round. Each period offers its seats minus those already held
 * (for a second round, the first round's stages); reserved seats are the policy's share of the
 * period, minus those REP/REP+ pupils already hold (as the engine's own second round does).
 */
export function buildRunInput(params: {
  round: number;
  policy: CampaignPolicy;
  seed: string;
  periods: RoundPeriodRow[];
  pupils: RunPupilRow[];
  wishes: { studentId: string; periodId: string; rank: number }[];
  confirmedStages: { studentId: string; startDate: string; endDate: string; companyId: string }[];
}): RunInput {
  const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const periods = [...params.periods].sort(byId);
  const periodById = new Map(periods.map((p) => [p.id, p]));
  const offers: AllocationOffer[] = periods.map((p) => {
    const seats = Math.max(0, p.seats - p.taken);
    const offer: AllocationOffer = { id: p.id, seats, lat: p.lat, lon: p.lon };
    if (params.policy.reservedShare > 0) {
      offer.reservedSeats = Math.min(
        seats,
        Math.max(0, reservedSeatsFor(p.seats, params.policy.reservedShare) - p.takenEligible),
      );
    }
    return offer;
  });

  const stagesOf = new Map<string, Stage[]>();
  for (const s of params.confirmedStages) {
    const list = stagesOf.get(s.studentId) ?? [];
    list.push(s);
    stagesOf.set(s.studentId, list);
  }
  const wishesOf = new Map<string, { periodId: string; rank: number }[]>();
  for (const w of params.wishes) {
    const list = wishesOf.get(w.studentId) ?? [];
    list.push(w);
    wishesOf.set(w.studentId, list);
  }

  const pupils = [...params.pupils].sort(byId);
  const ranks = new Map<string, number>();
  const students: AllocationStudent[] = [];
  const kept = new Map<string, RunPupilRow>();
  let wishCount = 0;
  let wishesDropped = 0;
  for (const pupil of pupils) {
    const own = (wishesOf.get(pupil.id) ?? []).sort((a, b) => a.rank - b.rank);
    const stages = stagesOf.get(pupil.id) ?? [];
    const wishes: string[] = [];
    for (const w of own) {
      const period = periodById.get(w.periodId);
      const possible =
        period !== undefined &&
        period.levels.includes(pupil.level as SchoolLevel) &&
        confirmProblem(pupil.level, stages, period) === null;
      if (!possible) {
        wishesDropped++;
        continue;
      }
      wishes.push(w.periodId);
      ranks.set(`${pupil.id} ${w.periodId}`, w.rank);
    }
    if (wishes.length === 0) continue;
    wishCount += wishes.length;
    const student: AllocationStudent = {
      id: pupil.id,
      wishes,
      priorityClass: CLASS_OF[pupil.priority],
    };
    if (pupil.lat !== null && pupil.lon !== null) {
      student.lat = pupil.lat;
      student.lon = pupil.lon;
    }
    students.push(student);
    kept.set(pupil.id, pupil);
  }

  const instance: AllocationInstance = { students, offers };
  const options = optionsFor(params.policy, params.seed);
  return {
    instance,
    options,
    ranks,
    pupils: kept,
    wishCount,
    wishesDropped,
    inputsHash: hashInputs(params.round, instance, options),
  };
}

/** SHA-256 of everything that decides the outcome: equal hashes, equal inputs. */
export function hashInputs(
  round: number,
  instance: AllocationInstance,
  options: AllocationOptions,
): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ rules: ALLOCATION_RULES_VERSION, round, options }));
  for (const o of instance.offers) {
    hash.update(`\no ${o.id} ${o.seats} ${o.reservedSeats ?? 0} ${o.lat ?? ''} ${o.lon ?? ''}`);
  }
  for (const s of instance.students) {
    hash.update(
      `\ns ${s.id} ${s.priorityClass ?? ''} ${s.lat ?? ''} ${s.lon ?? ''} ${s.wishes.join(',')}`,
    );
  }
  return hash.digest('hex');
}

export interface Solved {
  result: AllocationResult;
  violations: AllocationViolation[];
  timings: Omit<RunTimings, 'loadMs' | 'writeMs'>;
}

/**
 * Solves, explains, and verifies with the engine's independent verifier. `tamper` exists for
 * tests only: it lets one prove that a result the verifier rejects is never kept.
 */
export function solveAndVerify(
  input: RunInput,
  tamper?: (result: AllocationResult) => void,
): Solved {
  let t = performance.now();
  const index = compileAllocation(input.instance, input.options);
  const buildMs = performance.now() - t;
  t = performance.now();
  const solution = solveCompactAllocation(index.compact);
  const solveMs = performance.now() - t;
  t = performance.now();
  const result = buildAllocationResult(index, solution, solution.algorithm);
  const explainMs = performance.now() - t;
  tamper?.(result);
  t = performance.now();
  const violations = verifyAllocation(input.instance, result.placements, input.options);
  const verifyMs = performance.now() - t;
  return { result, violations, timings: { buildMs, solveMs, verifyMs, explainMs } };
}

function describe(p: PriorityDescription | null) {
  if (p === null) return null;
  if (p.kind === 'ranking') return { priority: null, lotteryRank: null };
  return { priority: PRIORITY_OF[p.priorityClass] ?? 'none', lotteryRank: p.lotteryRank };
}

/** The rows stored for a run: each pupil's seat, the rank of that wish, and why not higher. */
export function resultRows(
  runId: string,
  input: RunInput,
  result: AllocationResult,
): ResultInsert[] {
  return result.placements.map((p) => ({
    runId,
    studentId: p.studentId,
    periodId: p.offerId,
    rankObtained:
      p.offerId === null ? null : (input.ranks.get(`${p.studentId} ${p.offerId}`) ?? null),
    explanation: p.refusals.map((r) => ({
      periodId: r.offerId,
      wishRank: input.ranks.get(`${p.studentId} ${r.offerId}`) ?? r.wishRank,
      reason: r.reason,
      cutoff: describe(r.cutoff),
      cutoffSeats: r.cutoffSeats,
      own: describe(r.own),
    })),
  }));
}

/** The figures of the preview. */
export function reportOf(
  input: RunInput,
  result: AllocationResult,
  timings: RunTimings,
): RunReport {
  const s = result.statistics;
  const bySchool = new Map<
    string,
    {
      schoolId: string;
      schoolName: string;
      priority: EducationPriority;
      students: number;
      placed: number;
    }
  >();
  for (const p of result.placements) {
    const pupil = input.pupils.get(p.studentId)!;
    const row = bySchool.get(pupil.schoolId) ?? {
      schoolId: pupil.schoolId,
      schoolName: pupil.schoolName,
      priority: pupil.priority,
      students: 0,
      placed: 0,
    };
    row.students++;
    if (p.offerId !== null) row.placed++;
    bySchool.set(pupil.schoolId, row);
  }
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    students: s.students,
    placed: s.placed,
    unplaced: s.unplaced,
    placementRate: s.placementRate,
    firstWishShare: s.firstWishShare,
    rankDistribution: s.rankDistribution,
    meanWishRank: s.meanWishRank,
    meanDistanceKm: s.meanDistanceKm,
    periods: input.instance.offers.length,
    wishes: input.wishCount,
    seats: s.seats,
    seatsFilled: s.seatsFilled,
    seatsLeft: s.seatsLeft,
    byPriority: PRIORITIES.map((priority) => {
      const c = s.byPriorityClass[CLASS_OF[priority]];
      return {
        priority,
        students: c?.students ?? 0,
        placed: c?.placed ?? 0,
        placementRate: c?.placementRate ?? 0,
        firstWish: c?.firstWish ?? 0,
      };
    }),
    bySchool: [...bySchool.values()]
      .map((r) => ({ ...r, unplaced: r.students - r.placed }))
      .sort(
        (a, b) =>
          b.unplaced - a.unplaced ||
          a.schoolName.localeCompare(b.schoolName, 'fr') ||
          (a.schoolId < b.schoolId ? -1 : 1),
      ),
    algorithm: result.run.algorithm,
    wishesDropped: input.wishesDropped,
    timings: {
      loadMs: round(timings.loadMs),
      buildMs: round(timings.buildMs),
      solveMs: round(timings.solveMs),
      verifyMs: round(timings.verifyMs),
      explainMs: round(timings.explainMs),
      writeMs: round(timings.writeMs),
    },
  };
}

/** The engine's class name of a school's education priority. */
export const classOf = (priority: EducationPriority) => CLASS_OF[priority];
