// Mentoring: a mentor's profile, a mentee's request (a minor's guardian consent recorded before
// any pairing), the optimal pairing run by an operator and the proposals it sends (mentors answer
// within a set number of days; a declined or expired proposal is followed by the next best one),
// a mentee's direct ask, the mentorship with its sessions (inside the mentor's availability, with
// an .ics invitation and a reminder the day before), each side's notes, the closing feedback that
// enters the mentee's passport, and the pair's messages, which the recipient can report and an
// operator can hide, suspending the sender's account if need be.
//
// Safeguarding: nothing here ever returns the other person's e-mail or phone number; e-mails go
// to each person's own address through the outbox, and say only what happened on the platform.
import { randomUUID } from 'node:crypto';
import type {
  AcceptedProposal,
  ConsentToRecord,
  GuardianConsent,
  MenteeRequest,
  MenteeRequestBody,
  MentorCard,
  MentoringMessage,
  MentoringMode,
  MentoringSession,
  MentorProfile,
  MentorProfileBody,
  Mentorship,
  MentorshipSummary,
  MessageReport,
  PairingPreview,
  Proposal,
  ProposalStatus,
  ProposeSessionBody,
  ReportDecisionBody,
  SendProposalsBody,
  SendProposalsResult,
  WeeklySlot,
} from '@tremplin/contracts';
import { PROPOSAL_RESPONSE_DAYS, SESSION_MAX_MINUTES } from '@tremplin/contracts';
import type { Executor } from '@tremplin/db';
import { badRequest, conflict, forbidden, invalidField, notFound } from '../../lib/problem.js';
import { recordAudit } from '../audit/repository.js';
import { notify, queueMail } from '../notifications/repository.js';
import { sessionIcs } from './ics.js';
import {
  breakdownOf,
  criteriaOf,
  nextBestPair,
  planPairing,
  scorePair,
  type MentorForPairing,
  type PairingInput,
  type Point,
  type RequestForPairing,
} from './pairing.js';
import * as repo from './repository.js';
import { emptySlotIndex, fitsAvailability, frMoment, parisMoment, sortSlots } from './time.js';

const DAY_MS = 86_400_000;
const SIGNATURE = 'Tremplin, la plateforme école–entreprise du Val-de-Marne';

export const NOT_FOUND = {
  request: "Cette demande de mentorat n'existe pas ou ne vous concerne pas.",
  proposal: "Cette proposition n'existe pas ou ne vous concerne pas.",
  mentorship: "Ce mentorat n'existe pas ou ne vous concerne pas.",
  session: "Cette séance n'existe pas ou ne vous concerne pas.",
  message: "Ce message n'existe pas ou ne vous concerne pas.",
  report: "Ce signalement n'existe pas ou a déjà été traité.",
  profile: "Vous n'avez pas encore de profil de mentor.",
  mentor: "Ce mentor n'existe pas ou ne prend plus de nouveaux mentorés.",
};

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

// ---------------------------------------------------------------------------------------------
// Minors and consent

/**
 * A mentee is a minor when their birth date says so on the given Paris day; an unknown birth
 * date (no school record, or none on it) counts as a minor: consent is asked rather than assumed.
 */
export function isMinor(birthDate: string | null | undefined, today: string): boolean {
  if (!birthDate) return true;
  const [y, m, d] = birthDate.split('-');
  return `${Number(y) + 18}-${m}-${d}` > today;
}

function consentOf(
  row: {
    birthDate: string | null;
    guardianConsentAt: Date | null;
    guardianConsentBy: string | null;
  },
  today: string,
): GuardianConsent {
  return {
    required: isMinor(row.birthDate, today),
    recordedAt: isoOrNull(row.guardianConsentAt),
    guardianName: row.guardianConsentBy,
  };
}

/** A request may be paired: an adult's, or a minor's whose guardian consented. */
function consentReady(
  row: { birthDate: string | null; guardianConsentAt: Date | null },
  today: string,
): boolean {
  return !isMinor(row.birthDate, today) || row.guardianConsentAt !== null;
}

const CONSENT_MISSING =
  "Le consentement du représentant légal n'est pas encore enregistré : le mentorat d'un mineur ne peut pas commencer sans lui.";

// ---------------------------------------------------------------------------------------------
// Input checks shared by profiles and requests

function checkSlots(slots: WeeklySlot[]): WeeklySlot[] {
  const bad = emptySlotIndex(slots);
  if (bad >= 0) {
    throw invalidField(
      `body.availability.${bad}.end`,
      'slot.order',
      "L'heure de fin doit être après l'heure de début.",
    );
  }
  return sortSlots(slots);
}

async function checkTrades(db: Executor, codes: string[]): Promise<string[]> {
  const unique = [...new Set(codes)];
  const labels = await repo.tradeLabels(db, unique);
  const unknown = unique.filter((c) => !labels.has(c));
  if (unknown.length > 0) {
    throw invalidField(
      'body.tradeCodes',
      'trade.unknown',
      `Ces codes ne sont pas des métiers du répertoire ROME : ${unknown.join(', ')}.`,
    );
  }
  return unique;
}

async function tradesOf(db: Executor, codes: string[]) {
  const labels = await repo.tradeLabels(db, codes);
  return codes.map((code) => ({ code, label: labels.get(code) ?? code }));
}

// ---------------------------------------------------------------------------------------------
// Mentor profile

export async function readMentorProfile(
  db: Executor,
  params: { userId: string },
): Promise<MentorProfile | undefined> {
  const row = await repo.getMentorProfile(db, params);
  if (!row) return undefined;
  const communes = new Map((await repo.communeRows(db)).map((c) => [c.code, c.name]));
  return {
    userId: row.userId,
    displayName: row.displayName,
    tradeCodes: row.tradeCodes,
    trades: await tradesOf(db, row.tradeCodes),
    languages: row.languages,
    modes: row.modes,
    communes: row.communes.map((code) => ({ code, name: communes.get(code) ?? code })),
    capacity: row.capacity,
    availability: row.availability,
    bio: row.bio,
    paused: row.paused,
    activeMentees: row.activeMentees,
    pendingProposals: row.pendingProposals,
    remainingCapacity: Math.max(0, row.capacity - row.activeMentees - row.pendingProposals),
    updatedAt: iso(row.updatedAt),
  };
}

export async function saveMentorProfile(
  db: Executor,
  params: { userId: string; body: MentorProfileBody; now: Date },
): Promise<void> {
  const { body } = params;
  const availability = checkSlots(body.availability);
  const tradeCodes = await checkTrades(db, body.tradeCodes);
  const communes = [...new Set(body.communes)];
  const unknown = await repo.unknownCommunes(db, communes);
  if (unknown.length > 0) {
    throw invalidField(
      'body.communes',
      'commune.unknown',
      `Ces communes ne sont pas dans le département : ${unknown.join(', ')}.`,
    );
  }
  if (containsContactDetails(body.bio)) {
    throw invalidField(
      'body.bio',
      'bio.contactDetails',
      'Votre présentation est lue par des jeunes : retirez-en adresse e-mail et numéro de téléphone, les échanges passent par Tremplin.',
    );
  }
  const modes = [...new Set(body.modes)];
  if (modes.includes('in_person') && communes.length === 0) {
    throw invalidField(
      'body.communes',
      'communes.required',
      'Indiquez au moins une commune où vous pouvez vous rendre pour les rencontres en personne.',
    );
  }
  await repo.upsertMentorProfile(db, {
    userId: params.userId,
    now: params.now,
    values: {
      companyId: await repo.mentorCompanyOf(db, { userId: params.userId }),
      tradeCodes,
      languages: [...new Set(body.languages)],
      modes,
      communes,
      capacity: body.capacity,
      availability,
      bio: body.bio.trim(),
    },
  });
}

/** A paused mentor gets no new proposal; false when they have no profile yet. */
export async function setPaused(
  db: Executor,
  params: { userId: string; paused: boolean; now: Date },
): Promise<boolean> {
  return repo.setMentorPaused(db, params);
}

