// Dates and school years as the classes pages show them.
import type { Locale } from '@tremplin/contracts';

/** A calendar date ("2027-01-18") in words: "18 janvier 2027". */
export function formatDay(iso: string, locale: Locale): string {
  const at = new Date(`${iso.slice(0, 10)}T12:00:00Z`);
  if (Number.isNaN(at.getTime())) return iso;
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'fr-FR', {
    dateStyle: 'long',
    timeZone: 'UTC',
  }).format(at);
}

/** A birth date as schools write it: "14/03/2012". */
export function shortDay(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** The active schools of a teacher, once each. */
export function activeSchools(
  memberships: { schoolId: string; schoolName: string; status: string }[],
): { id: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const m of memberships) if (m.status === 'active') seen.set(m.schoolId, m.schoolName);
  return [...seen].map(([id, name]) => ({ id, name }));
}
