// Queries of the mentoring domain. Who may reach a row is part of every query: a mentor their
// own profile and proposals, a mentee their own requests, the two people of a mentorship its
// sessions and messages (anyone else gets nothing, hence a 404), a teacher or head of school the
// requests of their own school's pupils, an operator the pairing and the reports. Row locks
// (`for update`) are taken here so the service can check states and capacities in one transaction.
import {
  and,
  asc,
  desc,
  eq,
  gt,
  gte,
  inArray,
  isNull,
  lt,
  ne,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import type {
  MenteeRequestStatus,
  MentoringGoal,
  MentoringMode,
  ProposalStatus,
  Role,
  SessionStatus,
  WeeklySlot,
} from '@tremplin/contracts';
import type { Executor } from '@tremplin/db';
import {
  classes,
  communes,
  companies,
  companyMemberships,
  menteeRequests,
  mentoringMessages,
  mentoringProposals,
  mentoringSessions,
  mentorProfiles,
  mentorships,
  messageReports,
  notifications,
  passportEntries,
  sessions as authSessions,
  students,
  trades,
  userRoles,
  users,
} from '@tremplin/db/schema';

export interface Viewer {
  userId: string;
  roles: Role[];
}

const isOperator = (viewer: Viewer) => viewer.roles.includes('operator');

// ---------------------------------------------------------------------------------------------
// Reference data

export async function tradeLabels(db: Executor, codes: string[]) {
  if (codes.length === 0) return new Map<string, string>();
  const rows = await db
    .select({ code: trades.code, label: trades.label })
    .from(trades)
    .where(inArray(trades.code, [...new Set(codes)]));
  return new Map(rows.map((r) => [r.code, r.label]));
}

export async function communeRows(db: Executor) {
  return db
    .select({ code: communes.code, name: communes.name, lat: communes.lat, lon: communes.lon })
    .from(communes);
}

/** The codes among `codes` that are not communes of the département. */
export async function unknownCommunes(db: Executor, codes: string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const rows = await db
    .select({ code: communes.code })
    .from(communes)
    .where(inArray(communes.code, [...new Set(codes)]));
  const known = new Set(rows.map((r) => r.code));
  return codes.filter((c) => !known.has(c));
}

// ---------------------------------------------------------------------------------------------
// People

/** Display names, e-mails and statuses of some people (e-mails are for the outbox only). */
export async function people(db: Executor, ids: string[]) {
  if (ids.length === 0) return new Map<string, PersonRow>();
  const rows = await db
    .select({
      id: users.id,
      displayName: users.displayName,
      email: users.email,
      status: users.status,
    })
    .from(users)
    .where(inArray(users.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r]));
}
export interface PersonRow {
  id: string;
  displayName: string;
  email: string | null;
  status: 'active' | 'suspended' | 'anonymised';
}

export async function operatorIds(db: Executor): Promise<string[]> {
  const rows = await db
    .select({ id: userRoles.userId })
    .from(userRoles)
    .innerJoin(users, eq(users.id, userRoles.userId))
    .where(and(eq(userRoles.role, 'operator'), eq(users.status, 'active')));
  return rows.map((r) => r.id);
}

/** A pupil's school record as consent needs it; undefined for a mentee without one. */
export async function pupilRecord(db: Executor, params: { userId: string }) {
  const [row] = await db
    .select({
      birthDate: students.birthDate,
      schoolId: students.schoolId,
      firstName: students.firstName,
      guardianName: students.guardianName,
      guardianEmail: students.guardianEmail,
      homeCommuneCode: students.homeCommuneCode,
    })
    .from(students)
    .where(eq(students.userId, params.userId));
  return row;
}

/** Suspends an account: its sessions stop working at once (the auth layer checks both). */
export async function suspendUser(tx: Executor, params: { userId: string; now: Date }) {
  const rows = await tx
    .update(users)
    .set({ status: 'suspended', sessionsValidAfter: params.now, updatedAt: params.now })
    .where(and(eq(users.id, params.userId), eq(users.status, 'active')))
    .returning({ id: users.id });
  await tx
    .update(authSessions)
    .set({ revokedAt: params.now })
    .where(and(eq(authSessions.userId, params.userId), isNull(authSessions.revokedAt)));
  return rows.length > 0;
}

// ---------------------------------------------------------------------------------------------
// Mentor profiles

/** Mentorships in progress and proposals waiting for an answer, per mentor. */
const activeCount = sql<number>`(select count(*)::int from ${mentorships}
  where ${mentorships.mentorId} = ${mentorProfiles.userId} and ${mentorships.status} = 'active')`;
const pendingCount = sql<number>`(select count(*)::int from ${mentoringProposals}
  where ${mentoringProposals.mentorId} = ${mentorProfiles.userId}
    and ${mentoringProposals.status} = 'proposed')`;

