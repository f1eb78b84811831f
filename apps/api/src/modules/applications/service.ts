// The life of an application: submitted → read → accepted (employer) → confirmed (pupil); or
// rejected with a reason, withdrawn by the pupil, expired after 15 days without an answer. Each
// change runs in one transaction with its history event, its notifications and (on confirm) the
// agreement, so none of them exists without the others.
import type {
  Application,
  ApplicationEvent,
  ApplicationStatus,
  ApplyOptions,
  BulkDecisionResult,
} from '@tremplin/contracts';
import { EXPIRY_DAYS, LiveStatuses, PendingStatuses, REMINDER_DAYS } from '@tremplin/contracts';
import type { Database, Executor } from '@tremplin/db';
import { AppError, conflict, invalidField, notFound } from '../../lib/problem.js';
import { createAgreementForApplication } from '../agreements/service.js';
import { recordAudit } from '../audit/repository.js';
import { type NoticeKind, tell } from './notices.js';
import * as repo from './repository.js';
import {
  confirmMessages,
  confirmProblem,
  frenchDate,
  parisDate,
  periodBlock,
  seatProblem,
  seatsLeftFor,
} from './rules.js';

export interface ServiceOptions {
  /** Public address of the web app, for the links in e-mails. */
  webUrl: string;
}

const DAY = 24 * 60 * 60 * 1000;

const stateWords: Record<ApplicationStatus, string> = {
  submitted: 'Cette candidature attend encore une réponse',
  read: 'Cette candidature attend encore une réponse',
  accepted: 'Cette candidature est déjà acceptée',
  confirmed: 'Ce stage est déjà confirmé',
  rejected: "Cette candidature a été refusée par l'entreprise",
  withdrawn: "Cette candidature a été retirée par l'élève",
  expired: 'Cette candidature a expiré',
};

const actionWords = {
  accept: 'elle ne peut plus être acceptée',
  reject: 'elle ne peut plus être refusée',
  withdraw: 'elle ne peut plus être retirée',
  confirm: "elle doit d'abord être acceptée par l'entreprise",
} as const;

/** 409 saying which state the application is in and why that forbids the action. */
function stateConflict(status: ApplicationStatus, action: keyof typeof actionWords): AppError {
  return conflict(`application.${status}`, `${stateWords[status]} : ${actionWords[action]}.`);
}

const notReachable = () => notFound("Cette candidature n'existe pas ou ne vous concerne pas.");

/** Facts every notice about this application needs, read inside the transaction. */
async function facts(tx: Executor, id: string, extra: { reason?: string; days?: number } = {}) {
  const f = await repo.noticeFacts(tx, { id });
  if (!f) throw new Error(`application ${id} vanished`);
  return {
    row: f,
    notice: {
      applicationId: f.id,
      offerTitle: f.offerTitle,
      companyName: f.companyName,
      studentName: f.studentName,
      startDate: f.startDate,
      endDate: f.endDate,
      reason: extra.reason,
      days: extra.days,
    },
  };
}

async function tellPupil(
  tx: Executor,
  options: ServiceOptions,
  id: string,
  kind: NoticeKind,
  extra: { reason?: string } = {},
) {
  const { row, notice } = await facts(tx, id, extra);
  const pupil = await repo.pupilRecipient(tx, { userId: row.studentId });
  await tell(tx, pupil ? [pupil] : [], kind, notice, options);
}

async function tellHost(
  tx: Executor,
  options: ServiceOptions,
  id: string,
  kind: NoticeKind,
  extra: { days?: number } = {},
) {
  const { row, notice } = await facts(tx, id, extra);
  const employers = await repo.companyEmployers(tx, { companyId: row.companyId });
  await tell(tx, employers, kind, notice, options);
}

// ---------------------------------------------------------------------------------------------
// Reading

