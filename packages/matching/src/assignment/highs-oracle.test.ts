// The assignment against an independent LP solver (HiGHS, a dev-only oracle). The constraint
// matrix of an assignment with nested limits is totally unimodular, so the LP optimum is the
// integer optimum and a simplex vertex is a 0/1 assignment: comparing exact totals in integer
// units (not the solver's floating objective) makes the check as sharp as a thousandth of a point.

import loadHighs, { type Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateMentoringInstance } from '../generator/pairs-mentoring.js';
import { generateVisitInstance } from '../generator/pairs-visits.js';
import { createRandom } from '../generator/random.js';
import { assignMentors } from './mentors.js';
import { solveFlow } from './min-cost-flow.js';
import {
  compileAssignment,
  solveAssignment,
  type AssignmentProblem,
  type CandidatePair,
} from './solve.js';
import { assignVisits } from './visits.js';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

/** Rows of the LP: each person at most once; each position and limit within its capacity. */
interface LinearModel {
  rowUpper: number[];
  /** For each pair (column), the rows it counts in. */
  columnRows: number[][];
  scores: number[];
}

function modelOf(problem: AssignmentProblem): LinearModel {
  const rowUpper: number[] = [];
  const row = new Map<string, number>();
  const addRow = (key: string, upper: number) => {
    row.set(key, rowUpper.length);
    rowUpper.push(upper);
  };
  for (const person of problem.people) addRow(`person:${person}`, 1);
  for (const position of problem.positions) addRow(`position:${position.id}`, position.capacity);
  for (const limit of problem.limits ?? []) addRow(`limit:${limit.id}`, limit.capacity);
  const limitParent = new Map((problem.limits ?? []).map((l) => [l.id, l.parent]));
  const positionLimit = new Map(problem.positions.map((p) => [p.id, p.limit]));
  const columnRows = problem.pairs.map((pair) => {
    const rows = [row.get(`person:${pair.person}`)!, row.get(`position:${pair.position}`)!];
    for (let l = positionLimit.get(pair.position); l !== undefined; l = limitParent.get(l)) {
      rows.push(row.get(`limit:${l}`)!);
    }
    return rows;
  });
  return { rowUpper, columnRows, scores: problem.pairs.map((p) => p.score) };
}

/** Maximises the given objective; with `count` set, among exactly that many chosen pairs. */
function solveLp(model: LinearModel, objective: number[], count?: number): number[] {
  const columns = model.columnRows.length;
  const rowUpper = [...model.rowUpper];
  const countRow = rowUpper.length;
  if (count !== undefined) rowUpper.push(count);
  const rowLower = rowUpper.map((upper, r) => (r === countRow ? upper : -highs.infinity));
  const rowCount = rowUpper.length;
  const starts = [0];
  const indices: number[] = [];
  for (const rows of model.columnRows) {
    indices.push(...[...rows].sort((a, b) => a - b));
    if (count !== undefined) indices.push(countRow);
    starts.push(indices.length);
  }
  return highs.withModel(
    {
      numCols: columns,
      numRows: rowCount,
      sense: highs.constants.objectiveSense.maximize,
      colCost: Float64Array.from(objective),
      colLower: new Float64Array(columns),
      colUpper: new Float64Array(columns).fill(1),
      rowLower: Float64Array.from(rowLower),
      rowUpper: Float64Array.from(rowUpper),
      matrix: {
        format: 'csc',
        numRows: rowCount,
        numCols: columns,
        starts: Int32Array.from(starts),
        indices: Int32Array.from(indices),
        values: new Float64Array(indices.length).fill(1),
      },
    },
    (model) => {
      model.options.set({ output_flag: false });
      model.run();
      expect(model.getModelStatus()).toBe(highs.constants.modelStatus.optimal);
      return Array.from(model.getSolution().colValue);
    },
  );
}

const units = (score: number) => Math.round(score * 1000);

/** Chosen columns of an LP vertex, checked to be 0/1 as total unimodularity promises. */
function chosenColumns(values: number[]): number[] {
  const chosen: number[] = [];
  values.forEach((value, j) => {
    expect(Math.min(Math.abs(value), Math.abs(value - 1))).toBeLessThan(1e-6);
    if (value > 0.5) chosen.push(j);
  });
  return chosen;
}

function lpOptimum(problem: AssignmentProblem) {
  const model = modelOf(problem);
  const chosen = chosenColumns(solveLp(model, model.scores));
  return chosen.reduce((sum, j) => sum + units(model.scores[j]!), 0);
}

/** Random generic problems with nested limits, zero capacities and some negative scores. */
function randomProblem(seed: number, people: number, positions: number): AssignmentProblem {
  const random = createRandom(seed);
  const limits = Array.from({ length: Math.ceil(positions / 4) }, (_, i) => ({
    id: `l${i}`,
    capacity: random.intBetween(0, 6),
    parent: random.chance(0.3) ? `top${i % 5}` : undefined,
  }));
  const tops = Array.from({ length: 5 }, (_, i) => ({
    id: `top${i}`,
    capacity: random.intBetween(2, 30),
  }));
  const problem: AssignmentProblem = {
    people: Array.from({ length: people }, (_, i) => `p${i}`),
    positions: Array.from({ length: positions }, (_, i) => ({
      id: `s${i}`,
      capacity: random.intBetween(0, 4),
      limit: random.chance(0.5) ? `l${random.int(limits.length)}` : undefined,
    })),
    limits: [...limits, ...tops],
    pairs: [],
  };
  const pairs: CandidatePair[] = [];
  for (let p = 0; p < people; p++) {
    const taken = new Set<number>();
    for (let k = random.intBetween(0, 8); k > 0; k--) {
      const s = random.int(positions);
      if (taken.has(s)) continue;
      taken.add(s);
      pairs.push({
        person: `p${p}`,
        position: `s${s}`,
        score: random.intBetween(-2000, 100_000) / 1000,
      });
    }
  }
  return { ...problem, pairs };
}

