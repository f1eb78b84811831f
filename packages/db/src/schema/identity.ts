// Identity: people, the roles they hold, their sessions and failed sign-ins.
import { sql } from 'drizzle-orm';
import {
  index,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const roleEnum = pgEnum('role', [
  'student',
  'guardian',
  'teacher',
  'school_admin',
  'employer',
  'mentor',
  'ambassador',
  'operator',
]);

export const userStatusEnum = pgEnum('user_status', ['active', 'suspended', 'anonymised']);

export const users = pgTable(
  'users',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Lower-cased; null for a pupil created by their school, who signs in with a code. */
    email: text(),
    /** Sign-in code handed out by the school (pupils without an e-mail); stored upper-cased. */
    loginCode: text(),
    /** argon2id; null until a pupil sets a password at first sign-in. */
    passwordHash: text(),
    displayName: text().notNull(),
    locale: text().notNull().default('fr'),
    status: userStatusEnum().notNull().default('active'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastActiveAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Sessions issued before this instant are no longer valid (password change, suspension). */
    sessionsValidAfter: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_email_key')
      .on(t.email)
      .where(sql`${t.email} is not null`),
    uniqueIndex('users_login_code_key')
      .on(t.loginCode)
      .where(sql`${t.loginCode} is not null`),
  ],
);

export const userRoles = pgTable(
  'user_roles',
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: roleEnum().notNull(),
    grantedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    grantedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
);

export const sessions = pgTable(
  'sessions',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.userId)],
);

/** Failed sign-ins, keyed by a hash of the identifier so no e-mail is stored here. */
export const loginFailures = pgTable(
  'login_failures',
  {
    id: uuid().primaryKey().defaultRandom(),
    identifierHash: text().notNull(),
    failedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.identifierHash, t.failedAt)],
);
