// Internship agreements (conventions de stage): their annexes, the four signatures, the
// guardian's single-use signing link, and what happens after the stage.
import {
  customType,
  index,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { applications } from './applications.js';
import { users } from './identity.js';
import { companies, schools } from './organisations.js';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

export const agreementStatusEnum = pgEnum('agreement_status', [
  'signing',
  'signed',
  'completed',
  'cancelled',
]);
export const signatoryEnum = pgEnum('signatory', ['host', 'school', 'pupil', 'guardian']);

/** The teaching annex: who follows the pupil and what they should get out of it. */
export interface TeachingAnnex {
  referentTeacherName: string;
  tutorName: string;
  tutorRole: string;
  startDate: string;
  endDate: string;
  dailyHours: {
    day: number;
    start: string;
    end: string;
    breaks: { start: string; end: string }[];
  }[];
  objectives: string;
}

/** The practical annex: meals, travel and insurance. */
export interface PracticalAnnex {
  meals: string;
  travel: string;
  insurance: string;
}

export const agreements = pgTable(
  'agreements',
  {
    id: uuid().primaryKey().defaultRandom(),
    applicationId: uuid()
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    schoolId: uuid()
      .notNull()
      .references(() => schools.id),
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    studentId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    referentTeacherId: uuid().references(() => users.id, { onDelete: 'set null' }),
    status: agreementStatusEnum().notNull().default('signing'),
    teachingAnnex: jsonb().$type<TeachingAnnex>().notNull(),
    practicalAnnex: jsonb().$type<PracticalAnnex>().notNull(),
    /** A scanned copy signed on paper, when the head of school has no account. */
    scannedCopy: bytea(),
    scannedCopyType: text(),
    scannedCopyUploadedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    scannedCopyUploadedAt: timestamp({ withTimezone: true }),
    attendanceConfirmedAt: timestamp({ withTimezone: true }),
    tutorAppraisal: text(),
    pupilFeedback: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex().on(t.applicationId),
    index().on(t.schoolId),
    index().on(t.companyId),
    index().on(t.studentId),
  ],
);

export const agreementSignatures = pgTable(
  'agreement_signatures',
  {
    id: uuid().primaryKey().defaultRandom(),
    agreementId: uuid()
      .notNull()
      .references(() => agreements.id, { onDelete: 'cascade' }),
    party: signatoryEnum().notNull(),
    /** Null for the guardian, who signs through a link without an account. */
    signerId: uuid().references(() => users.id, { onDelete: 'set null' }),
    signerName: text().notNull(),
    signedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Where from: the client address and browser, as the law of electronic signature asks. */
    ipAddress: text().notNull(),
    userAgent: text().notNull().default(''),
  },
  (t) => [uniqueIndex().on(t.agreementId, t.party)],
);

/** The legal guardian's signing link: single use; only a hash of the token is stored. */
export const guardianLinks = pgTable(
  'guardian_links',
  {
    id: uuid().primaryKey().defaultRandom(),
    agreementId: uuid()
      .notNull()
      .references(() => agreements.id, { onDelete: 'cascade' }),
    tokenHash: text().notNull(),
    email: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.tokenHash), index().on(t.agreementId)],
);