/** Mentors a mentee may ask: available ones, shown without any contact or company detail. */
export async function listMentorCards(
  db: Executor,
  params: { trade?: string; viewerId: string },
): Promise<MentorCard[]> {
  const rows = (await repo.availableMentors(db)).filter(
    (m) =>
      m.userId !== params.viewerId &&
      (!params.trade || m.tradeCodes.some((c) => c.slice(0, 3) === params.trade!.slice(0, 3))),
  );
  const labels = await repo.tradeLabels(
    db,
    rows.flatMap((r) => r.tradeCodes),
  );
  return rows.map((r) => ({
    id: r.userId,
    displayName: r.displayName,
    trades: r.tradeCodes.map((code) => ({ code, label: labels.get(code) ?? code })),
    bio: r.bio,
    modes: r.modes,
  }));
}

// ---------------------------------------------------------------------------------------------
// Mentee requests

async function requestValues(db: Executor, body: MenteeRequestBody): Promise<repo.RequestValues> {
  const availability = checkSlots(body.availability);
  const tradeCodes = await checkTrades(db, body.tradeCodes);
  const modes = [...new Set(body.modes)];
  const communeCode = body.communeCode ?? null;
  if (modes.includes('in_person') && !communeCode) {
    throw invalidField(
      'body.communeCode',
      'commune.required',
      'Indiquez la commune où une rencontre en personne est possible.',
    );
  }
  if (communeCode && (await repo.unknownCommunes(db, [communeCode])).length > 0) {
    throw invalidField(
      'body.communeCode',
      'commune.unknown',
      "Cette commune n'est pas dans le département.",
    );
  }
  if (containsContactDetails(body.constraints)) {
    throw invalidField(
      'body.constraints',
      'constraints.contactDetails',
      'N’écris ni adresse e-mail ni numéro de téléphone : les échanges passent par Tremplin.',
    );
  }
  return {
    goals: [...new Set(body.goals)],
    tradeCodes,
    modes,
    availability,
    languages: [...new Set(body.languages)],
    communeCode,
    constraints: body.constraints.trim(),
  };
}

async function requestView(
  db: Executor,
  row: NonNullable<Awaited<ReturnType<typeof repo.getRequest>>>,
  now: Date,
): Promise<MenteeRequest> {
  const today = parisMoment(now).date;
  const [pending, names, mentorshipId, trades] = await Promise.all([
    row.status === 'proposed' ? repo.pendingProposalOf(db, { requestId: row.id }) : undefined,
    repo.people(db, row.preferredMentorId ? [row.preferredMentorId] : []),
    row.status === 'matched' || row.status === 'closed'
      ? repo.mentorshipIdOfRequest(db, { requestId: row.id })
      : Promise.resolve(null),
    tradesOf(db, row.tradeCodes),
  ]);
  const preferred = row.preferredMentorId ? names.get(row.preferredMentorId) : undefined;
  const direct = pending ? pending.runId === null : false;
  return {
    id: row.id,
    menteeId: row.menteeId,
    menteeName: row.menteeName,
    goals: row.goals as MenteeRequest['goals'],
    tradeCodes: row.tradeCodes,
    trades,
    modes: row.modes,
    availability: row.availability,
    languages: row.languages,
    communeCode: row.communeCode,
    communeName: row.communeName,
    constraints: row.constraints,
    status: row.status,
    consent: consentOf(row, today),
    preferredMentor: preferred ? { id: preferred.id, displayName: preferred.displayName } : null,
    pendingProposal: pending
      ? {
          // A mentee learns who was proposed once the mentor accepts, unless they asked them.
          mentorName: direct ? pending.mentorName : null,
          respondBy: iso(pending.respondBy),
          direct,
        }
      : null,
    mentorshipId,
    createdAt: iso(row.createdAt),
  };
}

export async function readRequest(
  db: Executor,
  params: { id: string; viewer: repo.Viewer; now: Date },
): Promise<MenteeRequest | undefined> {
  const row = await repo.getRequest(db, { id: params.id, viewer: params.viewer });
  return row ? requestView(db, row, params.now) : undefined;
}

export async function listMyRequests(
  db: Executor,
  params: { userId: string; now: Date },
): Promise<MenteeRequest[]> {
  const rows = await repo.listRequestsOf(db, { menteeId: params.userId });
  return Promise.all(rows.map((row) => requestView(db, row, params.now)));
}

export async function createRequest(
  tx: Executor,
  params: { viewer: repo.Viewer; body: MenteeRequestBody },
): Promise<{ id: string }> {
  const values = await requestValues(tx, params.body);
  if (await repo.activeRequestOf(tx, { menteeId: params.viewer.userId })) {
    throw conflict(
      'mentoring.requestExists',
      'Vous avez déjà une demande de mentorat en cours : modifiez-la ou annulez-la avant d’en faire une autre.',
    );
  }
  return repo.insertRequest(tx, { menteeId: params.viewer.userId, values });
}

export async function updateRequest(
  tx: Executor,
  params: { id: string; viewer: repo.Viewer; body: MenteeRequestBody },
): Promise<void> {
  const row = await repo.getRequest(tx, { id: params.id, viewer: params.viewer });
  if (!row || row.menteeId !== params.viewer.userId) throw notFound(NOT_FOUND.request);
  const values = await requestValues(tx, params.body);
  if (!(await repo.updateRequest(tx, { id: row.id, menteeId: row.menteeId, values }))) {
    throw conflict(
      'mentoring.requestNotOpen',
      'Cette demande ne peut plus être modifiée : une proposition est en cours ou un mentorat a commencé.',
    );
  }
}

export async function cancelRequest(
  tx: Executor,
  params: { id: string; viewer: repo.Viewer; now: Date },
): Promise<void> {
  const row = await repo.getRequest(tx, { id: params.id, viewer: params.viewer });
  if (!row || row.menteeId !== params.viewer.userId) throw notFound(NOT_FOUND.request);
  const locked = await repo.lockRequest(tx, { id: row.id });
  if (!locked || (locked.status !== 'open' && locked.status !== 'proposed')) {
    throw conflict(
      'mentoring.requestNotOpen',
      'Cette demande ne peut plus être annulée : un mentorat a commencé ou elle est close.',
    );
  }
  await repo.setRequestStatus(tx, { id: row.id, status: 'cancelled' });
  const withdrawn = await repo.withdrawPending(tx, { requestId: row.id, at: params.now });
  await notify(
    tx,
    withdrawn.map((p) => ({
      userId: p.mentorId,
      kind: 'mentoring.proposalWithdrawn',
      link: '/mentorat/propositions',
    })),
  );
}

/**
 * Records a minor's guardian consent: by the mentee (for their guardian), by a teacher or head of
 * the pupil's school, or by an operator, always naming the guardian. The guardian's address on
 * the school record, when there is one, is told at once, so a consent recorded in their name
 * without their knowledge does not go unnoticed.
 */
