// What the offer routes share beyond single queries: who is looking (a pupil's profile), the
// stage rules run against the school calendar, offers dressed for one viewer (seats they can
// take, tutor e-mail for members only), and "offers for you" from the matching package, whose
// index over every visible offer is kept until an offer or an application changes.
import {
  distanceKm,
  OfferIndex,
  recommendOffers,
  scoreOffer,
  tradeFit,
  type OfferForMatching,
  type OfferSeeker,
} from '@tremplin/matching';
import type { Executor } from '@tremplin/db';
import type {
  Offer,
  OfferSummary,
  ProblemFieldError,
  RecommendationReason,
  Recommendations,
  SchoolLevel,
} from '@tremplin/contracts';
import type { Principal } from '../../plugins/auth.js';
import { badRequest } from '../../lib/problem.js';
import * as repo from './repository.js';
import type { MemoCache } from '../../lib/memo-cache.js';
import { checkOffer, type PeriodInput, type ScheduleDay, type StageLevel } from './stage-rules.js';

export async function resolveViewer(
  db: Executor,
  principal: Principal,
  today: string,
  profiles?: MemoCache<repo.StudentProfile | undefined>,
): Promise<repo.Viewer> {
  const viewer: repo.Viewer = {
    userId: principal.id,
    isOperator: principal.roles.includes('operator'),
  };
  if (principal.roles.includes('student')) {
    const load = () => repo.loadStudentProfile(db, { userId: principal.id, today });
    const student = profiles
      ? await profiles.remember(`${principal.id}|${today}`, load)
      : await load();
    if (student) viewer.student = student;
  }
  return viewer;
}

// --- rules ----------------------------------------------------------------------------------------

export interface RulesInput {
  levels: StageLevel[];
  schedule: ScheduleDay[];
  periods: PeriodInput[];
  /** Periods whose dates are new or changed: they may not start in the past. */
  datedNow: boolean[];
}

/** Every breach of the stage rules, fields prefixed (e.g. "body.periods.0.seats"). */
export async function ruleBreaches(
  db: Executor,
  input: RulesInput,
  options: { prefix: string; today: string },
): Promise<ProblemFieldError[]> {
  const holidays = await repo.loadHolidays(db);
  const holidaysKnown =
    holidays.length > 0
      ? {
          startDate: holidays[0]!.startDate,
          endDate: holidays.reduce((m, h) => (h.endDate > m ? h.endDate : m), holidays[0]!.endDate),
        }
      : undefined;
  const breaches = checkOffer(input, { holidays, ...(holidaysKnown ? { holidaysKnown } : {}) });
  input.periods.forEach((period, i) => {
    if (input.datedNow[i] && period.startDate < options.today) {
      breaches.push({
        field: `periods.${i}.startDate`,
        code: 'period.past',
        message: 'Cette période commence dans le passé : choisissez des dates à venir.',
      });
    }
  });
  return breaches.map((b) => ({ ...b, field: `${options.prefix}${b.field}` }));
}

/** 400 with every breach, the detail saying the first or how many. */
export function rulesRefused(errors: ProblemFieldError[]) {
  return badRequest(
    'offer.rules',
    errors.length === 1
      ? errors[0]!.message
      : `L'offre ne respecte pas ${errors.length} règles : chacune est indiquée à côté du champ concerné.`,
    errors,
  );
}

// --- views ----------------------------------------------------------------------------------------

type OfferRow = NonNullable<Awaited<ReturnType<typeof repo.viewOffer>>>;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function originOf(viewer: repo.Viewer) {
  return viewer.student?.home ?? viewer.student?.school ?? undefined;
}

