// The options of an allocation run, checked once and completed with their defaults. Shared by
// the front end and the verifier, which must read the same policy the same way.
import { AllocationInputError } from './errors.js';
import { DEFAULT_PRIORITY_CLASS_RANKS, DEFAULT_RESERVE_ELIGIBLE_CLASSES } from './priority.js';
import type { AllocationOptions, ReservePrecedence } from './types.js';

export interface ResolvedAllocationOptions {
  seed: string | number;
  priorityClassRanks: Readonly<Record<string, number>>;
  reserveEligibleClasses: readonly string[];
  reservePrecedence: ReservePrecedence;
  useReservedSeats: boolean;
  useCompanyCaps: boolean;
}

const MAX_CLASSES = 255;

/** Checks the options and fills in the defaults. */
export function resolveAllocationOptions(options: AllocationOptions): ResolvedAllocationOptions {
  if (options === null || typeof options !== 'object') {
    throw new AllocationInputError('options', 'must be an object with at least a seed');
  }
  const { seed } = options;
  if (!(typeof seed === 'string' || (typeof seed === 'number' && Number.isFinite(seed)))) {
    throw new AllocationInputError('options.seed', 'must be a string or a finite number');
  }
  const ranks = options.priorityClassRanks ?? DEFAULT_PRIORITY_CLASS_RANKS;
  if (ranks === null || typeof ranks !== 'object') {
    throw new AllocationInputError('options.priorityClassRanks', 'must map class names to numbers');
  }
  const classNames = Object.keys(ranks);
  if (classNames.length === 0) {
    throw new AllocationInputError('options.priorityClassRanks', 'must rank at least one class');
  }
  if (classNames.length > MAX_CLASSES) {
    throw new AllocationInputError('options.priorityClassRanks', `at most ${MAX_CLASSES} classes`);
  }
  for (const name of classNames) {
    const rank = ranks[name];
    if (typeof rank !== 'number' || !Number.isFinite(rank)) {
      throw new AllocationInputError(
        `options.priorityClassRanks.${name}`,
        `the rank of class "${name}" must be a finite number`,
      );
    }
  }
  const eligible = options.reserveEligibleClasses ?? DEFAULT_RESERVE_ELIGIBLE_CLASSES;
  if (!Array.isArray(eligible)) {
    throw new AllocationInputError('options.reserveEligibleClasses', 'must be an array of classes');
  }
  eligible.forEach((name: unknown, i) => {
    if (typeof name !== 'string' || !Object.hasOwn(ranks, name)) {
      throw new AllocationInputError(
        `options.reserveEligibleClasses[${i}]`,
        `${JSON.stringify(name)} is not a class ranked by options.priorityClassRanks`,
      );
    }
  });
  const precedence = options.reservePrecedence ?? 'reserved-first';
  if (precedence !== 'reserved-first' && precedence !== 'open-first') {
    throw new AllocationInputError(
      'options.reservePrecedence',
      `must be "reserved-first" or "open-first", not ${JSON.stringify(precedence)}`,
    );
  }
  return {
    seed,
    priorityClassRanks: ranks,
    reserveEligibleClasses: eligible,
    reservePrecedence: precedence,
    useReservedSeats: options.useReservedSeats ?? true,
    useCompanyCaps: options.useCompanyCaps ?? true,
  };
}
