// How the passport pages name an entry's kind and source, and write its date.
import type { Locale, PassportEntry } from '@tremplin/contracts';
import type { MessageKey } from '$lib/i18n';

/** A calendar date ("2027-01-18") in words: "18 janvier 2027". */
export function formatDay(iso: string, locale: Locale): string {
  const at = new Date(`${iso.slice(0, 10)}T12:00:00Z`);
  if (Number.isNaN(at.getTime())) return iso;
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'fr-FR', {
    dateStyle: 'long',
    timeZone: 'UTC',
  }).format(at);
}

export function kindKey(entry: Pick<PassportEntry, 'kind'>): MessageKey {
  return `passport.kind.${entry.kind}` as MessageKey;
}

/** Where the entry comes from, in the reader's language. */
export function sourceKey(entry: Pick<PassportEntry, 'kind' | 'sourceType'>): MessageKey {
  if (entry.sourceType === null) return 'passport.from.own';
  if (entry.sourceType === 'module_activity' && entry.kind === 'visit')
    return 'passport.from.visit';
  const known = [
    'agreement',
    'module_activity',
    'activity_reflection',
    'mentorship',
    'challenge_team',
  ];
  return (
    known.includes(entry.sourceType) ? `passport.from.${entry.sourceType}` : 'passport.from.own'
  ) as MessageKey;
}
