// Queries of the applications domain. Who may see or change an application is part of every
// query: a pupil reaches their own applications only, an employer those to the offers of the
// companies they are an active employer member of. Row locks (`for update`) are taken here so
// the service can check seats and states and change them in one transaction.
import { and, asc, desc, eq, inArray, lte, ne, sql, type SQL } from 'drizzle-orm';
import type { ApplicationStatus } from '@tremplin/contracts';
import type { Executor } from '@tremplin/db';
import {
  agreements,
  applicationEvents,
  applications,
  communes,
  companies,
  companyMemberships,
  offerPeriods,
  offers,
  schools,
  students,
  users,
} from '@tremplin/db/schema';

/** Who is asking, and from which side they look at applications. */
export interface Viewer {
  userId: string;
  /** `student`: own applications only; `host`: my companies' only; both when undefined. */
  side?: 'student' | 'host' | undefined;
}

/** Companies this person acts for as an active employer member. */
function myCompanies(userId: string): SQL {
  return sql`select m.company_id from company_memberships m
    where m.user_id = ${userId} and m.role = 'employer' and m.status = 'active'`;
}

/** The predicate that decides which applications a viewer reaches. */
export function viewerScope(viewer: Viewer): SQL {
  const own = sql`${applications.studentId} = ${viewer.userId}`;
  const hosted = sql`${offers.companyId} in (${myCompanies(viewer.userId)})`;
  if (viewer.side === 'student') return own;
  if (viewer.side === 'host') return hosted;
  return sql`(${own} or ${hosted})`;
}

// ---------------------------------------------------------------------------------------------
// Pupils

/** A pupil's school record as applying needs it; undefined for someone who is not a pupil. */
export async function studentProfile(db: Executor, params: { userId: string }) {
  const [row] = await db
    .select({
      userId: students.userId,
      schoolId: students.schoolId,
      level: students.level,
      priority: schools.priority,
      name: sql<string>`${students.firstName} || ' ' || ${students.lastName}`,
      email: users.email,
      locale: users.locale,
    })
    .from(students)
    .innerJoin(users, eq(users.id, students.userId))
    .leftJoin(schools, eq(schools.id, students.schoolId))
    .where(eq(students.userId, params.userId));
  return row;
}

/** Serialises one pupil's submissions and confirmations (double clicks, two tabs). */
export async function lockStudent(tx: Executor, params: { userId: string }) {
  await tx
    .select({ id: students.userId })
    .from(students)
    .where(eq(students.userId, params.userId))
    .for('update');
}

// ---------------------------------------------------------------------------------------------
// Offers and periods

const periodColumns = {
  periodId: offerPeriods.id,
  offerId: offers.id,
  startDate: offerPeriods.startDate,
  endDate: offerPeriods.endDate,
  seats: offerPeriods.seats,
  reservedSeats: offerPeriods.reservedSeats,
  reservedUntil: offerPeriods.reservedUntil,
  campaignId: offerPeriods.campaignId,
  offerStatus: offers.status,
  suspendedAt: offers.suspendedAt,
  levels: offers.levels,
  title: offers.title,
  companyId: offers.companyId,
  companyName: companies.name,
  communeName: communes.name,
};

export async function getPeriod(db: Executor, params: { periodId: string }) {
  const [row] = await db
    .select(periodColumns)
    .from(offerPeriods)
    .innerJoin(offers, eq(offers.id, offerPeriods.offerId))
    .innerJoin(companies, eq(companies.id, offers.companyId))
    .innerJoin(communes, eq(communes.code, offers.communeCode))
    .where(eq(offerPeriods.id, params.periodId));
  return row;
}

/** Locks the period's row: accepts on one period run one after the other. */
export async function lockPeriod(tx: Executor, params: { periodId: string }) {
  const [row] = await tx
    .select({
      id: offerPeriods.id,
      seats: offerPeriods.seats,
      reservedSeats: offerPeriods.reservedSeats,
      reservedUntil: offerPeriods.reservedUntil,
    })
    .from(offerPeriods)
    .where(eq(offerPeriods.id, params.periodId))
    .for('update');
  return row;
}

export async function getOfferWithPeriods(db: Executor, params: { offerId: string }) {
  const rows = await db
    .select(periodColumns)
    .from(offers)
    .innerJoin(offerPeriods, eq(offerPeriods.offerId, offers.id))
    .innerJoin(companies, eq(companies.id, offers.companyId))
    .innerJoin(communes, eq(communes.code, offers.communeCode))
    .where(eq(offers.id, params.offerId))
    .orderBy(asc(offerPeriods.startDate), asc(offerPeriods.id));
  return rows;
}

