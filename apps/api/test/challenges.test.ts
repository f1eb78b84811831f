// School–enterprise challenges: set and published by companies, taken up by classes in teams
// (by hand or balanced automatically), handed in with files checked by their bytes before the
// deadline, scored by a jury that never scores a school it is tied to, ranked, certified and
// written into the pupils' passports.
import { and, eq } from 'drizzle-orm';
import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type {
  AutoTeamsResult,
  Challenge,
  ChallengeClassroom,
  ChallengePage,
  ChallengeResults,
  ChallengeSubmissions,
  ChallengeTeam,
  Role,
} from '@tremplin/contracts';
import {
  auditLog,
  challengeFiles,
  challenges,
  challengeScores,
  challengeSubmissions,
  challengeTeamMembers,
  challengeTeams,
  emailOutbox,
  notifications,
  passportEntries,
  schoolMemberships,
  students,
  userRoles,
  users,
} from '@tremplin/db/schema';
import { createSession } from '../src/modules/identity/repository.js';
import { closeDueChallenges } from '../src/modules/challenges/service.js';
import { createClass, createCompany, createSchool, validSiret } from './factories.js';
import { type Person, problemOf, setupApp, uniqueEmail } from './helper.js';

const ctx = setupApp();
const DAY = 24 * 60 * 60 * 1000;

/** Someone with a live session, made straight in the database (no password hashing: faster). */
async function person(roles: Role[], displayName = 'Camille Test', email = uniqueEmail('c')) {
  const db = ctx.handle.db;
  const [user] = await db
    .insert(users)
    .values({ email, displayName, passwordHash: null })
    .returning({ id: users.id });
  await db.insert(userRoles).values(roles.map((role) => ({ userId: user!.id, role })));
  const session = await createSession(db, { userId: user!.id, ttlHours: 2 });
  const token = ctx.app.jwt.sign({ sub: user!.id, sid: session.id });
  return { id: user!.id, email, token, headers: { authorization: `Bearer ${token}` } } as Person;
}

async function staff(schoolId: string, roles: Role[] = ['teacher'], name = 'Paul Prof') {
  const p = await person(roles, name);
  await ctx.handle.db.insert(schoolMemberships).values({
    userId: p.id,
    schoolId,
    role: roles.includes('school_admin') ? 'school_admin' : 'teacher',
    status: 'active',
    decidedAt: new Date(),
  });
  return p;
}

async function employerOf(companyId: string, name = 'Émile Employeur', email?: string) {
  const p = await person(['employer'], name, email);
  const { companyMemberships } = await import('@tremplin/db/schema');
  await ctx.handle.db
    .insert(companyMemberships)
    .values({ userId: p.id, companyId, role: 'employer', status: 'active' });
  return p;
}

async function pupil(schoolId: string, classId: string, firstName: string, lastName: string) {
  const p = await person(['student'], `${firstName} ${lastName}`);
  await ctx.handle.db.insert(students).values({
    userId: p.id,
    schoolId,
    classId,
    level: '3e',
    firstName,
    lastName,
    guardianEmail: `parent.${lastName.toLowerCase()}@example.test`,
  });
  return p;
}

const parisDay = (at: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(at);

function challengeBody(overrides: Record<string, unknown> = {}) {
  const deadline = new Date(Date.now() + 30 * DAY);
  return {
    title: 'La boulangerie zéro déchet',
    brief:
      'Imaginez en équipe une boulangerie de quartier sans déchet : emballages, invendus, énergie.',
    tradeCodes: ['D1102'],
    levels: ['3e'],
    launchOn: parisDay(new Date(Date.now() - 7 * DAY)),
    submissionDeadline: deadline.toISOString(),
    juryOn: parisDay(new Date(deadline.getTime() + 7 * DAY)),
    teamMin: 2,
    teamMax: 4,
    maxTeams: 6,
    prizes: 'Une visite du fournil et un petit-déjeuner pour la classe gagnante.',
    rubric: [
      { label: 'Idée', weight: 2, max: 10 },
      { label: 'Présentation', weight: 1, max: 5 },
      { label: 'Faisabilité', weight: 2, max: 20 },
    ],
    ...overrides,
  };
}

interface World {
  schoolA: { id: string; name: string };
  schoolB: { id: string; name: string };
  companyId: string;
  organiser: Person;
  juror: Person;
  teacherA: Person;
  teacherB: Person;
  classA1: string;
  classA2: string;
  classB: string;
  pupilsA1: Person[];
  pupilsA2: Person[];
  pupilsB: Person[];
  challengeId: string;
}

/** Two schools, three 3e classes, a company with its challenge published, an outside juror. */
async function world(options: { publish?: boolean } = {}): Promise<World> {
  const schoolA = await createSchool(ctx, { name: 'Collège Évariste-Galois' });
  const schoolB = await createSchool(ctx, { name: 'Collège Jean-Macé', priority: 'rep' });
  const company = await createCompany(ctx, { name: 'Boulangerie Crème & Pain' });
  const other = await createCompany(ctx, { name: 'Cabinet Conseil Val' });
  const organiser = await employerOf(company.id, 'Émile Employeur');
  const juror = await employerOf(other.id, 'Julie Jurée');
  const teacherA = await staff(schoolA.id, ['teacher'], 'Paul Prof');
  const teacherB = await staff(schoolB.id, ['teacher'], 'Bérénice Prof');
  const year = 2026;
  const classA1 = await createClass(ctx, {
    schoolId: schoolA.id,
    name: '3e A',
    teacherId: teacherA.id,
    schoolYear: year,
  });
  const classA2 = await createClass(ctx, {
    schoolId: schoolA.id,
    name: '3e B',
    teacherId: teacherA.id,
    schoolYear: year,
  });
  const classB = await createClass(ctx, {
    schoolId: schoolB.id,
    name: '3e 1',
    teacherId: teacherB.id,
    schoolYear: year,
  });
  const names = ['Inès', 'Yanis', 'Chloé', 'Moussa', 'Jade', 'Noah'];
  const pupilsA1 = [];
  for (const [i, n] of names.entries())
    pupilsA1.push(await pupil(schoolA.id, classA1.id, n, `Alpha${i}`));
  const pupilsA2 = [];
  for (const [i, n] of names.slice(0, 4).entries()) {
    pupilsA2.push(await pupil(schoolA.id, classA2.id, n, `Beta${i}`));
  }
  const pupilsB = [];
  for (const [i, n] of names.slice(0, 4).entries()) {
    pupilsB.push(await pupil(schoolB.id, classB.id, n, `Gamma${i}`));
  }
  const created = await ctx.app.inject({
    method: 'POST',
    url: '/api/challenges',
    headers: organiser.headers,
    payload: challengeBody(),
  });
  expect(created.statusCode).toBe(201);
  const challengeId = (created.json() as Challenge).id;
  if (options.publish !== false) {
    const published = await ctx.app.inject({
      method: 'POST',
      url: `/api/challenges/${challengeId}/publish`,
      headers: organiser.headers,
    });
    expect(published.statusCode).toBe(200);
  }
  return {
    schoolA,
    schoolB,
    companyId: company.id,
    organiser,
    juror,
    teacherA,
    teacherB,
    classA1: classA1.id,
    classA2: classA2.id,
    classB: classB.id,
    pupilsA1,
    pupilsA2,
    pupilsB,
    challengeId,
  };
}

const get = (url: string, who: Person) =>
  ctx.app.inject({ method: 'GET', url, headers: who.headers });
const send = (
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  who: Person,
  payload?: object,
) => ctx.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });

