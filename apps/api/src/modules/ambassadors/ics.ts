// A confirmed visit as an iCalendar file (RFC 5545): one all-day VEVENT on the visit's day, at the
// school's address (or the company's, when the class goes to the workplace), with a description
// that points back to the platform. Neither person's e-mail or phone number is ever written in it.
import type { VisitFormat } from '@tremplin/contracts';

export interface IcsVisit {
  id: string;
  date: string;
  status: 'confirmed' | 'cancelled';
  format: VisitFormat;
  schoolName: string;
  location: string;
  className: string | null;
  ambassadorName: string;
  trades: string[];
  sequence: number;
}

/** 2026-12-02T13:00:00.000Z -> 20261202T130000Z (UTC form, RFC 5545 §3.3.5). */
function icsUtc(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** TEXT escaping (§3.3.11): backslash, semicolon, comma and line breaks. */
export function icsText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r?\n/g, '\\n');
}

/** Folds a content line at 75 octets (§3.1), never inside a UTF-8 character. */
function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    const limit = out.length === 0 ? 75 : 74; // continuation lines start with one space
    if (bytes + size > limit) {
      out.push(current);
      current = '';
      bytes = 0;
    }
    current += char;
    bytes += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

const FORMAT_WORDS: Record<VisitFormat, string> = {
  talk: 'Intervention en classe',
  workplace_visit: "Visite du lieu de travail de l'ambassadeur",
  video: 'Échange en visio avec la classe',
};

const dayAfter = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export function visitIcs(visit: IcsVisit, options: { now: Date; webUrl: string }): string {
  const link = `${options.webUrl.replace(/\/$/, '')}/ambassadeurs/visites/${visit.id}`;
  const who = visit.className ? `la classe de ${visit.className}` : 'la classe';
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Tremplin Val-de-Marne//Ambassadeurs des métiers//FR',
    'CALSCALE:GREGORIAN',
    `METHOD:${visit.status === 'cancelled' ? 'CANCEL' : 'PUBLISH'}`,
    'BEGIN:VEVENT',
    `UID:${visit.id}@ambassadeurs.tremplin`,
    `SEQUENCE:${visit.sequence}`,
    `DTSTAMP:${icsUtc(options.now)}`,
    `DTSTART;VALUE=DATE:${visit.date.replace(/-/g, '')}`,
    `DTEND;VALUE=DATE:${dayAfter(visit.date).replace(/-/g, '')}`,
    `SUMMARY:${icsText(`Ambassadeur des métiers : ${visit.ambassadorName} à ${visit.schoolName}`)}`,
    `LOCATION:${icsText(visit.location)}`,
    `DESCRIPTION:${icsText(
      `${FORMAT_WORDS[visit.format]} avec ${who}${visit.trades.length > 0 ? ` — métiers : ${visit.trades.join(', ')}` : ''}.\nL'horaire se convient avec le professeur ; il reste responsable de la classe pendant la visite.\nPour tout échange, passez par Tremplin : ${link}`,
    )}`,
    `URL:${link}`,
    `STATUS:${visit.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