const profileColumns = {
  userId: mentorProfiles.userId,
  displayName: users.displayName,
  companyId: mentorProfiles.companyId,
  tradeCodes: mentorProfiles.tradeCodes,
  languages: mentorProfiles.languages,
  modes: mentorProfiles.modes,
  communes: mentorProfiles.communes,
  capacity: mentorProfiles.capacity,
  availability: mentorProfiles.availability,
  bio: mentorProfiles.bio,
  paused: mentorProfiles.paused,
  updatedAt: mentorProfiles.updatedAt,
  activeMentees: activeCount,
  pendingProposals: pendingCount,
};

export async function getMentorProfile(db: Executor, params: { userId: string }) {
  const [row] = await db
    .select(profileColumns)
    .from(mentorProfiles)
    .innerJoin(users, eq(users.id, mentorProfiles.userId))
    .where(eq(mentorProfiles.userId, params.userId));
  return row;
}
export type MentorProfileRow = NonNullable<Awaited<ReturnType<typeof getMentorProfile>>>;

/** The company the mentor acts for (an active membership), to place their in-person reach. */
export async function mentorCompanyOf(db: Executor, params: { userId: string }) {
  const [row] = await db
    .select({ companyId: companyMemberships.companyId })
    .from(companyMemberships)
    .where(
      and(eq(companyMemberships.userId, params.userId), eq(companyMemberships.status, 'active')),
    )
    .orderBy(sql`${companyMemberships.role} = 'mentor' desc`, asc(companyMemberships.createdAt))
    .limit(1);
  return row?.companyId ?? null;
}

export interface MentorProfileValues {
  companyId: string | null;
  tradeCodes: string[];
  languages: string[];
  modes: MentoringMode[];
  communes: string[];
  capacity: number;
  availability: WeeklySlot[];
  bio: string;
}

export async function upsertMentorProfile(
  db: Executor,
  params: { userId: string; values: MentorProfileValues; now: Date },
) {
  await db
    .insert(mentorProfiles)
    .values({ userId: params.userId, ...params.values, updatedAt: params.now })
    .onConflictDoUpdate({
      target: mentorProfiles.userId,
      set: { ...params.values, updatedAt: params.now },
    });
}

export async function setMentorPaused(
  db: Executor,
  params: { userId: string; paused: boolean; now: Date },
) {
  const rows = await db
    .update(mentorProfiles)
    .set({ paused: params.paused, updatedAt: params.now })
    .where(eq(mentorProfiles.userId, params.userId))
    .returning({ userId: mentorProfiles.userId });
  return rows.length > 0;
}

/** Locks mentors' profiles: capacities are checked and used in one transaction. */
export async function lockMentors(tx: Executor, params: { userIds: string[] }) {
  if (params.userIds.length === 0) return;
  await tx
    .select({ id: mentorProfiles.userId })
    .from(mentorProfiles)
    .where(inArray(mentorProfiles.userId, [...new Set(params.userIds)]))
    .orderBy(asc(mentorProfiles.userId))
    .for('update');
}

/**
 * Mentors who may receive proposals: a profile not paused, an active account still holding the
 * mentor role, and room left (capacity minus mentorships in progress and waiting proposals).
 */
export async function availableMentors(db: Executor, params: { userIds?: string[] } = {}) {
  const rows = await db
    .select({
      ...profileColumns,
      companyLat: companies.lat,
      companyLon: companies.lon,
    })
    .from(mentorProfiles)
    .innerJoin(users, eq(users.id, mentorProfiles.userId))
    .innerJoin(
      userRoles,
      and(eq(userRoles.userId, mentorProfiles.userId), eq(userRoles.role, 'mentor')),
    )
    .leftJoin(companies, eq(companies.id, mentorProfiles.companyId))
    .where(
      and(
        eq(mentorProfiles.paused, false),
        eq(users.status, 'active'),
        params.userIds ? inArray(mentorProfiles.userId, params.userIds) : undefined,
      ),
    )
    .orderBy(asc(users.displayName), asc(mentorProfiles.userId));
  return rows
    .map((r) => ({ ...r, remaining: r.capacity - r.activeMentees - r.pendingProposals }))
    .filter((r) => r.remaining > 0 || params.userIds);
}
export type AvailableMentorRow = Awaited<ReturnType<typeof availableMentors>>[number];

// ---------------------------------------------------------------------------------------------
// Mentee requests

const requestColumns = {
  id: menteeRequests.id,
  menteeId: menteeRequests.menteeId,
  menteeName: users.displayName,
  menteeStatus: users.status,
  goals: menteeRequests.goals,
  tradeCodes: menteeRequests.tradeCodes,
  modes: menteeRequests.modes,
  availability: menteeRequests.availability,
  languages: menteeRequests.languages,
  communeCode: menteeRequests.communeCode,
  communeName: communes.name,
  constraints: menteeRequests.constraints,
  preferredMentorId: menteeRequests.preferredMentorId,
  guardianConsentAt: menteeRequests.guardianConsentAt,
  guardianConsentBy: menteeRequests.guardianConsentBy,
  status: menteeRequests.status,
  createdAt: menteeRequests.createdAt,
  birthDate: students.birthDate,
  schoolId: students.schoolId,
};