async function readChallenge(w: World, who: Person) {
  const response = await get(`/api/challenges/${w.challengeId}`, who);
  expect(response.statusCode).toBe(200);
  return response.json() as Challenge;
}

async function enrol(w: World, who: Person, classId: string) {
  return send('POST', `/api/challenges/${w.challengeId}/enrolments`, who, { classId });
}

async function enrolmentId(w: World, who: Person, classId: string) {
  const challenge = await readChallenge(w, who);
  return challenge.myEnrolments.find((e) => e.classId === classId)!.id;
}

/** Enrols class A1 and makes one team of the given pupils; returns the team's id. */
async function teamOf(w: World, members: Person[], name = 'Les Croissants') {
  if ((await readChallenge(w, w.teacherA)).myEnrolments.every((e) => e.classId !== w.classA1)) {
    expect((await enrol(w, w.teacherA, w.classA1)).statusCode).toBe(201);
  }
  const response = await send('POST', `/api/challenges/${w.challengeId}/teams`, w.teacherA, {
    enrolmentId: await enrolmentId(w, w.teacherA, w.classA1),
    name,
    studentIds: members.map((m) => m.id),
  });
  expect(response.statusCode).toBe(201);
  return (response.json() as ChallengeClassroom).teams.find((t) => t.name === name)!.id;
}

type Part =
  | { name: string; value: string }
  | { name: string; filename: string; content: Buffer; type?: string };

function multipart(parts: Part[]) {
  const boundary = `----tremplin${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`));
    if ('filename' in p) {
      chunks.push(
        Buffer.from(
          `Content-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: ${p.type ?? 'application/pdf'}\r\n\r\n`,
        ),
        p.content,
      );
    } else {
      chunks.push(
        Buffer.from(`Content-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}`),
      );
    }
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

function submit(w: World, teamId: string, who: Person, parts: Part[]) {
  const body = multipart(parts);
  return ctx.app.inject({
    method: 'PUT',
    url: `/api/challenges/${w.challengeId}/teams/${teamId}/submission`,
    headers: { ...who.headers, 'content-type': body.type },
    payload: body.payload,
  });
}

async function smallPdf(text = 'Notre boulangerie zéro déchet') {
  const doc = await PDFDocument.create();
  doc.addPage().drawText(text.normalize('NFD').replace(/\p{M}+/gu, ''));
  return Buffer.from(await doc.save());
}

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** A ZIP with stored entries, as office suites write presentations. */
function storedZip(entries: { name: string; data: string }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const data = Buffer.from(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

async function pastDeadline(w: World) {
  await ctx.handle.db
    .update(challenges)
    .set({ submissionDeadline: new Date(Date.now() - 60_000) })
    .where(eq(challenges.id, w.challengeId));
}

async function closeEarly(w: World) {
  const response = await send(
    'POST',
    `/api/challenges/${w.challengeId}/close-submissions`,
    w.organiser,
    {
      early: true,
    },
  );
  expect(response.statusCode).toBe(200);
}

async function invite(w: World, juror: Person) {
  const response = await send('POST', `/api/challenges/${w.challengeId}/jurors`, w.organiser, {
    email: juror.email,
  });
  expect(response.statusCode).toBe(201);
}

function score(w: World, teamId: string, who: Person, marks: Record<string, number>, comment = '') {
  return send('PUT', `/api/challenges/${w.challengeId}/teams/${teamId}/score`, who, {
    marks,
    comment,
  });
}

// ------------------------------------------------------------------------------------------------

describe('setting a challenge', () => {
  it('is a draft its organisers alone see until they publish it', async () => {
    const w = await world({ publish: false });
    const draft = await readChallenge(w, w.organiser);
    expect(draft).toMatchObject({
      status: 'draft',
      phase: 'draft',
      organisers: [{ name: 'Boulangerie Crème & Pain' }],
      relation: { organiser: true, juror: false },
      can: { edit: true, publish: true, enrol: false },
    });
    expect(draft.rubric.map((c) => c.key)).toEqual(['c1', 'c2', 'c3']);
    expect(draft.trades[0]).toMatchObject({ code: 'D1102' });
    expect((await get(`/api/challenges/${w.challengeId}`, w.teacherA)).statusCode).toBe(404);
    const list = (await get('/api/challenges', w.teacherA)).json() as ChallengePage;
    expect(list.items).toHaveLength(0);

    expect(
      (await send('POST', `/api/challenges/${w.challengeId}/publish`, w.organiser)).statusCode,
    ).toBe(200);
    const seen = await readChallenge(w, w.teacherA);
    expect(seen).toMatchObject({
      status: 'published',
      phase: 'open',
      can: { enrol: true, edit: false },
    });
    expect(((await get('/api/challenges', w.teacherA)).json() as ChallengePage).items).toHaveLength(
      1,
    );
    expect(
      await ctx.handle.db.select().from(auditLog).where(eq(auditLog.action, 'challenge.published')),
    ).toHaveLength(1);
  });

  it('refuses dates, team sizes, rubric and trades that do not fit, naming each field', async () => {
    const company = await createCompany(ctx);
    const organiser = await employerOf(company.id);
    const response = await send('POST', '/api/challenges', organiser, {
      ...challengeBody(),
      teamMin: 5,
      teamMax: 3,
      juryOn: '2020-01-01',
      tradeCodes: ['Z9999'.replace('Z', 'N')],
      rubric: [
        { label: 'Idée', weight: 1, max: 10 },
        { label: ' idée ', weight: 1, max: 10 },
      ],
    });
    expect(response.statusCode).toBe(400);
    const fields = problemOf(response)
      .errors!.map((e) => e.field)
      .sort();
    expect(fields).toEqual([
      'body.juryOn',
      'body.rubric.1.label',
      'body.teamMax',
      'body.tradeCodes.0',
    ]);
    const late = await send('POST', '/api/challenges', organiser, {
      ...challengeBody(),
      submissionDeadline: new Date(Date.now() - DAY).toISOString(),
      juryOn: parisDay(new Date()),
    });
    expect(late.statusCode).toBe(400);
    expect(problemOf(late).errors![0]).toMatchObject({ field: 'body.submissionDeadline' });
    const schema = await send('POST', '/api/challenges', organiser, {
      ...challengeBody(),
      rubric: [],
    });
    expect(schema.statusCode).toBe(400);
    expect(problemOf(schema).errors![0]!.field).toBe('body.rubric');
    expect(await ctx.handle.db.select().from(challenges)).toHaveLength(0);
  });

  it('is set by an employer of a company only', async () => {
    const school = await createSchool(ctx);
    const teacher = await staff(school.id);
    expect((await send('POST', '/api/challenges', teacher, challengeBody())).statusCode).toBe(403);
    const loner = await person(['employer']);
    const response = await send('POST', '/api/challenges', loner, challengeBody());
    expect(response.statusCode).toBe(403);
    expect(problemOf(response).detail).toContain('Mon organisation');
  });

  it('takes co-organisers by SIRET, whose employers may then edit it; one company always stays', async () => {
    const w = await world();
    const siret = validSiret();
    const partner = await createCompany(ctx, { siret, name: 'Garage des Deux Rives' });
    const partnerEmployer = await employerOf(partner.id, 'Gaston Garagiste');
    expect((await get(`/api/challenges/${w.challengeId}`, partnerEmployer)).json()).toMatchObject({
      relation: { organiser: false },
    });
    const unknown = await send('POST', `/api/challenges/${w.challengeId}/organisers`, w.organiser, {
      siret: validSiret(),
    });
    expect(unknown.statusCode).toBe(400);
    expect(problemOf(unknown).errors![0]!.field).toBe('body.siret');
    const added = await send('POST', `/api/challenges/${w.challengeId}/organisers`, w.organiser, {
      siret: `${siret.slice(0, 3)} ${siret.slice(3)}`,
    });
    expect(added.statusCode).toBe(200);
    expect((added.json() as Challenge).organisers.map((o) => o.name)).toEqual([
      'Boulangerie Crème & Pain',
      'Garage des Deux Rives',
    ]);
    const [told] = await ctx.handle.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, partnerEmployer.id));
    expect(told).toMatchObject({ kind: 'challenge.coOrganiser' });
    const edit = await send('PUT', `/api/challenges/${w.challengeId}`, partnerEmployer, {
      ...challengeBody(),
      title: 'La boulangerie et le garage zéro déchet',
    });
    expect(edit.statusCode).toBe(200);
    expect((edit.json() as Challenge).title).toBe('La boulangerie et le garage zéro déchet');
    expect(
      (
        await send(
          'DELETE',
          `/api/challenges/${w.challengeId}/organisers/${w.companyId}`,
          partnerEmployer,
        )
      ).statusCode,
    ).toBe(200);
    const last = await send(
      'DELETE',
      `/api/challenges/${w.challengeId}/organisers/${partner.id}`,
      partnerEmployer,
    );
    expect(last.statusCode).toBe(409);
    // The first company's employer is no longer an organiser: the edit is refused.
    expect(
      (await send('PUT', `/api/challenges/${w.challengeId}`, w.organiser, challengeBody()))
        .statusCode,
    ).toBe(403);
  });
});

