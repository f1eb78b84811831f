// Mentoring: mentors' profiles, mentees' requests, proposals from the optimal pairing, the
// mentorships, their sessions, and the messages of a pair (reportable).
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './identity.js';
import { companies } from './organisations.js';

/** A weekly availability slot, "HH:MM", 1 = Monday … 7 = Sunday. */
export interface WeeklySlot {
  day: number;
  start: string;
  end: string;
}

export const mentoringModeEnum = pgEnum('mentoring_mode', ['in_person', 'video', 'phone']);
export const menteeRequestStatusEnum = pgEnum('mentee_request_status', [
  'open',
  'proposed',
  'matched',
  'closed',
  'cancelled',
]);
export const proposalStatusEnum = pgEnum('proposal_status', [
  'proposed',
  'accepted',
  'declined',
  'expired',
  'withdrawn',
]);
export const mentorshipStatusEnum = pgEnum('mentorship_status', ['active', 'closed']);
export const sessionStatusEnum = pgEnum('mentoring_session_status', [
  'proposed',
  'accepted',
  'declined',
  'cancelled',
  'done',
]);

export const mentorProfiles = pgTable('mentor_profiles', {
  userId: uuid()
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  companyId: uuid().references(() => companies.id, { onDelete: 'set null' }),
  tradeCodes: text().array().notNull().default([]),
  languages: text().array().notNull().default(['fr']),
  modes: mentoringModeEnum().array().notNull(),
  /** INSEE codes of the communes the mentor can reach in person. */
  communes: text().array().notNull().default([]),
  capacity: integer().notNull().default(1),
  availability: jsonb().$type<WeeklySlot[]>().notNull().default([]),
  bio: text().notNull().default(''),
  paused: boolean().notNull().default(false),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const menteeRequests = pgTable(
  'mentee_requests',
  {
    id: uuid().primaryKey().defaultRandom(),
    menteeId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    goals: text().array().notNull(),
    tradeCodes: text().array().notNull().default([]),
    modes: mentoringModeEnum().array().notNull(),
    availability: jsonb().$type<WeeklySlot[]>().notNull().default([]),
    languages: text().array().notNull().default(['fr']),
    /** Where an in-person meeting can happen (commune centroid). */
    communeCode: text(),
    constraints: text().notNull().default(''),
    /** A specific mentor the mentee asked for, who accepts or not. */
    preferredMentorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    /** A minor's legal guardian consented (recorded by whom, when). */
    guardianConsentAt: timestamp({ withTimezone: true }),
    guardianConsentBy: text(),
    status: menteeRequestStatusEnum().notNull().default('open'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.menteeId), index().on(t.status)],
);

export const mentoringProposals = pgTable(
  'mentoring_proposals',
  {
    id: uuid().primaryKey().defaultRandom(),
    requestId: uuid()
      .notNull()
      .references(() => menteeRequests.id, { onDelete: 'cascade' }),
    mentorId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    score: doublePrecision().notNull(),
    breakdown: jsonb().$type<Record<string, number>>().notNull().default({}),
    /** The pairing run that proposed it (null for a mentee's direct ask). */
    runId: uuid(),
    status: proposalStatusEnum().notNull().default('proposed'),
    respondBy: timestamp({ withTimezone: true }).notNull(),
    respondedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.mentorId, t.status), index().on(t.requestId)],
);

export const mentorships = pgTable(
  'mentorships',
  {
    id: uuid().primaryKey().defaultRandom(),
    requestId: uuid().references(() => menteeRequests.id, { onDelete: 'set null' }),
    mentorId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    menteeId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: mentorshipStatusEnum().notNull().default('active'),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp({ withTimezone: true }),
    mentorFeedback: text(),
    menteeFeedback: text(),
  },
  (t) => [index().on(t.mentorId, t.status), index().on(t.menteeId, t.status)],
);

export const mentoringSessions = pgTable(
  'mentoring_sessions',
  {
    id: uuid().primaryKey().defaultRandom(),
    mentorshipId: uuid()
      .notNull()
      .references(() => mentorships.id, { onDelete: 'cascade' }),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    mode: mentoringModeEnum().notNull(),
    proposedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    status: sessionStatusEnum().notNull().default('proposed'),
    mentorNotes: text(),
    menteeNotes: text(),
    reminderSentAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.mentorshipId, t.startsAt)],
);

/** Messages between the two people of a mentorship: the only channel between them. */
export const mentoringMessages = pgTable(
  'mentoring_messages',
  {
    id: uuid().primaryKey().defaultRandom(),
    mentorshipId: uuid()
      .notNull()
      .references(() => mentorships.id, { onDelete: 'cascade' }),
    senderId: uuid().references(() => users.id, { onDelete: 'set null' }),
    body: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Hidden by an operator after a report. */
    hiddenAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.mentorshipId, t.createdAt)],
);

export const messageReports = pgTable(
  'message_reports',
  {
    id: uuid().primaryKey().defaultRandom(),
    messageId: uuid()
      .notNull()
      .references(() => mentoringMessages.id, { onDelete: 'cascade' }),
    reporterId: uuid().references(() => users.id, { onDelete: 'set null' }),
    reason: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp({ withTimezone: true }),
    resolvedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    decision: text(),
  },
  (t) => [uniqueIndex().on(t.messageId, t.reporterId), index().on(t.resolvedAt)],
);
