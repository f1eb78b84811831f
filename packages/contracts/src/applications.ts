// Applications of pupils to stage offers: submit, read, accept, reject, withdraw, confirm, expire,
// and the history of every change.
import { type Static, Type } from 'typebox';
import { IsoDate, IsoDateTime, SchoolLevelSchema, Uuid } from './common.js';
import { EducationPriority } from './organisations.js';

export const ApplicationStatuses = [
  'submitted',
  'read',
  'accepted',
  'confirmed',
  'rejected',
  'withdrawn',
  'expired',
] as const;
export type ApplicationStatus = (typeof ApplicationStatuses)[number];
export const ApplicationStatusSchema = Type.Enum(ApplicationStatuses);

/** States in which the employer still has to answer. */
export const PendingStatuses = ['submitted', 'read'] as const satisfies ApplicationStatus[];
/** States that hold (or may still hold) a seat: one of them per pupil and period at most. */
export const LiveStatuses = [
  'submitted',
  'read',
  'accepted',
  'confirmed',
] as const satisfies ApplicationStatus[];

/** Days without an answer after which the employer is reminded, and the application expires. */
export const REMINDER_DAYS = [7, 14] as const;
export const EXPIRY_DAYS = 15;

export const MOTIVATION_MAX = 2000;
export const REASON_MAX = 1000;