describe('enrolling a class', () => {
  it('lets a teacher enrol a class of their school of a level of the challenge, once', async () => {
    const w = await world();
    const response = await enrol(w, w.teacherA, w.classA1);
    expect(response.statusCode).toBe(201);
    expect((response.json() as Challenge).myEnrolments).toEqual([
      expect.objectContaining({ className: '3e A', pupilCount: 6, teamCount: 0 }),
    ]);
    expect((await enrol(w, w.teacherA, w.classA1)).statusCode).toBe(409);
    const [told] = await ctx.handle.db
      .select()
      .from(notifications)
      .where(
        and(eq(notifications.userId, w.organiser.id), eq(notifications.kind, 'challenge.enrolled')),
      );
    expect(told?.data).toMatchObject({ className: '3e A', schoolName: 'Collège Évariste-Galois' });
    // The pupils of the class see that it takes part.
    expect((await readChallenge(w, w.pupilsA1[0]!)).relation.enrolled).toBe(true);
  });

  it('refuses another school’s class (404), a level the challenge is not for (400) and a pupil (403)', async () => {
    const w = await world();
    expect((await enrol(w, w.teacherB, w.classA1)).statusCode).toBe(404);
    const fourth = await createClass(ctx, { schoolId: w.schoolA.id, name: '4e C', level: '4e' });
    const wrongLevel = await enrol(w, w.teacherA, fourth.id);
    expect(wrongLevel.statusCode).toBe(400);
    expect(problemOf(wrongLevel).errors![0]).toMatchObject({
      field: 'body.classId',
      code: 'challenge.level',
    });
    expect(problemOf(wrongLevel).detail).toContain('4e C');
    const lastYear = await createClass(ctx, {
      schoolId: w.schoolA.id,
      name: '3e Z',
      schoolYear: 2025,
    });
    expect((await enrol(w, w.teacherA, lastYear.id)).statusCode).toBe(400);
    expect((await enrol(w, w.pupilsA1[0]!, w.classA1)).statusCode).toBe(403);
    expect((await readChallenge(w, w.teacherA)).myEnrolments).toEqual([]);
  });

  it('closes with the deadline', async () => {
    const w = await world();
    await pastDeadline(w);
    const response = await enrol(w, w.teacherA, w.classA1);
    expect(response.statusCode).toBe(409);
    expect(problemOf(response).detail).toContain('les inscriptions sont closes');
  });
});

