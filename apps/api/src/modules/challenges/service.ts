// School–enterprise challenges: a company (or several) sets a challenge and publishes it;
// teachers enrol classes of their school and form teams (by hand, or balanced by the matching
// package); teams hand in text and files before the deadline (server time); invited employers
// score each team's work with the rubric, except teams of a school they are tied to; the
// organisers publish the ranking, which enters the pupils' passports and their certificates.
import { randomBytes } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import {
  type AutoTeamsBody,
  type Challenge,
  type ChallengeClassroom,
  type ChallengeResults,
  type ChallengeSubmissions,
  type ChallengeSummary,
  type ChallengeTeam,
  type CreateChallengeBody,
  type ProblemFieldError,
  type RubricCriterion,
  type UpdateChallengeBody,
  CHALLENGE_MAX_FILES,
  CHALLENGE_SUBMISSION_MAX_BYTES,
  normaliseSiret,
} from '@tremplin/contracts';
import { type Executor, queryRows } from '@tremplin/db';
import {
  challengeEnrolments,
  challengeFiles,
  challengeJurors,
  challengeOrganisers,
  challenges,
  challengeScores,
  challengeSubmissions,
  challengeTeamMembers,
  challengeTeams,
  companies,
  companyMemberships,
  passportEntries,
  userRoles,
  users,
} from '@tremplin/db/schema';
import { formTeams, TeamSizeError } from '@tremplin/matching';
import {
  AppError,
  badRequest,
  conflict,
  forbidden,
  invalidField,
  notFound,
} from '../../lib/problem.js';
import { frDate, frDateTime, parisToday } from '../agreements/dates.js';
import { recordAudit } from '../audit/repository.js';
import { getClass } from '../classes/repository.js';
import { schoolYearOf } from '../classes/calendar.js';
import { notify, queueMail } from '../notifications/repository.js';
import { cleanFilename, sniffChallengeFile } from './files.js';
import { renderCertificatePdf } from './pdf.js';
import * as repo from './repository.js';
import { firstWeightedCriterion, rankTeams, tieRuleText, weightedTotal } from './scoring.js';

export type Viewer = repo.Viewer;

const NOT_FOUND = "Ce challenge n'existe pas ou ne vous est pas accessible.";
const TEAM_NOT_FOUND = "Cette équipe n'existe pas ou ne vous est pas accessible.";
export const SUBMISSION_TEXT_MAX = 10_000;

const iso = (value: Date | string | null) =>
  value === null ? null : new Date(value).toISOString();

const LEVEL_WORDS: Record<string, string> = {
  '4e': '4e',
  '3e': '3e',
  '2de': '2de',
  pro: 'lycée professionnel',
};

function mib(bytes: number) {
  return `${Math.round(bytes / 1024 / 1024)} Mo`;
}

async function challengeOr404(
  db: Executor,
  params: { id: string; viewer: Viewer; lock?: boolean },
) {
  const row = await repo.getChallenge(db, params);
  if (!row) throw notFound(NOT_FOUND);
  return row;
}

type Row = repo.ChallengeRow;

function assertOrganiser(row: Row) {
  if (!row.organiser) {
    throw forbidden('Seules les entreprises organisatrices de ce challenge peuvent faire cela.');
  }
}

// --- the challenge itself -------------------------------------------------------------------------

/** The rubric as stored: keys by position (c1, c2…), labels trimmed. */
function rubricOf(input: CreateChallengeBody['rubric']): RubricCriterion[] {
  return input.map((c, i) => ({
    key: `c${i + 1}`,
    label: c.label.replace(/\s+/g, ' ').trim(),
    weight: c.weight,
    max: c.max,
  }));
}

/** Every rule a challenge's fields must follow, each breach named by its field. */
async function checkFields(db: Executor, body: UpdateChallengeBody, now: Date) {
  const errors: ProblemFieldError[] = [];
  const add = (field: string, code: string, message: string) =>
    errors.push({ field: `body.${field}`, code, message });
  if (body.title.trim().length < 3) add('title', 'minLength', 'Au moins 3 caractères.');
  if (body.brief.trim().length < 20) add('brief', 'minLength', 'Au moins 20 caractères.');
  if (body.teamMax < body.teamMin) {
    add(
      'teamMax',
      'challenge.teamSize',
      "La taille maximale d'une équipe ne peut pas être inférieure à sa taille minimale.",
    );
  }
  const deadline = new Date(body.submissionDeadline);
  const deadlineDay = parisToday(deadline);
  if (deadline.getTime() <= now.getTime()) {
    add('submissionDeadline', 'challenge.deadlinePast', 'La date limite de dépôt est déjà passée.');
  } else if (deadlineDay < body.launchOn) {
    add(
      'submissionDeadline',
      'challenge.deadlineBeforeLaunch',
      'La date limite de dépôt doit venir après le lancement du challenge.',
    );
  }
  if (body.juryOn < deadlineDay) {
    add(
      'juryOn',
      'challenge.juryBeforeDeadline',
      'Le jury se réunit après la date limite de dépôt, pas avant.',
    );
  }
  const seen = new Map<string, number>();
  body.rubric.forEach((c, i) => {
    const label = c.label.replace(/\s+/g, ' ').trim().toLowerCase();
    if (label.length < 2) add(`rubric.${i}.label`, 'minLength', 'Au moins 2 caractères.');
    else if (seen.has(label)) {
      add(`rubric.${i}.label`, 'rubric.duplicate', 'Deux critères portent déjà ce nom.');
    }
    seen.set(label, i);
  });
  const labels = await repo.tradeLabels(db, body.tradeCodes);
  body.tradeCodes.forEach((code, i) => {
    if (!labels.has(code)) {
      add(`tradeCodes.${i}`, 'trade.unknown', `Le code métier ${code} n'existe pas dans le ROME.`);
    }
  });
  if (errors.length > 0) {
    throw badRequest(
      'validation',
      errors.length === 1 ? errors[0]!.message : `${errors.length} champs sont à corriger.`,
      errors,
    );
  }
}

function valuesOf(body: UpdateChallengeBody) {
  return {
    title: body.title.replace(/\s+/g, ' ').trim(),
    brief: body.brief.trim(),
    tradeCodes: body.tradeCodes,
    levels: body.levels,
    launchOn: body.launchOn,
    submissionDeadline: new Date(body.submissionDeadline),
    juryOn: body.juryOn,
    teamMin: body.teamMin,
    teamMax: body.teamMax,
    maxTeams: body.maxTeams,
    prizes: body.prizes.trim(),
    rubric: rubricOf(body.rubric),
  };
}

export async function createChallenge(
  tx: Executor,
  params: { viewer: Viewer; body: CreateChallengeBody; now: Date },
) {
  const { viewer, body } = params;
  const memberships = await tx
    .select({ companyId: companyMemberships.companyId })
    .from(companyMemberships)
    .where(
      and(
        eq(companyMemberships.userId, viewer.userId),
        eq(companyMemberships.role, 'employer'),
        eq(companyMemberships.status, 'active'),
      ),
    );
  if (memberships.length === 0) {
    throw forbidden(
      "Rattachez d'abord votre compte à votre entreprise (« Mon organisation ») pour lancer un challenge.",
    );
  }
  let companyId = body.companyId;
  if (companyId && !memberships.some((m) => m.companyId === companyId)) {
    throw invalidField(
      'body.companyId',
      'company.notMine',
      "Vous n'agissez pas pour cette entreprise.",
    );
  }
  if (!companyId) {
    if (memberships.length > 1) {
      throw invalidField(
        'body.companyId',
        'required',
        "Choisissez l'entreprise qui organise : vous agissez pour plusieurs.",
      );
    }
    companyId = memberships[0]!.companyId;
  }
  await checkFields(tx, body, params.now);
  const [row] = await tx
    .insert(challenges)
    .values({ ...valuesOf(body), status: 'draft', createdBy: viewer.userId })
    .returning({ id: challenges.id });
  await tx.insert(challengeOrganisers).values({ challengeId: row!.id, companyId });
  await recordAudit(tx, {
    actorId: viewer.userId,
    action: 'challenge.created',
    subjectType: 'challenge',
    subjectId: row!.id,
    data: { companyId },
  });
  return row!.id;
}

