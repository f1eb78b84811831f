// Notifications in the app and the e-mail outbox. Every notification is written in the same
// transaction as the change it reports, so one is never lost or sent for a change rolled back.
import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Executor } from '@tremplin/db';
import { emailOutbox, type MailAttachment, notifications } from '@tremplin/db/schema';

export interface NotifyParams {
  userId: string;
  kind: string;
  data?: Record<string, string | number>;
  link?: string;
}

export async function notify(db: Executor, params: NotifyParams | NotifyParams[]) {
  const list = Array.isArray(params) ? params : [params];
  if (list.length === 0) return;
  await db.insert(notifications).values(
    list.map((p) => ({
      userId: p.userId,
      kind: p.kind,
      data: p.data ?? {},
      link: p.link ?? null,
    })),
  );
}

export interface MailParams {
  to: string;
  subject: string;
  text: string;
  attachments?: MailAttachment[];
}

export async function queueMail(db: Executor, mail: MailParams) {
  await db.insert(emailOutbox).values({
    toEmail: mail.to,
    subject: mail.subject,
    bodyText: mail.text,
    attachments: mail.attachments ?? [],
  });
}

export function listNotifications(db: Executor, params: { userId: string; limit: number }) {
  return db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      data: notifications.data,
      link: notifications.link,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .where(eq(notifications.userId, params.userId))
    .orderBy(desc(notifications.createdAt))
    .limit(params.limit);
}

export async function countUnread(db: Executor, params: { userId: string }) {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, params.userId), isNull(notifications.readAt)));
  return row?.count ?? 0;
}

/** Marks one notification (or all, without id) of this person as read. */
export async function markRead(db: Executor, params: { userId: string; id?: string }) {
  await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(
      and(
        eq(notifications.userId, params.userId),
        isNull(notifications.readAt),
        params.id ? eq(notifications.id, params.id) : undefined,
      ),
    );
}

/** E-mails not sent yet, oldest first, skipping those that failed too often. */
export function pendingMails(db: Executor, params: { limit: number }) {
  return db
    .select({
      id: emailOutbox.id,
      toEmail: emailOutbox.toEmail,
      subject: emailOutbox.subject,
      bodyText: emailOutbox.bodyText,
      attachments: emailOutbox.attachments,
    })
    .from(emailOutbox)
    .where(and(isNull(emailOutbox.sentAt), lt(emailOutbox.attempts, 5)))
    .orderBy(emailOutbox.createdAt)
    .limit(params.limit);
}

export async function markMailSent(db: Executor, params: { id: string }) {
  await db.update(emailOutbox).set({ sentAt: new Date() }).where(eq(emailOutbox.id, params.id));
}

export async function markMailFailed(db: Executor, params: { id: string; error: string }) {
  await db
    .update(emailOutbox)
    .set({ attempts: sql`${emailOutbox.attempts} + 1`, lastError: params.error.slice(0, 500) })
    .where(eq(emailOutbox.id, params.id));
}
