// Optimal assignment: the exact solver and its mentoring and visit shapes.
export { AssignmentInputError, type AssignmentErrorCode } from './errors.js';
export {
  solveAssignment,
  type AssignmentObjective,
  type AssignmentOptions,
  type AssignmentProblem,
  type AssignmentResult,
  type CandidatePair,
  type Limit,
  type Position,
} from './solve.js';
export {
  assignMentors,
  type MentorPair,
  type MentorSeats,
  type MentoringAssignment,
  type MentoringProblem,
} from './mentors.js';
export {
  assignVisits,
  type AmbassadorLimits,
  type VisitAssignment,
  type VisitPair,
  type VisitProblem,
} from './visits.js';
