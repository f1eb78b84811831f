// Mentor–mentee compatibility: trades (ROME hierarchy), weekly availability in common, how they
// would meet (in person only within the mentor's reach; by video or phone distance does not
// matter), distance when they meet in person, and a shared language. Hard rules: at least one
// common hour, one workable mode and one common language. The scores feed assignMentors.

import { distanceKm } from '../geo.js';
import { resolveWeights, roundKm, type CriterionScore, type ScoreBreakdown } from './breakdown.js';
import { TRADE_FIT, tradeFit } from './trade-fit.js';

export type MeetingMode = 'in-person' | 'video' | 'phone';
export const MEETING_MODES: readonly MeetingMode[] = ['in-person', 'video', 'phone'];

/**
 * Hours of the week a person is free, as integers 0..167: hour h of day d (Monday = 0) is
 * d * 24 + h, so 16 is Monday 16:00–17:00 and 62 is Wednesday 14:00–15:00.
 */
export type WeeklySlots = readonly number[];

export interface MenteeProfile {
  id: string;
  lat: number;
  lon: number;
  /** ROME codes of interest, most wanted first. */
  trades: readonly string[];
  weeklySlots: WeeklySlots;
  /** Acceptable modes, preferred first. */
  modes: readonly MeetingMode[];
  /** Languages spoken (any codes, e.g. 'fr'), preferred first. */
  languages: readonly string[];
}

export interface MentorProfile {
  id: string;
  lat: number;
  lon: number;
  trades: readonly string[];
  weeklySlots: WeeklySlots;
  modes: readonly MeetingMode[];
  languages: readonly string[];
  /** How far from (lat, lon) the mentor travels to meet in person. */
  reachKm: number;
}

export type MentoringCriterion = 'trade' | 'availability' | 'mode' | 'distance' | 'language';
export type MentoringRefusal =
  'no-common-slot' | 'no-common-mode' | 'out-of-reach' | 'no-common-language';
export type MentoringWeights = Record<MentoringCriterion, number>;

export const DEFAULT_MENTORING_WEIGHTS: Readonly<MentoringWeights> = {
  trade: 40,
  availability: 25,
  mode: 10,
  distance: 15,
  language: 10,
};

export interface MentoringScoringOptions {
  weights?: Partial<MentoringWeights>;
  /** Common hours a week that count as full availability fit (default 2). */
  slotsForFullFit?: number;
}

export interface MentorshipScore extends ScoreBreakdown<MentoringCriterion, MentoringRefusal> {
  /** How they would meet: the mentee's first workable mode, or null when none works. */
  mode: MeetingMode | null;
}

/** Mode fit by the rank of the planned mode in the mentee's preferences. */
const MODE_RANK_FIT = [1, 0.6, 0.3] as const;
/** Language fit when they share a language but not the mentee's first. */
const SECOND_LANGUAGE_FIT = 0.5;
/** In-person distance fit at the edge of the mentor's reach (1 when next door). */
const EDGE_OF_REACH_FIT = 0.5;

export interface ResolvedMentoringScoring {
  weights: MentoringWeights;
  slotsForFullFit: number;
}

export function resolveMentoringScoring(
  options: MentoringScoringOptions = {},
): ResolvedMentoringScoring {
  const slotsForFullFit = options.slotsForFullFit ?? 2;
  if (!(slotsForFullFit >= 1)) throw new RangeError('slotsForFullFit must be at least 1');
  return {
    weights: resolveWeights(DEFAULT_MENTORING_WEIGHTS, options.weights),
    slotsForFullFit,
  };
}

/** A profile reduced to bitsets and ids for fast pairwise scoring. */
export interface PreparedProfile {
  lat: number;
  lon: number;
  trades: readonly string[];
  /** 168 hour bits in six 32-bit words. */
  slots: Int32Array;
  /** Modes in preference order, as indices into MEETING_MODES. */
  modes: Int8Array;
  /** Bit i set when MEETING_MODES[i] is accepted. */
  modeMask: number;
  languages: readonly string[];
  reachKm: number;
}

