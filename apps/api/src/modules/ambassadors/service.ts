// Ambassadors and their visits: the profile and its verification (an operator, or an active
// employer of the ambassador's company), visit requests and the ambassadors proposed for them,
// the ambassador's answer (one visit a day, a monthly maximum: a second teacher asking for the same
// day gets a clear 409 and their request moves on to the next best ambassador), the head of
// school's authorisation without which nothing is confirmed, the confirmation with its .ics,
// attendance, feedback, the batch assignment, and the daily job (reminders, lapsed proposals).
//
// Safeguarding: nothing here returns anyone's e-mail or phone number; e-mails go to each person's
// own address through the outbox and say only what happened on the platform.
import type {
  AmbassadorCard,
  AmbassadorProfile,
  AmbassadorProfileBody,
  CreateVisitRequestBody,
  VisitAssignmentResult,
  VisitRequest,
  VisitRequestStatus,
} from '@tremplin/contracts';
import { VISIT_PROPOSAL_DAYS, VisitActivityKinds } from '@tremplin/contracts';
import { type Executor, queryRows } from '@tremplin/db';
import { sql } from 'drizzle-orm';
import { conflict, forbidden, invalidField, notFound } from '../../lib/problem.js';
import { recordAudit } from '../audit/repository.js';
import {
  frenchDate,
  isRealDate,
  parisToday,
  schoolYearBounds,
  schoolYearOf,
} from '../classes/calendar.js';
import { getStaffActivity } from '../modules/repository.js';
import { completeActivity } from '../modules/service.js';
import { notify, queueMail } from '../notifications/repository.js';
import { visitIcs } from './ics.js';
import { calendarOf, planBatch, proposalsFor } from './pairing.js';
import * as repo from './repository.js';

export const NOT_FOUND = {
  visit: "Cette demande de visite n'existe pas ou ne vous concerne pas.",
  profile: "Ce profil d'ambassadeur n'existe pas ou ne relève pas de vous.",
};

const SIGNATURE = "L'équipe Tremplin, la plateforme école–entreprise du Val-de-Marne";
const DAY_MS = 86_400_000;
const monthStart = (day: string) => `${day.slice(0, 7)}-01`;
const linkOf = (id: string) => `/ambassadeurs/visites/${id}`;

export interface Options {
  now: Date;
  webUrl: string;
}

// --- profiles ------------------------------------------------------------------------------------

export function serialiseProfile(row: repo.ProfileRow): AmbassadorProfile {
  return {
    userId: row.userId,
    displayName: row.displayName,
    company: row.companyId && row.companyName ? { id: row.companyId, name: row.companyName } : null,
    trades: row.trades,
    bio: row.bio,
    communes: row.communes,
    formats: row.formats,
    maxVisitsPerMonth: row.maxVisitsPerMonth,
    availableDates: row.availableDates,
    verified: row.verifiedAt !== null,
    verifiedAt: row.verifiedAt,
    updatedAt: row.updatedAt,
  };
}

export function serialiseCard(row: repo.DirectoryRow, today: string): AmbassadorCard {
  return {
    userId: row.userId,
    displayName: row.displayName,
    companyName: row.companyName,
    trades: row.trades,
    bio: row.bio,
    communes: row.communes,
    formats: row.formats,
    maxVisitsPerMonth: row.maxVisitsPerMonth,
    nextDates: row.availableDates.filter((d) => d >= today).slice(0, 5),
    visitsThisYear: row.visitsThisYear,
  };
}

/** Creates or replaces the ambassador's own profile. */
export async function saveProfile(
  tx: Executor,
  params: { userId: string; body: AmbassadorProfileBody; now: Date; webUrl: string },
) {
  const { body } = params;
  const today = parisToday(params.now);
  if (body.companyId && !(await repo.companyExists(tx, body.companyId))) {
    throw invalidField('body.companyId', 'company.unknown', "Cette entreprise n'existe pas.");
  }
  const labels = await repo.knownTrades(tx, body.tradeCodes);
  const unknownTrades = body.tradeCodes.filter((c) => !labels.has(c));
  if (unknownTrades.length > 0) {
    throw invalidField(
      'body.tradeCodes',
      'trade.unknown',
      `Métier inconnu du répertoire ROME : ${unknownTrades.join(', ')}.`,
    );
  }
  const known = await repo.knownCommunes(tx, body.communes);
  const unknownCommunes = body.communes.filter((c) => !known.has(c));
  if (unknownCommunes.length > 0) {
    throw invalidField(
      'body.communes',
      'commune.unknown',
      `Commune hors du Val-de-Marne ou inconnue : ${unknownCommunes.join(', ')}.`,
    );
  }
  const limit = new Date(params.now.getTime() + 550 * DAY_MS).toISOString().slice(0, 10);
  for (const [i, day] of body.availableDates.entries()) {
    if (!isRealDate(day)) {
      throw invalidField(`body.availableDates.${i}`, 'format', 'Date invalide.');
    }
    if (day > limit) {
      throw invalidField(
        `body.availableDates.${i}`,
        'date.tooFar',
        `Le ${frenchDate(day)} est trop loin : donnez des dates des dix-huit prochains mois.`,
      );
    }
  }
  // Past days are dropped: they can no longer be offered to a class.
  const availableDates = [...new Set(body.availableDates.filter((d) => d >= today))].sort();
  const before = await repo.getProfile(tx, { userId: params.userId });
  const saved = await repo.saveProfile(tx, {
    userId: params.userId,
    now: params.now,
    values: {
      companyId: body.companyId,
      tradeCodes: body.tradeCodes,
      bio: body.bio.trim(),
      communes: body.communes,
      formats: body.formats,
      maxVisitsPerMonth: body.maxVisitsPerMonth,
      availableDates,
    },
  });
  // A new profile, or a new company: its employers are asked to confirm them.
  if (body.companyId && !saved.verifiedAt && before?.companyId !== body.companyId) {
    const employers = (await repo.employersOf(tx, body.companyId)).filter(
      (e) => e.userId !== params.userId,
    );
    const me = await repo.userEmail(tx, params.userId);
    await notify(
      tx,
      employers.map((e) => ({
        userId: e.userId,
        kind: 'ambassador.verificationNeeded',
        data: { ambassadorName: me?.displayName ?? '' },
        link: '/ambassadeurs/verification',
      })),
    );
    for (const e of employers) {
      if (!e.email) continue;
      await queueMail(tx, {
        to: e.email,
        subject: 'Tremplin – un ambassadeur des métiers de votre entreprise à confirmer',
        text: `Bonjour,\n\n${me?.displayName ?? 'Une personne'} se présente sur Tremplin comme ambassadeur des métiers de votre entreprise. Confirmez-vous qu'il ou elle y travaille ?\n\nRépondre dans Tremplin : ${params.webUrl}/ambassadeurs/verification\n\n${SIGNATURE}`,
      });
    }
  }
  return serialiseProfile((await repo.getProfile(tx, { userId: params.userId }))!);
}

