// Agreements (conventions de stage): born from a confirmed application, prefilled from the
// platform's data; their annexes edited by the school and the host until someone signs; signed
// by the four parties (the guardian through a single-use link) or by a scanned paper copy; closed
// after the stage by the tutor's appraisal and the pupil's feedback, which feed the passport.
//
// Editing the annexes after a signature clears the signatures (everyone signs the new text
// again): the editor must say so explicitly (`clearSignatures`), and the signers are told.
import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { type Executor, queryRows } from '@tremplin/db';
import {
  agreements,
  agreementSignatures,
  passportEntries,
  schoolHolidays,
} from '@tremplin/db/schema';
import {
  type AccountParty,
  type Agreement,
  type AgreementAbilities,
  type AgreementParty,
  type GuardianLinkView,
  SCANNED_COPY_MAX_BYTES,
  type UpdateAnnexesBody,
} from '@tremplin/contracts';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../lib/problem.js';
import { recordAudit } from '../audit/repository.js';
import { notify, queueMail } from '../notifications/repository.js';
import { checkPeriodForLevel, checkSchedule, type StageLevel } from '../offers/stage-rules.js';
import { frDate, frDateTime, parisToday } from './dates.js';
import { type AgreementPdfInput, renderAgreementPdf } from './pdf.js';
import * as repo from './repository.js';

export const DEFAULT_PRACTICAL_ANNEX = {
  meals: "Le déjeuner est pris en charge par la famille, sauf accord contraire de l'entreprise.",
  travel:
    'Les trajets entre le domicile et le lieu de stage sont sous la responsabilité de la famille.',
  insurance:
    "L'élève reste sous statut scolaire : l'établissement et l'entreprise ont souscrit une assurance responsabilité civile.",
};

/** How long a guardian's signing link stays valid. */
export const GUARDIAN_LINK_DAYS = 14;

const PARTY_WORDS: Record<AgreementParty, string> = {
  host: "l'entreprise d'accueil",
  school: "le chef d'établissement",
  pupil: "l'élève",
  guardian: 'le représentant légal',
};

/**
 * Creates the agreement of one confirmed application (see createAgreementsForApplications) and
 * returns it; returns the existing one when there is one. Called inside the transaction that
 * confirms the application, so an application is never confirmed without its agreement.
 */
export async function createAgreementForApplication(
  tx: Executor,
  params: { applicationId: string },
): Promise<{ agreementId: string }> {
  await createAgreementsForApplications(tx, { applicationIds: [params.applicationId] });
  const [row] = await tx
    .select({ id: agreements.id })
    .from(agreements)
    .where(eq(agreements.applicationId, params.applicationId));
  if (!row) throw notFound("Cette candidature n'existe pas.");
  return { agreementId: row.id };
}

const SLICE = 5000;

/**
 * Creates the agreements of these confirmed applications (skipping any that has one), prefilled
 * from the platform's data — school, class teacher, offer and period — with the 'agreement.created'
 * notice to the pupil, the referent teacher, the heads of school and the host's employers, and the
 * audit entry. Set-based (three statements per slice of 5,000), so a département campaign's
 * publication of 20,000 pupils fits in seconds. Throws if a pupil has no school.
 */