/**
 * The requests a viewer reaches: their own; those of their school's pupils for an active
 * teacher or head of school; every one for an operator.
 */
function requestScope(viewer: Viewer): SQL | undefined {
  if (isOperator(viewer)) return undefined;
  return or(
    eq(menteeRequests.menteeId, viewer.userId),
    sql`${students.schoolId} in (select m.school_id from school_memberships m
      where m.user_id = ${viewer.userId} and m.status = 'active')`,
  );
}

function requestQuery(db: Executor) {
  return db
    .select(requestColumns)
    .from(menteeRequests)
    .innerJoin(users, eq(users.id, menteeRequests.menteeId))
    .leftJoin(students, eq(students.userId, menteeRequests.menteeId))
    .leftJoin(communes, eq(communes.code, menteeRequests.communeCode));
}
export type RequestRow = Awaited<ReturnType<typeof getRequest>> & {};

export async function getRequest(db: Executor, params: { id: string; viewer: Viewer }) {
  const [row] = await requestQuery(db).where(
    and(eq(menteeRequests.id, params.id), requestScope(params.viewer)),
  );
  return row;
}

/** One request, whoever asks: for the service once it has checked who may act on it. */
export async function requestById(db: Executor, params: { id: string }) {
  const [row] = await requestQuery(db).where(eq(menteeRequests.id, params.id));
  return row;
}

/** The mentorship a request led to, if any. */
export async function mentorshipIdOfRequest(db: Executor, params: { requestId: string }) {
  const [row] = await db
    .select({ id: mentorships.id })
    .from(mentorships)
    .where(eq(mentorships.requestId, params.requestId))
    .orderBy(desc(mentorships.startedAt))
    .limit(1);
  return row?.id ?? null;
}

/** Locks one request (no scope: the caller has checked who may act on it). */
export async function lockRequest(tx: Executor, params: { id: string }) {
  const [row] = await tx
    .select({ id: menteeRequests.id, status: menteeRequests.status })
    .from(menteeRequests)
    .where(eq(menteeRequests.id, params.id))
    .for('update');
  return row;
}

export async function listRequestsOf(db: Executor, params: { menteeId: string }) {
  return requestQuery(db)
    .where(eq(menteeRequests.menteeId, params.menteeId))
    .orderBy(desc(menteeRequests.createdAt));
}

/** Open, waiting or matched: a mentee has at most one such request. */
export async function activeRequestOf(db: Executor, params: { menteeId: string }) {
  const [row] = await db
    .select({ id: menteeRequests.id })
    .from(menteeRequests)
    .where(
      and(
        eq(menteeRequests.menteeId, params.menteeId),
        inArray(menteeRequests.status, ['open', 'proposed', 'matched']),
      ),
    )
    .limit(1);
  return row;
}

export interface RequestValues {
  goals: MentoringGoal[];
  tradeCodes: string[];
  modes: MentoringMode[];
  availability: WeeklySlot[];
  languages: string[];
  communeCode: string | null;
  constraints: string;
}

export async function insertRequest(
  db: Executor,
  params: { menteeId: string; values: RequestValues },
) {
  const [row] = await db
    .insert(menteeRequests)
    .values({ menteeId: params.menteeId, ...params.values })
    .returning({ id: menteeRequests.id });
  return row!;
}

/** Edits a request of this mentee while it is open; false otherwise. */
export async function updateRequest(
  db: Executor,
  params: { id: string; menteeId: string; values: RequestValues },
) {
  const rows = await db
    .update(menteeRequests)
    .set(params.values)
    .where(
      and(
        eq(menteeRequests.id, params.id),
        eq(menteeRequests.menteeId, params.menteeId),
        eq(menteeRequests.status, 'open'),
      ),
    )
    .returning({ id: menteeRequests.id });
  return rows.length > 0;
}

export async function setRequestStatus(
  db: Executor,
  params: { id: string; status: MenteeRequestStatus; preferredMentorId?: string | null },
) {
  await db
    .update(menteeRequests)
    .set({
      status: params.status,
      ...(params.preferredMentorId !== undefined
        ? { preferredMentorId: params.preferredMentorId }
        : {}),
    })
    .where(eq(menteeRequests.id, params.id));
}

export async function recordConsent(
  db: Executor,
  params: { id: string; guardianName: string; at: Date },
) {
  const rows = await db
    .update(menteeRequests)
    .set({ guardianConsentAt: params.at, guardianConsentBy: params.guardianName })
    .where(and(eq(menteeRequests.id, params.id), isNull(menteeRequests.guardianConsentAt)))
    .returning({ id: menteeRequests.id });
  return rows.length > 0;
}

