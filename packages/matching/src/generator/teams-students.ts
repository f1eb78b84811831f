// Generated challenge enrolments: classes of several schools signed up by their teachers, each
// student with a few declared skills (some common, some rare), listed class by class as class
// lists arrive.

import type { ChallengeStudent } from '../teams/form-teams.js';
import { createRandom, type Seed } from './random.js';

const SKILLS = [
  'oral',
  'écriture',
  'dessin',
  'code',
  'vidéo',
  'bricolage',
  'maths',
  'organisation',
];
/** Relative frequency of each skill above: oral and writing are common, code and video rarer. */
const SKILL_WEIGHT = [6, 5, 4, 2, 2, 3, 3, 4];

export interface ChallengeEnrolmentOptions {
  seed: Seed;
  schools: number;
  classesPerSchool: number;
  /** Students per class, around which sizes vary by ±4. */
  classSize: number;
}

export function generateChallengeStudents(options: ChallengeEnrolmentOptions): ChallengeStudent[] {
  const random = createRandom(options.seed).fork('challenge');
  const totalWeight = SKILL_WEIGHT.reduce((a, b) => a + b, 0);
  const drawSkill = (): string => {
    let draw = random.next() * totalWeight;
    for (let k = 0; k < SKILLS.length; k++) {
      draw -= SKILL_WEIGHT[k]!;
      if (draw < 0) return SKILLS[k]!;
    }
    return SKILLS[0]!;
  };
  const students: ChallengeStudent[] = [];
  for (let school = 1; school <= options.schools; school++) {
    for (let c = 0; c < options.classesPerSchool; c++) {
      const classId = `${random.pick(['4e', '3e'])}${String.fromCharCode(65 + c)}`;
      const size = Math.max(1, options.classSize + random.intBetween(-4, 4));
      for (let k = 0; k < size; k++) {
        const skills = new Set<string>();
        for (let n = random.intBetween(0, 2); n > 0; n--) skills.add(drawSkill());
        students.push({
          id: `s${school}-${classId}-${k + 1}`,
          schoolId: `school-${school}`,
          classId,
          skills: [...skills],
        });
      }
    }
  }
  return students;
}
