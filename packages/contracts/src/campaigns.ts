// Allocation campaigns: a wish window over committed offer periods, a reproducible allocation run
// (previewed, compared between two policies), published all at once, explained to each pupil, and
// a second round over the seats left.
import { type Static, Type } from 'typebox';
import { IsoDate, IsoDateTime, SchoolLevelSchema, Uuid } from './common.js';
import { EducationPriority } from './organisations.js';

export const CampaignStatuses = [
  'draft',
  'open',
  'closed',
  'published',
  'second_round_open',
  'second_round_closed',
  'second_round_published',
] as const;
export type CampaignStatus = (typeof CampaignStatuses)[number];
export const CampaignStatusSchema = Type.Enum(CampaignStatuses);

export const CampaignRunStatuses = ['queued', 'running', 'done', 'failed'] as const;
export type CampaignRunStatus = (typeof CampaignRunStatuses)[number];

/** Most wishes a campaign may allow (the database says the same). */
export const MAX_WISHES_LIMIT = 20;
/** Most periods one campaign commits (a département holds about 10,000 offers). */
export const MAX_CAMPAIGN_PERIODS = 20_000;

export const ReservePrecedenceSchema = Type.Union([
  Type.Literal('reserved-first'),
  Type.Literal('open-first'),
]);
export type ReservePrecedence = Static<typeof ReservePrecedenceSchema>;

/** How priorities and reserved seats are set for a run. */
export const CampaignPolicy = Type.Object(
  {
    /** REP+ before REP before the others at every offer (else the lottery alone decides). */
    priorityClasses: Type.Boolean(),
    /** Share of each period's seats reserved for pupils of REP/REP+ schools, 0 to 1. */
    reservedShare: Type.Number({ minimum: 0, maximum: 1 }),
    /** Reserved seats filled before the open ones, or after. */
    reservePrecedence: ReservePrecedenceSchema,
  },
  { additionalProperties: false },
);
export type CampaignPolicy = Static<typeof CampaignPolicy>;

/** A period committed to a campaign (or that could be), as staff see it. */
export const CampaignPeriod = Type.Object({
  id: Uuid,
  offerId: Uuid,
  offerTitle: Type.String(),
  companyName: Type.String(),
  communeName: Type.String(),
  levels: Type.Array(SchoolLevelSchema),
  startDate: IsoDate,
  endDate: IsoDate,
  seats: Type.Integer(),
});
export type CampaignPeriod = Static<typeof CampaignPeriod>;

export const CampaignCounts = Type.Object({
  periods: Type.Integer(),
  seats: Type.Integer(),
  /** Pupils who ranked at least one wish in the current round, and their wishes. */
  pupils: Type.Integer(),
  wishes: Type.Integer(),
});

export const CampaignSummary = Type.Object({
  id: Uuid,
  name: Type.String(),
  /** Null for a département-wide campaign. */
  schoolId: Type.Union([Uuid, Type.Null()]),
  schoolName: Type.Union([Type.String(), Type.Null()]),
  levels: Type.Array(SchoolLevelSchema),
  opensAt: IsoDateTime,
  closesAt: IsoDateTime,
  secondRoundClosesAt: Type.Union([IsoDateTime, Type.Null()]),
  maxWishes: Type.Integer(),
  policy: CampaignPolicy,
  /** `draft` until the window opens, then `open` (whatever the clock-driven job did yet). */
  status: CampaignStatusSchema,
  /** 1, or 2 once a second round is opened. */
  round: Type.Integer(),
  /** Drawn when the first round closes; null before. */
  seed: Type.Union([Type.String(), Type.Null()]),
  publishedRunId: Type.Union([Uuid, Type.Null()]),
  /** Settings and periods may change until the window opens. */
  editable: Type.Boolean(),
  counts: CampaignCounts,
  createdAt: IsoDateTime,
});
export type CampaignSummary = Static<typeof CampaignSummary>;

export const Campaign = Type.Object({
  ...CampaignSummary.properties,
  periods: Type.Array(CampaignPeriod),
});
export type Campaign = Static<typeof Campaign>;

export const CampaignList = Type.Object({ items: Type.Array(CampaignSummary) });
export type CampaignList = Static<typeof CampaignList>;

