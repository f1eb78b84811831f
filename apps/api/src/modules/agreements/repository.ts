// Queries of the agreements domain. Who may see an agreement is part of every query's WHERE
// (`visibleTo`): the pupil their own, teachers and heads of the pupil's school, employers of the
// host company, operators all. What someone may do to it (`relationsOf`) is read the same way.
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gt, gte, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '@tremplin/db';
import {
  agreements,
  agreementSignatures,
  applications,
  classes,
  communes,
  companies,
  companyMemberships,
  emailOutbox,
  guardianLinks,
  offers,
  schoolMemberships,
  schools,
  students,
  users,
} from '@tremplin/db/schema';
import type { AgreementParty, AgreementStatus, GuardianLinkState } from '@tremplin/contracts';

/** Who is asking, with the roles that open each way in. */
export interface Viewer {
  userId: string;
  roles: readonly string[];
}

const has = (viewer: Viewer, ...roles: string[]) => roles.some((r) => viewer.roles.includes(r));

/** The agreements this person may read. Undefined for an operator (all of them). */
export function visibleTo(viewer: Viewer): SQL | undefined {
  if (has(viewer, 'operator')) return undefined;
  const ways: SQL[] = [];
  if (has(viewer, 'student')) ways.push(sql`${agreements.studentId} = ${viewer.userId}`);
  if (has(viewer, 'teacher', 'school_admin')) {
    ways.push(sql`${agreements.schoolId} in (
      select m.school_id from school_memberships m
      where m.user_id = ${viewer.userId} and m.status = 'active')`);
  }
  if (has(viewer, 'employer')) {
    ways.push(sql`${agreements.companyId} in (
      select m.company_id from company_memberships m
      where m.user_id = ${viewer.userId} and m.role = 'employer' and m.status = 'active')`);
  }
  if (ways.length === 0) return sql`false`;
  return sql`(${sql.join(ways, sql` or `)})`;
}

/** A short reference printed on the convention and in e-mails. */
export function referenceOf(id: string): string {
  return `CV-${id.replace(/-/g, '').slice(0, 8).toUpperCase()}`;
}

/**
 * The version of an agreement's content: a hash of its annexes. A signer sends the version they
 * read; a change of the annexes in between makes their signature fail instead of signing unseen text.
 */
