// Ambassador visits: each visit request takes at most one (ambassador, date) position. A position
// holds one class (or the ambassador's own per-date limit), and an ambassador accepts at most
// `monthlyLimit` visits per calendar month (and `yearlyLimit` in all, when given): nested limits
// over the positions, which the general solver handles as a tree of capacities.

import { AssignmentInputError, rethrowRenamed } from './errors.js';
import {
  checkCapacity,
  solveAssignment,
  type AssignmentOptions,
  type Limit,
  type Position,
} from './solve.js';

export interface AmbassadorLimits {
  id: string;
  /** Visits accepted per calendar month. */
  monthlyLimit: number;
  /** Visits accepted over the whole run, if capped. */
  yearlyLimit?: number;
  /** Classes the ambassador can see on one date (default 1). */
  perDateLimit?: number;
}

export interface VisitPair {
  requestId: string;
  ambassadorId: string;
  /** ISO date `YYYY-MM-DD`, one of the request's candidate dates that the ambassador is free. */
  date: string;
  score: number;
}

export interface VisitProblem {
  requestIds: readonly string[];
  ambassadors: readonly AmbassadorLimits[];
  pairs: readonly VisitPair[];
}

export interface VisitAssignment {
  /** Chosen visits in the order of `requestIds`. */
  visits: VisitPair[];
  total: number;
  unassignedRequestIds: string[];
}

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

const VISIT_FIELDS: readonly (readonly [RegExp, string])[] = [
  [/^people\[/, 'requestIds['],
  [/^pairs\[(\d+)\]\.person$/, 'pairs[$1].requestId'],
];

/** Optimal visit plan; throws AssignmentInputError with paths into `problem`. */
export function assignVisits(
  problem: VisitProblem,
  options: AssignmentOptions = {},
): VisitAssignment {
  const { ambassadors, pairs } = problem;
  const ambassadorIndex = new Map<string, number>();
  const limits: Limit[] = [];
  for (let i = 0; i < ambassadors.length; i++) {
    const ambassador = ambassadors[i]!;
    if (ambassadorIndex.has(ambassador.id)) {
      throw new AssignmentInputError('duplicate-id', `ambassadors[${i}].id`, 'id appears twice');
    }
    ambassadorIndex.set(ambassador.id, i);
    checkCapacity(ambassador.monthlyLimit, `ambassadors[${i}].monthlyLimit`);
    if (ambassador.yearlyLimit !== undefined) {
      checkCapacity(ambassador.yearlyLimit, `ambassadors[${i}].yearlyLimit`);
    }
    if (ambassador.perDateLimit !== undefined) {
      checkCapacity(ambassador.perDateLimit, `ambassadors[${i}].perDateLimit`);
    }
  }

  // One position per (ambassador, date) and one limit per (ambassador, month) that some pair uses;
  // ids joined with a character that cannot occur in a date.
  const positions: Position[] = [];
  const positionIds = new Set<string>();
  const limitIds = new Set<string>();
  const pairPositions = new Array<string>(pairs.length);
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i]!;
    const a = ambassadorIndex.get(pair.ambassadorId);
    if (a === undefined) {
      throw new AssignmentInputError(
        'unknown-id',
        `pairs[${i}].ambassadorId`,
        `no ambassador "${pair.ambassadorId}"`,
      );
    }
    if (typeof pair.date !== 'string' || !ISO_DATE.test(pair.date)) {
      throw new AssignmentInputError('invalid-date', `pairs[${i}].date`, 'expected YYYY-MM-DD');
    }
    const ambassador = ambassadors[a]!;
    const positionId = `${pair.ambassadorId}\u0000${pair.date}`;
    pairPositions[i] = positionId;
    if (positionIds.has(positionId)) continue;
    positionIds.add(positionId);
    const monthId = `${pair.ambassadorId}\u0000${pair.date.slice(0, 7)}`;
    positions.push({ id: positionId, capacity: ambassador.perDateLimit ?? 1, limit: monthId });
    if (limitIds.has(monthId)) continue;
    limitIds.add(monthId);
    const yearId = ambassador.yearlyLimit === undefined ? undefined : pair.ambassadorId;
    limits.push({ id: monthId, capacity: ambassador.monthlyLimit, parent: yearId });
    if (yearId !== undefined && !limitIds.has(yearId)) {
      limitIds.add(yearId);
      limits.push({ id: yearId, capacity: ambassador.yearlyLimit! });
    }
  }

  try {
    const result = solveAssignment(
      {
        people: problem.requestIds,
        positions,
        limits,
        pairs: pairs.map((pair, i) => ({
          person: pair.requestId,
          position: pairPositions[i]!,
          score: pair.score,
        })),
      },
      options,
    );
    const visits = result.pairIndices.map((i) => {
      const pair = pairs[i]!;
      return {
        requestId: pair.requestId,
        ambassadorId: pair.ambassadorId,
        date: pair.date,
        score: pair.score,
      };
    });
    return { visits, total: result.total, unassignedRequestIds: result.unassigned };
  } catch (error) {
    return rethrowRenamed(error, VISIT_FIELDS);
  }
}
