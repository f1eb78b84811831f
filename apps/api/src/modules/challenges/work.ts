// The teams' work and its judging: submissions with files typed by their bytes, before the
// deadline (server time); scores with the rubric by jurors not tied to the team's school; the
// ranking and its publication into the pupils' passports; the participation certificate.
import { and, eq, sql } from 'drizzle-orm';
import {
  type ChallengeResults,
  type ChallengeSubmissions,
  type ChallengeTeam,
  type ProblemFieldError,
  CHALLENGE_MAX_FILES,
  CHALLENGE_SUBMISSION_MAX_BYTES,
} from '@tremplin/contracts';
import { type Executor, queryRows } from '@tremplin/db';
import {
  challengeFiles,
  challenges,
  challengeScores,
  challengeSubmissions,
  passportEntries,
} from '@tremplin/db/schema';
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
import { notify } from '../notifications/repository.js';
import { cleanFilename, sniffChallengeFile } from './files.js';
import { renderCertificatePdf } from './pdf.js';
import * as repo from './repository.js';
import {
  assertOrganiser,
  challengeOr404,
  iso,
  mib,
  rankingOf,
  TEAM_NOT_FOUND,
  type Viewer,
} from './service.js';
import { firstWeightedCriterion, tieRuleText, weightedTotal } from './scoring.js';

// --- submissions ----------------------------------------------------------------------------------

/** The longest text a team may hand in. */
export const SUBMISSION_TEXT_MAX = 10_000;

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
      submit:
        (team.member || team.staff) && phase === 'open' && parisToday(params.now) >= row.launchOn,
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
