// Mentoring: each mentee gets at most one mentor, each mentor at most their capacity of mentees,
// maximising the total compatibility score over the candidate pairs the caller scored
// (recommend/candidates.ts builds them from recommend/mentoring-score.ts).

import { AssignmentInputError } from './errors.js';
import { solveFlow } from './min-cost-flow.js';
import {
  checkCapacity,
  chosenPairs,
  compileIndexed,
  scoreOf,
  type AssignmentOptions,
} from './solve.js';

export interface MentorSeats {
  id: string;
  /** How many mentees the mentor takes at once (a non-negative integer). */
  capacity: number;
}

export interface MentorPair {
  menteeId: string;
  mentorId: string;
  score: number;
}

export interface MentoringProblem {
  menteeIds: readonly string[];
  mentors: readonly MentorSeats[];
  pairs: readonly MentorPair[];
}

export interface MentoringAssignment {
  /** Chosen pairs in the order of `menteeIds`. */
  pairs: MentorPair[];
  total: number;
  unassignedMenteeIds: string[];
}

function indexIds(ids: readonly string[], path: (i: number) => string): Map<string, number> {
  const index = new Map<string, number>();
  ids.forEach((id, i) => {
    if (index.has(id))
      throw new AssignmentInputError('duplicate-id', path(i), `id "${id}" appears twice`);
    index.set(id, i);
  });
  return index;
}

/** Optimal mentor–mentee pairs; throws AssignmentInputError with paths into `problem`. */
export function assignMentors(
  problem: MentoringProblem,
  options: AssignmentOptions = {},
): MentoringAssignment {
  const { menteeIds, mentors, pairs } = problem;
  const menteeIndex = indexIds(menteeIds, (i) => `menteeIds[${i}]`);
  const mentorIndex = indexIds(
    mentors.map((mentor) => mentor.id),
    (i) => `mentors[${i}].id`,
  );
  const capacity = new Int32Array(mentors.length);
  mentors.forEach((mentor, i) => {
    checkCapacity(mentor.capacity, `mentors[${i}].capacity`);
    capacity[i] = mentor.capacity;
  });
  const pairCount = pairs.length;
  const pairPerson = new Int32Array(pairCount);
  const pairPosition = new Int32Array(pairCount);
  const pairScore = new Float64Array(pairCount);
  for (let i = 0; i < pairCount; i++) {
    const pair = pairs[i]!;
    const mentee = menteeIndex.get(pair.menteeId);
    if (mentee === undefined) {
      throw new AssignmentInputError(
        'unknown-id',
        `pairs[${i}].menteeId`,
        `no mentee "${pair.menteeId}"`,
      );
    }
    const mentor = mentorIndex.get(pair.mentorId);
    if (mentor === undefined) {
      throw new AssignmentInputError(
        'unknown-id',
        `pairs[${i}].mentorId`,
        `no mentor "${pair.mentorId}"`,
      );
    }
    pairPerson[i] = mentee;
    pairPosition[i] = mentor;
    pairScore[i] = scoreOf(pair.score, `pairs[${i}].score`);
  }

  const flow = compileIndexed(
    {
      personCount: menteeIds.length,
      capacity,
      parent: new Int32Array(mentors.length).fill(-1),
      pairPerson,
      pairPosition,
      pairScore,
      pairPath: (i) => `pairs[${i}]`,
      parentPath: () => 'mentors',
    },
    options,
  );
  const chosen = chosenPairs(flow, solveFlow(flow).chosen);
  const placed = new Uint8Array(menteeIds.length);
  let total = 0;
  const chosenPairsOut = chosen.map((i) => {
    const pair = pairs[i]!;
    placed[pairPerson[i]!] = 1;
    total += pair.score;
    return { menteeId: pair.menteeId, mentorId: pair.mentorId, score: pair.score };
  });
  return {
    pairs: chosenPairsOut,
    total,
    unassignedMenteeIds: menteeIds.filter((_, m) => placed[m] === 0),
  };
}
