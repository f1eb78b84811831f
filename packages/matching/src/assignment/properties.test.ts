import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { solveFlow } from './min-cost-flow.js';
import {
  compileAssignment,
  solveAssignment,
  type AssignmentObjective,
  type AssignmentProblem,
  type AssignmentResult,
} from './solve.js';

// Random problems with positions under nested limits and scores in tenths (exact at the default
// scale), some negative: small ones (6 people, 4 positions, 14 pairs) for brute force, medium ones
// (40 people, 12 positions, 160 pairs) for the optimality certificate.
const randomProblem = (people: number, positions: number, limits: number, pairs: number) =>
  fc
    .record({
      people: fc.integer({ min: 0, max: people }),
      positions: fc.array(
        fc.record({ capacity: fc.integer({ min: 0, max: 3 }), limit: fc.nat() }),
        { minLength: 1, maxLength: positions, size: 'max' },
      ),
      limits: fc.array(fc.record({ capacity: fc.integer({ min: 0, max: 4 }), parent: fc.nat() }), {
        maxLength: limits,
        size: 'max',
      }),
      pairs: fc.array(
        fc.record({
          person: fc.nat(),
          position: fc.nat(),
          tenths: fc.integer({ min: -50, max: 1000 }),
        }),
        { maxLength: pairs, size: 'max' },
      ),
    })
    .map(({ people, positions, limits, pairs }): AssignmentProblem => {
      const limitCount = limits.length;
      const seen = new Set<string>();
      return {
        people: Array.from({ length: people }, (_, i) => `p${i}`),
        positions: positions.map((position, i) => ({
          id: `s${i}`,
          capacity: position.capacity,
          // Some positions under a limit, some not.
          limit:
            limitCount > 0 && position.limit % 3 !== 0
              ? `l${position.limit % limitCount}`
              : undefined,
        })),
        // A limit's parent always comes later, so limits form a forest.
        limits: limits.map((limit, i) => ({
          id: `l${i}`,
          capacity: limit.capacity,
          parent:
            i + 1 < limitCount && limit.parent % 2 === 0
              ? `l${i + 1 + (limit.parent % (limitCount - i - 1))}`
              : undefined,
        })),
        pairs:
          people === 0
            ? []
            : pairs
                .map((p) => ({
                  person: `p${p.person % people}`,
                  position: `s${p.position % positions.length}`,
                  score: p.tenths / 10,
                }))
                .filter((p) => {
                  const key = `${p.person}|${p.position}`;
                  if (seen.has(key)) return false;
                  seen.add(key);
                  return true;
                }),
      };
    });

const smallProblem = randomProblem(6, 4, 3, 14);
const mediumProblem = randomProblem(40, 12, 5, 160);

/** Every capacity node an assignment charges for a position: the position and its limits. */
function chargedNodes(problem: AssignmentProblem, position: string): string[] {
  const nodes = [`position:${position}`];
  let limit = problem.positions.find((p) => p.id === position)?.limit;
  while (limit !== undefined) {
    nodes.push(`limit:${limit}`);
    limit = problem.limits?.find((l) => l.id === limit)?.parent;
  }
  return nodes;
}

function capacityOf(problem: AssignmentProblem, node: string): number {
  const [kind, id] = node.split(':') as [string, string];
  const found =
    kind === 'position'
      ? problem.positions.find((p) => p.id === id)
      : problem.limits?.find((l) => l.id === id);
  return found!.capacity;
}

function isFeasible(
  problem: AssignmentProblem,
  chosen: readonly { person: string; position: string }[],
) {
  const people = new Set<string>();
  const load = new Map<string, number>();
  for (const { person, position } of chosen) {
    if (people.has(person)) return false;
    people.add(person);
    for (const node of chargedNodes(problem, position)) {
      load.set(node, (load.get(node) ?? 0) + 1);
    }
  }
  return [...load].every(([node, used]) => used <= capacityOf(problem, node));
}

const units = (score: number) => Math.round(score * 1000);

/** Best (units, count) by enumerating every choice of one pair or none per person. */
function bruteForce(problem: AssignmentProblem, objective: AssignmentObjective) {
  const options = problem.people.map((person) => problem.pairs.filter((p) => p.person === person));
  let best = { total: -Infinity, count: -Infinity };
  const better = (total: number, count: number) =>
    objective === 'max-score'
      ? total > best.total || (total === best.total && count > best.count)
      : count > best.count || (count === best.count && total > best.total);
  const chosen: { person: string; position: string; score: number }[] = [];
  const walk = (i: number): void => {
    if (i === options.length) {
      if (!isFeasible(problem, chosen)) return;
      const total = chosen.reduce((sum, p) => sum + units(p.score), 0);
      if (better(total, chosen.length)) best = { total, count: chosen.length };
      return;
    }
    walk(i + 1);
    for (const option of options[i]!) {
      chosen.push(option);
      walk(i + 1);
      chosen.pop();
    }
  };
  walk(0);
  return best;
}

/**
 * Optimality certificate independent of the solver: a flow is min-cost exactly when its residual
 * network has no negative cycle (Bellman–Ford from a virtual root finds one if there is).
 */
