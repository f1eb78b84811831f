// Mentoring and tutoring: mentors' profiles, mentees' requests (with a guardian's consent for
// minors), the optimal pairing and its proposals, the mentorships with their sessions (.ics),
// notes and feedback, and the pair's messages with their reports.
import { type Static, Type } from 'typebox';
import { IsoDateTime, Uuid } from './common.js';
import { CommuneCode } from './organisations.js';
import { TradeCode } from './reference.js';

export const MentoringModes = ['in_person', 'video', 'phone'] as const;
export type MentoringMode = (typeof MentoringModes)[number];
export const MentoringModeSchema = Type.Enum(MentoringModes);

/** What a mentee comes for. */
export const MentoringGoals = [
  'discover_trade',
  'find_stage',
  'prepare_interview',
  'first_job',
  'orientation',
  'apprenticeship',
] as const;
export type MentoringGoal = (typeof MentoringGoals)[number];
export const MentoringGoalSchema = Type.Enum(MentoringGoals);

export const MenteeRequestStatuses = [
  'open',
  'proposed',
  'matched',
  'closed',
  'cancelled',
] as const;
export type MenteeRequestStatus = (typeof MenteeRequestStatuses)[number];
export const ProposalStatuses = [
  'proposed',
  'accepted',
  'declined',
  'expired',
  'withdrawn',
] as const;
export type ProposalStatus = (typeof ProposalStatuses)[number];
export const SessionStatuses = ['proposed', 'accepted', 'declined', 'cancelled', 'done'] as const;
export type SessionStatus = (typeof SessionStatuses)[number];

/** The criteria of a mentor–mentee compatibility score, in display order. */
export const MentoringCriteria = ['trade', 'availability', 'mode', 'distance', 'language'] as const;
export type MentoringCriterionName = (typeof MentoringCriteria)[number];

const ClockTime = Type.String({
  pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
  description: 'Time of day in Paris, HH:MM (24 h).',
});

/** A weekly availability slot in Paris time: 1 = Monday … 7 = Sunday. */
export const WeeklySlot = Type.Object(
  { day: Type.Integer({ minimum: 1, maximum: 7 }), start: ClockTime, end: ClockTime },
  { additionalProperties: false },
);
export type WeeklySlot = Static<typeof WeeklySlot>;

export const LanguageCode = Type.String({
  pattern: '^[a-z]{2,3}$',
  description: 'ISO 639 language code, e.g. "fr", "ar".',
});

export const TradeLabel = Type.Object({ code: Type.String(), label: Type.String() });
export type TradeLabel = Static<typeof TradeLabel>;

// --- mentor profile ----------------------------------------------------------------------------

export const MENTOR_CAPACITY_MAX = 10;

export const MentorProfileBody = Type.Object(
  {
    tradeCodes: Type.Array(TradeCode, { minItems: 1, maxItems: 10 }),
    languages: Type.Array(LanguageCode, { minItems: 1, maxItems: 8 }),
    modes: Type.Array(MentoringModeSchema, { minItems: 1, maxItems: 3 }),
    /** INSEE codes of the communes the mentor can reach in person (needed for in_person). */
    communes: Type.Array(CommuneCode, { maxItems: 60 }),
    capacity: Type.Integer({ minimum: 1, maximum: MENTOR_CAPACITY_MAX }),
    availability: Type.Array(WeeklySlot, { minItems: 1, maxItems: 21 }),
    bio: Type.String({ maxLength: 1000 }),
  },
  { additionalProperties: false },
);
export type MentorProfileBody = Static<typeof MentorProfileBody>;

export const MentorProfile = Type.Object({
  userId: Uuid,
  displayName: Type.String(),
  tradeCodes: Type.Array(Type.String()),
  trades: Type.Array(TradeLabel),
  languages: Type.Array(Type.String()),
  modes: Type.Array(MentoringModeSchema),
  communes: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
  capacity: Type.Integer(),
  availability: Type.Array(WeeklySlot),
  bio: Type.String(),
  paused: Type.Boolean(),
  activeMentees: Type.Integer(),
  pendingProposals: Type.Integer(),
  /** Capacity minus active mentorships and proposals waiting for an answer. */
  remainingCapacity: Type.Integer(),
  updatedAt: IsoDateTime,
});
export type MentorProfile = Static<typeof MentorProfile>;

export const PauseBody = Type.Object({ paused: Type.Boolean() }, { additionalProperties: false });
export type PauseBody = Static<typeof PauseBody>;

