// Allocation of internship seats: the public surface of this part of @tremplin/matching.
export { allocate, comparePlacements } from './allocate.js';
export type { PlacementComparison } from './allocate.js';
export { AllocationInputError } from './errors.js';
export {
  compileAllocation,
  orderStudentsByPriority,
  UNACCEPTABLE as UNACCEPTABLE_WISH_KEY,
} from './compile.js';
export type { AllocationIndex, CompactAllocation } from './compile.js';
export { resolveAllocationOptions } from './options.js';
export type { ResolvedAllocationOptions } from './options.js';
export {
  DEFAULT_PRIORITY_CLASS,
  DEFAULT_PRIORITY_CLASS_RANKS,
  DEFAULT_RESERVE_ELIGIBLE_CLASSES,
  lotteryNumber,
} from './priority.js';
export { allocateSecondRound, secondRoundInstance } from './second-round.js';
export type { SecondRoundOptions } from './second-round.js';
export { allocationAlgorithmFor, solveCompactAllocation } from './solve.js';
export type { AllocationAlgorithm, CompactAllocationSolution } from './solve.js';
export { solvePlain as solveDeferredAcceptance } from './solve-plain.js';
export { solveWithReserves as solveDeferredAcceptanceWithReserves } from './solve-reserves.js';
export { solveWithCompanyCaps as solveSpaStudent } from './solve-company-caps.js';
export { buildAllocationResult } from './explain.js';
export { verifyAllocation, verifyCompactAllocation } from './verify.js';
export type {
  AllocationVerificationInput,
  AllocationVerificationNames,
  AllocationVerifyOptions,
} from './verify.js';
export type * from './types.js';
