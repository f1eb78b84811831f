// Notifications in the app, and e-mails waiting in the outbox (sent by SMTP when configured).
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './identity.js';

export const notifications = pgTable(
  'notifications',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** e.g. "application.accepted": the web app words it in the reader's language. */
    kind: text().notNull(),
    /** Identifiers and short labels the message needs (an offer title, a date). */
    data: jsonb().$type<Record<string, string | number>>().notNull().default({}),
    /** Where the notification leads in the web app. */
    link: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.userId, t.createdAt)],
);

export interface MailAttachment {
  filename: string;
  contentType: string;
  /** Base64. */
  content: string;
}

export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: uuid().primaryKey().defaultRandom(),
    toEmail: text().notNull(),
    subject: text().notNull(),
    bodyText: text().notNull(),
    attachments: jsonb().$type<MailAttachment[]>().notNull().default([]),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
    attempts: integer().notNull().default(0),
    lastError: text(),
  },
  (t) => [index().on(t.sentAt, t.createdAt)],
);