export async function updateChallenge(
  tx: Executor,
  params: { id: string; viewer: Viewer; body: UpdateChallengeBody; now: Date },
) {
  const row = await challengeOr404(tx, { ...params, lock: true });
  assertOrganiser(row);
  const phase = repo.phaseOf(row, params.now);
  if (phase !== 'draft' && phase !== 'open') {
    throw conflict(
      'challenge.locked',
      'Les dépôts sont clos : le challenge ne peut plus être modifié.',
    );
  }
  const body = params.body;
  await checkFields(tx, body, params.now);
  if (phase === 'open') {
    const enrolled = await queryRows<{ level: string; count: number }>(
      tx,
      sql`select c.level, count(*)::int as count from challenge_enrolments e
          join classes c on c.id = e.class_id where e.challenge_id = ${row.id} group by c.level`,
    );
    const dropped = enrolled.filter((e) => !body.levels.includes(e.level as never));
    if (dropped.length > 0) {
      throw conflict(
        'challenge.levelsInUse',
        `Des classes de ${dropped.map((d) => LEVEL_WORDS[d.level] ?? d.level).join(', ')} sont déjà inscrites : ce niveau doit rester ouvert.`,
        [
          {
            field: 'body.levels',
            code: 'challenge.levelsInUse',
            message: 'Un niveau retiré a déjà des classes inscrites.',
          },
        ],
      );
    }
    const [sizes] = await queryRows<{ teams: number; largest: number }>(
      tx,
      sql`select count(*)::int as teams, coalesce(max(n), 0)::int as largest from (
            select (select count(*) from challenge_team_members m where m.team_id = t.id) as n
            from challenge_teams t where t.challenge_id = ${row.id}) x`,
    );
    if (sizes && sizes.teams > body.maxTeams) {
      throw conflict(
        'challenge.teamsInUse',
        `${sizes.teams} équipes sont déjà formées : le nombre maximal ne peut pas descendre en dessous.`,
        [
          {
            field: 'body.maxTeams',
            code: 'challenge.teamsInUse',
            message: `Au moins ${sizes.teams}.`,
          },
        ],
      );
    }
    if (sizes && sizes.largest > body.teamMax) {
      throw conflict(
        'challenge.teamsInUse',
        `Une équipe compte déjà ${sizes.largest} élèves : la taille maximale ne peut pas descendre en dessous.`,
        [
          {
            field: 'body.teamMax',
            code: 'challenge.teamsInUse',
            message: `Au moins ${sizes.largest}.`,
          },
        ],
      );
    }
  }
  await tx.update(challenges).set(valuesOf(body)).where(eq(challenges.id, row.id));
}

export async function publishChallenge(
  tx: Executor,
  params: { id: string; viewer: Viewer; now: Date },
) {
  const row = await challengeOr404(tx, { ...params, lock: true });
  assertOrganiser(row);
  if (row.status !== 'draft')
    throw conflict('challenge.published', 'Ce challenge est déjà publié.');
  if (row.submissionDeadline <= params.now) {
    throw conflict(
      'challenge.deadlinePast',
      'La date limite de dépôt est passée : reportez-la avant de publier.',
    );
  }
  await tx.update(challenges).set({ status: 'published' }).where(eq(challenges.id, row.id));
  await recordAudit(tx, {
    actorId: params.viewer.userId,
    action: 'challenge.published',
    subjectType: 'challenge',
    subjectId: row.id,
  });
}

async function tellJudgingOpen(tx: Executor, row: { id: string; title: string }) {
  const jurors = await repo.jurorIds(tx, { challengeId: row.id });
  const teachers = await queryRows<{ userId: string }>(
    tx,
    sql`select distinct teacher_id as "userId" from challenge_enrolments
        where challenge_id = ${row.id} and teacher_id is not null`,
  );
  await notify(tx, [
    ...jurors.map((userId) => ({
      userId,
      kind: 'challenge.judging',
      data: { title: row.title },
      link: `/challenges/${row.id}/depots`,
    })),
    ...teachers.map(({ userId }) => ({
      userId,
      kind: 'challenge.closed',
      data: { title: row.title },
      link: `/challenges/${row.id}`,
    })),
  ]);
}

/** The organisers close submissions (before the deadline only when they say so). */
export async function closeSubmissions(
  tx: Executor,
  params: { id: string; viewer: Viewer; early: boolean; now: Date },
) {
  const row = await challengeOr404(tx, { ...params, lock: true });
  assertOrganiser(row);
  if (row.status !== 'published') {
    throw conflict(
      'challenge.notOpen',
      row.status === 'draft'
        ? "Ce challenge n'est pas encore publié."
        : 'Les dépôts sont déjà clos.',
    );
  }
  if (params.now <= row.submissionDeadline && !params.early) {
    throw conflict(
      'challenge.early',
      `La date limite (${frDateTime(row.submissionDeadline)}) n'est pas passée : confirmez la clôture anticipée des dépôts.`,
    );
  }
  await tx.update(challenges).set({ status: 'judging' }).where(eq(challenges.id, row.id));
  await recordAudit(tx, {
    actorId: params.viewer.userId,
    action: 'challenge.submissionsClosed',
    subjectType: 'challenge',
    subjectId: row.id,
    data: { early: params.now <= row.submissionDeadline },
  });
  await tellJudgingOpen(tx, row);
}

/** The job: published challenges past their deadline move to judging (and the jury is told). */
export async function closeDueChallenges(db: Executor, params: { now: Date }) {
  return db.transaction(async (tx) => {
    const due = await tx
      .update(challenges)
      .set({ status: 'judging' })
      .where(
        and(
          eq(challenges.status, 'published'),
          sql`${challenges.submissionDeadline} < ${params.now.toISOString()}::timestamptz`,
        ),
      )
      .returning({ id: challenges.id, title: challenges.title });
    for (const row of due) {
      await recordAudit(tx, {
        actorId: null,
        action: 'challenge.submissionsClosed',
        subjectType: 'challenge',
        subjectId: row.id,
        data: { early: false },
      });
      await tellJudgingOpen(tx, row);
    }
    return due.length;
  });
}

// --- reading --------------------------------------------------------------------------------------

function summaryOf(
  row: Row,
  organisers: { id: string; name: string }[],
  now: Date,
): ChallengeSummary {
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    phase: repo.phaseOf(row, now),
    levels: row.levels,
    tradeCodes: row.tradeCodes,
    launchOn: row.launchOn,
    submissionDeadline: row.submissionDeadline.toISOString(),
    juryOn: row.juryOn,
    teamMin: row.teamMin,
    teamMax: row.teamMax,
    maxTeams: row.maxTeams,
    teamCount: row.teamCount,
    organisers,
    relation: {
      organiser: row.organiser,
      juror: row.juror,
      enrolled: row.staffEnrolled || row.pupilEnrolled || row.myTeamId !== null,
      myTeamId: row.myTeamId,
    },
  };
}

export async function listChallengesFor(
  db: Executor,
  params: {
    viewer: Viewer;
    mine: boolean;
    level?: ChallengeSummary['levels'][number];
    page: number;
    pageSize: number;
    now: Date;
  },
) {
  const { rows, total } = await repo.listChallenges(db, params);
  const organisers = await repo.organisersOf(
    db,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((r) => summaryOf(r, organisers.get(r.id) ?? [], params.now)),
    total,
    page: params.page,
    pageSize: params.pageSize,
  };
}

/** The ranking of the teams that handed in work and were scored. */
async function rankingOf(db: Executor, row: { id: string; rubric: RubricCriterion[] }) {
  const teams = await repo.teamsWithWork(db, { challengeId: row.id });
  const scores = await repo.scoresOf(db, { challengeId: row.id });
  const submitted = teams.filter((t) => t.submittedAt !== null);
  const ranked = rankTeams(
    row.rubric,
    submitted.map((t) => ({
      teamId: t.teamId,
      teamName: t.teamName,
      schoolName: t.schoolName,
      submittedAt: t.submittedAt!,
      scores: scores.filter((s) => s.teamId === t.teamId),
    })),
  );
  const rankedIds = new Set(ranked.map((r) => r.teamId));
  return {
    ranked,
    unscored: submitted
      .filter((t) => !rankedIds.has(t.teamId))
      .map((t) => ({ teamId: t.teamId, teamName: t.teamName })),
    teams,
  };
}

