// Classes, pupils and the stage weeks a school declares.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './identity.js';
import { schools } from './organisations.js';
import { communes } from './reference.js';

/** School levels that take part in stages: 4e, 3e (collège), 2de générale et technologique, lycée pro. */
export const schoolLevelEnum = pgEnum('school_level', ['4e', '3e', '2de', 'pro']);

export const classes = pgTable(
  'classes',
  {
    id: uuid().primaryKey().defaultRandom(),
    schoolId: uuid()
      .notNull()
      .references(() => schools.id, { onDelete: 'cascade' }),
    /** As the school names it, e.g. "3e B". */
    name: text().notNull(),
    level: schoolLevelEnum().notNull(),
    /** First calendar year of the school year: 2026 for 2026–2027. */
    schoolYear: integer().notNull(),
    /** The professeur principal (or the teacher who created it). */
    teacherId: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.schoolId, t.schoolYear, t.name)],
);

/** A pupil's school record: what the school knows, kept to the minimum for a minor. */
export const students = pgTable(
  'students',
  {
    userId: uuid()
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    schoolId: uuid().references(() => schools.id, { onDelete: 'set null' }),
    classId: uuid().references(() => classes.id, { onDelete: 'set null' }),
    level: schoolLevelEnum(),
    firstName: text().notNull(),
    lastName: text().notNull(),
    birthDate: date({ mode: 'string' }),
    /** Home commune only (never a street address): distances "from home" use its centroid. */
    homeCommuneCode: text().references(() => communes.code),
    guardianName: text(),
    guardianEmail: text(),
    /** Trades the pupil is curious about (ROME codes), for recommendations. */
    interests: text().array().notNull().default([]),
    needsAccessibility: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.schoolId), index().on(t.classId)],
);

/** The weeks a school sets aside for stages, per level and school year. */
export const stageWeeks = pgTable(
  'stage_weeks',
  {
    id: uuid().primaryKey().defaultRandom(),
    schoolId: uuid()
      .notNull()
      .references(() => schools.id, { onDelete: 'cascade' }),
    level: schoolLevelEnum().notNull(),
    startDate: date({ mode: 'string' }).notNull(),
    endDate: date({ mode: 'string' }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.schoolId, t.level),
    check('stage_weeks_dates', sql`${t.endDate} >= ${t.startDate}`),
  ],
);

/** School holidays of the académie's zone (Créteil: zone C), loaded from packages/db/data. */
export const schoolHolidays = pgTable('school_holidays', {
  id: uuid().primaryKey().defaultRandom(),
  zone: text().notNull(),
  label: text().notNull(),
  /** First day without school. */
  startDate: date({ mode: 'string' }).notNull(),
  /** Last day without school. */
  endDate: date({ mode: 'string' }).notNull(),
});