describe('forming teams by hand', () => {
  it('creates teams, moves pupils within the size range, and pupils see their team', async () => {
    const w = await world();
    const [a, b, c, d, e] = w.pupilsA1;
    const teamId = await teamOf(w, [a!, b!, c!]);
    const classroom = (
      await get(`/api/challenges/${w.challengeId}/classroom`, w.teacherA)
    ).json() as ChallengeClassroom;
    expect(classroom.teams).toEqual([
      expect.objectContaining({
        id: teamId,
        name: 'Les Croissants',
        memberIds: expect.arrayContaining([a!.id, b!.id, c!.id]),
        sizeProblem: null,
      }),
    ]);
    expect(classroom.pupils).toHaveLength(6);
    const full = await send('PUT', `/api/challenges/${w.challengeId}/pupils/${d!.id}`, w.teacherA, {
      teamId,
      skills: ['oral'],
    });
    expect(full.statusCode).toBe(200);
    const tooMany = await send(
      'PUT',
      `/api/challenges/${w.challengeId}/pupils/${e!.id}`,
      w.teacherA,
      { teamId },
    );
    expect(tooMany.statusCode).toBe(409);
    expect(problemOf(tooMany).detail).toContain('complète (4 élèves au plus)');
    // Moving a pupil out leaves a team too small: it is said, not hidden.
    const out = await send('PUT', `/api/challenges/${w.challengeId}/pupils/${a!.id}`, w.teacherA, {
      teamId: null,
    });
    expect(out.statusCode).toBe(200);
    const second = await send('POST', `/api/challenges/${w.challengeId}/teams`, w.teacherA, {
      enrolmentId: await enrolmentId(w, w.teacherA, w.classA1),
      name: 'Les Baguettes',
      studentIds: [a!.id],
    });
    expect(second.statusCode).toBe(201);
    const after = second.json() as ChallengeClassroom;
    expect(after.teams.find((t) => t.name === 'Les Baguettes')!.sizeProblem).toContain(
      'au moins 2',
    );
    expect(after.pupils.find((p) => p.id === d!.id)!.skills).toEqual(['oral']);

    const mine = await readChallenge(w, b!);
    expect(mine.myTeam).toMatchObject({
      name: 'Les Croissants',
      className: '3e A',
      submittedAt: null,
    });
    expect(mine.myTeam!.members.map((m) => m.firstName).sort()).toEqual([
      'Chloé',
      'Moussa',
      'Yanis',
    ]);
    const [told] = await ctx.handle.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, b!.id), eq(notifications.kind, 'challenge.team')));
    expect(told?.data).toMatchObject({ team: 'Les Croissants' });
  });

  it('refuses a taken name, more teams than the challenge takes, and another school’s teacher', async () => {
    const w = await world();
    await ctx.handle.db
      .update(challenges)
      .set({ maxTeams: 1 })
      .where(eq(challenges.id, w.challengeId));
    const teamId = await teamOf(w, [w.pupilsA1[0]!, w.pupilsA1[1]!]);
    const enrolment = await enrolmentId(w, w.teacherA, w.classA1);
    const again = await send('POST', `/api/challenges/${w.challengeId}/teams`, w.teacherA, {
      enrolmentId: enrolment,
      name: ' les  croissants ',
    });
    expect(again.statusCode).toBe(409);
    expect(problemOf(again).errors![0]!.field).toBe('body.name');
    const extra = await send('POST', `/api/challenges/${w.challengeId}/teams`, w.teacherA, {
      enrolmentId: enrolment,
      name: 'Les Brioches',
    });
    expect(extra.statusCode).toBe(409);
    expect(problemOf(extra).detail).toContain('1 équipes au plus');
    expect(
      (
        await send(
          'PUT',
          `/api/challenges/${w.challengeId}/pupils/${w.pupilsA1[2]!.id}`,
          w.teacherB,
          { teamId },
        )
      ).statusCode,
    ).toBe(404);
    expect(
      (await send('DELETE', `/api/challenges/${w.challengeId}/teams/${teamId}`, w.teacherB))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await send('PATCH', `/api/challenges/${w.challengeId}/teams/${teamId}`, w.pupilsA1[0]!, {
          name: 'X',
        })
      ).statusCode,
    ).toBe(403);
    expect(await ctx.handle.db.select().from(challengeTeams)).toHaveLength(1);
  });
});

describe('forming teams automatically', () => {
  it('mixes the enrolled classes within the size range, the same way for the same seed', async () => {
    const w = await world();
    expect((await enrol(w, w.teacherA, w.classA1)).statusCode).toBe(201);
    expect((await enrol(w, w.teacherA, w.classA2)).statusCode).toBe(201);
    const skills = Object.fromEntries(w.pupilsA1.slice(0, 3).map((p) => [p.id, ['dessin']]));
    const form = async (seed: string) => {
      const response = await send(
        'POST',
        `/api/challenges/${w.challengeId}/teams/auto`,
        w.teacherA,
        { seed, skills },
      );
      expect(response.statusCode).toBe(200);
      return response.json() as AutoTeamsResult;
    };
    const first = await form('classe-2026');
    const teams = first.classroom.teams;
    expect(first.seed).toBe('classe-2026');
    // Ten pupils, teams of 2 to 4: sizes near the middle of the range.
    expect(teams.map((t) => t.memberIds.length).reduce((s, n) => s + n, 0)).toBe(10);
    for (const team of teams) {
      expect(team.memberIds.length).toBeGreaterThanOrEqual(2);
      expect(team.memberIds.length).toBeLessThanOrEqual(4);
      expect(team.sizeProblem).toBeNull();
    }
    const classOf = new Map(first.classroom.pupils.map((p) => [p.id, p.classId]));
    const mixed = teams.filter((t) => new Set(t.memberIds.map((id) => classOf.get(id))).size > 1);
    expect(mixed.length).toBeGreaterThanOrEqual(teams.length - 1);
    expect(teams.map((t) => t.name).sort()).toEqual(teams.map((_, i) => `Équipe ${i + 1}`).sort());
    const second = await form('classe-2026');
    const shape = (r: AutoTeamsResult) =>
      r.classroom.teams.map((t) => [...t.memberIds].sort()).sort();
    expect(shape(second)).toEqual(shape(first));
    expect(await ctx.handle.db.select().from(challengeTeams)).toHaveLength(teams.length);
    const pupil = w.pupilsA2[0]!;
    const challenge = await readChallenge(w, pupil);
    expect(challenge.myTeam?.members.map((m) => m.id)).toContain(pupil.id);
    expect(
      (
        await ctx.handle.db
          .select()
          .from(challengeTeamMembers)
          .where(eq(challengeTeamMembers.studentId, w.pupilsA1[0]!.id))
      )[0]!.skills,
    ).toEqual(['dessin']);
  });

  it('says when the pupils cannot fit the challenge’s teams, and keeps the teams already made', async () => {
    const w = await world();
    const teamId = await teamOf(w, [w.pupilsA1[0]!, w.pupilsA1[1]!]);
    const count = await send('POST', `/api/challenges/${w.challengeId}/teams/auto`, w.teacherA, {
      teamCount: 9,
    });
    expect(count.statusCode).toBe(400);
    expect(problemOf(count).errors![0]!.field).toBe('body.teamCount');
    expect(problemOf(count).detail).toContain('de 2 à 3 équipes');
    await ctx.handle.db
      .update(challenges)
      .set({ maxTeams: 1 })
      .where(eq(challenges.id, w.challengeId));
    const response = await send(
      'POST',
      `/api/challenges/${w.challengeId}/teams/auto`,
      w.teacherA,
      {},
    );
    expect(response.statusCode).toBe(409);
    expect(problemOf(response).detail).toMatch(/Il faudrait au moins 2 équipes pour les 6 élèves/);
    expect((await ctx.handle.db.select().from(challengeTeams))[0]!.id).toBe(teamId);
    expect(
      (await send('POST', `/api/challenges/${w.challengeId}/teams/auto`, w.teacherB, {}))
        .statusCode,
    ).toBe(409);
  });
  it('keeps the teams that have handed in work and splits only the other pupils', async () => {
    const w = await world();
    const [a, b] = w.pupilsA1;
    const kept = await teamOf(w, [a!, b!]);
    const pdf = await smallPdf();
    expect(
      (await submit(w, kept, a!, [{ name: 'files', filename: 'r.pdf', content: pdf }])).statusCode,
    ).toBe(200);
    const response = await send('POST', `/api/challenges/${w.challengeId}/teams/auto`, w.teacherA, {
      seed: 'encore',
      skills: { [a!.id]: ['oral'] },
    });
    expect(response.statusCode).toBe(200);
    const room = (response.json() as AutoTeamsResult).classroom;
    expect(room.teams.find((t) => t.id === kept)?.memberIds.sort()).toEqual([a!.id, b!.id].sort());
    expect(room.teams).toHaveLength(2);
    expect(room.pupils.every((p) => p.teamId !== null)).toBe(true);
    expect(await ctx.handle.db.select().from(challengeSubmissions)).toHaveLength(1);
  });
});

