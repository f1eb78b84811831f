// Team formation for a département-wide challenge: 1,200 pupils from 10 collèges (4 classes each)
// into teams of 4 to 6, and a small one (2 classes) as a teacher would run it.
import { generateChallengeStudents } from '../../src/generator/teams-students.js';
import { formTeams, type ChallengeStudent } from '../../src/teams/index.js';
import type { BenchCase } from '../types.js';

const SEED = 'bench-2025';

function teamCase(name: string, scale: string, schools: number, classes: number): BenchCase {
  return {
    name,
    scale,
    algorithm: 'seeded class deal + swap local search',
    setup: () =>
      generateChallengeStudents({ seed: SEED, schools, classesPerSchool: classes, classSize: 30 }),
    run(students: ChallengeStudent[]) {
      const { teams, spread } = formTeams(students, { minSize: 4, maxSize: 6, seed: SEED });
      return {
        entries: students.length,
        extra: {
          teams: teams.length,
          schoolSpread: Number(spread.school.toFixed(2)),
          classSpread: Number(spread.class.toFixed(2)),
          skillSpread: Number(spread.skill.toFixed(2)),
        },
      };
    },
  } satisfies BenchCase<ChallengeStudent[]>;
}

export const cases: BenchCase[] = [
  teamCase('teams/challenge', 'departement', 10, 4),
  teamCase('teams/two-classes', 'class', 1, 2),
];
