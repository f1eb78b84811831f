// Candidate edges for the optimal assignment, built from the scoring functions: for mentoring the
// best few mentors of each mentee (the assignment then arbitrates between mentees), for visits
// every eligible (request, ambassador, date). Both avoid scoring every pair: mentors are searched
// by trade tier (same fiche, then domaine, then grand domaine, then the rest) and the search stops
// when the best score possible in the next tier cannot enter the mentee's list; ambassadors must
// share a grand domaine with the request to be eligible at all, so only those are looked at.

import type { MentorPair } from '../assignment/mentors.js';
import type { VisitPair } from '../assignment/visits.js';
import {
  mentorshipScoreValue,
  prepareProfile,
  resolveMentoringScoring,
  TRADE_TIER_FITS,
  type MenteeProfile,
  type MentoringScoringOptions,
  type MentorProfile,
} from './mentoring-score.js';
import { TopK } from './offer-index.js';
import { TRADE_FIT, TradeCodebook } from './trade-fit.js';
import {
  evaluateVisit,
  resolveVisitScoring,
  type AmbassadorProfile,
  type VisitRequestProfile,
  type VisitScoringOptions,
} from './visit-score.js';

export interface MentoringCandidateOptions extends MentoringScoringOptions {
  /** Mentors kept per mentee (default 6). */
  perMentee?: number;
}

/**
 * The `perMentee` best eligible mentors of each mentee, ties broken by mentor order: exactly what
 * scoring every pair and keeping the best would give.
 */
export function mentoringCandidates(
  mentees: readonly MenteeProfile[],
  mentors: readonly MentorProfile[],
  options: MentoringCandidateOptions = {},
): MentorPair[] {
  const perMentee = options.perMentee ?? 6;
  if (!Number.isInteger(perMentee) || perMentee < 0) {
    throw new RangeError('perMentee must be a non-negative integer');
  }
  const scoring = resolveMentoringScoring(options);
  if (perMentee === 0) return [];
  const w = scoring.weights;
  const otherPoints = w.availability + w.mode + w.distance + w.language;

  const codebook = new TradeCodebook();
  const preparedMentors = mentors.map(prepareProfile);
  const mentorCodes = mentors.map((mentor) => mentor.trades.map((code) => codebook.intern(code)));
  // Buckets per level: interned id -> mentors holding a code with it (each mentor once, in order).
  const buckets = [
    new Map<number, number[]>(),
    new Map<number, number[]>(),
    new Map<number, number[]>(),
  ];
  mentorCodes.forEach((codes, m) => {
    for (const ids of codes) {
      for (let level = 0; level < 3; level++) {
        const bucket = buckets[level]!;
        const id = ids[level]!;
        let list = bucket.get(id);
        if (list === undefined) bucket.set(id, (list = []));
        if (list[list.length - 1] !== m) list.push(m);
      }
    }
  });

  const seenBy = new Int32Array(mentors.length).fill(-1);
  const pairs: MentorPair[] = [];
  mentees.forEach((mentee, e) => {
    const prepared = prepareProfile(mentee);
    const codes = mentee.trades.map((code) => codebook.lookup(code));
    const top = new TopK(perMentee);
    const consider = (m: number): void => {
      if (seenBy[m] === e) return;
      seenBy[m] = e;
      const fit = tradeFitByIds(codes, mentorCodes[m]!);
      const score = mentorshipScoreValue(prepared, preparedMentors[m]!, fit, scoring);
      if (score >= 0) top.offer(score, m);
    };
    for (let tier = 0; tier < 4; tier++) {
      if (tier < 3) {
        for (const ids of codes) {
          const list = buckets[tier]!.get(ids[tier]!);
          if (list !== undefined) for (const m of list) consider(m);
        }
      } else {
        for (let m = 0; m < mentors.length; m++) consider(m);
      }
      // Mentors not yet seen share at most the next tier with this mentee.
      const nextFit = TRADE_TIER_FITS[tier + 1];
      if (nextFit === undefined) break;
      if (top.isFull() && w.trade * nextFit + otherPoints + 1e-9 < top.kthScore()) break;
    }
    for (const { score, position } of top.entries()) {
      pairs.push({ menteeId: mentee.id, mentorId: mentors[position]!.id, score });
    }
  });
  return pairs;
}

function tradeFitByIds(
  wanted: readonly (readonly number[])[],
  offered: readonly (readonly number[])[],
): number {
  let best = 0;
  for (const a of wanted) {
    for (const b of offered) {
      const fit =
        a[0] === b[0]
          ? TRADE_FIT.fiche
          : a[1] === b[1]
            ? TRADE_FIT.domaine
            : a[2] === b[2]
              ? TRADE_FIT['grand-domaine']
              : 0;
      if (fit > best) best = fit;
    }
  }
  return best;
}

/** Every eligible (request, ambassador, date) with its score, requests in order. */
export function visitCandidates(
  requests: readonly VisitRequestProfile[],
  ambassadors: readonly AmbassadorProfile[],
  options: VisitScoringOptions = {},
): VisitPair[] {
  const scoring = resolveVisitScoring(options);
  const freeDates = ambassadors.map((ambassador) => new Set(ambassador.freeDates));
  // A request and an ambassador with no grand domaine in common are never eligible.
  const byLetter = new Map<string, number[]>();
  ambassadors.forEach((ambassador, a) => {
    for (const letter of new Set(ambassador.trades.map((code) => code.slice(0, 1)))) {
      let list = byLetter.get(letter);
      if (list === undefined) byLetter.set(letter, (list = []));
      list.push(a);
    }
  });
  const pairs: VisitPair[] = [];
  for (const request of requests) {
    const candidates = new Set<number>();
    for (const letter of new Set(request.trades.map((code) => code.slice(0, 1)))) {
      for (const a of byLetter.get(letter) ?? []) candidates.add(a);
    }
    for (const a of [...candidates].sort((x, y) => x - y)) {
      const ambassador = ambassadors[a]!;
      const fit = evaluateVisit(request, ambassador, scoring, false, freeDates[a]);
      if (!fit.eligible) continue;
      for (const { date, score } of fit.dates) {
        pairs.push({ requestId: request.id, ambassadorId: ambassador.id, date, score });
      }
    }
  }
  return pairs;
}
