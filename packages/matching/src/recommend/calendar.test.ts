import { describe, expect, it } from 'vitest';
import { coveredDays, dayNumber, mergeRanges } from './calendar.js';

describe('calendar', () => {
  it('numbers days from 1970-01-01 and refuses what is not a date', () => {
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('2026-03-02') - dayNumber('2026-02-27')).toBe(3);
    expect(() => dayNumber('2026-02-30')).toThrow(RangeError);
    expect(() => dayNumber('02/03/2026')).toThrow(RangeError);
  });

  it('merges overlapping and adjacent stage weeks and counts covered days', () => {
    const weeks = mergeRanges([
      { start: '2026-03-09', end: '2026-03-13' },
      { start: '2026-03-02', end: '2026-03-06' },
      { start: '2026-03-07', end: '2026-03-08' },
    ]);
    expect(Array.from(weeks)).toEqual([dayNumber('2026-03-02'), dayNumber('2026-03-13')]);
    const from = dayNumber('2026-03-11');
    expect(coveredDays(from, from + 6, weeks)).toBe(3);
  });
});
