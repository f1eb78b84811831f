// Audit log of sensitive actions: append-only (the API has no route that updates or deletes it).
import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './identity.js';

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    /** e.g. "role.granted", "membership.approved", "schools.imported". */
    action: text().notNull(),
    subjectType: text().notNull(),
    subjectId: text(),
    /** Identifiers and counts only: no personal data. */
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index().on(t.at), index().on(t.subjectType, t.subjectId)],
);
