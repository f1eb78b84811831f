// Reading the mentoring forms: weekly availability (one slot per day), modes, languages, trades
// and communes from their fields, and a Paris date and time into an instant for the API.
import type { MentoringMode, WeeklySlot } from '@tremplin/contracts';
import { text } from '$lib/server/forms';

export function availabilityOf(data: FormData): WeeklySlot[] {
  const slots: WeeklySlot[] = [];
  for (let day = 1; day <= 7; day++) {
    const start = text(data, `day${day}Start`);
    const end = text(data, `day${day}End`);
    if (start && end) slots.push({ day, start, end });
  }
  return slots;
}

/** Checked values of a group of checkboxes, in the order of the page. */
export function checked(data: FormData, name: string): string[] {
  return data
    .getAll(name)
    .filter((v): v is string => typeof v === 'string' && v !== '')
    .map((v) => v.trim());
}

/** Languages: the boxes ticked, plus codes typed in "other" (comma or space separated). */
export function languagesOf(data: FormData): string[] {
  const other = text(data, 'otherLanguages')
    .toLowerCase()
    .split(/[\s,;]+/)
    .filter(Boolean);
  return [...new Set([...checked(data, 'languages'), ...other])];
}

/** Trade codes of the trade selects (trade1, trade2, trade3), without blanks or repeats. */
export function tradesOf(data: FormData): string[] {
  return [...new Set([1, 2, 3].map((i) => text(data, `trade${i}`)).filter(Boolean))];
}

/** Modes with the preferred one first (the mentee's order of preference matters). */
export function modesOf(data: FormData): MentoringMode[] {
  const ticked = checked(data, 'modes') as MentoringMode[];
  const preferred = text(data, 'preferredMode') as MentoringMode;
  if (preferred && ticked.includes(preferred)) {
    return [preferred, ...ticked.filter((m) => m !== preferred)];
  }
  return ticked;
}

const parisParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parisWallClock(at: Date): string {
  const p: Record<string, string> = {};
  for (const part of parisParts.formatToParts(at)) p[part.type] = part.value;
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/**
 * The instant a Paris clock shows `time` on `date` ("2026-12-02", "14:00"), as ISO; the raw
 * text when it is not a valid date and time (the API then names the field).
 */
export function parisInstant(date: string, time: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return `${date}T${time}`;
  const wanted = `${date}T${time}`;
  const guess = new Date(`${wanted}:00Z`);
  if (Number.isNaN(guess.getTime())) return wanted;
  for (const hours of [1, 2, 0]) {
    const at = new Date(guess.getTime() - hours * 3_600_000);
    if (parisWallClock(at) === wanted) return at.toISOString();
  }
  return wanted;
}

/**
 * The API names list items (`availability.2.end`, `tradeCodes.0`); these forms show one error
 * per group of fields, so the items' errors go to their group.
 */
export function groupErrors(errors: Record<string, string>): void {
  for (const key of Object.keys(errors)) {
    const group = /^(availability|tradeCodes|languages|modes|communes|goals)\.\d+/.exec(key)?.[1];
    if (group) {
      errors[group] ??= errors[key]!;
      delete errors[key];
    }
  }
}