export async function setVerification(
  tx: Executor,
  params: { userId: string; viewer: repo.Viewer; verified: boolean; now: Date },
) {
  const row = await repo.getForVerification(tx, { userId: params.userId, viewer: params.viewer });
  if (!row) throw notFound(NOT_FOUND.profile);
  const was = row.verifiedAt !== null;
  if (was !== params.verified) {
    await repo.setVerified(tx, {
      userId: row.userId,
      verifiedBy: params.verified ? params.viewer.userId : null,
      now: params.verified ? params.now : null,
    });
    await recordAudit(tx, {
      actorId: params.viewer.userId,
      action: params.verified ? 'ambassador.verified' : 'ambassador.unverified',
      subjectType: 'user',
      subjectId: row.userId,
      data: { as: params.viewer.isOperator ? 'operator' : 'employer' },
    });
    await notify(tx, {
      userId: row.userId,
      kind: params.verified ? 'ambassador.verified' : 'ambassador.unverified',
      link: '/ambassadeurs/profil',
    });
  }
  return serialiseProfile((await repo.getProfile(tx, { userId: row.userId }))!);
}

// --- visit requests: reading ---------------------------------------------------------------------

export function serialiseVisit(
  row: repo.VisitRow,
  viewer: repo.Viewer,
  today: string,
): VisitRequest {
  const ambassador = row.ambassadorId === viewer.userId;
  const staff = row.isStaff;
  const status = row.status;
  return {
    id: row.id,
    status,
    activity:
      row.activityId && row.moduleId
        ? {
            id: row.activityId,
            title: row.activityTitle ?? '',
            moduleId: row.moduleId,
            moduleTitle: row.moduleTitle ?? '',
          }
        : null,
    school: {
      id: row.schoolId,
      name: row.schoolName,
      address: row.schoolAddress,
      communeName: row.schoolCommuneName,
    },
    class: row.classId && row.className ? { id: row.classId, name: row.className } : null,
    teacher: row.teacherId && row.teacherName ? { id: row.teacherId, name: row.teacherName } : null,
    trades: row.trades,
    candidateDates: row.candidateDates,
    classSize: row.classSize,
    level: row.level,
    format: row.format,
    ambassador:
      row.ambassadorId && row.ambassadorName
        ? {
            id: row.ambassadorId,
            displayName: row.ambassadorName,
            companyName: row.ambassadorCompany,
          }
        : null,
    visitDate: row.visitDate,
    declinedCount: row.declinedAmbassadorIds.length,
    authorisedAt: row.authorisedAt,
    authorisedByName: row.authorisedByName,
    refusalReason: row.refusalReason,
    attendance: row.attendance,
    teacherFeedback: row.teacherFeedback,
    ambassadorFeedback: row.ambassadorFeedback,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    can: {
      propose: staff && status === 'open',
      cancel: staff && ['open', 'proposed', 'accepted', 'authorised'].includes(status),
      accept: ambassador && status === 'proposed',
      decline: ambassador && status === 'proposed',
      authorise: row.isHead && status === 'accepted',
      refuse: row.isHead && status === 'accepted',
      recordAttendance:
        staff && status === 'authorised' && row.visitDate !== null && row.visitDate <= today,
      giveFeedback:
        status === 'done' &&
        ((staff && !row.teacherFeedback) || (ambassador && !row.ambassadorFeedback)),
      downloadIcs: (staff || ambassador) && (status === 'authorised' || status === 'done'),
    },
  };
}

