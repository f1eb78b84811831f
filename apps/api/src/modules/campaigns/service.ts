// The life of an allocation campaign:
//
//   draft (editable, seats committed) → open (pupils rank wishes) → closed (seed drawn, run
//   computed and verified, previews with other policies) → published (confirmed applications and
//   agreements, pupils told) → second_round_open → second_round_closed → second_round_published
//   (the seats still free go back to direct applications).
//
// Every step is one transaction that moves the campaign only from the status it expects (a
// conditional update), so two clicks or two operators never do a step twice. Runs are jobs: their
// progress is written as they go, and a run whose result the verifier rejects is `failed` and can
// never be published.
import { randomBytes } from 'node:crypto';
import type {
  Campaign,
  CampaignPolicy,
  CampaignRun,
  CampaignStatus,
  CampaignSummary,
  CandidatePeriod,
  CreateCampaignBody,
  EducationPriority,
  MyCampaign,
  MyCampaignResult,
  ProblemFieldError,
  PublishReport,
  RunComparison,
  RunReport,
  SchoolLevel,
  UpdateCampaignBody,
  WishBlock,
  WishOutcome,
  WishPeriod,
  WishRefusal,
} from '@tremplin/contracts';
import type { Database, Executor } from '@tremplin/db';
import { type AllocationResult, comparePlacements } from '@tremplin/matching';
import {
  AppError,
  badRequest,
  conflict,
  forbidden,
  invalidField,
  notFound,
} from '../../lib/problem.js';
import * as applicationsRepo from '../applications/repository.js';
import { tell } from '../applications/notices.js';
import { confirmProblem, frenchDate, parisDate } from '../applications/rules.js';
import { recordAudit } from '../audit/repository.js';
import { createAgreementsForApplications } from '../agreements/service.js';
import {
  buildRunInput,
  PRIORITIES,
  reportOf,
  resultRows,
  SOFTWARE_VERSION,
  solveAndVerify,
} from './allocation.js';
import { tellResults, tellSecondRound } from './notices.js';
import * as repo from './repository.js';
import type { Reach } from './repository.js';

export interface ServiceOptions {
  /** Public address of the web app, for the links in e-mails. */
  webUrl: string;
}

const campaignGone = () => notFound("Cette campagne n'existe pas ou ne vous concerne pas.");

const frenchDateTime = (at: Date) =>
  new Intl.DateTimeFormat('fr-FR', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Paris',
  }).format(at);

// ---------------------------------------------------------------------------------------------
// Status and views

/** A draft whose window has opened is open, whether or not the clock job has passed yet. */
export function effectiveStatus(row: { status: CampaignStatus; opensAt: Date }, now: Date) {
  return row.status === 'draft' && row.opensAt <= now ? 'open' : row.status;
}

const isEditable = (row: { status: CampaignStatus; opensAt: Date }, now: Date) =>
  row.status === 'draft' && now < row.opensAt;

const roundOfStatus = (status: CampaignStatus) => (status.startsWith('second_round') ? 2 : 1);

async function summaries(db: Executor, rows: repo.CampaignRow[], now: Date) {
  const counts = await repo.campaignCounts(db, { ids: rows.map((r) => r.id) });
  return rows.map((row): CampaignSummary => ({
    id: row.id,
    name: row.name,
    schoolId: row.schoolId,
    schoolName: row.schoolName,
    levels: row.levels,
    opensAt: row.opensAt.toISOString(),
    closesAt: row.closesAt.toISOString(),
    secondRoundClosesAt: row.secondRoundClosesAt?.toISOString() ?? null,
    maxWishes: row.maxWishes,
    policy: row.policy,
    status: effectiveStatus(row, now),
    round: roundOfStatus(row.status),
    seed: row.seed,
    publishedRunId: row.publishedRunId,
    editable: isEditable(row, now),
    counts: counts.get(row.id) ?? { periods: 0, seats: 0, pupils: 0, wishes: 0 },
    createdAt: row.createdAt.toISOString(),
  }));
}

export async function listCampaigns(db: Executor, params: { reach: Reach; now: Date }) {
  return summaries(db, await repo.listCampaigns(db, { reach: params.reach }), params.now);
}

export async function viewCampaign(
  db: Executor,
  params: { id: string; reach: Reach; now: Date },
): Promise<Campaign | undefined> {
  const row = await repo.getCampaign(db, params);
  if (!row) return undefined;
  const [summary] = await summaries(db, [row], params.now);
  const periods = await repo.campaignPeriods(db, { campaignId: row.id });
  return { ...summary!, periods };
}

// ---------------------------------------------------------------------------------------------
// Creating and editing

function checkWindow(opensAt: Date, closesAt: Date, now: Date) {
  if (closesAt <= opensAt) {
    throw invalidField(
      'body.closesAt',
      'campaign.window',
      "La date de clôture des vœux doit venir après celle d'ouverture.",
    );
  }
  if (closesAt <= now) {
    throw invalidField(
      'body.closesAt',
      'campaign.closes_past',
      'La date de clôture des vœux est déjà passée : choisissez une date à venir.',
    );
  }
}

/**
 * Commits exactly `periodIds` to the campaign after checking each: an existing period of a
 * published offer for one of the campaign's levels, not started, not committed elsewhere, and
 * without live applications (seats promised to pupils who applied are not the campaign's to
 * give). Every refused period is named, with its reason, beside the field.
 */
