// Classes enrolled in a challenge and their teams: a teacher enrols a class of their school (of a
// level of the challenge, this school year), then forms teams by hand (create, rename, move
// pupils within the size range and the challenge's number of teams) or automatically (balanced
// across classes, schools and declared skills by the matching package, the same for a seed).
import { randomBytes } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { type AutoTeamsBody, type ChallengeClassroom } from '@tremplin/contracts';
import { type Executor } from '@tremplin/db';
import { challengeEnrolments, challengeTeamMembers, challengeTeams } from '@tremplin/db/schema';
import { formTeams, TeamSizeError } from '@tremplin/matching';
import { conflict, forbidden, invalidField, notFound } from '../../lib/problem.js';
import { frDateTime, parisToday } from '../agreements/dates.js';
import { recordAudit } from '../audit/repository.js';
import { getClass } from '../classes/repository.js';
import { schoolYearOf } from '../classes/calendar.js';
import { notify } from '../notifications/repository.js';
import * as repo from './repository.js';
import {
  challengeOr404,
  iso,
  LEVEL_WORDS,
  type Row,
  TEAM_NOT_FOUND,
  type Viewer,
} from './service.js';

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
  // Teams that have handed in work stay as they are; the others are formed again.
  const teams = await repo.teamsOfEnrolments(tx, { enrolmentIds });
  const kept = new Set(teams.filter((t) => t.submittedAt !== null).map((t) => t.id));
  const existing = teams.filter((t) => !kept.has(t.id));
  const enrolled = await repo.pupilsOf(tx, { challengeId: row.id, enrolmentIds });
  const pupils = enrolled
    .filter((p) => p.teamId === null || !kept.has(p.teamId))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (pupils.length === 0) {
    throw conflict(
      'enrolment.empty',
      enrolled.length === 0
        ? "Les classes inscrites n'ont encore aucun élève."
        : 'Tous les élèves inscrits sont dans des équipes qui ont déjà déposé leur travail.',
    );
  }
  const declared = params.body.skills ?? {};
  for (const key of Object.keys(declared)) {
    if (!enrolled.some((p) => p.id === key)) {
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
