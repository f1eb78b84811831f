// Time as mentoring speaks it: weekly availability slots are Paris wall-clock times, sessions are
// instants. A session fits when it starts and ends on one Paris day inside one slot of that
// weekday; the matching engine counts availability in whole hours of the week.
import type { WeeklySlot } from '@tremplin/contracts';

const parisParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const WEEKDAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export interface ParisMoment {
  /** YYYY-MM-DD in Paris. */
  date: string;
  /** 1 = Monday … 7 = Sunday. */
  day: number;
  /** Minutes since Paris midnight. */
  minutes: number;
}

export function parisMoment(at: Date): ParisMoment {
  const parts: Record<string, string> = {};
  for (const part of parisParts.formatToParts(at)) parts[part.type] = part.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    day: WEEKDAY[parts.weekday!]!,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return h! * 60 + m!;
}

/** Index of the first slot whose end is not after its start, or -1. */
export function emptySlotIndex(slots: readonly WeeklySlot[]): number {
  return slots.findIndex((slot) => minutesOf(slot.end) <= minutesOf(slot.start));
}

/** Slots sorted by day and start, for display and storage. */
export function sortSlots(slots: readonly WeeklySlot[]): WeeklySlot[] {
  return [...slots].sort((a, b) => a.day - b.day || minutesOf(a.start) - minutesOf(b.start));
}

/**
 * Hours of the week (0..167, Monday 00:00 = 0) wholly inside the slots, as the matching engine
 * counts them: a slot 14:30–16:00 gives 15:00–16:00 only, so two people who share an hour here
 * share all of it.
 */
export function weeklyHours(slots: readonly WeeklySlot[]): number[] {
  const hours = new Set<number>();
  for (const slot of slots) {
    const start = minutesOf(slot.start);
    const end = minutesOf(slot.end);
    for (let h = Math.ceil(start / 60); (h + 1) * 60 <= end; h++)
      hours.add((slot.day - 1) * 24 + h);
  }
  return [...hours].sort((a, b) => a - b);
}

/** True when [startsAt, endsAt) lies on one Paris day inside one of the slots of that weekday. */
export function fitsAvailability(
  slots: readonly WeeklySlot[],
  startsAt: Date,
  endsAt: Date,
): boolean {
  const start = parisMoment(startsAt);
  // The end is compared through the last minute of the session, so 16:00 ends "at" 15:59 of the
  // same day, and a session ending at midnight does not spill over.
  const endMs = Math.ceil(endsAt.getTime() / 60_000) * 60_000;
  const last = parisMoment(new Date(endMs - 60_000));
  if (last.date !== start.date) return false;
  const endMinutes = last.minutes + 1;
  return slots.some(
    (slot) =>
      slot.day === start.day &&
      minutesOf(slot.start) <= start.minutes &&
      endMinutes <= minutesOf(slot.end),
  );
}

const frClock = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** "mercredi 2 décembre 2026 à 14:00", in Paris time (for e-mails). */
export function frMoment(at: Date): string {
  return frClock.format(at);
}