export async function createAgreementsForApplications(
  tx: Executor,
  params: { applicationIds: string[] },
): Promise<number> {
  let made = 0;
  for (let i = 0; i < params.applicationIds.length; i += SLICE) {
    const ids = params.applicationIds.slice(i, i + SLICE);
    const [homeless] = await queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from applications a
        left join students s on s.user_id = a.student_id
        where a.id in ${ids} and s.school_id is null`,
    );
    if (homeless!.n > 0) {
      throw conflict(
        'agreement.noSchool',
        "L'élève n'est rattaché à aucun établissement : la convention ne peut pas être préparée. L'établissement doit d'abord inscrire l'élève.",
      );
    }
    const created = await queryRows<{ id: string }>(
      tx,
      sql`insert into agreements (application_id, school_id, company_id, student_id,
          referent_teacher_id, teaching_annex, practical_annex)
        select a.id, s.school_id, o.company_id, a.student_id, c.teacher_id,
          jsonb_build_object(
            'referentTeacherName', coalesce(t.display_name, ''),
            'tutorName', o.tutor_name,
            'tutorRole', o.tutor_role,
            'startDate', p.start_date::text,
            'endDate', p.end_date::text,
            'dailyHours', o.schedule,
            'objectives', regexp_replace(
              'Découvrir le monde professionnel et un métier par l''observation. ' || o.description,
              '^\\s+|\\s+$', '', 'g')),
          ${JSON.stringify(DEFAULT_PRACTICAL_ANNEX)}::jsonb
        from applications a
        join offers o on o.id = a.offer_id
        join offer_periods p on p.id = a.period_id
        join students s on s.user_id = a.student_id
        left join classes c on c.id = s.class_id
        left join users t on t.id = c.teacher_id
        where a.id in ${ids}
          and not exists (select 1 from agreements g where g.application_id = a.id)
        returning id`,
    );
    if (created.length === 0) continue;
    const agreementIds = created.map((c) => c.id);
    await queryRows(
      tx,
      sql`insert into notifications (user_id, kind, data, link)
        select audience.user_id, 'agreement.created',
          jsonb_build_object('pupilName', s.first_name || ' ' || s.last_name,
            'offerTitle', o.title, 'startDate', p.start_date::text),
          '/conventions/' || g.id
        from agreements g
        join applications a on a.id = g.application_id
        join offers o on o.id = a.offer_id
        join offer_periods p on p.id = a.period_id
        join students s on s.user_id = g.student_id
        cross join lateral (
          select g.student_id as user_id
          union select g.referent_teacher_id where g.referent_teacher_id is not null
          union select m.user_id from school_memberships m
            where m.school_id = g.school_id and m.role = 'school_admin' and m.status = 'active'
          union select m.user_id from company_memberships m
            where m.company_id = g.company_id and m.role = 'employer' and m.status = 'active'
        ) audience
        where g.id in ${agreementIds}`,
    );
    await queryRows(
      tx,
      sql`insert into audit_log (actor_id, action, subject_type, subject_id, data)
        select null, 'agreement.created', 'agreement', g.id::text,
          jsonb_build_object('applicationId', g.application_id)
        from agreements g where g.id in ${agreementIds}`,
    );
    made += created.length;
  }
  return made;
}

// --- reading ------------------------------------------------------------------------------------

type Row = NonNullable<Awaited<ReturnType<typeof repo.getAgreement>>>;
type Signature = Awaited<ReturnType<typeof repo.listSignatures>>[number];

function abilities(
  row: Row,
  relations: repo.Relations,
  signatures: Signature[],
  today: string,
): AgreementAbilities {
  const open = row.status === 'signing' && !row.scannedCopyUploadedAt;
  const signed = new Set(signatures.map((s) => s.party));
  const ended = today >= row.teachingAnnex.endDate && row.status === 'signed';
  const signAs: AccountParty[] = [];
  if (open && relations.hostEmployer && !signed.has('host')) signAs.push('host');
  if (open && relations.schoolAdmin && !signed.has('school')) signAs.push('school');
  if (open && relations.pupil && !signed.has('pupil')) signAs.push('pupil');
  return {
    editAnnexes:
      open && (relations.schoolAdmin || relations.referentTeacher || relations.hostEmployer),
    signAs,
    sendGuardianLink:
      open &&
      !signed.has('guardian') &&
      Boolean(row.guardianEmail) &&
      (relations.schoolStaff || relations.pupil),
    uploadScan: open && relations.schoolStaff,
    confirmAttendance: ended && relations.hostEmployer && !row.attendanceConfirmedAt,
    giveFeedback: ended && relations.pupil && !row.pupilFeedback,
    readGuardianMails: relations.operator,
  };
}

/** One agreement as its reader sees it, with what they may do; undefined when out of reach. */
export async function readAgreement(
  db: Executor,
  params: { id: string; viewer: repo.Viewer; now: Date },
): Promise<Agreement | undefined> {
  const row = await repo.getAgreement(db, { id: params.id, viewer: params.viewer });
  if (!row) return undefined;
  const [signatures, link, relations, names] = await Promise.all([
    repo.listSignatures(db, { agreementId: row.id }),
    repo.latestGuardianLink(db, { agreementId: row.id, now: params.now }),
    repo.relationsOf(db, { viewer: params.viewer, agreement: row }),
    repo.userNames(db, row.scannedCopyUploadedBy ? [row.scannedCopyUploadedBy] : []),
  ]);
  return {
    id: row.id,
    reference: repo.referenceOf(row.id),
    status: row.status,
    version: repo.versionOf(row),
    applicationId: row.applicationId,
    offerId: row.offerId,
    offerTitle: row.offerTitle,
    school: {
      id: row.schoolId,
      uai: row.schoolUai,
      name: row.schoolName,
      address: row.schoolAddress,
      communeName: row.schoolCommune,
    },
    company: {
      id: row.companyId,
      siret: row.companySiret,
      name: row.companyName,
      address: row.companyAddress,
      communeName: row.companyCommune,
    },
    pupil: {
      id: row.studentId,
      firstName: row.pupilFirstName ?? row.pupilDisplayName,
      lastName: row.pupilLastName ?? '',
      birthDate: row.pupilBirthDate,
      className: row.className,
      level: row.pupilLevel,
    },
    guardian: { name: row.guardianName, hasEmail: Boolean(row.guardianEmail) },
    referentTeacherId: row.referentTeacherId,
    teachingAnnex: row.teachingAnnex,
    practicalAnnex: row.practicalAnnex,
    signatures: signatures.map((s) => ({
      party: s.party,
      signerName: s.signerName,
      signedAt: s.signedAt.toISOString(),
    })),
    guardianLink: link
      ? {
          sentTo: repo.maskEmail(link.email),
          sentAt: link.createdAt.toISOString(),
          expiresAt: link.expiresAt.toISOString(),
          state: link.state,
        }
      : null,
    scannedCopy: row.scannedCopyUploadedAt
      ? {
          contentType: row.scannedCopyType ?? 'application/octet-stream',
          uploadedAt: row.scannedCopyUploadedAt.toISOString(),
          uploadedByName: row.scannedCopyUploadedBy
            ? (names.get(row.scannedCopyUploadedBy) ?? null)
            : null,
        }
      : null,
    afterStage: {
      attendanceConfirmedAt: row.attendanceConfirmedAt?.toISOString() ?? null,
      tutorAppraisal: row.tutorAppraisal,
      pupilFeedback: row.pupilFeedback,
      opensOn: row.teachingAnnex.endDate,
    },
    can: abilities(row, relations, signatures, parisToday(params.now)),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listAgreementsFor(
  db: Executor,
  params: {
    viewer: repo.Viewer;
    status?: Agreement['status'];
    page: number;
    pageSize: number;
    now: Date;
  },
) {
  const { rows, total } = await repo.listAgreements(db, params);
  const today = parisToday(params.now);
  const me = params.viewer.userId;
  // What the list shows as "waiting for you" needs the memberships once, not per row.
  const relationsCache = new Map<string, repo.Relations>();
  const items = [];
  for (const r of rows) {
    const key = `${r.schoolId}/${r.companyId}/${r.studentId === me}/${r.referentTeacherId === me}`;
    let relations = relationsCache.get(key);
    if (!relations) {
      relations = await repo.relationsOf(db, { viewer: params.viewer, agreement: r });
      relationsCache.set(key, relations);
    }
    const signed = new Set(r.signedParties);
    const open = r.status === 'signing' && !r.hasScannedCopy;
    const ended = r.status === 'signed' && today >= r.teachingAnnex.endDate;
    const awaitingMe =
      (open &&
        ((relations.hostEmployer && !signed.has('host')) ||
          (relations.schoolAdmin && !signed.has('school')) ||
          (relations.pupil && !signed.has('pupil')))) ||
      (ended &&
        ((relations.hostEmployer && !r.attendanceConfirmedAt) ||
          (relations.pupil && !r.pupilFeedback)));
    items.push({
      id: r.id,
      reference: repo.referenceOf(r.id),
      status: r.status,
      pupilName: repo.pupilNameOf(r),
      className: r.className,
      schoolName: r.schoolName,
      companyName: r.companyName,
      offerTitle: r.offerTitle,
      startDate: r.teachingAnnex.startDate,
      endDate: r.teachingAnnex.endDate,
      signedParties: r.signedParties,
      hasScannedCopy: r.hasScannedCopy,
      awaitingMe,
    });
  }
  return { items, total, page: params.page, pageSize: params.pageSize };
}

// --- checks shared by the changes ------------------------------------------------------------------

async function lockedOr404(tx: Executor, id: string, viewer: repo.Viewer | null) {
  const row = await repo.getAgreement(tx, { id, viewer, forUpdate: true });
  if (!row) throw notFound("Cette convention n'existe pas ou ne vous concerne pas.");
  return row;
}

function assertOpenForSigning(row: Row) {
  if (row.scannedCopyUploadedAt) {
    throw conflict(
      'agreement.scanned',
      "Un exemplaire signé sur papier a été déposé : la convention n'est plus signée en ligne.",
    );
  }
  if (row.status !== 'signing') {
    throw conflict(
      'agreement.notSigning',
      row.status === 'cancelled'
        ? 'Cette convention est annulée.'
        : 'Cette convention est déjà signée par toutes les parties.',
    );
  }
}

function assertVersion(row: Row, version: string) {
  if (repo.versionOf(row) !== version) {
    throw conflict(
      'agreement.changed',
      'La convention a été modifiée depuis que vous l’avez ouverte : relisez-la avant de continuer.',
    );
  }
}

async function holidaysOfZoneC(db: Executor) {
  return db
    .select({
      label: schoolHolidays.label,
      startDate: schoolHolidays.startDate,
      endDate: schoolHolidays.endDate,
    })
    .from(schoolHolidays)
    .where(eq(schoolHolidays.zone, 'C'));
}

// --- the annexes ----------------------------------------------------------------------------------

export async function updateAnnexes(
  tx: Executor,
  params: { id: string; viewer: repo.Viewer; body: UpdateAnnexesBody; now: Date },
) {
  const row = await lockedOr404(tx, params.id, params.viewer);
  const relations = await repo.relationsOf(tx, { viewer: params.viewer, agreement: row });
  if (!(relations.schoolAdmin || relations.referentTeacher || relations.hostEmployer)) {
    throw forbidden(
      "Seuls le professeur référent, le chef d'établissement et l'entreprise d'accueil modifient les annexes.",
    );
  }
  if (row.status !== 'signing' || row.scannedCopyUploadedAt) {
    throw conflict(
      'agreement.locked',
      'La convention est signée : ses annexes ne peuvent plus être modifiées.',
    );
  }
  assertVersion(row, params.body.version);

  const teaching = params.body.teachingAnnex;
  const breaches = checkSchedule(teaching.dailyHours, {
    field: 'body.teachingAnnex.dailyHours',
  }).map(({ field, code, message }) => ({ field, code, message }));
  if (teaching.startDate > teaching.endDate) {
    breaches.push({
      field: 'body.teachingAnnex.endDate',
      code: 'period.order',
      message: 'La date de fin doit être le jour de début ou après.',
    });
  } else if (
    row.pupilLevel &&
    (teaching.startDate !== row.teachingAnnex.startDate ||
      teaching.endDate !== row.teachingAnnex.endDate)
  ) {
    // New dates must suit the pupil's level (3e: five days of school time; 2de: late June).
    breaches.push(
      ...checkPeriodForLevel(
        teaching,
        row.pupilLevel as StageLevel,
        {
          workingDays: new Set(teaching.dailyHours.map((d) => d.day)),
          holidays: await holidaysOfZoneC(tx),
        },
        'body.teachingAnnex.startDate',
      ),
    );
  }
  if (breaches.length > 0) {
    throw badRequest(
      'agreement.rules',
      breaches.length === 1
        ? breaches[0]!.message
        : `${breaches.length} points ne respectent pas les règles d'un stage de mineur.`,
      breaches,
    );
  }

  const signatures = await repo.listSignatures(tx, { agreementId: row.id });
  if (signatures.length > 0 && !params.body.clearSignatures) {
    const who = signatures.map((s) => PARTY_WORDS[s.party]).join(', ');
    throw conflict(
      'agreement.hasSignatures',
      `Déjà signée par ${who} : modifier les annexes efface ces signatures, et chacun devra signer à nouveau. Confirmez pour continuer.`,
      [
        {
          field: 'body.clearSignatures',
          code: 'agreement.hasSignatures',
          message: 'Confirmez que les signatures déjà données seront effacées.',
        },
      ],
    );
  }

  await tx
    .update(agreements)
    .set({
      teachingAnnex: {
        ...teaching,
        dailyHours: [...teaching.dailyHours].sort((a, b) => a.day - b.day),
      },
      practicalAnnex: params.body.practicalAnnex,
      updatedAt: params.now,
    })
    .where(eq(agreements.id, row.id));
  await recordAudit(tx, {
    actorId: params.viewer.userId,
    action: 'agreement.annexesUpdated',
    subjectType: 'agreement',
    subjectId: row.id,
  });
  if (signatures.length > 0) {
    await tx.delete(agreementSignatures).where(eq(agreementSignatures.agreementId, row.id));
    await recordAudit(tx, {
      actorId: params.viewer.userId,
      action: 'agreement.signaturesCleared',
      subjectType: 'agreement',
      subjectId: row.id,
      data: { parties: signatures.map((s) => s.party) },
    });
    const signers = [
      ...new Set(signatures.flatMap((s) => (s.signerId ? [s.signerId] : []))),
    ].filter((id) => id !== params.viewer.userId);
    await notify(
      tx,
      signers.map((userId) => ({
        userId,
        kind: 'agreement.signaturesCleared',
        data: { reference: repo.referenceOf(row.id), pupilName: repo.pupilNameOf(row) },
        link: `/conventions/${row.id}`,
      })),
    );
    if (signatures.some((s) => s.party === 'guardian') && row.guardianEmail) {
      await queueMail(tx, {
        to: row.guardianEmail,
        subject: `Convention de stage de ${row.pupilFirstName ?? repo.pupilNameOf(row)} : modifiée, à signer de nouveau`,
        text: [
          `Bonjour${row.guardianName ? ` ${row.guardianName}` : ''},`,
          '',
          `La convention de stage de ${repo.pupilNameOf(row)} chez ${row.companyName} a été modifiée après votre signature. Votre signature est donc annulée : l'établissement ou l'élève vous enverra un nouveau lien pour relire et signer la nouvelle version.`,
          '',
          `Convention ${repo.referenceOf(row.id)} — Tremplin, la plateforme école–entreprise du Val-de-Marne`,
        ].join('\n'),
      });
    }
  }
}

