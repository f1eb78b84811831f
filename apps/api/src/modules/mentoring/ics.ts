// A session as an iCalendar file (RFC 5545): one VEVENT with its UID, DTSTAMP and UTC start and
// end, a summary and a description that point back to the platform. No e-mail, phone or address
// of either person is ever written in it (safeguarding: the pair talks through Tremplin only).
import type { MentoringMode, SessionStatus } from '@tremplin/contracts';

export interface IcsSession {
  id: string;
  mentorshipId: string;
  startsAt: Date;
  endsAt: Date;
  mode: MentoringMode;
  status: SessionStatus;
}

const MODE_WORDS: Record<MentoringMode, string> = {
  in_person: 'en personne (lieu à convenir dans la messagerie Tremplin)',
  video: 'en visio (lien à partager dans la messagerie Tremplin)',
  phone: 'par téléphone (à organiser dans la messagerie Tremplin)',
};

/** 2026-12-02T13:00:00.000Z -> 20261202T130000Z (UTC form, RFC 5545 §3.3.5). */
export function icsUtc(at: Date): string {
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
export function foldLine(line: string): string {
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

export function sessionIcs(
  session: IcsSession,
  options: { now: Date; webUrl: string; domain?: string },
): string {
  const link = `${options.webUrl.replace(/\/$/, '')}/mentorat/${session.mentorshipId}`;
  const status =
    session.status === 'cancelled' || session.status === 'declined'
      ? 'CANCELLED'
      : session.status === 'proposed'
        ? 'TENTATIVE'
        : 'CONFIRMED';
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Tremplin Val-de-Marne//Mentorat//FR',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${session.id}@${options.domain ?? 'mentorat.tremplin'}`,
    `DTSTAMP:${icsUtc(options.now)}`,
    `DTSTART:${icsUtc(session.startsAt)}`,
    `DTEND:${icsUtc(session.endsAt)}`,
    `SUMMARY:${icsText('Séance de mentorat Tremplin')}`,
    `DESCRIPTION:${icsText(
      `Séance ${MODE_WORDS[session.mode]}.\nPour tout échange, utilisez la messagerie de Tremplin : ${link}`,
    )}`,
    `URL:${link}`,
    `STATUS:${status}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