export async function recordConsent(
  tx: Executor,
  params: { id: string; viewer: repo.Viewer; guardianName: string; now: Date },
): Promise<void> {
  const row = await repo.getRequest(tx, { id: params.id, viewer: params.viewer });
  const own = row?.menteeId === params.viewer.userId;
  const operator = params.viewer.roles.includes('operator');
  const staff =
    params.viewer.roles.includes('teacher') || params.viewer.roles.includes('school_admin');
  if (!row || !(own || operator || staff)) throw notFound(NOT_FOUND.request);
  const guardianName = params.guardianName.trim();
  if (guardianName.length < 2) {
    throw invalidField(
      'body.guardianName',
      'minLength',
      'Indiquez le nom du représentant légal qui a donné son accord.',
    );
  }
  const locked = await repo.lockRequest(tx, { id: row.id });
  if (!locked || (locked.status !== 'open' && locked.status !== 'proposed')) {
    throw conflict('mentoring.requestNotOpen', 'Cette demande est close ou déjà satisfaite.');
  }
  if (!isMinor(row.birthDate, parisMoment(params.now).date)) {
    throw conflict(
      'mentoring.consentNotNeeded',
      "Ce mentoré est majeur : le consentement d'un représentant légal n'est pas nécessaire.",
    );
  }
  if (!(await repo.recordConsent(tx, { id: row.id, guardianName, at: params.now }))) {
    throw conflict('mentoring.consentRecorded', 'Le consentement est déjà enregistré.');
  }
  const recordedBy = own ? 'mentee' : operator && !staff ? 'operator' : 'school';
  await recordAudit(tx, {
    actorId: params.viewer.userId,
    action: 'mentoring.consentRecorded',
    subjectType: 'mentee_request',
    subjectId: row.id,
    data: { recordedBy },
  });
  if (!own) {
    await notify(tx, {
      userId: row.menteeId,
      kind: 'mentoring.consentRecorded',
      data: { guardianName },
      link: '/mentorat/demande',
    });
  }
  const pupil = await repo.pupilRecord(tx, { userId: row.menteeId });
  if (pupil?.guardianEmail) {
    await queueMail(tx, {
      to: pupil.guardianEmail,
      subject: `Mentorat de ${pupil.firstName} : votre accord a été enregistré`,
      text: [
        'Bonjour,',
        '',
        `${pupil.firstName} a demandé à être accompagné(e) par un mentor sur Tremplin. Votre accord, au nom de ${guardianName}, a été enregistré le ${frMoment(params.now)} par ${
          recordedBy === 'mentee'
            ? `${pupil.firstName}`
            : recordedBy === 'school'
              ? "l'établissement"
              : 'les services du département'
        }.`,
        '',
        "Les échanges entre le mentor et votre enfant passent uniquement par la messagerie de Tremplin, où chacun peut signaler un message. Si vous n'avez pas donné cet accord, contactez l'établissement de votre enfant.",
        '',
        SIGNATURE,
      ].join('\n'),
    });
  }
}

/** For a teacher or head of school: their pupils' requests waiting for a consent. */
export async function listConsentsToRecord(
  db: Executor,
  params: { userId: string; now: Date },
): Promise<ConsentToRecord[]> {
  const today = parisMoment(params.now).date;
  const rows = await repo.consentsToRecord(db, { userId: params.userId });
  return rows
    .filter((r) => isMinor(r.birthDate, today))
    .map((r) => ({
      requestId: r.requestId,
      pupilName: `${r.firstName} ${r.lastName}`,
      className: r.className,
      guardianName: r.guardianName,
      createdAt: iso(r.createdAt),
    }));
}

// ---------------------------------------------------------------------------------------------
// Pairing

async function centroidsOf(db: Executor): Promise<Map<string, Point>> {
  return new Map((await repo.communeRows(db)).map((c) => [c.code, { lat: c.lat, lon: c.lon }]));
}

function requestForPairing(
  row: NonNullable<Awaited<ReturnType<typeof repo.getRequest>>>,
): RequestForPairing {
  return {
    id: row.id,
    menteeId: row.menteeId,
    menteeName: row.menteeName,
    tradeCodes: row.tradeCodes,
    modes: row.modes,
    availability: row.availability,
    languages: row.languages,
    communeCode: row.communeCode,
  };
}

function mentorForPairing(row: repo.AvailableMentorRow): MentorForPairing {
  return {
    userId: row.userId,
    displayName: row.displayName,
    tradeCodes: row.tradeCodes,
    modes: row.modes,
    languages: row.languages,
    communes: row.communes,
    availability: row.availability,
    companyLocation:
      row.companyLat !== null && row.companyLon !== null
        ? { lat: row.companyLat, lon: row.companyLon }
        : null,
    remaining: row.remaining,
  };
}

/**
 * What a pairing run works on: open requests of active mentees whose consent is in order (the
 * others are counted, not paired), mentors with room, and the pairs never to propose again.
 */
export async function pairingInput(
  db: Executor,
  params: { now: Date; requestIds?: string[]; mentorIds?: string[] },
): Promise<{ input: PairingInput; awaitingConsent: number; names: Map<string, string> }> {
  const today = parisMoment(params.now).date;
  const rows = await repo.openRequests(db, { ids: params.requestIds });
  const ready = rows.filter((r) => consentReady(r, today));
  const mentorRows = await repo.availableMentors(db, { userIds: params.mentorIds });
  const names = new Map<string, string>([
    ...ready.map((r) => [r.id, r.menteeName] as const),
    ...mentorRows.map((m) => [m.userId, m.displayName] as const),
  ]);
  return {
    input: {
      requests: ready.map(requestForPairing),
      mentors: mentorRows.map(mentorForPairing),
      centroids: await centroidsOf(db),
      excluded: await repo.excludedPairs(db, { requestIds: ready.map((r) => r.id) }),
    },
    awaitingConsent: rows.length - ready.length,
    names,
  };
}

export async function previewPairing(db: Executor, params: { now: Date }): Promise<PairingPreview> {
  const { input, awaitingConsent, names } = await pairingInput(db, params);
  const plan = planPairing(input);
  return {
    computedAt: iso(params.now),
    openRequests: input.requests.length,
    availableMentors: input.mentors.filter((m) => m.remaining > 0).length,
    candidatePairs: plan.candidates.length,
    awaitingConsent,
    total: plan.total,
    pairs: plan.pairs.map((p) => ({
      requestId: p.requestId,
      menteeName: names.get(p.requestId) ?? '',
      mentorId: p.mentorId,
      mentorName: names.get(p.mentorId) ?? '',
      score: p.score,
      criteria: p.criteria,
      mode: p.mode,
    })),
    unpaired: plan.unpaired.map((u) => ({ ...u, menteeName: names.get(u.requestId) ?? '' })),
  };
}

async function tellMentorOfProposal(
  tx: Executor,
  params: { mentorId: string; respondBy: Date; webUrl: string; direct: boolean },
) {
  await notify(tx, {
    userId: params.mentorId,
    kind: params.direct ? 'mentoring.asked' : 'mentoring.proposal',
    data: { respondBy: parisMoment(params.respondBy).date },
    link: '/mentorat/propositions',
  });
  const mentor = (await repo.people(tx, [params.mentorId])).get(params.mentorId);
  if (mentor?.email) {
    await queueMail(tx, {
      to: mentor.email,
      subject: params.direct
        ? 'Un jeune vous demande comme mentor'
        : 'Une proposition de mentorat vous attend',
      text: [
        `Bonjour ${mentor.displayName},`,
        '',
        params.direct
          ? 'Un jeune a lu votre profil et vous demande de l’accompagner.'
          : 'La plateforme vous propose d’accompagner un jeune dont la demande correspond à votre profil.',
        `Vous pouvez lire sa demande et répondre jusqu’au ${frMoment(params.respondBy)} : ${params.webUrl}/mentorat/propositions`,
        '',
        SIGNATURE,
      ].join('\n'),
    });
  }
}

/**
 * Sends the proposals an operator chose from a preview. Everything is checked again under locks,
 * since the situation may have changed since the preview: each request still open with its
 * consent in order, each mentor still available with room, each pair still compatible and never
 * refused before. One stale pair refuses the whole batch (409 naming it): run the preview again.
 */
