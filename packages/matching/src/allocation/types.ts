// The plain-object shapes of an allocation campaign: what the API server passes in (students,
// offers, companies, options) and what it gets back (a seat per student with reasons, statistics).
// Everything is JSON-friendly: string ids, numbers, arrays, no Maps or classes.

/**
 * A priority class. The defaults are `'rep-plus'`, `'rep'` and `'other'` (the education-priority
 * networks REP+ and REP, then everyone else); any other name may be used if the options rank it.
 */
export type PriorityClass = 'rep-plus' | 'rep' | 'other' | (string & {});

/** A student taking part in a campaign. */
export interface AllocationStudent {
  id: string;
  /** Offer ids, most wanted first. No duplicates; every id must be an offer of the campaign. */
  wishes: readonly string[];
  /** Defaults to `'other'`. Must be a class ranked by `options.priorityClassRanks`. */
  priorityClass?: PriorityClass;
  /** Home or school location (WGS84), used only for the mean-distance statistic. */
  lat?: number;
  lon?: number;
}

/**
 * A group of identical seats students can wish for. On the platform this is one (offer, period)
 * pair, a "seat group": the API server gives each pair its own id (for example `offerId@periodId`).
 * The allocation calls it an offer throughout.
 */
export interface AllocationOffer {
  id: string;
  /** Number of seats, an integer ≥ 0. */
  seats: number;
  /**
   * Seats reserved for students of the reserve-eligible classes (REP+ and REP by default): an
   * integer between 0 and `seats`. Soft reserves: a reserved seat no eligible student takes goes to
   * anyone. How reserved and open seats are filled is set by `options.reservePrecedence`.
   */
  reservedSeats?: number;
  /** The company running this offer, if it caps its total intake across offers. */
  companyId?: string;
  /**
   * Set when the offer ranks applicants itself: student ids, best first. Students not listed are
   * unacceptable to the offer. Without it, the offer uses the campaign's priority (class, then
   * lottery). Not allowed on offers of a company (the company ranks for all its offers).
   */
  ranking?: readonly string[];
  /** Set when only some priority classes may take the offer (others are not eligible). */
  eligibleClasses?: readonly PriorityClass[];
  /** Location (WGS84), used only for the mean-distance statistic. */
  lat?: number;
  lon?: number;
}

/** A company that caps how many students it takes in total across its offers. */
export interface AllocationCompany {
  id: string;
  /** Maximum number of students across all its offers, an integer ≥ 0. */
  seats: number;
  /**
   * Set when the company ranks applicants itself (best first), for all its offers; unlisted
   * students are unacceptable to all of them. Without it, the campaign's priority applies.
   */
  ranking?: readonly string[];
}

/** One campaign's data. Empty lists are valid. */
export interface AllocationInstance {
  students: readonly AllocationStudent[];
  offers: readonly AllocationOffer[];
  companies?: readonly AllocationCompany[];
}

/**
 * Which seats an offer fills first when it has reserved seats.
 * - `'reserved-first'` (Hafalir–Yenmez–Yildirim 2013): the reserved seats are filled first with the
 *   best eligible applicants, then the open seats with the best of the rest.
 * - `'open-first'`: the open seats are filled first with the best applicants of any class, then the
 *   reserved seats with the best eligible of the rest. At one offer, for the same applicants,
 *   this admits at least as many eligible students (Dur–Kominers–Pathak–Sönmez 2018): high-priority
 *   eligible students take open seats and leave the reserved ones to other eligible students.
 * In both, a reserved seat no eligible student wants goes to the best remaining applicant.
 */
export type ReservePrecedence = 'reserved-first' | 'open-first';

/** How to run an allocation. Only `seed` is required. */
export interface AllocationOptions {
  /** Seed of the lottery: each student's lottery number is hash(seed, student id). */
  seed: string | number;
  /**
   * Rank of each priority class, lower is served first; equal ranks mean no class priority
   * between them (the lottery decides). Default `{ 'rep-plus': 0, rep: 1, other: 2 }`.
   */
  priorityClassRanks?: Readonly<Record<string, number>>;
  /** Classes that may take reserved seats. Default `['rep-plus', 'rep']`. */
  reserveEligibleClasses?: readonly string[];
  /** Default `'reserved-first'`. */
  reservePrecedence?: ReservePrecedence;
  /** When false, reserved seats are treated as open seats (to preview a policy without them). */
  useReservedSeats?: boolean;
  /** When false, company caps are ignored (to preview a policy without them). */
  useCompanyCaps?: boolean;
}

/** Why a wish ranked above the student's seat was not granted. */
export type RefusalReason =
  /** The offer's seats went to students it puts before this one. */
  | 'full'
  /** The company's cap was reached with students it puts before this one. */
  | 'company-full'
  /** The offer (or its company) ranks applicants itself and did not list this student. */
  | 'not-ranked-by-offer'
  /** The offer is open only to some priority classes, not this student's. */
  | 'not-eligible';