describe('handing in work', () => {
  it('takes a real PDF, an image and presentations, typed by their bytes, with names cleaned', async () => {
    const w = await world();
    const [a, b] = w.pupilsA1;
    const teamId = await teamOf(w, [a!, b!]);
    const pptx = storedZip([
      { name: '[Content_Types].xml', data: '<Types/>' },
      { name: 'ppt/presentation.xml', data: '<p:presentation/>' },
    ]);
    const odp = storedZip([
      { name: 'mimetype', data: 'application/vnd.oasis.opendocument.presentation' },
      { name: 'content.xml', data: '<x/>' },
    ]);
    const response = await submit(w, teamId, a!, [
      { name: 'text', value: 'Notre idée : des sacs à pain consignés.' },
      { name: 'files', filename: '../../Bureau/rapport.pdf', content: await smallPdf() },
      { name: 'files', filename: 'affiche.pdf', content: PNG, type: 'application/pdf' },
      {
        name: 'files',
        filename: 'diaporama.pptx',
        content: pptx,
        type: 'application/octet-stream',
      },
      { name: 'files', filename: 'diaporama.odp', content: odp },
    ]);
    expect(response.statusCode).toBe(200);
    const team = response.json() as ChallengeTeam;
    expect(team.submission?.text).toBe('Notre idée : des sacs à pain consignés.');
    expect(team.submission?.files.map((f) => [f.filename, f.contentType])).toEqual([
      ['affiche.png', 'image/png'],
      ['diaporama.odp', 'application/vnd.oasis.opendocument.presentation'],
      [
        'diaporama.pptx',
        'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      ],
      ['rapport.pdf', 'application/pdf'],
    ]);
    const png = team.submission!.files.find((f) => f.filename === 'affiche.png')!;
    const download = await get(`/api/challenges/${w.challengeId}/files/${png.id}`, b!);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.headers['content-disposition']).toContain('filename="affiche.png"');
    expect(download.rawPayload.equals(PNG)).toBe(true);
    // The team's classmate and teacher are told (not the pupil who handed it in).
    const told = await ctx.handle.db
      .select()
      .from(notifications)
      .where(eq(notifications.kind, 'challenge.submitted'));
    expect(told.map((n) => n.userId).sort()).toEqual([b!.id, w.teacherA.id].sort());
    expect((await readChallenge(w, b!)).can.certificate).toBe(true);
  });

  it('refuses a text file renamed .pdf, by its content, and keeps what was already handed in', async () => {
    const w = await world();
    const teamId = await teamOf(w, [w.pupilsA1[0]!, w.pupilsA1[1]!]);
    expect(
      (
        await submit(w, teamId, w.pupilsA1[0]!, [
          { name: 'files', filename: 'vrai.pdf', content: await smallPdf() },
        ])
      ).statusCode,
    ).toBe(200);
    const response = await submit(w, teamId, w.pupilsA1[1]!, [
      { name: 'text', value: 'Nouveau texte' },
      {
        name: 'files',
        filename: 'rapport.pdf',
        content: Buffer.from('Ceci est notre rapport, en texte.\n'),
      },
    ]);
    expect(response.statusCode).toBe(415);
    const problem = problemOf(response);
    expect(problem.errors![0]!.field).toBe('body.files.0');
    expect(problem.detail).toContain('« rapport »');
    expect(problem.detail).toContain('son contenu a été vérifié, pas seulement son nom');
    expect(
      await ctx.handle.db.select({ name: challengeFiles.filename }).from(challengeFiles),
    ).toEqual([{ name: 'vrai.pdf' }]);
    const [submission] = await ctx.handle.db.select().from(challengeSubmissions);
    expect(submission!.text).toBe('');
  });

  it('refuses a file over 10 MB and a submission over 25 MB, with clear messages, saving nothing', async () => {
    const w = await world();
    const teamId = await teamOf(w, [w.pupilsA1[0]!, w.pupilsA1[1]!]);
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(10 * 1024 * 1024)]);
    const tooBig = await submit(w, teamId, w.pupilsA1[0]!, [
      { name: 'files', filename: 'énorme.pdf', content: big },
    ]);
    expect(tooBig.statusCode).toBe(413);
    expect(problemOf(tooBig).detail).toContain('« énorme.pdf » dépasse 10 Mo');
    const nine = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(9 * 1024 * 1024)]);
    const tooMuch = await submit(w, teamId, w.pupilsA1[0]!, [
      { name: 'files', filename: 'a.pdf', content: nine },
      { name: 'files', filename: 'b.pdf', content: nine },
      { name: 'files', filename: 'c.pdf', content: nine },
    ]);
    expect(tooMuch.statusCode).toBe(413);
    expect(problemOf(tooMuch).detail).toContain('ne peut pas dépasser 25 Mo');
    expect(await ctx.handle.db.select().from(challengeSubmissions)).toHaveLength(0);
    expect(await ctx.handle.db.select().from(challengeFiles)).toHaveLength(0);
  });

  it('refuses work after the deadline (server time), and an empty first submission', async () => {
    const w = await world();
    const teamId = await teamOf(w, [w.pupilsA1[0]!, w.pupilsA1[1]!]);
    const empty = await submit(w, teamId, w.pupilsA1[0]!, [{ name: 'text', value: '   ' }]);
    expect(empty.statusCode).toBe(400);
    expect(problemOf(empty).errors![0]!.field).toBe('body.text');
    await pastDeadline(w);
    const late = await submit(w, teamId, w.pupilsA1[0]!, [
      { name: 'text', value: 'En retard' },
      { name: 'files', filename: 'rapport.pdf', content: await smallPdf() },
    ]);
    expect(late.statusCode).toBe(409);
    expect(problemOf(late).code).toBe('submission.late');
    expect(problemOf(late).detail).toMatch(
      /La date limite de dépôt était le \d\d\/\d\d\/\d{4} à \d\d h \d\d/,
    );
    expect(await ctx.handle.db.select().from(challengeSubmissions)).toHaveLength(0);
  });

  it('refuses a team below the minimum size, and anyone but its pupils and teachers', async () => {
    const w = await world();
    const teamId = await teamOf(w, [w.pupilsA1[0]!, w.pupilsA1[1]!]);
    const pdf = await smallPdf();
    expect(
      (
        await submit(w, teamId, w.pupilsA1[2]!, [
          { name: 'files', filename: 'x.pdf', content: pdf },
        ])
      ).statusCode,
    ).toBe(404);
    expect(
      (await submit(w, teamId, w.organiser, [{ name: 'files', filename: 'x.pdf', content: pdf }]))
        .statusCode,
    ).toBe(403);
    expect(
      (await submit(w, teamId, w.teacherB, [{ name: 'files', filename: 'x.pdf', content: pdf }]))
        .statusCode,
    ).toBe(404);
    await send('PUT', `/api/challenges/${w.challengeId}/pupils/${w.pupilsA1[1]!.id}`, w.teacherA, {
      teamId: null,
    });
    const small = await submit(w, teamId, w.pupilsA1[0]!, [
      { name: 'files', filename: 'x.pdf', content: pdf },
    ]);
    expect(small.statusCode).toBe(409);
    expect(problemOf(small).detail).toContain('au moins 2');
    // Their teacher may hand it in once the team is complete again.
    await send('PUT', `/api/challenges/${w.challengeId}/pupils/${w.pupilsA1[1]!.id}`, w.teacherA, {
      teamId,
    });
    expect(
      (await submit(w, teamId, w.teacherA, [{ name: 'files', filename: 'x.pdf', content: pdf }]))
        .statusCode,
    ).toBe(200);
  });
});

