// Applications of pupils to offer periods, and every change of their state.
import { sql } from 'drizzle-orm';
import {
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
import { offerPeriods, offers } from './offers.js';

export const applicationStatusEnum = pgEnum('application_status', [
  'submitted',
  'read',
  'accepted',
  'confirmed',
  'rejected',
  'withdrawn',
  'expired',
]);

export const applications = pgTable(
  'applications',
  {
    id: uuid().primaryKey().defaultRandom(),
    offerId: uuid()
      .notNull()
      .references(() => offers.id, { onDelete: 'cascade' }),
    periodId: uuid()
      .notNull()
      .references(() => offerPeriods.id, { onDelete: 'cascade' }),
    studentId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: applicationStatusEnum().notNull().default('submitted'),
    motivation: text().notNull().default(''),
    /** Shown to the pupil when the employer says no. */
    rejectionReason: text(),
    /** Set when the application came from a campaign's published allocation. */
    campaignId: uuid(),
    remindersSent: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // A double click or a retry never makes two live applications to the same period.
    uniqueIndex('applications_one_live_per_period')
      .on(t.studentId, t.periodId)
      .where(sql`${t.status} in ('submitted', 'read', 'accepted', 'confirmed')`),
    index().on(t.periodId, t.status),
    index().on(t.offerId, t.status),
    index().on(t.studentId),
  ],
);

export const applicationEvents = pgTable(
  'application_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    applicationId: uuid()
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    fromStatus: applicationStatusEnum(),
    toStatus: applicationStatusEnum().notNull(),
    /** Null when the platform itself made the change (expiry, campaign). */
    actorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    note: text(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.applicationId, t.at)],
);