export async function readVisit(
  db: Executor,
  params: { id: string; viewer: repo.Viewer; now: Date },
) {
  const row = await repo.getVisit(db, params);
  if (!row) throw notFound(NOT_FOUND.visit);
  return serialiseVisit(row, params.viewer, parisToday(params.now));
}

async function matchingInputs(db: Executor, today: string) {
  const { start, end } = schoolYearBounds(schoolYearOf(today));
  const [ambassadors, bookings] = await Promise.all([
    repo.ambassadorsForMatching(db, { yearStart: start, yearEnd: end, from: today }),
    repo.bookingsFrom(db, { from: monthStart(today) }),
  ]);
  return { ambassadors, bookings };
}

/** The best ambassadors for an open request (for its school's staff, or an operator). */
export async function proposals(
  db: Executor,
  params: { id: string; viewer: repo.Viewer; now: Date; limit?: number },
) {
  const row = await repo.getVisit(db, params);
  if (!row || !(row.isStaff || params.viewer.isOperator)) throw notFound(NOT_FOUND.visit);
  if (row.status !== 'open') return [];
  const today = parisToday(params.now);
  const { ambassadors, bookings } = await matchingInputs(db, today);
  const list = proposalsFor(row, ambassadors, calendarOf(bookings, { exceptRequestId: row.id }), {
    today,
    limit: params.limit ?? 10,
  });
  // Trade labels for display.
  const labels = await repo.knownTrades(db, [...new Set(ambassadors.flatMap((a) => a.tradeCodes))]);
  const tradesOf = new Map(ambassadors.map((a) => [a.id, a.tradeCodes]));
  return list.map((p) => ({
    ...p,
    ambassador: {
      ...p.ambassador,
      trades: (tradesOf.get(p.ambassador.userId) ?? []).map((code) => ({
        code,
        label: labels.get(code) ?? code,
      })),
    },
  }));
}

// --- visit requests: filing ----------------------------------------------------------------------

export async function createVisit(
  tx: Executor,
  params: { viewer: repo.Viewer; body: CreateVisitRequestBody; now: Date },
) {
  const { body, viewer } = params;
  const today = parisToday(params.now);
  const activity = await getStaffActivity(tx, { id: body.activityId, userId: viewer.userId });
  if (!activity) {
    throw invalidField(
      'body.activityId',
      'activity.unknown',
      "Cette activité n'existe pas ou n'est pas dans votre établissement.",
    );
  }
  if (!VisitActivityKinds.includes(activity.kind)) {
    throw invalidField(
      'body.activityId',
      'activity.kind',
      "Une demande de visite se rattache à une rencontre avec un ambassadeur ou à une visite d'entreprise.",
    );
  }
  if (activity.status !== 'planned') {
    throw invalidField(
      'body.activityId',
      'activity.status',
      'Cette activité est déjà faite ou annulée.',
    );
  }
  if (await repo.liveRequestFor(tx, activity.id)) {
    throw conflict(
      'visit.exists',
      'Une demande de visite est déjà en cours pour cette activité : ouvrez-la ou annulez-la.',
    );
  }
  const labels = await repo.knownTrades(tx, body.tradeCodes);
  const unknown = body.tradeCodes.filter((c) => !labels.has(c));
  if (unknown.length > 0) {
    throw invalidField(
      'body.tradeCodes',
      'trade.unknown',
      `Métier inconnu du répertoire ROME : ${unknown.join(', ')}.`,
    );
  }
  const { start, end } = schoolYearBounds(activity.schoolYear);
  const seen = new Set<string>();
  for (const [i, day] of body.candidateDates.entries()) {
    const field = `body.candidateDates.${i}`;
    if (!isRealDate(day)) throw invalidField(field, 'format', 'Date invalide.');
    if (seen.has(day)) {
      throw invalidField(field, 'date.duplicate', `Le ${frenchDate(day)} est donné deux fois.`);
    }
    seen.add(day);
    if (day < today) {
      throw invalidField(field, 'date.past', `Le ${frenchDate(day)} est déjà passé.`);
    }
    if (day < start || day > end) {
      throw invalidField(
        field,
        'date.schoolYear',
        `Le ${frenchDate(day)} n'est pas dans l'année scolaire ${activity.schoolYear}–${activity.schoolYear + 1} du module.`,
      );
    }
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (weekday === 0 || weekday === 6) {
      throw invalidField(
        field,
        'date.weekend',
        `Le ${frenchDate(day)} tombe un week-end : choisissez un jour de classe.`,
      );
    }
    const holiday = await repo.holidayOn(tx, day);
    if (holiday) {
      throw invalidField(
        field,
        'date.holiday',
        `Le ${frenchDate(day)} tombe pendant les ${holiday.charAt(0).toLowerCase()}${holiday.slice(1)}.`,
      );
    }
  }
  const classSize = body.classSize ?? activity.pupilCount;
  if (classSize < 1) {
    throw invalidField(
      'body.classSize',
      'required',
      "La classe n'a pas encore d'élèves inscrits : indiquez son effectif.",
    );
  }
  const created = await repo.insertVisit(tx, {
    activityId: activity.id,
    schoolId: activity.schoolId,
    classId: activity.classId,
    teacherId: viewer.userId,
    tradeCodes: body.tradeCodes,
    candidateDates: body.candidateDates,
    classSize,
    level: activity.classLevel,
    format: body.format ?? (activity.kind === 'company_visit' ? 'workplace_visit' : 'talk'),
  });
  return created;
}

