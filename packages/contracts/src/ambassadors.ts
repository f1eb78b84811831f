// Ambassadors of trades and their visits to classes: the ambassador's profile and its
// verification, the directory teachers search, visit requests with the ambassadors the platform
// proposes, the ambassador's answer, the head of school's authorisation, attendance and feedback,
// and the batch assignment of many open requests at once.
import { type Static, type TSchema, Type } from 'typebox';
import { IsoDate, IsoDateTime, Page, PageQuery, SchoolLevelSchema, Uuid } from './common.js';
import { CommuneCode } from './organisations.js';
import { TradeRef } from './offers.js';
import { TradeCode } from './reference.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** Talk in class, visit of the workplace, or a video call with the class. */
export const VisitFormats = ['talk', 'workplace_visit', 'video'] as const;
export type VisitFormat = (typeof VisitFormats)[number];
export const VisitFormatSchema = Type.Enum(VisitFormats);

export const VisitRequestStatuses = [
  'open',
  'proposed',
  'accepted',
  'authorised',
  'done',
  'declined',
  'cancelled',
] as const;
export type VisitRequestStatus = (typeof VisitRequestStatuses)[number];
export const VisitRequestStatusSchema = Type.Enum(VisitRequestStatuses);

/** Most visits an ambassador may accept in a month. */
export const MAX_VISITS_PER_MONTH = 20;
/** Days an ambassador has to answer a proposal before it goes to the next one. */
export const VISIT_PROPOSAL_DAYS = 7;

export const CommuneRef = Type.Object({ code: Type.String(), name: Type.String() });
export type CommuneRef = Static<typeof CommuneRef>;

/** An ambassador's profile as they (and those who verify them) see it. */
export const AmbassadorProfile = Type.Object({
  userId: Uuid,
  displayName: Type.String(),
  company: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
  trades: Type.Array(TradeRef),
  bio: Type.String(),
  communes: Type.Array(CommuneRef),
  formats: Type.Array(VisitFormatSchema),
  maxVisitsPerMonth: Type.Integer(),
  /** Days they are free, sorted. */
  availableDates: Type.Array(IsoDate),
  /** Verified professionals only are proposed to teachers and listed in the directory. */
  verified: Type.Boolean(),
  verifiedAt: Nullable(IsoDateTime),
  updatedAt: IsoDateTime,
});
export type AmbassadorProfile = Static<typeof AmbassadorProfile>;

export const AmbassadorProfileBody = Type.Object(
  {
    /** The company they work for (its employers can verify them); null for none. */
    companyId: Nullable(Uuid),
    tradeCodes: Type.Array(TradeCode, { minItems: 1, maxItems: 5, uniqueItems: true }),
    bio: Type.String({ maxLength: 1000 }),
    /** INSEE codes of the communes they can reach. */
    communes: Type.Array(CommuneCode, { minItems: 1, maxItems: 60, uniqueItems: true }),
    formats: Type.Array(VisitFormatSchema, { minItems: 1, maxItems: 3, uniqueItems: true }),
    maxVisitsPerMonth: Type.Integer({ minimum: 1, maximum: MAX_VISITS_PER_MONTH }),
    availableDates: Type.Array(IsoDate, { maxItems: 200 }),
  },
  { additionalProperties: false },
);
export type AmbassadorProfileBody = Static<typeof AmbassadorProfileBody>;

/** A verified ambassador in the directory: no contact details, teachers go through requests. */
export const AmbassadorCard = Type.Object({
  userId: Uuid,
  displayName: Type.String(),
  companyName: Nullable(Type.String()),
  trades: Type.Array(TradeRef),
  bio: Type.String(),
  communes: Type.Array(CommuneRef),
  formats: Type.Array(VisitFormatSchema),
  maxVisitsPerMonth: Type.Integer(),
  /** Their next free days (at most five). */
  nextDates: Type.Array(IsoDate),
  /** Visits accepted or done this school year. */
  visitsThisYear: Type.Integer(),
});
export type AmbassadorCard = Static<typeof AmbassadorCard>;

