import { describe, expect, it } from 'vitest';
import { uaiCheckLetter } from '@tremplin/contracts';
import { createOperator, problemOf, registerPerson, setupApp } from './helper.js';

const ctx = setupApp();

const uai = (n: number) => {
  const digits = `09480${String(n).padStart(2, '0')}`;
  return digits + uaiCheckLetter(digits);
};

async function createSchool(
  headers: Record<string, string>,
  overrides: Record<string, unknown> = {},
) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/schools',
    headers,
    payload: {
      uai: uai(1),
      name: 'Collège Test',
      kind: 'college',
      communeCode: '94028',
      priority: 'rep',
      ...overrides,
    },
  });
  return res;
}

describe('companies', () => {
  const company = {
    siret: '732 829 320 00074',
    name: 'Boulangerie Test',
    nafCode: '1071C',
    sizeBand: 'tpe',
    communeCode: '94028',
  };

  it('an employer creates a company by SIRET and becomes its employer member', async () => {
    const employer = await registerPerson(ctx.app, { role: 'employer' });
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/companies',
      headers: employer.headers,
      payload: company,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      siret: '73282932000074',
      nafCode: '10.71C',
      communeName: 'Créteil',
    });
    const me = (
      await ctx.app.inject({ method: 'GET', url: '/api/me', headers: employer.headers })
    ).json();
    expect(me.companyMemberships).toEqual([
      expect.objectContaining({
        companyName: 'Boulangerie Test',
        role: 'employer',
        status: 'active',
      }),
    ]);
  });

  it('refuses an invalid SIRET saying the check digit is wrong', async () => {
    const employer = await registerPerson(ctx.app, { role: 'employer' });
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/companies',
      headers: employer.headers,
      payload: { ...company, siret: '73282932000075' },
    });
    expect(res.statusCode).toBe(400);
    expect(problemOf(res).errors).toEqual([
      {
        field: 'body.siret',
        code: 'siret.invalid',
        message: expect.stringMatching(/clé de contrôle/),
      },
    ]);
  });

  it('refuses a second company with the same SIRET (409) and a commune outside the département (400)', async () => {
    const employer = await registerPerson(ctx.app, { role: 'employer' });
    await ctx.app.inject({
      method: 'POST',
      url: '/api/companies',
      headers: employer.headers,
      payload: company,
    });
    const again = await ctx.app.inject({
      method: 'POST',
      url: '/api/companies',
      headers: employer.headers,
      payload: company,
    });
    expect(again.statusCode).toBe(409);
    const paris = await ctx.app.inject({
      method: 'POST',
      url: '/api/companies',
      headers: employer.headers,
      payload: { ...company, siret: '44306184100047', communeCode: '75056' },
    });
    expect(paris.statusCode).toBe(400);
    expect(problemOf(paris).errors?.[0]?.field).toBe('body.communeCode');
  });

  it('a student cannot create a company (403)', async () => {
    const student = await registerPerson(ctx.app, { role: 'student' });
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/companies',
      headers: student.headers,
      payload: company,
    });
    expect(res.statusCode).toBe(403);
  });

  it('a mentor asks to join a company; its employer approves; another employer cannot', async () => {
    const employer = await registerPerson(ctx.app, { role: 'employer' });
    const created = (
      await ctx.app.inject({
        method: 'POST',
        url: '/api/companies',
        headers: employer.headers,
        payload: company,
      })
    ).json();
    const mentor = await registerPerson(ctx.app, { role: 'mentor' });
    const ask = await ctx.app.inject({
      method: 'POST',
      url: `/api/companies/${created.id}/join-requests`,
      headers: mentor.headers,
      payload: { role: 'mentor' },
    });
    expect(ask.statusCode).toBe(201);
    const stranger = await registerPerson(ctx.app, { role: 'employer' });
    expect(
      (
        await ctx.app.inject({
          method: 'GET',
          url: '/api/join-requests',
          headers: stranger.headers,
        })
      ).json(),
    ).toEqual([]);
    const [request] = (
      await ctx.app.inject({
        method: 'GET',
        url: '/api/join-requests?status=pending',
        headers: employer.headers,
      })
    ).json();
    expect(request).toMatchObject({ kind: 'company', role: 'mentor', status: 'pending' });
    const denied = await ctx.app.inject({
      method: 'POST',
      url: `/api/join-requests/company/${request.id}/approve`,
      headers: stranger.headers,
    });
    expect(denied.statusCode).toBe(404);
    const approved = await ctx.app.inject({
      method: 'POST',
      url: `/api/join-requests/company/${request.id}/approve`,
      headers: employer.headers,
    });
    expect(approved.statusCode).toBe(200);
    const me = (
      await ctx.app.inject({ method: 'GET', url: '/api/me', headers: mentor.headers })
    ).json();
    expect(me.companyMemberships[0]).toMatchObject({ role: 'mentor', status: 'active' });
  });
});

