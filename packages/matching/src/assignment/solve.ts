// Optimal assignment in its general shape: people each take at most one position; positions have
// capacities and may sit under nested limits (an ambassador's month under the ambassador's year,
// say), each limit capping the total of what lies beneath it. The pairs a person may take come
// with a score; the result maximises the total score exactly (optionally the number of people
// placed first). Mentoring and visits are thin wrappers around this (mentors.ts, visits.ts).
//
// Exactness: scores are rounded to integers in units of 1/scale (scale 1000 by default, i.e. a
// thousandth of a score point) and the flow is solved exactly on those integers, so the result is
// an optimum of the rounded scores; with scores that are already multiples of 1/scale it is an
// optimum of the scores themselves.

import { AssignmentInputError } from './errors.js';
import { solveFlow, type FlowProblem } from './min-cost-flow.js';

export type AssignmentObjective =
  /** Largest total score; among equal totals, the most people placed. */
  | 'max-score'
  /** Most people placed; among those, the largest total score. */
  | 'max-count-then-score';

export interface AssignmentOptions {
  /** Default `'max-score'`. */
  objective?: AssignmentObjective;
  /** Integer units per score point used to make the optimum exact (default 1000). */
  scale?: number;
}

/** Something a person can take: a mentor, or an ambassador on a date. */
export interface Position {
  id: string;
  /** How many people it can take (a non-negative integer). */
  capacity: number;
  /** Id of the limit this position counts towards, if any. */
  limit?: string;
}

/** A cap over several positions (an ambassador's visits in a month), possibly inside another. */
export interface Limit {
  id: string;
  capacity: number;
  parent?: string;
}

export interface CandidatePair {
  person: string;
  position: string;
  /** Any finite number; higher is better. */
  score: number;
}

export interface AssignmentProblem {
  people: readonly string[];
  positions: readonly Position[];
  limits?: readonly Limit[];
  pairs: readonly CandidatePair[];
}

export interface AssignmentResult {
  /** Chosen pairs, in the order of `people`. */
  pairs: CandidatePair[];
  /** For each chosen pair, its index in `problem.pairs`. */
  pairIndices: number[];
  /** Sum of the chosen pairs' scores. */
  total: number;
  /** People left without a position, in input order. */
  unassigned: string[];
}

const DEFAULT_SCALE = 1000;

function indexIds(ids: readonly string[], field: (i: number) => string): Map<string, number> {
  const index = new Map<string, number>();
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (index.has(id)) {
      throw new AssignmentInputError('duplicate-id', field(i), `id "${id}" appears twice`);
    }
    index.set(id, i);
  }
  return index;
}

/** A score as a number, refusing anything else (a typed array would quietly turn null into 0). */
export function scoreOf(score: unknown, path: string): number {
  if (typeof score !== 'number' || !Number.isFinite(score)) {
    throw new AssignmentInputError('invalid-score', path, 'score must be a finite number');
  }
  return score;
}

/** Refuses a capacity that is not a non-negative 32-bit integer. */
export function checkCapacity(capacity: number, path: string): void {
  if (typeof capacity !== 'number' || Number.isNaN(capacity)) {
    throw new AssignmentInputError('invalid-capacity', path, 'capacity must be a number');
  }
  if (capacity < 0) {
    throw new AssignmentInputError('negative-capacity', path, `capacity ${capacity} is negative`);
  }
  if (!Number.isInteger(capacity) || capacity > 0x7fffffff) {
    throw new AssignmentInputError(
      'invalid-capacity',
      path,
      `capacity ${capacity} is not an integer`,
    );
  }
}

/** Maximum-score (or maximum-count) assignment; throws {@link AssignmentInputError} on bad input. */
export function solveAssignment(
  problem: AssignmentProblem,
  options: AssignmentOptions = {},
): AssignmentResult {
  const flow = compileAssignment(problem, options);
  const { people, pairs } = problem;
  const pairIndices = chosenPairs(flow, solveFlow(flow).chosen);
  const chosen: CandidatePair[] = [];
  const placed = new Uint8Array(people.length);
  let total = 0;
  for (const i of pairIndices) {
    const pair = pairs[i]!;
    chosen.push({ person: pair.person, position: pair.position, score: pair.score });
    placed[flow.pairPerson[i]!] = 1;
    total += pair.score;
  }
  const unassigned = people.filter((_, p) => placed[p] === 0);
  return { pairs: chosen, pairIndices, total, unassigned };
}

/**
 * Indices of the chosen pairs in the order of people (then of pairs), so that output order never
 * depends on the solver.
 */