export interface SeatCount {
  periodId: string;
  /** Accepted and confirmed applications. */
  taken: number;
  /** Of which pupils of REP or REP+ schools. */
  takenPriority: number;
}

/** Seats taken in these periods (accepted or confirmed), and how many by REP/REP+ pupils. */
export async function seatCounts(db: Executor, params: { periodIds: string[] }) {
  if (params.periodIds.length === 0) return new Map<string, SeatCount>();
  const rows = await db
    .select({
      periodId: applications.periodId,
      taken: sql<number>`count(*)::int`,
      takenPriority: sql<number>`(count(*) filter (where ${schools.priority} in ('rep', 'rep_plus')))::int`,
    })
    .from(applications)
    .leftJoin(students, eq(students.userId, applications.studentId))
    .leftJoin(schools, eq(schools.id, students.schoolId))
    .where(
      and(
        inArray(applications.periodId, params.periodIds),
        inArray(applications.status, ['accepted', 'confirmed']),
      ),
    )
    .groupBy(applications.periodId);
  return new Map(rows.map((r) => [r.periodId, r]));
}

// ---------------------------------------------------------------------------------------------
// Applications

/** The pupil's live application to this period, if any (what a retried submit returns). */
export async function findLiveApplication(
  db: Executor,
  params: { studentId: string; periodId: string },
) {
  const [row] = await db
    .select({ id: applications.id, status: applications.status })
    .from(applications)
    .where(
      and(
        eq(applications.studentId, params.studentId),
        eq(applications.periodId, params.periodId),
        inArray(applications.status, ['submitted', 'read', 'accepted', 'confirmed']),
      ),
    );
  return row;
}

export async function wasRejected(db: Executor, params: { studentId: string; periodId: string }) {
  const [row] = await db
    .select({ id: applications.id })
    .from(applications)
    .where(
      and(
        eq(applications.studentId, params.studentId),
        eq(applications.periodId, params.periodId),
        eq(applications.status, 'rejected'),
      ),
    )
    .limit(1);
  return Boolean(row);
}

/** Inserts an application unless the pupil already has a live one to the period. */
export async function insertApplication(
  tx: Executor,
  values: { offerId: string; periodId: string; studentId: string; motivation: string },
) {
  const [row] = await tx
    .insert(applications)
    .values(values)
    .onConflictDoNothing({
      target: [applications.studentId, applications.periodId],
      where: sql`status in ('submitted', 'read', 'accepted', 'confirmed')`,
    })
    .returning({ id: applications.id });
  return row;
}

/** The pupil's applications in these states, with their dates and host (for overlap rules). */
export async function studentStages(
  db: Executor,
  params: { studentId: string; statuses: ApplicationStatus[] },
) {
  return db
    .select({
      id: applications.id,
      status: applications.status,
      periodId: applications.periodId,
      startDate: offerPeriods.startDate,
      endDate: offerPeriods.endDate,
      companyId: offers.companyId,
    })
    .from(applications)
    .innerJoin(offerPeriods, eq(offerPeriods.id, applications.periodId))
    .innerJoin(offers, eq(offers.id, applications.offerId))
    .where(
      and(
        eq(applications.studentId, params.studentId),
        inArray(applications.status, params.statuses),
      ),
    );
}

/**
 * Locks one application the viewer may change and returns what the rules need; undefined when
 * it does not exist or is out of the viewer's reach.
 */
export async function lockApplication(tx: Executor, params: { id: string; viewer: Viewer }) {
  const [row] = await tx
    .select({
      id: applications.id,
      status: applications.status,
      studentId: applications.studentId,
      periodId: applications.periodId,
      offerId: applications.offerId,
      createdAt: applications.createdAt,
      companyId: offers.companyId,
      offerTitle: offers.title,
      suspendedAt: offers.suspendedAt,
      startDate: offerPeriods.startDate,
      endDate: offerPeriods.endDate,
    })
    .from(applications)
    .innerJoin(offers, eq(offers.id, applications.offerId))
    .innerJoin(offerPeriods, eq(offerPeriods.id, applications.periodId))
    .where(and(eq(applications.id, params.id), viewerScope(params.viewer)))
    .for('update', { of: applications });
  return row;
}

/**
 * Moves an application from one of `from` to `to`; returns the row when it moved, undefined
 * when it was no longer in one of those states.
 */