describe('schools and join requests', () => {
  it('only an operator adds a school; the UAI check letter is verified', async () => {
    const operator = await createOperator(ctx);
    const teacher = await registerPerson(ctx.app, { role: 'teacher' });
    expect((await createSchool(teacher.headers)).statusCode).toBe(403);
    const wrong = await createSchool(operator.headers, {
      uai: '0948001A' === uai(1) ? '0948001B' : '0948001A',
    });
    expect(wrong.statusCode).toBe(400);
    expect(problemOf(wrong).errors?.[0]).toMatchObject({ field: 'body.uai', code: 'uai.invalid' });
    const ok = await createSchool(operator.headers);
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ uai: uai(1), priority: 'rep', communeName: 'Créteil' });
    expect((await createSchool(operator.headers)).statusCode).toBe(409);
  });

  it('a teacher asks to join; the school_admin of that school approves; the teacher sees it active', async () => {
    const operator = await createOperator(ctx);
    const school = (await createSchool(operator.headers)).json();
    const otherSchool = (
      await createSchool(operator.headers, { uai: uai(2), name: 'Autre collège' })
    ).json();
    // The head of school is approved by the operator, then decides for their own school only.
    const head = await registerPerson(ctx.app, { role: 'teacher' });
    await ctx.app.inject({
      method: 'POST',
      url: `/api/schools/${school.id}/join-requests`,
      headers: head.headers,
      payload: { role: 'school_admin' },
    });
    const [headRequest] = (
      await ctx.app.inject({
        method: 'GET',
        url: '/api/join-requests?status=pending',
        headers: operator.headers,
      })
    ).json();
    expect(
      (
        await ctx.app.inject({
          method: 'POST',
          url: `/api/join-requests/school/${headRequest.id}/approve`,
          headers: operator.headers,
        })
      ).statusCode,
    ).toBe(200);
    const headMe = (
      await ctx.app.inject({ method: 'GET', url: '/api/me', headers: head.headers })
    ).json();
    expect(headMe.user.roles).toContain('school_admin');

    const teacher = await registerPerson(ctx.app, { role: 'teacher' });
    const elsewhere = await registerPerson(ctx.app, { role: 'teacher' });
    for (const [who, target] of [
      [teacher, school],
      [elsewhere, otherSchool],
    ] as const) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: `/api/schools/${target.id}/join-requests`,
        headers: who.headers,
        payload: { role: 'teacher' },
      });
      expect(res.statusCode).toBe(201);
    }
    const visible = (
      await ctx.app.inject({
        method: 'GET',
        url: '/api/join-requests?status=pending',
        headers: head.headers,
      })
    ).json();
    // The head sees their own school's request only, not the other school's.
    expect(visible).toHaveLength(1);
    expect(visible[0]).toMatchObject({ organisationId: school.id, userId: teacher.id });
    const approve = await ctx.app.inject({
      method: 'POST',
      url: `/api/join-requests/school/${visible[0].id}/approve`,
      headers: head.headers,
    });
    expect(approve.statusCode).toBe(200);
    const again = await ctx.app.inject({
      method: 'POST',
      url: `/api/join-requests/school/${visible[0].id}/approve`,
      headers: head.headers,
    });
    expect(again.statusCode).toBe(404);
    const me = (
      await ctx.app.inject({ method: 'GET', url: '/api/me', headers: teacher.headers })
    ).json();
    expect(me.schoolMemberships).toEqual([
      expect.objectContaining({ schoolId: school.id, role: 'teacher', status: 'active' }),
    ]);
  });

  it('a student cannot ask to join a school as a teacher', async () => {
    const operator = await createOperator(ctx);
    const school = (await createSchool(operator.headers)).json();
    const student = await registerPerson(ctx.app, { role: 'student' });
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/schools/${school.id}/join-requests`,
      headers: student.headers,
      payload: { role: 'teacher' },
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('school directory import', () => {
  const header =
    'identifiant_de_l_etablissement;nom_etablissement;type_etablissement;code_commune;latitude;longitude;appartenance_education_prioritaire';

  it('imports good lines, updates known UAIs, and reports each rejected line with its reason', async () => {
    const operator = await createOperator(ctx);
    const csv = [
      header,
      `${uai(10)};Collège Pablo Neruda;Collège;94028;48.78;2.45;REP+`,
      `${uai(11)};Lycée professionnel Jean Macé;Lycée;94081;48.79;2.39;`,
      `${uai(12)};Collège Sans Lettre;Collège;94028;48.78;2.45;REP`.replace(/[A-Z];/, 'Q;'),
      `${uai(13)};École maternelle;Ecole;94028;48.78;2.45;`,
      `${uai(14)};Collège Parisien;Collège;75056;48.85;2.35;`,
      `${uai(10)};Collège Pablo Neruda bis;Collège;94028;48.78;2.45;REP+`,
      `${uai(15)};Collège Mal Placé;Collège;94028;abc;2.45;`,
    ].join('\r\n');
    const dry = await ctx.app.inject({
      method: 'POST',
      url: '/api/schools/import',
      headers: operator.headers,
      payload: { csv, dryRun: true },
    });
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, read: 7, created: 0, updated: 0 });
    expect(
      (
        await ctx.app.inject({ method: 'GET', url: '/api/schools', headers: operator.headers })
      ).json(),
    ).toEqual([]);

    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/schools/import',
      headers: operator.headers,
      payload: { csv },
    });
    const report = res.json();
    expect(report).toMatchObject({ dryRun: false, read: 7, created: 2, updated: 0 });
    expect(report.rejected.map((r: { line: number }) => r.line)).toEqual([4, 5, 6, 7, 8]);
    expect(report.rejected[0].reason).toMatch(/lettre de contrôle/);
    expect(report.rejected[1].reason).toMatch(/type « Ecole » non pris en charge/);
    expect(report.rejected[2].reason).toMatch(/75056 n'est pas dans le département/);
    expect(report.rejected[3].reason).toMatch(/déjà présente à la ligne 2/);
    expect(report.rejected[4].reason).toMatch(/coordonnées invalides/);

    const schools = (
      await ctx.app.inject({ method: 'GET', url: '/api/schools', headers: operator.headers })
    ).json();
    expect(
      schools.map((s: { kind: string; priority: string }) => [s.kind, s.priority]).sort(),
    ).toEqual([
      ['college', 'rep_plus'],
      ['lycee_pro', 'none'],
    ]);
    const again = await ctx.app.inject({
      method: 'POST',
      url: '/api/schools/import',
      headers: operator.headers,
      payload: { csv },
    });
    expect(again.json()).toMatchObject({ created: 0, updated: 2 });
  });

  it('says which columns are missing', async () => {
    const operator = await createOperator(ctx);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/schools/import',
      headers: operator.headers,
      payload: { csv: 'uai;nom\n0940001A;X' },
    });
    expect(res.statusCode).toBe(400);
    expect(problemOf(res).detail).toMatch(/identifiant_de_l_etablissement/);
  });

  it('is refused to a teacher', async () => {
    const teacher = await registerPerson(ctx.app, { role: 'teacher' });
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/schools/import',
      headers: teacher.headers,
      payload: { csv: header },
    });
    expect(res.statusCode).toBe(403);
  });
});