/** Open requests of active mentees, oldest first: the pairing's input. */
export async function openRequests(db: Executor, params: { ids?: string[] } = {}) {
  return requestQuery(db)
    .where(
      and(
        eq(menteeRequests.status, 'open'),
        eq(users.status, 'active'),
        params.ids ? inArray(menteeRequests.id, params.ids) : undefined,
      ),
    )
    .orderBy(asc(menteeRequests.createdAt), asc(menteeRequests.id));
}

/** Requests of this person's schools' pupils still waiting for their guardian's consent. */
export async function consentsToRecord(db: Executor, params: { userId: string }) {
  return db
    .select({
      requestId: menteeRequests.id,
      menteeId: menteeRequests.menteeId,
      firstName: students.firstName,
      lastName: students.lastName,
      birthDate: students.birthDate,
      className: classes.name,
      guardianName: students.guardianName,
      createdAt: menteeRequests.createdAt,
    })
    .from(menteeRequests)
    .innerJoin(students, eq(students.userId, menteeRequests.menteeId))
    .leftJoin(classes, eq(classes.id, students.classId))
    .where(
      and(
        inArray(menteeRequests.status, ['open', 'proposed']),
        isNull(menteeRequests.guardianConsentAt),
        sql`${students.schoolId} in (select m.school_id from school_memberships m
          where m.user_id = ${params.userId} and m.status = 'active')`,
      ),
    )
    .orderBy(asc(students.lastName), asc(students.firstName));
}

// ---------------------------------------------------------------------------------------------
// Proposals

export interface ProposalValues {
  requestId: string;
  mentorId: string;
  score: number;
  breakdown: Record<string, number>;
  runId: string | null;
  respondBy: Date;
}

export async function insertProposals(db: Executor, values: ProposalValues[]) {
  if (values.length === 0) return [];
  return db
    .insert(mentoringProposals)
    .values(values)
    .returning({ id: mentoringProposals.id, requestId: mentoringProposals.requestId });
}

const proposalColumns = {
  id: mentoringProposals.id,
  requestId: mentoringProposals.requestId,
  mentorId: mentoringProposals.mentorId,
  mentorName: sql<string>`(select u.display_name from users u where u.id = ${mentoringProposals.mentorId})`,
  menteeName: users.displayName,
  score: mentoringProposals.score,
  breakdown: mentoringProposals.breakdown,
  runId: mentoringProposals.runId,
  status: mentoringProposals.status,
  respondBy: mentoringProposals.respondBy,
  respondedAt: mentoringProposals.respondedAt,
  createdAt: mentoringProposals.createdAt,
  goals: menteeRequests.goals,
  tradeCodes: menteeRequests.tradeCodes,
  modes: menteeRequests.modes,
  availability: menteeRequests.availability,
  languages: menteeRequests.languages,
  communeName: communes.name,
  constraints: menteeRequests.constraints,
  mentorshipId: sql<
    string | null
  >`(select ms.id from mentorships ms where ms.request_id = ${mentoringProposals.requestId}
      and ms.mentor_id = ${mentoringProposals.mentorId} order by ms.started_at desc limit 1)`,
};

function proposalQuery(db: Executor) {
  return db
    .select(proposalColumns)
    .from(mentoringProposals)
    .innerJoin(menteeRequests, eq(menteeRequests.id, mentoringProposals.requestId))
    .innerJoin(users, eq(users.id, menteeRequests.menteeId))
    .leftJoin(communes, eq(communes.code, menteeRequests.communeCode));
}
export type ProposalRow = Awaited<ReturnType<typeof listProposals>>[number];

/** A mentor's proposals (or, with `mentorId` undefined, every proposal: operators). */
export async function listProposals(
  db: Executor,
  params: { mentorId: string | undefined; status?: ProposalStatus; limit: number },
) {
  return proposalQuery(db)
    .where(
      and(
        params.mentorId ? eq(mentoringProposals.mentorId, params.mentorId) : undefined,
        params.status ? eq(mentoringProposals.status, params.status) : undefined,
      ),
    )
    .orderBy(
      sql`${mentoringProposals.status} = 'proposed' desc`,
      desc(mentoringProposals.createdAt),
    )
    .limit(params.limit);
}

/** One proposal made to this mentor, locked. */
export async function lockProposalOfMentor(tx: Executor, params: { id: string; mentorId: string }) {
  const [row] = await tx
    .select({
      id: mentoringProposals.id,
      requestId: mentoringProposals.requestId,
      mentorId: mentoringProposals.mentorId,
      runId: mentoringProposals.runId,
      status: mentoringProposals.status,
      respondBy: mentoringProposals.respondBy,
    })
    .from(mentoringProposals)
    .where(
      and(eq(mentoringProposals.id, params.id), eq(mentoringProposals.mentorId, params.mentorId)),
    )
    .for('update');
  return row;
}

