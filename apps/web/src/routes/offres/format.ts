// Dates and hours as the offers pages show them, in the reader's language.
import type { Locale } from '@tremplin/contracts';

/** "11 janv. 2027" / "11 Jan 2027" for an ISO calendar date (no time zone shift). */
export function formatDate(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${iso}T00:00:00Z`));
}

/** "9 h 00" in French, "09:00" in English. */
export function formatTime(time: string, locale: Locale): string {
  if (locale === 'en') return time;
  const [h, m] = time.split(':');
  return `${Number(h)} h ${m}`;
}

type ScheduleDay = { start: string; end: string; breaks: { start: string; end: string }[] };

/** Minutes of presence (breaks excluded) over these days. */
export function presenceMinutes(days: ScheduleDay[]): number {
  const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  let total = 0;
  for (const day of days) {
    total += minutes(day.end) - minutes(day.start);
    for (const b of day.breaks) total -= minutes(b.end) - minutes(b.start);
  }
  return total;
}

/** Minutes of presence minus breaks, over the week, as "30 h" or "31 h 30". */
export function weeklyHours(schedule: ScheduleDay[]): string {
  const total = presenceMinutes(schedule);
  const h = Math.floor(total / 60);
  const m = total % 60;
  return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')}`;
}
