// The same département mentoring instance as assignment/mentoring, solved as a linear program by
// HiGHS (a dev-only oracle; the constraint matrix is totally unimodular, so the LP optimum is the
// assignment optimum). Reports HiGHS's time and whether its optimum equals ours to the thousandth.
import loadHighs, { type Highs } from 'highs';
import { assignMentors } from '../../src/assignment/index.js';
import type { MentoringInstance } from '../../src/generator/pairs-mentoring.js';
import type { BenchCase } from '../types.js';
import { mentoringInstance } from './assignment.js';

interface Context {
  highs: Highs;
  instance: MentoringInstance;
  ours: number;
  columns: number;
  rows: number;
  colCost: Float64Array;
  rowUpper: Float64Array;
  starts: Int32Array;
  indices: Int32Array;
}

const units = (score: number) => Math.round(score * 1000);

export const cases: BenchCase[] = [
  {
    name: 'assignment/mentoring-highs',
    scale: 'departement',
    algorithm: 'HiGHS LP on the same instance (reference)',
    runs: 3,
    async setup(): Promise<Context> {
      const highs = await loadHighs();
      const instance = mentoringInstance();
      const { menteeIds, mentors, pairs } = instance.problem;
      const menteeRow = new Map(menteeIds.map((id, i) => [id, i]));
      const mentorRow = new Map(mentors.map((m, i) => [m.id, menteeIds.length + i]));
      const starts = new Int32Array(pairs.length + 1);
      const indices = new Int32Array(2 * pairs.length);
      pairs.forEach((pair, j) => {
        indices[2 * j] = menteeRow.get(pair.menteeId)!;
        indices[2 * j + 1] = mentorRow.get(pair.mentorId)!;
        starts[j + 1] = 2 * j + 2;
      });
      const ours = assignMentors(instance.problem).pairs.reduce(
        (sum, p) => sum + units(p.score),
        0,
      );
      return {
        highs,
        instance,
        ours,
        columns: pairs.length,
        rows: menteeIds.length + mentors.length,
        // Scores rounded to the thousandths our solver works in, so both solve the same problem.
        colCost: Float64Array.from(pairs, (pair) => units(pair.score) / 1000),
        rowUpper: Float64Array.from([...menteeIds.map(() => 1), ...mentors.map((m) => m.capacity)]),
        starts,
        indices,
      };
    },
    run(context: Context) {
      const { highs, columns, rows } = context;
      const objective = highs.withModel(
        {
          numCols: columns,
          numRows: rows,
          sense: highs.constants.objectiveSense.maximize,
          colCost: context.colCost,
          colLower: new Float64Array(columns),
          colUpper: new Float64Array(columns).fill(1),
          rowLower: new Float64Array(rows).fill(-highs.infinity),
          rowUpper: context.rowUpper,
          matrix: {
            format: 'csc',
            numRows: rows,
            numCols: columns,
            starts: context.starts,
            indices: context.indices,
            values: new Float64Array(context.indices.length).fill(1),
          },
        },
        (model) => {
          model.options.set({ output_flag: false });
          model.run();
          return model.getObjectiveValue();
        },
      );
      return {
        entries: columns,
        extra: {
          objective: Number(objective.toFixed(3)),
          sameOptimum: Math.round(objective * 1000) === context.ours ? 'yes' : 'no',
        },
      };
    },
  } satisfies BenchCase<Context>,
];
