// Pupil import from the school's software: a Windows-1252 export with errors, the preview that
// writes nothing, accounts with unique sign-in codes, a code that signs in, re-imports, moves from
// an earlier year, and refusals (other school, missing columns, wrong role).
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { PupilImportReport } from '@tremplin/contracts';
import { queryRows } from '@tremplin/db';
import { auditLog, classes, students, userRoles, users } from '@tremplin/db/schema';
import { parisToday, schoolYearOf } from '../src/modules/classes/calendar.js';
import { LOGIN_CODE_PATTERN } from '../src/modules/classes/login-code.js';
import {
  levelFromClassName,
  parseBirthDate,
  readHeader,
  repairWindows1252,
  splitFullName,
} from '../src/modules/classes/pupil-import.js';
import {
  createClass,
  createPerson,
  createSchool,
  createStudent,
  createTeacher,
} from './factories.js';
import { problemOf, setupApp } from './helper.js';

const ctx = setupApp();
const schoolYear = schoolYearOf(parisToday(new Date()));

/** Encodes text as Windows-1252, the encoding of most French school software exports. */
function windows1252(text: string): Buffer {
  const extra: Record<string, number> = { '€': 0x80, '’': 0x92, œ: 0x9c, Œ: 0x8c, '…': 0x85 };
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (extra[ch] !== undefined) bytes.push(extra[ch]);
    else if (code < 0x100) bytes.push(code);
    else throw new Error(`not in Windows-1252: ${ch}`);
  }
  return Buffer.from(bytes);
}

/** A SIECLE-style export of two 3e classes, CRLF, with the mistakes real files have. */
const SIECLE_EXPORT = [
  'NOM;PRENOM;NE(E) LE;DIVISION;SEXE',
  `BERNARD;Chloé;14/03/${schoolYear - 14};3E A;F`, // 2
  `N'DIAYE;Moussa;02/11/${schoolYear - 14};3E A;M`, // 3
  `LEFÈVRE;Zoé;30/02/${schoolYear - 14};3E A;F`, // 4: no 30 February
  `;Lucas;05/05/${schoolYear - 14};3E A;M`, // 5: no name
  `MARTIN;Léo;12/01/${schoolYear - 8};3E A;M`, // 6: 8 years old
  `BERNARD;Chloé;14/03/${schoolYear - 14};3E A;F`, // 7: same as line 2
  `CŒURDEROI;Élise;21/07/${schoolYear - 15};3E B;F`, // 8
  `GARÇON;Inès;${schoolYear - 14}-09-01;3E B;F`, // 9: ISO date
  `DUPONT;Jean;01/01/${schoolYear - 12};5E 2;M`, // 10: 5e has no stage
  '',
].join('\r\n');

async function collegeWithTeacher() {
  const school = await createSchool(ctx, { kind: 'college' });
  const teacher = await createTeacher(ctx, school.id);
  return { school, teacher };
}

async function counts() {
  const [row] = await queryRows<{ users: number; students: number; classes: number }>(
    ctx.handle.db,
    sql`select (select count(*) from users)::int as users,
          (select count(*) from students)::int as students,
          (select count(*) from classes)::int as classes`,
  );
  return row!;
}

function rawImport(headers: Record<string, string>, body: Buffer, query = '') {
  return ctx.app.inject({
    method: 'POST',
    url: `/api/classes/import/raw${query}`,
    headers: { ...headers, 'content-type': 'text/csv' },
    payload: body,
  });
}

