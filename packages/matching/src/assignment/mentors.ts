// Mentoring: each mentee gets at most one mentor, each mentor at most their capacity of mentees,
// maximising the total compatibility score over the candidate pairs the caller scored
// (recommend/mentoring-score.ts builds them).

import { rethrowRenamed } from './errors.js';
import { solveAssignment, type AssignmentOptions } from './solve.js';

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

const MENTORING_FIELDS: readonly (readonly [RegExp, string])[] = [
  [/^people\[/, 'menteeIds['],
  [/^positions\[(\d+)\]\.capacity$/, 'mentors[$1].capacity'],
  [/^positions\[(\d+)\]\.id$/, 'mentors[$1].id'],
  [/^pairs\[(\d+)\]\.person$/, 'pairs[$1].menteeId'],
  [/^pairs\[(\d+)\]\.position$/, 'pairs[$1].mentorId'],
];

/** Optimal mentor–mentee pairs; throws AssignmentInputError with paths into `problem`. */
export function assignMentors(
  problem: MentoringProblem,
  options: AssignmentOptions = {},
): MentoringAssignment {
  try {
    const result = solveAssignment(
      {
        people: problem.menteeIds,
        positions: problem.mentors,
        pairs: problem.pairs.map((pair) => ({
          person: pair.menteeId,
          position: pair.mentorId,
          score: pair.score,
        })),
      },
      options,
    );
    return {
      pairs: result.pairs.map((pair) => ({
        menteeId: pair.person,
        mentorId: pair.position,
        score: pair.score,
      })),
      total: result.total,
      unassignedMenteeIds: result.unassigned,
    };
  } catch (error) {
    return rethrowRenamed(error, MENTORING_FIELDS);
  }
}