// --- visit requests: proposals and answers -------------------------------------------------------

async function askAmbassador(
  tx: Executor,
  row: repo.VisitRow,
  target: { ambassadorId: string; date: string },
  options: Options,
) {
  await notify(tx, {
    userId: target.ambassadorId,
    kind: 'visit.proposed',
    data: {
      schoolName: row.schoolName,
      className: row.className ?? '',
      date: target.date,
    },
    link: linkOf(row.id),
  });
  const who = await repo.userEmail(tx, target.ambassadorId);
  if (who?.email) {
    await queueMail(tx, {
      to: who.email,
      subject: `Tremplin – une classe vous invite le ${frenchDate(target.date)}`,
      text: `Bonjour ${who.displayName},\n\nLa classe de ${row.className ?? row.level} du ${row.schoolName} (${row.schoolCommuneName}) aimerait vous accueillir le ${frenchDate(target.date)} pour découvrir votre métier (${row.trades.map((t) => t.label).join(', ')}), ${row.classSize} élèves.\n\nAcceptez ou déclinez dans Tremplin dans les ${VISIT_PROPOSAL_DAYS} jours : ${options.webUrl}${linkOf(row.id)}\n\n${SIGNATURE}`,
    });
  }
}

/** Staff of the school ask one of the proposed ambassadors, on one of their free dates. */
export async function propose(
  tx: Executor,
  params: { id: string; viewer: repo.Viewer; ambassadorId: string; date: string } & Options,
) {
  const row = await repo.getVisit(tx, { ...params, lock: true });
  if (!row || !row.isStaff) throw notFound(NOT_FOUND.visit);
  if (row.status !== 'open') {
    throw conflict('visit.status', 'Un ambassadeur a déjà été sollicité pour cette demande.');
  }
  const today = parisToday(params.now);
  const { ambassadors, bookings } = await matchingInputs(tx, today);
  const list = proposalsFor(row, ambassadors, calendarOf(bookings, { exceptRequestId: row.id }), {
    today,
    limit: ambassadors.length,
  });
  const chosen = list.find((p) => p.ambassador.userId === params.ambassadorId);
  if (!chosen) {
    throw invalidField(
      'body.ambassadorId',
      'ambassador.notProposed',
      "Cet ambassadeur n'est pas proposé pour cette demande (métier, dates, communes ou disponibilité).",
    );
  }
  if (!chosen.dates.some((d) => d.date === params.date)) {
    throw invalidField(
      'body.date',
      'date.notFree',
      `Cet ambassadeur n'est pas libre le ${frenchDate(params.date)} parmi les dates de la classe.`,
    );
  }
  await repo.updateVisit(tx, {
    id: row.id,
    from: ['open'],
    values: { status: 'proposed', ambassadorId: params.ambassadorId, visitDate: params.date },
    now: params.now,
  });
  await askAmbassador(tx, row, { ambassadorId: params.ambassadorId, date: params.date }, params);
}

/**
 * The request goes to the next best ambassador (free that day and that month, not one who
 * declined), or back to open when there is none; the teacher is told which.
 */
export async function moveOn(
  tx: Executor,
  params: { id: string; previousName: string; reason?: string } & Options,
) {
  const row = await repo.getVisitUnscoped(tx, { id: params.id, lock: true });
  if (!row) return;
  const today = parisToday(params.now);
  const { ambassadors, bookings } = await matchingInputs(tx, today);
  const [next] = proposalsFor(row, ambassadors, calendarOf(bookings, { exceptRequestId: row.id }), {
    today,
    limit: 1,
  });
  if (next) {
    await repo.updateVisit(tx, {
      id: row.id,
      from: ['proposed', 'open'],
      values: { status: 'proposed', ambassadorId: next.ambassador.userId, visitDate: next.date },
      now: params.now,
    });
    await askAmbassador(tx, row, { ambassadorId: next.ambassador.userId, date: next.date }, params);
  } else {
    await repo.updateVisit(tx, {
      id: row.id,
      from: ['proposed', 'open'],
      values: { status: 'open', ambassadorId: null, visitDate: null },
      now: params.now,
    });
  }
  if (row.teacherId) {
    await notify(tx, {
      userId: row.teacherId,
      kind: next ? 'visit.movedOn' : 'visit.reopened',
      data: {
        previousName: params.previousName,
        ...(next ? { ambassadorName: next.ambassador.displayName, date: next.date } : {}),
        className: row.className ?? '',
        ...(params.reason ? { reason: params.reason.slice(0, 300) } : {}),
      },
      link: linkOf(row.id),
    });
  }
  return next ?? null;
}

/** Thrown by `accept` for a day or month already taken; the route then moves the request on. */
export class TakenError extends Error {
  constructor(
    readonly code: 'visit.dayTaken' | 'visit.monthFull',
    readonly detail: string,
  ) {
    super(detail);
  }
}