describe('who reads a team’s work', () => {
  it('answers 404 to a pupil of another team and to other schools; the jury reads it without names', async () => {
    const w = await world();
    const [a, b, c, d] = w.pupilsA1;
    const teamId = await teamOf(w, [a!, b!]);
    await teamOf(w, [c!, d!], 'Les Brioches');
    const done = (
      await submit(w, teamId, a!, [
        { name: 'text', value: 'Notre travail' },
        { name: 'files', filename: 'rapport.pdf', content: await smallPdf() },
      ])
    ).json() as ChallengeTeam;
    const fileId = done.submission!.files[0]!.id;
    const outsider = await employerOf((await createCompany(ctx)).id);
    for (const who of [c!, w.pupilsB[0]!, w.teacherB, outsider]) {
      expect((await get(`/api/challenges/${w.challengeId}/teams/${teamId}`, who)).statusCode).toBe(
        404,
      );
      expect((await get(`/api/challenges/${w.challengeId}/files/${fileId}`, who)).statusCode).toBe(
        404,
      );
    }
    for (const who of [b!, w.teacherA]) {
      const team = (
        await get(`/api/challenges/${w.challengeId}/teams/${teamId}`, who)
      ).json() as ChallengeTeam;
      expect(team.members?.map((m) => m.id).sort()).toEqual([a!.id, b!.id].sort());
    }
    await invite(w, w.juror);
    for (const who of [w.organiser, w.juror]) {
      const response = await get(`/api/challenges/${w.challengeId}/teams/${teamId}`, who);
      expect(response.statusCode).toBe(200);
      const team = response.json() as ChallengeTeam;
      expect(team.members).toBeNull();
      expect(team.memberCount).toBe(2);
      expect(team.submission?.text).toBe('Notre travail');
      expect((await get(`/api/challenges/${w.challengeId}/files/${fileId}`, who)).statusCode).toBe(
        200,
      );
    }
  });
});

describe('the jury', () => {
  it('is invited by e-mail among employer accounts, and told in the app and by e-mail', async () => {
    const w = await world();
    const unknown = await send('POST', `/api/challenges/${w.challengeId}/jurors`, w.organiser, {
      email: 'personne@example.test',
    });
    expect(unknown.statusCode).toBe(400);
    expect(problemOf(unknown).errors![0]!.field).toBe('body.email');
    const notEmployer = await send('POST', `/api/challenges/${w.challengeId}/jurors`, w.organiser, {
      email: w.teacherA.email,
    });
    expect(notEmployer.statusCode).toBe(400);
    const response = await send('POST', `/api/challenges/${w.challengeId}/jurors`, w.organiser, {
      email: w.juror.email.toUpperCase(),
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual([
      expect.objectContaining({ name: 'Julie Jurée', email: w.juror.email, scoreCount: 0 }),
    ]);
    expect(
      (
        await send('POST', `/api/challenges/${w.challengeId}/jurors`, w.organiser, {
          email: w.juror.email,
        })
      ).statusCode,
    ).toBe(409);
    const [mail] = await ctx.handle.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.toEmail, w.juror.email));
    expect(mail!.subject).toBe('Invitation au jury du challenge « La boulangerie zéro déchet »');
    expect((await readChallenge(w, w.juror)).relation.juror).toBe(true);
    expect(
      (
        await send('POST', `/api/challenges/${w.challengeId}/jurors`, w.juror, {
          email: w.organiser.email,
        })
      ).statusCode,
    ).toBe(403);
  });

  it('scores with the rubric once submissions are closed; the total is weighted on 100', async () => {
    const w = await world();
    const teamId = await teamOf(w, [w.pupilsA1[0]!, w.pupilsA1[1]!]);
    await submit(w, teamId, w.pupilsA1[0]!, [
      { name: 'files', filename: 'r.pdf', content: await smallPdf() },
    ]);
    await invite(w, w.juror);
    const early = await score(w, teamId, w.juror, { c1: 5, c2: 5, c3: 5 });
    expect(early.statusCode).toBe(409);
    await closeEarly(w);
    const bad = await score(w, teamId, w.juror, { c1: 11, c3: 2.25, c9: 1 });
    expect(bad.statusCode).toBe(400);
    expect(
      problemOf(bad)
        .errors!.map((e) => e.field)
        .sort(),
    ).toEqual(['body.marks.c1', 'body.marks.c2', 'body.marks.c3', 'body.marks.c9']);
    const good = await score(w, teamId, w.juror, { c1: 7, c2: 3, c3: 7 }, 'Très bonne idée.');
    expect(good.statusCode).toBe(200);
    expect((good.json() as ChallengeTeam).myScore).toMatchObject({
      total: 54,
      comment: 'Très bonne idée.',
    });
    const again = await score(w, teamId, w.juror, { c1: 10, c2: 5, c3: 20 });
    expect((again.json() as ChallengeTeam).myScore!.total).toBe(100);
    expect(await ctx.handle.db.select().from(challengeScores)).toHaveLength(1);
    const notJuror = await score(w, teamId, w.organiser, { c1: 1, c2: 1, c3: 1 });
    expect(notJuror.statusCode).toBe(403);
    const rows = (
      await get(`/api/challenges/${w.challengeId}/submissions`, w.organiser)
    ).json() as ChallengeSubmissions;
    expect(rows.teams[0]).toMatchObject({ scoreCount: 1, meanTotal: 100, fileCount: 1 });
  });

  it('refuses (403) a juror tied to the team’s school: member, class teacher, guardian, or organiser', async () => {
    const w = await world();
    const teamId = await teamOf(w, [w.pupilsA1[0]!, w.pupilsA1[1]!]);
    await submit(w, teamId, w.pupilsA1[0]!, [
      { name: 'files', filename: 'r.pdf', content: await smallPdf() },
    ]);
    const company = await createCompany(ctx);
    const member = await employerOf(company.id, 'Marc Membre');
    await ctx.handle.db
      .insert(schoolMemberships)
      .values({ userId: member.id, schoolId: w.schoolA.id, role: 'teacher', status: 'pending' });
    const guardian = await employerOf(company.id, 'Gina Gardienne', 'parent.alpha1@example.test');
    const classTeacher = await employerOf(company.id, 'Théo Titulaire');
    await createClass(ctx, {
      schoolId: w.schoolA.id,
      name: '4e D',
      level: '4e',
      teacherId: classTeacher.id,
    });
    await ctx.handle.db.insert(schoolMemberships).values({
      userId: w.organiser.id,
      schoolId: w.schoolA.id,
      role: 'teacher',
      status: 'active',
      decidedAt: new Date(),
    });
    for (const juror of [member, guardian, classTeacher, w.organiser, w.juror])
      await invite(w, juror);
    await closeEarly(w);
    const reasons: Record<string, string> = {
      [member.id]: 'vous êtes membre',
      [guardian.id]: 'responsable légal',
      [classTeacher.id]: 'professeur principal',
      [w.organiser.id]: 'vous êtes membre',
    };
    for (const [id, words] of Object.entries(reasons)) {
      const juror = [member, guardian, classTeacher, w.organiser].find((p) => p.id === id)!;
      const response = await score(w, teamId, juror, { c1: 10, c2: 5, c3: 20 });
      expect(response.statusCode).toBe(403);
      expect(problemOf(response)).toMatchObject({ code: 'score.conflict' });
      expect(problemOf(response).detail).toContain(words);
      expect(problemOf(response).detail).toContain('Collège Évariste-Galois');
      const sheet = (
        await get(`/api/challenges/${w.challengeId}/submissions`, juror)
      ).json() as ChallengeSubmissions;
      expect(sheet.teams[0]!.conflict).toContain(words);
    }
    expect(await ctx.handle.db.select().from(challengeScores)).toHaveLength(0);
    expect((await score(w, teamId, w.juror, { c1: 1, c2: 1, c3: 1 })).statusCode).toBe(200);
    const view = (
      await get(`/api/challenges/${w.challengeId}/teams/${teamId}`, w.juror)
    ).json() as ChallengeTeam;
    expect(view).toMatchObject({ conflict: null, can: { score: true } });
  });
});

