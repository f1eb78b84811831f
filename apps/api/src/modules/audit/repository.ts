// The audit log: sensitive actions, append-only. Identifiers and counts only, no personal data.
import { and, asc, desc, eq, like, or, sql } from 'drizzle-orm';
import { type Executor, likePattern } from '@tremplin/db';
import { auditLog, users } from '@tremplin/db/schema';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId?: string | null;
  data?: Record<string, unknown>;
}

export async function recordAudit(db: Executor, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actorId: entry.actorId,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId ?? null,
    data: entry.data ?? {},
  });
}

export interface AuditFilter {
  /** An action, or a family: "agreement" matches "agreement.signed" and "agreement.created". */
  action?: string;
  subjectType?: string;
  subjectId?: string;
  actorId?: string;
  /** Paris calendar days, both included. */
  from?: string;
  to?: string;
}

function auditWhere(filter: AuditFilter) {
  return and(
    filter.action
      ? or(
          eq(auditLog.action, filter.action),
          like(auditLog.action, `${likePattern(filter.action).slice(1, -1)}.%`),
        )
      : undefined,
    filter.subjectType ? eq(auditLog.subjectType, filter.subjectType) : undefined,
    filter.subjectId ? eq(auditLog.subjectId, filter.subjectId) : undefined,
    filter.actorId ? eq(auditLog.actorId, filter.actorId) : undefined,
    filter.from
      ? sql`${auditLog.at} >= (${filter.from}::date::timestamp at time zone 'Europe/Paris')`
      : undefined,
    filter.to
      ? sql`${auditLog.at} < ((${filter.to}::date + 1)::timestamp at time zone 'Europe/Paris')`
      : undefined,
  );
}

/** The log, newest first; the actor's name is read live (an anonymised actor shows as such). */
export async function listAudit(
  db: Executor,
  params: AuditFilter & { page: number; pageSize: number },
) {
  const where = auditWhere(params);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: auditLog.id,
        at: auditLog.at,
        actorId: auditLog.actorId,
        actorName: users.displayName,
        actorStatus: users.status,
        action: auditLog.action,
        subjectType: auditLog.subjectType,
        subjectId: auditLog.subjectId,
        data: auditLog.data,
      })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorId))
      .where(where)
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db
      .select({ count: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(where),
  ]);
  return { rows, total: total?.count ?? 0 };
}

/** Each action the log holds, with its number of entries. */
export function auditActions(db: Executor) {
  return db
    .select({ action: auditLog.action, count: sql<number>`count(*)::int` })
    .from(auditLog)
    .groupBy(auditLog.action)
    .orderBy(asc(auditLog.action));
}
