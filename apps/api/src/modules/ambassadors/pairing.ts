// From the database's rows to the matching engine and back: the ambassadors proposed for one visit
// request (scored by trade through the ROME hierarchy, a candidate date they are free, distance
// from their reachable communes to the school, and fairness of load), and the optimal assignment
// of many open requests at once under each ambassador's monthly limit and one visit a day.
//
// Days and months already taken: an ambassador's free days leave out every day they already have
// a visit proposed or booked, and months where their firm visits reach their maximum. For the
// batch, months partly taken are given to assignVisits as "held" visits: one pseudo-request per
// visit already proposed or booked, with that single (ambassador, day) pair and a score no set of
// new visits can outweigh, so the optimum always keeps them and only the rest of each month is
// shared out.
import {
  assignVisits,
  distanceKm,
  scoreAmbassadorVisit,
  tradeFit,
  visitCandidates,
  type AmbassadorLimits,
  type AmbassadorProfile as MatchingAmbassador,
  type VisitPair,
  type VisitRequestProfile,
} from '@tremplin/matching';
import type { VisitFormat, VisitProposal } from '@tremplin/contracts';
import type { AmbassadorForMatching, Booking, VisitRow } from './repository.js';

/** Worth more than any set of new visits a held one could make room for (scores are ≤ 100). */
const HELD_SCORE = 10_000;
const HELD_PREFIX = 'held:';

const monthOf = (day: string) => day.slice(0, 7);

export interface Calendar {
  /** ambassador -> days taken (booked; with `includeProposed`, proposed too). */
  taken: Map<string, Set<string>>;
  /** ambassador -> month -> firm visits (accepted, authorised, done). */
  firmByMonth: Map<string, Map<string, number>>;
}

/**
 * Days and months taken. A teacher may ask an ambassador for a day another class has asked for
 * too (the first to be accepted wins), so only firm visits take a day unless `includeProposed`
 * (the batch, which never proposes a day it knows is asked for already).
 */
export function calendarOf(
  bookings: readonly Booking[],
  options: { exceptRequestId?: string; includeProposed?: boolean } = {},
): Calendar {
  const taken = new Map<string, Set<string>>();
  const firmByMonth = new Map<string, Map<string, number>>();
  for (const b of bookings) {
    if (b.requestId === options.exceptRequestId) continue;
    if (b.status === 'proposed' && !options.includeProposed) continue;
    let days = taken.get(b.ambassadorId);
    if (!days) taken.set(b.ambassadorId, (days = new Set()));
    days.add(b.date);
    if (b.status !== 'proposed') {
      let months = firmByMonth.get(b.ambassadorId);
      if (!months) firmByMonth.set(b.ambassadorId, (months = new Map()));
      months.set(monthOf(b.date), (months.get(monthOf(b.date)) ?? 0) + 1);
    }
  }
  return { taken, firmByMonth };
}

/** Days an ambassador can still take a new visit: free, not taken, in a month not full. */
export function freeDaysOf(ambassador: AmbassadorForMatching, calendar: Calendar): string[] {
  const taken = calendar.taken.get(ambassador.id);
  const months = calendar.firmByMonth.get(ambassador.id);
  return ambassador.availableDates.filter(
    (day) => !taken?.has(day) && (months?.get(monthOf(day)) ?? 0) < ambassador.maxVisitsPerMonth,
  );
}

function requestProfile(request: VisitRow, today: string): VisitRequestProfile {
  return {
    id: request.id,
    lat: request.schoolLat,
    lon: request.schoolLon,
    communeCode: request.schoolCommuneCode,
    trades: request.tradeCodes,
    candidateDates: request.candidateDates.filter((d) => d >= today),
  };
}

/**
 * The engine's view of an ambassador for one format. A video call reaches every school from
 * where the ambassador is: no commune to check, and the same distance fit for all.
 */
function ambassadorProfile(
  ambassador: AmbassadorForMatching,
  freeDates: string[],
  format: VisitFormat,
  school: { lat: number; lon: number },
): MatchingAmbassador {
  const video = format === 'video';
  return {
    id: ambassador.id,
    lat: video ? school.lat : ambassador.lat,
    lon: video ? school.lon : ambassador.lon,
    trades: ambassador.tradeCodes,
    communeCodes: video ? [] : ambassador.communes,
    freeDates,
    visitsDone: ambassador.load,
    monthlyLimit: ambassador.maxVisitsPerMonth,
  };
}

const eligibleFor = (request: VisitRow, ambassador: AmbassadorForMatching) =>
  ambassador.formats.includes(request.format) &&
  ambassador.id !== request.teacherId &&
  !request.declinedAmbassadorIds.includes(ambassador.id);

