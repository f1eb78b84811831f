// The one error an allocation throws on bad input, so that the API server can turn it into a 4xx
// that points at the offending field instead of a 500.

/** Malformed campaign data or options. `path` points at the field, e.g. `students[3].wishes[2]`. */
export class AllocationInputError extends Error {
  /** Stable machine-readable code, for problem+json bodies. */
  readonly code = 'ALLOCATION_INPUT';
  readonly path: string;

  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'AllocationInputError';
    this.path = path;
  }
}