// --- signatures ------------------------------------------------------------------------------------

/** When the fourth signature (or a scanned copy) arrives: signed, and everyone is told. */
async function markSignedIfComplete(
  tx: Executor,
  params: { row: Row; actorId: string | null; now: Date; byScan?: boolean },
) {
  const { row } = params;
  if (!params.byScan) {
    const signatures = await repo.listSignatures(tx, { agreementId: row.id });
    if (signatures.length < 4) return false;
  }
  const updated = await tx
    .update(agreements)
    .set({ status: 'signed', updatedAt: params.now })
    .where(and(eq(agreements.id, row.id), eq(agreements.status, 'signing')))
    .returning({ id: agreements.id });
  if (updated.length === 0) return false;
  await recordAudit(tx, {
    actorId: params.actorId,
    action: 'agreement.statusChanged',
    subjectType: 'agreement',
    subjectId: row.id,
    data: { from: 'signing', to: 'signed', byScan: Boolean(params.byScan) },
  });
  const audience = await repo.audienceOf(tx, {
    agreementId: row.id,
    schoolId: row.schoolId,
    companyId: row.companyId,
  });
  await notify(
    tx,
    audience.map((userId) => ({
      userId,
      kind: 'agreement.signed',
      data: {
        reference: repo.referenceOf(row.id),
        pupilName: repo.pupilNameOf(row),
        companyName: row.companyName,
      },
      link: `/conventions/${row.id}`,
    })),
  );
  const pdf = await renderPdf(tx, { row, now: params.now });
  const attachment = {
    filename: `convention-${repo.referenceOf(row.id)}.pdf`,
    contentType: 'application/pdf',
    content: Buffer.from(pdf).toString('base64'),
  };
  const text = (greeting: string) =>
    [
      greeting,
      '',
      `La convention de stage de ${repo.pupilNameOf(row)} chez ${row.companyName}, du ${frDate(row.teachingAnnex.startDate)} au ${frDate(row.teachingAnnex.endDate)}, est signée par toutes les parties. Vous la trouverez en pièce jointe.`,
      '',
      `Convention ${repo.referenceOf(row.id)} — Tremplin, la plateforme école–entreprise du Val-de-Marne`,
    ].join('\n');
  if (row.guardianEmail) {
    await queueMail(tx, {
      to: row.guardianEmail,
      subject: `Convention de stage de ${row.pupilFirstName ?? repo.pupilNameOf(row)} : signée`,
      text: text(`Bonjour${row.guardianName ? ` ${row.guardianName}` : ''},`),
      attachments: [attachment],
    });
  }
  if (row.pupilEmail) {
    await queueMail(tx, {
      to: row.pupilEmail,
      subject: 'Ta convention de stage est signée',
      text: text(`Bonjour ${row.pupilFirstName ?? repo.pupilNameOf(row)},`),
      attachments: [attachment],
    });
  }
  return true;
}