export async function setProposalStatus(
  db: Executor,
  params: { id: string; status: ProposalStatus; at: Date },
) {
  await db
    .update(mentoringProposals)
    .set({ status: params.status, respondedAt: params.at })
    .where(eq(mentoringProposals.id, params.id));
}

/** Withdraws the waiting proposals of a request (it was matched or cancelled). */
export async function withdrawPending(
  db: Executor,
  params: { requestId: string; at: Date; exceptId?: string },
) {
  return db
    .update(mentoringProposals)
    .set({ status: 'withdrawn', respondedAt: params.at })
    .where(
      and(
        eq(mentoringProposals.requestId, params.requestId),
        eq(mentoringProposals.status, 'proposed'),
        params.exceptId ? ne(mentoringProposals.id, params.exceptId) : undefined,
      ),
    )
    .returning({ id: mentoringProposals.id, mentorId: mentoringProposals.mentorId });
}

/** The waiting proposal of a request, if any. */
export async function pendingProposalOf(db: Executor, params: { requestId: string }) {
  const [row] = await db
    .select({
      id: mentoringProposals.id,
      mentorId: mentoringProposals.mentorId,
      runId: mentoringProposals.runId,
      respondBy: mentoringProposals.respondBy,
      mentorName: users.displayName,
    })
    .from(mentoringProposals)
    .innerJoin(users, eq(users.id, mentoringProposals.mentorId))
    .where(
      and(
        eq(mentoringProposals.requestId, params.requestId),
        eq(mentoringProposals.status, 'proposed'),
      ),
    )
    .limit(1);
  return row;
}

/** `${requestId}|${mentorId}` of past proposals that ended without a match: never again. */
export async function excludedPairs(db: Executor, params: { requestIds: string[] }) {
  if (params.requestIds.length === 0) return new Set<string>();
  const rows = await db
    .select({ requestId: mentoringProposals.requestId, mentorId: mentoringProposals.mentorId })
    .from(mentoringProposals)
    .where(
      and(
        inArray(mentoringProposals.requestId, params.requestIds),
        inArray(mentoringProposals.status, ['declined', 'expired', 'withdrawn']),
      ),
    );
  return new Set(rows.map((r) => `${r.requestId}|${r.mentorId}`));
}

/** Waiting proposals past their answer date, locked (skipping those another worker holds). */
export async function lockOverdueProposals(tx: Executor, params: { now: Date; limit: number }) {
  return tx
    .select({
      id: mentoringProposals.id,
      requestId: mentoringProposals.requestId,
      mentorId: mentoringProposals.mentorId,
      runId: mentoringProposals.runId,
    })
    .from(mentoringProposals)
    .where(
      and(eq(mentoringProposals.status, 'proposed'), lt(mentoringProposals.respondBy, params.now)),
    )
    .orderBy(asc(mentoringProposals.respondBy))
    .limit(params.limit)
    .for('update', { skipLocked: true });
}

// ---------------------------------------------------------------------------------------------
// Mentorships

export async function insertMentorship(
  db: Executor,
  params: { requestId: string; mentorId: string; menteeId: string; at: Date },
) {
  const [row] = await db
    .insert(mentorships)
    .values({
      requestId: params.requestId,
      mentorId: params.mentorId,
      menteeId: params.menteeId,
      startedAt: params.at,
    })
    .returning({ id: mentorships.id });
  return row!;
}

/** The pair's predicate: the viewer is the mentor or the mentee. */
const inPair = (userId: string) =>
  or(eq(mentorships.mentorId, userId), eq(mentorships.menteeId, userId));

const mentorshipColumns = {
  id: mentorships.id,
  requestId: mentorships.requestId,
  mentorId: mentorships.mentorId,
  menteeId: mentorships.menteeId,
  status: mentorships.status,
  startedAt: mentorships.startedAt,
  closedAt: mentorships.closedAt,
  mentorFeedback: mentorships.mentorFeedback,
  menteeFeedback: mentorships.menteeFeedback,
  mentorName: sql<string>`(select u.display_name from users u where u.id = ${mentorships.mentorId})`,
  menteeName: sql<string>`(select u.display_name from users u where u.id = ${mentorships.menteeId})`,
  goals: menteeRequests.goals,
  tradeCodes: menteeRequests.tradeCodes,
  requestModes: menteeRequests.modes,
  mentorModes: mentorProfiles.modes,
  mentorAvailability: mentorProfiles.availability,
};

function mentorshipQuery(db: Executor) {
  return db
    .select(mentorshipColumns)
    .from(mentorships)
    .leftJoin(menteeRequests, eq(menteeRequests.id, mentorships.requestId))
    .leftJoin(mentorProfiles, eq(mentorProfiles.userId, mentorships.mentorId));
}

