// The pairing, as plain data in and out: requests and mentors as the database holds them become
// the matching engine's profiles, every (request, mentor) pair is scored with its breakdown, and
// the optimal assignment (min-cost flow) picks the pairs that maximise the total score within the
// mentors' remaining capacities. Pure: the service loads the rows and stores the proposals.
import {
  assignMentors,
  DEFAULT_MENTORING_WEIGHTS,
  distanceKm,
  mentoringCandidates,
  scoreMentorship,
  type MeetingMode,
  type MenteeProfile,
  type MentorProfile,
  type MentorshipScore,
} from '@tremplin/matching';
import type {
  CriterionPoints,
  MentoringCriterionName,
  MentoringMode,
  WeeklySlot,
} from '@tremplin/contracts';
import { weeklyHours } from './time.js';

/** Where a person is placed when nothing better is known: the centre of Val-de-Marne. */
export const DEPARTMENT_CENTRE = { lat: 48.7775, lon: 2.4697 };

export interface Point {
  lat: number;
  lon: number;
}

export interface RequestForPairing {
  id: string;
  menteeId: string;
  menteeName: string;
  tradeCodes: string[];
  modes: MentoringMode[];
  availability: WeeklySlot[];
  languages: string[];
  communeCode: string | null;
}

export interface MentorForPairing {
  userId: string;
  displayName: string;
  tradeCodes: string[];
  modes: MentoringMode[];
  languages: string[];
  communes: string[];
  availability: WeeklySlot[];
  /** The mentor's company, when known: where their in-person reach is measured from. */
  companyLocation: Point | null;
  /** Capacity minus active mentorships and waiting proposals. */
  remaining: number;
}

export interface ScoredPair {
  requestId: string;
  mentorId: string;
  eligible: boolean;
  score: number;
  criteria: CriterionPoints[];
  mode: MentoringMode | null;
  /** Hard rules broken, in the engine's words (no-common-slot, …). */
  refusals: string[];
}

const toEngine = (mode: MentoringMode): MeetingMode => (mode === 'in_person' ? 'in-person' : mode);
const fromEngine = (mode: MeetingMode): MentoringMode =>
  mode === 'in-person' ? 'in_person' : mode;

/** Where a mentor's in-person reach is measured from, and how far it goes. */
interface MentorPlace extends Point {
  reachKm: number;
}

function placeOf(mentor: MentorForPairing, centroids: ReadonlyMap<string, Point>): MentorPlace {
  const firstCommune = mentor.communes[0] ? centroids.get(mentor.communes[0]) : undefined;
  const anchor = mentor.companyLocation ?? firstCommune ?? DEPARTMENT_CENTRE;
  let reachKm = 0;
  for (const code of mentor.communes) {
    const c = centroids.get(code);
    if (c) reachKm = Math.max(reachKm, distanceKm(anchor.lat, anchor.lon, c.lat, c.lon));
  }
  // A hair above the farthest listed commune, so that commune itself is within reach.
  return { lat: anchor.lat, lon: anchor.lon, reachKm: reachKm + 0.01 };
}

function menteeProfile(
  request: RequestForPairing,
  centroids: ReadonlyMap<string, Point>,
  hours = weeklyHours(request.availability),
): MenteeProfile {
  const point = (request.communeCode && centroids.get(request.communeCode)) || DEPARTMENT_CENTRE;
  return {
    id: request.id,
    lat: point.lat,
    lon: point.lon,
    trades: request.tradeCodes,
    weeklySlots: hours,
    modes: request.modes.map(toEngine),
    languages: request.languages,
  };
}

/** The mentor as the engine sees them for a mentee in `communeCode` (in person only there). */
function mentorProfile(
  mentor: MentorForPairing,
  place: MentorPlace,
  communeCode: string | null,
  hours = weeklyHours(mentor.availability),
): MentorProfile {
  const inPersonHere = communeCode !== null && mentor.communes.includes(communeCode);
  return {
    id: mentor.userId,
    lat: place.lat,
    lon: place.lon,
    trades: mentor.tradeCodes,
    weeklySlots: hours,
    modes: mentor.modes.filter((m) => m !== 'in_person' || inPersonHere).map(toEngine),
    languages: mentor.languages,
    reachKm: place.reachKm,
  };
}

/**
 * Scores one pair, with its breakdown. In person is possible only in a commune the mentor listed:
 * when the mentee's commune is not one of them, in person is taken off the mentor's modes for
 * this pair. The distance criterion measures from the mentor's company (or first commune) to the
 * mentee's commune, against the farthest commune the mentor listed.
 */
export function scorePair(
  request: RequestForPairing,
  mentor: MentorForPairing,
  centroids: ReadonlyMap<string, Point>,
): ScoredPair {
  const result: MentorshipScore = scoreMentorship(
    menteeProfile(request, centroids),
    mentorProfile(mentor, placeOf(mentor, centroids), request.communeCode),
  );
  return {
    requestId: request.id,
    mentorId: mentor.userId,
    eligible: result.eligible,
    score: result.score,
    criteria: result.criteria.map((c) => ({
      criterion: c.criterion as MentoringCriterionName,
      fit: c.fit,
      weight: c.weight,
      points: c.points,
    })),
    mode: result.mode ? fromEngine(result.mode) : null,
    refusals: result.refusals,
  };
}