async function commitPeriods(
  tx: Executor,
  params: { campaignId: string; periodIds: string[]; levels: SchoolLevel[]; today: string },
) {
  const rows = await repo.lockPeriodsForCommit(tx, { periodIds: params.periodIds });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const invalid: ProblemFieldError[] = [];
  const taken: ProblemFieldError[] = [];
  params.periodIds.forEach((id, i) => {
    const field = `body.periodIds.${i}`;
    const p = byId.get(id);
    if (!p) {
      invalid.push({ field, code: 'period.unknown', message: "Cette période n'existe pas." });
      return;
    }
    const what = `La période du ${frenchDate(p.startDate)} de « ${p.offerTitle} »`;
    if (p.offerStatus !== 'published' || p.suspendedAt) {
      invalid.push({
        field,
        code: 'period.offer_unavailable',
        message: `${what} appartient à une offre qui n'est pas en ligne.`,
      });
    } else if (p.startDate <= params.today) {
      invalid.push({ field, code: 'period.started', message: `${what} a déjà commencé.` });
    } else if (!p.levels.some((l) => params.levels.includes(l))) {
      invalid.push({
        field,
        code: 'period.level',
        message: `${what} s'adresse aux élèves de ${p.levels.join(', ')}, pas aux niveaux de la campagne.`,
      });
    } else if (p.campaignId && p.campaignId !== params.campaignId) {
      taken.push({
        field,
        code: 'period.committed',
        message: `${what} est déjà engagée dans une autre campagne.`,
      });
    } else if (p.liveApplications > 0) {
      taken.push({
        field,
        code: 'period.applications',
        message: `${what} a déjà ${p.liveApplications} candidature(s) en cours : ses places ne peuvent pas être engagées dans la campagne.`,
      });
    }
  });
  if (invalid.length > 0) {
    throw badRequest(
      'campaign.periods',
      `${invalid.length} période(s) ne peuvent pas faire partie de la campagne : ${invalid[0]!.message}`,
      [...invalid, ...taken],
    );
  }
  if (taken.length > 0) {
    throw conflict(
      'campaign.periods_taken',
      `${taken.length} période(s) ne peuvent pas être engagées : ${taken
        .slice(0, 3)
        .map((t) => t.message)
        .join(' ')}`,
      taken,
    );
  }
  await repo.setCampaignPeriods(tx, { campaignId: params.campaignId, periodIds: params.periodIds });
}

function staffOf(reach: Reach) {
  if (reach.kind !== 'staff') throw new Error('a person is needed here');
  return reach;
}

/** The school a new campaign belongs to: the operator's choice, or the school the head runs. */
async function schoolFor(db: Executor, reach: Reach, schoolId: string | null | undefined) {
  const staff = staffOf(reach);
  if (staff.roles.includes('operator')) {
    if (!schoolId) return null;
    if (!(await repo.schoolExists(db, { id: schoolId }))) {
      throw invalidField('body.schoolId', 'school.unknown', "Cet établissement n'existe pas.");
    }
    return schoolId;
  }
  if (!schoolId) {
    throw invalidField(
      'body.schoolId',
      'campaign.school_required',
      "Choisissez l'établissement dont les élèves participent à la campagne.",
    );
  }
  if (!(await repo.headsSchool(db, { userId: staff.userId, schoolId }))) {
    throw forbidden(
      'Vous ne dirigez pas cet établissement : vous ne pouvez pas lancer de campagne pour ses élèves.',
    );
  }
  return schoolId;
}

export async function createCampaign(
  db: Database,
  params: { reach: Reach; body: CreateCampaignBody; now: Date },
) {
  const staff = staffOf(params.reach);
  const body = params.body;
  const opensAt = new Date(body.opensAt);
  const closesAt = new Date(body.closesAt);
  checkWindow(opensAt, closesAt, params.now);
  const schoolId = await schoolFor(db, params.reach, body.schoolId);
  const today = parisDate(params.now);
  return db.transaction(async (tx) => {
    const { id } = await repo.insertCampaign(tx, {
      name: body.name.trim(),
      schoolId,
      levels: body.levels,
      opensAt,
      closesAt,
      maxWishes: body.maxWishes,
      policy: body.policy,
      createdBy: staff.userId,
    });
    await commitPeriods(tx, {
      campaignId: id,
      periodIds: body.periodIds ?? [],
      levels: body.levels,
      today,
    });
    await recordAudit(tx, {
      actorId: staff.userId,
      action: 'campaign.created',
      subjectType: 'campaign',
      subjectId: id,
      data: { schoolId, periods: body.periodIds?.length ?? 0, policy: body.policy },
    });
    return { id };
  });
}

function notEditable(row: { opensAt: Date }) {
  return conflict(
    'campaign.opened',
    `La campagne est ouverte depuis le ${frenchDateTime(row.opensAt)} : ses réglages et ses périodes ne peuvent plus changer.`,
  );
}