export interface SignatureOrigin {
  ip: string;
  userAgent: string;
}

/** A party with an account signs: the host's employer, the head of school, or the pupil. */
export async function signAsAccount(
  tx: Executor,
  params: {
    id: string;
    viewer: repo.Viewer;
    as: AccountParty;
    version: string;
    origin: SignatureOrigin;
    now: Date;
  },
) {
  const row = await lockedOr404(tx, params.id, params.viewer);
  const relations = await repo.relationsOf(tx, { viewer: params.viewer, agreement: row });
  const allowed = {
    host: relations.hostEmployer,
    school: relations.schoolAdmin,
    pupil: relations.pupil,
  }[params.as];
  if (!allowed) {
    throw forbidden(
      {
        host: "Seul un gestionnaire de l'entreprise d'accueil signe pour elle.",
        school: "Seul le chef d'établissement de l'élève signe pour l'établissement.",
        pupil: "Seul l'élève signe à sa place.",
      }[params.as],
    );
  }
  assertOpenForSigning(row);
  assertVersion(row, params.version);
  const signerName =
    params.as === 'pupil'
      ? repo.pupilNameOf(row)
      : ((await repo.userNames(tx, [params.viewer.userId])).get(params.viewer.userId) ?? '');
  const inserted = await tx
    .insert(agreementSignatures)
    .values({
      agreementId: row.id,
      party: params.as,
      signerId: params.viewer.userId,
      signerName,
      signedAt: params.now,
      ipAddress: params.origin.ip,
      userAgent: params.origin.userAgent.slice(0, 500),
    })
    .onConflictDoNothing()
    .returning({ id: agreementSignatures.id });
  if (inserted.length === 0) {
    throw conflict(
      'signature.exists',
      `La convention est déjà signée pour ${PARTY_WORDS[params.as]}.`,
    );
  }
  await recordAudit(tx, {
    actorId: params.viewer.userId,
    action: 'agreement.signed',
    subjectType: 'agreement',
    subjectId: row.id,
    data: { party: params.as },
  });
  await markSignedIfComplete(tx, { row, actorId: params.viewer.userId, now: params.now });
}