/** One change of state: who made it (the pupil, the host company, or the platform) and when. */
export const ApplicationEvent = Type.Object({
  fromStatus: Type.Union([ApplicationStatusSchema, Type.Null()]),
  toStatus: ApplicationStatusSchema,
  by: Type.Union([Type.Literal('student'), Type.Literal('host'), Type.Literal('platform')]),
  /** The person who made the change; null when the platform did. */
  actorName: Type.Union([Type.String(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  at: IsoDateTime,
});
export type ApplicationEvent = Static<typeof ApplicationEvent>;

export const Application = Type.Object({
  id: Uuid,
  status: ApplicationStatusSchema,
  motivation: Type.String(),
  /** Why the employer said no; shown to the pupil. */
  rejectionReason: Type.Union([Type.String(), Type.Null()]),
  remindersSent: Type.Integer(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  offer: Type.Object({
    id: Uuid,
    title: Type.String(),
    companyId: Uuid,
    companyName: Type.String(),
    communeName: Type.String(),
  }),
  period: Type.Object({ id: Uuid, startDate: IsoDate, endDate: IsoDate }),
  student: Type.Object({
    id: Uuid,
    name: Type.String(),
    level: Type.Union([SchoolLevelSchema, Type.Null()]),
    schoolName: Type.Union([Type.String(), Type.Null()]),
    schoolPriority: Type.Union([EducationPriority, Type.Null()]),
  }),
  /** The internship agreement prepared when the pupil confirmed. */
  agreementId: Type.Union([Uuid, Type.Null()]),
  events: Type.Array(ApplicationEvent),
});
export type Application = Static<typeof Application>;

export const ApplicationQuery = Type.Object(
  {
    /** Only applications to this offer. */
    offer: Type.Optional(Uuid),
    /** Only these states (repeat the parameter for several). */
    status: Type.Optional(Type.Array(ApplicationStatusSchema, { maxItems: 7 })),
    /** `student`: my own applications; `host`: those to my companies' offers; both by default. */
    side: Type.Optional(Type.Union([Type.Literal('student'), Type.Literal('host')])),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
);
export type ApplicationQuery = Static<typeof ApplicationQuery>;

/** An offer that has applications the reader can see, with how many wait for an answer. */
export const ApplicationOfferCount = Type.Object({
  id: Uuid,
  title: Type.String(),
  total: Type.Integer(),
  pending: Type.Integer(),
});
export type ApplicationOfferCount = Static<typeof ApplicationOfferCount>;

export const ApplicationList = Type.Object({
  items: Type.Array(Application),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  offers: Type.Array(ApplicationOfferCount),
});
export type ApplicationList = Static<typeof ApplicationList>;

export const SubmitApplicationBody = Type.Object(
  {
    periodId: Uuid,
    /** A few words on why this stage: optional, shown to the employer. */
    motivation: Type.Optional(Type.String({ maxLength: MOTIVATION_MAX })),
  },
  { additionalProperties: false },
);
export type SubmitApplicationBody = Static<typeof SubmitApplicationBody>;

export const RejectApplicationBody = Type.Object(
  { reason: Type.String({ minLength: 3, maxLength: REASON_MAX }) },
  { additionalProperties: false },
);
export type RejectApplicationBody = Static<typeof RejectApplicationBody>;

export const ApplicationDecision = Type.Union([Type.Literal('accept'), Type.Literal('reject')]);
export type ApplicationDecision = Static<typeof ApplicationDecision>;

export const BulkDecisionBody = Type.Object(
  {
    ids: Type.Array(Uuid, { minItems: 1, maxItems: 100, uniqueItems: true }),
    decision: ApplicationDecision,
    /** Required to reject: shown to each pupil. */
    reason: Type.Optional(Type.String({ maxLength: REASON_MAX })),
  },
  { additionalProperties: false },
);
export type BulkDecisionBody = Static<typeof BulkDecisionBody>;

export const BulkDecisionResult = Type.Object({
  id: Uuid,
  /** True when this application took the decision. */
  ok: Type.Boolean(),
  /** Its state after the request (null when it is not one of the reader's). */
  status: Type.Union([ApplicationStatusSchema, Type.Null()]),
  /** Why it was refused: the problem's stable code and French message. */
  code: Type.Union([Type.String(), Type.Null()]),
  message: Type.Union([Type.String(), Type.Null()]),
});
export type BulkDecisionResult = Static<typeof BulkDecisionResult>;

export const BulkDecisionReport = Type.Object({
  done: Type.Integer(),
  refused: Type.Integer(),
  results: Type.Array(BulkDecisionResult),
});
export type BulkDecisionReport = Static<typeof BulkDecisionReport>;

export const ConfirmApplicationReport = Type.Object({
  application: Application,
  agreementId: Uuid,
  /** My other applications on overlapping dates, withdrawn by this confirmation. */
  withdrawn: Type.Array(Uuid),
});
export type ConfirmApplicationReport = Static<typeof ConfirmApplicationReport>;

export const ApplyOptionsQuery = Type.Object({ offer: Uuid }, { additionalProperties: false });
export type ApplyOptionsQuery = Static<typeof ApplyOptionsQuery>;

/** Why a period cannot take this pupil's application; null when it can. */
export const PeriodBlock = Type.Union([
  Type.Literal('started'),
  Type.Literal('full'),
  Type.Literal('reserved'),
  Type.Literal('campaign'),
  Type.Literal('confirmed_elsewhere'),
  Type.Literal('rejected_before'),
  Type.Null(),
]);
export type PeriodBlock = Static<typeof PeriodBlock>;

/** What the apply page needs: the offer, its periods as this pupil sees them, and why not. */
export const ApplyOptions = Type.Object({
  offer: Type.Object({
    id: Uuid,
    title: Type.String(),
    companyName: Type.String(),
    communeName: Type.String(),
    levels: Type.Array(SchoolLevelSchema),
  }),
  /** Null when this pupil may apply; else the reason code (`level`, `not_student`, `closed`). */
  refusal: Type.Union([
    Type.Literal('level'),
    Type.Literal('not_student'),
    Type.Literal('closed'),
    Type.Null(),
  ]),
  periods: Type.Array(
    Type.Object({
      id: Uuid,
      startDate: IsoDate,
      endDate: IsoDate,
      seats: Type.Integer(),
      seatsLeft: Type.Integer(),
      reservedSeats: Type.Integer(),
      reservedUntil: Type.Union([IsoDate, Type.Null()]),
      block: PeriodBlock,
      /** My live application to this period, if any. */
      applicationId: Type.Union([Uuid, Type.Null()]),
      applicationStatus: Type.Union([ApplicationStatusSchema, Type.Null()]),
    }),
  ),
});
export type ApplyOptions = Static<typeof ApplyOptions>;
