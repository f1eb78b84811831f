// Classes, the follow-up of who has a stage, the printable codes sheet, new codes for pupils who
// lost theirs, stage weeks, pupils' profiles, and the reminder job: each with its refusals.
import { inflateSync } from 'node:zlib';
import { and, eq } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type { ClassFollowUp, SchoolClass, StudentProfile } from '@tremplin/contracts';
import {
  agreements,
  applications,
  auditLog,
  emailOutbox,
  notifications,
  stageWeeks,
  students,
  users,
} from '@tremplin/db/schema';
import { daysBetween, parisToday, schoolYearOf } from '../src/modules/classes/calendar.js';
import { remindUnplacedPupils } from '../src/modules/classes/reminders.js';
import {
  createClass,
  createCompany,
  createOffer,
  createPerson,
  createSchool,
  createStudent,
  createTeacher,
} from './factories.js';
import { problemOf, setupApp, TEST_PASSWORD } from './helper.js';

const ctx = setupApp();
const today = parisToday(new Date());
const schoolYear = schoolYearOf(today);
const DAY = 86_400_000;
const inDays = (n: number) =>
  new Date(Date.parse(`${today}T12:00:00Z`) + n * DAY).toISOString().slice(0, 10);

async function college(options: { admin?: boolean } = {}) {
  const school = await createSchool(ctx, { kind: 'college' });
  const teacher = await createTeacher(ctx, school.id);
  const admin = options.admin ? await createTeacher(ctx, school.id, 'school_admin') : undefined;
  return { school, teacher, admin };
}

const get = (url: string, headers: Record<string, string>) =>
  ctx.app.inject({ method: 'GET', url, headers });

/** Imports pupils named "First Last" into a new class through the API; returns the class id. */
async function importPupils(headers: Record<string, string>, className: string, names: string[]) {
  const csv = [
    'Nom;Prénom;Date de naissance;Classe',
    ...names.map((n, i) => {
      const [first, last] = n.split(' ');
      return `${last};${first};${String((i % 28) + 1).padStart(2, '0')}/03/${schoolYear - 14};${className}`;
    }),
  ].join('\n');
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/classes/import',
    headers,
    payload: { csv },
  });
  expect(res.statusCode).toBe(200);
  return res.json().classes[0].id as string;
}

/** Every text drawn in a PDF made by pdf-lib (hex strings in its deflated content streams). */
function pdfText(bytes: Buffer): string {
  const raw = bytes.toString('latin1');
  let text = '';
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw))) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    try {
      const content = inflateSync(Buffer.from(raw.slice(start, end), 'latin1')).toString('latin1');
      for (const hex of content.matchAll(/<([0-9A-Fa-f]+)>\s*Tj/g)) {
        text += `${Buffer.from(hex[1]!, 'hex').toString('latin1')}\n`;
      }
    } catch {
      // not a deflated stream
    }
  }
  return text;
}