// --- the guardian's link --------------------------------------------------------------------------

/** Sends the guardian a new single-use link by e-mail; any link still open stops working. */
export async function sendGuardianLink(
  tx: Executor,
  params: { id: string; viewer: repo.Viewer; now: Date; webUrl: string },
) {
  const row = await lockedOr404(tx, params.id, params.viewer);
  const relations = await repo.relationsOf(tx, { viewer: params.viewer, agreement: row });
  if (!(relations.schoolStaff || relations.pupil)) {
    throw forbidden("Le lien de signature est envoyé par l'établissement ou par l'élève.");
  }
  assertOpenForSigning(row);
  const signatures = await repo.listSignatures(tx, { agreementId: row.id });
  if (signatures.some((s) => s.party === 'guardian')) {
    throw conflict('signature.exists', 'Le représentant légal a déjà signé cette convention.');
  }
  if (!row.guardianEmail) {
    throw badRequest(
      'guardian.noEmail',
      "Aucune adresse e-mail de représentant légal n'est connue pour cet élève : l'établissement doit la renseigner dans la fiche de l'élève.",
    );
  }
  await repo.voidGuardianLinks(tx, { agreementId: row.id, now: params.now });
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(params.now.getTime() + GUARDIAN_LINK_DAYS * 86_400_000);
  await repo.insertGuardianLink(tx, {
    agreementId: row.id,
    tokenHash: repo.hashToken(token),
    email: row.guardianEmail,
    expiresAt,
    now: params.now,
  });
  const pupil = repo.pupilNameOf(row);
  await queueMail(tx, {
    to: row.guardianEmail,
    subject: `Convention de stage de ${row.pupilFirstName ?? pupil} : votre signature`,
    text: [
      `Bonjour${row.guardianName ? ` ${row.guardianName}` : ''},`,
      '',
      `${pupil}, élève de ${row.schoolName}, va faire un stage d'observation chez ${row.companyName} du ${frDate(row.teachingAnnex.startDate)} au ${frDate(row.teachingAnnex.endDate)}.`,
      "En tant que représentant légal, votre signature est nécessaire sur la convention de stage. Vous n'avez pas besoin de compte Tremplin.",
      '',
      `Lisez la convention et signez-la en ligne (lien personnel, utilisable une seule fois, valable jusqu'au ${frDateTime(expiresAt)}) :`,
      `${params.webUrl.replace(/\/$/, '')}/convention/signer/${token}`,
      '',
      "Si vous n'êtes pas le représentant légal de cet élève, ne signez pas et prévenez l'établissement.",
      '',
      `Convention ${repo.referenceOf(row.id)} — Tremplin, la plateforme école–entreprise du Val-de-Marne`,
    ].join('\n'),
  });
  await recordAudit(tx, {
    actorId: params.viewer.userId,
    action: 'agreement.guardianLinkSent',
    subjectType: 'agreement',
    subjectId: row.id,
  });
  return { sentTo: repo.maskEmail(row.guardianEmail), expiresAt: expiresAt.toISOString() };
}

