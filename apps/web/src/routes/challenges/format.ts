// Dates and words of challenges as the pages show them. The deadline is typed and shown in Paris
// time, whatever the server's zone.
import type { ChallengePhase } from '@tremplin/contracts';

export { formatDate, formatDateTime } from '../conventions/format';

/** The Paris wall-clock of an instant, as "YYYY-MM-DD" and "HH:MM". */
export function parisParts(iso: string): { date: string; time: string } {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return { date: '', time: '' };
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Paris',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
  };
}

/** The instant a Paris date and time stand for (summer and winter time alike); null if invalid. */
export function parisToIso(date: string, time: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) return null;
  const wanted = Date.parse(`${date}T${time}:00Z`);
  if (Number.isNaN(wanted)) return null;
  // Paris is UTC+1 or UTC+2: correct a first guess by the offset the guess shows, twice.
  let at = wanted - 60 * 60 * 1000;
  for (let i = 0; i < 2; i++) {
    const shown = parisParts(new Date(at).toISOString());
    const shownMs = Date.parse(`${shown.date}T${shown.time}:00Z`);
    at += wanted - shownMs;
  }
  return new Date(at).toISOString();
}

export function phaseTone(phase: ChallengePhase): 'ok' | 'warn' | '' {
  if (phase === 'open') return 'ok';
  if (phase === 'draft') return 'warn';
  return '';
}

/** 1 234 567 bytes -> "1,2 Mo". */
export function formatSize(bytes: number, locale: 'fr' | 'en'): string {
  const tag = locale === 'en' ? 'en-GB' : 'fr-FR';
  const unit = locale === 'en' ? ['B', 'KB', 'MB'] : ['o', 'Ko', 'Mo'];
  if (bytes < 1024) return `${bytes} ${unit[0]}`;
  if (bytes < 1024 * 1024) {
    return `${new Intl.NumberFormat(tag, { maximumFractionDigits: 0 }).format(bytes / 1024)} ${unit[1]}`;
  }
  return `${new Intl.NumberFormat(tag, { maximumFractionDigits: 1 }).format(bytes / 1024 / 1024)} ${unit[2]}`;
}

export function formatScore(value: number, locale: 'fr' | 'en'): string {
  return new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'fr-FR', {
    maximumFractionDigits: 2,
  }).format(value);
}