/** One mentorship of this person (as mentor or mentee); undefined for anyone else. */
export async function getMentorship(
  db: Executor,
  params: { id: string; userId: string; lock?: boolean },
) {
  const query = mentorshipQuery(db).where(
    and(eq(mentorships.id, params.id), inPair(params.userId)),
  );
  const [row] = params.lock ? await query.for('update', { of: mentorships }) : await query;
  return row;
}
export type MentorshipRow = NonNullable<Awaited<ReturnType<typeof getMentorship>>>;

export async function listMentorshipsOf(db: Executor, params: { userId: string }) {
  return db
    .select({
      id: mentorships.id,
      mentorId: mentorships.mentorId,
      status: mentorships.status,
      startedAt: mentorships.startedAt,
      closedAt: mentorships.closedAt,
      mentorName: mentorshipColumns.mentorName,
      menteeName: mentorshipColumns.menteeName,
      nextStartsAt: sql<string | null>`(select s.starts_at from mentoring_sessions s
        where s.mentorship_id = ${mentorships.id} and s.status in ('proposed', 'accepted')
          and s.starts_at > now() order by s.starts_at limit 1)`,
      nextStatus: sql<string | null>`(select s.status from mentoring_sessions s
        where s.mentorship_id = ${mentorships.id} and s.status in ('proposed', 'accepted')
          and s.starts_at > now() order by s.starts_at limit 1)`,
    })
    .from(mentorships)
    .where(inPair(params.userId))
    .orderBy(sql`${mentorships.status} = 'active' desc`, desc(mentorships.startedAt));
}

export async function closeMentorship(
  db: Executor,
  params: { id: string; at: Date; side: 'mentor' | 'mentee'; feedback: string },
) {
  const rows = await db
    .update(mentorships)
    .set({
      status: 'closed',
      closedAt: params.at,
      ...(params.side === 'mentor'
        ? { mentorFeedback: params.feedback }
        : { menteeFeedback: params.feedback }),
    })
    .where(and(eq(mentorships.id, params.id), eq(mentorships.status, 'active')))
    .returning({ id: mentorships.id });
  return rows.length > 0;
}

export async function setFeedback(
  db: Executor,
  params: { id: string; side: 'mentor' | 'mentee'; feedback: string },
) {
  await db
    .update(mentorships)
    .set(
      params.side === 'mentor'
        ? { mentorFeedback: params.feedback }
        : { menteeFeedback: params.feedback },
    )
    .where(eq(mentorships.id, params.id));
}

/** The mentee's passport entry for a closed mentorship (created, or its appraisal refreshed). */
export async function upsertPassportEntry(
  db: Executor,
  params: {
    studentId: string;
    mentorshipId: string;
    title: string;
    description: string;
    appraisal: string | null;
    occurredOn: string;
  },
) {
  await db
    .insert(passportEntries)
    .values({
      studentId: params.studentId,
      kind: 'mentoring',
      sourceType: 'mentorship',
      sourceId: params.mentorshipId,
      title: params.title,
      description: params.description,
      appraisal: params.appraisal,
      occurredOn: params.occurredOn,
    })
    .onConflictDoUpdate({
      target: [passportEntries.studentId, passportEntries.sourceType, passportEntries.sourceId],
      set: { appraisal: params.appraisal },
    });
}

// ---------------------------------------------------------------------------------------------
// Sessions

const sessionColumns = {
  id: mentoringSessions.id,
  mentorshipId: mentoringSessions.mentorshipId,
  startsAt: mentoringSessions.startsAt,
  endsAt: mentoringSessions.endsAt,
  mode: mentoringSessions.mode,
  proposedBy: mentoringSessions.proposedBy,
  status: mentoringSessions.status,
  mentorNotes: mentoringSessions.mentorNotes,
  menteeNotes: mentoringSessions.menteeNotes,
};

export async function listSessions(db: Executor, params: { mentorshipId: string }) {
  return db
    .select(sessionColumns)
    .from(mentoringSessions)
    .where(eq(mentoringSessions.mentorshipId, params.mentorshipId))
    .orderBy(asc(mentoringSessions.startsAt));
}
export type SessionRow = Awaited<ReturnType<typeof listSessions>>[number];

/** One session of a mentorship this person belongs to, with the pair; undefined otherwise. */
export async function getSession(
  db: Executor,
  params: { id: string; userId: string; lock?: boolean },
) {
  const query = db
    .select({
      ...sessionColumns,
      mentorId: mentorships.mentorId,
      menteeId: mentorships.menteeId,
      mentorshipStatus: mentorships.status,
    })
    .from(mentoringSessions)
    .innerJoin(mentorships, eq(mentorships.id, mentoringSessions.mentorshipId))
    .where(and(eq(mentoringSessions.id, params.id), inPair(params.userId)));
  const [row] = params.lock ? await query.for('update', { of: mentoringSessions }) : await query;
  return row;
}