export function versionOf(row: { teachingAnnex: unknown; practicalAnnex: unknown }): string {
  const text = JSON.stringify([canonical(row.teachingAnnex), canonical(row.practicalAnnex)]);
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** k***@example.fr: enough to recognise one's address, not enough to harvest it. */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

const schoolCommunes = alias(communes, 'school_communes');
const companyCommunes = alias(communes, 'company_communes');

const detailColumns = {
  id: agreements.id,
  applicationId: agreements.applicationId,
  status: agreements.status,
  schoolId: agreements.schoolId,
  companyId: agreements.companyId,
  studentId: agreements.studentId,
  referentTeacherId: agreements.referentTeacherId,
  teachingAnnex: agreements.teachingAnnex,
  practicalAnnex: agreements.practicalAnnex,
  scannedCopyType: agreements.scannedCopyType,
  scannedCopyUploadedAt: agreements.scannedCopyUploadedAt,
  scannedCopyUploadedBy: agreements.scannedCopyUploadedBy,
  attendanceConfirmedAt: agreements.attendanceConfirmedAt,
  tutorAppraisal: agreements.tutorAppraisal,
  pupilFeedback: agreements.pupilFeedback,
  createdAt: agreements.createdAt,
  updatedAt: agreements.updatedAt,
  offerId: offers.id,
  offerTitle: offers.title,
  schoolName: schools.name,
  schoolUai: schools.uai,
  schoolAddress: schools.address,
  schoolCommune: schoolCommunes.name,
  companyName: companies.name,
  companySiret: companies.siret,
  companyAddress: companies.address,
  companyCommune: companyCommunes.name,
  pupilDisplayName: users.displayName,
  pupilEmail: users.email,
  pupilFirstName: students.firstName,
  pupilLastName: students.lastName,
  pupilBirthDate: students.birthDate,
  pupilLevel: students.level,
  className: classes.name,
  guardianName: students.guardianName,
  guardianEmail: students.guardianEmail,
};

export type AgreementRow = Awaited<ReturnType<typeof getAgreement>> & object;

/** One agreement with its parties, if this person may see it (no viewer: the platform itself). */
export async function getAgreement(
  db: Executor,
  params: { id: string; viewer: Viewer | null; forUpdate?: boolean },
) {
  if (params.forUpdate) {
    // Serialises the changes of one agreement (two last signatures at once both see four).
    await db
      .select({ id: agreements.id })
      .from(agreements)
      .where(eq(agreements.id, params.id))
      .for('update');
  }
  const [row] = await db
    .select(detailColumns)
    .from(agreements)
    .innerJoin(applications, eq(applications.id, agreements.applicationId))
    .innerJoin(offers, eq(offers.id, applications.offerId))
    .innerJoin(schools, eq(schools.id, agreements.schoolId))
    .innerJoin(schoolCommunes, eq(schoolCommunes.code, schools.communeCode))
    .innerJoin(companies, eq(companies.id, agreements.companyId))
    .innerJoin(companyCommunes, eq(companyCommunes.code, companies.communeCode))
    .innerJoin(users, eq(users.id, agreements.studentId))
    .leftJoin(students, eq(students.userId, agreements.studentId))
    .leftJoin(classes, eq(classes.id, students.classId))
    .where(and(eq(agreements.id, params.id), params.viewer ? visibleTo(params.viewer) : undefined));
  return row;
}

export function pupilNameOf(row: {
  pupilFirstName: string | null;
  pupilLastName: string | null;
  pupilDisplayName: string;
}): string {
  return row.pupilFirstName
    ? `${row.pupilFirstName} ${row.pupilLastName ?? ''}`.trim()
    : row.pupilDisplayName;
}

export function listSignatures(db: Executor, params: { agreementId: string }) {
  return db
    .select({
      party: agreementSignatures.party,
      signerId: agreementSignatures.signerId,
      signerName: agreementSignatures.signerName,
      signedAt: agreementSignatures.signedAt,
    })
    .from(agreementSignatures)
    .where(eq(agreementSignatures.agreementId, params.agreementId))
    .orderBy(asc(agreementSignatures.signedAt));
}

/** How this person stands to one agreement: which doors their memberships open. */
export async function relationsOf(
  db: Executor,
  params: {
    viewer: Viewer;
    agreement: {
      studentId: string;
      schoolId: string;
      companyId: string;
      referentTeacherId: string | null;
    };
  },
) {
  const { viewer, agreement } = params;
  const memberships = await db
    .select({ role: schoolMemberships.role })
    .from(schoolMemberships)
    .where(
      and(
        eq(schoolMemberships.userId, viewer.userId),
        eq(schoolMemberships.schoolId, agreement.schoolId),
        eq(schoolMemberships.status, 'active'),
      ),
    );
  const [employer] = await db
    .select({ id: companyMemberships.id })
    .from(companyMemberships)
    .where(
      and(
        eq(companyMemberships.userId, viewer.userId),
        eq(companyMemberships.companyId, agreement.companyId),
        eq(companyMemberships.role, 'employer'),
        eq(companyMemberships.status, 'active'),
      ),
    );
  const schoolStaff = has(viewer, 'teacher', 'school_admin') && memberships.length > 0;
  const schoolAdmin =
    has(viewer, 'school_admin') && memberships.some((m) => m.role === 'school_admin');
  return {
    pupil: has(viewer, 'student') && agreement.studentId === viewer.userId,
    schoolStaff,
    schoolAdmin,
    referentTeacher: schoolStaff && agreement.referentTeacherId === viewer.userId,
    hostEmployer: has(viewer, 'employer') && Boolean(employer),
    operator: has(viewer, 'operator'),
  };
}

export type Relations = Awaited<ReturnType<typeof relationsOf>>;

export async function listAgreements(
  db: Executor,
  params: { viewer: Viewer; status?: AgreementStatus; page: number; pageSize: number },
) {
  const where = and(
    visibleTo(params.viewer),
    params.status ? eq(agreements.status, params.status) : undefined,
  );
  const signed = sql<AgreementParty[]>`coalesce((
    select array_agg(s.party::text order by s.signed_at) from agreement_signatures s
    where s.agreement_id = ${agreements.id}), '{}')`;
  const rows = await db
    .select({
      id: agreements.id,
      status: agreements.status,
      studentId: agreements.studentId,
      schoolId: agreements.schoolId,
      companyId: agreements.companyId,
      referentTeacherId: agreements.referentTeacherId,
      teachingAnnex: agreements.teachingAnnex,
      hasScannedCopy: sql<boolean>`${agreements.scannedCopyUploadedAt} is not null`,
      attendanceConfirmedAt: agreements.attendanceConfirmedAt,
      pupilFeedback: agreements.pupilFeedback,
      pupilFirstName: students.firstName,
      pupilLastName: students.lastName,
      pupilDisplayName: users.displayName,
      className: classes.name,
      schoolName: schools.name,
      companyName: companies.name,
      offerTitle: offers.title,
      signedParties: signed,
    })
    .from(agreements)
    .innerJoin(applications, eq(applications.id, agreements.applicationId))
    .innerJoin(offers, eq(offers.id, applications.offerId))
    .innerJoin(schools, eq(schools.id, agreements.schoolId))
    .innerJoin(companies, eq(companies.id, agreements.companyId))
    .innerJoin(users, eq(users.id, agreements.studentId))
    .leftJoin(students, eq(students.userId, agreements.studentId))
    .leftJoin(classes, eq(classes.id, students.classId))
    .where(where)
    .orderBy(desc(sql`${agreements.teachingAnnex}->>'startDate'`), asc(agreements.id))
    .limit(params.pageSize)
    .offset((params.page - 1) * params.pageSize);
  const [count] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(agreements)
    .where(where);
  return { rows, total: count?.total ?? 0 };
}

/** The latest guardian link of an agreement, with its state. */
export async function latestGuardianLink(db: Executor, params: { agreementId: string; now: Date }) {
  const [row] = await db
    .select({
      id: guardianLinks.id,
      email: guardianLinks.email,
      createdAt: guardianLinks.createdAt,
      expiresAt: guardianLinks.expiresAt,
      usedAt: guardianLinks.usedAt,
    })
    .from(guardianLinks)
    .where(eq(guardianLinks.agreementId, params.agreementId))
    .orderBy(desc(guardianLinks.createdAt), desc(guardianLinks.id))
    .limit(1);
  if (!row) return undefined;
  return { ...row, state: linkState(row, { newer: false, now: params.now }) };
}

export function linkState(
  link: { usedAt: Date | null; expiresAt: Date },
  params: { newer: boolean; now: Date },
): GuardianLinkState {
  if (link.usedAt) return 'used';
  if (params.newer) return 'replaced';
  if (link.expiresAt.getTime() <= params.now.getTime()) return 'expired';
  return 'active';
}

/** A guardian link by its token's hash, with whether a newer one replaced it. */
export async function findGuardianLink(db: Executor, params: { tokenHash: string }) {
  const [row] = await db
    .select({
      id: guardianLinks.id,
      agreementId: guardianLinks.agreementId,
      email: guardianLinks.email,
      createdAt: guardianLinks.createdAt,
      expiresAt: guardianLinks.expiresAt,
      usedAt: guardianLinks.usedAt,
      // Qualified by hand: drizzle leaves columns of a one-table select unqualified, and inside
      // the subquery they would name g's own columns.
      newer: sql<boolean>`exists (select 1 from guardian_links g
        where g.agreement_id = "guardian_links"."agreement_id"
          and g.created_at > "guardian_links"."created_at")`,
    })
    .from(guardianLinks)
    .where(eq(guardianLinks.tokenHash, params.tokenHash));
  return row;
}

/** Ends every link of the agreement still open: a new one replaces them. */
export async function voidGuardianLinks(db: Executor, params: { agreementId: string; now: Date }) {
  await db
    .update(guardianLinks)
    .set({ expiresAt: params.now })
    .where(
      and(
        eq(guardianLinks.agreementId, params.agreementId),
        isNull(guardianLinks.usedAt),
        gt(guardianLinks.expiresAt, params.now),
      ),
    );
}

export async function insertGuardianLink(
  db: Executor,
  params: { agreementId: string; tokenHash: string; email: string; expiresAt: Date; now: Date },
) {
  await db.insert(guardianLinks).values({
    agreementId: params.agreementId,
    tokenHash: params.tokenHash,
    email: params.email,
    expiresAt: params.expiresAt,
    createdAt: params.now,
  });
}

/** Marks a link used; false when it was used in the meantime (single use, even under a race). */
export async function useGuardianLink(db: Executor, params: { id: string; now: Date }) {
  const rows = await db
    .update(guardianLinks)
    .set({ usedAt: params.now })
    .where(and(eq(guardianLinks.id, params.id), isNull(guardianLinks.usedAt)))
    .returning({ id: guardianLinks.id });
  return rows.length === 1;
}

/** People to tell about an agreement: the pupil, the school's staff who follow it, the host. */
export async function audienceOf(
  db: Executor,
  params: { agreementId: string; schoolId: string; companyId: string },
) {
  const [agreement] = await db
    .select({ studentId: agreements.studentId, referentTeacherId: agreements.referentTeacherId })
    .from(agreements)
    .where(eq(agreements.id, params.agreementId));
  const admins = await db
    .select({ userId: schoolMemberships.userId })
    .from(schoolMemberships)
    .where(
      and(
        eq(schoolMemberships.schoolId, params.schoolId),
        eq(schoolMemberships.role, 'school_admin'),
        eq(schoolMemberships.status, 'active'),
      ),
    );
  const employers = await db
    .select({ userId: companyMemberships.userId })
    .from(companyMemberships)
    .where(
      and(
        eq(companyMemberships.companyId, params.companyId),
        eq(companyMemberships.role, 'employer'),
        eq(companyMemberships.status, 'active'),
      ),
    );
  const ids = new Set<string>();
  if (agreement) ids.add(agreement.studentId);
  if (agreement?.referentTeacherId) ids.add(agreement.referentTeacherId);
  for (const r of [...admins, ...employers]) ids.add(r.userId);
  return [...ids];
}

export async function userNames(db: Executor, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(inArray(users.id, ids));
  return new Map(rows.map((r) => [r.id, r.displayName]));
}

export async function getScannedCopy(db: Executor, params: { id: string; viewer: Viewer }) {
  const [row] = await db
    .select({
      id: agreements.id,
      content: agreements.scannedCopy,
      contentType: agreements.scannedCopyType,
    })
    .from(agreements)
    .where(and(eq(agreements.id, params.id), visibleTo(params.viewer)));
  return row;
}

/** The e-mails sent to the guardian's addresses since the agreement was made (for support). */
export function guardianMails(db: Executor, params: { emails: string[]; since: Date }) {
  if (params.emails.length === 0) return Promise.resolve([]);
  return db
    .select({
      id: emailOutbox.id,
      toEmail: emailOutbox.toEmail,
      subject: emailOutbox.subject,
      bodyText: emailOutbox.bodyText,
      createdAt: emailOutbox.createdAt,
      sentAt: emailOutbox.sentAt,
      attempts: emailOutbox.attempts,
      lastError: emailOutbox.lastError,
    })
    .from(emailOutbox)
    .where(
      and(inArray(emailOutbox.toEmail, params.emails), gte(emailOutbox.createdAt, params.since)),
    )
    .orderBy(desc(emailOutbox.createdAt))
    .limit(50);
}

/** Every address a guardian link of this agreement went to. */
export async function guardianLinkEmails(db: Executor, params: { agreementId: string }) {
  const rows = await db
    .selectDistinct({ email: guardianLinks.email })
    .from(guardianLinks)
    .where(eq(guardianLinks.agreementId, params.agreementId));
  return rows.map((r) => r.email);
}