export async function sendProposals(
  tx: Executor,
  params: { viewer: repo.Viewer; body: SendProposalsBody; now: Date; webUrl: string },
): Promise<SendProposalsResult> {
  const { pairs } = params.body;
  const days = params.body.respondWithinDays ?? PROPOSAL_RESPONSE_DAYS;
  const seen = new Set<string>();
  pairs.forEach((pair, i) => {
    if (seen.has(pair.requestId)) {
      throw invalidField(
        `body.pairs.${i}.requestId`,
        'duplicate',
        'Une demande ne peut recevoir qu’une proposition à la fois.',
      );
    }
    seen.add(pair.requestId);
  });
  const requestIds = pairs.map((p) => p.requestId);
  const mentorIds = [...new Set(pairs.map((p) => p.mentorId))];
  for (const id of [...requestIds].sort()) await repo.lockRequest(tx, { id });
  await repo.lockMentors(tx, { userIds: mentorIds });
  const { input } = await pairingInput(tx, { now: params.now, requestIds, mentorIds });
  const requests = new Map(input.requests.map((r) => [r.id, r]));
  const mentors = new Map(input.mentors.map((m) => [m.userId, { ...m }]));
  const stale = (i: number, message: string) =>
    conflict('mentoring.pairingStale', `${message} Relancez l’appariement.`, [
      { field: `body.pairs.${i}`, code: 'stale', message },
    ]);
  const runId = randomUUID();
  const respondBy = new Date(params.now.getTime() + days * DAY_MS);
  const values: repo.ProposalValues[] = [];
  pairs.forEach((pair, i) => {
    const request = requests.get(pair.requestId);
    if (!request) {
      throw stale(i, "Cette demande n'est plus ouverte, ou le consentement n'est pas enregistré.");
    }
    const mentor = mentors.get(pair.mentorId);
    if (!mentor || mentor.remaining <= 0) {
      throw stale(i, "Ce mentor n'est plus disponible ou n'a plus de place.");
    }
    if (input.excluded.has(`${request.id}|${mentor.userId}`)) {
      throw stale(i, 'Ce mentor a déjà refusé ou laissé passer cette demande.');
    }
    const scored = scorePair(request, mentor, input.centroids);
    if (!scored.eligible || mentor.userId === request.menteeId) {
      throw stale(i, 'Ce mentor et cette demande ne sont pas compatibles.');
    }
    mentor.remaining -= 1;
    values.push({
      requestId: request.id,
      mentorId: mentor.userId,
      score: scored.score,
      breakdown: breakdownOf(scored.criteria),
      runId,
      respondBy,
    });
  });
  await repo.insertProposals(tx, values);
  for (const v of values) {
    await repo.setRequestStatus(tx, { id: v.requestId, status: 'proposed' });
    await tellMentorOfProposal(tx, {
      mentorId: v.mentorId,
      respondBy,
      webUrl: params.webUrl,
      direct: false,
    });
  }
  await recordAudit(tx, {
    actorId: params.viewer.userId,
    action: 'mentoring.pairing.sent',
    subjectType: 'mentoring_run',
    subjectId: runId,
    data: { proposals: values.length, respondWithinDays: days },
  });
  return { runId, sent: values.length };
}

/**
 * After a refusal or an expiry: the best mentor still available for this request, excluding
 * every mentor who already let it go; the request goes back to open when there is none (the next
 * run will try again).
 */
async function proposeNextBest(
  tx: Executor,
  params: { requestId: string; runId: string | null; now: Date; webUrl: string },
): Promise<boolean> {
  const { input } = await pairingInput(tx, { now: params.now, requestIds: [params.requestId] });
  const excluded = new Set(input.excluded);
  // The chosen mentor is locked and their room checked again: another request may have taken
  // their last place meanwhile, in which case the next one is tried.
  for (let attempt = 0; attempt < 5 && input.requests.length > 0; attempt++) {
    const best = nextBestPair({ ...input, excluded });
    if (!best) break;
    await repo.lockMentors(tx, { userIds: [best.mentorId] });
    const [fresh] = await repo.availableMentors(tx, { userIds: [best.mentorId] });
    if (!fresh || fresh.remaining <= 0) {
      excluded.add(`${best.requestId}|${best.mentorId}`);
      continue;
    }
    const respondBy = new Date(params.now.getTime() + PROPOSAL_RESPONSE_DAYS * DAY_MS);
    await repo.insertProposals(tx, [
      {
        requestId: params.requestId,
        mentorId: best.mentorId,
        score: best.score,
        breakdown: breakdownOf(best.criteria),
        runId: params.runId ?? randomUUID(),
        respondBy,
      },
    ]);
    await repo.setRequestStatus(tx, { id: params.requestId, status: 'proposed' });
    await tellMentorOfProposal(tx, {
      mentorId: best.mentorId,
      respondBy,
      webUrl: params.webUrl,
      direct: false,
    });
    return true;
  }
  await repo.setRequestStatus(tx, { id: params.requestId, status: 'open' });
  return false;
}

/** What follows a proposal that ended without a match (declined or expired). */
async function afterProposalEnded(
  tx: Executor,
  params: {
    proposal: { requestId: string; mentorId: string; runId: string | null };
    now: Date;
    webUrl: string;
  },
) {
  const request = await repo.lockRequest(tx, { id: params.proposal.requestId });
  if (!request || request.status !== 'proposed') return;
  // Open again, then (for a run's proposal) at once proposed to the next best mentor if any.
  await repo.setRequestStatus(tx, { id: request.id, status: 'open' });
  if (params.proposal.runId === null) {
    // A direct ask: the mentee chose this mentor, so they choose what comes next.
    const row = await repo.requestById(tx, { id: request.id });
    const mentor = (await repo.people(tx, [params.proposal.mentorId])).get(
      params.proposal.mentorId,
    );
    if (row) {
      await notify(tx, {
        userId: row.menteeId,
        kind: 'mentoring.askDeclined',
        data: { mentorName: mentor?.displayName ?? '' },
        link: '/mentorat/demande',
      });
    }
    return;
  }
  await proposeNextBest(tx, {
    requestId: request.id,
    runId: params.proposal.runId,
    now: params.now,
    webUrl: params.webUrl,
  });
}

/** A mentee asks a mentor of their choice; the mentor accepts or not, like any proposal. */
export async function askMentor(
  tx: Executor,
  params: { id: string; viewer: repo.Viewer; mentorId: string; now: Date; webUrl: string },
): Promise<void> {
  const row = await repo.getRequest(tx, { id: params.id, viewer: params.viewer });
  if (!row || row.menteeId !== params.viewer.userId) throw notFound(NOT_FOUND.request);
  const locked = await repo.lockRequest(tx, { id: row.id });
  if (locked?.status !== 'open') {
    throw conflict(
      'mentoring.requestNotOpen',
      locked?.status === 'proposed'
        ? 'Une proposition attend déjà la réponse d’un mentor.'
        : 'Cette demande est close ou déjà satisfaite.',
    );
  }
  if (!consentReady(row, parisMoment(params.now).date)) {
    throw conflict('mentoring.consentMissing', CONSENT_MISSING);
  }
  await repo.lockMentors(tx, { userIds: [params.mentorId] });
  const [mentorRow] = await repo.availableMentors(tx, { userIds: [params.mentorId] });
  if (!mentorRow || mentorRow.userId === row.menteeId) {
    throw invalidField('body.mentorId', 'mentor.unknown', NOT_FOUND.mentor);
  }
  if (mentorRow.remaining <= 0) {
    throw conflict(
      'mentoring.mentorFull',
      'Ce mentor accompagne déjà autant de jeunes qu’il le peut.',
    );
  }
  const excluded = await repo.excludedPairs(tx, { requestIds: [row.id] });
  if (excluded.has(`${row.id}|${mentorRow.userId}`)) {
    throw conflict('mentoring.alreadyDeclined', 'Ce mentor a déjà répondu à cette demande.');
  }
  const scored = scorePair(
    requestForPairing(row),
    mentorForPairing(mentorRow),
    await centroidsOf(tx),
  );
  if (!scored.eligible) {
    const why: Record<string, string> = {
      'no-common-slot': 'aucun créneau commun dans la semaine',
      'no-common-mode': 'aucune façon de se rencontrer en commun',
      'out-of-reach': 'la rencontre en personne est hors de sa zone',
      'no-common-language': 'aucune langue en commun',
    };
    throw conflict(
      'mentoring.incompatible',
      `Ce mentor ne peut pas vous accompagner : ${scored.refusals.map((r) => why[r] ?? r).join(', ')}. Modifiez vos disponibilités ou choisissez un autre mentor.`,
    );
  }
  const respondBy = new Date(params.now.getTime() + PROPOSAL_RESPONSE_DAYS * DAY_MS);
  await repo.insertProposals(tx, [
    {
      requestId: row.id,
      mentorId: mentorRow.userId,
      score: scored.score,
      breakdown: breakdownOf(scored.criteria),
      runId: null,
      respondBy,
    },
  ]);
  await repo.setRequestStatus(tx, {
    id: row.id,
    status: 'proposed',
    preferredMentorId: mentorRow.userId,
  });
  await tellMentorOfProposal(tx, {
    mentorId: mentorRow.userId,
    respondBy,
    webUrl: params.webUrl,
    direct: true,
  });
}