/** The text drawn by a pdf-lib PDF with a standard font (WinAnsi hex strings, ’ and – mapped). */
async function pdfText(bytes: Buffer): Promise<string> {
  const doc = await PDFDocument.load(bytes);
  const lines: string[] = [];
  for (const page of doc.getPages()) {
    const contents = page.node.Contents();
    const streams =
      contents instanceof PDFArray
        ? contents.asArray().map((ref) => doc.context.lookup(ref))
        : [contents];
    for (const stream of streams) {
      if (!(stream instanceof PDFRawStream)) continue;
      const operators = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
      for (const match of operators.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) {
        lines.push(
          [...Buffer.from(match[1]!, 'hex')]
            .map((b) => (b === 0x96 ? '–' : b === 0x92 ? '’' : String.fromCharCode(b)))
            .join(''),
        );
      }
    }
  }
  return lines.join('\n');
}

describe('results, certificates and passports', () => {
  async function judged() {
    const w = await world();
    const [a, b, c, d, e, f] = w.pupilsA1;
    const first = await teamOf(w, [a!, b!], 'Les Croissants');
    const second = await teamOf(w, [c!, d!], 'Les Brioches');
    const idle = await teamOf(w, [e!, f!], 'Les Chouquettes');
    // Les Brioches hand in first, Les Croissants later.
    await submit(w, second, c!, [{ name: 'files', filename: 'b.pdf', content: await smallPdf() }]);
    await new Promise((r) => setTimeout(r, 5));
    await submit(w, first, a!, [{ name: 'files', filename: 'a.pdf', content: await smallPdf() }]);
    const other = await employerOf((await createCompany(ctx)).id, 'Olivier Autre');
    await invite(w, w.juror);
    await invite(w, other);
    await closeEarly(w);
    return { w, first, second, idle, other };
  }

  it('ranks by the mean of the jurors, breaks a tie by the first-weighted criterion, and states the rule', async () => {
    const { w, first, second, other } = await judged();
    // Same means (76), but Les Croissants score higher on « Idée » (weight 2, first of the heaviest).
    expect((await score(w, first, w.juror, { c1: 8, c2: 5, c3: 12 })).statusCode).toBe(200);
    expect((await score(w, first, other, { c1: 8, c2: 5, c3: 12 })).statusCode).toBe(200);
    const preview = (
      await get(`/api/challenges/${w.challengeId}/results`, w.organiser)
    ).json() as ChallengeResults;
    expect(preview).toMatchObject({ published: false, unscored: [{ teamName: 'Les Brioches' }] });
    const refused = await send('POST', `/api/challenges/${w.challengeId}/results`, w.organiser);
    expect(refused.statusCode).toBe(409);
    expect(problemOf(refused).detail).toContain('« Les Brioches »');
    expect((await get(`/api/challenges/${w.challengeId}/results`, w.pupilsA1[0]!)).statusCode).toBe(
      404,
    );
    expect((await score(w, second, w.juror, { c1: 6, c2: 5, c3: 16 })).statusCode).toBe(200);
    expect((await score(w, second, other, { c1: 6, c2: 5, c3: 16 })).statusCode).toBe(200);

    const published = await send('POST', `/api/challenges/${w.challengeId}/results`, w.organiser);
    expect(published.statusCode).toBe(200);
    const results = published.json() as ChallengeResults;
    expect(results.ranking.map((r) => [r.rank, r.teamName, r.meanTotal, r.scoreCount])).toEqual([
      [1, 'Les Croissants', 76, 2],
      [2, 'Les Brioches', 76, 2],
    ]);
    expect(results.firstCriterion.label).toBe('Idée');
    expect(results.tieRule).toContain('« Idée »');
    const seen = (
      await get(`/api/challenges/${w.challengeId}/results`, w.pupilsA1[2]!)
    ).json() as ChallengeResults;
    expect(seen.ranking.find((r) => r.mine)?.teamName).toBe('Les Brioches');
    expect((await readChallenge(w, w.pupilsA1[2]!)).myTeam).toMatchObject({
      rank: 2,
      rankedTeams: 2,
    });
    expect((await score(w, first, w.juror, { c1: 1, c2: 1, c3: 1 })).statusCode).toBe(409);
  });

  it('writes one passport entry per pupil of a ranked team, once, and tells everyone', async () => {
    const { w, first, second, other } = await judged();
    for (const juror of [w.juror, other]) {
      await score(w, first, juror, { c1: 9, c2: 4, c3: 15 });
      await score(w, second, juror, { c1: 5, c2: 3, c3: 10 });
    }
    expect(
      (await send('POST', `/api/challenges/${w.challengeId}/results`, w.organiser)).statusCode,
    ).toBe(200);
    expect(
      (await send('POST', `/api/challenges/${w.challengeId}/results`, w.organiser)).statusCode,
    ).toBe(409);
    const entries = await ctx.handle.db
      .select()
      .from(passportEntries)
      .where(eq(passportEntries.kind, 'challenge'));
    expect(entries).toHaveLength(4);
    const ines = entries.find((e) => e.studentId === w.pupilsA1[0]!.id)!;
    expect(ines).toMatchObject({
      sourceType: 'challenge_team',
      sourceId: first,
      title: 'Challenge école–entreprise « La boulangerie zéro déchet »',
    });
    expect(ines.appraisal).toContain('1re sur 2 équipes');
    // Pupils of the team that handed in nothing get no entry.
    expect(entries.some((e) => e.studentId === w.pupilsA1[4]!.id)).toBe(false);
    const told = await ctx.handle.db
      .select()
      .from(notifications)
      .where(eq(notifications.kind, 'challenge.results'));
    expect(told.map((n) => n.userId)).toEqual(
      expect.arrayContaining([w.pupilsA1[0]!.id, w.teacherA.id, w.juror.id]),
    );
  });

  it('gives each pupil of a team that handed in work a certificate with the challenge, team and rank', async () => {
    const { w, first, second, other } = await judged();
    const before = await get(`/api/challenges/${w.challengeId}/certificate`, w.pupilsA1[0]!);
    expect(before.statusCode).toBe(200);
    expect(before.headers['content-type']).toBe('application/pdf');
    const draft = await pdfText(before.rawPayload);
    expect(draft).toContain('Inès Alpha0');
    expect(draft).toContain('« La boulangerie zéro déchet »');
    expect(draft).toContain('Les résultats du jury ne sont pas encore publiés.');
    for (const juror of [w.juror, other]) {
      await score(w, first, juror, { c1: 4, c2: 4, c3: 10 });
      await score(w, second, juror, { c1: 9, c2: 5, c3: 18 });
    }
    await send('POST', `/api/challenges/${w.challengeId}/results`, w.organiser);
    const after = await get(`/api/challenges/${w.challengeId}/certificate`, w.pupilsA1[0]!);
    const text = await pdfText(after.rawPayload);
    expect(text).toContain("au sein de l'équipe « Les Croissants ».");
    expect(text).toContain('Classement du jury : 2e sur 2 équipes.');
    expect(text).toContain('Boulangerie Crème & Pain');
    expect(text).toMatch(/Fait le \d\d\/\d\d\/\d{4}/);
    const doc = await PDFDocument.load(after.rawPayload);
    expect(doc.getTitle()).toBe('Attestation de participation – La boulangerie zéro déchet');
    const idle = await get(`/api/challenges/${w.challengeId}/certificate`, w.pupilsA1[4]!);
    expect(idle.statusCode).toBe(409);
    expect(
      (await get(`/api/challenges/${w.challengeId}/certificate`, w.pupilsB[0]!)).statusCode,
    ).toBe(404);
    expect((await get(`/api/challenges/${w.challengeId}/certificate`, w.teacherA)).statusCode).toBe(
      403,
    );
  });
});