export function chosenPairs(flow: FlowProblem, chosen: Uint8Array): number[] {
  const chosenOf = new Int32Array(flow.personCount).fill(-1);
  for (let i = 0; i < chosen.length; i++) {
    if (chosen[i] === 1) chosenOf[flow.pairPerson[i]!] = i;
  }
  const indices: number[] = [];
  for (const i of chosenOf) if (i >= 0) indices.push(i);
  return indices;
}

/**
 * A problem with ids already resolved to indices: capacity nodes (positions and limits, in any
 * order) with their parent, and pairs as (person, capacity node, score). Wrappers that derive
 * positions themselves (visits.ts) build this directly instead of inventing string ids.
 */
export interface IndexedProblem {
  personCount: number;
  capacity: Int32Array;
  parent: Int32Array;
  pairPerson: Int32Array;
  pairPosition: Int32Array;
  pairScore: Float64Array;
  /** Input path of pair i (for errors), e.g. `pairs[3]`. */
  pairPath(i: number): string;
  /** Input path of the parent field of capacity node c (for a cycle). */
  parentPath(c: number): string;
}

/** Validates the problem and turns it into the integer flow network the solver works on. */
export function compileAssignment(
  problem: AssignmentProblem,
  options: AssignmentOptions = {},
): FlowProblem {
  const { people, positions, pairs } = problem;
  const limits = problem.limits ?? [];
  const personIndex = indexIds(people, (i) => `people[${i}]`);
  const positionIndex = indexIds(
    positions.map((p) => p.id),
    (i) => `positions[${i}].id`,
  );
  const limitIndex = indexIds(
    limits.map((l) => l.id),
    (i) => `limits[${i}].id`,
  );

  // Capacity nodes: positions first, then limits.
  const positionCount = positions.length;
  const capacityCount = positionCount + limits.length;
  const capacity = new Int32Array(capacityCount);
  const parent = new Int32Array(capacityCount).fill(-1);
  const parentLimit = (id: string | undefined, path: string): number => {
    if (id === undefined) return -1;
    const found = limitIndex.get(id);
    if (found === undefined) {
      throw new AssignmentInputError('unknown-id', path, `no limit has id "${id}"`);
    }
    return positionCount + found;
  };
  for (let i = 0; i < positionCount; i++) {
    const position = positions[i]!;
    checkCapacity(position.capacity, `positions[${i}].capacity`);
    capacity[i] = position.capacity;
    parent[i] = parentLimit(position.limit, `positions[${i}].limit`);
  }
  for (let i = 0; i < limits.length; i++) {
    const limit = limits[i]!;
    checkCapacity(limit.capacity, `limits[${i}].capacity`);
    capacity[positionCount + i] = limit.capacity;
    parent[positionCount + i] = parentLimit(limit.parent, `limits[${i}].parent`);
  }

  const pairCount = pairs.length;
  const pairPerson = new Int32Array(pairCount);
  const pairPosition = new Int32Array(pairCount);
  const pairScore = new Float64Array(pairCount);
  for (let i = 0; i < pairCount; i++) {
    const pair = pairs[i]!;
    const person = personIndex.get(pair.person);
    if (person === undefined) {
      throw new AssignmentInputError(
        'unknown-id',
        `pairs[${i}].person`,
        `no person "${pair.person}"`,
      );
    }
    const position = positionIndex.get(pair.position);
    if (position === undefined) {
      throw new AssignmentInputError(
        'unknown-id',
        `pairs[${i}].position`,
        `no position "${pair.position}"`,
      );
    }
    pairPerson[i] = person;
    pairPosition[i] = position;
    pairScore[i] = scoreOf(pair.score, `pairs[${i}].score`);
  }
  return compileIndexed(
    {
      personCount: people.length,
      capacity,
      parent,
      pairPerson,
      pairPosition,
      pairScore,
      pairPath: (i) => `pairs[${i}]`,
      parentPath: (c) => `limits[${c - positionCount}].parent`,
    },
    options,
  );
}