const campaignFields = {
  name: Type.String({ minLength: 3, maxLength: 120 }),
  levels: Type.Array(SchoolLevelSchema, { minItems: 1, maxItems: 4, uniqueItems: true }),
  opensAt: IsoDateTime,
  closesAt: IsoDateTime,
  maxWishes: Type.Integer({ minimum: 1, maximum: MAX_WISHES_LIMIT }),
  policy: CampaignPolicy,
  /** The offer periods whose seats the campaign allocates. */
  periodIds: Type.Array(Uuid, { maxItems: MAX_CAMPAIGN_PERIODS, uniqueItems: true }),
};

export const CreateCampaignBody = Type.Object(
  {
    ...campaignFields,
    /** The school whose pupils take part; none for a département campaign (operators only). */
    schoolId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    periodIds: Type.Optional(campaignFields.periodIds),
  },
  { additionalProperties: false },
);
export type CreateCampaignBody = Static<typeof CreateCampaignBody>;

export const UpdateCampaignBody = Type.Partial(Type.Object(campaignFields), {
  additionalProperties: false,
});
export type UpdateCampaignBody = Static<typeof UpdateCampaignBody>;

export const CandidatePeriodsQuery = Type.Object(
  {
    /** Periods of offers open to one of these levels (repeat the parameter). */
    level: Type.Optional(Type.Array(SchoolLevelSchema, { maxItems: 4 })),
    /** Words of the offer's title or the company's name. */
    q: Type.Optional(Type.String({ maxLength: 200 })),
    /** Also list the periods already committed to this campaign. */
    campaign: Type.Optional(Uuid),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);
export type CandidatePeriodsQuery = Static<typeof CandidatePeriodsQuery>;

export const CandidatePeriod = Type.Object({
  ...CampaignPeriod.properties,
  /** Applications still holding or waiting for a seat: such a period cannot be committed. */
  liveApplications: Type.Integer(),
  /** The campaign the period is committed to, if any. */
  campaignId: Type.Union([Uuid, Type.Null()]),
});
export type CandidatePeriod = Static<typeof CandidatePeriod>;

export const CandidatePeriodList = Type.Object({ items: Type.Array(CandidatePeriod) });
export type CandidatePeriodList = Static<typeof CandidatePeriodList>;

export const CampaignRunParams = Type.Object({ id: Uuid, runId: Uuid });
export type CampaignRunParams = Static<typeof CampaignRunParams>;

export const RunPriorityFigures = Type.Object({
  priority: EducationPriority,
  students: Type.Integer(),
  placed: Type.Integer(),
  placementRate: Type.Number(),
  firstWish: Type.Integer(),
});
export type RunPriorityFigures = Static<typeof RunPriorityFigures>;

export const RunSchoolFigures = Type.Object({
  schoolId: Uuid,
  schoolName: Type.String(),
  priority: EducationPriority,
  students: Type.Integer(),
  placed: Type.Integer(),
  unplaced: Type.Integer(),
});
export type RunSchoolFigures = Static<typeof RunSchoolFigures>;

/** Milliseconds spent in each step of a run. */
export const RunTimings = Type.Object({
  loadMs: Type.Number(),
  /** Checking the engine's input and indexing it (typed arrays). */
  buildMs: Type.Number(),
  /** The solver alone. */
  solveMs: Type.Number(),
  verifyMs: Type.Number(),
  explainMs: Type.Number(),
  writeMs: Type.Number(),
});
export type RunTimings = Static<typeof RunTimings>;

/** The quality of a run, for the preview. Rates are in [0, 1]. */
export const RunReport = Type.Object({
  students: Type.Integer(),
  placed: Type.Integer(),
  unplaced: Type.Integer(),
  placementRate: Type.Number(),
  /** Placed on their first wish, over all pupils. */
  firstWishShare: Type.Number(),
  /** rankDistribution[i]: pupils placed on wish i + 1. */
  rankDistribution: Type.Array(Type.Integer()),
  meanWishRank: Type.Number(),
  /** Mean distance from home (or school) to the stage, over placed pupils. */
  meanDistanceKm: Type.Union([Type.Number(), Type.Null()]),
  periods: Type.Integer(),
  wishes: Type.Integer(),
  seats: Type.Integer(),
  seatsFilled: Type.Integer(),
  seatsLeft: Type.Integer(),
  byPriority: Type.Array(RunPriorityFigures),
  /** Schools with pupils taking part, those with the most unplaced pupils first. */
  bySchool: Type.Array(RunSchoolFigures),
  algorithm: Type.String(),
  /** Wishes dropped because the pupil had confirmed a stage on those dates meanwhile. */
  wishesDropped: Type.Integer(),
  timings: RunTimings,
});
export type RunReport = Static<typeof RunReport>;

export const CampaignRun = Type.Object({
  id: Uuid,
  campaignId: Uuid,
  round: Type.Integer(),
  policy: CampaignPolicy,
  seed: Type.String(),
  softwareVersion: Type.String(),
  /** SHA-256 of the wishes, seats and options the run read: equal hashes, equal inputs. */
  inputsHash: Type.Union([Type.String(), Type.Null()]),
  status: Type.Enum(CampaignRunStatuses),
  /** 0 to 100. */
  progress: Type.Integer(),
  /** `load`, `solve`, `verify`, `write`, `done`, `published`, or `failed`. */
  step: Type.Union([Type.String(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  /** True once this run's allocation was published. */
  published: Type.Boolean(),
  report: Type.Union([RunReport, Type.Null()]),
  createdAt: IsoDateTime,
  startedAt: Type.Union([IsoDateTime, Type.Null()]),
  finishedAt: Type.Union([IsoDateTime, Type.Null()]),
});
export type CampaignRun = Static<typeof CampaignRun>;

export const CampaignRunList = Type.Object({ items: Type.Array(CampaignRun) });
export type CampaignRunList = Static<typeof CampaignRunList>;

export const CloseCampaignReport = Type.Object({ campaign: CampaignSummary, run: CampaignRun });
export type CloseCampaignReport = Static<typeof CloseCampaignReport>;

export const PreviewRunBody = Type.Object(
  { policy: CampaignPolicy },
  { additionalProperties: false },
);
export type PreviewRunBody = Static<typeof PreviewRunBody>;

export const CompareRunsQuery = Type.Object({ with: Uuid }, { additionalProperties: false });
export type CompareRunsQuery = Static<typeof CompareRunsQuery>;

const ComparisonFigures = {
  /** Pupils whose stage differs. */
  changed: Type.Integer(),
  /** Placed in both, on a better wish in the second run. */
  improved: Type.Integer(),
  worsened: Type.Integer(),
  /** Unplaced in the first run, placed in the second. */
  newlyPlaced: Type.Integer(),
  newlyUnplaced: Type.Integer(),
};

/** How pupils fare in run `b` compared with run `a` (same wishes, another policy). */
export const RunComparison = Type.Object({
  a: Uuid,
  b: Uuid,
  ...ComparisonFigures,
  byPriority: Type.Array(Type.Object({ priority: EducationPriority, ...ComparisonFigures })),
});
export type RunComparison = Static<typeof RunComparison>;

export const PublishCampaignBody = Type.Object({ runId: Uuid }, { additionalProperties: false });
export type PublishCampaignBody = Static<typeof PublishCampaignBody>;

export const PublishReport = Type.Object({
  campaignId: Uuid,
  runId: Uuid,
  round: Type.Integer(),
  placed: Type.Integer(),
  unplaced: Type.Integer(),
  /** Pending applications of placed pupils on the same dates, withdrawn. */
  withdrawn: Type.Integer(),
  agreements: Type.Integer(),
  durationMs: Type.Number(),
});
export type PublishReport = Static<typeof PublishReport>;

export const SecondRoundBody = Type.Object(
  { closesAt: IsoDateTime },
  { additionalProperties: false },
);
export type SecondRoundBody = Static<typeof SecondRoundBody>;

// --- pupils -------------------------------------------------------------------------------------

/** A period a pupil may wish for, with how many wishes it already has this round. */
export const WishPeriod = Type.Object({
  id: Uuid,
  offerId: Uuid,
  offerTitle: Type.String(),
  companyName: Type.String(),
  communeName: Type.String(),
  startDate: IsoDate,
  endDate: IsoDate,
  /** Seats this round allocates (for a second round, the seats left). */
  seats: Type.Integer(),
  /** Wishes of all pupils for this period in the current round. */
  wishCount: Type.Integer(),
  /** Whether the offer takes pupils of my level. */
  forMyLevel: Type.Boolean(),
});
export type WishPeriod = Static<typeof WishPeriod>;

/** Why a pupil cannot change their wishes now; null when they can. */
export const WishBlock = Type.Union([
  Type.Literal('not_open'),
  Type.Literal('closed'),
  Type.Literal('placed'),
  Type.Null(),
]);
export type WishBlock = Static<typeof WishBlock>;

export const MyCampaign = Type.Object({
  id: Uuid,
  name: Type.String(),
  status: CampaignStatusSchema,
  round: Type.Integer(),
  schoolName: Type.Union([Type.String(), Type.Null()]),
  maxWishes: Type.Integer(),
  /** The window of the current round. */
  opensAt: IsoDateTime,
  closesAt: IsoDateTime,
  block: WishBlock,
  /** My wishes, best first. */
  wishes: Type.Array(Type.Object({ rank: Type.Integer(), period: WishPeriod })),
  /**
   * The round's periods for my level, a page at a time (for a second round, those with seats
   * left), and how many there are in all.
   */
  periods: Type.Array(WishPeriod),
  periodsTotal: Type.Integer(),
  /** A round's result is published: see the result page. */
  resultPublished: Type.Boolean(),
});
export type MyCampaign = Static<typeof MyCampaign>;

export const MyCampaignQuery = Type.Object(
  {
    /** Words of an offer's title or its company's name. */
    q: Type.Optional(Type.String({ maxLength: 200 })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 1 })),
  },
  { additionalProperties: false },
);
export type MyCampaignQuery = Static<typeof MyCampaignQuery>;

export const SetWishesBody = Type.Object(
  { periodIds: Type.Array(Uuid, { maxItems: MAX_WISHES_LIMIT }) },
  { additionalProperties: false },
);
export type SetWishesBody = Static<typeof SetWishesBody>;

/** A pupil's priority at an offer, as the allocation saw it. */
export const WishPriority = Type.Object({
  priority: Type.Union([EducationPriority, Type.Null()]),
  /** Rank of the lottery draw among the campaign's pupils (1 = best draw). */
  lotteryRank: Type.Union([Type.Integer(), Type.Null()]),
});
export type WishPriority = Static<typeof WishPriority>;

/** Why a wish ranked above the seat obtained was not granted. */
export const WishRefusal = Type.Object({
  reason: Type.Union([
    Type.Literal('full'),
    Type.Literal('company-full'),
    Type.Literal('not-ranked-by-offer'),
    Type.Literal('not-eligible'),
  ]),
  /** The weakest priority admitted on the seats open to me; null when no seat was open to me. */
  cutoff: Type.Union([WishPriority, Type.Null()]),
  cutoffSeats: Type.Union([
    Type.Literal('open'),
    Type.Literal('reserved'),
    Type.Literal('company'),
    Type.Null(),
  ]),
  own: Type.Union([WishPriority, Type.Null()]),
});
export type WishRefusal = Static<typeof WishRefusal>;

export const WishOutcome = Type.Object({
  rank: Type.Integer(),
  period: Type.Omit(WishPeriod, ['wishCount', 'forMyLevel']),
  /** `obtained`, `refused` (with why), or `not_needed` (a better wish was obtained). */
  outcome: Type.Union([
    Type.Literal('obtained'),
    Type.Literal('refused'),
    Type.Literal('not_needed'),
  ]),
  refusal: Type.Union([WishRefusal, Type.Null()]),
});
export type WishOutcome = Static<typeof WishOutcome>;

export const RoundResult = Type.Object({
  round: Type.Integer(),
  runId: Uuid,
  placed: Type.Boolean(),
  rankObtained: Type.Union([Type.Integer(), Type.Null()]),
  /** The application and agreement made for the stage obtained. */
  applicationId: Type.Union([Uuid, Type.Null()]),
  agreementId: Type.Union([Uuid, Type.Null()]),
  wishes: Type.Array(WishOutcome),
});
export type RoundResult = Static<typeof RoundResult>;

export const MyCampaignResult = Type.Object({
  id: Uuid,
  name: Type.String(),
  status: CampaignStatusSchema,
  policy: CampaignPolicy,
  /** My own priority in this campaign. */
  priority: Type.Union([EducationPriority, Type.Null()]),
  /** Published rounds I took part in, first round first. */
  rounds: Type.Array(RoundResult),
  /** A second round is open and I may rank new wishes. */
  secondRoundOpen: Type.Boolean(),
});
export type MyCampaignResult = Static<typeof MyCampaignResult>;
