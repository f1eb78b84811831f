// Organisations: schools, companies, and who belongs to which.
import { sql } from 'drizzle-orm';
import {
  check,
  doublePrecision,
  index,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './identity.js';
import { communes } from './reference.js';

export const schoolKindEnum = pgEnum('school_kind', ['college', 'lycee_gt', 'lycee_pro']);
export const educationPriorityEnum = pgEnum('education_priority', ['none', 'rep', 'rep_plus']);
export const companySizeEnum = pgEnum('company_size', ['tpe', 'pme', 'eti', 'ge']);
export const schoolRoleEnum = pgEnum('school_role', ['teacher', 'school_admin']);
export const companyRoleEnum = pgEnum('company_role', ['employer', 'mentor', 'ambassador']);
export const membershipStatusEnum = pgEnum('membership_status', ['pending', 'active', 'rejected']);

export const schools = pgTable(
  'schools',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** UAI: 7 digits and a letter, e.g. "0941234A". */
    uai: text().notNull().unique(),
    name: text().notNull(),
    kind: schoolKindEnum().notNull(),
    communeCode: text()
      .notNull()
      .references(() => communes.code),
    address: text().notNull().default(''),
    lat: doublePrecision().notNull(),
    lon: doublePrecision().notNull(),
    priority: educationPriorityEnum().notNull().default('none'),
    searchText: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.communeCode)],
);

export const companies = pgTable(
  'companies',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** 14 digits, Luhn-valid. */
    siret: text().notNull().unique(),
    name: text().notNull(),
    nafCode: text().notNull(),
    sizeBand: companySizeEnum().notNull(),
    communeCode: text()
      .notNull()
      .references(() => communes.code),
    address: text().notNull().default(''),
    lat: doublePrecision().notNull(),
    lon: doublePrecision().notNull(),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.communeCode)],
);

export const schoolMemberships = pgTable(
  'school_memberships',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    schoolId: uuid()
      .notNull()
      .references(() => schools.id, { onDelete: 'cascade' }),
    role: schoolRoleEnum().notNull(),
    status: membershipStatusEnum().notNull().default('pending'),
    requestedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex().on(t.userId, t.schoolId, t.role),
    index().on(t.schoolId, t.status),
    check('school_memberships_decided', sql`(${t.status} = 'pending') = (${t.decidedAt} is null)`),
  ],
);

export const companyMemberships = pgTable(
  'company_memberships',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    companyId: uuid()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    role: companyRoleEnum().notNull(),
    status: membershipStatusEnum().notNull().default('active'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.userId, t.companyId, t.role), index().on(t.companyId)],
);
