// The skills passport: dated entries, each from a source (a stage, a module, a mentorship, a
// challenge) or written by the pupil.
import {
  boolean,
  date,
  index,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './identity.js';

export const passportKindEnum = pgEnum('passport_kind', [
  'stage',
  'module',
  'visit',
  'mentoring',
  'challenge',
  'reflection',
]);

export const passportEntries = pgTable(
  'passport_entries',
  {
    id: uuid().primaryKey().defaultRandom(),
    studentId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: passportKindEnum().notNull(),
    /** What produced it: "agreement", "module_activity", "mentorship", "challenge_team"; null for the pupil's own. */
    sourceType: text(),
    sourceId: uuid(),
    title: text().notNull(),
    description: text().notNull().default(''),
    /** A tutor's appraisal, a jury's result, …: what someone else said. */
    appraisal: text(),
    occurredOn: date({ mode: 'string' }).notNull(),
    /** The pupil chooses what to show in the exported passport. */
    visible: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.studentId, t.occurredOn),
    uniqueIndex('passport_entries_source').on(t.studentId, t.sourceType, t.sourceId),
  ],
);