/** What a mentee sees of a mentor they may ask: no contact details, no company. */
export const MentorCard = Type.Object({
  id: Uuid,
  displayName: Type.String(),
  trades: Type.Array(TradeLabel),
  bio: Type.String(),
  modes: Type.Array(MentoringModeSchema),
});
export type MentorCard = Static<typeof MentorCard>;

export const MentorListQuery = Type.Object({ trade: Type.Optional(TradeCode) });
export type MentorListQuery = Static<typeof MentorListQuery>;

// --- mentee request ----------------------------------------------------------------------------

export const MenteeRequestBody = Type.Object(
  {
    goals: Type.Array(MentoringGoalSchema, { minItems: 1, maxItems: 6 }),
    tradeCodes: Type.Array(TradeCode, { maxItems: 10 }),
    /** Acceptable modes, preferred first. */
    modes: Type.Array(MentoringModeSchema, { minItems: 1, maxItems: 3 }),
    availability: Type.Array(WeeklySlot, { minItems: 1, maxItems: 21 }),
    languages: Type.Array(LanguageCode, { minItems: 1, maxItems: 8 }),
    /** Where an in-person meeting can happen; required when in_person is among the modes. */
    communeCode: Type.Optional(Type.Union([CommuneCode, Type.Null()])),
    constraints: Type.String({ maxLength: 1000 }),
  },
  { additionalProperties: false },
);
export type MenteeRequestBody = Static<typeof MenteeRequestBody>;

/** A minor's guardian consent: required before any pairing starts. */
export const GuardianConsent = Type.Object({
  /** The mentee is a minor, or their birth date is unknown (counted as a minor). */
  required: Type.Boolean(),
  recordedAt: Type.Union([IsoDateTime, Type.Null()]),
  /** The guardian who consented, as recorded. */
  guardianName: Type.Union([Type.String(), Type.Null()]),
});
export type GuardianConsent = Static<typeof GuardianConsent>;

export const MenteeRequest = Type.Object({
  id: Uuid,
  menteeId: Uuid,
  menteeName: Type.String(),
  goals: Type.Array(MentoringGoalSchema),
  tradeCodes: Type.Array(Type.String()),
  trades: Type.Array(TradeLabel),
  modes: Type.Array(MentoringModeSchema),
  availability: Type.Array(WeeklySlot),
  languages: Type.Array(Type.String()),
  communeCode: Type.Union([Type.String(), Type.Null()]),
  communeName: Type.Union([Type.String(), Type.Null()]),
  constraints: Type.String(),
  status: Type.Enum(MenteeRequestStatuses),
  consent: GuardianConsent,
  /** The mentor the mentee asked for directly, if any. */
  preferredMentor: Type.Union([Type.Object({ id: Uuid, displayName: Type.String() }), Type.Null()]),
  /** The proposal waiting for a mentor's answer, if any. */
  pendingProposal: Type.Union([
    Type.Object({
      /** Known to the mentee for a direct ask only; a run's proposal is named once accepted. */
      mentorName: Type.Union([Type.String(), Type.Null()]),
      respondBy: IsoDateTime,
      direct: Type.Boolean(),
    }),
    Type.Null(),
  ]),
  /** The mentorship this request led to. */
  mentorshipId: Type.Union([Uuid, Type.Null()]),
  createdAt: IsoDateTime,
});
export type MenteeRequest = Static<typeof MenteeRequest>;

export const ConsentBody = Type.Object(
  {
    guardianName: Type.String({ minLength: 1, maxLength: 120 }),
    /** The one recording it confirms the guardian agreed (orally, on paper, by e-mail). */
    confirmed: Type.Literal(true),
  },
  { additionalProperties: false },
);
export type ConsentBody = Static<typeof ConsentBody>;

export const AskMentorBody = Type.Object({ mentorId: Uuid }, { additionalProperties: false });
export type AskMentorBody = Static<typeof AskMentorBody>;

/** A request waiting for its consent, as the pupil's school sees it. */
export const ConsentToRecord = Type.Object({
  requestId: Uuid,
  pupilName: Type.String(),
  className: Type.Union([Type.String(), Type.Null()]),
  guardianName: Type.Union([Type.String(), Type.Null()]),
  createdAt: IsoDateTime,
});
export type ConsentToRecord = Static<typeof ConsentToRecord>;

// --- pairing and proposals ---------------------------------------------------------------------