export async function accept(tx: Executor, params: { id: string; viewer: repo.Viewer } & Options) {
  const row = await repo.getVisit(tx, { ...params, lock: true });
  if (!row || row.ambassadorId !== params.viewer.userId) throw notFound(NOT_FOUND.visit);
  if (row.status !== 'proposed') {
    throw conflict('visit.status', 'Cette demande ne vous attend plus.');
  }
  const profile = await repo.lockProfile(tx, params.viewer.userId);
  if (!profile) throw forbidden("Complétez d'abord votre profil d'ambassadeur.");
  const date = row.visitDate!;
  if (date < parisToday(params.now)) {
    throw conflict(
      'visit.past',
      `Le ${frenchDate(date)} est passé : la classe choisira une autre date.`,
    );
  }
  const load = await repo.firmLoadOn(tx, {
    ambassadorId: params.viewer.userId,
    date,
    exceptId: row.id,
  });
  if (load.sameDay > 0) {
    throw new TakenError(
      'visit.dayTaken',
      `Vous avez déjà accepté une visite le ${frenchDate(date)} : une seule par jour. La demande est proposée à un autre ambassadeur.`,
    );
  }
  if (load.sameMonth >= profile.maxVisitsPerMonth) {
    throw new TakenError(
      'visit.monthFull',
      `Vous avez déjà accepté ${load.sameMonth} visite(s) ce mois-là, votre maximum. La demande est proposée à un autre ambassadeur.`,
    );
  }
  await repo.updateVisit(tx, {
    id: row.id,
    from: ['proposed'],
    values: { status: 'accepted' },
    now: params.now,
  });
  const data = {
    ambassadorName: row.ambassadorName ?? '',
    className: row.className ?? '',
    schoolName: row.schoolName,
    date,
  };
  if (row.teacherId) {
    await notify(tx, { userId: row.teacherId, kind: 'visit.accepted', data, link: linkOf(row.id) });
  }
  const heads = await repo.headsOf(tx, row.schoolId);
  await notify(
    tx,
    heads.map((h) => ({
      userId: h.userId,
      kind: 'visit.authorisationNeeded',
      data,
      link: linkOf(row.id),
    })),
  );
  for (const h of heads) {
    if (!h.email) continue;
    await queueMail(tx, {
      to: h.email,
      subject: `Tremplin – une intervention à autoriser le ${frenchDate(date)}`,
      text: `Bonjour,\n\n${row.ambassadorName ?? 'Un ambassadeur des métiers'}${row.ambassadorCompany ? ` (${row.ambassadorCompany})` : ''} a accepté de venir présenter son métier à la classe de ${row.className ?? row.level} le ${frenchDate(date)}, à la demande de ${row.teacherName ?? 'un professeur'}.\n\nRien n'est confirmé sans votre autorisation : ${params.webUrl}${linkOf(row.id)}\n\n${SIGNATURE}`,
    });
  }
}

/** A second accept on a taken day reaches the unique index: the same answer as a taken day. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } };
  return String(e.cause?.code ?? e.code) === '23505';
}

export async function decline(
  tx: Executor,
  params: { id: string; viewer: repo.Viewer; reason?: string } & Options,
) {
  const row = await repo.getVisit(tx, { ...params, lock: true });
  if (!row || row.ambassadorId !== params.viewer.userId) throw notFound(NOT_FOUND.visit);
  if (row.status !== 'proposed') {
    throw conflict('visit.status', 'Cette demande ne vous attend plus.');
  }
  await markDeclined(tx, row, params.now);
  await recordAudit(tx, {
    actorId: params.viewer.userId,
    action: 'visit.declined',
    subjectType: 'visit_request',
    subjectId: row.id,
    data: { reasonGiven: Boolean(params.reason?.trim()) },
  });
  await moveOn(tx, {
    id: row.id,
    previousName: row.ambassadorName ?? '',
    reason: params.reason?.trim() || undefined,
    now: params.now,
    webUrl: params.webUrl,
  });
}

async function markDeclined(tx: Executor, row: repo.VisitRow, now: Date) {
  await repo.updateVisit(tx, {
    id: row.id,
    from: ['proposed'],
    values: {
      declinedAmbassadorIds: [...new Set([...row.declinedAmbassadorIds, row.ambassadorId!])],
    },
    now,
  });
}

// --- authorisation, confirmation, refusal, cancellation ------------------------------------------

function locationOf(row: repo.VisitRow): string {
  if (row.format === 'workplace_visit' && row.ambassadorCompanyAddress) {
    return `${row.ambassadorCompany}, ${row.ambassadorCompanyAddress}`;
  }
  if (row.format === 'video') return `En visio (lien à convenir dans Tremplin) — ${row.schoolName}`;
  return `${row.schoolName}, ${row.schoolAddress}, ${row.schoolCommuneName}`;
}

function icsOf(row: repo.VisitRow, status: 'confirmed' | 'cancelled', options: Options) {
  return visitIcs(
    {
      id: row.id,
      date: row.visitDate!,
      status,
      format: row.format,
      schoolName: row.schoolName,
      location: locationOf(row),
      className: row.className,
      ambassadorName: row.ambassadorName ?? '',
      trades: row.trades.map((t) => t.label),
      sequence: status === 'cancelled' ? 1 : 0,
    },
    options,
  );
}

export async function visitIcsFor(
  db: Executor,
  params: { id: string; viewer: repo.Viewer } & Options,
) {
  const row = await repo.getVisit(db, params);
  if (!row || !(row.isStaff || row.ambassadorId === params.viewer.userId)) {
    throw notFound(NOT_FOUND.visit);
  }
  if (row.status !== 'authorised' && row.status !== 'done') {
    throw conflict(
      'visit.notConfirmed',
      "La visite n'est pas encore confirmée : le calendrier est envoyé après l'autorisation du chef d'établissement.",
    );
  }
  return icsOf(row, 'confirmed', params);
}

/** Confirmation to the teacher and the ambassador: notification and e-mail with the .ics. */
async function confirm(tx: Executor, row: repo.VisitRow, options: Options) {
  const ics = Buffer.from(icsOf(row, 'confirmed', options), 'utf8').toString('base64');
  const data = {
    schoolName: row.schoolName,
    className: row.className ?? '',
    ambassadorName: row.ambassadorName ?? '',
    date: row.visitDate!,
  };
  const people = [row.teacherId, row.ambassadorId].filter((id): id is string => Boolean(id));
  await notify(
    tx,
    people.map((userId) => ({ userId, kind: 'visit.confirmed', data, link: linkOf(row.id) })),
  );
  for (const userId of people) {
    const who = await repo.userEmail(tx, userId);
    if (!who?.email) continue;
    await queueMail(tx, {
      to: who.email,
      subject: `Tremplin – visite confirmée le ${frenchDate(row.visitDate!)} au ${row.schoolName}`,
      text: `Bonjour ${who.displayName},\n\nLa visite de ${row.ambassadorName ?? "l'ambassadeur"} à la classe de ${row.className ?? row.level} est confirmée par le chef d'établissement.\n\nDate : ${frenchDate(row.visitDate!)}\nLieu : ${locationOf(row)}\nÉlèves : ${row.classSize}\n\nL'horaire se convient entre le professeur et l'ambassadeur dans Tremplin. Le professeur reste responsable de la classe pendant la visite. Le fichier joint ajoute la visite à votre agenda.\n\n${options.webUrl}${linkOf(row.id)}\n\n${SIGNATURE}`,
      attachments: [
        {
          filename: 'visite-tremplin.ics',
          contentType: 'text/calendar; charset=utf-8',
          content: ics,
        },
      ],
    });
  }
}

