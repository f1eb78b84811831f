// Stage offers: what an employer posts (periods, seats, schedule, tutor), what pupils search and
// see, the recommendations made for them, and the reports and moderation around offers.
import { type Static, Type } from 'typebox';
import { IsoDate, IsoDateTime, PageQuery, SchoolLevelSchema, Uuid } from './common.js';
import { CommuneCode, EducationPriority, Latitude, Longitude } from './organisations.js';
import { TradeCode } from './reference.js';

export const OfferStatus = Type.Union([
  Type.Literal('draft'),
  Type.Literal('published'),
  Type.Literal('closed'),
  Type.Literal('archived'),
]);
export type OfferStatus = Static<typeof OfferStatus>;

export const ClockTime = Type.String({
  pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
  description: 'Time of day, HH:MM',
});

export const TimeRange = Type.Object(
  { start: ClockTime, end: ClockTime },
  { additionalProperties: false },
);
export type TimeRange = Static<typeof TimeRange>;

/** One weekday of the offer's schedule: presence from start to end, minus the breaks. */
export const ScheduleDay = Type.Object(
  {
    day: Type.Integer({ minimum: 1, maximum: 7, description: '1 = Monday … 7 = Sunday' }),
    start: ClockTime,
    end: ClockTime,
    breaks: Type.Array(TimeRange, { maxItems: 4 }),
  },
  { additionalProperties: false },
);
export type ScheduleDay = Static<typeof ScheduleDay>;

/** A period as the employer writes it; with `id`, an existing period of the offer is kept. */
export const PeriodInput = Type.Object(
  {
    id: Type.Optional(Uuid),
    startDate: IsoDate,
    endDate: IsoDate,
    // 0 is let through so the stage rules can say why it is refused.
    seats: Type.Integer({ minimum: 0, maximum: 500 }),
    reservedSeats: Type.Optional(Type.Integer({ minimum: 0, maximum: 500 })),
    reservedUntil: Type.Optional(Type.Union([IsoDate, Type.Null()])),
  },
  { additionalProperties: false },
);
export type PeriodInput = Static<typeof PeriodInput>;

const offerFields = {
  title: Type.String({ minLength: 3, maxLength: 120 }),
  description: Type.String({
    minLength: 10,
    maxLength: 5000,
    description: 'What the pupil will see and do (observation only).',
  }),
  tradeCodes: Type.Array(TradeCode, { minItems: 1, maxItems: 5, uniqueItems: true }),
  levels: Type.Array(SchoolLevelSchema, { minItems: 1, maxItems: 4, uniqueItems: true }),
  periods: Type.Array(PeriodInput, { minItems: 1, maxItems: 20 }),
  address: Type.Optional(Type.String({ maxLength: 300 })),
  communeCode: Type.Optional(CommuneCode),
  lat: Type.Optional(Latitude),
  lon: Type.Optional(Longitude),
  accessible: Type.Optional(Type.Boolean()),
  schedule: Type.Array(ScheduleDay, { maxItems: 7 }),
  tutorName: Type.String({ minLength: 2, maxLength: 120 }),
  tutorRole: Type.Optional(Type.String({ maxLength: 120 })),
  tutorEmail: Type.Optional(
    Type.Union([Type.String({ format: 'email', maxLength: 254 }), Type.Null()]),
  ),
};

export const CreateOfferBody = Type.Object(
  {
    /** Needed only by an employer of several companies. */
    companyId: Type.Optional(Uuid),
    ...offerFields,
  },
  { additionalProperties: false },
);
export type CreateOfferBody = Static<typeof CreateOfferBody>;

/** Any subset of the fields; `periods`, when given, is the whole new list. */
export const UpdateOfferBody = Type.Partial(Type.Object(offerFields), {
  additionalProperties: false,
  minProperties: 1,
});
export type UpdateOfferBody = Static<typeof UpdateOfferBody>;

export const TradeRef = Type.Object({ code: Type.String(), label: Type.String() });
export type TradeRef = Static<typeof TradeRef>;

export const OfferPeriod = Type.Object({
  id: Uuid,
  startDate: IsoDate,
  endDate: IsoDate,
  seats: Type.Integer(),
  reservedSeats: Type.Integer(),
  reservedUntil: Type.Union([IsoDate, Type.Null()]),
  /** Seats this viewer could still take (reserved seats count only for REP/REP+ pupils). */
  seatsLeft: Type.Integer(),
  /** Reserved seats not yet released nor taken. */
  reservedLeft: Type.Integer(),
  /** Applications in progress (submitted, read, accepted, confirmed): members and operators. */
  liveApplications: Type.Optional(Type.Integer()),
});
export type OfferPeriod = Static<typeof OfferPeriod>;

