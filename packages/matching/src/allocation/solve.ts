// Picks the solver a compact campaign needs: plain deferred acceptance, deferred acceptance with
// soft reserves, or SPA-student when companies cap their intake. The three agree wherever their
// models overlap (no reserved seat, or caps that never bind), which the tests check.
import type { CompactAllocation } from './compile.js';
import { solveWithCompanyCaps } from './solve-company-caps.js';
import { solvePlain } from './solve-plain.js';
import type { CompactAllocationSolution } from './solve-plain.js';
import { solveWithReserves } from './solve-reserves.js';

export type AllocationAlgorithm =
  'deferred-acceptance' | 'deferred-acceptance-with-reserves' | 'spa-student';

export function allocationAlgorithmFor(compact: CompactAllocation): AllocationAlgorithm {
  if (compact.offerCompany !== null) return 'spa-student';
  if (compact.offerReserved !== null) return 'deferred-acceptance-with-reserves';
  return 'deferred-acceptance';
}

/** Solves a compact campaign with the algorithm its features call for. */
export function solveCompactAllocation(
  compact: CompactAllocation,
): CompactAllocationSolution & { algorithm: AllocationAlgorithm } {
  const algorithm = allocationAlgorithmFor(compact);
  const solution =
    algorithm === 'spa-student'
      ? solveWithCompanyCaps(compact)
      : algorithm === 'deferred-acceptance-with-reserves'
        ? solveWithReserves(compact)
        : solvePlain(compact);
  return { ...solution, algorithm };
}

export type { CompactAllocationSolution };
