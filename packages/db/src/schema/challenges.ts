// School–enterprise challenges: set by companies, taken up by classes in teams, judged by a jury
// of employers with a weighted rubric.
import { sql } from 'drizzle-orm';
import {
  check,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { classes, schoolLevelEnum } from './classes.js';
import { users } from './identity.js';
import { companies, schools } from './organisations.js';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

export const challengeStatusEnum = pgEnum('challenge_status', [
  'draft',
  'published',
  'judging',
  'results',
]);

export interface RubricCriterion {
  key: string;
  label: string;
  /** Weight of the criterion in the total (weights need not sum to 1; totals are normalised). */
  weight: number;
  /** Highest mark for this criterion. */
  max: number;
}

export const challenges = pgTable(
  'challenges',
  {
    id: uuid().primaryKey().defaultRandom(),
    title: text().notNull(),
    brief: text().notNull(),
    tradeCodes: text().array().notNull().default([]),
    levels: schoolLevelEnum().array().notNull(),
    launchOn: date({ mode: 'string' }).notNull(),
    submissionDeadline: timestamp({ withTimezone: true }).notNull(),
    juryOn: date({ mode: 'string' }).notNull(),
    teamMin: integer().notNull(),
    teamMax: integer().notNull(),
    maxTeams: integer().notNull(),
    prizes: text().notNull().default(''),
    rubric: jsonb().$type<RubricCriterion[]>().notNull(),
    status: challengeStatusEnum().notNull().default('draft'),
    resultsPublishedAt: timestamp({ withTimezone: true }),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('challenges_team_size', sql`${t.teamMin} >= 1 and ${t.teamMax} >= ${t.teamMin}`),
    check('challenges_max_teams', sql`${t.maxTeams} >= 1`),
  ],
);

/** The companies that set a challenge together; their employers organise it. */
export const challengeOrganisers = pgTable(
  'challenge_organisers',
  {
    challengeId: uuid()
      .notNull()
      .references(() => challenges.id, { onDelete: 'cascade' }),
    companyId: uuid()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.challengeId, t.companyId] })],
);

export const challengeEnrolments = pgTable(
  'challenge_enrolments',
  {
    id: uuid().primaryKey().defaultRandom(),
    challengeId: uuid()
      .notNull()
      .references(() => challenges.id, { onDelete: 'cascade' }),
    classId: uuid()
      .notNull()
      .references(() => classes.id, { onDelete: 'cascade' }),
    schoolId: uuid()
      .notNull()
      .references(() => schools.id, { onDelete: 'cascade' }),
    teacherId: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.challengeId, t.classId)],
);

export const challengeTeams = pgTable(
  'challenge_teams',
  {
    id: uuid().primaryKey().defaultRandom(),
    challengeId: uuid()
      .notNull()
      .references(() => challenges.id, { onDelete: 'cascade' }),
    enrolmentId: uuid()
      .notNull()
      .references(() => challengeEnrolments.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.challengeId), uniqueIndex().on(t.challengeId, t.name)],
);

export const challengeTeamMembers = pgTable(
  'challenge_team_members',
  {
    teamId: uuid()
      .notNull()
      .references(() => challengeTeams.id, { onDelete: 'cascade' }),
    challengeId: uuid()
      .notNull()
      .references(() => challenges.id, { onDelete: 'cascade' }),
    studentId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    skills: text().array().notNull().default([]),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.studentId] }),
    // A pupil is in one team per challenge.
    uniqueIndex().on(t.challengeId, t.studentId),
  ],
);

export const challengeSubmissions = pgTable(
  'challenge_submissions',
  {
    id: uuid().primaryKey().defaultRandom(),
    teamId: uuid()
      .notNull()
      .references(() => challengeTeams.id, { onDelete: 'cascade' }),
    text: text().notNull().default(''),
    submittedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    submittedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.teamId)],
);

export const challengeFiles = pgTable(
  'challenge_files',
  {
    id: uuid().primaryKey().defaultRandom(),
    submissionId: uuid()
      .notNull()
      .references(() => challengeSubmissions.id, { onDelete: 'cascade' }),
    /** The name as uploaded, cleaned of any path. */
    filename: text().notNull(),
    /** The type found in the file's own bytes, not the one its name claims. */
    contentType: text().notNull(),
    size: integer().notNull(),
    content: bytea().notNull(),
    uploadedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.submissionId)],
);

export const challengeJurors = pgTable(
  'challenge_jurors',
  {
    challengeId: uuid()
      .notNull()
      .references(() => challenges.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    invitedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    invitedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.challengeId, t.userId] })],
);

export const challengeScores = pgTable(
  'challenge_scores',
  {
    id: uuid().primaryKey().defaultRandom(),
    challengeId: uuid()
      .notNull()
      .references(() => challenges.id, { onDelete: 'cascade' }),
    teamId: uuid()
      .notNull()
      .references(() => challengeTeams.id, { onDelete: 'cascade' }),
    jurorId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    marks: jsonb().$type<Record<string, number>>().notNull(),
    /** Weighted total on 100. */
    total: doublePrecision().notNull(),
    comment: text().notNull().default(''),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.teamId, t.jurorId), index().on(t.challengeId)],
);