export async function insertSession(
  db: Executor,
  params: {
    mentorshipId: string;
    startsAt: Date;
    endsAt: Date;
    mode: MentoringMode;
    proposedBy: string;
  },
) {
  const [row] = await db
    .insert(mentoringSessions)
    .values(params)
    .returning({ id: mentoringSessions.id });
  return row!;
}

export async function setSessionStatus(
  db: Executor,
  params: { id: string; status: SessionStatus },
) {
  await db
    .update(mentoringSessions)
    .set({ status: params.status })
    .where(eq(mentoringSessions.id, params.id));
}

export async function setSessionNotes(
  db: Executor,
  params: { id: string; side: 'mentor' | 'mentee'; notes: string },
) {
  await db
    .update(mentoringSessions)
    .set({
      status: 'done',
      ...(params.side === 'mentor' ? { mentorNotes: params.notes } : { menteeNotes: params.notes }),
    })
    .where(eq(mentoringSessions.id, params.id));
}

/** A session of this mentor (any of their mentees) overlapping [startsAt, endsAt). */
export async function overlappingSession(
  db: Executor,
  params: { mentorId: string; startsAt: Date; endsAt: Date },
) {
  const [row] = await db
    .select({ id: mentoringSessions.id })
    .from(mentoringSessions)
    .innerJoin(mentorships, eq(mentorships.id, mentoringSessions.mentorshipId))
    .where(
      and(
        eq(mentorships.mentorId, params.mentorId),
        inArray(mentoringSessions.status, ['proposed', 'accepted']),
        lt(mentoringSessions.startsAt, params.endsAt),
        gt(mentoringSessions.endsAt, params.startsAt),
      ),
    )
    .limit(1);
  return row;
}

/** Cancels the sessions still to come of a mentorship (it was closed). */
export async function cancelUpcomingSessions(
  db: Executor,
  params: { mentorshipId: string; now: Date },
) {
  await db
    .update(mentoringSessions)
    .set({ status: 'cancelled' })
    .where(
      and(
        eq(mentoringSessions.mentorshipId, params.mentorshipId),
        inArray(mentoringSessions.status, ['proposed', 'accepted']),
        gt(mentoringSessions.startsAt, params.now),
      ),
    );
}

export async function countHeldSessions(db: Executor, params: { mentorshipId: string }) {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(mentoringSessions)
    .where(
      and(
        eq(mentoringSessions.mentorshipId, params.mentorshipId),
        inArray(mentoringSessions.status, ['accepted', 'done']),
        lt(mentoringSessions.endsAt, sql`now()`),
      ),
    );
  return row?.count ?? 0;
}

/** Accepted sessions starting within the window, not reminded yet, locked. */
export async function lockSessionsToRemind(
  tx: Executor,
  params: { from: Date; to: Date; limit: number },
) {
  return tx
    .select({
      id: mentoringSessions.id,
      mentorshipId: mentoringSessions.mentorshipId,
      startsAt: mentoringSessions.startsAt,
      endsAt: mentoringSessions.endsAt,
      mode: mentoringSessions.mode,
      status: mentoringSessions.status,
      mentorId: mentorships.mentorId,
      menteeId: mentorships.menteeId,
    })
    .from(mentoringSessions)
    .innerJoin(mentorships, eq(mentorships.id, mentoringSessions.mentorshipId))
    .where(
      and(
        eq(mentoringSessions.status, 'accepted'),
        eq(mentorships.status, 'active'),
        isNull(mentoringSessions.reminderSentAt),
        gte(mentoringSessions.startsAt, params.from),
        lt(mentoringSessions.startsAt, params.to),
      ),
    )
    .orderBy(asc(mentoringSessions.startsAt))
    .limit(params.limit)
    .for('update', { of: mentoringSessions, skipLocked: true });
}

export async function markReminded(db: Executor, params: { ids: string[]; at: Date }) {
  if (params.ids.length === 0) return;
  await db
    .update(mentoringSessions)
    .set({ reminderSentAt: params.at })
    .where(inArray(mentoringSessions.id, params.ids));
}

// ---------------------------------------------------------------------------------------------
// Messages and reports