export async function updateCampaign(
  db: Database,
  params: { id: string; reach: Reach; body: UpdateCampaignBody; now: Date },
) {
  const staff = staffOf(params.reach);
  const body = params.body;
  return db.transaction(async (tx) => {
    const row = await repo.lockCampaign(tx, { id: params.id, reach: params.reach });
    if (!row) throw campaignGone();
    if (!isEditable(row, params.now)) throw notEditable(row);
    const opensAt = body.opensAt ? new Date(body.opensAt) : row.opensAt;
    const closesAt = body.closesAt ? new Date(body.closesAt) : row.closesAt;
    checkWindow(opensAt, closesAt, params.now);
    const levels = body.levels ?? row.levels;
    await repo.updateCampaign(tx, {
      id: row.id,
      now: params.now,
      set: {
        ...(body.name !== undefined ? { name: body.name.trim() } : {}),
        ...(body.levels !== undefined ? { levels: body.levels } : {}),
        ...(body.opensAt !== undefined ? { opensAt } : {}),
        ...(body.closesAt !== undefined ? { closesAt } : {}),
        ...(body.maxWishes !== undefined ? { maxWishes: body.maxWishes } : {}),
        ...(body.policy !== undefined ? { policy: body.policy } : {}),
      },
    });
    if (body.periodIds !== undefined) {
      await commitPeriods(tx, {
        campaignId: row.id,
        periodIds: body.periodIds,
        levels,
        today: parisDate(params.now),
      });
    }
    await recordAudit(tx, {
      actorId: staff.userId,
      action: 'campaign.updated',
      subjectType: 'campaign',
      subjectId: row.id,
      data: { fields: Object.keys(body) },
    });
  });
}

export async function deleteCampaign(
  db: Database,
  params: { id: string; reach: Reach; now: Date },
) {
  const staff = staffOf(params.reach);
  await db.transaction(async (tx) => {
    const row = await repo.lockCampaign(tx, { id: params.id, reach: params.reach });
    if (!row) throw campaignGone();
    if (!isEditable(row, params.now)) throw notEditable(row);
    await repo.releasePeriods(tx, { campaignId: row.id });
    await repo.deleteCampaign(tx, { id: row.id });
    await recordAudit(tx, {
      actorId: staff.userId,
      action: 'campaign.deleted',
      subjectType: 'campaign',
      subjectId: row.id,
    });
  });
}

export async function listCandidatePeriods(
  db: Executor,
  params: {
    levels: SchoolLevel[];
    q?: string | undefined;
    campaignId?: string | undefined;
    reach: Reach;
    limit: number;
    now: Date;
  },
): Promise<CandidatePeriod[]> {
  if (params.campaignId) {
    const row = await repo.getCampaign(db, { id: params.campaignId, reach: params.reach });
    if (!row) throw campaignGone();
  }
  return repo.candidatePeriods(db, {
    levels: params.levels,
    q: params.q,
    campaignId: params.campaignId,
    today: parisDate(params.now),
    limit: params.limit,
  });
}

// ---------------------------------------------------------------------------------------------
// Closing a round, and runs

/** A lottery seed from the system's cryptographic random source. */
export const drawSeed = () => randomBytes(16).toString('hex');

/**
 * Closes the current round: draws the lottery seed (first round; the second round keeps it, so a
 * pupil keeps their draw), records it in the campaign and the audit log, and queues the run.
 * Returns the run to compute (the caller queues it, after this commits).
 */
export async function closeRound(
  db: Database,
  params: { id: string; reach: Reach; now: Date },
): Promise<{ runId: string; round: number }> {
  const actorId = params.reach.kind === 'staff' ? params.reach.userId : null;
  return db.transaction(async (tx) => {
    const row = await repo.lockCampaign(tx, { id: params.id, reach: params.reach });
    if (!row) throw campaignGone();
    let round: number;
    let to: CampaignStatus;
    if (row.status === 'draft' || row.status === 'open') {
      if (params.now < row.opensAt) {
        throw conflict(
          'campaign.not_open',
          `Les vœux ne sont pas encore ouverts (ouverture le ${frenchDateTime(row.opensAt)}) : la campagne ne peut pas être close.`,
        );
      }
      round = 1;
      to = 'closed';
    } else if (row.status === 'second_round_open') {
      round = 2;
      to = 'second_round_closed';
    } else {
      throw conflict('campaign.closed', 'Les vœux de cette campagne sont déjà clos.');
    }
    const seed = row.seed ?? drawSeed();
    const moved = await repo.moveCampaign(tx, {
      id: row.id,
      from: [row.status],
      to,
      now: params.now,
      seed,
    });
    if (!moved) throw conflict('campaign.closed', 'Les vœux de cette campagne sont déjà clos.');
    const { id: runId } = await repo.insertRun(tx, {
      campaignId: row.id,
      round,
      policy: row.policy,
      seed,
      softwareVersion: SOFTWARE_VERSION,
      createdBy: actorId,
      createdAt: params.now,
    });
    const closes = round === 1 ? row.closesAt : row.secondRoundClosesAt;
    await recordAudit(tx, {
      actorId,
      action: 'campaign.closed',
      subjectType: 'campaign',
      subjectId: row.id,
      data: { round, seed, runId, early: closes !== null && params.now < closes },
    });
    return { runId, round };
  });
}

/** A preview of another policy on the same wishes and seed, while the round is closed. */
export async function startPreview(
  db: Database,
  params: { id: string; reach: Reach; policy: CampaignPolicy },
): Promise<{ runId: string }> {
  const staff = staffOf(params.reach);
  return db.transaction(async (tx) => {
    const row = await repo.lockCampaign(tx, { id: params.id, reach: params.reach });
    if (!row) throw campaignGone();
    if (row.status !== 'closed' && row.status !== 'second_round_closed') {
      throw conflict(
        'campaign.not_closed',
        row.status.endsWith('published')
          ? 'Ce tour est déjà publié : son affectation ne se recalcule plus.'
          : "Les vœux ne sont pas encore clos : l'affectation se calcule à la clôture.",
      );
    }
    const { id: runId } = await repo.insertRun(tx, {
      campaignId: row.id,
      round: roundOfStatus(row.status),
      policy: params.policy,
      seed: row.seed!,
      softwareVersion: SOFTWARE_VERSION,
      createdBy: staff.userId,
    });
    await recordAudit(tx, {
      actorId: staff.userId,
      action: 'campaign.run_requested',
      subjectType: 'campaign',
      subjectId: row.id,
      data: { runId, policy: params.policy },
    });
    return { runId };
  });
}