/** Checks scores and pairs of an indexed problem and prices them as integer flow costs. */
export function compileIndexed(
  problem: IndexedProblem,
  options: AssignmentOptions = {},
): FlowProblem {
  const objective = options.objective ?? 'max-score';
  if (objective !== 'max-score' && objective !== 'max-count-then-score') {
    throw new AssignmentInputError('invalid-option', 'options.objective', 'unknown objective');
  }
  const scale = options.scale ?? DEFAULT_SCALE;
  if (!(scale > 0) || !Number.isFinite(scale)) {
    throw new AssignmentInputError('invalid-option', 'options.scale', 'scale must be positive');
  }
  const { personCount, capacity, parent, pairPerson, pairPosition, pairScore } = problem;
  const capacityCount = capacity.length;
  const childrenFirst = orderChildrenFirst(parent, problem.parentPath);

  const pairCount = pairPerson.length;
  const units = new Float64Array(pairCount);
  const pairsOfPerson = new Int32Array(personCount + 1);
  let maxUnits = 0;
  let minUnits = 0;
  for (let i = 0; i < pairCount; i++) {
    const score = pairScore[i]!;
    if (!Number.isFinite(score)) {
      throw new AssignmentInputError(
        'invalid-score',
        `${problem.pairPath(i)}.score`,
        'score must be a finite number',
      );
    }
    const unit = Math.round(score * scale);
    units[i] = unit;
    if (unit > maxUnits) maxUnits = unit;
    if (unit < minUnits) minUnits = unit;
    pairsOfPerson[pairPerson[i]! + 1]!++;
  }
  checkDuplicatePairs(pairPerson, pairPosition, pairsOfPerson, capacityCount, problem.pairPath);

  // Integer costs for a minimising flow; leaving a person unassigned costs 0.
  // - max-score: cost = -(units * (P + 1) + 1). The "+1" per placed person can never outweigh one
  //   unit of score (at most P of them), so it only breaks ties towards placing more people.
  // - max-count-then-score: cost = -(units + bonus), where the bonus per placed person exceeds any
  //   possible difference in total units, so one more person placed always wins.
  const pairCost = new Float64Array(pairCount);
  let largestCost: number;
  if (objective === 'max-score') {
    const factor = personCount + 1;
    for (let i = 0; i < pairCount; i++) pairCost[i] = -(units[i]! * factor + 1);
    largestCost = Math.max(maxUnits, -minUnits) * factor + 1;
  } else {
    const bonus = personCount * (maxUnits - minUnits) + 1;
    for (let i = 0; i < pairCount; i++) pairCost[i] = -(units[i]! + bonus);
    largestCost = Math.max(maxUnits, -minUnits) + bonus;
  }
  // Path lengths and potentials stay within a few times P * largestCost; keep that exact.
  if (4 * (personCount + 1) * largestCost > Number.MAX_SAFE_INTEGER) {
    throw new AssignmentInputError(
      'score-range',
      'options.scale',
      `scores times scale ${scale} are too large for an exact solve of ${personCount} people; lower the scale`,
    );
  }

  return {
    personCount,
    capacityCount,
    capacity,
    parent,
    childrenFirst,
    pairPerson,
    pairPosition,
    pairCost,
  };
}

/** Capacity nodes ordered so that every child precedes its parent; refuses a cycle of limits. */
function orderChildrenFirst(parent: Int32Array, parentPath: (c: number) => string): Int32Array {
  const count = parent.length;
  const depth = new Int32Array(count).fill(-1);
  const onPath = new Uint8Array(count);
  const stack: number[] = [];
  for (let start = 0; start < count; start++) {
    let node = start;
    while (node >= 0 && depth[node]! < 0) {
      if (onPath[node] === 1) {
        throw new AssignmentInputError('cyclic-limits', parentPath(node), 'limits form a cycle');
      }
      onPath[node] = 1;
      stack.push(node);
      node = parent[node]!;
    }
    let below = node < 0 ? -1 : depth[node]!;
    while (stack.length > 0) {
      const top = stack.pop()!;
      onPath[top] = 0;
      depth[top] = ++below;
    }
  }
  // depth counts from the root down; children have larger depth, so sort by depth descending.
  const order = Array.from({ length: count }, (_, i) => i);
  order.sort((a, b) => depth[b]! - depth[a]! || a - b);
  return Int32Array.from(order);
}

function checkDuplicatePairs(
  pairPerson: Int32Array,
  pairPosition: Int32Array,
  pairsOfPerson: Int32Array,
  positionCount: number,
  pairPath: (i: number) => string,
): void {
  const personCount = pairsOfPerson.length - 1;
  for (let p = 0; p < personCount; p++) pairsOfPerson[p + 1]! += pairsOfPerson[p]!;
  const fill = pairsOfPerson.slice(0, personCount);
  const byPerson = new Int32Array(pairPerson.length);
  for (let i = 0; i < pairPerson.length; i++) byPerson[fill[pairPerson[i]!]!++] = i;
  const seenBy = new Int32Array(positionCount).fill(-1);
  for (let p = 0; p < personCount; p++) {
    for (let k = pairsOfPerson[p]!; k < pairsOfPerson[p + 1]!; k++) {
      const i = byPerson[k]!;
      const position = pairPosition[i]!;
      if (seenBy[position] === p) {
        throw new AssignmentInputError(
          'duplicate-pair',
          pairPath(i),
          'the same person and position appear in an earlier pair',
        );
      }
      seenBy[position] = p;
    }
  }
}