export const Offer = Type.Object({
  id: Uuid,
  companyId: Uuid,
  companyName: Type.String(),
  title: Type.String(),
  description: Type.String(),
  tradeCodes: Type.Array(Type.String()),
  trades: Type.Array(TradeRef),
  levels: Type.Array(SchoolLevelSchema),
  address: Type.String(),
  communeCode: Type.String(),
  communeName: Type.String(),
  lat: Type.Number(),
  lon: Type.Number(),
  accessible: Type.Boolean(),
  schedule: Type.Array(ScheduleDay),
  tutorName: Type.String(),
  tutorRole: Type.String(),
  /** Members of the company and operators only: pupils talk through the platform. */
  tutorEmail: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  status: OfferStatus,
  suspended: Type.Boolean(),
  suspendedReason: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  periods: Type.Array(OfferPeriod),
  /** True when the viewer is an employer of the company (may edit, publish, close…). */
  mine: Type.Boolean(),
  /** True for a REP/REP+ pupil while reserved seats are open to them. */
  reservedForMe: Type.Boolean(),
  distanceKm: Type.Optional(Type.Number()),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  publishedAt: Type.Union([IsoDateTime, Type.Null()]),
});
export type Offer = Static<typeof Offer>;

/** One line of an employer's list of offers. */
export const MyOffer = Type.Object({
  id: Uuid,
  companyName: Type.String(),
  title: Type.String(),
  status: OfferStatus,
  suspended: Type.Boolean(),
  suspendedReason: Type.Union([Type.String(), Type.Null()]),
  periodCount: Type.Integer(),
  firstStart: Type.Union([IsoDate, Type.Null()]),
  seats: Type.Integer(),
  seatsLeft: Type.Integer(),
  /** Applications in progress (submitted, read, accepted, confirmed). */
  applications: Type.Integer(),
  updatedAt: IsoDateTime,
});
export type MyOffer = Static<typeof MyOffer>;

export const MyOffersQuery = Type.Object(
  { status: Type.Optional(OfferStatus) },
  { additionalProperties: false },
);
export type MyOffersQuery = Static<typeof MyOffersQuery>;

export const OfferSort = Type.Union([
  Type.Literal('relevance'),
  Type.Literal('distance'),
  Type.Literal('date'),
]);
export type OfferSort = Static<typeof OfferSort>;

export const DistanceOrigin = Type.Union([
  Type.Literal('home'),
  Type.Literal('school'),
  Type.Literal('point'),
]);
export type DistanceOrigin = Static<typeof DistanceOrigin>;

export const OfferSearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Words, French full-text' })),
    trade: Type.Optional(
      Type.String({
        pattern: '^[A-N]([0-9]{1,4})?$',
        description: 'A ROME grand domaine letter (M), a code prefix (M18) or a fiche (M1805)',
      }),
    ),
    commune: Type.Optional(CommuneCode),
    near: Type.Optional(DistanceOrigin),
    lat: Type.Optional(Latitude),
    lon: Type.Optional(Longitude),
    radiusKm: Type.Optional(Type.Number({ minimum: 0.5, maximum: 100 })),
    dateFrom: Type.Optional(IsoDate),
    dateTo: Type.Optional(IsoDate),
    /** A pupil's search defaults to their school's stage weeks; true searches every date. */
    anyDate: Type.Optional(Type.Boolean()),
    level: Type.Optional(SchoolLevelSchema),
    /** Offers with seats still reserved for REP/REP+ pupils. */
    reserved: Type.Optional(Type.Boolean()),
    accessible: Type.Optional(Type.Boolean()),
    sort: Type.Optional(OfferSort),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type OfferSearchQuery = Static<typeof OfferSearchQuery>;

export const OfferSummaryPeriod = Type.Object({
  id: Uuid,
  startDate: IsoDate,
  endDate: IsoDate,
  seatsLeft: Type.Integer(),
});
export type OfferSummaryPeriod = Static<typeof OfferSummaryPeriod>;