export async function moveApplication(
  tx: Executor,
  params: {
    id: string;
    from: readonly ApplicationStatus[];
    to: ApplicationStatus;
    at?: Date;
    rejectionReason?: string;
  },
) {
  const at = params.at ?? new Date();
  const [row] = await tx
    .update(applications)
    .set({
      status: params.to,
      updatedAt: at,
      ...(params.rejectionReason !== undefined ? { rejectionReason: params.rejectionReason } : {}),
    })
    .where(and(eq(applications.id, params.id), inArray(applications.status, [...params.from])))
    .returning({ id: applications.id, status: applications.status });
  return row;
}

export async function recordEvent(
  tx: Executor,
  event: {
    applicationId: string;
    fromStatus: ApplicationStatus | null;
    toStatus: ApplicationStatus;
    actorId: string | null;
    note?: string | null;
    at?: Date;
  },
) {
  await tx.insert(applicationEvents).values({
    applicationId: event.applicationId,
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    actorId: event.actorId,
    note: event.note ?? null,
    ...(event.at ? { at: event.at } : {}),
  });
}

const viewColumns = (userId: string) => ({
  id: applications.id,
  status: applications.status,
  motivation: applications.motivation,
  rejectionReason: applications.rejectionReason,
  remindersSent: applications.remindersSent,
  createdAt: applications.createdAt,
  updatedAt: applications.updatedAt,
  offerId: offers.id,
  offerTitle: offers.title,
  companyId: companies.id,
  companyName: companies.name,
  communeName: communes.name,
  periodId: offerPeriods.id,
  startDate: offerPeriods.startDate,
  endDate: offerPeriods.endDate,
  studentId: applications.studentId,
  studentName: sql<string>`coalesce(${students.firstName} || ' ' || ${students.lastName}, ${users.displayName})`,
  level: students.level,
  schoolName: schools.name,
  schoolPriority: schools.priority,
  agreementId: agreements.id,
  isHost: sql<boolean>`(${offers.companyId} in (${myCompanies(userId)}))`,
});

function viewQuery(db: Executor, userId: string) {
  return db
    .select(viewColumns(userId))
    .from(applications)
    .innerJoin(offers, eq(offers.id, applications.offerId))
    .innerJoin(companies, eq(companies.id, offers.companyId))
    .innerJoin(communes, eq(communes.code, offers.communeCode))
    .innerJoin(offerPeriods, eq(offerPeriods.id, applications.periodId))
    .innerJoin(users, eq(users.id, applications.studentId))
    .leftJoin(students, eq(students.userId, applications.studentId))
    .leftJoin(schools, eq(schools.id, students.schoolId))
    .leftJoin(agreements, eq(agreements.applicationId, applications.id));
}

export async function getApplication(db: Executor, params: { id: string; viewer: Viewer }) {
  const [row] = await viewQuery(db, params.viewer.userId).where(
    and(eq(applications.id, params.id), viewerScope(params.viewer)),
  );
  return row;
}

export interface ListParams {
  viewer: Viewer;
  offerId?: string | undefined;
  statuses?: ApplicationStatus[] | undefined;
  page: number;
  pageSize: number;
}

export async function listApplications(db: Executor, params: ListParams) {
  const where = and(
    viewerScope(params.viewer),
    params.offerId ? eq(applications.offerId, params.offerId) : undefined,
    params.statuses?.length ? inArray(applications.status, params.statuses) : undefined,
  );
  // What waits for the reader comes first: for a pupil, an acceptance to confirm; for an
  // employer, applications to answer. Then the newest first.
  const waiting =
    params.viewer.side === 'student'
      ? sql`(${applications.status} = 'accepted')`
      : sql`(${applications.status} in ('submitted', 'read'))`;
  const rows = await viewQuery(db, params.viewer.userId)
    .where(where)
    .orderBy(desc(waiting), desc(applications.createdAt), desc(applications.id))
    .limit(params.pageSize)
    .offset((params.page - 1) * params.pageSize);
  const [count] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(applications)
    .innerJoin(offers, eq(offers.id, applications.offerId))
    .where(where);
  return { rows, total: count?.total ?? 0 };
}

/** The offers that have applications the viewer sees, with how many still wait for an answer. */
export function offerCounts(db: Executor, params: { viewer: Viewer }) {
  return db
    .select({
      id: offers.id,
      title: offers.title,
      total: sql<number>`count(*)::int`,
      pending: sql<number>`(count(*) filter (where ${applications.status} in ('submitted', 'read')))::int`,
    })
    .from(applications)
    .innerJoin(offers, eq(offers.id, applications.offerId))
    .where(viewerScope(params.viewer))
    .groupBy(offers.id, offers.title)
    .orderBy(asc(offers.title))
    .limit(500);
}