export async function readChallenge(
  db: Executor,
  params: { id: string; viewer: Viewer; now: Date },
): Promise<Challenge> {
  const row = await challengeOr404(db, params);
  const phase = repo.phaseOf(row, params.now);
  const [organisers, labels, counts] = await Promise.all([
    repo.organisersOf(db, [row.id]),
    repo.tradeLabels(db, row.tradeCodes),
    repo.countsOf(db, row.id),
  ]);
  const summary = summaryOf(row, organisers.get(row.id) ?? [], params.now);

  let myTeam: Challenge['myTeam'] = null;
  if (row.myTeamId) {
    const team = await repo.getTeam(db, {
      challengeId: row.id,
      teamId: row.myTeamId,
      viewer: params.viewer,
    });
    if (team) {
      const members = await repo.teamMembers(db, { teamIds: [team.id] });
      const submission = await repo.submissionOf(db, { teamId: team.id });
      const files = submission ? await repo.filesOf(db, { submissionId: submission.id }) : [];
      let rank: number | null = null;
      let rankedTeams: number | null = null;
      if (row.status === 'results') {
        const { ranked } = await rankingOf(db, row);
        rank = ranked.find((r) => r.teamId === team.id)?.rank ?? null;
        rankedTeams = ranked.length;
      }
      myTeam = {
        id: team.id,
        name: team.name,
        className: team.className,
        schoolName: team.schoolName,
        members: members.map((m) => ({ id: m.id, firstName: m.firstName, lastName: m.lastName })),
        submittedAt: submission ? submission.submittedAt.toISOString() : null,
        fileCount: files.length,
        rank,
        rankedTeams,
      };
    }
  }

  const enrolments = await repo.staffEnrolments(db, { challengeId: row.id, viewer: params.viewer });
  const enrolmentIds = enrolments.map((e) => e.id);
  const pupils = await repo.pupilsOf(db, { challengeId: row.id, enrolmentIds });
  const teams = await repo.teamsOfEnrolments(db, { enrolmentIds });
  const myEnrolments = enrolments.map((e) => ({
    id: e.id,
    classId: e.classId,
    className: e.className,
    schoolName: e.schoolName,
    pupilCount: pupils.filter((p) => p.classId === e.classId).length,
    teamCount: teams.filter((t) => t.enrolmentId === e.id).length,
  }));

  const staff = repo.has(params.viewer, 'teacher', 'school_admin');
  const editable = row.organiser && (phase === 'draft' || phase === 'open');
  return {
    ...summary,
    brief: row.brief,
    prizes: row.prizes,
    rubric: row.rubric,
    trades: row.tradeCodes.map((code) => ({ code, label: labels.get(code) ?? code })),
    resultsPublishedAt: iso(row.resultsPublishedAt),
    createdAt: row.createdAt.toISOString(),
    enrolmentCount: counts.enrolments,
    submissionCount: counts.submissions,
    jurorCount: counts.jurors,
    myTeam,
    myEnrolments,
    can: {
      edit: editable,
      publish: row.organiser && row.status === 'draft',
      manageJury: row.organiser && row.status !== 'results',
      closeSubmissions: row.organiser && row.status === 'published',
      publishResults: row.organiser && phase === 'judging',
      followSubmissions: row.organiser || row.juror,
      enrol: staff && phase === 'open',
      score: row.juror && phase === 'judging',
      certificate: myTeam !== null && myTeam.submittedAt !== null,
    },
  };
}

// --- organisers and jury --------------------------------------------------------------------------

export async function addOrganiser(
  tx: Executor,
  params: { id: string; viewer: Viewer; siret: string },
) {
  const row = await challengeOr404(tx, { ...params, lock: true });
  assertOrganiser(row);
  if (row.status === 'results') {
    throw conflict('challenge.over', 'Les résultats sont publiés : le challenge est terminé.');
  }
  const siret = normaliseSiret(params.siret);
  const [company] = await tx
    .select({ id: companies.id, name: companies.name })
    .from(companies)
    .where(eq(companies.siret, siret));
  if (!company) {
    throw invalidField(
      'body.siret',
      'company.unknown',
      "Aucune entreprise inscrite sur Tremplin n'a ce SIRET : elle doit d'abord s'inscrire.",
    );
  }
  const inserted = await tx
    .insert(challengeOrganisers)
    .values({ challengeId: row.id, companyId: company.id })
    .onConflictDoNothing()
    .returning({ companyId: challengeOrganisers.companyId });
  if (inserted.length === 0) {
    throw conflict('organiser.exists', `${company.name} organise déjà ce challenge.`, [
      {
        field: 'body.siret',
        code: 'organiser.exists',
        message: 'Cette entreprise organise déjà ce challenge.',
      },
    ]);
  }
  const employers = await queryRows<{ userId: string }>(
    tx,
    sql`select user_id as "userId" from company_memberships
        where company_id = ${company.id} and role = 'employer' and status = 'active'
          and user_id <> ${params.viewer.userId}`,
  );
  await notify(
    tx,
    employers.map(({ userId }) => ({
      userId,
      kind: 'challenge.coOrganiser',
      data: { title: row.title, company: company.name },
      link: `/challenges/${row.id}`,
    })),
  );
  await recordAudit(tx, {
    actorId: params.viewer.userId,
    action: 'challenge.organiserAdded',
    subjectType: 'challenge',
    subjectId: row.id,
    data: { companyId: company.id },
  });
}

export async function removeOrganiser(
  tx: Executor,
  params: { id: string; viewer: Viewer; companyId: string },
) {
  const row = await challengeOr404(tx, { ...params, lock: true });
  assertOrganiser(row);
  const current = await tx
    .select({ companyId: challengeOrganisers.companyId })
    .from(challengeOrganisers)
    .where(eq(challengeOrganisers.challengeId, row.id));
  if (!current.some((c) => c.companyId === params.companyId)) {
    throw notFound("Cette entreprise n'organise pas ce challenge.");
  }
  if (current.length === 1) {
    throw conflict('organiser.last', 'Un challenge garde au moins une entreprise organisatrice.');
  }
  await tx
    .delete(challengeOrganisers)
    .where(
      and(
        eq(challengeOrganisers.challengeId, row.id),
        eq(challengeOrganisers.companyId, params.companyId),
      ),
    );
  await recordAudit(tx, {
    actorId: params.viewer.userId,
    action: 'challenge.organiserRemoved',
    subjectType: 'challenge',
    subjectId: row.id,
    data: { companyId: params.companyId },
  });
}

export async function listJurors(db: Executor, params: { id: string; viewer: Viewer }) {
  const row = await challengeOr404(db, params);
  if (!row.organiser && !row.juror) {
    throw forbidden('Seuls les organisateurs et le jury voient la composition du jury.');
  }
  const rows = await queryRows<{
    userId: string;
    name: string;
    email: string | null;
    invitedAt: Date | string;
    scoreCount: number;
  }>(
    db,
    sql`select j.user_id as "userId", u.display_name as name, u.email, j.invited_at as "invitedAt",
          (select count(*)::int from challenge_scores s
            where s.challenge_id = j.challenge_id and s.juror_id = j.user_id) as "scoreCount"
        from challenge_jurors j join users u on u.id = j.user_id
        where j.challenge_id = ${row.id}
        order by u.display_name, j.user_id`,
  );
  return rows.map((r) => ({
    ...r,
    // Jurors see each other's names; only the organisers see their addresses.
    email: row.organiser ? r.email : null,
    invitedAt: iso(r.invitedAt)!,
  }));
}

export async function inviteJuror(
  tx: Executor,
  params: { id: string; viewer: Viewer; email: string; webUrl: string },
) {
  const row = await challengeOr404(tx, { ...params, lock: true });
  assertOrganiser(row);
  if (row.status === 'results') {
    throw conflict('challenge.over', 'Les résultats sont publiés : le jury ne change plus.');
  }
  const email = params.email.trim().toLowerCase();
  const [person] = await tx
    .select({ id: users.id, name: users.displayName, email: users.email })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, 'employer')))
    .where(and(eq(users.email, email), eq(users.status, 'active')));
  if (!person) {
    throw invalidField(
      'body.email',
      'juror.unknown',
      "Aucun compte entreprise n'a cette adresse : la personne doit d'abord créer son compte Tremplin avec le profil « Entreprise ».",
    );
  }
  const inserted = await tx
    .insert(challengeJurors)
    .values({ challengeId: row.id, userId: person.id, invitedBy: params.viewer.userId })
    .onConflictDoNothing()
    .returning({ userId: challengeJurors.userId });
  if (inserted.length === 0) {
    throw conflict('juror.exists', `${person.name} fait déjà partie du jury.`, [
      {
        field: 'body.email',
        code: 'juror.exists',
        message: 'Cette personne fait déjà partie du jury.',
      },
    ]);
  }
  await notify(tx, {
    userId: person.id,
    kind: 'challenge.jurorInvited',
    data: { title: row.title },
    link: `/challenges/${row.id}`,
  });
  await queueMail(tx, {
    to: person.email!,
    subject: `Invitation au jury du challenge « ${row.title} »`,
    text: [
      `Bonjour ${person.name},`,
      '',
      `Vous êtes invité(e) à faire partie du jury du challenge école–entreprise « ${row.title} ».`,
      `Les équipes déposent leur travail jusqu'au ${frDateTime(row.submissionDeadline)} ; le jury se réunit le ${frDate(row.juryOn)}.`,
      'Vous noterez chaque travail avec la grille du challenge, sauf ceux des établissements auxquels vous êtes lié(e).',
      '',
      `Le challenge : ${params.webUrl}/challenges/${row.id}`,
      '',
      "L'équipe Tremplin",
    ].join('\n'),
  });
  await recordAudit(tx, {
    actorId: params.viewer.userId,
    action: 'challenge.jurorInvited',
    subjectType: 'challenge',
    subjectId: row.id,
    data: { userId: person.id },
  });
}