export async function offerView(
  db: Executor,
  row: OfferRow,
  viewer: repo.Viewer,
  today: string,
): Promise<Offer> {
  const insider = row.mine || viewer.isOperator;
  const [periods, labels] = await Promise.all([
    repo.periodsWithCounts(db, { offerIds: [row.id] }),
    repo.tradeLabels(db, row.tradeCodes),
  ]);
  const priority = repo.isPriority(viewer);
  const origin = originOf(viewer);
  let reservedForMe = false;
  const periodViews = periods
    // Pupils see the periods still to come; the company and operators see them all.
    .filter((p) => insider || p.endDate >= today)
    .map((p) => {
      const seats = repo.seatsOf(p, today);
      if (priority && seats.reservedLeft > 0) reservedForMe = true;
      return {
        id: p.id,
        startDate: p.startDate,
        endDate: p.endDate,
        seats: p.seats,
        reservedSeats: p.reservedSeats,
        reservedUntil: p.reservedUntil,
        seatsLeft: priority || insider ? seats.left : seats.leftForOthers,
        reservedLeft: seats.reservedLeft,
        ...(insider ? { liveApplications: p.live } : {}),
      };
    });
  return {
    id: row.id,
    companyId: row.companyId,
    companyName: row.companyName,
    title: row.title,
    description: row.description,
    tradeCodes: row.tradeCodes,
    trades: row.tradeCodes.map((code) => ({ code, label: labels.get(code) ?? code })),
    levels: row.levels,
    address: row.address,
    communeCode: row.communeCode,
    communeName: row.communeName,
    lat: row.lat,
    lon: row.lon,
    accessible: row.accessible,
    schedule: row.schedule,
    tutorName: row.tutorName,
    tutorRole: row.tutorRole,
    ...(insider ? { tutorEmail: row.tutorEmail, suspendedReason: row.suspendedReason } : {}),
    status: row.status,
    suspended: row.suspendedAt !== null,
    periods: periodViews,
    mine: row.mine,
    reservedForMe,
    ...(origin
      ? { distanceKm: Math.round(distanceKm(origin.lat, origin.lon, row.lat, row.lon) * 10) / 10 }
      : {}),
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
    publishedAt: iso(row.publishedAt),
  };
}

/** A search row as this viewer sees it: seats they could take, reserved ones only if eligible. */
export function summaryView(row: repo.SearchRow, priority: boolean, today: string): OfferSummary {
  let total = 0;
  let reservedForMe = false;
  const periods = row.periods.map((p) => {
    const seats = repo.seatsOf(p, today);
    const left = priority ? seats.left : seats.leftForOthers;
    if (priority && seats.reservedLeft > 0) reservedForMe = true;
    total += left;
    return { id: p.id, startDate: p.startDate, endDate: p.endDate, seatsLeft: left };
  });
  return {
    id: row.id,
    title: row.title,
    excerpt: row.excerpt,
    companyName: row.companyName,
    communeCode: row.communeCode,
    communeName: row.communeName,
    lat: row.lat,
    lon: row.lon,
    accessible: row.accessible,
    levels: row.levels,
    trades: row.trades,
    periods,
    seatsLeft: total,
    reservedForMe,
    ...(row.distanceKm === undefined ? {} : { distanceKm: row.distanceKm }),
  };
}

// --- offers for you -------------------------------------------------------------------------------

interface CachedIndex {
  version: string;
  index: OfferIndex;
  offers: Map<string, OfferForMatching>;
}

const indexes = new WeakMap<object, CachedIndex>();

function toMatching(row: repo.MatchingRow, today: string): OfferForMatching {
  let seatsLeft = 0;
  let reservedSeatsLeft = 0;
  for (const p of row.periods) {
    const seats = repo.seatsOf(p, today);
    seatsLeft += seats.left;
    reservedSeatsLeft += seats.reservedLeft;
  }
  return {
    id: row.id,
    lat: row.lat,
    lon: row.lon,
    trades: row.tradeCodes,
    levels: row.levels,
    periods: row.periods.map((p) => ({ start: p.startDate, end: p.endDate })),
    seatsLeft,
    reservedSeatsLeft,
    demand: row.demand,
    accessible: row.accessible,
  };
}