/** Points by criterion, as stored with a proposal. */
export function breakdownOf(criteria: CriterionPoints[]): Record<string, number> {
  return Object.fromEntries(criteria.map((c) => [c.criterion, c.points]));
}

/** The criteria back from a stored breakdown (points per criterion). */
export function criteriaOf(breakdown: Record<string, number>): CriterionPoints[] {
  return (Object.keys(DEFAULT_MENTORING_WEIGHTS) as MentoringCriterionName[]).map((criterion) => {
    const weight = DEFAULT_MENTORING_WEIGHTS[criterion];
    const points = breakdown[criterion] ?? 0;
    return { criterion, weight, points, fit: weight > 0 ? points / weight : 0 };
  });
}

export interface PairingInput {
  requests: RequestForPairing[];
  mentors: MentorForPairing[];
  centroids: ReadonlyMap<string, Point>;
  /** `${requestId}|${mentorId}` pairs never to propose again (declined, expired, withdrawn). */
  excluded: ReadonlySet<string>;
}

export interface CandidatePair {
  requestId: string;
  mentorId: string;
  score: number;
}

export interface PairingPlan {
  /** Every eligible pair, the edges the solver chose from. */
  candidates: CandidatePair[];
  /** The chosen pairs, with their breakdown. */
  pairs: ScoredPair[];
  total: number;
  unpaired: { requestId: string; reason: 'no_compatible_mentor' | 'mentors_full' }[];
}

/**
 * Every eligible (request, mentor) pair with a mentor who has room, not excluded, with its score.
 * Scored by the engine's candidate search (profiles prepared once, hours as bitsets) keeping every
 * eligible mentor of each request: the same scores as `scorePair`, without building a breakdown
 * for each of the pairs. Requests are grouped by commune, since in person depends on it.
 */
export function candidatePairs(input: PairingInput): CandidatePair[] {
  const mentors = input.mentors.filter((m) => m.remaining > 0);
  if (mentors.length === 0 || input.requests.length === 0) return [];
  const places = mentors.map((m) => placeOf(m, input.centroids));
  const hours = mentors.map((m) => weeklyHours(m.availability));
  const menteeOf = new Map(input.requests.map((r) => [r.id, r.menteeId]));
  const byCommune = new Map<string | null, RequestForPairing[]>();
  for (const request of input.requests) {
    const group = byCommune.get(request.communeCode);
    if (group) group.push(request);
    else byCommune.set(request.communeCode, [request]);
  }
  const out: CandidatePair[] = [];
  for (const [communeCode, requests] of byCommune) {
    const found = mentoringCandidates(
      requests.map((r) => menteeProfile(r, input.centroids)),
      mentors.map((m, i) => mentorProfile(m, places[i]!, communeCode, hours[i])),
      { perMentee: mentors.length },
    );
    for (const pair of found) {
      if (input.excluded.has(`${pair.menteeId}|${pair.mentorId}`)) continue;
      if (menteeOf.get(pair.menteeId) === pair.mentorId) continue;
      out.push({ requestId: pair.menteeId, mentorId: pair.mentorId, score: pair.score });
    }
  }
  return out;
}

/**
 * The optimal pairs: as many requests paired as possible and, among those pairings, the largest
 * total score; each request once, each mentor within their remaining capacity. Counting first is
 * deliberate: a young person left without a mentor is not worth a few points of fit elsewhere.
 */
export const PAIRING_OBJECTIVE = 'max-count-then-score' as const;

export function planPairing(input: PairingInput): PairingPlan {
  const candidates = candidatePairs(input);
  const mentors = input.mentors.filter((m) => m.remaining > 0);
  const result = assignMentors(
    {
      menteeIds: input.requests.map((r) => r.id),
      mentors: mentors.map((m) => ({ id: m.userId, capacity: m.remaining })),
      pairs: candidates.map((c) => ({
        menteeId: c.requestId,
        mentorId: c.mentorId,
        score: c.score,
      })),
    },
    { objective: PAIRING_OBJECTIVE },
  );
  const requests = new Map(input.requests.map((r) => [r.id, r]));
  const mentorById = new Map(mentors.map((m) => [m.userId, m]));
  // The breakdown is computed for the chosen pairs only.
  const pairs = result.pairs.map((p) =>
    scorePair(requests.get(p.menteeId)!, mentorById.get(p.mentorId)!, input.centroids),
  );
  const withCandidates = new Set(candidates.map((c) => c.requestId));
  return {
    candidates,
    pairs,
    total: result.total,
    unpaired: result.unassignedMenteeIds.map((requestId) => ({
      requestId,
      reason: withCandidates.has(requestId) ? 'mentors_full' : 'no_compatible_mentor',
    })),
  };
}

/** The best eligible mentor for one request (ties: the mentor listed first), or null. */
export function nextBestPair(input: PairingInput): ScoredPair | null {
  let best: CandidatePair | null = null;
  for (const pair of candidatePairs(input)) {
    if (!best || pair.score > best.score + 1e-9) best = pair;
  }
  if (!best) return null;
  const request = input.requests.find((r) => r.id === best.requestId)!;
  const mentor = input.mentors.find((m) => m.userId === best.mentorId)!;
  return scorePair(request, mentor, input.centroids);
}
