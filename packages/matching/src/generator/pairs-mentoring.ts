// Generated mentoring populations at département scale: mentees (pupils and young people 16–25)
// and mentors (professionals) placed around the real communes, with trades, free hours, meeting
// modes, languages, reach and capacities; and the candidate pairs the assignment runs on, built
// by the real scoring (recommend/candidates.ts), the best few mentors per mentee.

import type { MentoringProblem } from '../assignment/mentors.js';
import { mentoringCandidates } from '../recommend/candidates.js';
import type { MeetingMode, MenteeProfile, MentorProfile } from '../recommend/mentoring-score.js';
import { pickTrades, randomPlace } from './pairs-common.js';
import { createRandom, type Random, type Seed } from './random.js';

export interface MentoringPopulationOptions {
  seed: Seed;
  mentees: number;
  mentors: number;
}

export interface MentorWithCapacity extends MentorProfile {
  capacity: number;
}

export interface MentoringPopulation {
  mentees: MenteeProfile[];
  mentors: MentorWithCapacity[];
}

export interface MentoringInstance extends MentoringPopulation {
  problem: MentoringProblem;
}

const hour = (day: number, h: number): number => day * 24 + h;
const WEEKDAYS = [0, 1, 2, 3, 4];
// Pupils are free after school, on Wednesday afternoon and on Saturday morning; professionals at
// lunch, in the evening and on Saturday morning. The overlap is evenings and Saturday.
const MENTEE_HOURS = [
  ...WEEKDAYS.flatMap((d) => [hour(d, 17), hour(d, 18), hour(d, 19)]),
  hour(2, 13),
  hour(2, 14),
  hour(2, 15),
  hour(2, 16),
  hour(5, 9),
  hour(5, 10),
  hour(5, 11),
];
const MENTOR_HOURS = [
  ...WEEKDAYS.flatMap((d) => [hour(d, 12), hour(d, 18), hour(d, 19), hour(d, 20)]),
  hour(5, 9),
  hour(5, 10),
  hour(5, 11),
];
const OTHER_LANGUAGES = ['ar', 'pt', 'en', 'es', 'zh', 'tr', 'ta', 'ro', 'wo'];

function someOf(random: Random, pool: readonly number[], min: number, max: number): number[] {
  const count = random.intBetween(min, max);
  return random
    .shuffle([...pool])
    .slice(0, count)
    .sort((a, b) => a - b);
}

function menteeModes(random: Random): MeetingMode[] {
  const draw = random.next();
  if (draw < 0.5) return ['in-person', 'video'];
  if (draw < 0.8) return ['video', 'phone'];
  return ['video', 'in-person', 'phone'];
}

function mentorModes(random: Random): MeetingMode[] {
  const modes: MeetingMode[] = [];
  if (random.chance(0.7)) modes.push('in-person');
  if (random.chance(0.8)) modes.push('video');
  if (random.chance(0.4)) modes.push('phone');
  return modes.length > 0 ? modes : ['video'];
}

/** Mentees and mentors only; see generateMentoringInstance for the candidate pairs. */
export function generateMentoringPopulation(
  options: MentoringPopulationOptions,
): MentoringPopulation {
  const random = createRandom(options.seed);
  const menteeRandom = random.fork('mentees');
  const mentorRandom = random.fork('mentors');
  const mentees: MenteeProfile[] = Array.from({ length: options.mentees }, (_, i) => {
    const r = menteeRandom;
    const place = randomPlace(r);
    const languages = r.chance(0.07) ? [r.pick(OTHER_LANGUAGES), 'fr'] : ['fr'];
    if (languages.length === 1 && r.chance(0.25)) languages.push(r.pick(OTHER_LANGUAGES));
    return {
      id: `mentee-${i + 1}`,
      lat: place.lat,
      lon: place.lon,
      trades: pickTrades(r, r.intBetween(1, 3)),
      weeklySlots: someOf(r, MENTEE_HOURS, 3, 9),
      modes: menteeModes(r),
      languages,
    };
  });
  const mentors: MentorWithCapacity[] = Array.from({ length: options.mentors }, (_, i) => {
    const r = mentorRandom;
    const place = randomPlace(r, 1.2);
    const languages = ['fr'];
    for (let k = r.intBetween(0, 2); k > 0; k--) {
      const other = r.pick(OTHER_LANGUAGES);
      if (!languages.includes(other)) languages.push(other);
    }
    return {
      id: `mentor-${i + 1}`,
      lat: place.lat,
      lon: place.lon,
      trades: pickTrades(r, r.intBetween(1, 2)),
      weeklySlots: someOf(r, MENTOR_HOURS, 3, 10),
      modes: mentorModes(r),
      languages,
      reachKm: r.intBetween(3, 15),
      capacity: r.pick([1, 1, 2, 2, 2, 3, 3, 4]),
    };
  });
  return { mentees, mentors };
}

/** A mentoring assignment instance: population plus the best `perMentee` mentors of each mentee. */
export function generateMentoringInstance(
  options: MentoringPopulationOptions & { perMentee?: number },
): MentoringInstance {
  const population = generateMentoringPopulation(options);
  const pairs = mentoringCandidates(population.mentees, population.mentors, {
    perMentee: options.perMentee ?? 6,
  });
  return {
    ...population,
    problem: {
      menteeIds: population.mentees.map((mentee) => mentee.id),
      mentors: population.mentors.map(({ id, capacity }) => ({ id, capacity })),
      pairs,
    },
  };
}
