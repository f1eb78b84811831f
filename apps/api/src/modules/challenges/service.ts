// School–enterprise challenges: a company (or several) sets a challenge and publishes it;
// teachers enrol classes and form teams (teams.ts); teams hand in their work, invited employers
// score it and the organisers publish the ranking (work.ts). Here: the challenge itself, its
// organisers and jury, closing submissions (also as a job), and what each person reads of it.
import { and, eq, sql } from 'drizzle-orm';
import {
  type Challenge,
  type ChallengeSummary,
  type CreateChallengeBody,
  type ProblemFieldError,
  type RubricCriterion,
  type UpdateChallengeBody,
  normaliseSiret,
} from '@tremplin/contracts';
import { type Executor, queryRows } from '@tremplin/db';
import {
  challengeJurors,
  challengeOrganisers,
  challenges,
  challengeScores,
  companies,
  companyMemberships,
  userRoles,
  users,
} from '@tremplin/db/schema';
import { badRequest, conflict, forbidden, invalidField, notFound } from '../../lib/problem.js';
import { frDate, frDateTime, parisToday } from '../agreements/dates.js';
import { recordAudit } from '../audit/repository.js';
import { notify, queueMail } from '../notifications/repository.js';
import * as repo from './repository.js';
import { rankTeams } from './scoring.js';

export type Viewer = repo.Viewer;

const NOT_FOUND = "Ce challenge n'existe pas ou ne vous est pas accessible.";
export const TEAM_NOT_FOUND = "Cette équipe n'existe pas ou ne vous est pas accessible.";

export const iso = (value: Date | string | null) =>
  value === null ? null : new Date(value).toISOString();

export const LEVEL_WORDS: Record<string, string> = {
  '4e': '4e',
  '3e': '3e',
  '2de': '2de',
  pro: 'lycée professionnel',
};

export function mib(bytes: number) {
  return `${Math.round(bytes / 1024 / 1024)} Mo`;
}

export async function challengeOr404(
  db: Executor,
  params: { id: string; viewer: Viewer; lock?: boolean },
) {
  const row = await repo.getChallenge(db, params);
  if (!row) throw notFound(NOT_FOUND);
  return row;
}

export type Row = repo.ChallengeRow;

export function assertOrganiser(row: Row) {
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
export async function rankingOf(db: Executor, row: { id: string; rubric: RubricCriterion[] }) {
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
