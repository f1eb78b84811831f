// Ambassadors and their visits: the profile and its verification, the directory, visit requests
// and the ambassadors proposed (dates, monthly limits, trades, communes), the ambassador's answer,
// the head of school's authorisation without which nothing is confirmed, the confirmation with its
// .ics, double bookings refused, the batch assignment, attendance, feedback and the daily job —
// each with its refusals.
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type {
  AmbassadorPage,
  AmbassadorProfile,
  DiscoveryModule,
  VisitAssignmentResult,
  VisitProposals,
  VisitRequest,
} from '@tremplin/contracts';
import { queryRows } from '@tremplin/db';
import {
  ambassadorProfiles,
  auditLog,
  emailOutbox,
  notifications,
  passportEntries,
  visitRequests,
} from '@tremplin/db/schema';
import { parisToday, schoolYearOf } from '../src/modules/classes/calendar.js';
import { runVisitJobs } from '../src/modules/ambassadors/service.js';
import {
  createClass,
  createCompany,
  createEmployer,
  createPerson,
  createSchool,
  createStudent,
  createTeacher,
} from './factories.js';
import { type Person, problemOf, setupApp } from './helper.js';

const ctx = setupApp();
const today = parisToday(new Date());
const schoolYear = schoolYearOf(today);
const DAY = 86_400_000;
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T12:00:00Z`) + n * DAY).toISOString().slice(0, 10);

type Headers = Record<string, string>;
const get = (url: string, headers: Headers) => ctx.app.inject({ method: 'GET', url, headers });
const post = (url: string, headers: Headers, payload: object = {}) =>
  ctx.app.inject({ method: 'POST', url, headers, payload });
const put = (url: string, headers: Headers, payload: object) =>
  ctx.app.inject({ method: 'PUT', url, headers, payload });

/** School days (weekdays outside the holidays) from a week ahead, in the current school year. */
let schoolDaysCache: string[] | undefined;
async function schoolDays(): Promise<string[]> {
  if (schoolDaysCache) return schoolDaysCache;
  const holidays = await queryRows<{ start: string; end: string }>(
    ctx.handle.db,
    sql`select start_date::text as start, end_date::text as "end" from school_holidays`,
  );
  const days: string[] = [];
  for (let day = addDays(today, 7); day <= `${schoolYear + 1}-07-01`; day = addDays(day, 1)) {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    if (holidays.some((h) => day >= h.start && day <= h.end)) continue;
    days.push(day);
  }
  schoolDaysCache = days;
  return days;
}

/** The first n school days of the first month that has n of them. */
async function sameMonth(n: number): Promise<string[]> {
  const days = await schoolDays();
  for (const day of days) {
    const month = days.filter((d) => d.slice(0, 7) === day.slice(0, 7));
    if (month.length >= n) return month.slice(0, n);
  }
  throw new Error(`no month with ${n} school days left this school year`);
}

interface AmbassadorOptions {
  trades?: string[];
  communes?: string[];
  dates?: string[];
  max?: number;
  formats?: string[];
  companyId?: string | null;
  verified?: boolean;
  name?: string;
}

async function ambassador(options: AmbassadorOptions = {}) {
  const person = await createPerson(ctx, ['ambassador'], options.name ?? 'Alex Ambassadeur');
  const res = await put('/api/ambassadors/me', person.headers, {
    companyId: options.companyId ?? null,
    tradeCodes: options.trades ?? ['F1703'],
    bio: 'Maçon depuis vingt ans, j’aime expliquer le chantier.',
    communes: options.communes ?? ['94028', '94081'],
    formats: options.formats ?? ['talk', 'workplace_visit'],
    maxVisitsPerMonth: options.max ?? 2,
    availableDates: options.dates ?? (await schoolDays()).slice(0, 10),
  });
  expect(res.statusCode).toBe(200);
  if (options.verified !== false) {
    await ctx.handle.db
      .update(ambassadorProfiles)
      .set({ verifiedAt: new Date() })
      .where(eq(ambassadorProfiles.userId, person.id));
  }
  return person;
}

/** A school (Créteil) with a teacher, its head, a class of two pupils. */
async function school(overrides: { communeCode?: string; lat?: number; lon?: number } = {}) {
  const row = await createSchool(ctx, overrides);
  const teacher = await createTeacher(ctx, row.id);
  const head = await createTeacher(ctx, row.id, 'school_admin');
  const klass = await createClass(ctx, { schoolId: row.id, schoolYear, name: '3e A' });
  const pupils = [
    await createStudent(ctx, { schoolId: row.id, classId: klass.id }),
    await createStudent(ctx, { schoolId: row.id, classId: klass.id }),
  ];
  return { school: row, teacher, head, klass, pupils };
}

type School = Awaited<ReturnType<typeof school>>;

/** A module with one ambassador talk; returns the module and the activity's id. */
async function talk(s: School) {
  const created = await post('/api/modules', s.teacher.headers, {
    classId: s.klass.id,
    title: 'Découvrir le BTP',
    objectives: 'Connaître les métiers du chantier.',
  });
  expect(created.statusCode).toBe(201);
  const module = created.json<DiscoveryModule>();
  const added = await post(`/api/modules/${module.id}/activities`, s.teacher.headers, {
    kind: 'ambassador_talk',
    title: 'Rencontre avec un maçon',
  });
  expect(added.statusCode).toBe(201);
  return { module, activityId: added.json<DiscoveryModule>().activities[0]!.id };
}

async function request(
  s: School,
  body: { tradeCodes?: string[]; candidateDates: string[]; format?: string },
) {
  const { activityId } = await talk(s);
  const res = await post('/api/visit-requests', s.teacher.headers, {
    activityId,
    tradeCodes: body.tradeCodes ?? ['F1703'],
    candidateDates: body.candidateDates,
    ...(body.format ? { format: body.format } : {}),
  });
  expect(res.statusCode).toBe(201);
  return res.json<VisitRequest>();
}

const proposalsOf = async (s: School, id: string) => {
  const res = await get(`/api/visit-requests/${id}/proposals`, s.teacher.headers);
  expect(res.statusCode).toBe(200);
  return res.json<VisitProposals>().proposals;
};

async function proposeTo(s: School, id: string, who: Person, date: string) {
  const res = await post(`/api/visit-requests/${id}/propose`, s.teacher.headers, {
    ambassadorId: who.id,
    date,
  });
  expect(res.statusCode).toBe(200);
  return res.json<VisitRequest>();
}

const kindsOf = async (userId: string) =>
  (
    await ctx.handle.db
      .select({ kind: notifications.kind })
      .from(notifications)
      .where(eq(notifications.userId, userId))
  ).map((n) => n.kind);

describe('ambassador profiles and their verification', () => {
  it('an ambassador writes a profile; past dates are dropped; unknown trades and communes are refused by field', async () => {
    const person = await createPerson(ctx, ['ambassador']);
    const days = await schoolDays();
    const body = {
      companyId: null,
      tradeCodes: ['F1703'],
      bio: '  Maçon.  ',
      communes: ['94028'],
      formats: ['talk'],
      maxVisitsPerMonth: 3,
      availableDates: [days[2]!, addDays(today, -3), days[0]!, days[2]!],
    };
    const saved = await put('/api/ambassadors/me', person.headers, body);
    expect(saved.statusCode).toBe(200);
    expect(saved.json<AmbassadorProfile>()).toMatchObject({
      bio: 'Maçon.',
      trades: [{ code: 'F1703', label: 'Maçonnerie' }],
      communes: [{ code: '94028', name: 'Créteil' }],
      availableDates: [days[0], days[2]],
      verified: false,
    });
    const badTrade = await put('/api/ambassadors/me', person.headers, {
      ...body,
      tradeCodes: ['Z9999'],
    });
    expect(badTrade.statusCode).toBe(400);
    expect(problemOf(badTrade).errors?.[0]?.field).toBe('body.tradeCodes.0');
    const unknownTrade = await put('/api/ambassadors/me', person.headers, {
      ...body,
      tradeCodes: ['F9999'],
    });
    expect(unknownTrade.statusCode).toBe(400);
    expect(problemOf(unknownTrade).errors?.[0]).toMatchObject({
      field: 'body.tradeCodes',
      code: 'trade.unknown',
    });
    const badCommune = await put('/api/ambassadors/me', person.headers, {
      ...body,
      communes: ['75056'],
    });
    expect(badCommune.statusCode).toBe(400);
    expect(problemOf(badCommune).errors?.[0]?.field).toBe('body.communes');
    // Nothing already saved was lost by the refusals.
    const mine = await get('/api/ambassadors/me', person.headers);
    expect(mine.json<AmbassadorProfile>().trades[0]!.code).toBe('F1703');
  });

  it('only ambassadors write a profile; a teacher gets 403', async () => {
    const teacher = await createPerson(ctx, ['teacher']);
    const res = await get('/api/ambassadors/me', teacher.headers);
    expect(res.statusCode).toBe(403);
  });

  it("an employer of the ambassador's company verifies them; another company's employer cannot (404); a new company clears it", async () => {
    const company = await createCompany(ctx);
    const other = await createCompany(ctx);
    const employer = await createEmployer(ctx, company.id);
    const stranger = await createEmployer(ctx, other.id);
    const person = await ambassador({ companyId: company.id, verified: false });
    expect(await kindsOf(employer.id)).toContain('ambassador.verificationNeeded');

    const pending = await get('/api/ambassadors/verification', employer.headers);
    expect(pending.json<AmbassadorProfile[]>().map((p) => p.userId)).toEqual([person.id]);
    const notTheirs = await get('/api/ambassadors/verification', stranger.headers);
    expect(notTheirs.json<AmbassadorProfile[]>()).toEqual([]);
    const refused = await post(`/api/ambassadors/${person.id}/verify`, stranger.headers);
    expect(refused.statusCode).toBe(404);

    const verified = await post(`/api/ambassadors/${person.id}/verify`, employer.headers);
    expect(verified.statusCode).toBe(200);
    expect(verified.json<AmbassadorProfile>().verified).toBe(true);
    expect(await kindsOf(person.id)).toContain('ambassador.verified');
    const audit = await ctx.handle.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.subjectId, person.id));
    expect(audit.map((a) => a.action)).toContain('ambassador.verified');

    // The same company keeps the verification; another one clears it.
    const current = (await get('/api/ambassadors/me', person.headers)).json<AmbassadorProfile>();
    const body = {
      companyId: company.id,
      tradeCodes: current.trades.map((t) => t.code),
      bio: 'Nouveau texte',
      communes: current.communes.map((c) => c.code),
      formats: current.formats,
      maxVisitsPerMonth: 4,
      availableDates: current.availableDates,
    };
    const same = await put('/api/ambassadors/me', person.headers, body);
    expect(same.json<AmbassadorProfile>().verified).toBe(true);
    const moved = await put('/api/ambassadors/me', person.headers, {
      ...body,
      companyId: other.id,
    });
    expect(moved.json<AmbassadorProfile>().verified).toBe(false);
  });

  it('the directory lists verified ambassadors only, by trade (ROME hierarchy) and commune, without contact details', async () => {
    const teacher = await createPerson(ctx, ['teacher']);
    const macon = await ambassador({
      trades: ['F1703'],
      communes: ['94028'],
      name: 'Maëlle Maçon',
    });
    await ambassador({ trades: ['M1805'], communes: ['94081'], name: 'Dev Eloppeur' });
    await ambassador({
      trades: ['F1701'],
      communes: ['94028'],
      verified: false,
      name: 'Non Vérifié',
    });

    const all = await get('/api/ambassadors', teacher.headers);
    expect(all.statusCode).toBe(200);
    expect(all.json<AmbassadorPage>().total).toBe(2);
    const byDomain = await get('/api/ambassadors?trade=F17', teacher.headers);
    expect(byDomain.json<AmbassadorPage>().items.map((a) => a.userId)).toEqual([macon.id]);
    const byLetter = await get('/api/ambassadors?trade=F&commune=94081', teacher.headers);
    expect(byLetter.json<AmbassadorPage>().items).toEqual([]);
    const card = byDomain.json<AmbassadorPage>().items[0]!;
    expect(card.nextDates.length).toBeGreaterThan(0);
    expect(JSON.stringify(card)).not.toContain('@');
    const bad = await get('/api/ambassadors?trade=F1', teacher.headers);
    expect(bad.statusCode).toBe(400);
    const pupil = await createPerson(ctx, ['student']);
    expect((await get('/api/ambassadors', pupil.headers)).statusCode).toBe(403);
  });
});

describe('visit requests and proposals', () => {
  it('refuses a request with past, weekend, holiday or repeated dates, naming the date', async () => {
    const s = await school();
    const { activityId } = await talk(s);
    const days = await schoolDays();
    const base = { activityId, tradeCodes: ['F1703'] };
    const past = await post('/api/visit-requests', s.teacher.headers, {
      ...base,
      candidateDates: [days[0], addDays(today, -1)],
    });
    expect(past.statusCode).toBe(400);
    expect(problemOf(past).errors?.[0]).toMatchObject({
      field: 'body.candidateDates.1',
      code: 'date.past',
    });
    let saturday = days[0]!;
    while (new Date(`${saturday}T00:00:00Z`).getUTCDay() !== 6) saturday = addDays(saturday, 1);
    const weekend = await post('/api/visit-requests', s.teacher.headers, {
      ...base,
      candidateDates: [saturday],
    });
    expect(problemOf(weekend).errors?.[0]?.code).toBe('date.weekend');
    const twice = await post('/api/visit-requests', s.teacher.headers, {
      ...base,
      candidateDates: [days[0], days[0]],
    });
    expect(problemOf(twice).errors?.[0]?.code).toBe('date.duplicate');
    const [holiday] = await queryRows<{ day: string }>(
      ctx.handle.db,
      sql`select (start_date + 2)::text as day from school_holidays
          where start_date > ${today}::date order by start_date limit 1`,
    );
    if (holiday) {
      const res = await post('/api/visit-requests', s.teacher.headers, {
        ...base,
        candidateDates: [holiday.day],
      });
      expect(res.statusCode).toBe(400);
    }
  });

  it('a teacher of another school cannot file, see or read proposals for a request (404)', async () => {
    const s = await school();
    const other = await school();
    const days = await schoolDays();
    const { activityId } = await talk(s);
    const foreign = await post('/api/visit-requests', other.teacher.headers, {
      activityId,
      tradeCodes: ['F1703'],
      candidateDates: [days[0]],
    });
    expect(foreign.statusCode).toBe(400);
    expect(problemOf(foreign).errors?.[0]?.field).toBe('body.activityId');
    const req = await request(s, { candidateDates: [days[0]!] });
    expect((await get(`/api/visit-requests/${req.id}`, other.teacher.headers)).statusCode).toBe(
      404,
    );
    expect(
      (await get(`/api/visit-requests/${req.id}/proposals`, other.teacher.headers)).statusCode,
    ).toBe(404);
    const list = await get('/api/visit-requests', other.teacher.headers);
    expect(list.json<VisitRequest[]>()).toEqual([]);
  });

  it('proposes verified ambassadors of a fitting trade, free on a candidate date, who reach the school; best first', async () => {
    const s = await school();
    const days = await schoolDays();
    const [d1, d2, d3] = days;
    const best = await ambassador({ trades: ['F1703'], dates: [d1!, d2!], name: 'Best Maçon' });
    const near = await ambassador({ trades: ['F1701'], dates: [d2!], name: 'Béton Voisin' });
    await ambassador({ trades: ['F1703'], dates: [d3!], name: 'Pas Libre' });
    await ambassador({ trades: ['M1805'], dates: [d1!], name: 'Autre Métier' });
    await ambassador({ trades: ['F1703'], dates: [d1!], communes: ['94081'], name: 'Trop Loin' });
    await ambassador({ trades: ['F1703'], dates: [d1!], verified: false, name: 'Non Vérifié' });
    await ambassador({ trades: ['F1703'], dates: [d1!], formats: ['video'], name: 'Visio Seule' });

    const req = await request(s, { candidateDates: [d1!, d2!] });
    expect(req).toMatchObject({ status: 'open', level: '3e', classSize: 2, format: 'talk' });
    const list = await proposalsOf(s, req.id);
    expect(list.map((p) => p.ambassador.userId)).toEqual([best.id, near.id]);
    expect(list[0]).toMatchObject({ date: d1, tradeMatch: 'fiche' });
    expect(list[1]).toMatchObject({ date: d2, tradeMatch: 'domaine' });
    for (const p of list) {
      for (const d of p.dates) expect([d1, d2]).toContain(d.date);
    }
    // The teacher cannot ask someone the platform does not propose, nor on a day they are not free.
    const wrongDay = await post(`/api/visit-requests/${req.id}/propose`, s.teacher.headers, {
      ambassadorId: near.id,
      date: d1,
    });
    expect(wrongDay.statusCode).toBe(400);
    expect(problemOf(wrongDay).errors?.[0]?.field).toBe('body.date');
  });

  it('monthly limits: an ambassador at their maximum for a month is not proposed that month and cannot accept', async () => {
    const s = await school();
    const [a, b] = await sameMonth(2);
    const once = await ambassador({ dates: [a!, b!], max: 1 });
    const first = await request(s, { candidateDates: [a!] });
    await proposeTo(s, first.id, once, a!);
    expect((await post(`/api/visit-requests/${first.id}/accept`, once.headers)).statusCode).toBe(
      200,
    );
    const other = await school();
    const second = await request(other, { candidateDates: [b!] });
    expect(await proposalsOf(other, second.id)).toEqual([]);
    // Asked anyway (a proposal made before the first was accepted): the accept is refused.
    await ctx.handle.db
      .update(visitRequests)
      .set({ status: 'proposed', ambassadorId: once.id, visitDate: b! })
      .where(eq(visitRequests.id, second.id));
    const refused = await post(`/api/visit-requests/${second.id}/accept`, once.headers);
    expect(refused.statusCode).toBe(409);
    expect(problemOf(refused).code).toBe('visit.monthFull');
    const after = await get(`/api/visit-requests/${second.id}`, other.teacher.headers);
    expect(after.json<VisitRequest>()).toMatchObject({ status: 'open', ambassador: null });
  });
});

describe('accepting, authorising and confirming a visit', () => {
  it('nothing is confirmed without the head of school: the teacher cannot authorise, no confirmation, no .ics', async () => {
    const s = await school();
    const [d1] = await schoolDays();
    const amb = await ambassador({ dates: [d1!] });
    const req = await request(s, { candidateDates: [d1!] });
    await proposeTo(s, req.id, amb, d1!);
    expect(await kindsOf(amb.id)).toContain('visit.proposed');

    // The head cannot authorise before the ambassador accepts.
    const early = await post(`/api/visit-requests/${req.id}/authorise`, s.head.headers);
    expect(early.statusCode).toBe(409);

    const accepted = await post(`/api/visit-requests/${req.id}/accept`, amb.headers);
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json<VisitRequest>().status).toBe('accepted');
    expect(await kindsOf(s.head.id)).toContain('visit.authorisationNeeded');

    const byTeacher = await post(`/api/visit-requests/${req.id}/authorise`, s.teacher.headers);
    expect(byTeacher.statusCode).toBe(403);
    const otherHead = (await school()).head;
    expect(
      (await post(`/api/visit-requests/${req.id}/authorise`, otherHead.headers)).statusCode,
    ).toBe(404);
    expect(await kindsOf(s.teacher.id)).not.toContain('visit.confirmed');
    expect(await kindsOf(amb.id)).not.toContain('visit.confirmed');
    const ics = await get(`/api/visit-requests/${req.id}/ics`, s.teacher.headers);
    expect(ics.statusCode).toBe(409);
    const attendance = await post(`/api/visit-requests/${req.id}/attendance`, s.teacher.headers, {
      attendance: 2,
    });
    expect(attendance.statusCode).toBe(409);

    const authorised = await post(`/api/visit-requests/${req.id}/authorise`, s.head.headers);
    expect(authorised.statusCode).toBe(200);
    expect(authorised.json<VisitRequest>()).toMatchObject({
      status: 'authorised',
      authorisedByName: expect.any(String),
    });
    expect(await kindsOf(s.teacher.id)).toContain('visit.confirmed');
    expect(await kindsOf(amb.id)).toContain('visit.confirmed');
    const mails = await ctx.handle.db
      .select({
        to: emailOutbox.toEmail,
        text: emailOutbox.bodyText,
        files: emailOutbox.attachments,
      })
      .from(emailOutbox)
      .where(sql`${emailOutbox.subject} like '%visite confirmée%'`);
    expect(mails.map((m) => m.to).sort()).toEqual([amb.email, s.teacher.email].sort());
    for (const mail of mails) {
      expect(mail.text).toContain(s.school.address);
      const file = Buffer.from(mail.files[0]!.content, 'base64').toString('utf8');
      expect(file).toContain(`DTSTART;VALUE=DATE:${d1!.replace(/-/g, '')}`);
      expect(file).toContain('STATUS:CONFIRMED');
      expect(file).not.toContain(amb.email);
    }
    const download = await get(`/api/visit-requests/${req.id}/ics`, amb.headers);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toContain('text/calendar');
    expect(download.body).toContain('BEGIN:VEVENT');
  });

  it('two teachers of different schools ask the same ambassador for the same day: one accept, a clear 409 for the other, whose request moves on', async () => {
    const a = await school();
    const b = await school();
    const [d1] = await schoolDays();
    const star = await ambassador({ dates: [d1!], name: 'Aaron Premier' });
    const understudy = await ambassador({ dates: [d1!], trades: ['F1701'], name: 'Zoé Seconde' });
    const first = await request(a, { candidateDates: [d1!] });
    const second = await request(b, { candidateDates: [d1!] });
    await proposeTo(a, first.id, star, d1!);
    await proposeTo(b, second.id, star, d1!);

    expect((await post(`/api/visit-requests/${first.id}/accept`, star.headers)).statusCode).toBe(
      200,
    );
    const clash = await post(`/api/visit-requests/${second.id}/accept`, star.headers);
    expect(clash.statusCode).toBe(409);
    expect(problemOf(clash)).toMatchObject({ code: 'visit.dayTaken' });
    expect(problemOf(clash).detail).toContain('une seule par jour');

    const moved = (
      await get(`/api/visit-requests/${second.id}`, b.teacher.headers)
    ).json<VisitRequest>();
    expect(moved).toMatchObject({ status: 'proposed', visitDate: d1 });
    expect(moved.ambassador?.id).toBe(understudy.id);
    expect(await kindsOf(b.teacher.id)).toContain('visit.movedOn');
    expect(await kindsOf(understudy.id)).toContain('visit.proposed');
    // The database itself never holds two visits of one ambassador on one day.
    await expect(
      ctx.handle.db
        .update(visitRequests)
        .set({ status: 'accepted', ambassadorId: star.id, visitDate: d1! })
        .where(eq(visitRequests.id, second.id)),
    ).rejects.toThrow();
    // The first request is untouched.
    const kept = (
      await get(`/api/visit-requests/${first.id}`, a.teacher.headers)
    ).json<VisitRequest>();
    expect(kept).toMatchObject({ status: 'accepted', visitDate: d1 });
    expect(kept.ambassador?.id).toBe(star.id);
  });

  it('a proposal whose day has passed cannot be accepted', async () => {
    const s = await school();
    const [d1] = await schoolDays();
    const amb = await ambassador({ dates: [d1!] });
    const req = await request(s, { candidateDates: [d1!] });
    await proposeTo(s, req.id, amb, d1!);
    await ctx.handle.db
      .update(visitRequests)
      .set({ visitDate: addDays(today, -2) })
      .where(eq(visitRequests.id, req.id));
    const late = await post(`/api/visit-requests/${req.id}/accept`, amb.headers);
    expect(late.statusCode).toBe(409);
    expect(problemOf(late).code).toBe('visit.past');
  });

  it('two accepts at the same instant for the same day: exactly one visit is booked', async () => {
    const a = await school();
    const b = await school();
    const [d1] = await schoolDays();
    const star = await ambassador({ dates: [d1!], max: 5 });
    const first = await request(a, { candidateDates: [d1!] });
    const second = await request(b, { candidateDates: [d1!] });
    await proposeTo(a, first.id, star, d1!);
    await proposeTo(b, second.id, star, d1!);
    const answers = await Promise.all([
      post(`/api/visit-requests/${first.id}/accept`, star.headers),
      post(`/api/visit-requests/${second.id}/accept`, star.headers),
    ]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const booked = await ctx.handle.db
      .select({ id: visitRequests.id })
      .from(visitRequests)
      .where(and(eq(visitRequests.ambassadorId, star.id), eq(visitRequests.status, 'accepted')));
    expect(booked).toHaveLength(1);
  });

  it('a declined request goes to the next ambassador, never back to the one who declined; then reopens', async () => {
    const s = await school();
    const [d1] = await schoolDays();
    const first = await ambassador({ dates: [d1!], name: 'Aline Première' });
    const second = await ambassador({ dates: [d1!], trades: ['F1701'], name: 'Bruno Second' });
    const req = await request(s, { candidateDates: [d1!] });
    await proposeTo(s, req.id, first, d1!);
    const stranger = await ambassador({ dates: [d1!], verified: false });
    expect(
      (await post(`/api/visit-requests/${req.id}/decline`, stranger.headers, {})).statusCode,
    ).toBe(404);
    const declined = await post(`/api/visit-requests/${req.id}/decline`, first.headers, {
      reason: 'Pas disponible finalement',
    });
    expect(declined.statusCode).toBe(200);
    let now = (await get(`/api/visit-requests/${req.id}`, s.teacher.headers)).json<VisitRequest>();
    expect(now.ambassador?.id).toBe(second.id);
    expect(now.declinedCount).toBe(1);
    expect((await get(`/api/visit-requests/${req.id}`, first.headers)).statusCode).toBe(404);
    expect(
      (await post(`/api/visit-requests/${req.id}/decline`, second.headers, {})).statusCode,
    ).toBe(200);
    now = (await get(`/api/visit-requests/${req.id}`, s.teacher.headers)).json<VisitRequest>();
    expect(now).toMatchObject({ status: 'open', ambassador: null, declinedCount: 2 });
    expect(await kindsOf(s.teacher.id)).toContain('visit.reopened');
    expect(await proposalsOf(s, req.id)).toEqual([]);
  });

  it('after the visit the teacher records attendance (not before the day), the activity is done and enters the passports; each side gives feedback once', async () => {
    const s = await school();
    const [d1] = await schoolDays();
    const amb = await ambassador({ dates: [d1!] });
    const req = await request(s, { candidateDates: [d1!] });
    await proposeTo(s, req.id, amb, d1!);
    await post(`/api/visit-requests/${req.id}/accept`, amb.headers);
    await post(`/api/visit-requests/${req.id}/authorise`, s.head.headers);
    const early = await post(`/api/visit-requests/${req.id}/attendance`, s.teacher.headers, {
      attendance: 2,
    });
    expect(early.statusCode).toBe(409);
    expect(problemOf(early).code).toBe('visit.notYet');
    const tooSoonFeedback = await post(`/api/visit-requests/${req.id}/feedback`, amb.headers, {
      feedback: 'Super',
    });
    expect(tooSoonFeedback.statusCode).toBe(409);

    // The day has passed.
    await ctx.handle.db
      .update(visitRequests)
      .set({ visitDate: addDays(today, -1) })
      .where(eq(visitRequests.id, req.id));
    const tooMany = await post(`/api/visit-requests/${req.id}/attendance`, s.teacher.headers, {
      attendance: 30,
    });
    expect(tooMany.statusCode).toBe(400);
    expect(problemOf(tooMany).errors?.[0]?.field).toBe('body.attendance');
    const byAmbassador = await post(`/api/visit-requests/${req.id}/attendance`, amb.headers, {
      attendance: 2,
    });
    expect(byAmbassador.statusCode).toBe(403);
    const done = await post(`/api/visit-requests/${req.id}/attendance`, s.teacher.headers, {
      attendance: 2,
    });
    expect(done.statusCode).toBe(200);
    expect(done.json<VisitRequest>()).toMatchObject({ status: 'done', attendance: 2 });
    const module = (
      await get(`/api/modules/${done.json<VisitRequest>().activity!.moduleId}`, s.teacher.headers)
    ).json<DiscoveryModule>();
    expect(module.activities[0]).toMatchObject({ status: 'done', visit: { status: 'done' } });
    const entries = await ctx.handle.db
      .select({ studentId: passportEntries.studentId, kind: passportEntries.kind })
      .from(passportEntries)
      .where(eq(passportEntries.sourceId, module.activities[0]!.id));
    expect(entries.map((e) => e.studentId).sort()).toEqual(s.pupils.map((p) => p.id).sort());
    expect(entries.every((e) => e.kind === 'visit')).toBe(true);

    const teacherSays = await post(`/api/visit-requests/${req.id}/feedback`, s.teacher.headers, {
      feedback: 'Les élèves ont posé plein de questions.',
    });
    expect(teacherSays.statusCode).toBe(200);
    const ambassadorSays = await post(`/api/visit-requests/${req.id}/feedback`, amb.headers, {
      feedback: 'Classe très curieuse.',
    });
    expect(ambassadorSays.json<VisitRequest>()).toMatchObject({
      teacherFeedback: 'Les élèves ont posé plein de questions.',
      ambassadorFeedback: 'Classe très curieuse.',
    });
    const again = await post(`/api/visit-requests/${req.id}/feedback`, amb.headers, {
      feedback: 'Encore',
    });
    expect(again.statusCode).toBe(409);
  });

  it('the head may refuse, saying why; the teacher may cancel and the ambassador is told', async () => {
    const s = await school();
    const [d1, d2] = await schoolDays();
    const amb = await ambassador({ dates: [d1!, d2!] });
    const req = await request(s, { candidateDates: [d1!] });
    await proposeTo(s, req.id, amb, d1!);
    await post(`/api/visit-requests/${req.id}/accept`, amb.headers);
    const noReason = await post(`/api/visit-requests/${req.id}/refuse`, s.head.headers, {});
    expect(noReason.statusCode).toBe(400);
    const refused = await post(`/api/visit-requests/${req.id}/refuse`, s.head.headers, {
      reason: 'Sortie scolaire ce jour-là',
    });
    expect(refused.json<VisitRequest>()).toMatchObject({
      status: 'declined',
      refusalReason: 'Sortie scolaire ce jour-là',
    });
    expect(await kindsOf(amb.id)).toContain('visit.refused');

    const { activityId } = await talk(s);
    const next = await post('/api/visit-requests', s.teacher.headers, {
      activityId,
      tradeCodes: ['F1703'],
      candidateDates: [d2],
    });
    const id = next.json<VisitRequest>().id;
    await proposeTo(s, id, amb, d2!);
    const cancelled = await post(`/api/visit-requests/${id}/cancel`, s.teacher.headers);
    expect(cancelled.json<VisitRequest>().status).toBe('cancelled');
    expect(await kindsOf(amb.id)).toContain('visit.cancelled');
    expect((await post(`/api/visit-requests/${id}/cancel`, s.teacher.headers)).statusCode).toBe(
      409,
    );
  });
});

describe('batch assignment', () => {
  it('assigns many open requests optimally within monthly limits and one visit a day, keeping visits already booked', async () => {
    const operator = await createPerson(ctx, ['operator']);
    const [m1, m2, m3] = await sameMonth(3);
    // One ambassador, two visits a month at most, already booked once this month.
    const amb = await ambassador({ dates: [m1!, m2!, m3!], max: 2 });
    const booked = await school();
    const held = await request(booked, { candidateDates: [m1!] });
    await proposeTo(booked, held.id, amb, m1!);
    await post(`/api/visit-requests/${held.id}/accept`, amb.headers);

    const schools = [await school(), await school(), await school()];
    const open = [];
    for (const s of schools) open.push(await request(s, { candidateDates: [m1!, m2!, m3!] }));

    const teacher = schools[0]!.teacher;
    expect((await post('/api/visit-requests/assign', teacher.headers, {})).statusCode).toBe(403);

    const preview = await post('/api/visit-requests/assign', operator.headers, {});
    expect(preview.statusCode).toBe(200);
    const plan = preview.json<VisitAssignmentResult>();
    expect(plan).toMatchObject({ dryRun: true, requests: 3 });
    // The month holds two visits and one is already booked: one more, not on the booked day.
    expect(plan.assigned).toHaveLength(1);
    expect(plan.assigned[0]!.date).not.toBe(m1);
    expect(plan.unassigned).toHaveLength(2);
    // A preview proposes nothing.
    const stillOpen = await ctx.handle.db
      .select({ status: visitRequests.status })
      .from(visitRequests)
      .where(eq(visitRequests.status, 'open'));
    expect(stillOpen).toHaveLength(3);

    const applied = await post('/api/visit-requests/assign', operator.headers, { dryRun: false });
    expect(applied.json<VisitAssignmentResult>().assigned).toHaveLength(1);
    const proposed = await ctx.handle.db
      .select({ id: visitRequests.id, date: visitRequests.visitDate })
      .from(visitRequests)
      .where(and(eq(visitRequests.status, 'proposed'), eq(visitRequests.ambassadorId, amb.id)));
    expect(proposed).toHaveLength(1);
    expect(await kindsOf(amb.id)).toContain('visit.proposed');
    const audit = await ctx.handle.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.action, 'visits.assigned'));
    expect(audit).toHaveLength(1);
  });

  it('spreads requests over several ambassadors for the largest total fit', async () => {
    const operator = await createPerson(ctx, ['operator']);
    const [d1, d2] = await schoolDays();
    const macon = await ambassador({ trades: ['F1703'], dates: [d1!, d2!], max: 1 });
    const dev = await ambassador({ trades: ['M1805'], dates: [d1!], max: 1 });
    const a = await school();
    const b = await school();
    const first = await request(a, { candidateDates: [d1!], tradeCodes: ['F1703'] });
    const second = await request(b, { candidateDates: [d1!], tradeCodes: ['M1805', 'F1703'] });
    const res = await post('/api/visit-requests/assign', operator.headers, { dryRun: false });
    const plan = res.json<VisitAssignmentResult>();
    expect(plan.unassigned).toEqual([]);
    const by = new Map(plan.assigned.map((l) => [l.requestId, l.ambassadorId]));
    expect(by.get(first.id)).toBe(macon.id);
    expect(by.get(second.id)).toBe(dev.id);
  });

  it('a head of school runs it over their own school only', async () => {
    const s = await school();
    const other = await school();
    const [d1] = await schoolDays();
    await ambassador({ dates: [d1!], max: 4 });
    await request(s, { candidateDates: [d1!] });
    await request(other, { candidateDates: [d1!] });
    const res = await post('/api/visit-requests/assign', s.head.headers, {});
    expect(res.json<VisitAssignmentResult>()).toMatchObject({ requests: 1 });
    const foreign = await post('/api/visit-requests/assign', s.head.headers, {
      schoolId: other.school.id,
    });
    expect(foreign.statusCode).toBe(400);
    expect(problemOf(foreign).errors?.[0]?.field).toBe('body.schoolId');
  });
});

describe('the daily job', () => {
  it('moves lapsed proposals on and reminds both sides the day before, once', async () => {
    const s = await school();
    const [d1] = await schoolDays();
    const silent = await ambassador({ dates: [d1!], name: 'Sam Silencieux' });
    const req = await request(s, { candidateDates: [d1!] });
    await proposeTo(s, req.id, silent, d1!);
    await ctx.handle.db
      .update(visitRequests)
      .set({ updatedAt: new Date(Date.now() - 8 * DAY) })
      .where(eq(visitRequests.id, req.id));
    const ran = await runVisitJobs(ctx.handle.db, { now: new Date(), webUrl: 'http://x' });
    expect(ran.movedOn).toBe(1);
    const after = (
      await get(`/api/visit-requests/${req.id}`, s.teacher.headers)
    ).json<VisitRequest>();
    expect(after).toMatchObject({ status: 'open', declinedCount: 1 });
    expect(await kindsOf(silent.id)).toContain('visit.lapsed');

    // A confirmed visit tomorrow: both reminded, once.
    const amb = await ambassador({ dates: [d1!] });
    const other = await school();
    const visit = await request(other, { candidateDates: [d1!] });
    await proposeTo(other, visit.id, amb, d1!);
    await post(`/api/visit-requests/${visit.id}/accept`, amb.headers);
    await post(`/api/visit-requests/${visit.id}/authorise`, other.head.headers);
    await ctx.handle.db
      .update(visitRequests)
      .set({ visitDate: addDays(today, 1) })
      .where(eq(visitRequests.id, visit.id));
    const first = await runVisitJobs(ctx.handle.db, { now: new Date(), webUrl: 'http://x' });
    expect(first.reminders).toBe(2);
    const second = await runVisitJobs(ctx.handle.db, { now: new Date(), webUrl: 'http://x' });
    expect(second.reminders).toBe(0);
    expect(await kindsOf(amb.id)).toContain('visit.reminder');
  });
});