describe('the deadline job', () => {
  it('moves challenges past their deadline to judging, once, and tells the jury', async () => {
    const w = await world();
    await invite(w, w.juror);
    expect(await closeDueChallenges(ctx.handle.db, { now: new Date() })).toBe(0);
    await pastDeadline(w);
    expect(await closeDueChallenges(ctx.handle.db, { now: new Date() })).toBe(1);
    expect(await closeDueChallenges(ctx.handle.db, { now: new Date() })).toBe(0);
    expect((await readChallenge(w, w.juror)).status).toBe('judging');
    const told = await ctx.handle.db
      .select()
      .from(notifications)
      .where(eq(notifications.kind, 'challenge.judging'));
    expect(told.map((n) => n.userId)).toEqual([w.juror.id]);
  });
});

describe('the demo data', () => {
  it('shows a published challenge with the demo class in teams to the demo accounts', async () => {
    const { seedDemo, DEMO_PASSWORD } = await import('@tremplin/db/seed/demo');
    const { hashPassword } = await import('../src/lib/password.js');
    expect(await seedDemo(ctx.handle.db, { hashPassword })).toBe(true);
    const login = async (email: string): Promise<Person> => {
      const response = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { login: email, password: DEMO_PASSWORD },
      });
      expect(response.statusCode).toBe(200);
      const { token, user } = response.json() as { token: string; user: { id: string } };
      return { id: user.id, email, token, headers: { authorization: `Bearer ${token}` } };
    };
    const pupil = await login('eleve@demo.tremplin.fr');
    const list = (await get('/api/challenges?mine=true', pupil)).json() as ChallengePage;
    expect(list.items).toHaveLength(1);
    const challenge = (
      await get(`/api/challenges/${list.items[0]!.id}`, pupil)
    ).json() as Challenge;
    expect(challenge).toMatchObject({
      phase: 'open',
      organisers: [{ name: 'Boulangerie du Marché (démo)' }],
    });
    expect(challenge.myTeam?.members.length).toBeGreaterThanOrEqual(challenge.teamMin);
    const teacher = await login('prof@demo.tremplin.fr');
    const classroom = (
      await get(`/api/challenges/${challenge.id}/classroom`, teacher)
    ).json() as ChallengeClassroom;
    expect(classroom.enrolments.map((e) => e.className)).toEqual(['3e A']);
    expect(classroom.pupils.every((p) => p.teamId !== null)).toBe(true);
    const employer = await login('entreprise@demo.tremplin.fr');
    expect(
      (await readChallenge({ challengeId: challenge.id } as World, employer)).can.manageJury,
    ).toBe(true);
  });
});

describe('the documentation', () => {
  it('lists the challenge routes, the upload as multipart with its refusals', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json() as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content: object }; responses: object }>
      >;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/challenges',
        '/api/challenges/{id}/teams/auto',
        '/api/challenges/{id}/teams/{teamId}/score',
        '/api/challenges/{id}/certificate',
      ]),
    );
    const upload = doc.paths['/api/challenges/{id}/teams/{teamId}/submission']!.put!;
    expect(upload.responses).toHaveProperty('413');
    expect(upload.responses).toHaveProperty('415');
  });
});