export async function removeJuror(
  tx: Executor,
  params: { id: string; viewer: Viewer; userId: string },
) {
  const row = await challengeOr404(tx, { ...params, lock: true });
  assertOrganiser(row);
  if (row.status === 'results') {
    throw conflict('challenge.over', 'Les résultats sont publiés : le jury ne change plus.');
  }
  const [scored] = await tx
    .select({ count: sql<number>`count(*)::int` })
    .from(challengeScores)
    .where(
      and(eq(challengeScores.challengeId, row.id), eq(challengeScores.jurorId, params.userId)),
    );
  if ((scored?.count ?? 0) > 0) {
    throw conflict(
      'juror.hasScored',
      'Ce membre du jury a déjà noté des équipes : il ne peut plus être retiré.',
    );
  }
  const removed = await tx
    .delete(challengeJurors)
    .where(and(eq(challengeJurors.challengeId, row.id), eq(challengeJurors.userId, params.userId)))
    .returning({ userId: challengeJurors.userId });
  if (removed.length === 0) throw notFound('Cette personne ne fait pas partie du jury.');
  await recordAudit(tx, {
    actorId: params.viewer.userId,
    action: 'challenge.jurorRemoved',
    subjectType: 'challenge',
    subjectId: row.id,
    data: { userId: params.userId },
  });
}

// --- enrolments and teams -------------------------------------------------------------------------

function assertOpen(row: Row, now: Date, what: string) {
  const phase = repo.phaseOf(row, now);
  if (phase === 'open') return;
  throw conflict(
    'challenge.notOpen',
    phase === 'draft'
      ? "Ce challenge n'est pas encore publié."
      : `Les dépôts sont clos depuis le ${frDateTime(row.submissionDeadline)} : ${what}`,
  );
}

export async function enrolClass(
  tx: Executor,
  params: { id: string; viewer: Viewer; classId: string; now: Date },
) {
  const row = await challengeOr404(tx, { ...params, lock: true });
  assertOpen(row, params.now, 'les inscriptions sont closes.');
  const klass = await getClass(tx, { id: params.classId, userId: params.viewer.userId });
  if (!klass) throw notFound("Cette classe n'existe pas ou n'est pas dans votre établissement.");
  if (!row.levels.includes(klass.level)) {
    throw invalidField(
      'body.classId',
      'challenge.level',
      `Ce challenge s'adresse aux classes de ${row.levels.map((l) => LEVEL_WORDS[l]).join(', ')} : la classe ${klass.name} (${LEVEL_WORDS[klass.level]}) ne peut pas s'y inscrire.`,
    );
  }
  const year = schoolYearOf(parisToday(row.submissionDeadline));
  if (klass.schoolYear !== year) {
    throw invalidField(
      'body.classId',
      'challenge.schoolYear',
      `Le challenge a lieu pendant l'année scolaire ${year}–${year + 1} : la classe ${klass.name} est celle de ${klass.schoolYear}–${klass.schoolYear + 1}.`,
    );
  }
  const inserted = await tx
    .insert(challengeEnrolments)
    .values({
      challengeId: row.id,
      classId: klass.id,
      schoolId: klass.schoolId,
      teacherId: params.viewer.userId,
    })
    .onConflictDoNothing()
    .returning({ id: challengeEnrolments.id });
  if (inserted.length === 0) {
    throw conflict(
      'enrolment.exists',
      `La classe ${klass.name} est déjà inscrite à ce challenge.`,
      [
        {
          field: 'body.classId',
          code: 'enrolment.exists',
          message: 'Cette classe est déjà inscrite.',
        },
      ],
    );
  }
  const employers = await repo.organiserEmployers(tx, { challengeId: row.id });
  await notify(
    tx,
    employers.map((userId) => ({
      userId,
      kind: 'challenge.enrolled',
      data: { title: row.title, className: klass.name, schoolName: klass.schoolName },
      link: `/challenges/${row.id}/depots`,
    })),
  );
  await recordAudit(tx, {
    actorId: params.viewer.userId,
    action: 'challenge.classEnrolled',
    subjectType: 'challenge',
    subjectId: row.id,
    data: { classId: klass.id },
  });
  return inserted[0]!.id;
}

async function enrolmentOr404(
  tx: Executor,
  params: { challengeId: string; enrolmentId: string; viewer: Viewer },
) {
  const enrolments = await repo.staffEnrolments(tx, {
    challengeId: params.challengeId,
    viewer: params.viewer,
  });
  const enrolment = enrolments.find((e) => e.id === params.enrolmentId);
  if (!enrolment) {
    throw notFound("Cette inscription n'existe pas ou ne concerne pas votre établissement.");
  }
  return enrolment;
}

export async function unenrolClass(
  tx: Executor,
  params: { id: string; viewer: Viewer; enrolmentId: string; now: Date },
) {
  const row = await challengeOr404(tx, { ...params, lock: true });
  const enrolment = await enrolmentOr404(tx, {
    challengeId: row.id,
    enrolmentId: params.enrolmentId,
    viewer: params.viewer,
  });
  assertOpen(row, params.now, 'la classe ne peut plus être désinscrite.');
  const teams = await repo.teamsOfEnrolments(tx, { enrolmentIds: [enrolment.id] });
  if (teams.some((t) => t.submittedAt !== null)) {
    throw conflict(
      'enrolment.hasWork',
      'Une équipe de cette classe a déjà déposé son travail : la classe ne peut plus être désinscrite.',
    );
  }
  await tx.delete(challengeEnrolments).where(eq(challengeEnrolments.id, enrolment.id));
  await recordAudit(tx, {
    actorId: params.viewer.userId,
    action: 'challenge.classUnenrolled',
    subjectType: 'challenge',
    subjectId: row.id,
    data: { classId: enrolment.classId },
  });
}

function sizeProblem(count: number, row: { teamMin: number; teamMax: number }): string | null {
  if (count < row.teamMin) {
    return `${count} élève${count > 1 ? 's' : ''} : il en faut au moins ${row.teamMin}.`;
  }
  if (count > row.teamMax) return `${count} élèves : ${row.teamMax} au plus.`;
  return null;
}

export async function readClassroom(
  db: Executor,
  params: { id: string; viewer: Viewer; schoolId?: string; now: Date },
): Promise<ChallengeClassroom> {
  const row = await challengeOr404(db, params);
  if (!repo.has(params.viewer, 'teacher', 'school_admin')) {
    throw forbidden(
      'Seuls les professeurs et la direction des établissements forment les équipes.',
    );
  }
  const enrolments = await repo.staffEnrolments(db, {
    challengeId: row.id,
    viewer: params.viewer,
    schoolId: params.schoolId,
  });
  const enrolmentIds = enrolments.map((e) => e.id);
  const [pupils, teams, teamCount] = await Promise.all([
    repo.pupilsOf(db, { challengeId: row.id, enrolmentIds }),
    repo.teamsOfEnrolments(db, { enrolmentIds }),
    repo.teamCountOf(db, { challengeId: row.id }),
  ]);
  const members = new Map<string, string[]>();
  for (const p of pupils) {
    if (!p.teamId) continue;
    members.set(p.teamId, [...(members.get(p.teamId) ?? []), p.id]);
  }
  return {
    phase: repo.phaseOf(row, params.now),
    teamMin: row.teamMin,
    teamMax: row.teamMax,
    maxTeams: row.maxTeams,
    teamCount,
    enrolments: enrolments.map((e) => ({
      id: e.id,
      classId: e.classId,
      className: e.className,
      level: e.level,
      schoolId: e.schoolId,
      schoolName: e.schoolName,
      teacherName: e.teacherName,
    })),
    pupils: pupils.map((p) => ({
      id: p.id,
      firstName: p.firstName,
      lastName: p.lastName,
      classId: p.classId,
      className: p.className,
      teamId: p.teamId,
      skills: p.skills ?? [],
    })),
    teams: teams.map((t) => {
      const ids = members.get(t.id) ?? [];
      return {
        id: t.id,
        name: t.name,
        enrolmentId: t.enrolmentId,
        className: t.className,
        memberIds: ids,
        submittedAt: iso(t.submittedAt),
        sizeProblem: sizeProblem(ids.length, row),
      };
    }),
    editable: repo.phaseOf(row, params.now) === 'open',
  };
}

async function assertNameFree(
  tx: Executor,
  params: { challengeId: string; name: string; exceptId?: string },
) {
  const [taken] = await tx
    .select({ id: challengeTeams.id })
    .from(challengeTeams)
    .where(
      and(
        eq(challengeTeams.challengeId, params.challengeId),
        sql`lower(${challengeTeams.name}) = lower(${params.name})`,
        params.exceptId ? sql`${challengeTeams.id} <> ${params.exceptId}` : undefined,
      ),
    );
  if (taken) {
    throw conflict('team.nameTaken', `Une équipe du challenge s'appelle déjà « ${params.name} ».`, [
      {
        field: 'body.name',
        code: 'team.nameTaken',
        message: 'Ce nom est déjà pris dans ce challenge.',
      },
    ]);
  }
}

const cleanName = (name: string) => name.replace(/\s+/g, ' ').trim();

