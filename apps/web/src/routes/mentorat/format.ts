// Mentoring as pages show it: weekly slots, session times in Paris, modes, goals, and the
// conversion of a Paris wall-clock time typed in a form into an instant for the API.
import type { Locale, WeeklySlot } from '@tremplin/contracts';

const tag = (locale: Locale) => (locale === 'en' ? 'en-GB' : 'fr-FR');

/** "mercredi 2 décembre 2026, 14:00–15:00" in Paris time. */
export function sessionWhen(startsAt: string, endsAt: string, locale: Locale): string {
  const day = new Intl.DateTimeFormat(tag(locale), {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/Paris',
  }).format(new Date(startsAt));
  const clock = new Intl.DateTimeFormat(tag(locale), {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Paris',
  });
  return `${day}, ${clock.format(new Date(startsAt))}–${clock.format(new Date(endsAt))}`;
}

/** Days in the order of the week, 1 = Monday. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** "Mercredi 14:00–18:00" for each slot, with the day's name from the messages. */
export function slotsText(slots: WeeklySlot[], dayName: (day: number) => string): string[] {
  return slots.map((s) => `${dayName(s.day)} ${s.start}–${s.end}`);
}

/** Hours offered in the availability selects: 07:00 to 22:00, every half hour. */
export const CLOCK_CHOICES = Array.from({ length: 31 }, (_, i) => {
  const minutes = 7 * 60 + i * 30;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
});

/** Languages offered as checkboxes (ISO 639 codes); others can be typed. */
export const LANGUAGE_CHOICES = [
  'fr',
  'en',
  'ar',
  'es',
  'pt',
  'it',
  'de',
  'tr',
  'ro',
  'zh',
] as const;

/** Points out of the weight, rounded for reading: "32 / 40". */
export function points(value: number, weight: number): string {
  return `${Math.round(value * 10) / 10} / ${weight}`;
}

export function score(value: number): string {
  return String(Math.round(value * 10) / 10);
}