// ---------------------------------------------------------------------------------------------
// Proposals

async function proposalView(db: Executor, rows: repo.ProposalRow[]): Promise<Proposal[]> {
  const labels = await repo.tradeLabels(
    db,
    rows.flatMap((r) => r.tradeCodes),
  );
  return rows.map((r) => ({
    id: r.id,
    requestId: r.requestId,
    mentorId: r.mentorId,
    mentorName: r.mentorName,
    menteeName: r.menteeName,
    score: r.score,
    criteria: criteriaOf(r.breakdown),
    direct: r.runId === null,
    status: r.status,
    respondBy: iso(r.respondBy),
    respondedAt: isoOrNull(r.respondedAt),
    createdAt: iso(r.createdAt),
    request: {
      goals: r.goals as Proposal['request']['goals'],
      trades: r.tradeCodes.map((code) => ({ code, label: labels.get(code) ?? code })),
      modes: r.modes,
      availability: r.availability,
      languages: r.languages,
      communeName: r.communeName,
      constraints: r.constraints,
    },
    mentorshipId: r.status === 'accepted' ? r.mentorshipId : null,
  }));
}

export async function listProposals(
  db: Executor,
  params: { viewer: repo.Viewer; all: boolean; status?: ProposalStatus },
): Promise<Proposal[]> {
  if (params.all && !params.viewer.roles.includes('operator')) {
    throw forbidden('Seuls les opérateurs voient toutes les propositions.');
  }
  const rows = await repo.listProposals(db, {
    mentorId: params.all ? undefined : params.viewer.userId,
    status: params.status,
    limit: 500,
  });
  return proposalView(db, rows);
}

/** The viewer's own proposal, locked, still waiting for their answer (404, 409 otherwise). */
async function lockWaitingProposal(tx: Executor, params: { id: string; viewer: repo.Viewer }) {
  const proposal = await repo.lockProposalOfMentor(tx, {
    id: params.id,
    mentorId: params.viewer.userId,
  });
  if (!proposal) throw notFound(NOT_FOUND.proposal);
  if (proposal.status !== 'proposed') {
    throw conflict(
      'mentoring.proposalAnswered',
      'Cette proposition a déjà reçu une réponse ou a expiré.',
    );
  }
  return proposal;
}

export async function acceptProposal(
  tx: Executor,
  params: { id: string; viewer: repo.Viewer; now: Date },
): Promise<AcceptedProposal> {
  const proposal = await lockWaitingProposal(tx, params);
  if (proposal.respondBy.getTime() < params.now.getTime()) {
    throw conflict(
      'mentoring.proposalExpired',
      'Le délai de réponse à cette proposition est passé.',
    );
  }
  await repo.lockRequest(tx, { id: proposal.requestId });
  await repo.lockMentors(tx, { userIds: [proposal.mentorId] });
  const request = await repo.requestById(tx, { id: proposal.requestId });
  if (!request || request.status !== 'proposed') {
    throw conflict('mentoring.requestNotOpen', "Cette demande n'attend plus de mentor.");
  }
  // Checked again here: a minor's mentorship never starts without the consent on record.
  if (!consentReady(request, parisMoment(params.now).date)) {
    throw conflict('mentoring.consentMissing', CONSENT_MISSING);
  }
  const profile = await repo.getMentorProfile(tx, { userId: proposal.mentorId });
  if (profile && profile.activeMentees >= profile.capacity) {
    throw conflict(
      'mentoring.mentorFull',
      'Vous accompagnez déjà autant de jeunes que votre capacité le permet : augmentez-la dans votre profil, ou déclinez.',
    );
  }
  await repo.setProposalStatus(tx, { id: proposal.id, status: 'accepted', at: params.now });
  const withdrawn = await repo.withdrawPending(tx, {
    requestId: proposal.requestId,
    at: params.now,
    exceptId: proposal.id,
  });
  const mentorship = await repo.insertMentorship(tx, {
    requestId: proposal.requestId,
    mentorId: proposal.mentorId,
    menteeId: request.menteeId,
    at: params.now,
  });
  await repo.setRequestStatus(tx, { id: proposal.requestId, status: 'matched' });
  const mentor = (await repo.people(tx, [proposal.mentorId])).get(proposal.mentorId);
  await notify(tx, [
    {
      userId: request.menteeId,
      kind: 'mentoring.matched',
      data: { mentorName: mentor?.displayName ?? '' },
      link: `/mentorat/${mentorship.id}`,
    },
    ...withdrawn.map((p) => ({
      userId: p.mentorId,
      kind: 'mentoring.proposalWithdrawn',
      link: '/mentorat/propositions',
    })),
  ]);
  await recordAudit(tx, {
    actorId: params.viewer.userId,
    action: 'mentoring.mentorshipStarted',
    subjectType: 'mentorship',
    subjectId: mentorship.id,
    data: { proposalId: proposal.id, requestId: proposal.requestId },
  });
  return { mentorshipId: mentorship.id };
}

export async function declineProposal(
  tx: Executor,
  params: { id: string; viewer: repo.Viewer; now: Date; webUrl: string },
): Promise<void> {
  const proposal = await lockWaitingProposal(tx, params);
  await repo.setProposalStatus(tx, { id: proposal.id, status: 'declined', at: params.now });
  await afterProposalEnded(tx, { proposal, now: params.now, webUrl: params.webUrl });
}

/**
 * The job: waiting proposals past their date expire, and each of their requests gets the next
 * best proposal (or goes back to open). Returns how many expired.
 */
export async function expireProposals(
  db: Executor,
  params: { now: Date; webUrl: string },
): Promise<number> {
  let expired = 0;
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      const rows = await repo.lockOverdueProposals(tx, { now: params.now, limit: 50 });
      for (const proposal of rows) {
        await repo.setProposalStatus(tx, { id: proposal.id, status: 'expired', at: params.now });
        await notify(tx, {
          userId: proposal.mentorId,
          kind: 'mentoring.proposalExpired',
          link: '/mentorat/propositions',
        });
        await afterProposalEnded(tx, { proposal, now: params.now, webUrl: params.webUrl });
      }
      return rows.length;
    });
    expired += batch;
    if (batch < 50) return expired;
  }
}

// ---------------------------------------------------------------------------------------------
// Mentorships

const sideOf = (row: { mentorId: string }, userId: string): 'mentor' | 'mentee' =>
  row.mentorId === userId ? 'mentor' : 'mentee';

/** Modes both sides accept (the mentor's profile and the mentee's request). */
function pairModes(row: repo.MentorshipRow): MentoringMode[] {
  const mentor = row.mentorModes ?? ['video', 'phone'];
  const mentee = row.requestModes ?? mentor;
  const both = mentee.filter((m) => mentor.includes(m));
  return both.length > 0 ? both : mentor;
}