async function headRow(tx: Executor, params: { id: string; viewer: repo.Viewer }) {
  const row = await repo.getVisit(tx, { ...params, lock: true });
  if (!row || !(row.isStaff || row.ambassadorId === params.viewer.userId)) {
    throw notFound(NOT_FOUND.visit);
  }
  if (!row.isHead) {
    throw forbidden("Seul le chef d'établissement autorise l'intervention d'un ambassadeur.");
  }
  if (row.status !== 'accepted') {
    throw conflict(
      'visit.status',
      row.status === 'proposed' || row.status === 'open'
        ? "L'ambassadeur n'a pas encore accepté : l'autorisation vient ensuite."
        : 'Cette demande a déjà reçu une réponse.',
    );
  }
  return row;
}

export async function authorise(
  tx: Executor,
  params: { id: string; viewer: repo.Viewer } & Options,
) {
  const row = await headRow(tx, params);
  await repo.updateVisit(tx, {
    id: row.id,
    from: ['accepted'],
    values: { status: 'authorised', authorisedBy: params.viewer.userId, authorisedAt: params.now },
    now: params.now,
  });
  await recordAudit(tx, {
    actorId: params.viewer.userId,
    action: 'visit.authorised',
    subjectType: 'visit_request',
    subjectId: row.id,
  });
  await confirm(tx, { ...row, status: 'authorised' }, params);
}

export async function refuse(
  tx: Executor,
  params: { id: string; viewer: repo.Viewer; reason: string } & Options,
) {
  const row = await headRow(tx, params);
  const reason = params.reason.trim();
  if (reason === '') {
    throw invalidField('body.reason', 'minLength', 'Dites en quelques mots pourquoi.');
  }
  await repo.updateVisit(tx, {
    id: row.id,
    from: ['accepted'],
    values: { status: 'declined', refusalReason: reason },
    now: params.now,
  });
  await recordAudit(tx, {
    actorId: params.viewer.userId,
    action: 'visit.refused',
    subjectType: 'visit_request',
    subjectId: row.id,
  });
  const data = { schoolName: row.schoolName, date: row.visitDate ?? '' };
  await notify(
    tx,
    [row.teacherId, row.ambassadorId]
      .filter((id): id is string => Boolean(id))
      .map((userId) => ({ userId, kind: 'visit.refused', data, link: linkOf(row.id) })),
  );
}