export interface RunHooks {
  /** Tests only: alter the engine's result before it is verified. */
  tamper?: (result: AllocationResult) => void;
}

/**
 * Computes one run: loads the round's wishes and seats, solves with the matching engine, checks
 * the result with its independent verifier, and stores every pupil's outcome with its
 * explanation and the run's figures. Progress is written between steps. Never throws: a problem
 * marks the run failed, with a message the operator can read.
 */
export async function executeRun(
  db: Database,
  params: { runId: string; now?: Date; log?: { error(obj: unknown, msg: string): void } },
  hooks: RunHooks = {},
): Promise<'done' | 'failed' | 'skipped'> {
  const started = params.now ?? new Date();
  const run = await repo.claimRun(db, { id: params.runId, now: started });
  if (!run) return 'skipped';
  let inputsHash: string | null = null;
  try {
    const campaign = await repo.getCampaign(db, { id: run.campaignId, reach: { kind: 'system' } });
    if (!campaign) throw new Error('campaign vanished');
    let t = performance.now();
    const [periods, pupils, wishes, confirmedStages] = await Promise.all([
      repo.roundPeriods(db, { campaignId: campaign.id }),
      repo.runPupils(db, {
        campaignId: campaign.id,
        round: run.round,
        levels: campaign.levels,
        schoolId: campaign.schoolId,
      }),
      repo.runWishes(db, { campaignId: campaign.id, round: run.round }),
      repo.confirmedStagesOfWishers(db, { campaignId: campaign.id, round: run.round }),
    ]);
    const input = buildRunInput({
      round: run.round,
      policy: run.policy,
      seed: run.seed,
      periods,
      pupils,
      wishes,
      confirmedStages,
    });
    inputsHash = input.inputsHash;
    const loadMs = performance.now() - t;
    await repo.progressRun(db, { id: run.id, progress: 25, step: 'solve' });

    const solved = solveAndVerify(input, hooks.tamper);
    if (solved.violations.length > 0) {
      const first = solved.violations[0]!;
      await repo.failRun(db, {
        id: run.id,
        inputsHash,
        now: new Date(),
        error: `La vérification indépendante a refusé ce résultat (${solved.violations.length} anomalie(s), par exemple : ${first.message}). Il ne peut pas être publié.`,
      });
      await recordAudit(db, {
        actorId: null,
        action: 'campaign.run_failed',
        subjectType: 'campaign',
        subjectId: campaign.id,
        data: { runId: run.id, violations: solved.violations.length, kind: first.kind },
      });
      return 'failed';
    }
    await repo.progressRun(db, { id: run.id, progress: 70, step: 'write' });

    t = performance.now();
    const rows = resultRows(run.id, input, solved.result);
    await db.transaction(async (tx) => {
      await repo.deleteResults(tx, { runId: run.id });
      await repo.insertResults(tx, rows);
      const writeMs = performance.now() - t;
      const report = reportOf(input, solved.result, { loadMs, writeMs, ...solved.timings });
      await repo.finishRun(tx, {
        id: run.id,
        inputsHash: input.inputsHash,
        stats: report as unknown as Record<string, unknown>,
        now: new Date(),
      });
      await recordAudit(tx, {
        actorId: null,
        action: 'campaign.run_done',
        subjectType: 'campaign',
        subjectId: campaign.id,
        data: {
          runId: run.id,
          round: run.round,
          seed: run.seed,
          inputsHash: input.inputsHash,
          softwareVersion: run.softwareVersion,
          placed: report.placed,
          students: report.students,
        },
      });
    });
    return 'done';
  } catch (error) {
    params.log?.error({ err: error, runId: run.id }, 'campaign run failed');
    await repo.failRun(db, {
      id: run.id,
      inputsHash,
      now: new Date(),
      error:
        "Le calcul s'est interrompu sur une erreur interne. Relancez-le ; si l'erreur revient, signalez-la.",
    });
    return 'failed';
  }
}