export function prepareProfile(profile: MenteeProfile | MentorProfile): PreparedProfile {
  const slots = new Int32Array(6);
  for (const slot of profile.weeklySlots) {
    if (!Number.isInteger(slot) || slot < 0 || slot >= 168) {
      throw new RangeError(`weekly slot ${slot} of "${profile.id}" is not an hour of the week`);
    }
    slots[slot >> 5]! |= 1 << (slot & 31);
  }
  const modes = Int8Array.from(profile.modes.map((mode) => MEETING_MODES.indexOf(mode)));
  let modeMask = 0;
  for (const mode of modes) if (mode >= 0) modeMask |= 1 << mode;
  return {
    lat: profile.lat,
    lon: profile.lon,
    trades: profile.trades,
    slots,
    modes,
    modeMask,
    languages: profile.languages,
    reachKm: 'reachKm' in profile ? profile.reachKm : 0,
  };
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

export function commonHours(a: Int32Array, b: Int32Array): number {
  let count = 0;
  for (let w = 0; w < 6; w++) count += popcount(a[w]! & b[w]!);
  return count;
}

/** The mentee's first mode that works with this mentor at this distance, as a rank; -1 if none. */
function plannedModeRank(mentee: PreparedProfile, mentor: PreparedProfile, km: number): number {
  for (let r = 0; r < mentee.modes.length; r++) {
    const mode = mentee.modes[r]!;
    if (mode < 0 || (mentor.modeMask & (1 << mode)) === 0) continue;
    if (mode === 0 && km > mentor.reachKm) continue;
    return r;
  }
  return -1;
}

function languageFit(mentee: PreparedProfile, mentor: PreparedProfile): number {
  for (let r = 0; r < mentee.languages.length; r++) {
    if (mentor.languages.includes(mentee.languages[r]!)) return r === 0 ? 1 : SECOND_LANGUAGE_FIT;
  }
  return 0;
}

function inPersonDistanceFit(km: number, reachKm: number): number {
  return reachKm <= 0 ? 1 : 1 - (1 - EDGE_OF_REACH_FIT) * Math.min(1, km / reachKm);
}

/** The score when every hard rule holds, or -1; `tradeFitValue` is passed in by candidate search. */
export function mentorshipScoreValue(
  mentee: PreparedProfile,
  mentor: PreparedProfile,
  tradeFitValue: number,
  scoring: ResolvedMentoringScoring,
): number {
  const hours = commonHours(mentee.slots, mentor.slots);
  if (hours === 0) return -1;
  const language = languageFit(mentee, mentor);
  if (language === 0) return -1;
  if ((mentee.modeMask & mentor.modeMask) === 0) return -1;
  const km = distanceKm(mentee.lat, mentee.lon, mentor.lat, mentor.lon);
  const rank = plannedModeRank(mentee, mentor, km);
  if (rank < 0) return -1;
  const w = scoring.weights;
  return (
    w.trade * tradeFitValue +
    w.availability * Math.min(1, hours / scoring.slotsForFullFit) +
    w.mode * (MODE_RANK_FIT[rank] ?? MODE_RANK_FIT[2]) +
    w.distance * (mentee.modes[rank] === 0 ? inPersonDistanceFit(km, mentor.reachKm) : 1) +
    w.language * language
  );
}

/** Compatibility of one mentee with one mentor, with its breakdown. */
export function scoreMentorship(
  mentee: MenteeProfile,
  mentor: MentorProfile,
  options: MentoringScoringOptions = {},
): MentorshipScore {
  const scoring = resolveMentoringScoring(options);
  const w = scoring.weights;
  const a = prepareProfile(mentee);
  const b = prepareProfile(mentor);
  const km = distanceKm(a.lat, a.lon, b.lat, b.lon);
  const trade = tradeFit(mentee.trades, mentor.trades);
  const hours = commonHours(a.slots, b.slots);
  const language = languageFit(a, b);
  const rank = plannedModeRank(a, b, km);
  const modeIndex = rank < 0 ? -1 : a.modes[rank]!;

  const refusals: MentoringRefusal[] = [];
  if (hours === 0) refusals.push('no-common-slot');
  if ((a.modeMask & b.modeMask) === 0) refusals.push('no-common-mode');
  else if (rank < 0) refusals.push('out-of-reach');
  if (language === 0) refusals.push('no-common-language');

  const fits: Record<MentoringCriterion, number> = {
    trade: trade.fit,
    availability: Math.min(1, hours / scoring.slotsForFullFit),
    mode: rank < 0 ? 0 : (MODE_RANK_FIT[rank] ?? MODE_RANK_FIT[2]),
    distance: rank < 0 ? 0 : modeIndex === 0 ? inPersonDistanceFit(km, b.reachKm) : 1,
    language,
  };
  const notes: Record<MentoringCriterion, string> = {
    trade: trade.codes ? `${trade.match}: ${trade.codes[0]} / ${trade.codes[1]}` : 'none in common',
    availability: `${hours} h a week in common`,
    mode: rank < 0 ? 'no workable mode' : `${MEETING_MODES[modeIndex]} (choice ${rank + 1})`,
    distance:
      modeIndex === 0
        ? `${roundKm(km)} of ${roundKm(b.reachKm)} reach`
        : `${roundKm(km)}, not meeting in person`,
    language:
      language === 0
        ? 'none in common'
        : language === 1
          ? `${mentee.languages[0]}`
          : 'a shared language, not the first',
  };
  const order: MentoringCriterion[] = ['trade', 'availability', 'mode', 'distance', 'language'];
  const criteria: CriterionScore<MentoringCriterion>[] = order.map((criterion) => ({
    criterion,
    fit: fits[criterion],
    weight: w[criterion],
    points: w[criterion] * fits[criterion],
    note: notes[criterion],
  }));
  const score =
    w.trade * fits.trade +
    w.availability * fits.availability +
    w.mode * fits.mode +
    w.distance * fits.distance +
    w.language * fits.language;
  return {
    eligible: refusals.length === 0,
    score,
    criteria,
    refusals,
    mode: modeIndex < 0 ? null : MEETING_MODES[modeIndex]!,
  };
}

/** Largest trade fit a mentor of a given tier can have (for candidate search bounds). */
export const TRADE_TIER_FITS = [
  TRADE_FIT.fiche,
  TRADE_FIT.domaine,
  TRADE_FIT['grand-domaine'],
  TRADE_FIT.none,
] as const;