export async function cancel(tx: Executor, params: { id: string; viewer: repo.Viewer } & Options) {
  const row = await repo.getVisit(tx, { ...params, lock: true });
  if (!row || !row.isStaff) throw notFound(NOT_FOUND.visit);
  const live: VisitRequestStatus[] = ['open', 'proposed', 'accepted', 'authorised'];
  if (!live.includes(row.status)) {
    throw conflict('visit.status', 'Cette demande est déjà close.');
  }
  await repo.updateVisit(tx, {
    id: row.id,
    from: live,
    values: { status: 'cancelled' },
    now: params.now,
  });
  await recordAudit(tx, {
    actorId: params.viewer.userId,
    action: 'visit.cancelled',
    subjectType: 'visit_request',
    subjectId: row.id,
    data: { from: row.status },
  });
  if (row.ambassadorId && row.status !== 'open') {
    await notify(tx, {
      userId: row.ambassadorId,
      kind: 'visit.cancelled',
      data: { schoolName: row.schoolName, date: row.visitDate ?? '' },
      link: linkOf(row.id),
    });
    const who = await repo.userEmail(tx, row.ambassadorId);
    if (who?.email && row.visitDate) {
      await queueMail(tx, {
        to: who.email,
        subject: `Tremplin – visite du ${frenchDate(row.visitDate)} annulée`,
        text: `Bonjour ${who.displayName},\n\nLa visite prévue le ${frenchDate(row.visitDate)} au ${row.schoolName} est annulée par l'établissement.\n\n${SIGNATURE}`,
        attachments:
          row.status === 'authorised'
            ? [
                {
                  filename: 'visite-tremplin-annulee.ics',
                  contentType: 'text/calendar; charset=utf-8',
                  content: Buffer.from(icsOf(row, 'cancelled', params), 'utf8').toString('base64'),
                },
              ]
            : [],
      });
    }
  }
}

// --- after the visit -----------------------------------------------------------------------------

export async function recordAttendance(
  tx: Executor,
  params: { id: string; viewer: repo.Viewer; attendance: number } & Options,
) {
  const row = await repo.getVisit(tx, { ...params, lock: true });
  if (!row || !row.isStaff) throw notFound(NOT_FOUND.visit);
  if (row.status !== 'authorised') {
    throw conflict(
      'visit.status',
      row.status === 'done'
        ? 'La présence est déjà enregistrée.'
        : "La visite n'est pas confirmée : la présence s'enregistre après une visite autorisée.",
    );
  }
  const today = parisToday(params.now);
  if (row.visitDate! > today) {
    throw conflict(
      'visit.notYet',
      `La visite n'a pas encore eu lieu (prévue le ${frenchDate(row.visitDate!)}).`,
    );
  }
  if (params.attendance > row.classSize) {
    throw invalidField(
      'body.attendance',
      'attendance.tooMany',
      `La classe compte ${row.classSize} élèves : vérifiez le nombre de présents.`,
    );
  }
  await repo.updateVisit(tx, {
    id: row.id,
    from: ['authorised'],
    values: { status: 'done', attendance: params.attendance },
    now: params.now,
  });
  if (row.activityId) await completeActivity(tx, { activityId: row.activityId, now: params.now });
  if (row.ambassadorId) {
    await notify(tx, {
      userId: row.ambassadorId,
      kind: 'visit.done',
      data: { schoolName: row.schoolName, attendance: params.attendance },
      link: linkOf(row.id),
    });
  }
}

export async function giveFeedback(
  tx: Executor,
  params: { id: string; viewer: repo.Viewer; feedback: string } & Options,
) {
  const row = await repo.getVisit(tx, { ...params, lock: true });
  if (!row) throw notFound(NOT_FOUND.visit);
  const asAmbassador = row.ambassadorId === params.viewer.userId;
  if (!asAmbassador && !row.isStaff) throw notFound(NOT_FOUND.visit);
  if (row.status !== 'done') {
    throw conflict(
      'visit.notDone',
      'Le retour se donne après la visite, une fois la présence enregistrée.',
    );
  }
  const feedback = params.feedback.trim();
  if (feedback === '') throw invalidField('body.feedback', 'minLength', 'Écrivez quelques mots.');
  if (asAmbassador ? row.ambassadorFeedback : row.teacherFeedback) {
    throw conflict('visit.feedbackGiven', 'Votre retour sur cette visite est déjà enregistré.');
  }
  await repo.updateVisit(tx, {
    id: row.id,
    from: ['done'],
    values: asAmbassador ? { ambassadorFeedback: feedback } : { teacherFeedback: feedback },
    now: params.now,
  });
  const other = asAmbassador ? row.teacherId : row.ambassadorId;
  if (other) {
    await notify(tx, {
      userId: other,
      kind: 'visit.feedback',
      data: { schoolName: row.schoolName, date: row.visitDate ?? '' },
      link: linkOf(row.id),
    });
  }
}

// --- batch assignment ----------------------------------------------------------------------------

