// Generated stage offers and students for recommendation at département scale: offers placed at
// companies around the real communes, with trades, target levels, one-week periods in the school
// year, seats, reserved REP/REP+ seats, demand and accessibility; students with a home, a level,
// interests, their school's stage weeks and its education priority.

import type { DateRange } from '../recommend/calendar.js';
import type { EducationPriority, OfferForMatching, OfferSeeker } from '../recommend/offer-score.js';
import { isoDate, pickTrades, randomPlace, schoolWeekMondays } from './pairs-common.js';
import { createRandom, type Random, type Seed } from './random.js';

const LEVEL_SETS: readonly (readonly string[])[] = [
  ['3e'],
  ['3e'],
  ['3e'],
  ['3e', '4e'],
  ['2de'],
  ['pro'],
  [],
];

function weekOf(monday: number): DateRange {
  return { start: isoDate(monday), end: isoDate(monday + 4) };
}

function someWeeks(random: Random, count: number): DateRange[] {
  const start = random.int(schoolWeekMondays.length - count);
  const weeks = new Set<number>();
  // Near each other: a host opens a few weeks of a term, a school sets its weeks close together.
  while (weeks.size < count) weeks.add(schoolWeekMondays[start + random.int(count * 2)] ?? start);
  return [...weeks].sort((a, b) => a - b).map(weekOf);
}

export function generateOffers(options: { seed: Seed; offers: number }): OfferForMatching[] {
  const random = createRandom(options.seed).fork('offers');
  return Array.from({ length: options.offers }, (_, i) => {
    const place = randomPlace(random, 1);
    const seats = random.pick([1, 1, 1, 2, 2, 3, 4, 6]);
    const reserved = random.chance(0.3) ? Math.min(seats, random.intBetween(1, 2)) : 0;
    return {
      id: `offer-${i + 1}`,
      lat: place.lat,
      lon: place.lon,
      trades: pickTrades(random, random.intBetween(1, 2)),
      levels: [...random.pick(LEVEL_SETS)],
      periods: someWeeks(random, random.intBetween(1, 3)),
      seatsLeft: seats,
      reservedSeatsLeft: reserved,
      demand: random.intBetween(0, 12),
      accessible: random.chance(0.4),
    };
  });
}

const PRIORITIES: readonly EducationPriority[] = ['none', 'none', 'none', 'none', 'REP', 'REP+'];

export function generateSeekers(options: { seed: Seed; seekers: number }): OfferSeeker[] {
  const random = createRandom(options.seed).fork('seekers');
  return Array.from({ length: options.seekers }, () => {
    const home = randomPlace(random, 1);
    return {
      lat: home.lat,
      lon: home.lon,
      level: random.pick(['3e', '3e', '3e', '4e', '2de', 'pro']),
      trades: random.chance(0.1) ? [] : pickTrades(random, random.intBetween(1, 3)),
      stageWeeks: someWeeks(random, random.intBetween(1, 2)),
      educationPriority: random.pick(PRIORITIES),
      needsAccessibility: random.chance(0.03),
      ...(random.chance(0.2) ? { maxDistanceKm: random.intBetween(5, 15) } : {}),
    };
  });
}