async function linkOr404(db: Executor, token: string) {
  const link = await repo.findGuardianLink(db, { tokenHash: repo.hashToken(token) });
  if (!link) throw notFound("Ce lien de signature n'est pas valide. Vérifiez qu'il est complet.");
  return link;
}

/** What the guardian's link opens: the convention while the link is active, else why not. */
export async function openGuardianLink(
  db: Executor,
  params: { token: string; now: Date },
): Promise<GuardianLinkView> {
  const link = await linkOr404(db, params.token);
  const state = repo.linkState(link, { newer: link.newer, now: params.now });
  const base = {
    state,
    expiresAt: link.expiresAt.toISOString(),
    usedAt: link.usedAt?.toISOString() ?? null,
  };
  if (state !== 'active') return { ...base, agreement: null };
  const row = await repo.getAgreement(db, { id: link.agreementId, viewer: null });
  if (!row) throw notFound("Ce lien de signature n'est pas valide.");
  const signatures = await repo.listSignatures(db, { agreementId: row.id });
  return {
    ...base,
    agreement: {
      reference: repo.referenceOf(row.id),
      version: repo.versionOf(row),
      status: row.status,
      pupilName: repo.pupilNameOf(row),
      guardianName: row.guardianName,
      schoolName: row.schoolName,
      companyName: row.companyName,
      companyAddress: [row.companyAddress, row.companyCommune].filter(Boolean).join(', '),
      offerTitle: row.offerTitle,
      teachingAnnex: row.teachingAnnex,
      practicalAnnex: row.practicalAnnex,
      signatures: signatures.map((s) => ({
        party: s.party,
        signerName: s.signerName,
        signedAt: s.signedAt.toISOString(),
      })),
    },
  };
}

function linkRefusal(state: ReturnType<typeof repo.linkState>): AppError {
  switch (state) {
    case 'used':
      return conflict(
        'link.used',
        'Ce lien a déjà servi : la convention a été signée avec lui. Chaque lien ne sert qu’une fois.',
      );
    case 'replaced':
      return conflict(
        'link.replaced',
        'Un nouveau lien vous a été envoyé depuis : utilisez le plus récent.',
      );
    default:
      return conflict(
        'link.expired',
        "Ce lien a expiré. Demandez un nouveau lien à l'établissement ou à l'élève.",
      );
  }
}

/** The guardian signs through their link, which then stops working. */
export async function signAsGuardian(
  tx: Executor,
  params: {
    token: string;
    signerName: string;
    version: string;
    origin: SignatureOrigin;
    now: Date;
  },
) {
  const link = await linkOr404(tx, params.token);
  const state = repo.linkState(link, { newer: link.newer, now: params.now });
  if (state !== 'active') throw linkRefusal(state);
  const row = await lockedOr404(tx, link.agreementId, null);
  assertOpenForSigning(row);
  assertVersion(row, params.version);
  if (!(await repo.useGuardianLink(tx, { id: link.id, now: params.now }))) {
    throw linkRefusal('used');
  }
  const inserted = await tx
    .insert(agreementSignatures)
    .values({
      agreementId: row.id,
      party: 'guardian',
      signerId: null,
      signerName: params.signerName.trim(),
      signedAt: params.now,
      ipAddress: params.origin.ip,
      userAgent: params.origin.userAgent.slice(0, 500),
    })
    .onConflictDoNothing()
    .returning({ id: agreementSignatures.id });
  if (inserted.length === 0) {
    throw conflict('signature.exists', 'Le représentant légal a déjà signé cette convention.');
  }
  await recordAudit(tx, {
    actorId: null,
    action: 'agreement.signed',
    subjectType: 'agreement',
    subjectId: row.id,
    data: { party: 'guardian', linkId: link.id },
  });
  await markSignedIfComplete(tx, { row, actorId: null, now: params.now });
}

export async function guardianPdf(db: Executor, params: { token: string; now: Date }) {
  const link = await linkOr404(db, params.token);
  const state = repo.linkState(link, { newer: link.newer, now: params.now });
  if (state !== 'active') throw linkRefusal(state);
  const row = await repo.getAgreement(db, { id: link.agreementId, viewer: null });
  if (!row) throw notFound("Ce lien de signature n'est pas valide.");
  return {
    reference: repo.referenceOf(row.id),
    pdf: await renderPdf(db, { row, now: params.now }),
  };
}

// --- the scanned copy ------------------------------------------------------------------------------

