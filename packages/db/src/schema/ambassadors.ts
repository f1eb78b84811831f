// Ambassadors of trades, discovery modules built by teachers, their activities, the visit
// requests that bring an ambassador to a class, and pupils' reflections.
import { sql } from 'drizzle-orm';
import {
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
import { classes, schoolLevelEnum } from './classes.js';
import { users } from './identity.js';
import { companies, schools } from './organisations.js';

export const visitFormatEnum = pgEnum('visit_format', ['talk', 'workplace_visit', 'video']);
export const activityKindEnum = pgEnum('activity_kind', [
  'ambassador_talk',
  'company_visit',
  'journee_chantier',
  'challenge',
  'stage',
  'workshop',
]);
export const activityStatusEnum = pgEnum('activity_status', ['planned', 'done', 'cancelled']);
export const visitRequestStatusEnum = pgEnum('visit_request_status', [
  'open',
  'proposed',
  'accepted',
  'authorised',
  'done',
  'declined',
  'cancelled',
]);

export const ambassadorProfiles = pgTable('ambassador_profiles', {
  userId: uuid()
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  companyId: uuid().references(() => companies.id, { onDelete: 'set null' }),
  tradeCodes: text().array().notNull(),
  bio: text().notNull().default(''),
  /** INSEE codes of the communes they can reach. */
  communes: text().array().notNull().default([]),
  formats: visitFormatEnum().array().notNull(),
  maxVisitsPerMonth: integer().notNull().default(2),
  availableDates: date({ mode: 'string' }).array().notNull().default([]),
  /** A verified professional: confirmed by an operator or an employer of their company. */
  verifiedAt: timestamp({ withTimezone: true }),
  verifiedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const discoveryModules = pgTable(
  'discovery_modules',
  {
    id: uuid().primaryKey().defaultRandom(),
    schoolId: uuid()
      .notNull()
      .references(() => schools.id, { onDelete: 'cascade' }),
    classId: uuid()
      .notNull()
      .references(() => classes.id, { onDelete: 'cascade' }),
    teacherId: uuid().references(() => users.id, { onDelete: 'set null' }),
    title: text().notNull(),
    objectives: text().notNull().default(''),
    schoolYear: integer().notNull(),
    copiedFrom: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.schoolId), index().on(t.classId)],
);

export const moduleActivities = pgTable(
  'module_activities',
  {
    id: uuid().primaryKey().defaultRandom(),
    moduleId: uuid()
      .notNull()
      .references(() => discoveryModules.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    kind: activityKindEnum().notNull(),
    title: text().notNull(),
    description: text().notNull().default(''),
    startsOn: date({ mode: 'string' }),
    endsOn: date({ mode: 'string' }),
    status: activityStatusEnum().notNull().default('planned'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.moduleId, t.position)],
);

export const visitRequests = pgTable(
  'visit_requests',
  {
    id: uuid().primaryKey().defaultRandom(),
    activityId: uuid().references(() => moduleActivities.id, { onDelete: 'set null' }),
    schoolId: uuid()
      .notNull()
      .references(() => schools.id, { onDelete: 'cascade' }),
    classId: uuid().references(() => classes.id, { onDelete: 'set null' }),
    teacherId: uuid().references(() => users.id, { onDelete: 'set null' }),
    tradeCodes: text().array().notNull(),
    candidateDates: date({ mode: 'string' }).array().notNull(),
    classSize: integer().notNull(),
    level: schoolLevelEnum().notNull(),
    format: visitFormatEnum().notNull().default('talk'),
    status: visitRequestStatusEnum().notNull().default('open'),
    ambassadorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    /** The date agreed among the candidates. */
    visitDate: date({ mode: 'string' }),
    /** Ambassadors who declined this request: never proposed for it again. */
    declinedAmbassadorIds: uuid().array().notNull().default([]),
    /** Why the head of school refused the intervention (status declined). */
    refusalReason: text(),
    authorisedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    authorisedAt: timestamp({ withTimezone: true }),
    attendance: integer(),
    teacherFeedback: text(),
    ambassadorFeedback: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.schoolId, t.status),
    index().on(t.ambassadorId, t.visitDate),
    // One ambassador is never booked twice on the same day.
    uniqueIndex('visit_requests_ambassador_day')
      .on(t.ambassadorId, t.visitDate)
      .where(sql`${t.status} in ('accepted', 'authorised', 'done')`),
  ],
);

/** A pupil's short reflection after an activity of their class's module. */
export const activityReflections = pgTable(
  'activity_reflections',
  {
    id: uuid().primaryKey().defaultRandom(),
    activityId: uuid()
      .notNull()
      .references(() => moduleActivities.id, { onDelete: 'cascade' }),
    studentId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    text: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.activityId, t.studentId)],
);