export function toView(
  row: NonNullable<Awaited<ReturnType<typeof repo.getApplication>>>,
  events: Awaited<ReturnType<typeof repo.eventsOf>>,
): Application {
  return {
    id: row.id,
    status: row.status,
    motivation: row.motivation,
    rejectionReason: row.rejectionReason,
    remindersSent: row.remindersSent,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    offer: {
      id: row.offerId,
      title: row.offerTitle,
      companyId: row.companyId,
      companyName: row.companyName,
      communeName: row.communeName,
    },
    period: { id: row.periodId, startDate: row.startDate, endDate: row.endDate },
    student: {
      id: row.studentId,
      name: row.studentName,
      level: row.level,
      schoolName: row.schoolName,
      schoolPriority: row.schoolPriority,
    },
    agreementId: row.agreementId,
    events: events
      .filter((e) => e.applicationId === row.id)
      .map((e): ApplicationEvent => ({
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        by: e.actorId === null ? 'platform' : e.actorId === row.studentId ? 'student' : 'host',
        actorName: e.actorName,
        note: e.note,
        at: e.at.toISOString(),
      })),
  };
}

export async function viewApplication(db: Executor, params: { id: string; viewer: repo.Viewer }) {
  const row = await repo.getApplication(db, params);
  if (!row) return undefined;
  return toView(row, await repo.eventsOf(db, { applicationIds: [row.id] }));
}

export async function listApplications(db: Executor, params: repo.ListParams) {
  const [{ rows, total }, offers] = await Promise.all([
    repo.listApplications(db, params),
    repo.offerCounts(db, { viewer: params.viewer }),
  ]);
  const events = await repo.eventsOf(db, { applicationIds: rows.map((r) => r.id) });
  return {
    items: rows.map((r) => toView(r, events)),
    total,
    page: params.page,
    pageSize: params.pageSize,
    offers,
  };
}

/**
 * Opening an application marks it read when the reader is its host and it was just submitted;
 * returns whether it did.
 */