export async function listMessages(
  db: Executor,
  params: { mentorshipId: string; userId: string; after?: Date; limit: number },
) {
  const rows = await db
    .select({
      id: mentoringMessages.id,
      senderId: mentoringMessages.senderId,
      senderName: sql<string>`coalesce(${users.displayName}, '')`,
      body: mentoringMessages.body,
      hiddenAt: mentoringMessages.hiddenAt,
      createdAt: mentoringMessages.createdAt,
      reportedByMe: sql<boolean>`exists (select 1 from message_reports r
        where r.message_id = ${mentoringMessages.id} and r.reporter_id = ${params.userId})`,
    })
    .from(mentoringMessages)
    .innerJoin(mentorships, eq(mentorships.id, mentoringMessages.mentorshipId))
    .leftJoin(users, eq(users.id, mentoringMessages.senderId))
    .where(
      and(
        eq(mentoringMessages.mentorshipId, params.mentorshipId),
        inPair(params.userId),
        params.after ? gt(mentoringMessages.createdAt, params.after) : undefined,
      ),
    )
    .orderBy(desc(mentoringMessages.createdAt), desc(mentoringMessages.id))
    .limit(params.limit);
  return rows.reverse();
}

export async function insertMessage(
  db: Executor,
  params: { mentorshipId: string; senderId: string; body: string; at: Date },
) {
  const [row] = await db
    .insert(mentoringMessages)
    .values({
      mentorshipId: params.mentorshipId,
      senderId: params.senderId,
      body: params.body,
      createdAt: params.at,
    })
    .returning({ id: mentoringMessages.id });
  return row!;
}

/** A message of a mentorship this person belongs to, with the pair; undefined otherwise. */
export async function getMessage(db: Executor, params: { id: string; userId: string }) {
  const [row] = await db
    .select({
      id: mentoringMessages.id,
      senderId: mentoringMessages.senderId,
      mentorshipId: mentoringMessages.mentorshipId,
    })
    .from(mentoringMessages)
    .innerJoin(mentorships, eq(mentorships.id, mentoringMessages.mentorshipId))
    .where(and(eq(mentoringMessages.id, params.id), inPair(params.userId)));
  return row;
}

/** Records a report; null when this person already reported this message. */
export async function insertReport(
  db: Executor,
  params: { messageId: string; reporterId: string; reason: string },
) {
  const [row] = await db
    .insert(messageReports)
    .values(params)
    .onConflictDoNothing()
    .returning({ id: messageReports.id });
  return row ?? null;
}

export async function listOpenReports(db: Executor) {
  return db
    .select({
      id: messageReports.id,
      reason: messageReports.reason,
      createdAt: messageReports.createdAt,
      reporterName: sql<string>`coalesce((select u.display_name from users u
        where u.id = ${messageReports.reporterId}), '')`,
      mentorshipId: mentoringMessages.mentorshipId,
      messageId: mentoringMessages.id,
      body: mentoringMessages.body,
      messageCreatedAt: mentoringMessages.createdAt,
      hiddenAt: mentoringMessages.hiddenAt,
      senderId: users.id,
      senderName: users.displayName,
      senderStatus: users.status,
    })
    .from(messageReports)
    .innerJoin(mentoringMessages, eq(mentoringMessages.id, messageReports.messageId))
    .innerJoin(users, eq(users.id, mentoringMessages.senderId))
    .where(isNull(messageReports.resolvedAt))
    .orderBy(asc(messageReports.createdAt));
}

/** An open report, locked, with its message's sender. */
export async function lockOpenReport(tx: Executor, params: { id: string }) {
  const [row] = await tx
    .select({
      id: messageReports.id,
      messageId: messageReports.messageId,
      reporterId: messageReports.reporterId,
      senderId: mentoringMessages.senderId,
      mentorshipId: mentoringMessages.mentorshipId,
    })
    .from(messageReports)
    .innerJoin(mentoringMessages, eq(mentoringMessages.id, messageReports.messageId))
    .where(and(eq(messageReports.id, params.id), isNull(messageReports.resolvedAt)))
    .for('update', { of: messageReports });
  return row;
}

/** Resolves every open report of a message; returns their reporters. */
export async function resolveReportsOfMessage(
  db: Executor,
  params: { messageId: string; operatorId: string; decision: string; at: Date },
) {
  return db
    .update(messageReports)
    .set({ resolvedAt: params.at, resolvedBy: params.operatorId, decision: params.decision })
    .where(and(eq(messageReports.messageId, params.messageId), isNull(messageReports.resolvedAt)))
    .returning({ id: messageReports.id, reporterId: messageReports.reporterId });
}

export async function hideMessage(db: Executor, params: { id: string; at: Date }) {
  await db
    .update(mentoringMessages)
    .set({ hiddenAt: params.at })
    .where(and(eq(mentoringMessages.id, params.id), isNull(mentoringMessages.hiddenAt)));
}

/** An unread notification of this kind and link: new messages do not pile up notifications. */
export async function hasUnreadNotice(
  db: Executor,
  params: { userId: string; kind: string; link: string },
) {
  const rows = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, params.userId),
        eq(notifications.kind, params.kind),
        eq(notifications.link, params.link),
        isNull(notifications.readAt),
      ),
    )
    .limit(1);
  return rows.length > 0;
}