/** The file's real type, read from its first bytes (never from its name). */
export function sniffScan(content: Buffer): 'application/pdf' | 'image/jpeg' | 'image/png' | null {
  if (content.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (content[0] === 0xff && content[1] === 0xd8 && content[2] === 0xff) return 'image/jpeg';
  if (content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  return null;
}

/** A teacher or head of the school uploads the copy signed on paper: it stands for the rest. */
export async function uploadScannedCopy(
  tx: Executor,
  params: { id: string; viewer: repo.Viewer; content: Buffer; now: Date },
) {
  const row = await lockedOr404(tx, params.id, params.viewer);
  const relations = await repo.relationsOf(tx, { viewer: params.viewer, agreement: row });
  if (!relations.schoolStaff) {
    throw forbidden(
      "Seuls les professeurs et la direction de l'établissement déposent l'exemplaire signé.",
    );
  }
  assertOpenForSigning(row);
  if (params.content.length === 0) {
    throw badRequest('scan.empty', 'Le fichier est vide.', [
      { field: 'body.contentBase64', code: 'scan.empty', message: 'Le fichier est vide.' },
    ]);
  }
  if (params.content.length > SCANNED_COPY_MAX_BYTES) {
    const limit = `${SCANNED_COPY_MAX_BYTES / 1024 / 1024} Mo`;
    throw new AppError(413, 'scan.tooLarge', `Le fichier dépasse ${limit}.`, [
      {
        field: 'body.contentBase64',
        code: 'scan.tooLarge',
        message: `Le fichier dépasse ${limit} : numérisez-le en résolution plus basse.`,
      },
    ]);
  }
  const type = sniffScan(params.content);
  if (!type) {
    const message =
      "Ce fichier n'est ni un PDF, ni une image JPEG ou PNG (son contenu a été vérifié, pas seulement son nom).";
    throw new AppError(415, 'scan.type', message, [
      { field: 'body.contentBase64', code: 'scan.type', message },
    ]);
  }
  await tx
    .update(agreements)
    .set({
      scannedCopy: params.content,
      scannedCopyType: type,
      scannedCopyUploadedBy: params.viewer.userId,
      scannedCopyUploadedAt: params.now,
    })
    .where(eq(agreements.id, row.id));
  await repo.voidGuardianLinks(tx, { agreementId: row.id, now: params.now });
  await recordAudit(tx, {
    actorId: params.viewer.userId,
    action: 'agreement.scanUploaded',
    subjectType: 'agreement',
    subjectId: row.id,
    data: { contentType: type, bytes: params.content.length },
  });
  const fresh = await lockedOr404(tx, row.id, null);
  await markSignedIfComplete(tx, {
    row: fresh,
    actorId: params.viewer.userId,
    now: params.now,
    byScan: true,
  });
}

// --- after the stage -----------------------------------------------------------------------------

function assertStageOver(row: Row, now: Date) {
  if (row.status === 'completed') {
    throw conflict('agreement.completed', 'Le stage est déjà clos.');
  }
  if (row.status !== 'signed') {
    throw conflict(
      'agreement.notSigned',
      'La convention doit être signée par toutes les parties avant de clore le stage.',
    );
  }
  if (parisToday(now) < row.teachingAnnex.endDate) {
    throw conflict(
      'stage.notOver',
      `Le stage n'est pas terminé : vous pourrez le clore à partir du ${frDate(row.teachingAnnex.endDate)}.`,
    );
  }
}

/** Both sides have spoken: the stage is completed and enters the pupil's passport (once). */
async function completeIfDone(tx: Executor, params: { id: string; actorId: string; now: Date }) {
  const row = await lockedOr404(tx, params.id, null);
  if (!row.attendanceConfirmedAt || !row.pupilFeedback || row.status !== 'signed') return false;
  await tx
    .update(agreements)
    .set({ status: 'completed', updatedAt: params.now })
    .where(and(eq(agreements.id, row.id), eq(agreements.status, 'signed')));
  await tx
    .insert(passportEntries)
    .values({
      studentId: row.studentId,
      kind: 'stage',
      sourceType: 'agreement',
      sourceId: row.id,
      title: `Stage d'observation chez ${row.companyName}`,
      description: `${row.offerTitle} — du ${frDate(row.teachingAnnex.startDate)} au ${frDate(row.teachingAnnex.endDate)}, ${row.companyCommune}. Tuteur : ${[row.teachingAnnex.tutorName, row.teachingAnnex.tutorRole].filter(Boolean).join(', ')}.`,
      appraisal: row.tutorAppraisal,
      occurredOn: row.teachingAnnex.startDate,
    })
    .onConflictDoNothing();
  await recordAudit(tx, {
    actorId: params.actorId,
    action: 'agreement.statusChanged',
    subjectType: 'agreement',
    subjectId: row.id,
    data: { from: 'signed', to: 'completed' },
  });
  await notify(
    tx,
    (
      await repo.audienceOf(tx, {
        agreementId: row.id,
        schoolId: row.schoolId,
        companyId: row.companyId,
      })
    ).map((userId) => ({
      userId,
      kind: 'agreement.completed',
      data: {
        reference: repo.referenceOf(row.id),
        pupilName: repo.pupilNameOf(row),
        companyName: row.companyName,
      },
      link: `/conventions/${row.id}`,
    })),
  );
  return true;
}

export async function confirmAttendance(
  tx: Executor,
  params: { id: string; viewer: repo.Viewer; appraisal: string; now: Date },
) {
  const row = await lockedOr404(tx, params.id, params.viewer);
  const relations = await repo.relationsOf(tx, { viewer: params.viewer, agreement: row });
  if (!relations.hostEmployer) {
    throw forbidden("La présence est confirmée par l'entreprise d'accueil.");
  }
  assertStageOver(row, params.now);
  if (row.attendanceConfirmedAt) {
    throw conflict('attendance.done', 'La présence de l’élève est déjà confirmée.');
  }
  await tx
    .update(agreements)
    .set({ attendanceConfirmedAt: params.now, tutorAppraisal: params.appraisal.trim() })
    .where(eq(agreements.id, row.id));
  await recordAudit(tx, {
    actorId: params.viewer.userId,
    action: 'agreement.attendanceConfirmed',
    subjectType: 'agreement',
    subjectId: row.id,
  });
  await completeIfDone(tx, { id: row.id, actorId: params.viewer.userId, now: params.now });
}

export async function giveFeedback(
  tx: Executor,
  params: { id: string; viewer: repo.Viewer; feedback: string; now: Date },
) {
  const row = await lockedOr404(tx, params.id, params.viewer);
  const relations = await repo.relationsOf(tx, { viewer: params.viewer, agreement: row });
  if (!relations.pupil) throw forbidden("Seul l'élève donne son avis sur son stage.");
  assertStageOver(row, params.now);
  if (row.pupilFeedback) throw conflict('feedback.done', 'Tu as déjà donné ton avis sur ce stage.');
  await tx
    .update(agreements)
    .set({ pupilFeedback: params.feedback.trim() })
    .where(eq(agreements.id, row.id));
  await recordAudit(tx, {
    actorId: params.viewer.userId,
    action: 'agreement.feedbackGiven',
    subjectType: 'agreement',
    subjectId: row.id,
  });
  await completeIfDone(tx, { id: row.id, actorId: params.viewer.userId, now: params.now });
}

// --- the PDF ---------------------------------------------------------------------------------------

export async function renderPdf(db: Executor, params: { row: Row; now: Date }) {
  const { row } = params;
  const [signatures, names] = await Promise.all([
    repo.listSignatures(db, { agreementId: row.id }),
    repo.userNames(db, row.scannedCopyUploadedBy ? [row.scannedCopyUploadedBy] : []),
  ]);
  const input: AgreementPdfInput = {
    reference: repo.referenceOf(row.id),
    version: repo.versionOf(row),
    status: row.status,
    school: {
      name: row.schoolName,
      uai: row.schoolUai,
      address: row.schoolAddress,
      communeName: row.schoolCommune,
    },
    company: {
      name: row.companyName,
      siret: row.companySiret,
      address: row.companyAddress,
      communeName: row.companyCommune,
    },
    pupil: {
      name: repo.pupilNameOf(row),
      birthDate: row.pupilBirthDate,
      className: row.className,
      level: row.pupilLevel,
    },
    guardianName: row.guardianName,
    offerTitle: row.offerTitle,
    teachingAnnex: row.teachingAnnex,
    practicalAnnex: row.practicalAnnex,
    signatures,
    scannedCopy: row.scannedCopyUploadedAt
      ? {
          uploadedAt: row.scannedCopyUploadedAt,
          uploadedByName: row.scannedCopyUploadedBy
            ? (names.get(row.scannedCopyUploadedBy) ?? null)
            : null,
        }
      : null,
    generatedAt: params.now,
  };
  return renderAgreementPdf(input);
}

export async function agreementPdf(
  db: Executor,
  params: { id: string; viewer: repo.Viewer; now: Date },
) {
  const row = await repo.getAgreement(db, { id: params.id, viewer: params.viewer });
  if (!row) return undefined;
  return {
    reference: repo.referenceOf(row.id),
    hasScannedCopy: Boolean(row.scannedCopyUploadedAt),
    pdf: await renderPdf(db, { row, now: params.now }),
  };
}

/** For support: the e-mails that went to the guardian's addresses about this agreement. */
export async function guardianMailsOf(db: Executor, params: { id: string; viewer: repo.Viewer }) {
  const row = await repo.getAgreement(db, { id: params.id, viewer: params.viewer });
  if (!row) return undefined;
  const emails = new Set(await repo.guardianLinkEmails(db, { agreementId: row.id }));
  if (row.guardianEmail) emails.add(row.guardianEmail);
  return repo.guardianMails(db, { emails: [...emails], since: row.createdAt });
}

// --- reminders -------------------------------------------------------------------------------------

/**
 * The morning after a signed stage ended, tells the host's employers (attendance and appraisal to give)
 * and the pupil (feedback to give) — once each: a reminder already sent is not sent again.
 * Run every morning by the job `agreements.after-stage`; returns how many were sent.
 */
export async function remindAfterStage(db: Executor, params: { now: Date }): Promise<number> {
  const today = parisToday(params.now);
  const rows = await queryRows<{
    user_id: string;
    agreement_id: string;
    kind: string;
    pupil_name: string;
    company_name: string;
  }>(
    db,
    sql`select r.user_id, r.agreement_id, r.kind, r.pupil_name, r.company_name from (
      select m.user_id, a.id as agreement_id, 'agreement.attendanceDue' as kind,
             coalesce(s.first_name || ' ' || s.last_name, u.display_name) as pupil_name,
             c.name as company_name
      from agreements a
      join company_memberships m on m.company_id = a.company_id
        and m.role = 'employer' and m.status = 'active'
      join companies c on c.id = a.company_id
      join users u on u.id = a.student_id
      left join students s on s.user_id = a.student_id
      where a.status = 'signed' and a.attendance_confirmed_at is null
        and a.teaching_annex->>'endDate' < ${today}
      union all
      select a.student_id, a.id, 'agreement.feedbackDue',
             coalesce(s.first_name || ' ' || s.last_name, u.display_name), c.name
      from agreements a
      join companies c on c.id = a.company_id
      join users u on u.id = a.student_id
      left join students s on s.user_id = a.student_id
      where a.status = 'signed' and a.pupil_feedback is null
        and a.teaching_annex->>'endDate' < ${today}
    ) r
    where not exists (
      select 1 from notifications n
      where n.user_id = r.user_id and n.kind = r.kind
        and n.link = '/conventions/' || r.agreement_id::text)
    limit 1000`,
  );
  await notify(
    db,
    rows.map((r) => ({
      userId: r.user_id,
      kind: r.kind,
      data: { pupilName: r.pupil_name, companyName: r.company_name },
      link: `/conventions/${r.agreement_id}`,
    })),
  );
  return rows.length;
}
