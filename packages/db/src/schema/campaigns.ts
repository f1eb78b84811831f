// Allocation campaigns: a wish window over committed offer periods, then a reproducible
// allocation run (packages/matching), previewed, and published all at once.
import { sql } from 'drizzle-orm';
import {
  check,
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
import { schoolLevelEnum } from './classes.js';
import { users } from './identity.js';
import { offerPeriods } from './offers.js';
import { schools } from './organisations.js';

export const campaignStatusEnum = pgEnum('campaign_status', [
  'draft',
  'open',
  'closed',
  'published',
  'second_round_open',
  'second_round_closed',
  'second_round_published',
]);
export const campaignRunStatusEnum = pgEnum('campaign_run_status', [
  'queued',
  'running',
  'done',
  'failed',
]);

/** How priorities and reserved seats are set for a run. */
export interface CampaignPolicy {
  /** REP+ before REP before the others at every offer. */
  priorityClasses: boolean;
  /** Share of each period's seats reserved for REP/REP+ pupils (0 to 1). */
  reservedShare: number;
  /** Whether reserved seats are filled before or after the open ones. */
  reservePrecedence: 'reserved-first' | 'open-first';
}

export const campaigns = pgTable(
  'campaigns',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    /** Null for a département-wide campaign; else the school that runs it for its pupils. */
    schoolId: uuid().references(() => schools.id, { onDelete: 'cascade' }),
    levels: schoolLevelEnum().array().notNull(),
    opensAt: timestamp({ withTimezone: true }).notNull(),
    closesAt: timestamp({ withTimezone: true }).notNull(),
    maxWishes: integer().notNull(),
    policy: jsonb().$type<CampaignPolicy>().notNull(),
    /** Drawn when the window closes, recorded in the audit log. */
    seed: text(),
    status: campaignStatusEnum().notNull().default('draft'),
    /** The run that was published (first round, then second). */
    publishedRunId: uuid(),
    secondRoundClosesAt: timestamp({ withTimezone: true }),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.schoolId),
    check('campaigns_window', sql`${t.closesAt} > ${t.opensAt}`),
    check('campaigns_max_wishes', sql`${t.maxWishes} between 1 and 20`),
  ],
);

/** A pupil's ranked wishes, per round (1 = first round, 2 = second round). */
export const campaignWishes = pgTable(
  'campaign_wishes',
  {
    id: uuid().primaryKey().defaultRandom(),
    campaignId: uuid()
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    round: integer().notNull().default(1),
    studentId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    periodId: uuid()
      .notNull()
      .references(() => offerPeriods.id, { onDelete: 'cascade' }),
    rank: integer().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex().on(t.campaignId, t.round, t.studentId, t.periodId),
    uniqueIndex().on(t.campaignId, t.round, t.studentId, t.rank),
    index().on(t.campaignId, t.round, t.periodId),
  ],
);

/** One computation of an allocation: inputs, seed, software version, outcome, progress. */
export const campaignRuns = pgTable(
  'campaign_runs',
  {
    id: uuid().primaryKey().defaultRandom(),
    campaignId: uuid()
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    round: integer().notNull().default(1),
    policy: jsonb().$type<CampaignPolicy>().notNull(),
    seed: text().notNull(),
    softwareVersion: text().notNull(),
    /** A hash of the wishes and seats the run read, to prove two runs had the same inputs. */
    inputsHash: text(),
    status: campaignRunStatusEnum().notNull().default('queued'),
    /** 0 to 100, for the web's progress bar. */
    progress: integer().notNull().default(0),
    step: text(),
    stats: jsonb().$type<Record<string, unknown>>(),
    error: text(),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.campaignId, t.round)],
);

/** Each pupil's outcome in a run, with the explanation of every better-ranked wish. */
export const campaignResults = pgTable(
  'campaign_results',
  {
    runId: uuid()
      .notNull()
      .references(() => campaignRuns.id, { onDelete: 'cascade' }),
    studentId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    periodId: uuid().references(() => offerPeriods.id, { onDelete: 'set null' }),
    /** 1-based rank of the wish obtained; null when unplaced. */
    rankObtained: integer(),
    explanation: jsonb().$type<Record<string, unknown>[]>().notNull().default([]),
  },
  (t) => [uniqueIndex().on(t.runId, t.studentId), index().on(t.runId, t.periodId)],
);
