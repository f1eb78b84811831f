// The pairing, as plain data in and out: requests and mentors as the database holds them become
// the matching engine's profiles, every (request, mentor) pair is scored with its breakdown, and
// the optimal assignment (min-cost flow) picks the pairs that maximise the total score within the
// mentors' remaining capacities. Pure: the service loads the rows and stores the proposals.
import {
  assignMentors,
  DEFAULT_MENTORING_WEIGHTS,
  distanceKm,
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

/**
 * Scores one pair. In person is possible only in a commune the mentor listed: when the mentee's
 * commune is not one of them, in person is taken off the mentor's modes for this pair. The
 * distance criterion measures from the mentor's company (or first commune) to the mentee's
 * commune, against the farthest commune the mentor listed.
 */
export function scorePair(
  request: RequestForPairing,
  mentor: MentorForPairing,
  centroids: ReadonlyMap<string, Point>,
): ScoredPair {
  const menteePoint =
    (request.communeCode && centroids.get(request.communeCode)) || DEPARTMENT_CENTRE;
  const firstCommune = mentor.communes[0] ? centroids.get(mentor.communes[0]) : undefined;
  const anchor = mentor.companyLocation ?? firstCommune ?? DEPARTMENT_CENTRE;
  let reachKm = 0;
  for (const code of mentor.communes) {
    const c = centroids.get(code);
    if (c) reachKm = Math.max(reachKm, distanceKm(anchor.lat, anchor.lon, c.lat, c.lon));
  }
  const inPersonHere =
    request.communeCode !== null && mentor.communes.includes(request.communeCode);
  const mentee: MenteeProfile = {
    id: request.id,
    lat: menteePoint.lat,
    lon: menteePoint.lon,
    trades: request.tradeCodes,
    weeklySlots: weeklyHours(request.availability),
    modes: request.modes.map(toEngine),
    languages: request.languages,
  };
  const profile: MentorProfile = {
    id: mentor.userId,
    lat: anchor.lat,
    lon: anchor.lon,
    trades: mentor.tradeCodes,
    weeklySlots: weeklyHours(mentor.availability),
    modes: mentor.modes.filter((m) => m !== 'in_person' || inPersonHere).map(toEngine),
    languages: mentor.languages,
    // A hair above the farthest listed commune, so that commune itself is within reach.
    reachKm: reachKm + 0.01,
  };
  const result: MentorshipScore = scoreMentorship(mentee, profile);
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

export interface PairingPlan {
  /** Every eligible pair, the edges the solver chose from. */
  candidates: ScoredPair[];
  pairs: ScoredPair[];
  total: number;
  unpaired: { requestId: string; reason: 'no_compatible_mentor' | 'mentors_full' }[];
}

/** Every eligible (request, mentor) pair with a mentor who has room, not excluded. */
export function candidatePairs(input: PairingInput): ScoredPair[] {
  const out: ScoredPair[] = [];
  for (const request of input.requests) {
    for (const mentor of input.mentors) {
      if (mentor.remaining <= 0 || mentor.userId === request.menteeId) continue;
      if (input.excluded.has(`${request.id}|${mentor.userId}`)) continue;
      const pair = scorePair(request, mentor, input.centroids);
      if (pair.eligible) out.push(pair);
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
  const byKey = new Map(candidates.map((c) => [`${c.requestId}|${c.mentorId}`, c]));
  const pairs = result.pairs.map((p) => byKey.get(`${p.menteeId}|${p.mentorId}`)!);
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
  let best: ScoredPair | null = null;
  for (const pair of candidatePairs(input)) {
    if (!best || pair.score > best.score + 1e-9) best = pair;
  }
  return best;
}
