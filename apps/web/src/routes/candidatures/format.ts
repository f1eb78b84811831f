// Dates and states of applications as pages show them; shared by the pupil's page, the
// employer's inbox and the notifications page.
import type { ApplicationStatus, Locale } from '@tremplin/contracts';

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

/** The badge colour of a state: green when it went well, amber when it ended otherwise. */
export function statusTone(status: ApplicationStatus): 'ok' | 'warn' | '' {
  if (status === 'accepted' || status === 'confirmed') return 'ok';
  if (status === 'rejected' || status === 'withdrawn' || status === 'expired') return 'warn';
  return '';
}