function hasImprovingCycle(problem: AssignmentProblem, objective: AssignmentObjective): boolean {
  const flow = compileAssignment(problem, { objective });
  const result = solveAssignment(problem, { objective });
  const { personCount, capacityCount, parent, capacity } = flow;
  const sink = personCount + capacityCount;
  const chosen = new Set(result.pairIndices);
  const placed = new Set(result.pairIndices.map((i) => flow.pairPerson[i]!));
  const load = new Array<number>(capacityCount).fill(0);
  for (const i of chosen) {
    for (let c = flow.pairPosition[i]!; c >= 0; c = parent[c]!) load[c]!++;
  }
  const arcs: [number, number, number][] = [];
  flow.pairCost.forEach((cost, i) => {
    const person = flow.pairPerson[i]!;
    const position = personCount + flow.pairPosition[i]!;
    arcs.push(chosen.has(i) ? [position, person, -cost] : [person, position, cost]);
  });
  for (let c = 0; c < capacityCount; c++) {
    const up = parent[c]! < 0 ? sink : personCount + parent[c]!;
    if (load[c]! < capacity[c]!) arcs.push([personCount + c, up, 0]);
    if (load[c]! > 0) arcs.push([up, personCount + c, 0]);
  }
  for (let p = 0; p < personCount; p++) {
    arcs.push(placed.has(p) ? [p, sink, 0] : [sink, p, 0]);
  }
  const distance = new Array<number>(sink + 1).fill(0);
  for (let round = 0; round <= sink + 1; round++) {
    let changed = false;
    for (const [from, to, cost] of arcs) {
      if (distance[from]! + cost < distance[to]!) {
        distance[to] = distance[from]! + cost;
        changed = true;
      }
    }
    if (!changed) return false;
  }
  return true;
}

const totalUnits = (result: AssignmentResult) =>
  result.pairs.reduce((sum, p) => sum + units(p.score), 0);

describe('solveAssignment: properties on random small problems', () => {
  it('never exceeds a capacity or places a person twice, and uses only given pairs', () => {
    fc.assert(
      fc.property(
        smallProblem,
        fc.constantFrom<AssignmentObjective>('max-score', 'max-count-then-score'),
        (problem, objective) => {
          const result = solveAssignment(problem, { objective });
          expect(isFeasible(problem, result.pairs)).toBe(true);
          for (const [k, chosen] of result.pairs.entries()) {
            expect(problem.pairs[result.pairIndices[k]!]).toEqual(chosen);
          }
          expect(result.pairs.length + result.unassigned.length).toBe(problem.people.length);
        },
      ),
      { numRuns: 300, seed: 94 },
    );
  });

  it('reaches the optimum found by brute force, for both objectives', () => {
    fc.assert(
      fc.property(smallProblem, (problem) => {
        for (const objective of ['max-score', 'max-count-then-score'] as const) {
          const result = solveAssignment(problem, { objective });
          const best = bruteForce(problem, objective);
          expect({ total: totalUnits(result), count: result.pairs.length }).toEqual(best);
        }
      }),
      { numRuns: 400, seed: 7 },
    );
  });

  it('leaves no improving cycle in the residual network of medium problems', () => {
    fc.assert(
      fc.property(mediumProblem, (problem) => {
        expect(hasImprovingCycle(problem, 'max-score')).toBe(false);
        expect(hasImprovingCycle(problem, 'max-count-then-score')).toBe(false);
      }),
      { numRuns: 300, seed: 5 },
    );
  });

  it('finds the same optimum by shortest paths from either side and by cost scaling', () => {
    fc.assert(
      fc.property(smallProblem, (problem) => {
        const flow = compileAssignment(problem);
        const cost = solveFlow(flow, { method: 'people' }).cost;
        expect(solveFlow(flow, { method: 'seats' }).cost).toBe(cost);
        expect(solveFlow(flow, { method: 'cost-scaling' }).cost).toBe(cost);
      }),
      { numRuns: 300, seed: 11 },
    );
    fc.assert(
      fc.property(mediumProblem, (problem) => {
        for (const objective of ['max-score', 'max-count-then-score'] as const) {
          const flow = compileAssignment(problem, { objective });
          const cost = solveFlow(flow, { method: 'people' }).cost;
          expect(solveFlow(flow, { method: 'seats' }).cost).toBe(cost);
          expect(solveFlow(flow, { method: 'cost-scaling' }).cost).toBe(cost);
          // Out of budget at once: the fallback must reach the same optimum.
          expect(solveFlow(flow, { scansPerArc: 0 }).cost).toBe(cost);
        }
      }),
      { numRuns: 200, seed: 12 },
    );
  });

  it('is deterministic, and its optimum does not depend on the order of pairs', () => {
    fc.assert(
      fc.property(smallProblem, fc.integer(), (problem, shift) => {
        expect(solveAssignment(problem)).toEqual(solveAssignment(problem));
        const n = problem.pairs.length;
        const rotated = {
          ...problem,
          pairs: problem.pairs.map((_, i) => problem.pairs[(i + Math.abs(shift)) % n]!),
        };
        expect(totalUnits(solveAssignment(rotated))).toBe(totalUnits(solveAssignment(problem)));
      }),
      { numRuns: 200, seed: 3 },
    );
  });

  it('hands over to cost scaling when shortest paths run out of budget', () => {
    const problem: AssignmentProblem = {
      people: ['a', 'b', 'c'],
      positions: [
        { id: 'm1', capacity: 1 },
        { id: 'm2', capacity: 1 },
      ],
      pairs: [
        { person: 'a', position: 'm1', score: 3 },
        { person: 'b', position: 'm1', score: 2 },
        { person: 'b', position: 'm2', score: 2 },
        { person: 'c', position: 'm2', score: 1 },
      ],
    };
    const flow = compileAssignment(problem);
    const fallback = solveFlow(flow, { scansPerArc: 0 });
    expect(fallback.method).toBe('cost-scaling');
    expect(fallback.cost).toBe(solveFlow(flow).cost);
  });
});
