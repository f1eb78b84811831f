// The plain-object entry point the API server calls: validate and index the campaign, solve it,
// and explain the outcome. Also a comparison of two runs, to preview two policies on one campaign.
import { compileAllocation } from './compile.js';
import { buildAllocationResult } from './explain.js';
import { solveCompactAllocation } from './solve.js';
import type { AllocationInstance, AllocationOptions, AllocationResult } from './types.js';

/**
 * Allocates the seats of a campaign: student-proposing deferred acceptance, with soft reserves
 * when offers have reserved seats, and SPA-student when companies cap their intake.
 * Throws AllocationInputError on malformed input. Deterministic for a given input and seed, and
 * independent of the order of students and offers in the input.
 */
export function allocate(
  instance: AllocationInstance,
  options: AllocationOptions,
): AllocationResult {
  const index = compileAllocation(instance, options);
  const solution = solveCompactAllocation(index.compact);
  return buildAllocationResult(index, solution, solution.algorithm);
}

/** How students fare in run `b` compared with run `a` of the same campaign. */
export interface PlacementComparison {
  /** Students whose offer differs. */
  changed: number;
  /** Placed in both, on a better (lower) wish rank in `b`. */
  improved: number;
  /** Placed in both, on a worse wish rank in `b`. */
  worsened: number;
  /** Unplaced in `a`, placed in `b`. */
  newlyPlaced: number;
  /** Placed in `a`, unplaced in `b`. */
  newlyUnplaced: number;
  /** Same figures by priority class. */
  byPriorityClass: Record<string, Omit<PlacementComparison, 'byPriorityClass'>>;
}

/** Compares two results of the same campaign (for example two policies), student by student. */
export function comparePlacements(a: AllocationResult, b: AllocationResult): PlacementComparison {
  const inB = new Map(b.placements.map((placement) => [placement.studentId, placement]));
  const empty = () => ({ changed: 0, improved: 0, worsened: 0, newlyPlaced: 0, newlyUnplaced: 0 });
  const total = empty();
  const byPriorityClass: PlacementComparison['byPriorityClass'] = {};
  for (const before of a.placements) {
    const after = inB.get(before.studentId);
    if (after === undefined) continue;
    const figures = (byPriorityClass[before.priorityClass] ??= empty());
    const bump = (field: keyof ReturnType<typeof empty>) => {
      total[field]++;
      figures[field]++;
    };
    if (before.offerId !== after.offerId) bump('changed');
    if (before.wishRank === null && after.wishRank !== null) bump('newlyPlaced');
    else if (before.wishRank !== null && after.wishRank === null) bump('newlyUnplaced');
    else if (before.wishRank !== null && after.wishRank !== null) {
      if (after.wishRank < before.wishRank) bump('improved');
      else if (after.wishRank > before.wishRank) bump('worsened');
    }
  }
  return { ...total, byPriorityClass };
}