/** A pupil the staff may place: of an enrolled class of their school (or already in a team). */
async function pupilOr404(
  tx: Executor,
  params: { challengeId: string; studentId: string; viewer: Viewer },
) {
  const enrolments = await repo.staffEnrolments(tx, {
    challengeId: params.challengeId,
    viewer: params.viewer,
  });
  const pupils = await repo.pupilsOf(tx, {
    challengeId: params.challengeId,
    enrolmentIds: enrolments.map((e) => e.id),
  });
  const pupil = pupils.find((p) => p.id === params.studentId);
  if (!pupil) {
    throw notFound(
      "Cet élève n'est pas dans une classe de votre établissement inscrite au challenge.",
    );
  }
  const enrolment = enrolments.find((e) => e.classId === pupil.classId)!;
  return { pupil, enrolment, enrolments };
}

async function placeInTeam(
  tx: Executor,
  params: {
    row: Row;
    studentId: string;
    teamId: string | null;
    skills?: string[];
    viewer: Viewer;
    field: string;
  },
) {
  const { row } = params;
  const { pupil, enrolment, enrolments } = await pupilOr404(tx, {
    challengeId: row.id,
    studentId: params.studentId,
    viewer: params.viewer,
  });
  const skills = params.skills ?? pupil.skills ?? [];
  if (params.teamId === null) {
    await tx
      .delete(challengeTeamMembers)
      .where(
        and(
          eq(challengeTeamMembers.challengeId, row.id),
          eq(challengeTeamMembers.studentId, pupil.id),
        ),
      );
    return;
  }
  const teams = await repo.teamsOfEnrolments(tx, {
    enrolmentIds: enrolments.filter((e) => e.schoolId === enrolment.schoolId).map((e) => e.id),
  });
  const team = teams.find((t) => t.id === params.teamId);
  if (!team) {
    throw invalidField(
      params.field,
      'team.unknown',
      "Cette équipe n'existe pas dans les classes de l'établissement de l'élève.",
    );
  }
  if (pupil.teamId !== team.id) {
    const [count] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(challengeTeamMembers)
      .where(eq(challengeTeamMembers.teamId, team.id));
    if ((count?.n ?? 0) >= row.teamMax) {
      throw conflict(
        'team.full',
        `L'équipe « ${team.name} » est complète (${row.teamMax} élèves au plus).`,
        [{ field: params.field, code: 'team.full', message: 'Cette équipe est complète.' }],
      );
    }
  }
  await tx
    .delete(challengeTeamMembers)
    .where(
      and(
        eq(challengeTeamMembers.challengeId, row.id),
        eq(challengeTeamMembers.studentId, pupil.id),
      ),
    );
  await tx.insert(challengeTeamMembers).values({
    teamId: team.id,
    challengeId: row.id,
    studentId: pupil.id,
    skills,
  });
  if (pupil.teamId !== team.id) {
    await notify(tx, {
      userId: pupil.id,
      kind: 'challenge.team',
      data: { title: row.title, team: team.name },
      link: `/challenges/${row.id}`,
    });
  }
}

export async function createTeam(
  tx: Executor,
  params: {
    id: string;
    viewer: Viewer;
    enrolmentId: string;
    name: string;
    studentIds: string[];
    now: Date;
  },
) {
  const row = await challengeOr404(tx, { ...params, lock: true });
  const enrolment = await enrolmentOr404(tx, {
    challengeId: row.id,
    enrolmentId: params.enrolmentId,
    viewer: params.viewer,
  });
  assertOpen(row, params.now, 'les équipes ne changent plus.');
  const name = cleanName(params.name);
  if (!name) throw invalidField('body.name', 'minLength', 'Ce champ ne peut pas être vide.');
  await assertNameFree(tx, { challengeId: row.id, name });
  const count = await repo.teamCountOf(tx, { challengeId: row.id });
  if (count >= row.maxTeams) {
    throw conflict(
      'challenge.teamsFull',
      `Le challenge accueille ${row.maxTeams} équipes au plus, et elles sont toutes formées.`,
    );
  }
  if (params.studentIds.length > row.teamMax) {
    throw invalidField(
      'body.studentIds',
      'team.full',
      `Une équipe compte ${row.teamMax} élèves au plus.`,
    );
  }
  const [team] = await tx
    .insert(challengeTeams)
    .values({ challengeId: row.id, enrolmentId: enrolment.id, name })
    .returning({ id: challengeTeams.id });
  for (const [i, studentId] of params.studentIds.entries()) {
    await placeInTeam(tx, {
      row,
      studentId,
      teamId: team!.id,
      viewer: params.viewer,
      field: `body.studentIds.${i}`,
    });
  }
  return team!.id;
}

async function staffTeamOr404(
  tx: Executor,
  params: { challengeId: string; teamId: string; viewer: Viewer },
) {
  const team = await repo.getTeam(tx, { ...params, lock: true });
  if (!team?.staff) throw notFound(TEAM_NOT_FOUND);
  return team;
}

export async function renameTeam(
  tx: Executor,
  params: { id: string; teamId: string; viewer: Viewer; name: string; now: Date },
) {
  const row = await challengeOr404(tx, { ...params, lock: true });
  const team = await staffTeamOr404(tx, { challengeId: row.id, ...params });
  assertOpen(row, params.now, 'les équipes ne changent plus.');
  const name = cleanName(params.name);
  if (!name) throw invalidField('body.name', 'minLength', 'Ce champ ne peut pas être vide.');
  await assertNameFree(tx, { challengeId: row.id, name, exceptId: team.id });
  await tx.update(challengeTeams).set({ name }).where(eq(challengeTeams.id, team.id));
}

export async function deleteTeam(
  tx: Executor,
  params: { id: string; teamId: string; viewer: Viewer; now: Date },
) {
  const row = await challengeOr404(tx, { ...params, lock: true });
  const team = await staffTeamOr404(tx, { challengeId: row.id, ...params });
  assertOpen(row, params.now, 'les équipes ne changent plus.');
  if (await repo.submissionOf(tx, { teamId: team.id })) {
    throw conflict(
      'team.hasWork',
      `L'équipe « ${team.name} » a déjà déposé son travail : elle ne peut plus être supprimée.`,
    );
  }
  await tx.delete(challengeTeams).where(eq(challengeTeams.id, team.id));
}

export async function placePupil(
  tx: Executor,
  params: {
    id: string;
    studentId: string;
    viewer: Viewer;
    teamId: string | null;
    skills?: string[];
    now: Date;
  },
) {
  const row = await challengeOr404(tx, { ...params, lock: true });
  if (!repo.has(params.viewer, 'teacher', 'school_admin')) {
    throw forbidden(
      'Seuls les professeurs et la direction des établissements forment les équipes.',
    );
  }
  assertOpen(row, params.now, 'les équipes ne changent plus.');
  await placeInTeam(tx, { row, ...params, field: 'body.teamId' });
}

const TEAM_SIZE_WORDS: Record<
  string,
  (e: TeamSizeError, ctx: { count: number; row: Row; left: number }) => string
> = {
  'impossible-size': (_e, { count, row }) =>
    `Les ${count} élèves inscrits ne peuvent pas former des équipes de ${row.teamMin} à ${row.teamMax} élèves${
      count < row.teamMin ? ` : il en faut au moins ${row.teamMin}` : ''
    }. Inscrivez une autre classe ou formez les équipes à la main.`,
  'too-many-teams': (_e, { count, row, left }) =>
    `Il faudrait au moins ${Math.ceil(count / row.teamMax)} équipes pour les ${count} élèves inscrits, mais il ne reste que ${left} place${left > 1 ? 's' : ''} d'équipe dans ce challenge (${row.maxTeams} au plus).`,
};