/** Every change of these applications, oldest first, with who made it. */
export function eventsOf(db: Executor, params: { applicationIds: string[] }) {
  if (params.applicationIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      applicationId: applicationEvents.applicationId,
      fromStatus: applicationEvents.fromStatus,
      toStatus: applicationEvents.toStatus,
      actorId: applicationEvents.actorId,
      actorName: users.displayName,
      note: applicationEvents.note,
      at: applicationEvents.at,
    })
    .from(applicationEvents)
    .leftJoin(users, eq(users.id, applicationEvents.actorId))
    .where(inArray(applicationEvents.applicationId, params.applicationIds))
    .orderBy(asc(applicationEvents.at), asc(applicationEvents.id));
}

// ---------------------------------------------------------------------------------------------
// People to tell

export interface Recipient {
  userId: string;
  email: string | null;
  locale: string;
  name: string;
}

/** The active employer members of a company: who hears about its applications. */
export function companyEmployers(
  db: Executor,
  params: { companyId: string },
): Promise<Recipient[]> {
  return db
    .select({
      userId: users.id,
      email: users.email,
      locale: users.locale,
      name: users.displayName,
    })
    .from(companyMemberships)
    .innerJoin(users, eq(users.id, companyMemberships.userId))
    .where(
      and(
        eq(companyMemberships.companyId, params.companyId),
        eq(companyMemberships.role, 'employer'),
        eq(companyMemberships.status, 'active'),
        eq(users.status, 'active'),
      ),
    );
}

export async function pupilRecipient(
  db: Executor,
  params: { userId: string },
): Promise<Recipient | undefined> {
  const [row] = await db
    .select({
      userId: users.id,
      email: users.email,
      locale: users.locale,
      name: sql<string>`coalesce(${students.firstName} || ' ' || ${students.lastName}, ${users.displayName})`,
    })
    .from(users)
    .leftJoin(students, eq(students.userId, users.id))
    .where(and(eq(users.id, params.userId), ne(users.status, 'anonymised')));
  return row;
}

// ---------------------------------------------------------------------------------------------
// Reminders and expiry

/** Applications still waiting for an answer, submitted at or before `before`. */
export function pendingSince(
  db: Executor,
  params: { before: Date; remindersBelow?: number; limit: number },
) {
  return db
    .select({ id: applications.id })
    .from(applications)
    .where(
      and(
        inArray(applications.status, ['submitted', 'read']),
        lte(applications.createdAt, params.before),
        params.remindersBelow !== undefined
          ? sql`${applications.remindersSent} < ${params.remindersBelow}`
          : undefined,
      ),
    )
    .orderBy(asc(applications.createdAt), asc(applications.id))
    .limit(params.limit);
}

/** Counts a reminder once: returns the row only if this call raised the counter. */
export async function countReminder(tx: Executor, params: { id: string; reminder: number }) {
  const [row] = await tx
    .update(applications)
    .set({ remindersSent: params.reminder })
    .where(
      and(
        eq(applications.id, params.id),
        inArray(applications.status, ['submitted', 'read']),
        sql`${applications.remindersSent} < ${params.reminder}`,
      ),
    )
    .returning({ id: applications.id });
  return row;
}

/** What a notification about one application needs to say. */
export async function noticeFacts(db: Executor, params: { id: string }) {
  const [row] = await db
    .select({
      id: applications.id,
      status: applications.status,
      studentId: applications.studentId,
      companyId: offers.companyId,
      companyName: companies.name,
      offerId: offers.id,
      offerTitle: offers.title,
      startDate: offerPeriods.startDate,
      endDate: offerPeriods.endDate,
      createdAt: applications.createdAt,
      studentName: sql<string>`coalesce(${students.firstName} || ' ' || ${students.lastName}, ${users.displayName})`,
    })
    .from(applications)
    .innerJoin(offers, eq(offers.id, applications.offerId))
    .innerJoin(companies, eq(companies.id, offers.companyId))
    .innerJoin(offerPeriods, eq(offerPeriods.id, applications.periodId))
    .innerJoin(users, eq(users.id, applications.studentId))
    .leftJoin(students, eq(students.userId, applications.studentId))
    .where(eq(applications.id, params.id));
  return row;
}