/** The spatial index over every visible offer, rebuilt only when offers or applications changed. */
async function matchingIndex(db: Executor, today: string): Promise<CachedIndex> {
  const version = await repo.matchingVersion(db, { today });
  const cached = indexes.get(db);
  if (cached && cached.version === version) return cached;
  const rows = await repo.offersForMatching(db, { today });
  const list = rows.map((r) => toMatching(r, today));
  const built = {
    version,
    index: new OfferIndex(list),
    offers: new Map(list.map((o) => [o.id, o])),
  };
  indexes.set(db, built);
  return built;
}

const PRIORITY_NAMES = { none: 'none', rep: 'REP', rep_plus: 'REP+' } as const;

export async function recommendationsFor(
  db: Executor,
  viewer: repo.Viewer,
  options: { limit: number; today: string },
): Promise<Recommendations> {
  const student = viewer.student;
  const origin = student?.home ? 'home' : student?.school ? 'school' : 'none';
  const basis = {
    interests: student?.interests.length ?? 0,
    stageWeeks: student?.stageWeeks.length ?? 0,
    origin,
    priority: student?.priority ?? 'none',
  } as const;
  const point = student?.home ?? student?.school;
  if (!student || !point || !student.level) return { items: [], basis };

  const seeker: OfferSeeker = {
    lat: point.lat,
    lon: point.lon,
    level: student.level,
    trades: student.interests,
    stageWeeks: student.stageWeeks.map((w) => ({ start: w.startDate, end: w.endDate })),
    educationPriority: PRIORITY_NAMES[student.priority],
    needsAccessibility: student.needsAccessibility,
  };
  const { index, offers } = await matchingIndex(db, options.today);
  const top = recommendOffers(index, seeker, { k: options.limit });
  const rows = await repo.summariesByIds(db, {
    ids: top.map((t) => t.offerId),
    today: options.today,
    origin: point,
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const priority = student.priority !== 'none';
  const items = top.flatMap((t) => {
    const row = byId.get(t.offerId);
    const forMatching = offers.get(t.offerId);
    if (!row || !forMatching) return [];
    return [
      {
        offer: summaryView(row, priority, options.today),
        score: Math.round(t.score * 10) / 10,
        reasons: reasonsFor(seeker, forMatching, row),
      },
    ];
  });
  return { items, basis };
}

/** The criteria that weigh most in an offer's score, with the fact behind each. */
function reasonsFor(
  seeker: OfferSeeker,
  offer: OfferForMatching,
  row: repo.SearchRow,
): RecommendationReason[] {
  const breakdown = scoreOffer(seeker, offer);
  return breakdown.criteria
    .filter((c) => c.criterion !== 'level' && c.fit > 0)
    .filter((c) => !(c.criterion === 'trade' && seeker.trades.length === 0))
    .filter((c) => !(c.criterion === 'dates' && seeker.stageWeeks.length === 0))
    .sort((a, b) => b.points - a.points)
    .slice(0, 3)
    .map((c): RecommendationReason => {
      const base = { criterion: c.criterion, fit: Math.round(c.fit * 100) / 100 };
      switch (c.criterion) {
        case 'trade': {
          const fit = tradeFit(seeker.trades, offer.trades);
          const code = fit.codes?.[1];
          const trade = row.trades.find((t) => t.code === code);
          return {
            ...base,
            ...(trade ? { trade } : {}),
            ...(fit.match !== 'none' ? { match: fit.match } : {}),
          };
        }
        case 'distance':
          return {
            ...base,
            km: Math.round(distanceKm(seeker.lat, seeker.lon, offer.lat, offer.lon) * 10) / 10,
          };
        case 'dates':
          return { ...base, share: base.fit };
        case 'pressure': {
          const open =
            seeker.educationPriority === 'none'
              ? offer.seatsLeft - offer.reservedSeatsLeft
              : offer.seatsLeft;
          return { ...base, seatsOpen: Math.max(0, open), candidates: offer.demand };
        }
        default:
          return base;
      }
    });
}

export type { SchoolLevel };