/** The best ambassadors for one request, with their free candidate dates and why. */
export function proposalsFor(
  request: VisitRow,
  ambassadors: readonly AmbassadorForMatching[],
  calendar: Calendar,
  options: { today: string; limit: number },
): VisitProposal[] {
  const profile = requestProfile(request, options.today);
  const out: VisitProposal[] = [];
  for (const ambassador of ambassadors) {
    if (!eligibleFor(request, ambassador)) continue;
    const free = freeDaysOf(ambassador, calendar);
    const score = scoreAmbassadorVisit(
      profile,
      ambassadorProfile(ambassador, free, request.format, profile),
    );
    if (!score.eligible || score.dates.length === 0) continue;
    const dates = [...score.dates].sort(
      (a, b) => b.score - a.score || a.date.localeCompare(b.date),
    );
    const fit = tradeFit(request.tradeCodes, ambassador.tradeCodes);
    out.push({
      ambassador: {
        userId: ambassador.id,
        displayName: ambassador.displayName,
        companyName: ambassador.companyName,
        trades: [],
        formats: ambassador.formats,
      },
      score: round(score.score),
      date: dates[0]!.date,
      dates: dates.map((d) => ({ date: d.date, score: round(d.score) })),
      tradeMatch: fit.match === 'none' ? 'grand-domaine' : fit.match,
      distanceKm:
        request.format === 'video'
          ? 0
          : Math.round(
              distanceKm(request.schoolLat, request.schoolLon, ambassador.lat, ambassador.lon) * 10,
            ) / 10,
      visitsThisYear: ambassador.load,
      criteria: score.criteria.map((c) => ({
        criterion: c.criterion,
        points: round(c.points),
        weight: c.weight,
      })),
    });
  }
  return out
    .sort(
      (a, b) =>
        b.score - a.score ||
        a.ambassador.displayName.localeCompare(b.ambassador.displayName, 'fr') ||
        a.ambassador.userId.localeCompare(b.ambassador.userId),
    )
    .slice(0, options.limit);
}

const round = (n: number) => Math.round(n * 100) / 100;

export interface BatchPlan {
  visits: { requestId: string; ambassadorId: string; date: string; score: number }[];
  unassigned: string[];
  total: number;
}

/** The optimal set of proposals for many open requests at once. */
export function planBatch(
  requests: readonly VisitRow[],
  ambassadors: readonly AmbassadorForMatching[],
  bookings: readonly Booking[],
  options: { today: string },
): BatchPlan {
  const calendar = calendarOf(bookings, { includeProposed: true });
  const byId = new Map(ambassadors.map((a) => [a.id, a]));
  const requestById = new Map(requests.map((r) => [r.id, r]));
  const pairs: VisitPair[] = [];
  // Candidate pairs per format (ambassadors who offer it), then the request's own exclusions.
  for (const format of ['talk', 'workplace_visit', 'video'] as const) {
    const group = requests.filter((r) => r.format === format);
    if (group.length === 0) continue;
    const offering = ambassadors.filter((a) => a.formats.includes(format));
    if (format === 'video') {
      // Every school is at the ambassador's distance zero by video: scored request by request.
      for (const request of group) {
        const profile = requestProfile(request, options.today);
        pairs.push(
          ...visitCandidates(
            [profile],
            offering.map((a) => ambassadorProfile(a, freeDaysOf(a, calendar), format, profile)),
          ),
        );
      }
    } else {
      pairs.push(
        ...visitCandidates(
          group.map((r) => requestProfile(r, options.today)),
          offering.map((a) => ambassadorProfile(a, freeDaysOf(a, calendar), format, a)),
        ),
      );
    }
  }
  const usable = pairs.filter((p) => {
    const request = requestById.get(p.requestId)!;
    return eligibleFor(request, byId.get(p.ambassadorId)!);
  });
  // Visits already proposed or booked hold their day and their share of the month.
  const held = bookings.filter((b) => byId.has(b.ambassadorId));
  const limits: AmbassadorLimits[] = ambassadors.map((a) => ({
    id: a.id,
    monthlyLimit: a.maxVisitsPerMonth,
  }));
  const result = assignVisits({
    requestIds: [...requests.map((r) => r.id), ...held.map((b) => HELD_PREFIX + b.requestId)],
    ambassadors: limits,
    pairs: [
      ...usable,
      ...held.map((b) => ({
        requestId: HELD_PREFIX + b.requestId,
        ambassadorId: b.ambassadorId,
        date: b.date,
        score: HELD_SCORE,
      })),
    ],
  });
  const visits = result.visits
    .filter((v) => !v.requestId.startsWith(HELD_PREFIX))
    .map((v) => ({ ...v, score: round(v.score) }));
  return {
    visits,
    unassigned: result.unassignedRequestIds.filter((id) => !id.startsWith(HELD_PREFIX)),
    total: round(visits.reduce((sum, v) => sum + v.score, 0)),
  };
}
