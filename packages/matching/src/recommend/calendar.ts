// Dates as day numbers: ISO `YYYY-MM-DD` strings become integers (days since 1970-01-01, UTC), so
// that overlaps of offer periods and school stage weeks are integer arithmetic.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** An inclusive range of calendar dates. */
export interface DateRange {
  start: string;
  end: string;
}

/** Day number of an ISO date; throws RangeError on anything else. */
export function dayNumber(iso: string): number {
  const match = ISO_DATE.exec(iso);
  if (match === null) throw new RangeError(`not an ISO date (YYYY-MM-DD): "${iso}"`);
  const [, y, m, d] = match;
  const ms = Date.UTC(Number(y), Number(m) - 1, Number(d));
  const back = new Date(ms);
  if (back.getUTCDate() !== Number(d) || back.getUTCMonth() !== Number(m) - 1) {
    throw new RangeError(`no such date: "${iso}"`);
  }
  return ms / DAY_MS;
}

/** Ranges as sorted, merged [start, end] day pairs (inclusive), flattened. */
export function mergeRanges(ranges: readonly DateRange[]): Int32Array {
  const pairs = ranges
    .map((range) => [dayNumber(range.start), dayNumber(range.end)] as const)
    .filter(([start, end]) => end >= start)
    .sort((a, b) => a[0] - b[0]);
  const merged: number[] = [];
  for (const [start, end] of pairs) {
    const last = merged.length - 1;
    if (last > 0 && start <= merged[last]! + 1) {
      merged[last] = Math.max(merged[last]!, end);
    } else {
      merged.push(start, end);
    }
  }
  return Int32Array.from(merged);
}

/** Days of [start, end] (inclusive) covered by merged ranges. */
export function coveredDays(start: number, end: number, merged: Int32Array): number {
  let covered = 0;
  for (let k = 0; k < merged.length; k += 2) {
    const from = Math.max(start, merged[k]!);
    const to = Math.min(end, merged[k + 1]!);
    if (to >= from) covered += to - from + 1;
  }
  return covered;
}