function sessionView(s: repo.SessionRow, row: repo.MentorshipRow, userId: string, now: Date) {
  const side = sideOf(row, userId);
  const upcoming = s.startsAt.getTime() > now.getTime();
  const active = row.status === 'active';
  const view: MentoringSession = {
    id: s.id,
    startsAt: iso(s.startsAt),
    endsAt: iso(s.endsAt),
    mode: s.mode,
    status: s.status,
    proposedByMe: s.proposedBy === userId,
    myNotes: side === 'mentor' ? s.mentorNotes : s.menteeNotes,
    canAccept: active && upcoming && s.status === 'proposed' && s.proposedBy !== userId,
    canDecline: active && upcoming && s.status === 'proposed' && s.proposedBy !== userId,
    canCancel: active && upcoming && (s.status === 'proposed' || s.status === 'accepted'),
    canWriteNotes:
      (s.status === 'accepted' || s.status === 'done') && s.endsAt.getTime() <= now.getTime(),
    hasCalendar: s.status === 'proposed' || s.status === 'accepted' || s.status === 'done',
  };
  return view;
}

export async function listMentorships(
  db: Executor,
  params: { userId: string },
): Promise<MentorshipSummary[]> {
  const rows = await repo.listMentorshipsOf(db, params);
  return rows.map((r) => {
    const side = sideOf(r, params.userId);
    return {
      id: r.id,
      status: r.status,
      role: side,
      partnerName: side === 'mentor' ? r.menteeName : r.mentorName,
      startedAt: iso(r.startedAt),
      closedAt: isoOrNull(r.closedAt),
      nextSession:
        r.nextStartsAt && r.nextStatus
          ? { startsAt: new Date(r.nextStartsAt).toISOString(), status: r.nextStatus }
          : null,
    };
  });
}

export async function readMentorship(
  db: Executor,
  params: { id: string; userId: string; now: Date },
): Promise<Mentorship | undefined> {
  const row = await repo.getMentorship(db, { id: params.id, userId: params.userId });
  if (!row) return undefined;
  const side = sideOf(row, params.userId);
  const sessions = await repo.listSessions(db, { mentorshipId: row.id });
  const closed = row.status === 'closed';
  return {
    id: row.id,
    status: row.status,
    role: side,
    partnerName: side === 'mentor' ? row.menteeName : row.mentorName,
    startedAt: iso(row.startedAt),
    closedAt: isoOrNull(row.closedAt),
    goals: (row.goals ?? []) as Mentorship['goals'],
    trades: await tradesOf(db, row.tradeCodes ?? []),
    mentorAvailability: row.mentorAvailability ?? [],
    modes: pairModes(row),
    myFeedback: side === 'mentor' ? row.mentorFeedback : row.menteeFeedback,
    partnerFeedback: closed ? (side === 'mentor' ? row.menteeFeedback : row.mentorFeedback) : null,
    sessions: sessions.map((s) => sessionView(s, row, params.userId, params.now)),
  };
}

/** 2026-11-26 -> 26/11/2026, the Paris day of an instant. */
const frDay = (at: Date) => parisMoment(at).date.split('-').reverse().join('/');

async function passportEntryFor(tx: Executor, row: repo.MentorshipRow, now: Date) {
  const fresh = await repo.getMentorship(tx, { id: row.id, userId: row.mentorId });
  const held = await repo.countHeldSessions(tx, { mentorshipId: row.id });
  const trades = await tradesOf(tx, row.tradeCodes ?? []);
  const description = [
    `Accompagnement par ${row.mentorName}, du ${frDay(row.startedAt)} au ${frDay(now)}.`,
    trades.length > 0 ? `Métiers : ${trades.map((t) => t.label).join(', ')}.` : '',
    `${held} séance(s) tenue(s).`,
  ]
    .filter(Boolean)
    .join(' ');
  await repo.upsertPassportEntry(tx, {
    studentId: row.menteeId,
    mentorshipId: row.id,
    title: `Mentorat avec ${row.mentorName}`,
    description,
    appraisal: fresh?.mentorFeedback ?? null,
    occurredOn: parisMoment(now).date,
  });
}

/** Either side closes the mentorship with their feedback; it enters the mentee's passport. */
export async function closeMentorship(
  tx: Executor,
  params: { id: string; viewer: repo.Viewer; feedback: string; now: Date },
): Promise<void> {
  const row = await repo.getMentorship(tx, {
    id: params.id,
    userId: params.viewer.userId,
    lock: true,
  });
  if (!row) throw notFound(NOT_FOUND.mentorship);
  const feedback = params.feedback.trim();
  if (feedback.length < 3) {
    throw invalidField(
      'body.feedback',
      'minLength',
      'Dites en quelques mots ce que ce mentorat a apporté.',
    );
  }
  const side = sideOf(row, params.viewer.userId);
  if (!(await repo.closeMentorship(tx, { id: row.id, at: params.now, side, feedback }))) {
    throw conflict('mentoring.closed', 'Ce mentorat est déjà clos.');
  }
  await repo.cancelUpcomingSessions(tx, { mentorshipId: row.id, now: params.now });
  if (row.requestId) await repo.setRequestStatus(tx, { id: row.requestId, status: 'closed' });
  await passportEntryFor(tx, row, params.now);
  const other = side === 'mentor' ? row.menteeId : row.mentorId;
  await notify(tx, {
    userId: other,
    kind: 'mentoring.closed',
    data: { name: side === 'mentor' ? row.mentorName : row.menteeName },
    link: `/mentorat/${row.id}`,
  });
  await recordAudit(tx, {
    actorId: params.viewer.userId,
    action: 'mentoring.mentorshipClosed',
    subjectType: 'mentorship',
    subjectId: row.id,
    data: { side },
  });
}

/** The other side's feedback, given once the mentorship is closed (or changed later). */
export async function giveFeedback(
  tx: Executor,
  params: { id: string; viewer: repo.Viewer; feedback: string; now: Date },
): Promise<void> {
  const row = await repo.getMentorship(tx, {
    id: params.id,
    userId: params.viewer.userId,
    lock: true,
  });
  if (!row) throw notFound(NOT_FOUND.mentorship);
  if (row.status !== 'closed') {
    throw conflict(
      'mentoring.notClosed',
      'Votre avis se donne en clôturant le mentorat, ou après sa clôture.',
    );
  }
  const feedback = params.feedback.trim();
  if (feedback.length < 3) {
    throw invalidField(
      'body.feedback',
      'minLength',
      'Dites en quelques mots ce que ce mentorat a apporté.',
    );
  }
  const side = sideOf(row, params.viewer.userId);
  await repo.setFeedback(tx, { id: row.id, side, feedback });
  if (side === 'mentor') await passportEntryFor(tx, row, row.closedAt ?? params.now);
}

// ---------------------------------------------------------------------------------------------
// Sessions

function parseInstant(value: string, field: string): Date {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) {
    throw invalidField(field, 'format', 'Cette date et cette heure ne sont pas valides.');
  }
  return at;
}

function slotWords(slots: WeeklySlot[]): string {
  const days = ['', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];
  return slots.map((s) => `${days[s.day]} ${s.start}–${s.end}`).join(', ');
}

