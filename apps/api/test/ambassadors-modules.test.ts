// Discovery modules: a teacher's module for a class, its activities (dates in the school year,
// order, status), copies for another class or the next year, what done activities leave in the
// pupils' passports, and pupils' reflections — only for their own class's done activities.
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type {
  ActivityReflection,
  DiscoveryModule,
  ModuleSummary,
  PupilModule,
} from '@tremplin/contracts';
import { queryRows } from '@tremplin/db';
import { passportEntries } from '@tremplin/db/schema';
import { parisToday, schoolYearOf } from '../src/modules/classes/calendar.js';
import { shiftByYears } from '../src/modules/modules/service.js';
import {
  createClass,
  createPerson,
  createSchool,
  createStudent,
  createTeacher,
} from './factories.js';
import { problemOf, setupApp } from './helper.js';

const ctx = setupApp();
const today = parisToday(new Date());
const schoolYear = schoolYearOf(today);
const DAY = 86_400_000;
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T12:00:00Z`) + n * DAY).toISOString().slice(0, 10);
/** A day of the current school year that has passed (or the first day of it). */
const pastDay = addDays(today, -1) >= `${schoolYear}-08-01` ? addDays(today, -1) : today;
const futureDay = `${schoolYear + 1}-06-15`;

type Headers = Record<string, string>;
const get = (url: string, headers: Headers) => ctx.app.inject({ method: 'GET', url, headers });
const send = (
  method: 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  headers: Headers,
  payload?: object,
) => ctx.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

async function college() {
  const school = await createSchool(ctx);
  const teacher = await createTeacher(ctx, school.id);
  const klass = await createClass(ctx, { schoolId: school.id, schoolYear, name: '3e A' });
  const pupil = await createStudent(ctx, { schoolId: school.id, classId: klass.id });
  return { school, teacher, klass, pupil };
}

async function moduleOf(c: Awaited<ReturnType<typeof college>>) {
  const res = await send('POST', '/api/modules', c.teacher.headers, {
    classId: c.klass.id,
    title: '  Découvrir les métiers  du bâtiment ',
    objectives: 'Savoir nommer cinq métiers du chantier.',
  });
  expect(res.statusCode).toBe(201);
  return res.json<DiscoveryModule>();
}

async function addActivity(
  headers: Headers,
  moduleId: string,
  body: { kind: string; title: string; startsOn?: string; endsOn?: string },
) {
  const res = await send('POST', `/api/modules/${moduleId}/activities`, headers, body);
  expect(res.statusCode).toBe(201);
  return res.json<DiscoveryModule>();
}

describe('discovery modules', () => {
  it('a teacher builds a module for a class of their school, with activities in sequence, and reorders them', async () => {
    const c = await college();
    const module = await moduleOf(c);
    expect(module).toMatchObject({
      title: 'Découvrir les métiers du bâtiment',
      schoolYear,
      class: { id: c.klass.id, name: '3e A', pupilCount: 1 },
      teacher: { id: c.teacher.id },
      activities: [],
    });
    await addActivity(c.teacher.headers, module.id, {
      kind: 'ambassador_talk',
      title: 'Rencontre avec une maçonne',
      startsOn: futureDay,
    });
    await addActivity(c.teacher.headers, module.id, {
      kind: 'journee_chantier',
      title: 'Journée chantier',
      startsOn: futureDay,
    });
    const three = await addActivity(c.teacher.headers, module.id, {
      kind: 'workshop',
      title: 'Atelier CV',
    });
    expect(three.activities.map((a) => [a.position, a.kind])).toEqual([
      [1, 'ambassador_talk'],
      [2, 'journee_chantier'],
      [3, 'workshop'],
    ]);
    expect(three.activities[0]).toMatchObject({ endsOn: futureDay, status: 'planned' });
    const ids = three.activities.map((a) => a.id);
    const reordered = await send(
      'PUT',
      `/api/modules/${module.id}/activities/order`,
      c.teacher.headers,
      {
        activityIds: [ids[2], ids[0], ids[1]],
      },
    );
    expect(reordered.statusCode).toBe(200);
    expect(reordered.json<DiscoveryModule>().activities.map((a) => a.title)).toEqual([
      'Atelier CV',
      'Rencontre avec une maçonne',
      'Journée chantier',
    ]);
    const incomplete = await send(
      'PUT',
      `/api/modules/${module.id}/activities/order`,
      c.teacher.headers,
      {
        activityIds: [ids[0], ids[1]],
      },
    );
    expect(incomplete.statusCode).toBe(400);
    expect(problemOf(incomplete).errors?.[0]?.field).toBe('body.activityIds');
    const list = await get('/api/modules', c.teacher.headers);
    expect(list.json<ModuleSummary[]>()).toMatchObject([
      { id: module.id, activityCount: 3, doneCount: 0, class: { name: '3e A' } },
    ]);
    // Removing one renumbers the rest.
    const removed = await send(
      'DELETE',
      `/api/modules/${module.id}/activities/${ids[2]}`,
      c.teacher.headers,
    );
    expect(removed.json<DiscoveryModule>().activities.map((a) => a.position)).toEqual([1, 2]);
  });

  it('a teacher of another school cannot see or change the module (404), nor use their class', async () => {
    const c = await college();
    const other = await college();
    const module = await moduleOf(c);
    expect((await get(`/api/modules/${module.id}`, other.teacher.headers)).statusCode).toBe(404);
    expect(
      (await send('PATCH', `/api/modules/${module.id}`, other.teacher.headers, { title: 'X' }))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await send('POST', `/api/modules/${module.id}/activities`, other.teacher.headers, {
          kind: 'workshop',
          title: 'Intrus',
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await send('POST', `/api/modules/${module.id}/copy`, other.teacher.headers, {
          classId: other.klass.id,
        })
      ).statusCode,
    ).toBe(404);
    expect((await get('/api/modules', other.teacher.headers)).json<ModuleSummary[]>()).toEqual([]);
    const foreignClass = await send('POST', '/api/modules', c.teacher.headers, {
      classId: other.klass.id,
      title: 'Mauvaise classe',
    });
    expect(foreignClass.statusCode).toBe(400);
    expect(problemOf(foreignClass).errors?.[0]?.field).toBe('body.classId');
    // The module is unchanged.
    const mine = await get(`/api/modules/${module.id}`, c.teacher.headers);
    expect(mine.json<DiscoveryModule>()).toMatchObject({ title: module.title, activities: [] });
    const pupil = await get('/api/modules', c.pupil.headers);
    expect(pupil.statusCode).toBe(403);
  });

  it('refuses dates outside the school year or in the wrong order, naming the field', async () => {
    const c = await college();
    const module = await moduleOf(c);
    const outside = await send('POST', `/api/modules/${module.id}/activities`, c.teacher.headers, {
      kind: 'workshop',
      title: 'Trop tard',
      startsOn: `${schoolYear + 1}-09-10`,
    });
    expect(outside.statusCode).toBe(400);
    expect(problemOf(outside).errors?.[0]).toMatchObject({
      field: 'body.startsOn',
      code: 'date.schoolYear',
    });
    const backwards = await send(
      'POST',
      `/api/modules/${module.id}/activities`,
      c.teacher.headers,
      {
        kind: 'stage',
        title: 'Stage',
        startsOn: futureDay,
        endsOn: addDays(futureDay, -3),
      },
    );
    expect(problemOf(backwards).errors?.[0]?.field).toBe('body.endsOn');
  });

  it('copies a module for the next year: activities planned again, dates moved a year to the same weekday', async () => {
    expect(shiftByYears('2027-03-16', 1)).toBe('2028-03-14');
    expect(shiftByYears('2027-03-16', 0)).toBe('2027-03-16');
    expect(shiftByYears('2028-02-29', 1)).toBe('2029-02-27');
    const c = await college();
    const module = await moduleOf(c);
    await addActivity(c.teacher.headers, module.id, {
      kind: 'company_visit',
      title: 'Vis ton métier',
      startsOn: futureDay,
      endsOn: addDays(futureDay, 1),
    });
    await addActivity(c.teacher.headers, module.id, { kind: 'workshop', title: 'Atelier' });
    const nextYear = await createClass(ctx, {
      schoolId: c.school.id,
      schoolYear: schoolYear + 1,
      name: '3e A',
    });
    const copy = await send('POST', `/api/modules/${module.id}/copy`, c.teacher.headers, {
      classId: nextYear.id,
    });
    expect(copy.statusCode).toBe(201);
    const copied = copy.json<DiscoveryModule>();
    expect(copied).toMatchObject({
      title: module.title,
      objectives: module.objectives,
      schoolYear: schoolYear + 1,
      copiedFrom: module.id,
      class: { id: nextYear.id },
    });
    const moved = shiftByYears(futureDay, 1);
    expect(copied.activities.map((a) => [a.title, a.startsOn, a.status])).toEqual([
      ['Vis ton métier', moved, 'planned'],
      ['Atelier', null, 'planned'],
    ]);
    expect(new Date(`${moved}T00:00:00Z`).getUTCDay()).toBe(
      new Date(`${futureDay}T00:00:00Z`).getUTCDay(),
    );
    // The original is untouched.
    const original = (
      await get(`/api/modules/${module.id}`, c.teacher.headers)
    ).json<DiscoveryModule>();
    expect(original.activities[0]!.startsOn).toBe(futureDay);
  });
});

describe('activities done, the passport and pupils’ reflections', () => {
  it('a done activity enters the passport of each pupil of the class, once; not before it took place', async () => {
    const c = await college();
    const classmate = await createStudent(ctx, { schoolId: c.school.id, classId: c.klass.id });
    const module = await moduleOf(c);
    const withFuture = await addActivity(c.teacher.headers, module.id, {
      kind: 'workshop',
      title: 'Atelier à venir',
      startsOn: futureDay,
    });
    const notYet = await send(
      'PATCH',
      `/api/modules/${module.id}/activities/${withFuture.activities[0]!.id}`,
      c.teacher.headers,
      { status: 'done' },
    );
    expect(notYet.statusCode).toBe(400);
    expect(problemOf(notYet).errors?.[0]?.code).toBe('activity.notYet');

    const past = await addActivity(c.teacher.headers, module.id, {
      kind: 'company_visit',
      title: 'Visite de la boulangerie',
      startsOn: pastDay,
    });
    const id = past.activities[1]!.id;
    for (let i = 0; i < 2; i++) {
      const done = await send(
        'PATCH',
        `/api/modules/${module.id}/activities/${id}`,
        c.teacher.headers,
        {
          status: 'done',
        },
      );
      expect(done.statusCode).toBe(200);
    }
    const entries = await ctx.handle.db
      .select({
        studentId: passportEntries.studentId,
        kind: passportEntries.kind,
        on: passportEntries.occurredOn,
      })
      .from(passportEntries)
      .where(eq(passportEntries.sourceId, id));
    expect(entries.map((e) => e.studentId).sort()).toEqual([c.pupil.id, classmate.id].sort());
    expect(entries.every((e) => e.kind === 'module' && e.on === pastDay)).toBe(true);
    // Back to planned before anyone reflected: it leaves the passports.
    await send('PATCH', `/api/modules/${module.id}/activities/${id}`, c.teacher.headers, {
      status: 'planned',
    });
    const left = await ctx.handle.db
      .select({ id: passportEntries.id })
      .from(passportEntries)
      .where(eq(passportEntries.sourceId, id));
    expect(left).toEqual([]);
  });

  it("pupils see their class's module and reflect only on its done activities; the reflection enters their passport and can be rewritten", async () => {
    const c = await college();
    const module = await moduleOf(c);
    const built = await addActivity(c.teacher.headers, module.id, {
      kind: 'company_visit',
      title: 'Journée au garage',
      startsOn: pastDay,
    });
    await addActivity(c.teacher.headers, module.id, {
      kind: 'workshop',
      title: 'Atelier à venir',
      startsOn: futureDay,
    });
    const doneId = built.activities[0]!.id;
    const view = await get('/api/students/me/modules', c.pupil.headers);
    expect(view.statusCode).toBe(200);
    const [seen] = view.json<PupilModule[]>();
    expect(seen!.activities.map((a) => [a.title, a.canReflect])).toEqual([
      ['Journée au garage', false],
      ['Atelier à venir', false],
    ]);
    const tooEarly = await send('PUT', `/api/students/me/reflections/${doneId}`, c.pupil.headers, {
      text: 'Pas encore',
    });
    expect(tooEarly.statusCode).toBe(409);

    await send('PATCH', `/api/modules/${module.id}/activities/${doneId}`, c.teacher.headers, {
      status: 'done',
    });
    const written = await send('PUT', `/api/students/me/reflections/${doneId}`, c.pupil.headers, {
      text: 'J’ai aimé démonter un moteur.',
    });
    expect(written.statusCode).toBe(200);
    expect(written.json<ActivityReflection>().text).toBe('J’ai aimé démonter un moteur.');
    const rewritten = await send('PUT', `/api/students/me/reflections/${doneId}`, c.pupil.headers, {
      text: 'J’ai aimé démonter un moteur et parler au mécanicien.',
    });
    expect(rewritten.statusCode).toBe(200);
    const mine = await ctx.handle.db
      .select({ kind: passportEntries.kind, description: passportEntries.description })
      .from(passportEntries)
      .where(eq(passportEntries.studentId, c.pupil.id));
    expect(mine.filter((e) => e.kind === 'reflection')).toEqual([
      { kind: 'reflection', description: 'J’ai aimé démonter un moteur et parler au mécanicien.' },
    ]);
    expect(mine.filter((e) => e.kind === 'module')).toHaveLength(1);
    const after = (await get('/api/students/me/modules', c.pupil.headers)).json<PupilModule[]>();
    expect(after[0]!.activities[0]!.reflection?.text).toContain('mécanicien');

    // A pupil of another class cannot reflect on it (404); an empty text is refused by field.
    const otherClass = await createClass(ctx, { schoolId: c.school.id, schoolYear, name: '3e B' });
    const outsider = await createStudent(ctx, { schoolId: c.school.id, classId: otherClass.id });
    const refused = await send('PUT', `/api/students/me/reflections/${doneId}`, outsider.headers, {
      text: 'Je n’y étais pas',
    });
    expect(refused.statusCode).toBe(404);
    expect((await get('/api/students/me/modules', outsider.headers)).json()).toEqual([]);
    const blank = await send('PUT', `/api/students/me/reflections/${doneId}`, c.pupil.headers, {
      text: '   ',
    });
    expect(blank.statusCode).toBe(400);
    expect(problemOf(blank).errors?.[0]?.field).toBe('body.text');
    const teacher = await send('PUT', `/api/students/me/reflections/${doneId}`, c.teacher.headers, {
      text: 'Prof',
    });
    expect(teacher.statusCode).toBe(403);

    // Reflected on: it stays done and cannot be removed.
    const undo = await send(
      'PATCH',
      `/api/modules/${module.id}/activities/${doneId}`,
      c.teacher.headers,
      {
        status: 'planned',
      },
    );
    expect(undo.statusCode).toBe(409);
    const remove = await send(
      'DELETE',
      `/api/modules/${module.id}/activities/${doneId}`,
      c.teacher.headers,
    );
    expect(remove.statusCode).toBe(409);
    const module2 = (
      await get(`/api/modules/${module.id}`, c.teacher.headers)
    ).json<DiscoveryModule>();
    expect(module2.activities[0]).toMatchObject({ status: 'done', reflectionCount: 1 });
  });

  it('a module with a visit under way cannot be deleted or its talk cancelled', async () => {
    const c = await college();
    const module = await moduleOf(c);
    const built = await addActivity(c.teacher.headers, module.id, {
      kind: 'ambassador_talk',
      title: 'Rencontre',
    });
    const activityId = built.activities[0]!.id;
    // The first school day (a weekday outside the holidays) ten days from now.
    const [first] = await queryRows<{ day: string }>(
      ctx.handle.db,
      sql`select d::date::text as day
          from generate_series(${addDays(today, 10)}::date, ${addDays(today, 60)}::date, '1 day') d
          where extract(isodow from d) < 6
            and not exists (select 1 from school_holidays h where d between h.start_date and h.end_date)
          order by d limit 1`,
    );
    const day = first!.day;
    const visit = await send('POST', '/api/visit-requests', c.teacher.headers, {
      activityId,
      tradeCodes: ['F1703'],
      candidateDates: [day],
    });
    expect(visit.statusCode).toBe(201);
    const deleted = await send('DELETE', `/api/modules/${module.id}`, c.teacher.headers);
    expect(deleted.statusCode).toBe(409);
    const cancelled = await send(
      'PATCH',
      `/api/modules/${module.id}/activities/${activityId}`,
      c.teacher.headers,
      {
        status: 'cancelled',
      },
    );
    expect(cancelled.statusCode).toBe(409);
    await send(
      'POST',
      `/api/visit-requests/${visit.json<{ id: string }>().id}/cancel`,
      c.teacher.headers,
    );
    expect((await send('DELETE', `/api/modules/${module.id}`, c.teacher.headers)).statusCode).toBe(
      200,
    );
    expect((await get(`/api/modules/${module.id}`, c.teacher.headers)).statusCode).toBe(404);
  });

  it('only staff of the school build modules: an ambassador gets 403', async () => {
    const c = await college();
    const amb = await createPerson(ctx, ['ambassador']);
    const res = await send('POST', '/api/modules', amb.headers, {
      classId: c.klass.id,
      title: 'X',
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('the demo data', () => {
  it('shows the demo ambassador, the module of 3e A and its visit waiting for an answer', async () => {
    const { seedDemo, DEMO_PASSWORD } = await import('@tremplin/db/seed/demo');
    const { hashPassword } = await import('../src/lib/password.js');
    expect(await seedDemo(ctx.handle.db, { hashPassword })).toBe(true);
    const login = async (email: string) => {
      const response = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { login: email, password: DEMO_PASSWORD },
      });
      expect(response.statusCode).toBe(200);
      return { authorization: `Bearer ${response.json<{ token: string }>().token}` };
    };
    const teacher = await login('prof@demo.tremplin.fr');
    const modules = (await get('/api/modules', teacher)).json<ModuleSummary[]>();
    expect(modules).toHaveLength(1);
    expect(modules[0]).toMatchObject({ class: { name: '3e A' }, doneCount: 1 });
    const module = (await get(`/api/modules/${modules[0]!.id}`, teacher)).json<DiscoveryModule>();
    const talk = module.activities.find((a) => a.kind === 'ambassador_talk')!;
    expect(talk.visit).toMatchObject({ status: 'proposed', ambassadorName: 'Alain Ambassadeur' });

    const directory = (await get('/api/ambassadors', teacher)).json<{ total: number }>();
    expect(directory.total).toBe(3);
    const ambassador = await login('ambassadeur@demo.tremplin.fr');
    const visits = (await get('/api/ambassadors/me/visits', ambassador)).json<
      { id: string; can: { accept: boolean } }[]
    >();
    expect(visits).toHaveLength(1);
    expect(visits[0]!.can.accept).toBe(true);
    const pupil = await login('eleve@demo.tremplin.fr');
    const mine = (await get('/api/students/me/modules', pupil)).json<PupilModule[]>();
    expect(mine[0]!.activities[0]!.reflection?.text).toContain('bâtiment');
    const employer = await login('entreprise@demo.tremplin.fr');
    const pending = (await get('/api/ambassadors/verification', employer)).json<unknown[]>();
    expect(pending).toEqual([]);
    const operator = await login('operateur@demo.tremplin.fr');
    const toConfirm = (await get('/api/ambassadors/verification', operator)).json<
      { displayName: string }[]
    >();
    expect(toConfirm.map((p) => p.displayName)).toEqual(['Paula Pharmacienne']);
  });
});