describe('assignment against the HiGHS LP optimum', () => {
  const mentoringSizes = [
    [40, 10],
    [120, 25],
    [300, 60],
    [500, 90],
    [800, 150],
    [1200, 300],
    [1600, 250],
    [2000, 400],
  ] as const;
  it.each(mentoringSizes)('mentoring, %i mentees and %i mentors', (mentees, mentors) => {
    const { problem } = generateMentoringInstance({ seed: mentees, mentees, mentors });
    const result = assignMentors(problem);
    const generic: AssignmentProblem = {
      people: problem.menteeIds,
      positions: problem.mentors,
      pairs: problem.pairs.map((p) => ({
        person: p.menteeId,
        position: p.mentorId,
        score: p.score,
      })),
    };
    // Generated scores are arbitrary doubles: compare on the thousandths the solver rounds to.
    const rounded = {
      ...generic,
      pairs: generic.pairs.map((p) => ({ ...p, score: units(p.score) / 1000 })),
    };
    const ours = result.pairs.reduce((sum, p) => sum + units(p.score), 0);
    expect(ours).toBe(lpOptimum(rounded));
  });

  const visitSizes = [
    [40, 12],
    [100, 30],
    [250, 60],
    [500, 120],
    [800, 200],
    [1200, 300],
    [2000, 500],
  ] as const;
  it.each(visitSizes)('visits, %i requests and %i ambassadors', (requests, ambassadors) => {
    const { problem } = generateVisitInstance({ seed: requests, requests, ambassadors });
    const result = assignVisits(problem);
    // The same model written out independently: positions per (ambassador, date), limits per
    // (ambassador, month) under (ambassador) when a yearly limit is set.
    const ambassadorById = new Map(problem.ambassadors.map((a) => [a.id, a]));
    const positions = new Map<string, { id: string; capacity: number; limit: string }>();
    const limits = new Map<string, { id: string; capacity: number; parent?: string }>();
    for (const pair of problem.pairs) {
      const ambassador = ambassadorById.get(pair.ambassadorId)!;
      const month = `${pair.ambassadorId}@${pair.date.slice(0, 7)}`;
      const year = ambassador.yearlyLimit === undefined ? undefined : `${pair.ambassadorId}@year`;
      positions.set(`${pair.ambassadorId}@${pair.date}`, {
        id: `${pair.ambassadorId}@${pair.date}`,
        capacity: 1,
        limit: month,
      });
      limits.set(month, { id: month, capacity: ambassador.monthlyLimit, parent: year });
      if (year !== undefined) limits.set(year, { id: year, capacity: ambassador.yearlyLimit! });
    }
    const generic: AssignmentProblem = {
      people: problem.requestIds,
      positions: [...positions.values()],
      limits: [...limits.values()],
      pairs: problem.pairs.map((p) => ({
        person: p.requestId,
        position: `${p.ambassadorId}@${p.date}`,
        score: units(p.score) / 1000,
      })),
    };
    const ours = result.visits.reduce((sum, v) => sum + units(v.score), 0);
    expect(ours).toBe(lpOptimum(generic));
  });

  const genericSizes = [
    [30, 1, 12],
    [150, 2, 40],
    [400, 3, 80],
    [900, 4, 200],
    [1500, 5, 300],
    [2000, 6, 700],
  ] as const;
  it.each(genericSizes)(
    'generic nested limits, %i people (seed %i, %i positions)',
    (people, seed, positions) => {
      const problem = randomProblem(seed, people, positions);
      const ours = solveAssignment(problem).pairs.reduce((sum, p) => sum + units(p.score), 0);
      expect(ours).toBe(lpOptimum(problem));
    },
  );

  it.each(genericSizes.slice(0, 4))(
    'max-count-then-score, %i people: most pairs, then best total among them',
    (people, seed, positions) => {
      const problem = randomProblem(seed, people, positions);
      const result = solveAssignment(problem, { objective: 'max-count-then-score' });
      const model = modelOf(problem);
      const most = chosenColumns(
        solveLp(
          model,
          model.scores.map(() => 1),
        ),
      ).length;
      expect(result.pairs.length).toBe(most);
      const best = chosenColumns(solveLp(model, model.scores, most));
      expect(result.pairs.reduce((sum, p) => sum + units(p.score), 0)).toBe(
        best.reduce((sum, j) => sum + units(model.scores[j]!), 0),
      );
    },
  );

  it.each([
    [1, 1],
    [1.5, 2],
    [2.5, 3],
  ] as const)(
    'every method reaches the LP optimum with mentor seats scaled by %f (seed %i)',
    (factor, seed) => {
      const { problem } = generateMentoringInstance({ seed, mentees: 1500, mentors: 300 });
      const generic: AssignmentProblem = {
        people: problem.menteeIds,
        positions: problem.mentors.map((m) => ({
          id: m.id,
          capacity: Math.round(m.capacity * factor),
        })),
        pairs: problem.pairs.map((p) => ({
          person: p.menteeId,
          position: p.mentorId,
          score: units(p.score) / 1000,
        })),
      };
      const optimum = lpOptimum(generic);
      const flow = compileAssignment(generic);
      for (const method of ['people', 'seats', 'cost-scaling'] as const) {
        const chosen = solveFlow(flow, { method }).chosen;
        const total = generic.pairs.reduce(
          (sum, p, i) => sum + (chosen[i] === 1 ? units(p.score) : 0),
          0,
        );
        expect(total).toBe(optimum);
      }
    },
  );
});