export async function proposeSession(
  tx: Executor,
  params: { mentorshipId: string; viewer: repo.Viewer; body: ProposeSessionBody; now: Date },
): Promise<{ id: string }> {
  const row = await repo.getMentorship(tx, {
    id: params.mentorshipId,
    userId: params.viewer.userId,
    lock: true,
  });
  if (!row) throw notFound(NOT_FOUND.mentorship);
  if (row.status !== 'active') {
    throw conflict('mentoring.closed', 'Ce mentorat est clos : plus de séance à prévoir.');
  }
  const startsAt = parseInstant(params.body.startsAt, 'body.startsAt');
  const endsAt = parseInstant(params.body.endsAt, 'body.endsAt');
  if (endsAt.getTime() <= startsAt.getTime()) {
    throw invalidField(
      'body.endsAt',
      'session.order',
      'La fin de la séance doit être après son début.',
    );
  }
  if (endsAt.getTime() - startsAt.getTime() > SESSION_MAX_MINUTES * 60_000) {
    throw invalidField(
      'body.endsAt',
      'session.tooLong',
      `Une séance dure au plus ${SESSION_MAX_MINUTES / 60} heures.`,
    );
  }
  if (startsAt.getTime() <= params.now.getTime()) {
    throw invalidField('body.startsAt', 'session.past', 'Choisissez un moment à venir.');
  }
  const availability = row.mentorAvailability ?? [];
  if (!fitsAvailability(availability, startsAt, endsAt)) {
    throw invalidField(
      'body.startsAt',
      'session.outsideAvailability',
      availability.length > 0
        ? `Ce moment n'est pas dans les disponibilités du mentor (heure de Paris) : ${slotWords(availability)}.`
        : "Le mentor n'a indiqué aucune disponibilité.",
    );
  }
  if (!pairModes(row).includes(params.body.mode)) {
    throw invalidField(
      'body.mode',
      'session.mode',
      "Ce mode de rencontre n'est pas possible pour ce mentorat.",
    );
  }
  if (await repo.overlappingSession(tx, { mentorId: row.mentorId, startsAt, endsAt })) {
    throw conflict(
      'mentoring.sessionOverlap',
      'Le mentor a déjà une séance prévue à ce moment-là : choisissez un autre créneau.',
    );
  }
  const session = await repo.insertSession(tx, {
    mentorshipId: row.id,
    startsAt,
    endsAt,
    mode: params.body.mode,
    proposedBy: params.viewer.userId,
  });
  const moment = parisMoment(startsAt);
  await notify(tx, {
    userId: sideOf(row, params.viewer.userId) === 'mentor' ? row.menteeId : row.mentorId,
    kind: 'mentoring.sessionProposed',
    data: { date: moment.date, time: clock(moment.minutes) },
    link: `/mentorat/${row.id}`,
  });
  return session;
}

const clock = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

function icsAttachment(session: Parameters<typeof sessionIcs>[0], now: Date, webUrl: string) {
  return {
    filename: 'seance-mentorat.ics',
    contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
    content: Buffer.from(sessionIcs(session, { now, webUrl }), 'utf8').toString('base64'),
  };
}

export async function answerSession(
  tx: Executor,
  params: {
    id: string;
    viewer: repo.Viewer;
    action: 'accept' | 'decline' | 'cancel';
    now: Date;
    webUrl: string;
  },
): Promise<void> {
  const s = await repo.getSession(tx, { id: params.id, userId: params.viewer.userId, lock: true });
  if (!s) throw notFound(NOT_FOUND.session);
  if (s.mentorshipStatus !== 'active') {
    throw conflict('mentoring.closed', 'Ce mentorat est clos.');
  }
  const upcoming = s.startsAt.getTime() > params.now.getTime();
  const mine = s.proposedBy === params.viewer.userId;
  if (params.action === 'cancel') {
    if (!upcoming || (s.status !== 'proposed' && s.status !== 'accepted')) {
      throw conflict('mentoring.sessionState', 'Cette séance ne peut plus être annulée.');
    }
  } else {
    if (mine) {
      throw forbidden(
        "C'est à l'autre personne d'accepter ou de refuser la séance que vous proposez.",
      );
    }
    if (!upcoming || s.status !== 'proposed') {
      throw conflict('mentoring.sessionState', "Cette séance n'attend plus de réponse.");
    }
  }
  const status =
    params.action === 'accept'
      ? 'accepted'
      : params.action === 'decline'
        ? 'declined'
        : 'cancelled';
  await repo.setSessionStatus(tx, { id: s.id, status });
  const other = s.mentorId === params.viewer.userId ? s.menteeId : s.mentorId;
  const moment = parisMoment(s.startsAt);
  await notify(tx, {
    userId: other,
    kind:
      params.action === 'accept'
        ? 'mentoring.sessionAccepted'
        : params.action === 'decline'
          ? 'mentoring.sessionDeclined'
          : 'mentoring.sessionCancelled',
    data: { date: moment.date, time: clock(moment.minutes) },
    link: `/mentorat/${s.mentorshipId}`,
  });
  if (params.action === 'decline') return;
  // Both people get the news by e-mail (each at their own address), the invitation attached.
  const everyone = await repo.people(tx, [s.mentorId, s.menteeId]);
  const attachment =
    params.action === 'accept'
      ? icsAttachment({ ...s, status: 'accepted' }, params.now, params.webUrl)
      : icsAttachment({ ...s, status: 'cancelled' }, params.now, params.webUrl);
  for (const person of everyone.values()) {
    if (!person.email || person.status !== 'active') continue;
    await queueMail(tx, {
      to: person.email,
      subject:
        params.action === 'accept'
          ? `Séance de mentorat confirmée : ${frMoment(s.startsAt)}`
          : `Séance de mentorat annulée : ${frMoment(s.startsAt)}`,
      text: [
        `Bonjour ${person.displayName},`,
        '',
        params.action === 'accept'
          ? `Votre séance de mentorat du ${frMoment(s.startsAt)} est confirmée. L'invitation pour votre agenda est jointe.`
          : `La séance de mentorat du ${frMoment(s.startsAt)} est annulée.`,
        `Pour échanger, passez par la messagerie de Tremplin : ${params.webUrl}/mentorat/${s.mentorshipId}`,
        '',
        SIGNATURE,
      ].join('\n'),
      attachments: [attachment],
    });
  }
}

export async function writeNotes(
  tx: Executor,
  params: { id: string; viewer: repo.Viewer; notes: string; now: Date },
): Promise<void> {
  const s = await repo.getSession(tx, { id: params.id, userId: params.viewer.userId, lock: true });
  if (!s) throw notFound(NOT_FOUND.session);
  if (s.status !== 'accepted' && s.status !== 'done') {
    throw conflict(
      'mentoring.sessionState',
      "Cette séance n'a pas eu lieu : pas de notes à prendre.",
    );
  }
  if (s.endsAt.getTime() > params.now.getTime()) {
    throw conflict('mentoring.sessionNotOver', 'Les notes se prennent après la séance.');
  }
  await repo.setSessionNotes(tx, {
    id: s.id,
    side: s.mentorId === params.viewer.userId ? 'mentor' : 'mentee',
    notes: params.notes.trim(),
  });
}

export async function sessionCalendar(
  db: Executor,
  params: { id: string; viewer: repo.Viewer; now: Date; webUrl: string },
): Promise<{ filename: string; content: string }> {
  const s = await repo.getSession(db, { id: params.id, userId: params.viewer.userId });
  if (!s || !(s.status === 'proposed' || s.status === 'accepted' || s.status === 'done')) {
    throw notFound(NOT_FOUND.session);
  }
  const day = parisMoment(s.startsAt).date;
  return {
    filename: `seance-mentorat-${day}.ics`,
    content: sessionIcs(s, { now: params.now, webUrl: params.webUrl }),
  };
}

/**
 * The job: accepted sessions starting within the next 24 hours get a reminder, once, to both
 * people (in the app, and by e-mail with the invitation again).
 */
export async function remindSessions(
  db: Executor,
  params: { now: Date; webUrl: string },
): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await repo.lockSessionsToRemind(tx, {
      from: params.now,
      to: new Date(params.now.getTime() + DAY_MS),
      limit: 500,
    });
    const everyone = await repo.people(
      tx,
      rows.flatMap((r) => [r.mentorId, r.menteeId]),
    );
    for (const s of rows) {
      const moment = parisMoment(s.startsAt);
      await notify(
        tx,
        [s.mentorId, s.menteeId].map((userId) => ({
          userId,
          kind: 'mentoring.sessionReminder',
          data: { date: moment.date, time: clock(moment.minutes) },
          link: `/mentorat/${s.mentorshipId}`,
        })),
      );
      for (const id of [s.mentorId, s.menteeId]) {
        const person = everyone.get(id);
        if (!person?.email || person.status !== 'active') continue;
        await queueMail(tx, {
          to: person.email,
          subject: `Rappel : séance de mentorat ${frMoment(s.startsAt)}`,
          text: [
            `Bonjour ${person.displayName},`,
            '',
            `Petit rappel : votre séance de mentorat a lieu le ${frMoment(s.startsAt)}.`,
            `Un empêchement ? Prévenez dans la messagerie de Tremplin : ${params.webUrl}/mentorat/${s.mentorshipId}`,
            '',
            SIGNATURE,
          ].join('\n'),
          attachments: [icsAttachment(s, params.now, params.webUrl)],
        });
      }
    }
    await repo.markReminded(tx, { ids: rows.map((r) => r.id), at: params.now });
    return rows.length;
  });
}

