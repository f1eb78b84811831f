// School years and plain calendar dates (YYYY-MM-DD strings, no time zone), as schools count them.

/** First calendar year of the school year a day belongs to: from August on, the new year. */
export function schoolYearOf(day: string): number {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  return month >= 8 ? year : year - 1;
}

/** The first and last days of a school year (1 August to 31 July, holidays included). */
export function schoolYearBounds(schoolYear: number): { start: string; end: string } {
  return { start: `${schoolYear}-08-01`, end: `${schoolYear + 1}-07-31` };
}

/** Today in Paris, as a calendar date: what "today" means to a French school. */
export { parisToday } from '../agreements/dates.js';

const DAY_MS = 86_400_000;

/** Whole days from one calendar date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Whether a YYYY-MM-DD string names a real day. */
export function isRealDate(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const parsed = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === day;
}

/** "2027-01-18" -> "18/01/2027", the way French users write dates. */
export function frenchDate(day: string): string {
  return `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
}
