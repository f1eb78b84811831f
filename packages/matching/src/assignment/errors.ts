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

/**
 * Rethrows an error of the general solver with its path rewritten into a wrapper's field names
 * (`pairs[3].position` becomes `pairs[3].mentorId`); any other error passes through untouched.
 */
export function rethrowRenamed(
  error: unknown,
  renames: readonly (readonly [RegExp, string])[],
): never {
  if (error instanceof AssignmentInputError) {
    const rename = renames.find(([pattern]) => pattern.test(error.path));
    const path = rename ? error.path.replace(rename[0], rename[1]) : error.path;
    throw new AssignmentInputError(error.code, path, error.detail);
  }
  throw error;
}
