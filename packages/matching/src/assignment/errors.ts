// The one error the assignment functions throw for bad input. It names the offending field by a
// path into the caller's input (`pairs[12].score`) so that the API can answer a 400 pointing at it.

export type AssignmentErrorCode =
  | 'duplicate-id'
  | 'unknown-id'
  | 'negative-capacity'
  | 'invalid-capacity'
  | 'invalid-score'
  | 'invalid-date'
  | 'duplicate-pair'
  | 'cyclic-limits'
  | 'invalid-option'
  | 'score-range';

export class AssignmentInputError extends Error {
  override readonly name = 'AssignmentInputError';

  constructor(
    readonly code: AssignmentErrorCode,
    /** Where in the input the problem is, e.g. `pairs[12].score`. */
    readonly path: string,
    /** What is wrong there, without the path. */
    readonly detail: string,
  ) {
    super(`${path}: ${detail}`);
  }
}