export const AmbassadorDirectoryQuery = Type.Object(
  {
    /** A grand domaine (`F`), a domaine (`F17`) or a fiche (`F1703`) of the ROME. */
    trade: Type.Optional(Type.String({ pattern: '^[A-N]([0-9]{2}|[0-9]{4})?$' })),
    /** Ambassadors who can reach this commune. */
    commune: Type.Optional(CommuneCode),
    format: Type.Optional(VisitFormatSchema),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type AmbassadorDirectoryQuery = Static<typeof AmbassadorDirectoryQuery>;

export const AmbassadorPage = Page(AmbassadorCard);
export type AmbassadorPage = Static<typeof AmbassadorPage>;

export const AmbassadorVerificationQuery = Type.Object(
  { status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('verified')])) },
  { additionalProperties: false },
);
export type AmbassadorVerificationQuery = Static<typeof AmbassadorVerificationQuery>;

/** What the person reading a visit request may do with it now. */
export const VisitActions = Type.Object({
  /** Staff of the school: ask one of the proposed ambassadors (open request). */
  propose: Type.Boolean(),
  cancel: Type.Boolean(),
  /** The ambassador asked: accept or decline. */
  accept: Type.Boolean(),
  decline: Type.Boolean(),
  /** The head of school: authorise or refuse the intervention. */
  authorise: Type.Boolean(),
  refuse: Type.Boolean(),
  /** Staff of the school, on or after the visit day. */
  recordAttendance: Type.Boolean(),
  /** Each side, once the visit is done, once each. */
  giveFeedback: Type.Boolean(),
  /** The calendar file, once authorised. */
  downloadIcs: Type.Boolean(),
});
export type VisitActions = Static<typeof VisitActions>;

export const VisitRequest = Type.Object({
  id: Uuid,
  status: VisitRequestStatusSchema,
  activity: Nullable(
    Type.Object({ id: Uuid, title: Type.String(), moduleId: Uuid, moduleTitle: Type.String() }),
  ),
  school: Type.Object({
    id: Uuid,
    name: Type.String(),
    address: Type.String(),
    communeName: Type.String(),
  }),
  class: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
  teacher: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
  trades: Type.Array(TradeRef),
  /** The class's dates, preferred first. */
  candidateDates: Type.Array(IsoDate),
  classSize: Type.Integer(),
  level: SchoolLevelSchema,
  format: VisitFormatSchema,
  ambassador: Nullable(
    Type.Object({ id: Uuid, displayName: Type.String(), companyName: Nullable(Type.String()) }),
  ),
  /** The agreed date (from the proposal on). */
  visitDate: Nullable(IsoDate),
  /** Ambassadors who declined (or let the proposal lapse): how many. */
  declinedCount: Type.Integer(),
  authorisedAt: Nullable(IsoDateTime),
  authorisedByName: Nullable(Type.String()),
  refusalReason: Nullable(Type.String()),
  attendance: Nullable(Type.Integer()),
  teacherFeedback: Nullable(Type.String()),
  ambassadorFeedback: Nullable(Type.String()),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  can: VisitActions,
});
export type VisitRequest = Static<typeof VisitRequest>;

export const CreateVisitRequestBody = Type.Object(
  {
    /** The module's activity (an ambassador talk or a company visit) this visit is for. */
    activityId: Uuid,
    tradeCodes: Type.Array(TradeCode, { minItems: 1, maxItems: 5, uniqueItems: true }),
    /** Dates the class can host the visit, preferred first. */
    candidateDates: Type.Array(IsoDate, { minItems: 1, maxItems: 10 }),
    /** The class's pupil count when left out. */
    classSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 40 })),
    format: Type.Optional(VisitFormatSchema),
  },
  { additionalProperties: false },
);
export type CreateVisitRequestBody = Static<typeof CreateVisitRequestBody>;