describe('classes', () => {
  it('a teacher creates a class in their school and becomes its teacher; names are unique per year', async () => {
    const { school, teacher } = await college();
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/classes',
      headers: teacher.headers,
      payload: { name: ' 3e  B ', level: '3e' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json<SchoolClass>()).toMatchObject({
      schoolId: school.id,
      name: '3e B',
      level: '3e',
      schoolYear,
      teacherId: teacher.id,
      pupilCount: 0,
      placedCount: 0,
    });
    const again = await ctx.app.inject({
      method: 'POST',
      url: '/api/classes',
      headers: teacher.headers,
      payload: { name: '3E b', level: '3e' },
    });
    expect(again.statusCode).toBe(409);
    expect(problemOf(again).errors?.[0]?.field).toBe('body.name');
    const list = await get('/api/classes', teacher.headers);
    expect(list.json<SchoolClass[]>().map((c) => c.name)).toEqual(['3e B']);
  });

  it('refuses a level the school does not teach, naming the field', async () => {
    const { teacher } = await college();
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/classes',
      headers: teacher.headers,
      payload: { name: '2nde 1', level: '2de' },
    });
    expect(res.statusCode).toBe(400);
    expect(problemOf(res).errors).toEqual([
      expect.objectContaining({ field: 'body.level', code: 'level.school' }),
    ]);
  });

  it('refuses a teacher without an active school (403) and a pupil (403)', async () => {
    const loner = await createPerson(ctx, ['teacher']);
    const pupil = await createPerson(ctx, ['student']);
    for (const person of [loner, pupil]) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/classes',
        headers: person.headers,
        payload: { name: '3e A', level: '3e' },
      });
      expect(res.statusCode).toBe(403);
    }
  });

  it('answers 404 to a teacher of another school on every route of a class, and changes nothing', async () => {
    const { school, teacher } = await college();
    const klass = await createClass(ctx, { schoolId: school.id, name: '3e A', schoolYear });
    const pupil = await createStudent(ctx, { schoolId: school.id, classId: klass.id });
    const other = await college();
    const h = other.teacher.headers;
    for (const url of [
      `/api/classes/${klass.id}`,
      `/api/classes/${klass.id}/follow-up`,
      `/api/classes/${klass.id}/sign-in-sheet`,
      `/api/students/${pupil.id}`,
    ]) {
      expect((await get(url, h)).statusCode, url).toBe(404);
    }
    const patch = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/classes/${klass.id}`,
      headers: h,
      payload: { name: 'Volée' },
    });
    expect(patch.statusCode).toBe(404);
    const code = await ctx.app.inject({
      method: 'POST',
      url: `/api/classes/${klass.id}/pupils/${pupil.id}/login-code`,
      headers: h,
    });
    expect(code.statusCode).toBe(404);
    expect((await get('/api/classes', h)).json()).toEqual([]);
    const mine = await get(`/api/classes/${klass.id}`, teacher.headers);
    expect(mine.json()).toMatchObject({ name: '3e A', pupilCount: 1 });
  });

  it('renaming or changing the level of a class carries its pupils along', async () => {
    const { school, teacher, admin } = await college({ admin: true });
    const klass = await createClass(ctx, { schoolId: school.id, name: '3e A', schoolYear });
    const pupil = await createStudent(ctx, { schoolId: school.id, classId: klass.id, level: '3e' });
    const res = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/classes/${klass.id}`,
      headers: admin!.headers,
      payload: { name: '4e A', level: '4e', teacherId: teacher.id },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: '4e A', level: '4e', teacherId: teacher.id });
    const [row] = await ctx.handle.db.select().from(students).where(eq(students.userId, pupil.id));
    expect(row!.level).toBe('4e');
    const stranger = await createPerson(ctx, ['teacher']);
    const bad = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/classes/${klass.id}`,
      headers: teacher.headers,
      payload: { teacherId: stranger.id },
    });
    expect(bad.statusCode).toBe(400);
    expect(problemOf(bad).errors?.[0]?.field).toBe('body.teacherId');
  });
});

describe('follow-up', () => {
  it("computes each pupil's state this school year and the days left before the stage weeks", async () => {
    const { school, teacher } = await college();
    const klass = await createClass(ctx, {
      schoolId: school.id,
      name: '3e F',
      schoolYear,
      teacherId: teacher.id,
    });
    const names = ['Ana', 'Bilal', 'Chloé', 'Driss', 'Emma', 'Fanny', 'Gaël'];
    const pupils = [];
    for (const [i, first] of names.entries()) {
      pupils.push(
        await createStudent(ctx, {
          schoolId: school.id,
          classId: klass.id,
          firstName: first,
          lastName: `Z${i}`,
        }),
      );
    }
    const company = await createCompany(ctx, { name: 'Boulangerie Suivi' });
    const { offer, periods } = await createOffer(ctx, {
      companyId: company.id,
      title: 'Découvrir la boulangerie',
      periods: [
        { startDate: `${schoolYear + 1}-01-18`, endDate: `${schoolYear + 1}-01-22` },
        { startDate: `${schoolYear}-03-02`, endDate: `${schoolYear}-03-06` },
      ],
    });
    const [thisYear, lastYear] = periods;
    const apply = async (studentId: string, status: string, periodId = thisYear!.id) => {
      const [row] = await ctx.handle.db
        .insert(applications)
        .values({ offerId: offer.id, periodId, studentId, status: status as 'submitted' })
        .returning();
      return row!;
    };
    await apply(pupils[1]!.id, 'submitted');
    await apply(pupils[2]!.id, 'accepted');
    await apply(pupils[3]!.id, 'confirmed');
    const signed = await apply(pupils[4]!.id, 'confirmed');
    await ctx.handle.db.insert(agreements).values({
      applicationId: signed.id,
      schoolId: school.id,
      companyId: company.id,
      studentId: pupils[4]!.id,
      status: 'signed',
      teachingAnnex: {
        referentTeacherName: '',
        tutorName: 'T',
        tutorRole: '',
        startDate: thisYear!.startDate,
        endDate: thisYear!.endDate,
        dailyHours: [],
        objectives: '',
      },
      practicalAnnex: { meals: '', travel: '', insurance: '' },
    });
    await apply(pupils[5]!.id, 'rejected');
    await apply(pupils[6]!.id, 'confirmed', lastYear!.id);
    await ctx.handle.db.insert(stageWeeks).values([
      { schoolId: school.id, level: '3e', startDate: inDays(-30), endDate: inDays(-26) },
      { schoolId: school.id, level: '3e', startDate: inDays(12), endDate: inDays(16) },
      { schoolId: school.id, level: '4e', startDate: inDays(5), endDate: inDays(9) },
    ]);

    const res = await get(`/api/classes/${klass.id}/follow-up`, teacher.headers);
    expect(res.statusCode).toBe(200);
    const body = res.json<ClassFollowUp>();
    expect(
      body.pupils.map((p) => [p.firstName, p.state, p.applications, p.liveApplications]),
    ).toEqual([
      ['Ana', 'none', 0, 0],
      ['Bilal', 'applied', 1, 1],
      ['Chloé', 'accepted', 1, 1],
      ['Driss', 'confirmed', 1, 0],
      ['Emma', 'signed', 1, 0],
      ['Fanny', 'none', 1, 0],
      ['Gaël', 'none', 0, 0],
    ]);
    expect(body.pupils[3]!.stage).toEqual({
      offerTitle: 'Découvrir la boulangerie',
      companyName: 'Boulangerie Suivi',
      startDate: `${schoolYear + 1}-01-18`,
      endDate: `${schoolYear + 1}-01-22`,
    });
    expect(body.counts).toEqual({ signed: 1, confirmed: 1, accepted: 1, applied: 1, none: 3 });
    expect(body.withoutStage).toBe(5);
    expect(body.nextStageWeek).toMatchObject({ level: '3e', startDate: inDays(12) });
    expect(body.daysLeft).toBe(12);
    expect(body.class).toMatchObject({ pupilCount: 7, placedCount: 2 });
  });

  it('reminds the class teacher (if still at the school) once per threshold while pupils have no stage, in the app and by e-mail', async () => {
    const { school, teacher } = await college();
    const klass = await createClass(ctx, {
      schoolId: school.id,
      name: '3e R',
      schoolYear,
      teacherId: teacher.id,
    });
    await createStudent(ctx, { schoolId: school.id, classId: klass.id });
    await createStudent(ctx, { schoolId: school.id, classId: klass.id });
    // A class whose teacher has left the school: nobody there to remind.
    const gone = await createPerson(ctx, ['teacher']);
    const orphan = await createClass(ctx, {
      schoolId: school.id,
      name: '3e S',
      schoolYear,
      teacherId: gone.id,
    });
    await createStudent(ctx, { schoolId: school.id, classId: orphan.id });
    await ctx.handle.db
      .insert(stageWeeks)
      .values({ schoolId: school.id, level: '3e', startDate: inDays(10), endDate: inDays(14) });
    const webUrl = 'https://tremplin.example';
    expect(await remindUnplacedPupils(ctx.handle.db, { now: new Date(), webUrl })).toEqual({
      sent: 1,
    });
    expect(await remindUnplacedPupils(ctx.handle.db, { now: new Date(), webUrl })).toEqual({
      sent: 0,
    });
    const [note] = await ctx.handle.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, teacher.id));
    expect(note).toMatchObject({
      kind: 'class.unplaced',
      link: `/classes/${klass.id}`,
      data: expect.objectContaining({ unplaced: 2, daysLeft: 10, threshold: 14 }),
    });
    const mails = await ctx.handle.db.select().from(emailOutbox);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toMatch(/3e R : 2 élève\(s\) sans stage à 10 jours/);
    expect(mails[0]!.bodyText).toContain(`${webUrl}/classes/${klass.id}`);
    const later = new Date(Date.now() + 4 * DAY);
    expect(await remindUnplacedPupils(ctx.handle.db, { now: later, webUrl })).toEqual({ sent: 1 });
  });
});

describe('sign-in codes', () => {
  it('prints one block per pupil with name, class and code, ten to a page', async () => {
    const { teacher } = await college();
    const names = Array.from(
      { length: 12 },
      (_, i) => `Prénom${String.fromCharCode(65 + i)} NOM${String.fromCharCode(65 + i)}`,
    );
    const classId = await importPupils(teacher.headers, '3e P', names);
    const res = await get(`/api/classes/${classId}/sign-in-sheet`, teacher.headers);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="codes-3e-P\.pdf"/);
    const pdf = await PDFDocument.load(res.rawPayload);
    expect(pdf.getPageCount()).toBe(2);
    const text = pdfText(res.rawPayload);
    const codes = await ctx.handle.db.select({ code: users.loginCode }).from(users);
    for (const { code } of codes.filter((c) => c.code)) expect(text).toContain(code);
    expect(text).toContain('PrénomA NOMA');
    expect(text).toContain('Classe : 3e P');
    expect(text).toMatch(/Va sur http:\/\/localhost:3000\/premiere-connexion/);
  });

  it('prints names outside Windows-1252 without failing', async () => {
    const { school, teacher } = await college();
    const klass = await createClass(ctx, { schoolId: school.id, name: '3e W', schoolYear });
    const [user] = await ctx.handle.db
      .insert(users)
      .values({ displayName: 'x', loginCode: 'TRM-2345-6789' })
      .returning();
    await ctx.handle.db.insert(students).values({
      userId: user!.id,
      schoolId: school.id,
      classId: klass.id,
      level: '3e',
      firstName: 'Łukasz',
      lastName: 'Nguyễn 李',
    });
    const res = await get(`/api/classes/${klass.id}/sign-in-sheet`, teacher.headers);
    expect(res.statusCode).toBe(200);
    expect(pdfText(res.rawPayload)).toContain('Lukasz Nguyen ?');
  });

  it('a new code replaces the lost one, clears the password, ends sessions, and is audited', async () => {
    const { teacher } = await college();
    const classId = await importPupils(teacher.headers, '3e N', ['Yanis BOUAZIZ']);
    const [pupil] = await ctx.handle.db
      .select()
      .from(users)
      .where(eq(users.displayName, 'Yanis BOUAZIZ'));
    const oldCode = pupil!.loginCode!;
    const activated = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/activate',
      payload: { login: oldCode, password: TEST_PASSWORD },
    });
    const oldToken = activated.json().token as string;
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/classes/${classId}/pupils/${pupil!.id}/login-code`,
      headers: teacher.headers,
    });
    expect(res.statusCode).toBe(200);
    const newCode = res.json().loginCode as string;
    expect(newCode).not.toBe(oldCode);
    expect((await get('/api/me', { authorization: `Bearer ${oldToken}` })).statusCode).toBe(401);
    const oldLogin = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { login: oldCode, password: TEST_PASSWORD },
    });
    expect(oldLogin.statusCode).toBe(401);
    const again = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/activate',
      payload: { login: newCode, password: 'Nouveau-mot-2027' },
    });
    expect(again.statusCode).toBe(200);
    const audit = await ctx.handle.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.action, 'pupil.login_code_reissued'), eq(auditLog.subjectId, pupil!.id)),
      );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorId).toBe(teacher.id);
  });

  it('refuses a new code for a pupil who signs in with an e-mail (409)', async () => {
    const { school, teacher } = await college();
    const klass = await createClass(ctx, { schoolId: school.id, name: '3e E', schoolYear });
    const pupil = await createStudent(ctx, { schoolId: school.id, classId: klass.id });
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/classes/${klass.id}/pupils/${pupil.id}/login-code`,
      headers: teacher.headers,
    });
    expect(res.statusCode).toBe(409);
    expect(problemOf(res).code).toBe('pupil.has_email');
    const login = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { login: pupil.email, password: TEST_PASSWORD },
    });
    expect(login.statusCode).toBe(200);
  });
});

describe('stage weeks', () => {
  const week = { level: '3e', startDate: '2027-01-18', endDate: '2027-01-22' };
  const post = (schoolId: string, headers: Record<string, string>, payload: object) =>
    ctx.app.inject({
      method: 'POST',
      url: `/api/schools/${schoolId}/stage-weeks`,
      headers,
      payload,
    });

  it("the head declares them; the school's teachers read them but may not write", async () => {
    const { school, teacher, admin } = await college({ admin: true });
    const created = await post(school.id, admin!.headers, week);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ ...week, schoolYear: 2026 });
    const refused = await post(school.id, teacher.headers, {
      level: '3e',
      startDate: '2027-02-01',
      endDate: '2027-02-05',
    });
    expect(refused.statusCode).toBe(403);
    const read = await get(`/api/schools/${school.id}/stage-weeks`, teacher.headers);
    expect(read.json()).toEqual({ canEdit: false, weeks: [expect.objectContaining(week)] });
    expect(
      (await get(`/api/schools/${school.id}/stage-weeks`, admin!.headers)).json().canEdit,
    ).toBe(true);
  });

  it('a teacher declares them while the school has no head on the platform', async () => {
    const { school, teacher } = await college();
    const res = await post(school.id, teacher.headers, week);
    expect(res.statusCode).toBe(201);
    const del = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/schools/${school.id}/stage-weeks/${res.json().id}`,
      headers: teacher.headers,
    });
    expect(del.statusCode).toBe(200);
    expect(await ctx.handle.db.select().from(stageWeeks)).toEqual([]);
  });

  it('refuses school holidays, 2de outside June, reversed or overlapping dates, naming the field', async () => {
    const { school, admin } = await college({ admin: true });
    const holidays = await post(school.id, admin!.headers, {
      level: '3e',
      startDate: '2026-12-21',
      endDate: '2026-12-24',
    });
    expect(holidays.statusCode).toBe(400);
    expect(problemOf(holidays).errors?.[0]).toMatchObject({
      field: 'body.startDate',
      code: 'stage_week.holidays',
      message: expect.stringMatching(/vacances de Noël/),
    });
    const reversed = await post(school.id, admin!.headers, {
      level: '3e',
      startDate: '2027-01-22',
      endDate: '2027-01-18',
    });
    expect(problemOf(reversed).errors?.[0]?.field).toBe('body.endDate');
    const lycee = await createSchool(ctx, { kind: 'lycee_gt' });
    const head = await createTeacher(ctx, lycee.id, 'school_admin');
    const march = await post(lycee.id, head.headers, {
      level: '2de',
      startDate: '2027-03-08',
      endDate: '2027-03-12',
    });
    expect(problemOf(march).errors?.[0]).toMatchObject({
      field: 'body.startDate',
      code: 'stage_week.june',
    });
    const june = await post(lycee.id, head.headers, {
      level: '2de',
      startDate: '2027-06-14',
      endDate: '2027-06-25',
    });
    expect(june.statusCode).toBe(201);
    expect((await post(school.id, admin!.headers, week)).statusCode).toBe(201);
    const overlap = await post(school.id, admin!.headers, {
      level: '3e',
      startDate: '2027-01-20',
      endDate: '2027-01-26',
    });
    expect(overlap.statusCode).toBe(409);
    expect(await ctx.handle.db.select().from(stageWeeks)).toHaveLength(2);
  });

  it("answers 404 to another school's teacher, and shows a pupil their own level's weeks", async () => {
    const { school, admin } = await college({ admin: true });
    await post(school.id, admin!.headers, week);
    await post(school.id, admin!.headers, {
      level: '4e',
      startDate: '2027-03-01',
      endDate: '2027-03-05',
    });
    const other = await college();
    expect(
      (await get(`/api/schools/${school.id}/stage-weeks`, other.teacher.headers)).statusCode,
    ).toBe(404);
    const del = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/schools/${school.id}/stage-weeks/${(await ctx.handle.db.select().from(stageWeeks))[0]!.id}`,
      headers: other.teacher.headers,
    });
    expect(del.statusCode).toBe(404);
    const pupil = await createStudent(ctx, { schoolId: school.id, level: '3e' });
    const mine = await get('/api/students/me/stage-weeks', pupil.headers);
    expect(mine.json()).toEqual([
      expect.objectContaining({ level: '3e', startDate: '2027-01-18' }),
    ]);
    expect((await get(`/api/schools/${school.id}/stage-weeks`, pupil.headers)).statusCode).toBe(
      200,
    );
  });
});

describe('pupil profile', () => {
  it('a pupil who signed up alone chooses school, level, commune, interests and guardian', async () => {
    const pupil = await createPerson(ctx, ['student'], 'Sami Benali');
    const blank = await get('/api/students/me', pupil.headers);
    expect(blank.json()).toMatchObject({
      firstName: 'Sami',
      lastName: 'Benali',
      school: null,
      managedBySchool: false,
      missing: expect.arrayContaining(['school', 'level', 'homeCommune', 'guardianEmail']),
    });
    const lycee = await createSchool(ctx, { kind: 'lycee_gt', name: 'Lycée Profil' });
    const res = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/students/me',
      headers: pupil.headers,
      payload: {
        schoolId: lycee.id,
        level: '2de',
        birthDate: `${schoolYear - 15}-04-02`,
        homeCommuneCode: '94081',
        interests: ['D1102', 'M1805'],
        needsAccessibility: true,
        guardianName: ' Nadia  Benali ',
        guardianEmail: 'Nadia.Benali@Example.test',
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<StudentProfile>()).toMatchObject({
      school: { id: lycee.id, name: 'Lycée Profil', kind: 'lycee_gt' },
      level: '2de',
      homeCommune: { code: '94081', name: 'Vitry-sur-Seine' },
      interests: [
        { code: 'D1102', label: expect.any(String) },
        { code: 'M1805', label: expect.any(String) },
      ],
      needsAccessibility: true,
      guardianName: 'Nadia Benali',
      guardianEmail: 'nadia.benali@example.test',
      missing: [],
    });
  });

  it('refuses a commune outside the département, an unknown trade and a level the school lacks', async () => {
    const pupil = await createPerson(ctx, ['student']);
    const lycee = await createSchool(ctx, { kind: 'lycee_gt' });
    const patch = (payload: object) =>
      ctx.app.inject({ method: 'PATCH', url: '/api/students/me', headers: pupil.headers, payload });
    const paris = await patch({ homeCommuneCode: '75056' });
    expect(problemOf(paris).errors?.[0]).toMatchObject({
      field: 'body.homeCommuneCode',
      code: 'commune.unknown',
    });
    const trade = await patch({ interests: ['A9999'] });
    expect(problemOf(trade).errors?.[0]).toMatchObject({
      field: 'body.interests',
      code: 'trade.unknown',
    });
    const level = await patch({ schoolId: lycee.id, level: '3e' });
    expect(problemOf(level).errors?.[0]).toMatchObject({
      field: 'body.level',
      code: 'level.school',
    });
    const [row] = await ctx.handle.db.select().from(students).where(eq(students.userId, pupil.id));
    expect(row).toBeUndefined();
  });

  it('a pupil of a class completes their profile but cannot change what the school set', async () => {
    const { school, teacher } = await college();
    const klass = await createClass(ctx, { schoolId: school.id, name: '3e M', schoolYear });
    const pupil = await createStudent(ctx, {
      schoolId: school.id,
      classId: klass.id,
      guardianName: null,
      guardianEmail: null,
    });
    const other = await createSchool(ctx);
    const refused = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/students/me',
      headers: pupil.headers,
      payload: { schoolId: other.id, guardianName: 'Paul Parent' },
    });
    expect(refused.statusCode).toBe(400);
    expect(problemOf(refused).errors?.[0]).toMatchObject({
      field: 'body.schoolId',
      code: 'profile.school_managed',
    });
    const ok = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/students/me',
      headers: pupil.headers,
      payload: {
        guardianName: 'Paul Parent',
        guardianEmail: 'paul@example.test',
        schoolId: school.id,
      },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      school: { id: school.id },
      class: { id: klass.id, name: '3e M' },
      guardianName: 'Paul Parent',
      managedBySchool: true,
    });
    const seen = await get(`/api/students/${pupil.id}`, teacher.headers);
    expect(seen.json()).toMatchObject({
      guardianEmail: 'paul@example.test',
      class: { name: '3e M' },
    });
  });

  it('a teacher puts a pupil who chose the school into a class', async () => {
    const { school, teacher } = await college();
    const klass = await createClass(ctx, {
      schoolId: school.id,
      name: '4e C',
      level: '4e',
      schoolYear,
    });
    const pupil = await createStudent(ctx, { schoolId: school.id, level: '3e' });
    const list = await get(`/api/schools/${school.id}/unassigned-pupils`, teacher.headers);
    expect(list.json()).toEqual([expect.objectContaining({ userId: pupil.id })]);
    const res = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/students/${pupil.id}`,
      headers: teacher.headers,
      payload: { classId: klass.id },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      class: { id: klass.id },
      level: '4e',
      managedBySchool: true,
    });
    const elsewhere = await college();
    const foreign = await createClass(ctx, {
      schoolId: elsewhere.school.id,
      name: '3e X',
      schoolYear,
    });
    const bad = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/students/${pupil.id}`,
      headers: teacher.headers,
      payload: { classId: foreign.id },
    });
    expect(problemOf(bad).errors?.[0]?.field).toBe('body.classId');
    expect(
      (await get(`/api/schools/${school.id}/unassigned-pupils`, teacher.headers)).json(),
    ).toEqual([]);
  });

  it('days left are counted in calendar days', () => {
    expect(daysBetween('2026-11-26', '2027-01-18')).toBe(53);
  });
});
