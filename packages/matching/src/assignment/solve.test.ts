import { describe, expect, it } from 'vitest';
import { AssignmentInputError } from './errors.js';
import { solveAssignment, type AssignmentProblem } from './solve.js';

const mentor = (id: string, capacity = 1) => ({ id, capacity });
const pair = (person: string, position: string, score: number) => ({ person, position, score });

function expectRefused(problem: AssignmentProblem, code: string, path: string, options = {}) {
  let caught: unknown;
  try {
    solveAssignment(problem, options);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(AssignmentInputError);
  expect((caught as AssignmentInputError).code).toBe(code);
  expect((caught as AssignmentInputError).path).toBe(path);
}

describe('solveAssignment: small cases checked by hand', () => {
  it('gives a single seat to the higher score', () => {
    const result = solveAssignment({
      people: ['ana', 'bilal'],
      positions: [mentor('m')],
      pairs: [pair('ana', 'm', 5), pair('bilal', 'm', 7)],
    });
    expect(result.pairs).toEqual([{ person: 'bilal', position: 'm', score: 7 }]);
    expect(result.total).toBe(7);
    expect(result.unassigned).toEqual(['ana']);
  });

  it('beats the greedy choice when the best pair blocks a better total', () => {
    // Greedy takes ana–m1 (10) then bilal–m2 (1) = 11; the optimum is ana–m2 + bilal–m1 = 18.
    const result = solveAssignment({
      people: ['ana', 'bilal'],
      positions: [mentor('m1'), mentor('m2')],
      pairs: [
        pair('ana', 'm1', 10),
        pair('ana', 'm2', 9),
        pair('bilal', 'm1', 9),
        pair('bilal', 'm2', 1),
      ],
    });
    expect(result.total).toBe(18);
    expect(result.pairs).toEqual([
      { person: 'ana', position: 'm2', score: 9 },
      { person: 'bilal', position: 'm1', score: 9 },
    ]);
  });

  it('fills a mentor up to capacity and no further', () => {
    const result = solveAssignment({
      people: ['a', 'b', 'c'],
      positions: [mentor('m', 2)],
      pairs: [pair('a', 'm', 3), pair('b', 'm', 2), pair('c', 'm', 1)],
    });
    expect(result.pairs.map((p) => p.person)).toEqual(['a', 'b']);
    expect(result.total).toBe(5);
  });

  it('leaves out a negative pair for the total, takes it when counting people first', () => {
    const problem = {
      people: ['a'],
      positions: [mentor('m')],
      pairs: [pair('a', 'm', -2)],
    };
    expect(solveAssignment(problem).pairs).toEqual([]);
    expect(solveAssignment(problem, { objective: 'max-count-then-score' }).pairs).toHaveLength(1);
  });

  it('trades score for one more person placed only under max-count-then-score', () => {
    // ana alone on m1 scores 10; ana–m2 + bilal–m1 places both for 3.
    const problem = {
      people: ['ana', 'bilal'],
      positions: [mentor('m1'), mentor('m2')],
      pairs: [pair('ana', 'm1', 10), pair('ana', 'm2', 1), pair('bilal', 'm1', 2)],
    };
    const byScore = solveAssignment(problem);
    expect(byScore.total).toBe(10);
    expect(byScore.unassigned).toEqual(['bilal']);
    const byCount = solveAssignment(problem, { objective: 'max-count-then-score' });
    expect(byCount.total).toBe(3);
    expect(byCount.unassigned).toEqual([]);
  });

  it('places people on zero-score pairs rather than leaving them out (ties go to more people)', () => {
    const result = solveAssignment({
      people: ['a', 'b'],
      positions: [mentor('m1'), mentor('m2')],
      pairs: [pair('a', 'm1', 0), pair('b', 'm2', 4)],
    });
    expect(result.pairs).toHaveLength(2);
  });

  it('respects a monthly limit over two dates of the same ambassador', () => {
    const result = solveAssignment({
      people: ['class-1', 'class-2', 'class-3'],
      positions: [
        { id: 'amb/2026-03-02', capacity: 1, limit: 'amb/2026-03' },
        { id: 'amb/2026-03-09', capacity: 1, limit: 'amb/2026-03' },
        { id: 'amb/2026-04-07', capacity: 1, limit: 'amb/2026-04' },
      ],
      limits: [
        { id: 'amb/2026-03', capacity: 1, parent: 'amb' },
        { id: 'amb/2026-04', capacity: 1, parent: 'amb' },
        { id: 'amb', capacity: 5 },
      ],
      pairs: [
        pair('class-1', 'amb/2026-03-02', 8),
        pair('class-2', 'amb/2026-03-09', 7),
        pair('class-3', 'amb/2026-03-09', 6),
        pair('class-3', 'amb/2026-04-07', 2),
      ],
    });
    // March holds one visit: class-1 (8) there and class-3 in April (2) beat class-2 alone.
    expect(result.total).toBe(10);
    expect(result.pairs.map((p) => p.position)).toEqual(['amb/2026-03-02', 'amb/2026-04-07']);
  });

  it('respects a yearly limit above the monthly ones', () => {
    const result = solveAssignment({
      people: ['c1', 'c2'],
      positions: [
        { id: 'd1', capacity: 1, limit: 'march' },
        { id: 'd2', capacity: 1, limit: 'april' },
      ],
      limits: [
        { id: 'march', capacity: 1, parent: 'year' },
        { id: 'april', capacity: 1, parent: 'year' },
        { id: 'year', capacity: 1 },
      ],
      pairs: [pair('c1', 'd1', 4), pair('c2', 'd2', 5)],
    });
    expect(result.pairs).toEqual([{ person: 'c2', position: 'd2', score: 5 }]);
  });

  it('handles empty input and people with no candidate pair', () => {
    expect(solveAssignment({ people: [], positions: [], pairs: [] })).toEqual({
      pairs: [],
      pairIndices: [],
      total: 0,
      unassigned: [],
    });
    const result = solveAssignment({
      people: ['lonely', 'a'],
      positions: [mentor('m')],
      pairs: [pair('a', 'm', 1)],
    });
    expect(result.unassigned).toEqual(['lonely']);
  });

  it('reports chosen pairs in the order of people with their input indices', () => {
    const result = solveAssignment({
      people: ['z', 'y'],
      positions: [mentor('m1'), mentor('m2')],
      pairs: [pair('y', 'm1', 1), pair('z', 'm2', 1)],
    });
    expect(result.pairs.map((p) => p.person)).toEqual(['z', 'y']);
    expect(result.pairIndices).toEqual([1, 0]);
  });

  it('is exact at the stated scale: scores differing by a thousandth are told apart', () => {
    const result = solveAssignment({
      people: ['a', 'b'],
      positions: [mentor('m')],
      pairs: [pair('a', 'm', 50.001), pair('b', 'm', 50.002)],
    });
    expect(result.pairs[0]?.person).toBe('b');
  });
});

describe('solveAssignment: input validation', () => {
  const base = (): AssignmentProblem => ({
    people: ['a', 'b'],
    positions: [mentor('m1'), mentor('m2')],
    pairs: [pair('a', 'm1', 1), pair('b', 'm2', 2)],
  });

  it('refuses a pair naming an unknown person or position', () => {
    expectRefused({ ...base(), pairs: [pair('x', 'm1', 1)] }, 'unknown-id', 'pairs[0].person');
    expectRefused(
      { ...base(), pairs: [pair('a', 'm1', 1), pair('a', 'nope', 1)] },
      'unknown-id',
      'pairs[1].position',
    );
  });

  it('refuses duplicate ids', () => {
    expectRefused({ ...base(), people: ['a', 'a'] }, 'duplicate-id', 'people[1]');
    expectRefused(
      { ...base(), positions: [mentor('m1'), mentor('m1')] },
      'duplicate-id',
      'positions[1].id',
    );
  });

  it('refuses negative or fractional capacities', () => {
    expectRefused(
      { ...base(), positions: [mentor('m1', -1), mentor('m2')] },
      'negative-capacity',
      'positions[0].capacity',
    );
    expectRefused(
      { ...base(), positions: [mentor('m1'), mentor('m2', 1.5)] },
      'invalid-capacity',
      'positions[1].capacity',
    );
  });

  it('refuses NaN and infinite scores', () => {
    expectRefused({ ...base(), pairs: [pair('a', 'm1', NaN)] }, 'invalid-score', 'pairs[0].score');
    expectRefused(
      { ...base(), pairs: [pair('a', 'm1', 1), pair('b', 'm1', Infinity)] },
      'invalid-score',
      'pairs[1].score',
    );
  });

  it('refuses the same person and position twice', () => {
    expectRefused(
      { ...base(), pairs: [pair('a', 'm1', 1), pair('b', 'm1', 1), pair('a', 'm1', 3)] },
      'duplicate-pair',
      'pairs[2]',
    );
  });

  it('refuses unknown and cyclic limits', () => {
    expectRefused(
      { ...base(), positions: [{ id: 'm1', capacity: 1, limit: 'nope' }] },
      'unknown-id',
      'positions[0].limit',
    );
    expectRefused(
      {
        ...base(),
        limits: [
          { id: 'l1', capacity: 1, parent: 'l2' },
          { id: 'l2', capacity: 1, parent: 'l1' },
        ],
      },
      'cyclic-limits',
      'limits[0].parent',
    );
  });

  it('refuses a bad scale, an unknown objective, and scores too large to stay exact', () => {
    expectRefused(base(), 'invalid-option', 'options.scale', { scale: 0 });
    expectRefused(base(), 'invalid-option', 'options.objective', { objective: 'most' });
    expectRefused({ ...base(), pairs: [pair('a', 'm1', 1e12)] }, 'score-range', 'options.scale');
  });

  it('says where the problem is in its message', () => {
    expect(() => solveAssignment({ ...base(), pairs: [pair('a', 'm1', NaN)] })).toThrow(
      /^pairs\[0\]\.score: /,
    );
  });
});
