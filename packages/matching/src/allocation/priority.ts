// The definition of a student's priority at offers that do not rank students themselves: the
// priority class first, then one lottery number per student, then the student id. The lottery is
// a hash of (seed, student id), so it never depends on the order students are listed in, and the
// id breaks the (rare) equal draws, so no tie is ever left to input order or float comparison.
import { hashString, seedToUint32 } from '../generator/random.js';
import type { Seed } from '../generator/random.js';

/** Default class ranks: REP+ first, then REP, then everyone else. */
export const DEFAULT_PRIORITY_CLASS_RANKS: Readonly<Record<string, number>> = Object.freeze({
  'rep-plus': 0,
  rep: 1,
  other: 2,
});

/** Default classes that may take reserved seats. */
export const DEFAULT_RESERVE_ELIGIBLE_CLASSES: readonly string[] = Object.freeze([
  'rep-plus',
  'rep',
]);

/** The class of a student who does not state one. */
export const DEFAULT_PRIORITY_CLASS = 'other';

/** A student's lottery number for a campaign seed: an integer in [0, 2^32), lower is better. */
export function lotteryNumber(seed: Seed, studentId: string): number {
  return hashString(studentId, seedToUint32(seed));
}

/** The same draw as `lotteryNumber`, with the seed reduced once for a whole campaign. */
export function lotteryDraw(seed: Seed): (studentId: string) => number {
  const seedHash = seedToUint32(seed);
  return (studentId) => hashString(studentId, seedHash);
}

/** Orders two student ids the same way on every platform (UTF-16 code units, not locale). */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
