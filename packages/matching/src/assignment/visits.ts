// Ambassador visits: each visit request takes at most one (ambassador, date) position. A position
// holds one class (or the ambassador's own per-date limit), and an ambassador accepts at most
// `monthlyLimit` visits per calendar month (and `yearlyLimit` in all, when given): nested limits
// over the positions, which the general solver handles as a tree of capacities. Positions and
// limits are derived from the pairs, keyed by numbers rather than by made-up string ids.

import { AssignmentInputError } from './errors.js';
import { solveFlow } from './min-cost-flow.js';
import {
  checkCapacity,
  chosenPairs,
  compileIndexed,
  scoreOf,
  type AssignmentOptions,
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

const ISO_DATE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
/** Room for every day number and month number in a key (a * KEY_ROOM + day). */
const KEY_ROOM = 1_000_000;

/** Day number and month number of an ISO date, or undefined if it is not one. */
function parseDate(date: unknown): { day: number; month: number } | undefined {
  if (typeof date !== 'string') return undefined;
  const match = ISO_DATE.exec(date);
  if (match === null) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]) - 1;
  const ms = Date.UTC(year, month, Number(match[3]));
  if (new Date(ms).getUTCMonth() !== month) return undefined;
  return { day: ms / 86_400_000, month: year * 12 + month };
}

/** Optimal visit plan; throws AssignmentInputError with paths into `problem`. */
export function assignVisits(
  problem: VisitProblem,
  options: AssignmentOptions = {},
): VisitAssignment {
  const { requestIds, ambassadors, pairs } = problem;
  const requestIndex = new Map<string, number>();
  requestIds.forEach((id, i) => {
    if (requestIndex.has(id)) {
      throw new AssignmentInputError(
        'duplicate-id',
        `requestIds[${i}]`,
        `id "${id}" appears twice`,
      );
    }
    requestIndex.set(id, i);
  });
  const ambassadorIndex = new Map<string, number>();
  ambassadors.forEach((ambassador, i) => {
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
  });

  // Capacity nodes in order of discovery: an (ambassador, date) position, its (ambassador,
  // month) limit, and the ambassador's yearly limit when there is one.
  const capacity: number[] = [];
  const parent: number[] = [];
  const node = (cap: number, up: number): number => {
    capacity.push(cap);
    parent.push(up);
    return capacity.length - 1;
  };
  const positionOf = new Map<number, number>();
  const monthOf = new Map<number, number>();
  const yearOf = new Map<number, number>();
  const dates = new Map<string, { day: number; month: number } | undefined>();
  const pairCount = pairs.length;
  const pairPerson = new Int32Array(pairCount);
  const pairPosition = new Int32Array(pairCount);
  const pairScore = new Float64Array(pairCount);
  for (let i = 0; i < pairCount; i++) {
    const pair = pairs[i]!;
    const request = requestIndex.get(pair.requestId);
    if (request === undefined) {
      throw new AssignmentInputError(
        'unknown-id',
        `pairs[${i}].requestId`,
        `no request "${pair.requestId}"`,
      );
    }
    const a = ambassadorIndex.get(pair.ambassadorId);
    if (a === undefined) {
      throw new AssignmentInputError(
        'unknown-id',
        `pairs[${i}].ambassadorId`,
        `no ambassador "${pair.ambassadorId}"`,
      );
    }
    if (!dates.has(pair.date)) dates.set(pair.date, parseDate(pair.date));
    const date = dates.get(pair.date);
    if (date === undefined) {
      throw new AssignmentInputError('invalid-date', `pairs[${i}].date`, 'expected YYYY-MM-DD');
    }
    let position = positionOf.get(a * KEY_ROOM + date.day);
    if (position === undefined) {
      const ambassador = ambassadors[a]!;
      let month = monthOf.get(a * KEY_ROOM + date.month);
      if (month === undefined) {
        let year = -1;
        if (ambassador.yearlyLimit !== undefined) {
          year = yearOf.get(a) ?? node(ambassador.yearlyLimit, -1);
          yearOf.set(a, year);
        }
        month = node(ambassador.monthlyLimit, year);
        monthOf.set(a * KEY_ROOM + date.month, month);
      }
      position = node(ambassador.perDateLimit ?? 1, month);
      positionOf.set(a * KEY_ROOM + date.day, position);
    }
    pairPerson[i] = request;
    pairPosition[i] = position;
    pairScore[i] = scoreOf(pair.score, `pairs[${i}].score`);
  }

  const flow = compileIndexed(
    {
      personCount: requestIds.length,
      capacity: Int32Array.from(capacity),
      parent: Int32Array.from(parent),
      pairPerson,
      pairPosition,
      pairScore,
      pairPath: (i) => `pairs[${i}]`,
      parentPath: () => 'ambassadors',
    },
    options,
  );
  const chosen = chosenPairs(flow, solveFlow(flow).chosen);
  const placed = new Uint8Array(requestIds.length);
  let total = 0;
  const visits = chosen.map((i) => {
    const pair = pairs[i]!;
    placed[pairPerson[i]!] = 1;
    total += pair.score;
    return {
      requestId: pair.requestId,
      ambassadorId: pair.ambassadorId,
      date: pair.date,
      score: pair.score,
    };
  });
  return {
    visits,
    total,
    unassignedRequestIds: requestIds.filter((_, r) => placed[r] === 0),
  };
}
