import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateChallengeStudents } from '../generator/teams-students.js';
import {
  feasibleTeamCounts,
  formTeams,
  measureSpread,
  TeamSizeError,
  type ChallengeStudent,
} from './form-teams.js';

const enrolment = (seed: number, schools = 3, classesPerSchool = 2, classSize = 24) =>
  generateChallengeStudents({ seed, schools, classesPerSchool, classSize });

function expectSizesAndPlacement(
  students: readonly ChallengeStudent[],
  teams: string[][],
  minSize: number,
  maxSize: number,
) {
  for (const team of teams) {
    expect(team.length).toBeGreaterThanOrEqual(minSize);
    expect(team.length).toBeLessThanOrEqual(maxSize);
  }
  expect(teams.flat().sort()).toEqual(students.map((s) => s.id).sort());
}

/** What a teacher would get by cutting the class lists into consecutive teams. */
function naiveSplit(students: readonly ChallengeStudent[], teamCount: number): string[][] {
  const base = Math.floor(students.length / teamCount);
  const extra = students.length % teamCount;
  const teams: string[][] = [];
  let at = 0;
  for (let t = 0; t < teamCount; t++) {
    const size = base + (t < extra ? 1 : 0);
    teams.push(students.slice(at, at + size).map((s) => s.id));
    at += size;
  }
  return teams;
}

describe('formTeams', () => {
  it('places every student once in a team of 4 to 6', () => {
    const students = enrolment(1);
    const { teams } = formTeams(students, { minSize: 4, maxSize: 6, seed: 'défi-2026' });
    expectSizesAndPlacement(students, teams, 4, 6);
  });

  it('mixes schools, classes and skills far better than cutting the class lists', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const students = enrolment(seed, 4, 3, 26);
      const formed = formTeams(students, { minSize: 4, maxSize: 5, seed });
      const naive = measureSpread(students, naiveSplit(students, formed.teams.length));
      const remeasured = measureSpread(students, formed.teams);
      expect(formed.spread.school).toBeCloseTo(remeasured.school, 9);
      expect(formed.spread.class).toBeCloseTo(remeasured.class, 9);
      expect(formed.spread.skill).toBeCloseTo(remeasured.skill, 9);
      // Measured: school about 1/40 of the naive split, class 1/6 (near the floor that whole
      // students allow when each class has fewer members than there are teams), skills 1/2.
      expect(formed.spread.school).toBeLessThan(naive.school / 20);
      expect(formed.spread.class).toBeLessThan(naive.class / 5);
      expect(formed.spread.skill).toBeLessThan(naive.skill / 1.5);
    }
  });

  it('improves on its own deal with the local search', () => {
    const students = enrolment(7, 2, 4, 25);
    const dealt = formTeams(students, { minSize: 3, maxSize: 5, seed: 7, improvementPasses: 0 });
    const improved = formTeams(students, { minSize: 3, maxSize: 5, seed: 7 });
    const total = (s: typeof dealt.spread) => s.school + s.class + s.skill;
    expect(total(improved.spread)).toBeLessThan(total(dealt.spread));
  });

  it('is deterministic for a seed and varies with it', () => {
    const students = enrolment(2);
    const options = { minSize: 4, maxSize: 6, seed: 42 };
    expect(formTeams(students, options)).toEqual(formTeams(students, options));
    expect(formTeams(students, { ...options, seed: 43 }).teams).not.toEqual(
      formTeams(students, options).teams,
    );
  });

  it('refuses impossible sizes, bad ranges and too many teams with a clear message', () => {
    const seven = enrolment(3).slice(0, 7);
    expect(() => formTeams(seven, { minSize: 4, maxSize: 5, seed: 1 })).toThrow(
      '7 students cannot be split into teams of 4 to 5: 2 teams need at least 8 students, 1 teams hold at most 5',
    );
    expect(() => formTeams(seven, { minSize: 0, maxSize: 5, seed: 1 })).toThrow(TeamSizeError);
    expect(() => formTeams(seven, { minSize: 5, maxSize: 4, seed: 1 })).toThrow(TeamSizeError);
    let caught: unknown;
    try {
      formTeams(enrolment(3), { minSize: 2, maxSize: 3, seed: 1, maxTeams: 4 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TeamSizeError);
    expect((caught as TeamSizeError).code).toBe('too-many-teams');
    expect(() => formTeams(seven, { minSize: 2, maxSize: 3, seed: 1, teamCount: 4 })).toThrow(
      /possible: 3 to 3/,
    );
  });

  it('honours a requested team count and handles nobody enrolled', () => {
    const students = enrolment(4);
    expect(
      formTeams(students, { minSize: 2, maxSize: 20, seed: 1, teamCount: 9 }).teams,
    ).toHaveLength(9);
    expect(formTeams([], { minSize: 3, maxSize: 4, seed: 1 }).teams).toEqual([]);
  });

  it('holds its invariants for any group size and size range (or refuses exactly when impossible)', () => {
    const pool = enrolment(9, 3, 3, 20);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: pool.length }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer(),
        (count, minSize, extra, seed) => {
          const students = pool.slice(0, count);
          const maxSize = minSize + extra;
          const feasible = feasibleTeamCounts(count, minSize, maxSize) !== null;
          if (!feasible) {
            expect(() => formTeams(students, { minSize, maxSize, seed })).toThrow(TeamSizeError);
            return;
          }
          const { teams } = formTeams(students, { minSize, maxSize, seed, improvementPasses: 3 });
          expectSizesAndPlacement(students, teams, minSize, maxSize);
        },
      ),
      { numRuns: 200, seed: 94 },
    );
  });
});