export async function runBatch(
  db: Executor,
  params: { viewer: repo.Viewer; schoolId?: string; dryRun: boolean } & Options,
): Promise<VisitAssignmentResult> {
  const { viewer } = params;
  let schoolId = params.schoolId;
  if (!viewer.isOperator) {
    const heads = await queryRows<{ schoolId: string }>(
      db,
      sql`select school_id as "schoolId" from school_memberships
          where user_id = ${viewer.userId} and role = 'school_admin' and status = 'active'`,
    );
    const mine = heads.map((h) => h.schoolId);
    if (schoolId && !mine.includes(schoolId)) {
      throw invalidField(
        'body.schoolId',
        'school.notHead',
        "Vous n'êtes pas chef de cet établissement.",
      );
    }
    if (!schoolId) {
      if (mine.length !== 1) {
        throw invalidField('body.schoolId', 'required', 'Choisissez votre établissement.');
      }
      schoolId = mine[0];
    }
  }
  const today = parisToday(params.now);
  const requests = await repo.openRequests(db, { schoolId });
  const { ambassadors, bookings } = await matchingInputs(db, today);
  const plan = planBatch(requests, ambassadors, bookings, { today });
  const byId = new Map(requests.map((r) => [r.id, r]));
  const names = new Map(ambassadors.map((a) => [a.id, a.displayName]));
  const line = (requestId: string, visit?: (typeof plan.visits)[number]) => {
    const r = byId.get(requestId)!;
    return {
      requestId,
      schoolName: r.schoolName,
      className: r.className,
      ambassadorId: visit?.ambassadorId ?? null,
      ambassadorName: visit ? (names.get(visit.ambassadorId) ?? null) : null,
      date: visit?.date ?? null,
      score: visit?.score ?? null,
    };
  };
  const result: VisitAssignmentResult = {
    dryRun: params.dryRun,
    requests: requests.length,
    assigned: plan.visits.map((v) => line(v.requestId, v)),
    unassigned: plan.unassigned.map((id) => line(id)),
    totalScore: plan.total,
  };
  if (params.dryRun) return result;
  await db.transaction(async (tx) => {
    let proposed = 0;
    for (const visit of plan.visits) {
      const changed = await repo.updateVisit(tx, {
        id: visit.requestId,
        from: ['open'],
        values: { status: 'proposed', ambassadorId: visit.ambassadorId, visitDate: visit.date },
        now: params.now,
      });
      if (!changed) continue;
      proposed++;
      await askAmbassador(tx, byId.get(visit.requestId)!, visit, params);
      const teacherId = byId.get(visit.requestId)!.teacherId;
      if (teacherId) {
        await notify(tx, {
          userId: teacherId,
          kind: 'visit.assigned',
          data: { ambassadorName: names.get(visit.ambassadorId) ?? '', date: visit.date },
          link: linkOf(visit.requestId),
        });
      }
    }
    await recordAudit(tx, {
      actorId: viewer.userId,
      action: 'visits.assigned',
      subjectType: schoolId ? 'school' : 'departement',
      subjectId: schoolId ?? null,
      data: { requests: requests.length, proposed, unassigned: plan.unassigned.length },
    });
  });
  return result;
}

// --- the daily job -------------------------------------------------------------------------------

/**
 * Every morning: proposals left unanswered for VISIT_PROPOSAL_DAYS go to the next ambassador
 * (the silent one is not asked again); the day before a confirmed visit both sides are reminded;
 * the day after, the teacher is asked for attendance. Each reminder is sent once.
 */
export async function runVisitJobs(db: Executor, params: Options) {
  const today = parisToday(params.now);
  const cutoff = new Date(params.now.getTime() - VISIT_PROPOSAL_DAYS * DAY_MS);
  const lapsed = await queryRows<{ id: string }>(
    db,
    sql`select id from visit_requests
        where status = 'proposed' and (updated_at < ${cutoff.toISOString()}::timestamptz
                                       or visit_date < ${today}::date)
        order by updated_at limit 200`,
  );
  let movedOn = 0;
  for (const { id } of lapsed) {
    await db.transaction(async (tx) => {
      const row = await repo.getVisitUnscoped(tx, { id, lock: true });
      if (!row || row.status !== 'proposed' || !row.ambassadorId) return;
      await markDeclined(tx, row, params.now);
      await notify(tx, {
        userId: row.ambassadorId,
        kind: 'visit.lapsed',
        data: { schoolName: row.schoolName },
        link: linkOf(row.id),
      });
      await moveOn(tx, { id: row.id, previousName: row.ambassadorName ?? '', ...params });
      movedOn++;
    });
  }
  const tomorrow = new Date(Date.parse(`${today}T12:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
  const due = await queryRows<{
    userId: string;
    id: string;
    kind: string;
    schoolName: string;
    date: string;
  }>(
    db,
    sql`select r.user_id as "userId", r.id, r.kind, r.school_name as "schoolName", r.date from (
          select v.teacher_id as user_id, v.id, 'visit.reminder' as kind, sc.name as school_name,
                 v.visit_date::text as date
          from visit_requests v join schools sc on sc.id = v.school_id
          where v.status = 'authorised' and v.visit_date = ${tomorrow}::date
            and v.teacher_id is not null
          union all
          select v.ambassador_id, v.id, 'visit.reminder', sc.name, v.visit_date::text
          from visit_requests v join schools sc on sc.id = v.school_id
          where v.status = 'authorised' and v.visit_date = ${tomorrow}::date
          union all
          select v.teacher_id, v.id, 'visit.attendanceDue', sc.name, v.visit_date::text
          from visit_requests v join schools sc on sc.id = v.school_id
          where v.status = 'authorised' and v.visit_date < ${today}::date
            and v.teacher_id is not null
        ) r
        where not exists (select 1 from notifications n
                          where n.user_id = r.user_id and n.kind = r.kind
                            and n.link = '/ambassadeurs/visites/' || r.id::text)
        limit 1000`,
  );
  await notify(
    db,
    due.map((d) => ({
      userId: d.userId,
      kind: d.kind,
      data: { schoolName: d.schoolName, date: d.date },
      link: linkOf(d.id),
    })),
  );
  return { movedOn, reminders: due.length };
}