export const VisitRequestQuery = Type.Object(
  {
    status: Type.Optional(VisitRequestStatusSchema),
    activityId: Type.Optional(Uuid),
    /** Only requests waiting for my authorisation (heads of school). */
    toAuthorise: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type VisitRequestQuery = Static<typeof VisitRequestQuery>;

export const VisitCriterionPoints = Type.Object({
  criterion: Type.Union([
    Type.Literal('trade'),
    Type.Literal('date'),
    Type.Literal('distance'),
    Type.Literal('load'),
  ]),
  points: Type.Number(),
  weight: Type.Number(),
});
export type VisitCriterionPoints = Static<typeof VisitCriterionPoints>;

/** An ambassador the platform proposes for a request, with why. */
export const VisitProposal = Type.Object({
  ambassador: Type.Object({
    userId: Uuid,
    displayName: Type.String(),
    companyName: Nullable(Type.String()),
    trades: Type.Array(TradeRef),
    formats: Type.Array(VisitFormatSchema),
  }),
  /** Out of 100. */
  score: Type.Number(),
  /** The best date for this ambassador, then every candidate date they are free, best first. */
  date: IsoDate,
  dates: Type.Array(Type.Object({ date: IsoDate, score: Type.Number() })),
  tradeMatch: Type.Union([
    Type.Literal('fiche'),
    Type.Literal('domaine'),
    Type.Literal('grand-domaine'),
  ]),
  distanceKm: Type.Number(),
  visitsThisYear: Type.Integer(),
  criteria: Type.Array(VisitCriterionPoints),
});
export type VisitProposal = Static<typeof VisitProposal>;

export const VisitProposals = Type.Object({
  requestId: Uuid,
  proposals: Type.Array(VisitProposal),
});
export type VisitProposals = Static<typeof VisitProposals>;

export const ProposeVisitBody = Type.Object(
  { ambassadorId: Uuid, date: IsoDate },
  { additionalProperties: false },
);
export type ProposeVisitBody = Static<typeof ProposeVisitBody>;

export const DeclineVisitBody = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
export type DeclineVisitBody = Static<typeof DeclineVisitBody>;

export const RefuseVisitBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
export type RefuseVisitBody = Static<typeof RefuseVisitBody>;

export const VisitAttendanceBody = Type.Object(
  { attendance: Type.Integer({ minimum: 0, maximum: 40 }) },
  { additionalProperties: false },
);
export type VisitAttendanceBody = Static<typeof VisitAttendanceBody>;

export const VisitFeedbackBody = Type.Object(
  { feedback: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);
export type VisitFeedbackBody = Static<typeof VisitFeedbackBody>;

export const VisitAssignmentBody = Type.Object(
  {
    /** Compute and show the plan without proposing anything (the default). */
    dryRun: Type.Optional(Type.Boolean({ default: true })),
    /** Only this school's open requests (a head of school: their own school). */
    schoolId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type VisitAssignmentBody = Static<typeof VisitAssignmentBody>;

export const VisitAssignmentLine = Type.Object({
  requestId: Uuid,
  schoolName: Type.String(),
  className: Nullable(Type.String()),
  ambassadorId: Nullable(Uuid),
  ambassadorName: Nullable(Type.String()),
  date: Nullable(IsoDate),
  score: Nullable(Type.Number()),
});
export type VisitAssignmentLine = Static<typeof VisitAssignmentLine>;

export const VisitAssignmentResult = Type.Object({
  dryRun: Type.Boolean(),
  /** Open requests considered. */
  requests: Type.Integer(),
  assigned: Type.Array(VisitAssignmentLine),
  unassigned: Type.Array(VisitAssignmentLine),
  totalScore: Type.Number(),
});
export type VisitAssignmentResult = Static<typeof VisitAssignmentResult>;