/** A student's priority somewhere, described so that a sentence can be written from it. */
export type PriorityDescription =
  | {
      kind: 'lottery';
      priorityClass: string;
      /** The lottery number, an integer in [0, 2^32); lower is better. */
      lottery: number;
      /** 1-based rank of that lottery number among all students of the campaign (1 = best draw). */
      lotteryRank: number;
    }
  | {
      kind: 'ranking';
      /** 1-based position in the offer's (or company's) own ranking. */
      position: number;
    };

/** One refused wish. */
export interface WishRefusal {
  offerId: string;
  /** 1-based position of this wish in the student's list. */
  wishRank: number;
  reason: RefusalReason;
  /**
   * The weakest priority admitted that this student would have had to outrank: the last student
   * admitted on the seats open to them (for `'company-full'`, the last one the company took).
   * Null when the reason is not about seats, or when no seat was open to this student at all
   * (every seat reserved and taken by eligible students).
   */
  cutoff: PriorityDescription | null;
  /** Which seats `cutoff` belongs to: reserved or open seats of the offer, or the company's cap. */
  cutoffSeats: 'open' | 'reserved' | 'company' | null;
  /** This student's own priority at that offer, described the same way; null when not acceptable. */
  own: PriorityDescription | null;
}

/** Where one student ended up, and why not higher. */
export interface StudentPlacement {
  studentId: string;
  /** The offer obtained, or null. */
  offerId: string | null;
  /** 1-based rank of the obtained offer in the student's wishes, or null. */
  wishRank: number | null;
  /**
   * 'reserved' when an eligible student holds one of the offer's reserved seats; 'open' otherwise,
   * including a reserved seat no eligible student took, which goes to anyone as an open seat.
   */
  seat: 'reserved' | 'open' | null;
  priorityClass: string;
  lottery: number;
  lotteryRank: number;
  /** Every wish ranked above the obtained one (all wishes when unplaced), best first. */
  refusals: WishRefusal[];
}

/** The state of one offer after the run. */
export interface OfferOutcome {
  offerId: string;
  seats: number;
  filled: number;
  seatsLeft: number;
  reservedSeats: number;
  /** Students of the reserve-eligible classes admitted (on any seat). */
  eligibleAdmitted: number;
  /** The weakest priority admitted (null when nobody was admitted). */
  cutoff: PriorityDescription | null;
}

/** Placement figures for one priority class. */
export interface AllocationClassStatistics {
  students: number;
  placed: number;
  placementRate: number;
  firstWish: number;
}

/** Figures of a run, for campaign dashboards. Rates are in [0, 1], and 0 when there is nobody. */
export interface AllocationStatistics {
  students: number;
  placed: number;
  unplaced: number;
  placementRate: number;
  byPriorityClass: Record<string, AllocationClassStatistics>;
  /** Students placed on their first wish, over all students. */
  firstWishShare: number;
  /** rankDistribution[i] = students placed on wish i + 1. */
  rankDistribution: number[];
  /** Mean wish rank of placed students (1 = first wish); 0 when nobody is placed. */
  meanWishRank: number;
  seats: number;
  seatsFilled: number;
  seatsLeft: number;
  offersWithSeatsLeft: number;
  /** Mean student–offer distance over placed pairs where both have coordinates; null if none. */
  meanDistanceKm: number | null;
  /** Placed pairs the mean distance is computed over. */
  distancePairs: number;
  /** Proposals made by the solver (a measure of the work done). */
  proposals: number;
}

/** The result of `allocate`. */
export interface AllocationResult {
  /** One entry per student, in the order of `instance.students`. */
  placements: StudentPlacement[];
  /** One entry per offer, in the order of `instance.offers`. */
  offers: OfferOutcome[];
  statistics: AllocationStatistics;
  /** What was run: the algorithm and the options in force, for the campaign's record. */
  run: {
    algorithm: 'deferred-acceptance' | 'deferred-acceptance-with-reserves' | 'spa-student';
    seed: string | number;
    reservePrecedence: ReservePrecedence;
  };
}

/** Any list of (student, offer) pairs to verify, for example `result.placements`. */
export interface AllocationPair {
  studentId: string;
  offerId: string | null;
}

/** One problem found by the verifier. */
export interface AllocationViolation {
  kind:
    | 'unknown-student'
    | 'unknown-offer'
    | 'duplicate-student'
    | 'not-wished'
    | 'not-acceptable'
    | 'over-capacity'
    | 'over-company-cap'
    | 'blocking-pair';
  message: string;
  studentId?: string;
  offerId?: string;
  companyId?: string;
}
