// The rules of applications as plain functions (no I/O), so the service applies the same rule
// when it refuses a request and when it withdraws what a confirmation makes impossible.
import type { PeriodBlock, SchoolLevel } from '@tremplin/contracts';

/** The calendar date in Paris (the département's time zone) of an instant: "YYYY-MM-DD". */
export { parisToday as parisDate } from '../agreements/dates.js';

/** "2027-01-15" -> "15/01/2027", as French readers write dates. */
export function frenchDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

export interface Seats {
  seats: number;
  reservedSeats: number;
  /** Reserved seats go to REP/REP+ pupils only before this date; from it on, to anyone. */
  reservedUntil: string | null;
}

export interface Taken {
  taken: number;
  takenPriority: number;
}

export function reservationActive(period: Seats, today: string): boolean {
  return period.reservedSeats > 0 && period.reservedUntil !== null && today < period.reservedUntil;
}

/**
 * How many more pupils like this one the period can take. Pupils of REP/REP+ schools may take
 * any seat; while the reservation holds, the others share only the seats not reserved.
 */
export function seatsLeftFor(
  period: Seats,
  taken: Taken,
  pupil: { priority: boolean },
  today: string,
): number {
  const left = Math.max(0, period.seats - taken.taken);
  if (pupil.priority || !reservationActive(period, today)) return left;
  const openSeats = period.seats - period.reservedSeats;
  const takenByOthers = taken.taken - taken.takenPriority;
  return Math.min(left, Math.max(0, openSeats - takenByOthers));
}

/** Why this pupil cannot take a seat of the period now ('full' or 'reserved'), or null. */
export function seatProblem(
  period: Seats,
  taken: Taken,
  pupil: { priority: boolean },
  today: string,
): 'full' | 'reserved' | null {
  if (taken.taken >= period.seats) return 'full';
  return seatsLeftFor(period, taken, pupil, today) > 0 ? null : 'reserved';
}

export interface Stage {
  startDate: string;
  endDate: string;
  companyId: string;
}

export function overlaps(a: { startDate: string; endDate: string }, b: typeof a): boolean {
  return a.startDate <= b.endDate && b.startDate <= a.endDate;
}

const DAY = 24 * 60 * 60 * 1000;
const days = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / DAY);

/** A stage of one week at most (Monday to Friday, or a few days). */
export function oneWeek(stage: { startDate: string; endDate: string }): boolean {
  return days(stage.startDate, stage.endDate) <= 6;
}

/** In June: the 2de stage fortnight is the last two weeks of June. */
function juneOf(stage: { startDate: string }): string | null {
  return stage.startDate.slice(5, 7) === '06' ? stage.startDate.slice(0, 4) : null;
}

export type ConfirmProblem = 'overlap' | 'june_full' | 'same_host' | 'june_fortnight';

/**
 * Whether a pupil who already confirmed `confirmed` may confirm `candidate` too. One stage per
 * stage period: never two on overlapping dates; a 2de pupil may fill the June fortnight with two
 * one-week stages, at two different hosts, but not with more.
 */
export function confirmProblem(
  level: SchoolLevel | null,
  confirmed: Stage[],
  candidate: Stage,
): ConfirmProblem | null {
  if (confirmed.some((stage) => overlaps(stage, candidate))) return 'overlap';
  const june = juneOf(candidate);
  if (level === '2de' && june) {
    const sameJune = confirmed.filter((stage) => juneOf(stage) === june);
    if (sameJune.length >= 2) return 'june_full';
    const [first] = sameJune;
    if (first) {
      if (first.companyId === candidate.companyId) return 'same_host';
      if (!oneWeek(first) || !oneWeek(candidate)) return 'june_fortnight';
    }
  }
  return null;
}

export const confirmMessages: Record<ConfirmProblem, string> = {
  overlap: 'Vous avez déjà confirmé un stage sur des dates qui se chevauchent avec celles-ci.',
  june_full: 'Vous avez déjà confirmé deux stages d’une semaine pour la quinzaine de juin.',
  same_host:
    'Les deux stages d’une semaine de la quinzaine de juin doivent se faire dans deux entreprises différentes.',
  june_fortnight:
    'Votre quinzaine de juin est déjà prise : elle compte un stage de deux semaines, ou deux stages d’une semaine au plus.',
};

/** A period's block for a pupil on the apply page, in the order the apply route checks them. */
export function periodBlock(args: {
  today: string;
  period: Seats & { startDate: string; endDate: string; campaignId: string | null };
  taken: Taken;
  priority: boolean;
  confirmProblem: ConfirmProblem | null;
  rejectedBefore: boolean;
}): PeriodBlock {
  if (args.period.campaignId) return 'campaign';
  if (args.period.startDate <= args.today) return 'started';
  if (args.rejectedBefore) return 'rejected_before';
  if (args.confirmProblem) return 'confirmed_elsewhere';
  return seatProblem(args.period, args.taken, { priority: args.priority }, args.today);
}