describe('reading class lists', () => {
  it('recognises the header names of the usual exports, whatever their case and accents', () => {
    expect(readHeader(['Nom', 'Prénom', 'Date de naissance', 'Classe'])).toEqual({
      lastName: 0,
      firstName: 1,
      birthDate: 2,
      className: 3,
    });
    expect(readHeader(['NOM', 'PRENOM', 'NE(E) LE', 'DIVISION'])).toEqual({
      lastName: 0,
      firstName: 1,
      birthDate: 2,
      className: 3,
    });
    expect(readHeader(['Élève', 'Né(e) le', 'Classe'])).toEqual({
      fullName: 0,
      birthDate: 1,
      className: 2,
    });
  });

  it('puts back Œ, œ and ’ when a Windows-1252 file was decoded as ISO-8859-1', () => {
    const misread = new TextDecoder('latin1').decode(windows1252('CŒURDEROI;Chloé;l’œil'));
    expect(repairWindows1252(misread)).toBe('CŒURDEROI;Chloé;l’œil');
  });

  it('reads French and ISO dates and refuses impossible ones', () => {
    expect(parseBirthDate('14/03/2012')).toBe('2012-03-14');
    expect(parseBirthDate('4/3/2012')).toBe('2012-03-04');
    expect(parseBirthDate('14.03.2012')).toBe('2012-03-14');
    expect(parseBirthDate('2012-03-14')).toBe('2012-03-14');
    expect(parseBirthDate('14/03/2012 00:00')).toBe('2012-03-14');
    expect(parseBirthDate('30/02/2012')).toBeNull();
    expect(parseBirthDate('14/03/12')).toBeNull();
    expect(parseBirthDate('demain')).toBeNull();
  });

  it('reads the level from the class name as schools write it', () => {
    expect(levelFromClassName('3e A', 'college')).toBe('3e');
    expect(levelFromClassName('3EME2', 'college')).toBe('3e');
    expect(levelFromClassName('4E B', 'college')).toBe('4e');
    expect(levelFromClassName('5E 2', 'college')).toBeNull();
    expect(levelFromClassName('2NDE 4', 'lycee_gt')).toBe('2de');
    expect(levelFromClassName('1ERE G3', 'lycee_gt')).toBeNull();
    expect(levelFromClassName('1BAC PRO MELEC', 'lycee_pro')).toBe('pro');
    expect(levelFromClassName('3 PREPA METIERS', 'lycee_pro')).toBe('3e');
  });

  it('splits "NOM Prénom" into the family name in capitals and the first names', () => {
    expect(splitFullName('DUPONT Jean-Marie')).toEqual({
      lastName: 'DUPONT',
      firstName: 'Jean-Marie',
    });
    expect(splitFullName('DE LA TOUR Anne Sophie')).toEqual({
      lastName: 'DE LA TOUR',
      firstName: 'Anne Sophie',
    });
    expect(splitFullName('jean dupont')).toBeNull();
  });
});