// ---------------------------------------------------------------------------------------------
// Messages and reports

export async function listMessages(
  db: Executor,
  params: { mentorshipId: string; viewer: repo.Viewer; after?: string },
): Promise<MentoringMessage[]> {
  const row = await repo.getMentorship(db, {
    id: params.mentorshipId,
    userId: params.viewer.userId,
  });
  if (!row) throw notFound(NOT_FOUND.mentorship);
  const rows = await repo.listMessages(db, {
    mentorshipId: row.id,
    userId: params.viewer.userId,
    after: params.after ? parseInstant(params.after, 'querystring.after') : undefined,
    limit: 200,
  });
  return rows.map((m) => ({
    id: m.id,
    mine: m.senderId === params.viewer.userId,
    senderName: m.senderName,
    body: m.hiddenAt ? null : m.body,
    hidden: m.hiddenAt !== null,
    createdAt: iso(m.createdAt),
    reportedByMe: m.reportedByMe,
  }));
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/u;
/** French numbers (06 12 34 56 78, 06.12.34.56.78, +33 6 12 34 56 78) and long digit runs. */
const PHONE = /(?:\+|00)\s?\d{2,3}(?:[\s.-]?\d){8,}|\b0[1-9](?:[\s.-]?\d{2}){4}\b/;

/**
 * Safeguarding: adults and minors talk through the platform, not private contacts, so a message
 * carrying an e-mail address or a phone number is refused (the sender is told why).
 */
export function containsContactDetails(text: string): boolean {
  return EMAIL.test(text) || PHONE.test(text);
}

export async function sendMessage(
  tx: Executor,
  params: { mentorshipId: string; viewer: repo.Viewer; body: string; now: Date },
): Promise<{ id: string }> {
  const row = await repo.getMentorship(tx, {
    id: params.mentorshipId,
    userId: params.viewer.userId,
  });
  if (!row) throw notFound(NOT_FOUND.mentorship);
  if (row.status !== 'active') {
    throw conflict(
      'mentoring.closed',
      'Ce mentorat est clos : la messagerie est en lecture seule.',
    );
  }
  const body = params.body.trim();
  if (body.length === 0) throw invalidField('body.body', 'minLength', 'Écrivez un message.');
  if (containsContactDetails(body)) {
    throw invalidField(
      'body.body',
      'message.contactDetails',
      'Pour la sécurité de chacun, les échanges restent sur Tremplin : retirez l’adresse e-mail ou le numéro de téléphone de votre message.',
    );
  }
  const message = await repo.insertMessage(tx, {
    mentorshipId: row.id,
    senderId: params.viewer.userId,
    body,
    at: params.now,
  });
  const side = sideOf(row, params.viewer.userId);
  const recipient = side === 'mentor' ? row.menteeId : row.mentorId;
  const link = `/mentorat/${row.id}`;
  if (!(await repo.hasUnreadNotice(tx, { userId: recipient, kind: 'mentoring.message', link }))) {
    await notify(tx, {
      userId: recipient,
      kind: 'mentoring.message',
      data: { name: side === 'mentor' ? row.mentorName : row.menteeName },
      link,
    });
  }
  return message;
}

export async function reportMessage(
  tx: Executor,
  params: { messageId: string; viewer: repo.Viewer; reason: string },
): Promise<void> {
  const message = await repo.getMessage(tx, { id: params.messageId, userId: params.viewer.userId });
  if (!message) throw notFound(NOT_FOUND.message);
  if (message.senderId === params.viewer.userId) {
    throw forbidden('Vous ne pouvez pas signaler votre propre message.');
  }
  const reason = params.reason.trim();
  if (reason.length < 3) {
    throw invalidField('body.reason', 'minLength', 'Dites en quelques mots ce qui ne va pas.');
  }
  const report = await repo.insertReport(tx, {
    messageId: message.id,
    reporterId: params.viewer.userId,
    reason,
  });
  if (!report) {
    throw conflict(
      'mentoring.reportExists',
      'Vous avez déjà signalé ce message ; un opérateur va l’examiner.',
    );
  }
  const operators = await repo.operatorIds(tx);
  await notify(
    tx,
    operators.map((userId) => ({
      userId,
      kind: 'mentoring.messageReported',
      link: '/mentorat/signalements',
    })),
  );
  await recordAudit(tx, {
    actorId: params.viewer.userId,
    action: 'mentoring.messageReported',
    subjectType: 'mentoring_message',
    subjectId: message.id,
    data: { reportId: report.id },
  });
}

export async function listReports(db: Executor): Promise<MessageReport[]> {
  const rows = await repo.listOpenReports(db);
  return rows.map((r) => ({
    id: r.id,
    reason: r.reason,
    createdAt: iso(r.createdAt),
    reporterName: r.reporterName,
    mentorshipId: r.mentorshipId,
    message: {
      id: r.messageId,
      body: r.body,
      createdAt: iso(r.messageCreatedAt),
      hidden: r.hiddenAt !== null,
    },
    sender: { id: r.senderId, displayName: r.senderName, status: r.senderStatus },
  }));
}

/**
 * An operator's decision on a report: hide the message (both people then see that a message was
 * hidden), suspend the sender's account (every session of theirs ends at once), or neither. Every
 * open report of the message is closed with it, and each step is in the audit log.
 */
export async function decideReport(
  tx: Executor,
  params: { id: string; viewer: repo.Viewer; body: ReportDecisionBody; now: Date },
): Promise<void> {
  const report = await repo.lockOpenReport(tx, { id: params.id });
  if (!report) throw notFound(NOT_FOUND.report);
  const { hideMessage, suspendSender } = params.body;
  const note = params.body.note.trim();
  if (suspendSender && report.senderId === params.viewer.userId) {
    throw badRequest(
      'mentoring.selfSuspension',
      'Vous ne pouvez pas suspendre votre propre compte.',
    );
  }
  if (hideMessage) await repo.hideMessage(tx, { id: report.messageId, at: params.now });
  let suspended = false;
  if (suspendSender && report.senderId) {
    suspended = await repo.suspendUser(tx, { userId: report.senderId, now: params.now });
    if (suspended) {
      await recordAudit(tx, {
        actorId: params.viewer.userId,
        action: 'user.suspended',
        subjectType: 'user',
        subjectId: report.senderId,
        data: { reportId: report.id, messageId: report.messageId },
      });
    }
  }
  const decision =
    [hideMessage ? 'hidden' : null, suspendSender ? 'sender_suspended' : null]
      .filter(Boolean)
      .join(',') || 'dismissed';
  const resolved = await repo.resolveReportsOfMessage(tx, {
    messageId: report.messageId,
    operatorId: params.viewer.userId,
    decision: note ? `${decision}: ${note}` : decision,
    at: params.now,
  });
  await recordAudit(tx, {
    actorId: params.viewer.userId,
    action: 'mentoring.reportDecided',
    subjectType: 'mentoring_message',
    subjectId: report.messageId,
    data: { decision, reports: resolved.length, suspended },
  });
  await notify(
    tx,
    resolved
      .filter((r) => r.reporterId)
      .map((r) => ({
        userId: r.reporterId!,
        kind: 'mentoring.reportHandled',
        link: `/mentorat/${report.mentorshipId}`,
      })),
  );
}
