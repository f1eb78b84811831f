// Dates, states and hours of agreements as the pages show them.
import type { AgreementHoursDay, AgreementStatus, Locale } from '@tremplin/contracts';
import type { Translate } from '$lib/i18n';
import { presenceMinutes } from '../offres/format';

const tag = (locale: Locale) => (locale === 'en' ? 'en-GB' : 'fr-FR');

/** A calendar date ("2027-01-11") in words: "11 janvier 2027". */
export function formatDate(iso: string, locale: Locale): string {
  const at = new Date(`${iso.slice(0, 10)}T12:00:00Z`);
  if (Number.isNaN(at.getTime())) return iso;
  return new Intl.DateTimeFormat(tag(locale), { dateStyle: 'long', timeZone: 'UTC' }).format(at);
}

/** An instant, in Paris time: "26 novembre 2026 à 14:05". */
export function formatDateTime(iso: string, locale: Locale): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return new Intl.DateTimeFormat(tag(locale), {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Paris',
  }).format(at);
}

export function statusTone(status: AgreementStatus): 'ok' | 'warn' | '' {
  if (status === 'signed' || status === 'completed') return 'ok';
  if (status === 'cancelled') return 'warn';
  return '';
}

/** "09:00 – 16:30, pause 12:00–13:30". */
export function hoursText(day: AgreementHoursDay, t: Translate): string {
  if (day.breaks.length === 0) return t('agreement.hours', { start: day.start, end: day.end });
  return t('agreement.hoursBreaks', {
    start: day.start,
    end: day.end,
    breaks: day.breaks.map((b) => `${b.start}–${b.end}`).join(', '),
  });
}

/** Time present in the week (breaks excluded), as the PDF totals it: "31 h 30". */
export function weekText(days: AgreementHoursDay[], t: Translate): string {
  const minutes = presenceMinutes(days);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0
    ? t('agreement.duration', { hours })
    : t('agreement.durationMinutes', { hours, minutes: String(rest).padStart(2, '0') });
}
