// Dates as the agreement speaks them: in Paris time and in French words.

const parisDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const parisClock = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  hour: '2-digit',
  minute: '2-digit',
});

/**
 * Today's date in Paris, YYYY-MM-DD: a stage ends on its date there, not in UTC. The one
 * definition the API uses (the formatter is built once: building one costs more than a search).
 */
export function parisToday(now = new Date()): string {
  return parisDay.format(now);
}

/** "2027-01-11" -> "11/01/2027". */
export function frDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}/${m}/${y}`;
}

/** An instant as "26/11/2026 à 14 h 05", in Paris time. */
export function frDateTime(at: Date): string {
  const [h, min] = parisClock.format(at).split(':');
  return `${frDate(parisToday(at))} à ${h} h ${min}`;
}

export const WEEKDAYS = [
  '',
  'Lundi',
  'Mardi',
  'Mercredi',
  'Jeudi',
  'Vendredi',
  'Samedi',
  'Dimanche',
];

export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return h! * 60 + m!;
}

/** 390 -> "6 h 30", 420 -> "7 h". */
export function frDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')}`;
}
