// Dates, statuses and trade codes as the ambassadors' and modules' pages show them.
import type { Locale, VisitRequestStatus } from '@tremplin/contracts';

/** A calendar date ("2027-03-16") in words: "mardi 16 mars 2027". */
export function formatDay(iso: string, locale: Locale): string {
  const at = new Date(`${iso.slice(0, 10)}T12:00:00Z`);
  if (Number.isNaN(at.getTime())) return iso;
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'fr-FR', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(at);
}

/** "16/03/2027": short, for lists. */
export function shortDay(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** Colour of a visit request's status badge. */
export function visitTone(status: VisitRequestStatus): string {
  if (status === 'authorised' || status === 'done') return 'ok';
  if (status === 'declined' || status === 'cancelled') return '';
  return 'warn';
}

/** ROME codes found in what was typed ("F1703 Maçonnerie, M1805"), upper-cased, once each. */
export function tradeCodesIn(values: string[]): string[] {
  const codes = values.flatMap((v) => v.toUpperCase().match(/\b[A-N]\d{4}\b/g) ?? []);
  return [...new Set(codes)];
}

/** Dates typed in date fields (YYYY-MM-DD), in order, once each. */
export function datesIn(values: string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter((v) => /^\d{4}-\d{2}-\d{2}$/.test(v)))];
}

export function todayIso(): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}
