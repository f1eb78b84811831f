// Stage offers: what a company proposes, its periods and seats, and reports about it.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { schoolLevelEnum } from './classes.js';
import { users } from './identity.js';
import { companies } from './organisations.js';
import { communes } from './reference.js';

export const offerStatusEnum = pgEnum('offer_status', ['draft', 'published', 'closed', 'archived']);

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** One day of an offer's weekly schedule: hours of presence and breaks, "HH:MM". */
export interface ScheduleDay {
  /** 1 = Monday … 7 = Sunday. */
  day: number;
  start: string;
  end: string;
  breaks: { start: string; end: string }[];
}

export const offers = pgTable(
  'offers',
  {
    id: uuid().primaryKey().defaultRandom(),
    companyId: uuid()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    title: text().notNull(),
    /** What the pupil will see and do. */
    description: text().notNull(),
    tradeCodes: text().array().notNull(),
    levels: schoolLevelEnum().array().notNull(),
    address: text().notNull(),
    communeCode: text()
      .notNull()
      .references(() => communes.code),
    lat: doublePrecision().notNull(),
    lon: doublePrecision().notNull(),
    accessible: boolean().notNull().default(false),
    schedule: jsonb().$type<ScheduleDay[]>().notNull(),
    tutorName: text().notNull(),
    tutorRole: text().notNull().default(''),
    /** For the agreement only: never shown to pupils (they talk through the platform). */
    tutorEmail: text(),
    status: offerStatusEnum().notNull().default('draft'),
    /** Set by an operator: a suspended offer is hidden whatever its status. */
    suspendedAt: timestamp({ withTimezone: true }),
    suspendedReason: text(),
    /** Title, description and trade labels without accents, for French full-text search. */
    searchText: text().notNull().default(''),
    searchVector: tsvector().generatedAlwaysAs(sql`to_tsvector('french', search_text)`),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index().on(t.companyId),
    index().on(t.status, t.communeCode),
    index('offers_search_vector_idx').using('gin', t.searchVector),
    index('offers_trade_codes_idx').using('gin', t.tradeCodes),
  ],
);

export const offerPeriods = pgTable(
  'offer_periods',
  {
    id: uuid().primaryKey().defaultRandom(),
    offerId: uuid()
      .notNull()
      .references(() => offers.id, { onDelete: 'cascade' }),
    startDate: date({ mode: 'string' }).notNull(),
    endDate: date({ mode: 'string' }).notNull(),
    seats: integer().notNull(),
    /** Seats kept for REP/REP+ pupils until reservedUntil, then open to all. */
    reservedSeats: integer().notNull().default(0),
    reservedUntil: date({ mode: 'string' }),
    /** When set, the seats are committed to an allocation campaign, not to direct applications. */
    campaignId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Searches ask "has this offer a period in these dates?" for each candidate offer: the dates
    // in the index answer it without reading the rows.
    index().on(t.offerId, t.startDate, t.endDate),
    index().on(t.startDate, t.endDate),
    check('offer_periods_dates', sql`${t.endDate} >= ${t.startDate}`),
    check(
      'offer_periods_seats',
      sql`${t.seats} >= 1 and ${t.reservedSeats} between 0 and ${t.seats}`,
    ),
  ],
);

export const offerReports = pgTable(
  'offer_reports',
  {
    id: uuid().primaryKey().defaultRandom(),
    offerId: uuid()
      .notNull()
      .references(() => offers.id, { onDelete: 'cascade' }),
    reporterId: uuid().references(() => users.id, { onDelete: 'set null' }),
    reason: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp({ withTimezone: true }),
    resolvedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index().on(t.offerId), index().on(t.resolvedAt)],
);

/** Searches that found nothing: demand the observatory compares with supply. */
export const offerSearches = pgTable(
  'offer_searches',
  {
    id: uuid().primaryKey().defaultRandom(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    tradeCodes: text().array().notNull().default([]),
    communeCode: text(),
    level: schoolLevelEnum(),
    results: integer().notNull(),
  },
  (t) => [index().on(t.at)],
);