export const CriterionPoints = Type.Object({
  criterion: Type.Enum(MentoringCriteria),
  /** How well it is met, 0 to 1. */
  fit: Type.Number(),
  weight: Type.Number(),
  points: Type.Number(),
});
export type CriterionPoints = Static<typeof CriterionPoints>;

export const PairPreview = Type.Object({
  requestId: Uuid,
  menteeName: Type.String(),
  mentorId: Uuid,
  mentorName: Type.String(),
  score: Type.Number(),
  criteria: Type.Array(CriterionPoints),
  /** How they would meet: the mentee's first workable mode. */
  mode: Type.Union([MentoringModeSchema, Type.Null()]),
});
export type PairPreview = Static<typeof PairPreview>;

export const UnpairedReasons = ['no_compatible_mentor', 'mentors_full'] as const;

export const PairingPreview = Type.Object({
  computedAt: IsoDateTime,
  openRequests: Type.Integer(),
  availableMentors: Type.Integer(),
  /** Compatible (request, mentor) pairs the solver chose from. */
  candidatePairs: Type.Integer(),
  /** Requests left out because the minor's consent is missing. */
  awaitingConsent: Type.Integer(),
  total: Type.Number(),
  pairs: Type.Array(PairPreview),
  unpaired: Type.Array(
    Type.Object({
      requestId: Uuid,
      menteeName: Type.String(),
      reason: Type.Enum(UnpairedReasons),
    }),
  ),
});
export type PairingPreview = Static<typeof PairingPreview>;

export const PROPOSAL_RESPONSE_DAYS = 7;

export const SendProposalsBody = Type.Object(
  {
    pairs: Type.Array(
      Type.Object({ requestId: Uuid, mentorId: Uuid }, { additionalProperties: false }),
      { minItems: 1, maxItems: 1000 },
    ),
    respondWithinDays: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 30, default: PROPOSAL_RESPONSE_DAYS }),
    ),
  },
  { additionalProperties: false },
);
export type SendProposalsBody = Static<typeof SendProposalsBody>;

export const SendProposalsResult = Type.Object({ runId: Uuid, sent: Type.Integer() });
export type SendProposalsResult = Static<typeof SendProposalsResult>;

export const Proposal = Type.Object({
  id: Uuid,
  requestId: Uuid,
  mentorId: Uuid,
  mentorName: Type.String(),
  menteeName: Type.String(),
  score: Type.Number(),
  criteria: Type.Array(CriterionPoints),
  /** False for a proposal of a pairing run, true for a mentee's direct ask. */
  direct: Type.Boolean(),
  status: Type.Enum(ProposalStatuses),
  respondBy: IsoDateTime,
  respondedAt: Type.Union([IsoDateTime, Type.Null()]),
  createdAt: IsoDateTime,
  /** What the mentee asks for, so the mentor can decide. */
  request: Type.Object({
    goals: Type.Array(MentoringGoalSchema),
    trades: Type.Array(TradeLabel),
    modes: Type.Array(MentoringModeSchema),
    availability: Type.Array(WeeklySlot),
    languages: Type.Array(Type.String()),
    communeName: Type.Union([Type.String(), Type.Null()]),
    constraints: Type.String(),
  }),
  /** The mentorship it created, once accepted. */
  mentorshipId: Type.Union([Uuid, Type.Null()]),
});
export type Proposal = Static<typeof Proposal>;

export const ProposalListQuery = Type.Object({
  status: Type.Optional(Type.Enum(ProposalStatuses)),
});
export type ProposalListQuery = Static<typeof ProposalListQuery>;

export const AcceptedProposal = Type.Object({ mentorshipId: Uuid });
export type AcceptedProposal = Static<typeof AcceptedProposal>;

// --- mentorships and sessions ------------------------------------------------------------------

export const MentoringSession = Type.Object({
  id: Uuid,
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  mode: MentoringModeSchema,
  status: Type.Enum(SessionStatuses),
  proposedByMe: Type.Boolean(),
  /** My own notes (the other side's are never shown). */
  myNotes: Type.Union([Type.String(), Type.Null()]),
  canAccept: Type.Boolean(),
  canDecline: Type.Boolean(),
  canCancel: Type.Boolean(),
  canWriteNotes: Type.Boolean(),
  /** A calendar file (.ics) can be downloaded. */
  hasCalendar: Type.Boolean(),
});
export type MentoringSession = Static<typeof MentoringSession>;