function runView(row: repo.RunRow, publishedRunIds: Set<string>): CampaignRun {
  return {
    id: row.id,
    campaignId: row.campaignId,
    round: row.round,
    policy: row.policy,
    seed: row.seed,
    softwareVersion: row.softwareVersion,
    inputsHash: row.inputsHash,
    status: row.status,
    progress: row.progress,
    step: row.step,
    error: row.error,
    published: row.step === 'published' || publishedRunIds.has(row.id),
    report: row.status === 'done' && row.stats ? (row.stats as unknown as RunReport) : null,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export async function listRuns(db: Executor, params: { id: string; reach: Reach }) {
  const campaign = await repo.getCampaign(db, params);
  if (!campaign) throw campaignGone();
  const rows = await repo.listRuns(db, { campaignId: campaign.id });
  const published = new Set(campaign.publishedRunId ? [campaign.publishedRunId] : []);
  return rows.map((r) => runView(r, published));
}

export async function viewRun(
  db: Executor,
  params: { id: string; runId: string; reach: Reach },
): Promise<CampaignRun> {
  const campaign = await repo.getCampaign(db, params);
  if (!campaign) throw campaignGone();
  const row = await repo.getRun(db, { id: params.runId, campaignId: campaign.id });
  if (!row) throw notFound("Ce calcul n'existe pas.");
  return runView(row, new Set(campaign.publishedRunId ? [campaign.publishedRunId] : []));
}

/** How pupils fare in run `b` against run `a`: two policies on the same wishes. */
export async function compareRuns(
  db: Executor,
  params: { id: string; runId: string; otherRunId: string; reach: Reach },
): Promise<RunComparison> {
  const a = await viewRun(db, { id: params.id, runId: params.runId, reach: params.reach });
  const b = await viewRun(db, { id: params.id, runId: params.otherRunId, reach: params.reach });
  if (a.status !== 'done' || b.status !== 'done') {
    throw conflict('run.not_done', 'Les deux calculs doivent être terminés pour être comparés.');
  }
  if (a.round !== b.round) {
    throw conflict('run.rounds', 'Seuls deux calculs du même tour peuvent être comparés.');
  }
  const asResult = async (runId: string) => {
    const rows = await repo.runOutcomes(db, { runId });
    return {
      placements: rows.map((r) => ({
        studentId: r.studentId,
        offerId: r.periodId,
        wishRank: r.rankObtained,
        priorityClass: r.priority ?? 'none',
      })),
    } as unknown as AllocationResult;
  };
  const comparison = comparePlacements(await asResult(a.id), await asResult(b.id));
  const zero = { changed: 0, improved: 0, worsened: 0, newlyPlaced: 0, newlyUnplaced: 0 };
  return {
    a: a.id,
    b: b.id,
    changed: comparison.changed,
    improved: comparison.improved,
    worsened: comparison.worsened,
    newlyPlaced: comparison.newlyPlaced,
    newlyUnplaced: comparison.newlyUnplaced,
    byPriority: PRIORITIES.map((priority) => ({
      priority,
      ...(comparison.byPriorityClass[priority] ?? zero),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Publishing

export interface PublishHooks {
  /** Tests only: runs inside the transaction once the applications are written. */
  afterApplications?: (tx: Executor) => Promise<void> | void;
}

/**
 * Publishes a verified run, all at once: each placed pupil gets a confirmed application (with
 * its event, naming the campaign) and its agreement (as createAgreementForApplication makes it,
 * set-based: see agreements.ts); their pending applications on the same dates
 * are withdrawn; every pupil of the run is told; the run is recorded as the published one. One
 * transaction: a failure anywhere leaves the campaign exactly as it was. The campaign moves from
 * `closed` only once, so a second (or concurrent) publication is refused.
 */
export async function publishRun(
  db: Database,
  options: ServiceOptions,
  params: { id: string; runId: string; reach: Reach; now: Date },
  hooks: PublishHooks = {},
): Promise<PublishReport> {
  const staff = staffOf(params.reach);
  const started = performance.now();
  return db.transaction(async (tx) => {
    const campaign = await repo.lockCampaign(tx, { id: params.id, reach: params.reach });
    if (!campaign) throw campaignGone();
    if (campaign.status !== 'closed' && campaign.status !== 'second_round_closed') {
      throw conflict(
        campaign.status.endsWith('published') ? 'campaign.published' : 'campaign.not_closed',
        campaign.status.endsWith('published')
          ? 'Ce tour de la campagne est déjà publié : il ne peut pas l’être deux fois.'
          : "Les vœux ne sont pas encore clos : il n'y a rien à publier.",
      );
    }
    const round = roundOfStatus(campaign.status);
    const run = await repo.getRun(tx, { id: params.runId, campaignId: campaign.id });
    if (!run) throw notFound("Ce calcul n'existe pas.");
    if (run.round !== round) {
      throw conflict('run.round', "Ce calcul n'est pas celui du tour en cours.");
    }
    if (run.status !== 'done') {
      throw conflict(
        `run.${run.status}`,
        run.status === 'failed'
          ? "Ce calcul a échoué (ou la vérification l'a refusé) : il ne peut pas être publié."
          : "Ce calcul n'est pas terminé : attendez la fin avant de publier.",
      );
    }
    const moved = await repo.moveCampaign(tx, {
      id: campaign.id,
      from: [campaign.status],
      to: round === 1 ? 'published' : 'second_round_published',
      now: params.now,
      publishedRunId: run.id,
    });
    if (!moved) {
      throw conflict('campaign.published', 'Ce tour de la campagne vient d’être publié.');
    }

    // What the run read may have changed since: seats, committed periods, pupils' stages.
    const seats = await repo.seatCheck(tx, { runId: run.id });
    const over = seats.filter((p) => p.held + p.placed > p.seats);
    if (over.length > 0) {
      throw conflict(
        'campaign.seats_changed',
        `Des places ont été prises depuis le calcul (${over.length} période(s)) : relancez un calcul avant de publier.`,
      );
    }
    if ((await repo.placedOutsideCampaign(tx, { campaignId: campaign.id, runId: run.id })).length) {
      throw conflict(
        'campaign.periods_changed',
        'Des périodes du calcul ne font plus partie de la campagne : relancez un calcul avant de publier.',
      );
    }
    const overlapping = await repo.placedWithOverlap(tx, { runId: run.id });
    if (overlapping.length > 0) {
      throw conflict(
        'campaign.pupils_changed',
        `Des élèves ont confirmé un stage sur les mêmes dates depuis le calcul (${overlapping.length} au moins) : relancez un calcul avant de publier.`,
      );
    }

    const placements = await repo.runPlacements(tx, { runId: run.id });
    const created = await repo.insertCampaignApplications(tx, {
      campaignId: campaign.id,
      placements,
      now: params.now,
    });
    await repo.insertCampaignEvents(tx, {
      applicationIds: created.map((c) => c.id),
      note: `Affectation par la campagne « ${campaign.name} » (${round === 1 ? 'premier' : 'second'} tour, campagne ${campaign.id}).`,
      now: params.now,
    });
    await hooks.afterApplications?.(tx);

    // Like a pupil's own confirmation: their other pending applications on those dates go.
    const superseded = await repo.supersededApplications(tx, {
      runId: run.id,
      campaignId: campaign.id,
    });
    for (const other of superseded) {
      const movedApplication = await applicationsRepo.moveApplication(tx, {
        id: other.id,
        from: ['submitted', 'read', 'accepted'],
        to: 'withdrawn',
        at: params.now,
      });
      if (!movedApplication) continue;
      await applicationsRepo.recordEvent(tx, {
        applicationId: other.id,
        fromStatus: other.status,
        toStatus: 'withdrawn',
        actorId: null,
        note: `Retirée automatiquement : stage obtenu sur les mêmes dates par la campagne « ${campaign.name} ».`,
        at: params.now,
      });
      const facts = await applicationsRepo.noticeFacts(tx, { id: other.id });
      if (facts) {
        const employers = await applicationsRepo.companyEmployers(tx, {
          companyId: facts.companyId,
        });
        await tell(
          tx,
          employers,
          'application.superseded',
          { ...facts, applicationId: facts.id },
          options,
        );
      }
    }

    const agreementsMade = await createAgreementsForApplications(tx, {
      applicationIds: created.map((c) => c.id),
    });
    const participants = await repo.runParticipants(tx, { runId: run.id });
    await tellResults(tx, options, {
      campaignId: campaign.id,
      campaignName: campaign.name,
      round,
      participants,
    });
    await repo.markRunPublished(tx, { id: run.id });
    // After the last round, the seats still free go back to direct applications.
    if (round === 2) await repo.releasePeriods(tx, { campaignId: campaign.id });
    const report: PublishReport = {
      campaignId: campaign.id,
      runId: run.id,
      round,
      placed: created.length,
      unplaced: participants.filter((p) => p.periodId === null).length,
      withdrawn: superseded.length,
      agreements: agreementsMade,
      durationMs: Math.round(performance.now() - started),
    };
    await recordAudit(tx, {
      actorId: staff.userId,
      action: 'campaign.published',
      subjectType: 'campaign',
      subjectId: campaign.id,
      data: { ...report },
    });
    return report;
  });
}

// ---------------------------------------------------------------------------------------------
// Second round

export async function openSecondRound(
  db: Database,
  options: ServiceOptions,
  params: { id: string; reach: Reach; closesAt: Date; now: Date },
) {
  const staff = staffOf(params.reach);
  if (params.closesAt <= params.now) {
    throw invalidField(
      'body.closesAt',
      'campaign.closes_past',
      'La date de clôture du second tour doit être à venir.',
    );
  }
  await db.transaction(async (tx) => {
    const campaign = await repo.lockCampaign(tx, { id: params.id, reach: params.reach });
    if (!campaign) throw campaignGone();
    if (campaign.status !== 'published') {
      throw conflict(
        'campaign.second_round',
        campaign.status.startsWith('second_round')
          ? 'Le second tour de cette campagne est déjà ouvert.'
          : "Le second tour s'ouvre une fois le premier publié.",
      );
    }
    const moved = await repo.moveCampaign(tx, {
      id: campaign.id,
      from: ['published'],
      to: 'second_round_open',
      now: params.now,
      secondRoundClosesAt: params.closesAt,
    });
    if (!moved) throw conflict('campaign.second_round', 'Le second tour vient d’être ouvert.');
    const pupils = campaign.publishedRunId
      ? await repo.unplacedOfRun(tx, { runId: campaign.publishedRunId })
      : [];
    await tellSecondRound(tx, options, {
      campaignId: campaign.id,
      campaignName: campaign.name,
      closesAt: params.closesAt,
      pupils,
    });
    await recordAudit(tx, {
      actorId: staff.userId,
      action: 'campaign.second_round_opened',
      subjectType: 'campaign',
      subjectId: campaign.id,
      data: { closesAt: params.closesAt.toISOString(), pupilsTold: pupils.length },
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Pupils

async function pupilProfile(db: Executor, userId: string) {
  const profile = await applicationsRepo.studentProfile(db, { userId });
  if (!profile?.schoolId || !profile.level) return undefined;
  return { ...profile, schoolId: profile.schoolId, level: profile.level };
}

async function pupilCampaignRow(db: Executor, params: { id: string; userId: string; now: Date }) {
  const profile = await pupilProfile(db, params.userId);
  if (!profile) throw campaignGone();
  const row = await repo.getPupilCampaign(db, {
    id: params.id,
    pupil: { ...profile, now: params.now },
  });
  if (!row) throw campaignGone();
  return { row, profile };
}

/** The campaigns a pupil takes part in (their level and school, window opened). */
export async function listPupilCampaigns(db: Executor, params: { userId: string; now: Date }) {
  const profile = await pupilProfile(db, params.userId);
  if (!profile) return [];
  const rows = await repo.listCampaigns(db, {
    reach: { kind: 'system' },
    where: repo.pupilCampaignScope({ ...profile, now: params.now }),
  });
  return summaries(db, rows, params.now);
}

/** The round a pupil may wish in now, its window, and why not when they may not. */
async function wishWindow(
  db: Executor,
  campaign: {
    id: string;
    status: CampaignStatus;
    opensAt: Date;
    closesAt: Date;
    secondRoundClosesAt: Date | null;
  },
  userId: string,
  now: Date,
): Promise<{ round: number; opensAt: Date; closesAt: Date; block: WishBlock }> {
  const round = roundOfStatus(campaign.status);
  if (round === 1) {
    const open = campaign.status === 'draft' || campaign.status === 'open';
    const block: WishBlock =
      now < campaign.opensAt ? 'not_open' : !open || now >= campaign.closesAt ? 'closed' : null;
    return { round, opensAt: campaign.opensAt, closesAt: campaign.closesAt, block };
  }
  const closesAt = campaign.secondRoundClosesAt ?? campaign.closesAt;
  let block: WishBlock =
    campaign.status !== 'second_round_open' || now >= closesAt ? 'closed' : null;
  if (
    block === null &&
    (await repo.placedByCampaign(db, { campaignId: campaign.id, studentId: userId }))
  ) {
    block = 'placed';
  }
  return { round, opensAt: campaign.closesAt, closesAt, block };
}

function wishPeriodOf(row: repo.PupilPeriodRow, level: SchoolLevel, round: number): WishPeriod {
  return {
    id: row.id,
    offerId: row.offerId,
    offerTitle: row.offerTitle,
    companyName: row.companyName,
    communeName: row.communeName,
    startDate: row.startDate,
    endDate: row.endDate,
    seats: round > 1 ? Math.max(0, row.seats - row.taken) : row.seats,
    wishCount: row.wishCount,
    forMyLevel: row.levels.includes(level),
  };
}

export const PUPIL_PAGE_SIZE = 50;

export async function myCampaign(
  db: Executor,
  params: { id: string; userId: string; now: Date; q?: string | undefined; page?: number },
): Promise<MyCampaign> {
  const { row, profile } = await pupilCampaignRow(db, params);
  const window = await wishWindow(db, row, params.userId, params.now);
  const page = params.page ?? 1;
  const wishes = await repo.pupilWishes(db, {
    campaignId: row.id,
    round: window.round,
    studentId: params.userId,
  });
  const [listed, mine] = await Promise.all([
    repo.pupilPeriods(db, {
      campaignId: row.id,
      round: window.round,
      level: profile.level,
      q: params.q,
      limit: PUPIL_PAGE_SIZE,
      offset: (page - 1) * PUPIL_PAGE_SIZE,
    }),
    wishes.length > 0
      ? repo.pupilPeriods(db, {
          campaignId: row.id,
          round: window.round,
          level: profile.level,
          ids: wishes.map((w) => w.periodId),
          limit: wishes.length,
          offset: 0,
        })
      : Promise.resolve({ rows: [], total: 0 }),
  ]);
  const mineById = new Map(mine.rows.map((r) => [r.id, r]));
  const published = Boolean(await repo.publishedRun(db, { campaignId: row.id, round: 1 }));
  return {
    id: row.id,
    name: row.name,
    status: effectiveStatus(row, params.now),
    round: window.round,
    schoolName: row.schoolName,
    maxWishes: row.maxWishes,
    opensAt: window.opensAt.toISOString(),
    closesAt: window.closesAt.toISOString(),
    block: window.block,
    wishes: wishes
      .filter((w) => mineById.has(w.periodId))
      .map((w) => ({
        rank: w.rank,
        period: wishPeriodOf(mineById.get(w.periodId)!, profile.level, window.round),
      })),
    periods: listed.rows.map((r) => wishPeriodOf(r, profile.level, window.round)),
    periodsTotal: listed.total,
    resultPublished: published,
  };
}

/**
 * Replaces a pupil's ranked wishes for the current round. The campaign's row is share-locked, so
 * a close cannot slip between the window check and the write (the run would miss the change).
 */
export async function setWishes(
  db: Database,
  params: { id: string; userId: string; periodIds: string[]; now: Date },
) {
  const { row, profile } = await pupilCampaignRow(db, params);
  const periodIds = params.periodIds;
  if (periodIds.length > row.maxWishes) {
    throw invalidField(
      'body.periodIds',
      'wishes.max',
      `Vous pouvez formuler au plus ${row.maxWishes} vœu(x) dans cette campagne.`,
    );
  }
  const seen = new Map<string, number>();
  periodIds.forEach((id, i) => {
    if (seen.has(id)) {
      throw invalidField(
        `body.periodIds.${i}`,
        'wishes.duplicate',
        `Ce vœu est le même que votre vœu n° ${seen.get(id)! + 1} : chaque période ne peut être demandée qu'une fois.`,
      );
    }
    seen.set(id, i);
  });
  return db.transaction(async (tx) => {
    await applicationsRepo.lockStudent(tx, { userId: params.userId });
    const campaign = await repo.lockCampaign(tx, {
      id: row.id,
      reach: { kind: 'system' },
      mode: 'share',
    });
    if (!campaign) throw campaignGone();
    const window = await wishWindow(tx, campaign, params.userId, params.now);
    if (window.block === 'not_open') {
      throw conflict(
        'wishes.not_open',
        `Les vœux s'ouvrent le ${frenchDateTime(window.opensAt)} : revenez à ce moment-là.`,
      );
    }
    if (window.block === 'closed') {
      throw conflict(
        'wishes.closed',
        `Les vœux sont clos depuis le ${frenchDateTime(window.closesAt)} : ils ne peuvent plus changer.`,
      );
    }
    if (window.block === 'placed') {
      throw conflict(
        'wishes.placed',
        'Vous avez déjà obtenu un stage par cette campagne : le second tour est pour les élèves sans stage.',
      );
    }
    const { rows } =
      periodIds.length > 0
        ? await repo.pupilPeriods(tx, {
            campaignId: campaign.id,
            round: window.round,
            level: profile.level,
            ids: periodIds,
            limit: periodIds.length,
            offset: 0,
          })
        : { rows: [] };
    const byId = new Map(rows.map((r) => [r.id, r]));
    const stages = await repo.confirmedStagesOf(tx, { studentId: params.userId });
    periodIds.forEach((id, i) => {
      const field = `body.periodIds.${i}`;
      const p = byId.get(id);
      if (!p) {
        throw invalidField(
          field,
          'wishes.not_in_campaign',
          'Cette période ne fait pas partie de la campagne.',
        );
      }
      if (!p.levels.includes(profile.level)) {
        throw invalidField(
          field,
          'wishes.level',
          `« ${p.offerTitle} » s'adresse aux élèves de ${p.levels.join(', ')}, pas de ${profile.level}.`,
        );
      }
      if (window.round > 1 && p.seats - p.taken <= 0) {
        throw invalidField(
          field,
          'wishes.full',
          `« ${p.offerTitle} » n'a plus de place pour le second tour.`,
        );
      }
      const problem = confirmProblem(profile.level, stages, {
        startDate: p.startDate,
        endDate: p.endDate,
        companyId: '',
      });
      if (problem) {
        throw invalidField(
          field,
          'wishes.confirmed_elsewhere',
          `Vous avez déjà un stage confirmé qui empêche « ${p.offerTitle} » (du ${frenchDate(p.startDate)} au ${frenchDate(p.endDate)}).`,
        );
      }
    });
    await repo.replaceWishes(tx, {
      campaignId: campaign.id,
      round: window.round,
      studentId: params.userId,
      periodIds,
      now: params.now,
    });
    return { round: window.round };
  });
}

/** A pupil's result in each published round, every wish explained. */
export async function myResult(
  db: Executor,
  params: { id: string; userId: string; now: Date },
): Promise<MyCampaignResult> {
  const { row, profile } = await pupilCampaignRow(db, params);
  const rounds: MyCampaignResult['rounds'] = [];
  for (const round of [1, 2]) {
    const run = await repo.publishedRun(db, { campaignId: row.id, round });
    if (!run) continue;
    const result = await repo.pupilResult(db, { runId: run.id, studentId: params.userId });
    if (!result) continue;
    const wishes = await repo.pupilWishes(db, {
      campaignId: row.id,
      round,
      studentId: params.userId,
    });
    const periods = new Map(
      (await repo.periodsByIds(db, { ids: wishes.map((w) => w.periodId) })).map((p) => [p.id, p]),
    );
    const refusals = new Map(
      (result.explanation as (WishRefusal & { periodId: string })[]).map((e) => [e.periodId, e]),
    );
    const outcomes: WishOutcome[] = [];
    for (const w of wishes) {
      const p = periods.get(w.periodId);
      if (!p) continue;
      const refusal = refusals.get(w.periodId);
      outcomes.push({
        rank: w.rank,
        period: {
          id: p.id,
          offerId: p.offerId,
          offerTitle: p.offerTitle,
          companyName: p.companyName,
          communeName: p.communeName,
          startDate: p.startDate,
          endDate: p.endDate,
          seats: p.seats,
        },
        outcome: result.periodId === w.periodId ? 'obtained' : refusal ? 'refused' : 'not_needed',
        refusal: refusal
          ? {
              reason: refusal.reason,
              cutoff: refusal.cutoff,
              cutoffSeats: refusal.cutoffSeats,
              own: refusal.own,
            }
          : null,
      });
    }
    const application = result.periodId
      ? await repo.campaignApplication(db, {
          campaignId: row.id,
          studentId: params.userId,
          periodId: result.periodId,
        })
      : undefined;
    rounds.push({
      round,
      runId: run.id,
      placed: result.periodId !== null,
      rankObtained: result.rankObtained,
      applicationId: application?.id ?? null,
      agreementId: application?.agreementId ?? null,
      wishes: outcomes,
    });
  }
  const window = await wishWindow(db, row, params.userId, params.now);
  return {
    id: row.id,
    name: row.name,
    status: effectiveStatus(row, params.now),
    policy: row.policy,
    priority: (profile.priority as EducationPriority | null) ?? null,
    rounds,
    secondRoundOpen: window.round === 2 && window.block === null,
  };
}

// ---------------------------------------------------------------------------------------------
// The clock

/**
 * Opens drafts whose window has come, closes the rounds whose window has passed (drawing the
 * seed and queuing the run through `enqueue`), and queues again the runs whose job was lost. Run every minute by the job; `now` is a parameter
 * so tests run it at any date.
 */
export async function tickCampaigns(
  db: Database,
  params: { now: Date; enqueue(runId: string): Promise<unknown> },
) {
  const opened = await repo.openDueCampaigns(db, { now: params.now });
  let closed = 0;
  for (const { id } of await repo.dueToClose(db, { now: params.now })) {
    try {
      const { runId } = await closeRound(db, { id, reach: { kind: 'system' }, now: params.now });
      closed++;
      await params.enqueue(runId);
    } catch (error) {
      // Another worker (or an operator) closed it first: nothing to do.
      if (!(error instanceof AppError)) throw error;
    }
  }
  // A run whose job was lost (the process stopped between the close and the queue) goes again.
  const lost = await repo.lostRuns(db, { now: params.now });
  for (const { id } of lost) await params.enqueue(id);
  return { opened: opened.length, closed, requeued: lost.length };
}