describe('pupil import', () => {
  it('previews a Windows-1252 export: pupils per class, rejected lines with reasons, nothing written', async () => {
    const { school, teacher } = await collegeWithTeacher();
    await createClass(ctx, { schoolId: school.id, name: '3e A', schoolYear });
    const before = await counts();
    const res = await rawImport(teacher.headers, windows1252(SIECLE_EXPORT), '?dryRun=true');
    expect(res.statusCode).toBe(200);
    const report = res.json<PupilImportReport>();
    expect(report).toMatchObject({ dryRun: true, read: 9, created: 4, moved: 0, schoolYear });
    expect(report.classes).toEqual([
      { id: expect.any(String), name: '3e A', level: '3e', existing: true, pupils: 2 },
      { id: null, name: '3E B', level: '3e', existing: false, pupils: 2 },
    ]);
    expect(report.pupils.map((p) => `${p.firstName} ${p.lastName} → ${p.className}`)).toEqual([
      'Chloé BERNARD → 3e A',
      "Moussa N'DIAYE → 3e A",
      'Élise CŒURDEROI → 3E B',
      'Inès GARÇON → 3E B',
    ]);
    expect(report.rejected.map((r) => r.line)).toEqual([4, 5, 6, 7, 10]);
    const reason = (line: number) => report.rejected.find((r) => r.line === line)!.reason;
    expect(reason(4)).toMatch(/Zoé LEFÈVRE : date de naissance « 30\/02\/\d{4} » illisible/);
    expect(reason(5)).toMatch(/le nom est manquant/);
    expect(reason(6)).toMatch(/Léo MARTIN : né\(e\) le .* trop jeune pour une classe de 3e/);
    expect(reason(7)).toMatch(/en double dans le fichier \(déjà à la ligne 2\)/);
    expect(reason(10)).toMatch(/classe « 5E 2 » : niveau non reconnu/);
    expect(await counts()).toEqual(before);
  });

  it('imports in one go: accounts without e-mail with unique codes, school records, the new class', async () => {
    const { school, teacher } = await collegeWithTeacher();
    const existing = await createClass(ctx, { schoolId: school.id, name: '3e A', schoolYear });
    const res = await rawImport(teacher.headers, windows1252(SIECLE_EXPORT));
    expect(res.statusCode).toBe(200);
    const report = res.json<PupilImportReport>();
    expect(report).toMatchObject({ dryRun: false, created: 4, moved: 0 });
    expect(report.rejected).toHaveLength(5);
    const newClass = report.classes.find((c) => c.name === '3E B')!;
    expect(newClass).toMatchObject({ existing: false, id: expect.any(String) });

    const rows = await ctx.handle.db
      .select({
        id: users.id,
        email: users.email,
        loginCode: users.loginCode,
        passwordHash: users.passwordHash,
        displayName: users.displayName,
        classId: students.classId,
        schoolId: students.schoolId,
        level: students.level,
        birthDate: students.birthDate,
      })
      .from(students)
      .innerJoin(users, eq(users.id, students.userId));
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(row.email).toBeNull();
      expect(row.passwordHash).toBeNull();
      expect(row.loginCode).toMatch(LOGIN_CODE_PATTERN);
      expect(row).toMatchObject({ schoolId: school.id, level: '3e' });
    }
    expect(new Set(rows.map((r) => r.loginCode)).size).toBe(4);
    const ines = rows.find((r) => r.displayName === 'Inès GARÇON')!;
    expect(ines).toMatchObject({ classId: newClass.id, birthDate: `${schoolYear - 14}-09-01` });
    expect(rows.find((r) => r.displayName === 'Chloé BERNARD')!.classId).toBe(existing.id);
    const roles = await ctx.handle.db.select().from(userRoles).where(eq(userRoles.userId, ines.id));
    expect(roles.map((r) => r.role)).toEqual(['student']);
    const [created] = await ctx.handle.db
      .select()
      .from(classes)
      .where(eq(classes.id, newClass.id!));
    expect(created).toMatchObject({
      schoolId: school.id,
      level: '3e',
      schoolYear,
      teacherId: teacher.id,
    });
    const audit = await ctx.handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'pupils.imported'));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.data).toMatchObject({ created: 4, moved: 0, rejected: 5 });
  });

  it('gives codes that work at the first sign-in, then as the sign-in name with the password', async () => {
    const { teacher } = await collegeWithTeacher();
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/classes/import',
      headers: teacher.headers,
      payload: {
        csv: `Nom;Prénom;Date de naissance;Classe\nDIALLO;Awa;01/02/${schoolYear - 14};3e C\n`,
      },
    });
    expect(res.statusCode).toBe(200);
    const [row] = await ctx.handle.db
      .select({ code: users.loginCode })
      .from(users)
      .where(sql`${users.email} is null`);
    const code = row!.code!;
    const activate = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/activate',
      payload: { login: code, password: 'Awa-stage-2027' },
    });
    expect(activate.statusCode).toBe(200);
    expect(activate.json().user).toMatchObject({ displayName: 'Awa DIALLO', roles: ['student'] });
    const login = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { login: code.toLowerCase(), password: 'Awa-stage-2027' },
    });
    expect(login.statusCode).toBe(200);
    const profile = await ctx.app.inject({
      method: 'GET',
      url: '/api/students/me',
      headers: { authorization: `Bearer ${login.json().token}` },
    });
    expect(profile.json()).toMatchObject({
      firstName: 'Awa',
      lastName: 'DIALLO',
      class: { name: '3e C' },
      level: '3e',
      managedBySchool: true,
    });
  });

  it('refuses on a second import the pupils already in the class, and adds only the new ones', async () => {
    const { teacher } = await collegeWithTeacher();
    const csv = `Nom,Prénom,Date de naissance,Classe\nPETIT,Hugo,03/04/${schoolYear - 14},3e D\n`;
    await ctx.app.inject({
      method: 'POST',
      url: '/api/classes/import',
      headers: teacher.headers,
      payload: { csv },
    });
    const again = await ctx.app.inject({
      method: 'POST',
      url: '/api/classes/import',
      headers: teacher.headers,
      payload: { csv: `${csv}ROUX,Lina,09/10/${schoolYear - 14},3e D\n` },
    });
    expect(again.statusCode).toBe(200);
    const report = again.json<PupilImportReport>();
    expect(report.created).toBe(1);
    expect(report.rejected).toEqual([
      { line: 2, reason: 'Hugo PETIT : déjà dans la classe 3e D.' },
    ]);
    expect((await counts()).students).toBe(2);
  });

  it('moves a pupil of an earlier year into their new class, keeping their account and code', async () => {
    const { school, teacher } = await collegeWithTeacher();
    const old = await createClass(ctx, {
      schoolId: school.id,
      name: '4e A',
      level: '4e',
      schoolYear: schoolYear - 1,
    });
    const pupil = await createStudent(ctx, {
      schoolId: school.id,
      classId: old.id,
      level: '4e',
      firstName: 'Nina',
      lastName: 'Roche',
      birthDate: `${schoolYear - 14}-05-06`,
    });
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/classes/import',
      headers: teacher.headers,
      payload: { csv: `Nom;Prénom;Né(e) le;Classe\nROCHE;Nina;06/05/${schoolYear - 14};3e A\n` },
    });
    expect(res.json()).toMatchObject({ created: 0, moved: 1, pupils: [{ action: 'move' }] });
    const [row] = await ctx.handle.db.select().from(students).where(eq(students.userId, pupil.id));
    expect(row).toMatchObject({ level: '3e', firstName: 'Nina' });
    expect(row!.classId).not.toBe(old.id);
  });

  it('imports into a chosen class a file without a class column', async () => {
    const { school, teacher } = await collegeWithTeacher();
    const target = await createClass(ctx, {
      schoolId: school.id,
      name: '4e B',
      level: '4e',
      schoolYear,
    });
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/classes/import',
      headers: teacher.headers,
      payload: {
        classId: target.id,
        csv: `Nom;Prénom;Date de naissance\nFAURE;Tom;11/11/${schoolYear - 13}\nBLANC;Eva;01/01/${schoolYear - 19}\n`,
      },
    });
    expect(res.statusCode).toBe(200);
    const report = res.json<PupilImportReport>();
    expect(report.pupils).toEqual([
      expect.objectContaining({ lastName: 'FAURE', className: '4e B', level: '4e' }),
    ]);
    expect(report.rejected[0]!.reason).toMatch(
      /Eva BLANC : .* trop âgé\(e\) pour une classe de 4e/,
    );
  });

  it('refuses a file without the needed columns, naming the field and the columns', async () => {
    const { teacher } = await collegeWithTeacher();
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/classes/import',
      headers: teacher.headers,
      payload: { csv: 'Nom;Classe\nDUPONT;3e A\n' },
    });
    expect(res.statusCode).toBe(400);
    const problem = problemOf(res);
    expect(problem.code).toBe('import.columns');
    expect(problem.errors).toEqual([
      expect.objectContaining({
        field: 'body.csv',
        message: expect.stringMatching(/Prénom, Date de naissance/),
      }),
    ]);
  });

  it('answers 404 to a teacher of another school importing into a class, and 403 to a pupil', async () => {
    const { school } = await collegeWithTeacher();
    const target = await createClass(ctx, { schoolId: school.id, name: '3e Z', schoolYear });
    const other = await collegeWithTeacher();
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/classes/import',
      headers: other.teacher.headers,
      payload: {
        classId: target.id,
        csv: `Nom;Prénom;Date de naissance\nA;B;01/01/${schoolYear - 14}\n`,
      },
    });
    expect(res.statusCode).toBe(404);
    const pupil = await createPerson(ctx, ['student']);
    const asPupil = await ctx.app.inject({
      method: 'POST',
      url: '/api/classes/import',
      headers: pupil.headers,
      payload: { csv: 'Nom;Prénom;Date de naissance;Classe\n' },
    });
    expect(asPupil.statusCode).toBe(403);
    expect((await counts()).students).toBe(0);
  });

  it('asks which school when the teacher belongs to several, naming the field', async () => {
    const { teacher } = await collegeWithTeacher();
    const second = await createSchool(ctx);
    await ctx.handle.db.execute(
      sql`insert into school_memberships (user_id, school_id, role, status, decided_at)
          values (${teacher.id}, ${second.id}, 'teacher', 'active', now())`,
    );
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/classes/import',
      headers: teacher.headers,
      payload: { csv: `Nom;Prénom;Date de naissance;Classe\nA;B;01/01/${schoolYear - 14};3e A\n` },
    });
    expect(res.statusCode).toBe(400);
    expect(problemOf(res).errors?.[0]?.field).toBe('body.schoolId');
  });
});