/** An offer as a search result. */
export const OfferSummary = Type.Object({
  id: Uuid,
  title: Type.String(),
  excerpt: Type.String(),
  companyName: Type.String(),
  communeCode: Type.String(),
  communeName: Type.String(),
  lat: Type.Number(),
  lon: Type.Number(),
  accessible: Type.Boolean(),
  levels: Type.Array(SchoolLevelSchema),
  trades: Type.Array(TradeRef),
  /** Periods still to come, with the seats this viewer could take. */
  periods: Type.Array(OfferSummaryPeriod),
  seatsLeft: Type.Integer(),
  reservedForMe: Type.Boolean(),
  distanceKm: Type.Optional(Type.Number()),
});
export type OfferSummary = Static<typeof OfferSummary>;

export const DateRangeSchema = Type.Object({ startDate: IsoDate, endDate: IsoDate });

export const OfferSearchPage = Type.Object({
  items: Type.Array(OfferSummary),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  /** Where distances are measured from, when known. */
  origin: Type.Optional(
    Type.Object({ kind: DistanceOrigin, lat: Type.Number(), lon: Type.Number() }),
  ),
  /** The date ranges the search kept (a pupil's stage weeks by default). */
  dates: Type.Array(DateRangeSchema),
  /** The level the search kept (a pupil's own by default). */
  level: Type.Optional(SchoolLevelSchema),
  /** True when the viewer is a REP/REP+ pupil (may filter on reserved seats). */
  priorityPupil: Type.Boolean(),
});
export type OfferSearchPage = Static<typeof OfferSearchPage>;

export const RecommendationCriterion = Type.Union([
  Type.Literal('trade'),
  Type.Literal('distance'),
  Type.Literal('dates'),
  Type.Literal('level'),
  Type.Literal('reservedSeat'),
  Type.Literal('pressure'),
]);
export type RecommendationCriterion = Static<typeof RecommendationCriterion>;

/** Why an offer is recommended: a criterion, how well it is met, and the fact behind it. */
export const RecommendationReason = Type.Object({
  criterion: RecommendationCriterion,
  fit: Type.Number({ minimum: 0, maximum: 1 }),
  /** trade: the trade in common; distance: km; dates: share of days in the stage weeks; pressure: open seats and candidates. */
  trade: Type.Optional(TradeRef),
  match: Type.Optional(
    Type.Union([Type.Literal('fiche'), Type.Literal('domaine'), Type.Literal('grand-domaine')]),
  ),
  km: Type.Optional(Type.Number()),
  share: Type.Optional(Type.Number()),
  seatsOpen: Type.Optional(Type.Integer()),
  candidates: Type.Optional(Type.Integer()),
});
export type RecommendationReason = Static<typeof RecommendationReason>;

export const RecommendedOffer = Type.Object({
  offer: OfferSummary,
  score: Type.Number(),
  /** The criteria that weigh most for this offer, best first. */
  reasons: Type.Array(RecommendationReason),
});
export type RecommendedOffer = Static<typeof RecommendedOffer>;

export const RecommendationQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 6 })) },
  { additionalProperties: false },
);
export type RecommendationQuery = Static<typeof RecommendationQuery>;

export const Recommendations = Type.Object({
  items: Type.Array(RecommendedOffer),
  /** What the recommendation knew about the pupil, so the page can suggest what to fill in. */
  basis: Type.Object({
    interests: Type.Integer(),
    stageWeeks: Type.Integer(),
    origin: Type.Union([Type.Literal('home'), Type.Literal('school'), Type.Literal('none')]),
    priority: EducationPriority,
  }),
});
export type Recommendations = Static<typeof Recommendations>;

export const ModerationBody = Type.Object(
  { reason: Type.String({ minLength: 3, maxLength: 1000 }) },
  { additionalProperties: false },
);
export type ModerationBody = Static<typeof ModerationBody>;

export const ReportOfferBody = Type.Object(
  { reason: Type.String({ minLength: 5, maxLength: 1000 }) },
  { additionalProperties: false },
);
export type ReportOfferBody = Static<typeof ReportOfferBody>;

export const OfferReport = Type.Object({
  id: Uuid,
  offerId: Uuid,
  offerTitle: Type.String(),
  companyName: Type.String(),
  offerStatus: OfferStatus,
  offerSuspended: Type.Boolean(),
  reason: Type.String(),
  reporterName: Type.Union([Type.String(), Type.Null()]),
  createdAt: IsoDateTime,
});
export type OfferReport = Static<typeof OfferReport>;