export async function markRead(
  db: Database,
  options: ServiceOptions,
  params: { id: string; actorId: string },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const current = await repo.lockApplication(tx, {
      id: params.id,
      viewer: { userId: params.actorId, side: 'host' },
    });
    if (!current || current.status !== 'submitted') return false;
    await repo.moveApplication(tx, { id: params.id, from: ['submitted'], to: 'read' });
    await repo.recordEvent(tx, {
      applicationId: params.id,
      fromStatus: 'submitted',
      toStatus: 'read',
      actorId: params.actorId,
    });
    await tellPupil(tx, options, params.id, 'application.read');
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// The pupil applies

function notStudent() {
  return new AppError(
    403,
    'application.not_student',
    'Seuls les élèves rattachés à leur établissement peuvent postuler. Demandez à votre professeur de vous inscrire dans votre classe.',
  );
}

const offerGone = () => notFound("Cette offre de stage n'existe pas ou n'est plus en ligne.");

function seatConflict(
  problem: 'full' | 'reserved',
  period: { seats: number; reservedUntil: string | null },
) {
  return problem === 'full'
    ? conflict(
        'period.full',
        `Toutes les places de cette période sont déjà attribuées (${period.seats} sur ${period.seats}).`,
      )
    : conflict(
        'period.reserved',
        `Les places restantes de cette période sont réservées aux élèves des établissements REP et REP+ ; elles s'ouvriront à tous le ${frenchDate(period.reservedUntil!)}.`,
      );
}

/** Submits an application; a retry (double click) returns the live one instead (created false). */
export async function submitApplication(
  db: Database,
  options: ServiceOptions,
  params: { studentId: string; periodId: string; motivation: string; now?: Date },
): Promise<{ id: string; created: boolean }> {
  const profile = await repo.studentProfile(db, { userId: params.studentId });
  if (!profile || !profile.schoolId || !profile.level) throw notStudent();
  const level = profile.level;
  const today = parisDate(params.now ?? new Date());

  return db.transaction(async (tx) => {
    await repo.lockStudent(tx, { userId: params.studentId });
    const target = await repo.getPeriod(tx, { periodId: params.periodId });
    if (
      !target ||
      target.suspendedAt ||
      target.offerStatus === 'draft' ||
      target.offerStatus === 'archived'
    ) {
      throw offerGone();
    }

    const existing = await repo.findLiveApplication(tx, {
      studentId: params.studentId,
      periodId: params.periodId,
    });
    if (existing) return { id: existing.id, created: false };

    if (target.offerStatus !== 'published') {
      throw conflict('offer.closed', "Cette offre n'accepte plus de candidatures.");
    }
    if (target.campaignId) {
      throw conflict(
        'period.campaign',
        "Les places de cette période sont attribuées par une campagne d'affectation : formulez vos vœux dans la campagne.",
      );
    }
    if (!target.levels.includes(level)) {
      throw new AppError(
        403,
        'application.level',
        `Cette offre s'adresse aux élèves de ${target.levels.join(', ')} : elle n'est pas ouverte à votre niveau (${level}).`,
      );
    }
    if (target.startDate <= today) {
      throw conflict(
        'period.started',
        `Cette période a déjà commencé (le ${frenchDate(target.startDate)}) : choisissez-en une autre.`,
      );
    }
    if (await repo.wasRejected(tx, { studentId: params.studentId, periodId: params.periodId })) {
      throw conflict(
        'application.rejected_before',
        "L'entreprise a déjà refusé votre candidature pour cette période.",
      );
    }
    const confirmed = await repo.studentStages(tx, {
      studentId: params.studentId,
      statuses: ['confirmed'],
    });
    const problem = confirmProblem(level, confirmed, target);
    if (problem) throw conflict(`confirm.${problem}`, confirmMessages[problem]);
    const taken = (await repo.seatCounts(tx, { periodIds: [target.periodId] })).get(
      target.periodId,
    ) ?? { taken: 0, takenPriority: 0 };
    const priority = profile.priority === 'rep' || profile.priority === 'rep_plus';
    const seats = seatProblem(target, taken, { priority }, today);
    if (seats) throw seatConflict(seats, target);

    const inserted = await repo.insertApplication(tx, {
      offerId: target.offerId,
      periodId: target.periodId,
      studentId: params.studentId,
      motivation: params.motivation.trim(),
    });
    if (!inserted) {
      const again = await repo.findLiveApplication(tx, {
        studentId: params.studentId,
        periodId: params.periodId,
      });
      if (again) return { id: again.id, created: false };
      throw new Error('application neither inserted nor found');
    }
    await repo.recordEvent(tx, {
      applicationId: inserted.id,
      fromStatus: null,
      toStatus: 'submitted',
      actorId: params.studentId,
    });
    await tellHost(tx, options, inserted.id, 'application.submitted');
    return { id: inserted.id, created: true };
  });
}

/** The apply page: the offer, each period as this pupil sees it, and why they may not apply. */
export async function applyOptions(
  db: Executor,
  params: { userId: string; offerId: string; now?: Date },
): Promise<ApplyOptions> {
  const rows = await repo.getOfferWithPeriods(db, { offerId: params.offerId });
  const first = rows[0];
  if (
    !first ||
    first.suspendedAt ||
    first.offerStatus === 'draft' ||
    first.offerStatus === 'archived'
  ) {
    throw offerGone();
  }
  const today = parisDate(params.now ?? new Date());
  const profile = await repo.studentProfile(db, { userId: params.userId });
  const pupil = profile?.schoolId && profile.level ? profile : null;
  const refusal = !pupil
    ? ('not_student' as const)
    : first.offerStatus !== 'published'
      ? ('closed' as const)
      : !first.levels.includes(pupil.level!)
        ? ('level' as const)
        : null;
  const counts = await repo.seatCounts(db, { periodIds: rows.map((r) => r.periodId) });
  const mine = pupil
    ? await repo.studentStages(db, {
        studentId: params.userId,
        statuses: [...LiveStatuses, 'rejected'],
      })
    : [];
  const confirmed = mine.filter((m) => m.status === 'confirmed');
  const priority = pupil?.priority === 'rep' || pupil?.priority === 'rep_plus';
  return {
    offer: {
      id: first.offerId,
      title: first.title,
      companyName: first.companyName,
      communeName: first.communeName,
      levels: first.levels,
    },
    refusal,
    periods: rows.map((p) => {
      const taken = counts.get(p.periodId) ?? { taken: 0, takenPriority: 0 };
      const live = mine.find(
        (m) => m.periodId === p.periodId && (LiveStatuses as readonly string[]).includes(m.status),
      );
      return {
        id: p.periodId,
        startDate: p.startDate,
        endDate: p.endDate,
        seats: p.seats,
        seatsLeft: seatsLeftFor(p, taken, { priority }, today),
        reservedSeats: p.reservedSeats,
        reservedUntil: p.reservedUntil,
        block: live
          ? null
          : periodBlock({
              today,
              period: p,
              taken,
              priority,
              confirmProblem: pupil ? confirmProblem(pupil.level, confirmed, p) : null,
              rejectedBefore: mine.some(
                (m) => m.periodId === p.periodId && m.status === 'rejected',
              ),
            }),
        applicationId: live?.id ?? null,
        applicationStatus: live?.status ?? null,
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// The employer answers

/**
 * Accepts one application. The period's row is locked first, so accepts on one period run one
 * after the other: each counts the seats already taken (accepted or confirmed) after the
 * previous one committed, and refuses once they are all taken.
 */
export async function acceptApplication(
  db: Database,
  options: ServiceOptions,
  params: { id: string; actorId: string; now?: Date },
) {
  const viewer = { userId: params.actorId, side: 'host' as const };
  const today = parisDate(params.now ?? new Date());
  return db.transaction(async (tx) => {
    const seen = await repo.getApplication(tx, { id: params.id, viewer });
    if (!seen) throw notReachable();
    const period = await repo.lockPeriod(tx, { periodId: seen.periodId });
    const current = await repo.lockApplication(tx, { id: params.id, viewer });
    if (!period || !current) throw notReachable();
    if (current.status !== 'submitted' && current.status !== 'read') {
      throw stateConflict(current.status, 'accept');
    }
    if (current.suspendedAt) {
      throw conflict(
        'offer.suspended',
        'Cette offre est suspendue par le Département : vous ne pouvez pas accepter de candidature.',
      );
    }
    const taken = (await repo.seatCounts(tx, { periodIds: [period.id] })).get(period.id) ?? {
      taken: 0,
      takenPriority: 0,
    };
    const priority = seen.schoolPriority === 'rep' || seen.schoolPriority === 'rep_plus';
    const seats = seatProblem(period, taken, { priority }, today);
    if (seats) throw seatConflict(seats, period);
    await repo.moveApplication(tx, { id: params.id, from: PendingStatuses, to: 'accepted' });
    await repo.recordEvent(tx, {
      applicationId: params.id,
      fromStatus: current.status,
      toStatus: 'accepted',
      actorId: params.actorId,
    });
    await tellPupil(tx, options, params.id, 'application.accepted');
    return { status: 'accepted' as const };
  });
}

export function checkedReason(reason: string | undefined): string {
  const text = (reason ?? '').trim();
  if (text.length < 3) {
    throw invalidField(
      'body.reason',
      'reason.required',
      "Indiquez la raison du refus (au moins 3 caractères) : elle est montrée à l'élève.",
    );
  }
  return text;
}

export async function rejectApplication(
  db: Database,
  options: ServiceOptions,
  params: { id: string; actorId: string; reason: string },
) {
  const reason = checkedReason(params.reason);
  return db.transaction(async (tx) => {
    const current = await repo.lockApplication(tx, {
      id: params.id,
      viewer: { userId: params.actorId, side: 'host' },
    });
    if (!current) throw notReachable();
    if (current.status !== 'submitted' && current.status !== 'read') {
      throw stateConflict(current.status, 'reject');
    }
    await repo.moveApplication(tx, {
      id: params.id,
      from: PendingStatuses,
      to: 'rejected',
      rejectionReason: reason,
    });
    await repo.recordEvent(tx, {
      applicationId: params.id,
      fromStatus: current.status,
      toStatus: 'rejected',
      actorId: params.actorId,
      note: reason,
    });
    await tellPupil(tx, options, params.id, 'application.rejected', { reason });
    return { status: 'rejected' as const };
  });
}

/** Accepts or rejects several applications, each on its own, and says what became of each. */
export async function decideMany(
  db: Database,
  options: ServiceOptions,
  params: {
    ids: string[];
    decision: 'accept' | 'reject';
    reason?: string | undefined;
    actorId: string;
    log?: { error(obj: unknown, msg: string): void };
  },
) {
  const reason = params.decision === 'reject' ? checkedReason(params.reason) : '';
  const results: BulkDecisionResult[] = [];
  for (const id of params.ids) {
    try {
      const done =
        params.decision === 'accept'
          ? await acceptApplication(db, options, { id, actorId: params.actorId })
          : await rejectApplication(db, options, { id, actorId: params.actorId, reason });
      results.push({ id, ok: true, status: done.status, code: null, message: null });
    } catch (error) {
      const row = await repo.getApplication(db, {
        id,
        viewer: { userId: params.actorId, side: 'host' },
      });
      if (error instanceof AppError) {
        results.push({
          id,
          ok: false,
          status: row?.status ?? null,
          code: error.code,
          message: error.message,
        });
      } else {
        params.log?.error({ err: error }, 'bulk decision failed');
        results.push({
          id,
          ok: false,
          status: row?.status ?? null,
          code: 'internal',
          message: 'Une erreur est survenue pour cette candidature ; réessayez.',
        });
      }
    }
  }
  if (results.some((r) => r.ok)) {
    await recordAudit(db, {
      actorId: params.actorId,
      action: `applications.bulk_${params.decision}`,
      subjectType: 'application',
      data: {
        done: results.filter((r) => r.ok).map((r) => r.id),
        refused: results.filter((r) => !r.ok).length,
      },
    });
  }
  return {
    done: results.filter((r) => r.ok).length,
    refused: results.filter((r) => !r.ok).length,
    results,
  };
}

// ---------------------------------------------------------------------------------------------
// The pupil withdraws or confirms

export async function withdrawApplication(
  db: Database,
  options: ServiceOptions,
  params: { id: string; actorId: string },
) {
  return db.transaction(async (tx) => {
    const current = await repo.lockApplication(tx, {
      id: params.id,
      viewer: { userId: params.actorId, side: 'student' },
    });
    if (!current) throw notReachable();
    if (!['submitted', 'read', 'accepted'].includes(current.status)) {
      if (current.status === 'confirmed') {
        throw conflict(
          'application.confirmed',
          'Ce stage est confirmé et sa convention est en préparation : pour y renoncer, parlez-en à votre professeur.',
        );
      }
      throw stateConflict(current.status, 'withdraw');
    }
    await repo.moveApplication(tx, {
      id: params.id,
      from: ['submitted', 'read', 'accepted'],
      to: 'withdrawn',
    });
    await repo.recordEvent(tx, {
      applicationId: params.id,
      fromStatus: current.status,
      toStatus: 'withdrawn',
      actorId: params.actorId,
    });
    await tellHost(tx, options, params.id, 'application.withdrawn');
    return { status: 'withdrawn' as const };
  });
}

/**
 * Confirms an accepted application: the stage is decided, its agreement is prepared, and the
 * pupil's other live applications that this stage makes impossible (overlapping dates; for a 2de
 * pupil, a full June fortnight or the same host) are withdrawn, their employers told.
 */
export async function confirmApplication(
  db: Database,
  options: ServiceOptions,
  params: { id: string; actorId: string },
) {
  const profile = await repo.studentProfile(db, { userId: params.actorId });
  if (!profile || !profile.schoolId) throw notStudent();
  return db.transaction(async (tx) => {
    await repo.lockStudent(tx, { userId: params.actorId });
    const current = await repo.lockApplication(tx, {
      id: params.id,
      viewer: { userId: params.actorId, side: 'student' },
    });
    if (!current) throw notReachable();
    if (current.status !== 'accepted') throw stateConflict(current.status, 'confirm');
    if (current.suspendedAt) {
      throw conflict(
        'offer.suspended',
        'Cette offre est suspendue par le Département : ce stage ne peut pas être confirmé.',
      );
    }
    const stages = await repo.studentStages(tx, {
      studentId: params.actorId,
      statuses: ['submitted', 'read', 'accepted', 'confirmed'],
    });
    const confirmed = stages.filter((s) => s.status === 'confirmed');
    const problem = confirmProblem(profile.level, confirmed, current);
    if (problem) throw conflict(`confirm.${problem}`, confirmMessages[problem]);

    await repo.moveApplication(tx, { id: params.id, from: ['accepted'], to: 'confirmed' });
    await repo.recordEvent(tx, {
      applicationId: params.id,
      fromStatus: 'accepted',
      toStatus: 'confirmed',
      actorId: params.actorId,
    });
    const nowConfirmed = [...confirmed, current];
    const withdrawn: string[] = [];
    for (const other of stages) {
      if (other.id === params.id || other.status === 'confirmed') continue;
      if (!confirmProblem(profile.level, nowConfirmed, other)) continue;
      const moved = await repo.moveApplication(tx, {
        id: other.id,
        from: ['submitted', 'read', 'accepted'],
        to: 'withdrawn',
      });
      if (!moved) continue;
      await repo.recordEvent(tx, {
        applicationId: other.id,
        fromStatus: other.status,
        toStatus: 'withdrawn',
        actorId: params.actorId,
        note: 'Retirée automatiquement : stage confirmé sur les mêmes dates.',
      });
      await tellHost(tx, options, other.id, 'application.superseded');
      withdrawn.push(other.id);
    }
    const { agreementId } = await createAgreementForApplication(tx, { applicationId: params.id });
    await tellHost(tx, options, params.id, 'application.confirmed');
    await recordAudit(tx, {
      actorId: params.actorId,
      action: 'application.confirmed',
      subjectType: 'application',
      subjectId: params.id,
      data: { agreementId, withdrawn: withdrawn.length },
    });
    return { agreementId, withdrawn };
  });
}

// ---------------------------------------------------------------------------------------------
// Reminders and expiry (the job)

/**
 * Reminds employers of applications left without an answer for 7 and 14 days (each reminder once,
 * counted in `remindersSent`), and expires those left 15 days, telling the pupil and the host.
 * `now` is a parameter so tests run it at any date; the job passes the current time.
 */
export async function remindAndExpire(
  db: Database,
  params: { now: Date; webUrl: string; batch?: number },
): Promise<{ reminded: number; expired: number }> {
  const options = { webUrl: params.webUrl };
  const batch = params.batch ?? 200;
  const ago = (days: number) => new Date(params.now.getTime() - days * DAY);
  let expired = 0;
  let reminded = 0;

  const seen = new Set<string>();
  for (;;) {
    const rows = (await repo.pendingSince(db, { before: ago(EXPIRY_DAYS), limit: batch })).filter(
      (r) => !seen.has(r.id),
    );
    if (rows.length === 0) break;
    for (const { id } of rows) {
      seen.add(id);
      const done = await db.transaction(async (tx) => {
        const before = await repo.noticeFacts(tx, { id });
        const moved = await repo.moveApplication(tx, {
          id,
          from: PendingStatuses,
          to: 'expired',
          at: params.now,
        });
        if (!moved || !before) return false;
        await repo.recordEvent(tx, {
          applicationId: id,
          fromStatus: before.status,
          toStatus: 'expired',
          actorId: null,
          note: `Sans réponse de l'entreprise en ${EXPIRY_DAYS} jours.`,
          at: params.now,
        });
        await tellPupil(tx, options, id, 'application.expired');
        await tellHost(tx, options, id, 'application.expired_host');
        return true;
      });
      if (done) expired++;
    }
  }

  // The later reminder first: a job that missed the 7-day mark sends only the 14-day one.
  for (let index = REMINDER_DAYS.length; index >= 1; index--) {
    const days = REMINDER_DAYS[index - 1]!;
    const done = new Set<string>();
    for (;;) {
      const rows = (
        await repo.pendingSince(db, { before: ago(days), remindersBelow: index, limit: batch })
      ).filter((r) => !done.has(r.id));
      if (rows.length === 0) break;
      for (const { id } of rows) {
        done.add(id);
        const sent = await db.transaction(async (tx) => {
          if (!(await repo.countReminder(tx, { id, reminder: index }))) return false;
          await tellHost(tx, options, id, 'application.reminder', { days });
          return true;
        });
        if (sent) reminded++;
      }
    }
  }
  return { reminded, expired };
}