/** Balanced teams for every enrolled pupil of one school, replacing that school's teams. */
export async function formTeamsAutomatically(
  tx: Executor,
  params: { id: string; viewer: Viewer; body: AutoTeamsBody; now: Date },
) {
  const row = await challengeOr404(tx, { ...params, lock: true });
  if (!repo.has(params.viewer, 'teacher', 'school_admin')) {
    throw forbidden(
      'Seuls les professeurs et la direction des établissements forment les équipes.',
    );
  }
  assertOpen(row, params.now, 'les équipes ne changent plus.');
  const all = await repo.staffEnrolments(tx, { challengeId: row.id, viewer: params.viewer });
  const schoolIds = [...new Set(all.map((e) => e.schoolId))];
  let schoolId = params.body.schoolId;
  if (schoolId && !schoolIds.includes(schoolId)) {
    throw invalidField(
      'body.schoolId',
      'school.notEnrolled',
      "Aucune classe de cet établissement (dont vous êtes membre) n'est inscrite au challenge.",
    );
  }
  if (!schoolId) {
    if (schoolIds.length === 0) {
      throw conflict(
        'enrolment.none',
        "Aucune classe de votre établissement n'est inscrite : inscrivez d'abord une classe.",
      );
    }
    if (schoolIds.length > 1) {
      throw invalidField(
        'body.schoolId',
        'required',
        "Choisissez l'établissement : vous êtes membre de plusieurs.",
      );
    }
    schoolId = schoolIds[0]!;
  }
  const enrolments = all.filter((e) => e.schoolId === schoolId);
  const enrolmentIds = enrolments.map((e) => e.id);
  const existing = await repo.teamsOfEnrolments(tx, { enrolmentIds });
  if (existing.some((t) => t.submittedAt !== null)) {
    throw conflict(
      'team.hasWork',
      'Une équipe a déjà déposé son travail : les équipes ne peuvent plus être refaites automatiquement.',
    );
  }
  const pupils = (await repo.pupilsOf(tx, { challengeId: row.id, enrolmentIds })).sort((a, b) =>
    a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  if (pupils.length === 0) {
    throw conflict('enrolment.empty', "Les classes inscrites n'ont encore aucun élève.");
  }
  const declared = params.body.skills ?? {};
  for (const key of Object.keys(declared)) {
    if (!pupils.some((p) => p.id === key)) {
      throw invalidField(
        `body.skills.${key}`,
        'pupil.unknown',
        "Cet élève n'est pas dans une classe inscrite de l'établissement.",
      );
    }
  }
  const skillsOf = (p: { id: string; skills: string[] | null }) => declared[p.id] ?? p.skills ?? [];
  const others = (await repo.teamCountOf(tx, { challengeId: row.id })) - existing.length;
  const left = row.maxTeams - others;
  const seed = params.body.seed?.trim() || randomBytes(4).toString('hex');
  let formation;
  try {
    formation = formTeams(
      pupils.map((p) => ({
        id: p.id,
        schoolId: p.schoolId ?? schoolId!,
        classId: p.classId,
        skills: skillsOf(p),
      })),
      {
        minSize: row.teamMin,
        maxSize: row.teamMax,
        seed,
        maxTeams: left,
        ...(params.body.teamCount !== undefined ? { teamCount: params.body.teamCount } : {}),
      },
    );
  } catch (error) {
    if (!(error instanceof TeamSizeError)) throw error;
    if (params.body.teamCount !== undefined && error.code === 'impossible-size') {
      const fewest = Math.ceil(pupils.length / row.teamMax);
      const most = Math.min(Math.floor(pupils.length / row.teamMin), left);
      throw invalidField(
        'body.teamCount',
        'team.count',
        fewest <= most
          ? `Les ${pupils.length} élèves peuvent former de ${fewest} à ${most} équipes de ${row.teamMin} à ${row.teamMax} élèves.`
          : TEAM_SIZE_WORDS['impossible-size']!(error, { count: pupils.length, row, left }),
      );
    }
    const words = TEAM_SIZE_WORDS[error.code];
    throw conflict(
      `team.${error.code}`,
      words ? words(error, { count: pupils.length, row, left }) : error.message,
    );
  }

  if (existing.length > 0) {
    await tx.delete(challengeTeams).where(
      inArray(
        challengeTeams.id,
        existing.map((t) => t.id),
      ),
    );
  }
  const takenNames = new Set(
    (
      await tx
        .select({ name: challengeTeams.name })
        .from(challengeTeams)
        .where(eq(challengeTeams.challengeId, row.id))
    ).map((t) => t.name.toLowerCase()),
  );
  let number = 0;
  const nextName = () => {
    let name;
    do name = `Équipe ${++number}`;
    while (takenNames.has(name.toLowerCase()));
    takenNames.add(name.toLowerCase());
    return name;
  };
  const byId = new Map(pupils.map((p) => [p.id, p]));
  const order = new Map(enrolments.map((e, i) => [e.classId, i]));
  const teamNames: string[] = [];
  for (const memberIds of formation.teams) {
    // The team belongs to the class most of its members come from (the first listed on a tie).
    const tally = new Map<string, number>();
    for (const id of memberIds) {
      const classId = byId.get(id)!.classId;
      tally.set(classId, (tally.get(classId) ?? 0) + 1);
    }
    const classId = [...tally.entries()].sort(
      (a, b) => b[1] - a[1] || (order.get(a[0]) ?? 0) - (order.get(b[0]) ?? 0),
    )[0]![0];
    const enrolment = enrolments.find((e) => e.classId === classId) ?? enrolments[0]!;
    const name = nextName();
    teamNames.push(name);
    const [team] = await tx
      .insert(challengeTeams)
      .values({ challengeId: row.id, enrolmentId: enrolment.id, name })
      .returning({ id: challengeTeams.id });
    await tx.insert(challengeTeamMembers).values(
      memberIds.map((studentId) => ({
        teamId: team!.id,
        challengeId: row.id,
        studentId,
        skills: skillsOf(byId.get(studentId)!),
      })),
    );
    await notify(
      tx,
      memberIds.map((userId) => ({
        userId,
        kind: 'challenge.team',
        data: { title: row.title, team: name },
        link: `/challenges/${row.id}`,
      })),
    );
  }
  await recordAudit(tx, {
    actorId: params.viewer.userId,
    action: 'challenge.teamsFormed',
    subjectType: 'challenge',
    subjectId: row.id,
    data: { schoolId, seed, teams: formation.teams.length, pupils: pupils.length },
  });
  return { seed, spread: formation.spread, schoolId };
}

// --- submissions ----------------------------------------------------------------------------------

export interface IncomingFile {
  filename: string;
  content: Buffer;
}

function fileError(status: number, code: string, field: string, message: string) {
  return new AppError(status, code, message, [{ field, code, message }]);
}

/**
 * A member of the team (or a teacher of its school) hands in text and files before the deadline.
 * The text replaces the last one; files are added to those already there.
 */
export async function submitWork(
  tx: Executor,
  params: {
    id: string;
    teamId: string;
    viewer: Viewer;
    text: string | null;
    files: IncomingFile[];
    now: Date;
  },
) {
  const row = await challengeOr404(tx, { id: params.id, viewer: params.viewer });
  const team = await repo.getTeam(tx, {
    challengeId: row.id,
    teamId: params.teamId,
    viewer: params.viewer,
    lock: true,
  });
  if (!team) throw notFound(TEAM_NOT_FOUND);
  if (!team.member && !team.staff) {
    throw forbidden("Seuls les élèves de l'équipe et leurs professeurs déposent son travail.");
  }
  if (row.status === 'draft') throw conflict('challenge.notOpen', "Ce challenge n'est pas publié.");
  if (row.status !== 'published' || params.now > row.submissionDeadline) {
    throw conflict(
      params.now > row.submissionDeadline ? 'submission.late' : 'submission.closed',
      params.now > row.submissionDeadline
        ? `La date limite de dépôt était le ${frDateTime(row.submissionDeadline)} : il est trop tard pour déposer ou modifier un travail.`
        : 'Les organisateurs ont clos les dépôts : il est trop tard pour déposer ou modifier un travail.',
    );
  }
  if (parisToday(params.now) < row.launchOn) {
    throw conflict(
      'submission.notYet',
      `Le challenge commence le ${frDate(row.launchOn)} : les dépôts ouvrent ce jour-là.`,
    );
  }
  const members = await repo.teamMembers(tx, { teamIds: [team.id] });
  if (members.length < row.teamMin) {
    throw conflict(
      'team.tooSmall',
      `L'équipe compte ${members.length} élève${members.length > 1 ? 's' : ''} : il en faut au moins ${row.teamMin} pour déposer un travail. Votre professeur peut compléter l'équipe.`,
    );
  }
  const text = params.text === null ? null : params.text.replace(/\r\n?/g, '\n').trim();
  if (text !== null && text.length > SUBMISSION_TEXT_MAX) {
    throw invalidField('body.text', 'maxLength', `Au plus ${SUBMISSION_TEXT_MAX} caractères.`);
  }
  const typed = params.files.map((file, i) => {
    if (file.content.length === 0) {
      throw fileError(
        400,
        'file.empty',
        `body.files.${i}`,
        `Le fichier « ${file.filename} » est vide.`,
      );
    }
    const type = sniffChallengeFile(file.content);
    if (!type) {
      throw fileError(
        415,
        'file.type',
        `body.files.${i}`,
        `Le fichier « ${cleanFilename(file.filename, 'application/pdf').replace(/\.pdf$/, '')} » n'est ni un PDF, ni une image PNG ou JPEG, ni une présentation PPTX ou ODP : son contenu a été vérifié, pas seulement son nom.`,
      );
    }
    return { ...file, type, filename: cleanFilename(file.filename, type) };
  });
  const existing = await repo.submissionOf(tx, { teamId: team.id });
  const existingFiles = existing ? await repo.filesOf(tx, { submissionId: existing.id }) : [];
  if (existingFiles.length + typed.length > CHALLENGE_MAX_FILES) {
    throw fileError(
      413,
      'submission.tooManyFiles',
      'body.files',
      `Un travail compte ${CHALLENGE_MAX_FILES} fichiers au plus (${existingFiles.length} déjà déposés).`,
    );
  }
  const before = existingFiles.reduce((s, f) => s + f.size, 0);
  const added = typed.reduce((s, f) => s + f.content.length, 0);
  if (before + added > CHALLENGE_SUBMISSION_MAX_BYTES) {
    throw fileError(
      413,
      'submission.tooLarge',
      'body.files',
      `L'ensemble des fichiers d'un travail ne peut pas dépasser ${mib(CHALLENGE_SUBMISSION_MAX_BYTES)}${
        before > 0 ? ` (${mib(before)} déjà déposés)` : ''
      } : allégez vos fichiers (images moins lourdes, PDF compressé).`,
    );
  }
  if (!existing && !text && typed.length === 0) {
    throw invalidField(
      'body.text',
      'submission.empty',
      'Écrivez une présentation de votre travail ou joignez au moins un fichier.',
    );
  }
  let submissionId: string;
  if (existing) {
    await tx
      .update(challengeSubmissions)
      .set({
        ...(text !== null ? { text } : {}),
        submittedBy: params.viewer.userId,
        submittedAt: params.now,
      })
      .where(eq(challengeSubmissions.id, existing.id));
    submissionId = existing.id;
  } else {
    const [created] = await tx
      .insert(challengeSubmissions)
      .values({
        teamId: team.id,
        text: text ?? '',
        submittedBy: params.viewer.userId,
        submittedAt: params.now,
      })
      .returning({ id: challengeSubmissions.id });
    submissionId = created!.id;
  }
  for (const file of typed) {
    await tx.insert(challengeFiles).values({
      submissionId,
      filename: file.filename,
      contentType: file.type,
      size: file.content.length,
      content: file.content,
      uploadedAt: params.now,
    });
  }
  await recordAudit(tx, {
    actorId: params.viewer.userId,
    action: existing ? 'challenge.submissionUpdated' : 'challenge.submitted',
    subjectType: 'challenge_team',
    subjectId: team.id,
    data: { files: typed.length, bytes: added },
  });
  const audience = new Set(members.map((m) => m.id));
  if (team.teacherId) audience.add(team.teacherId);
  audience.delete(params.viewer.userId);
  await notify(
    tx,
    [...audience].map((userId) => ({
      userId,
      kind: 'challenge.submitted',
      data: { title: row.title, team: team.name },
      link: `/challenges/${row.id}/equipes/${team.id}`,
    })),
  );
}

export async function deleteFile(
  tx: Executor,
  params: { id: string; fileId: string; viewer: Viewer; now: Date },
) {
  const row = await challengeOr404(tx, { id: params.id, viewer: params.viewer });
  const file = await repo.getFile(tx, {
    challengeId: row.id,
    fileId: params.fileId,
    viewer: params.viewer,
  });
  if (!file) throw notFound("Ce fichier n'existe pas ou ne vous est pas accessible.");
  if (!file.team.member && !file.team.staff) {
    throw forbidden("Seuls les élèves de l'équipe et leurs professeurs modifient son travail.");
  }
  if (row.status !== 'published' || params.now > row.submissionDeadline) {
    throw conflict(
      'submission.late',
      'Les dépôts sont clos : le travail ne peut plus être modifié.',
    );
  }
  await tx.delete(challengeFiles).where(eq(challengeFiles.id, file.id));
  await recordAudit(tx, {
    actorId: params.viewer.userId,
    action: 'challenge.fileDeleted',
    subjectType: 'challenge_team',
    subjectId: file.team.id,
    data: { bytes: file.size },
  });
}

/** Why this person may not score this team, in words; null when they may. */
function conflictWords(
  tied: Map<string, { schoolName: string; reason: string }>,
  schools: Set<string> | undefined,
): string | null {
  for (const schoolId of schools ?? []) {
    const tie = tied.get(schoolId);
    if (!tie) continue;
    const why =
      tie.reason === 'member'
        ? `vous êtes membre de l'établissement ${tie.schoolName}`
        : tie.reason === 'teacher'
          ? `vous êtes professeur principal d'une classe de l'établissement ${tie.schoolName}`
          : `vous êtes responsable légal d'un élève de l'établissement ${tie.schoolName}`;
    return `Vous ne pouvez pas noter cette équipe : ${why}, d'où elle vient.`;
  }
  return null;
}

export async function readTeam(
  db: Executor,
  params: { id: string; teamId: string; viewer: Viewer; now: Date },
): Promise<ChallengeTeam> {
  const row = await challengeOr404(db, params);
  const team = await repo.getTeam(db, {
    challengeId: row.id,
    teamId: params.teamId,
    viewer: params.viewer,
  });
  if (!team) throw notFound(TEAM_NOT_FOUND);
  const phase = repo.phaseOf(row, params.now);
  const members = await repo.teamMembers(db, { teamIds: [team.id] });
  const submission = await repo.submissionOf(db, { teamId: team.id });
  const files = submission ? await repo.filesOf(db, { submissionId: submission.id }) : [];
  let conflictText: string | null = null;
  let myScore: ChallengeTeam['myScore'] = null;
  if (team.juror) {
    const [tied, schools] = await Promise.all([
      repo.tiedSchools(db, { userId: params.viewer.userId }),
      repo.teamSchools(db, { challengeId: row.id }),
    ]);
    conflictText = conflictWords(tied, schools.get(team.id));
    const [score] = await db
      .select({
        marks: challengeScores.marks,
        total: challengeScores.total,
        comment: challengeScores.comment,
        updatedAt: challengeScores.updatedAt,
      })
      .from(challengeScores)
      .where(
        and(eq(challengeScores.teamId, team.id), eq(challengeScores.jurorId, params.viewer.userId)),
      );
    if (score) myScore = { ...score, updatedAt: score.updatedAt.toISOString() };
  }
  const seesNames = team.member || team.staff;
  return {
    id: team.id,
    name: team.name,
    challengeId: row.id,
    challengeTitle: row.title,
    phase,
    submissionDeadline: row.submissionDeadline.toISOString(),
    launchOn: row.launchOn,
    schoolName: team.schoolName,
    className: team.className,
    memberCount: members.length,
    members: seesNames
      ? members.map((m) => ({ id: m.id, firstName: m.firstName, lastName: m.lastName }))
      : null,
    submission: submission
      ? {
          text: submission.text,
          submittedAt: submission.submittedAt.toISOString(),
          submittedByName: seesNames ? submission.submittedByName : null,
          files: files.map((f) => ({ ...f, uploadedAt: f.uploadedAt.toISOString() })),
          totalSize: files.reduce((s, f) => s + f.size, 0),
        }
      : null,
    rubric: row.rubric,
    can: {
      submit: (team.member || team.staff) && phase === 'open',
      score: team.juror && phase === 'judging' && submission !== undefined && conflictText === null,
    },
    conflict: conflictText,
    myScore,
  };
}

export async function readSubmissions(
  db: Executor,
  params: { id: string; viewer: Viewer; now: Date },
): Promise<ChallengeSubmissions> {
  const row = await challengeOr404(db, params);
  if (!row.organiser && !row.juror) {
    throw forbidden('Seuls les organisateurs et le jury suivent les dépôts.');
  }
  const [teams, scores] = await Promise.all([
    repo.teamsWithWork(db, { challengeId: row.id }),
    repo.scoresOf(db, { challengeId: row.id }),
  ]);
  let tied = new Map<string, { schoolName: string; reason: string }>();
  let schools = new Map<string, Set<string>>();
  if (row.juror) {
    [tied, schools] = await Promise.all([
      repo.tiedSchools(db, { userId: params.viewer.userId }),
      repo.teamSchools(db, { challengeId: row.id }),
    ]);
  }
  return {
    phase: repo.phaseOf(row, params.now),
    rubric: row.rubric,
    teams: teams.map((t) => {
      const own = scores.filter((s) => s.teamId === t.teamId);
      const mine = own.find((s) => s.jurorId === params.viewer.userId);
      return {
        teamId: t.teamId,
        teamName: t.teamName,
        schoolName: t.schoolName,
        memberCount: t.memberCount,
        submittedAt: iso(t.submittedAt),
        fileCount: t.fileCount ?? 0,
        scoreCount: row.organiser ? own.length : 0,
        meanTotal:
          row.organiser && own.length > 0
            ? Math.round((100 * own.reduce((s, x) => s + x.total, 0)) / own.length) / 100
            : null,
        myTotal: mine ? mine.total : null,
        conflict: row.juror ? conflictWords(tied, schools.get(t.teamId)) : null,
      };
    }),
  };
}

export async function scoreTeam(
  tx: Executor,
  params: {
    id: string;
    teamId: string;
    viewer: Viewer;
    marks: Record<string, number>;
    comment: string;
    now: Date;
  },
) {
  const row = await challengeOr404(tx, { id: params.id, viewer: params.viewer });
  const team = await repo.getTeam(tx, {
    challengeId: row.id,
    teamId: params.teamId,
    viewer: params.viewer,
    lock: true,
  });
  if (!team) throw notFound(TEAM_NOT_FOUND);
  if (!team.juror) throw forbidden('Seuls les membres du jury notent les équipes.');
  const phase = repo.phaseOf(row, params.now);
  if (phase !== 'judging') {
    throw conflict(
      'challenge.notJudging',
      phase === 'results'
        ? 'Les résultats sont publiés : les notes ne changent plus.'
        : `La notation ouvre après la date limite de dépôt (${frDateTime(row.submissionDeadline)}).`,
    );
  }
  const [tied, schools] = await Promise.all([
    repo.tiedSchools(tx, { userId: params.viewer.userId }),
    repo.teamSchools(tx, { challengeId: row.id }),
  ]);
  const why = conflictWords(tied, schools.get(team.id));
  if (why) throw new AppError(403, 'score.conflict', why);
  if (!(await repo.submissionOf(tx, { teamId: team.id }))) {
    throw conflict(
      'score.noWork',
      "Cette équipe n'a déposé aucun travail : il n'y a rien à noter.",
    );
  }
  const errors: ProblemFieldError[] = [];
  for (const key of Object.keys(params.marks)) {
    if (!row.rubric.some((c) => c.key === key)) {
      errors.push({
        field: `body.marks.${key}`,
        code: 'rubric.unknown',
        message: "Ce critère n'est pas dans la grille.",
      });
    }
  }
  for (const c of row.rubric) {
    const mark = params.marks[c.key];
    if (mark === undefined) {
      errors.push({
        field: `body.marks.${c.key}`,
        code: 'required',
        message: `Notez « ${c.label} ».`,
      });
    } else if (!Number.isFinite(mark) || mark < 0 || mark > c.max) {
      errors.push({
        field: `body.marks.${c.key}`,
        code: 'mark.range',
        message: `« ${c.label} » se note de 0 à ${c.max}.`,
      });
    } else if (Math.round(mark * 2) !== mark * 2) {
      errors.push({
        field: `body.marks.${c.key}`,
        code: 'mark.step',
        message: `« ${c.label} » se note par demi-points.`,
      });
    }
  }
  if (errors.length > 0) {
    throw badRequest(
      'validation',
      errors.length === 1 ? errors[0]!.message : `${errors.length} notes sont à corriger.`,
      errors,
    );
  }
  const marks = Object.fromEntries(row.rubric.map((c) => [c.key, params.marks[c.key]!]));
  const total = weightedTotal(row.rubric, marks);
  await tx
    .insert(challengeScores)
    .values({
      challengeId: row.id,
      teamId: team.id,
      jurorId: params.viewer.userId,
      marks,
      total,
      comment: params.comment.trim(),
      createdAt: params.now,
      updatedAt: params.now,
    })
    .onConflictDoUpdate({
      target: [challengeScores.teamId, challengeScores.jurorId],
      set: { marks, total, comment: params.comment.trim(), updatedAt: params.now },
    });
  await recordAudit(tx, {
    actorId: params.viewer.userId,
    action: 'challenge.scored',
    subjectType: 'challenge_team',
    subjectId: team.id,
    data: { total },
  });
  return total;
}

// --- results --------------------------------------------------------------------------------------

export async function readResults(
  db: Executor,
  params: { id: string; viewer: Viewer; now: Date },
): Promise<ChallengeResults> {
  const row = await challengeOr404(db, params);
  const published = row.status === 'results';
  if (!published && !row.organiser) {
    throw notFound('Les résultats de ce challenge ne sont pas encore publiés.');
  }
  const { ranked, unscored } = await rankingOf(db, row);
  return {
    challengeId: row.id,
    title: row.title,
    published,
    publishedAt: iso(row.resultsPublishedAt),
    tieRule: tieRuleText(row.rubric),
    firstCriterion: firstWeightedCriterion(row.rubric),
    ranking: ranked.map((r) => ({
      ...r,
      submittedAt: r.submittedAt.toISOString(),
      mine: r.teamId === row.myTeamId,
    })),
    unscored: published ? [] : unscored,
  };
}

const ordinal = (n: number) => (n === 1 ? '1re' : `${n}e`);

/** Publishes the ranking; every pupil of a ranked team gets a passport entry (once). */
export async function publishResults(
  tx: Executor,
  params: { id: string; viewer: Viewer; now: Date },
) {
  const row = await challengeOr404(tx, { ...params, lock: true });
  assertOrganiser(row);
  const phase = repo.phaseOf(row, params.now);
  if (phase === 'results') throw conflict('results.published', 'Les résultats sont déjà publiés.');
  if (phase !== 'judging') {
    throw conflict(
      'challenge.notJudging',
      'Les résultats se publient une fois les dépôts clos et les travaux notés.',
    );
  }
  const { ranked, unscored, teams } = await rankingOf(tx, row);
  if (ranked.length === 0) {
    throw conflict('results.empty', "Aucun travail n'a encore été noté : il n'y a rien à classer.");
  }
  if (unscored.length > 0) {
    throw conflict(
      'results.unscored',
      `Ces équipes ont déposé un travail mais n'ont encore aucune note : ${unscored.map((u) => `« ${u.teamName} »`).join(', ')}.`,
    );
  }
  await tx
    .update(challenges)
    .set({ status: 'results', resultsPublishedAt: params.now })
    .where(eq(challenges.id, row.id));
  const organisers = (await repo.organisersOf(tx, [row.id])).get(row.id) ?? [];
  const members = await repo.teamMembers(tx, { teamIds: ranked.map((r) => r.teamId) });
  const entries = members.map((m) => {
    const r = ranked.find((x) => x.teamId === m.teamId)!;
    return {
      studentId: m.id,
      kind: 'challenge' as const,
      sourceType: 'challenge_team',
      sourceId: m.teamId,
      title: `Challenge école–entreprise « ${row.title} »`,
      description: `Avec l'équipe « ${r.teamName} » (${r.schoolName}), sur un défi proposé par ${organisers.map((o) => o.name).join(' et ')}.`,
      appraisal: `Classement du jury : ${ordinal(r.rank)} sur ${ranked.length} équipe${ranked.length > 1 ? 's' : ''} (moyenne ${r.meanTotal.toLocaleString('fr-FR')}/100).`,
      occurredOn: row.juryOn,
    };
  });
  if (entries.length > 0) await tx.insert(passportEntries).values(entries).onConflictDoNothing();
  const teachers = new Set(teams.map((t) => t.teacherId).filter((id): id is string => Boolean(id)));
  const jurors = await repo.jurorIds(tx, { challengeId: row.id });
  const audience = new Set([...members.map((m) => m.id), ...teachers, ...jurors]);
  await notify(
    tx,
    [...audience].map((userId) => ({
      userId,
      kind: 'challenge.results',
      data: { title: row.title },
      link: `/challenges/${row.id}/resultats`,
    })),
  );
  await recordAudit(tx, {
    actorId: params.viewer.userId,
    action: 'challenge.resultsPublished',
    subjectType: 'challenge',
    subjectId: row.id,
    data: { teams: ranked.length, passportEntries: entries.length },
  });
}

// --- certificate ----------------------------------------------------------------------------------

export async function certificateFor(
  db: Executor,
  params: { id: string; viewer: Viewer; now: Date },
) {
  const row = await challengeOr404(db, params);
  if (!row.myTeamId) {
    throw notFound("Vous ne faites partie d'aucune équipe de ce challenge.");
  }
  const team = await repo.getTeam(db, {
    challengeId: row.id,
    teamId: row.myTeamId,
    viewer: params.viewer,
  });
  const submission = team ? await repo.submissionOf(db, { teamId: team.id }) : undefined;
  if (!team || !submission) {
    throw conflict(
      'certificate.noWork',
      "L'attestation est délivrée une fois que votre équipe a déposé son travail.",
    );
  }
  const [me] = await queryRows<{
    firstName: string | null;
    lastName: string | null;
    displayName: string;
  }>(
    db,
    sql`select s.first_name as "firstName", s.last_name as "lastName", u.display_name as "displayName"
        from users u left join students s on s.user_id = u.id where u.id = ${params.viewer.userId}`,
  );
  let rank: { rank: number; of: number } | null = null;
  if (row.status === 'results') {
    const { ranked } = await rankingOf(db, row);
    const mine = ranked.find((r) => r.teamId === team.id);
    if (mine) rank = { rank: mine.rank, of: ranked.length };
  }
  const organisers = (await repo.organisersOf(db, [row.id])).get(row.id) ?? [];
  const name =
    me?.firstName && me.lastName ? `${me.firstName} ${me.lastName}` : (me?.displayName ?? '');
  const pdf = await renderCertificatePdf({
    pupilName: name,
    challengeTitle: row.title,
    organisers: organisers.map((o) => o.name),
    teamName: team.name,
    schoolName: team.schoolName,
    className: team.className,
    launchOn: row.launchOn,
    juryOn: row.juryOn,
    rank,
    issuedAt: params.now,
    reference: `CH-${row.id.replace(/-/g, '').slice(0, 6).toUpperCase()}-${params.viewer.userId.replace(/-/g, '').slice(0, 6).toUpperCase()}`,
  });
  return { pdf, title: row.title };
}