export const MentorshipSummary = Type.Object({
  id: Uuid,
  status: Type.Enum(['active', 'closed'] as const),
  /** My side of the pair. */
  role: Type.Enum(['mentor', 'mentee'] as const),
  partnerName: Type.String(),
  startedAt: IsoDateTime,
  closedAt: Type.Union([IsoDateTime, Type.Null()]),
  nextSession: Type.Union([
    Type.Object({ startsAt: IsoDateTime, status: Type.String() }),
    Type.Null(),
  ]),
});
export type MentorshipSummary = Static<typeof MentorshipSummary>;

export const Mentorship = Type.Object({
  id: Uuid,
  status: Type.Enum(['active', 'closed'] as const),
  role: Type.Enum(['mentor', 'mentee'] as const),
  /** The other person: a display name only, never an e-mail or a phone number. */
  partnerName: Type.String(),
  startedAt: IsoDateTime,
  closedAt: Type.Union([IsoDateTime, Type.Null()]),
  goals: Type.Array(MentoringGoalSchema),
  trades: Type.Array(TradeLabel),
  /** When sessions can be held: the mentor's weekly availability (Paris time). */
  mentorAvailability: Type.Array(WeeklySlot),
  /** How the pair may meet: modes both accept. */
  modes: Type.Array(MentoringModeSchema),
  myFeedback: Type.Union([Type.String(), Type.Null()]),
  /** The other side's feedback, shown once the mentorship is closed. */
  partnerFeedback: Type.Union([Type.String(), Type.Null()]),
  sessions: Type.Array(MentoringSession),
});
export type Mentorship = Static<typeof Mentorship>;

export const ProposeSessionBody = Type.Object(
  {
    startsAt: Type.String({ format: 'date-time' }),
    endsAt: Type.String({ format: 'date-time' }),
    mode: MentoringModeSchema,
  },
  { additionalProperties: false },
);
export type ProposeSessionBody = Static<typeof ProposeSessionBody>;

/** The longest session that can be booked. */
export const SESSION_MAX_MINUTES = 180;

export const SessionNotesBody = Type.Object(
  { notes: Type.String({ minLength: 1, maxLength: 3000 }) },
  { additionalProperties: false },
);
export type SessionNotesBody = Static<typeof SessionNotesBody>;

export const MentorshipFeedbackBody = Type.Object(
  { feedback: Type.String({ minLength: 1, maxLength: 3000 }) },
  { additionalProperties: false },
);
export type MentorshipFeedbackBody = Static<typeof MentorshipFeedbackBody>;

export const SessionParams = Type.Object({ id: Uuid });

// --- messages and reports ----------------------------------------------------------------------

export const MentoringMessage = Type.Object({
  id: Uuid,
  mine: Type.Boolean(),
  senderName: Type.String(),
  /** Null when an operator hid it. */
  body: Type.Union([Type.String(), Type.Null()]),
  hidden: Type.Boolean(),
  createdAt: IsoDateTime,
  reportedByMe: Type.Boolean(),
});
export type MentoringMessage = Static<typeof MentoringMessage>;

export const MessageListQuery = Type.Object({
  /** Only messages after this instant (for refreshing). */
  after: Type.Optional(Type.String({ format: 'date-time' })),
});
export type MessageListQuery = Static<typeof MessageListQuery>;

export const SendMessageBody = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);
export type SendMessageBody = Static<typeof SendMessageBody>;

export const ReportMessageBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 1000 }) },
  { additionalProperties: false },
);
export type ReportMessageBody = Static<typeof ReportMessageBody>;

export const MessageReport = Type.Object({
  id: Uuid,
  reason: Type.String(),
  createdAt: IsoDateTime,
  reporterName: Type.String(),
  mentorshipId: Uuid,
  message: Type.Object({
    id: Uuid,
    body: Type.String(),
    createdAt: IsoDateTime,
    hidden: Type.Boolean(),
  }),
  sender: Type.Object({
    id: Uuid,
    displayName: Type.String(),
    status: Type.Enum(['active', 'suspended', 'anonymised'] as const),
  }),
});
export type MessageReport = Static<typeof MessageReport>;

export const ReportDecisionBody = Type.Object(
  {
    hideMessage: Type.Boolean(),
    suspendSender: Type.Boolean(),
    note: Type.String({ maxLength: 1000 }),
  },
  { additionalProperties: false },
);
export type ReportDecisionBody = Static<typeof ReportDecisionBody>;
