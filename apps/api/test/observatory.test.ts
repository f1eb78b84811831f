// The observatory's indicators on a small known data set, compared with numbers counted by hand;
// who sees which figures (operator: the département, head of school: their school, employer:
// their company; teacher and pupil: 403); the CSV exports; the employer's yearly impact report.
import { and, eq } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type { ImpactReport, Observatory } from '@tremplin/contracts';
import {
  agreements,
  ambassadorProfiles,
  applications,
  auditLog,
  campaigns,
  campaignWishes,
  challengeEnrolments,
  challengeOrganisers,
  challenges,
  challengeTeams,
  mentorProfiles,
  mentorships,
  offerSearches,
  stageWeeks,
  students,
  userRoles,
  users,
  visitRequests,
} from '@tremplin/db/schema';
import { daysBetween, parisToday, schoolYearOf } from '../src/modules/classes/calendar.js';
import { refreshObservatory } from '../src/modules/observatory/repository.js';
import {
  createClass,
  createCompany,
  createEmployer,
  createOffer,
  createPerson,
  createSchool,
  createStudent,
  createTeacher,
  legalSchedule,
} from './factories.js';
import { problemOf, setupApp } from './helper.js';

const ctx = setupApp();
const today = parisToday(new Date());
const Y = schoolYearOf(today);
const spring = Y + 1;
const inDays = (n: number) =>
  new Date(Date.parse(`${today}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** A pupil straight in the database (they never sign in here): user, role, school record. */
async function pupil(
  schoolId: string,
  classId: string,
  home: string,
  interests: string[] = [],
): Promise<string> {
  const [user] = await ctx.handle.db
    .insert(users)
    .values({ displayName: 'Élève Observé' })
    .returning({ id: users.id });
  await ctx.handle.db.insert(userRoles).values({ userId: user!.id, role: 'student' });
  await ctx.handle.db.insert(students).values({
    userId: user!.id,
    schoolId,
    classId,
    level: '3e',
    firstName: 'Élève',
    lastName: 'Observé',
    homeCommuneCode: home,
    interests,
  });
  return user!.id;
}

const annex = (startDate: string, endDate: string) => ({
  teachingAnnex: {
    referentTeacherName: 'Paul Prof',
    tutorName: 'Tuteur',
    tutorRole: '',
    startDate,
    endDate,
    dailyHours: legalSchedule,
    objectives: 'Observer',
  },
  practicalAnnex: { meals: 'Cantine', travel: 'Bus', insurance: 'Oui' },
});

/**
 * The known data set (S = school, C = company, O = offer, P = pupil), counted by hand below:
 *  S1 REP+ (Créteil): 3e A of this year, P1–P4; stage weeks for 3e in 30 days.
 *  S2 REP (Vitry): 3e B, P5–P6.  S3 not prioritary (Maisons-Alfort, named like a formula):
 *  3e C, P7–P8; last year's class with P9.
 *  C1 (Vitry): O1 D1102, two periods this year (3 + 2 seats); O5 D1104 suspended (2 seats).
 *  C2 (Créteil): O2 M1805+M1801, 4 seats; O3 F1703 draft (2 seats); O4 D1102 last year (2 seats).
 *  Applications this year: P1→O1 confirmed (agreement signed), P2→O1 submitted, P2→O2 rejected,
 *  P3→O2 confirmed but agreement cancelled, P5→O2 confirmed, P7→O1 (2nd period) accepted.
 *  Last year: P9→O4 confirmed.  Wishes of a campaign on O2: P4, P6.
 *  Searches without result: F1703 at Maisons-Alfort, M1805+M1801 at Créteil (this year), one last
 *  year, and one search with results (never counted).
 *  Mentor of C2 (M1805, Créteil and Vitry) mentoring P1 since this October; a paused mentor.
 *  Ambassador of C1 (F1703, Maisons-Alfort), verified, visited S1 this October (22 pupils);
 *  an unverified ambassador. Interests: P1 D1102, P2 D1102+D1104.
 *  A challenge of C1 launched this year, with one team of S1.
 */
async function knownDataSet() {
  const s1 = await createSchool(ctx, {
    name: 'Collège Un',
    priority: 'rep_plus',
    communeCode: '94028',
  });
  const s2 = await createSchool(ctx, {
    name: 'Collège Deux',
    priority: 'rep',
    communeCode: '94081',
  });
  const s3 = await createSchool(ctx, {
    name: '=Collège Formule',
    priority: 'none',
    communeCode: '94046',
  });
  const k1 = await createClass(ctx, { schoolId: s1.id, name: '3e A', schoolYear: Y });
  const k2 = await createClass(ctx, { schoolId: s2.id, name: '3e B', schoolYear: Y });
  const k3 = await createClass(ctx, { schoolId: s3.id, name: '3e C', schoolYear: Y });
  const k3old = await createClass(ctx, { schoolId: s3.id, name: '3e Z', schoolYear: Y - 1 });
  const p1 = await pupil(s1.id, k1.id, '94028', ['D1102']);
  const p2 = await pupil(s1.id, k1.id, '94028', ['D1102', 'D1104']);
  const p3 = await pupil(s1.id, k1.id, '94081');
  const p4 = await pupil(s1.id, k1.id, '94081');
  const p5 = await pupil(s2.id, k2.id, '94081');
  const p6 = await pupil(s2.id, k2.id, '94081');
  const p7 = await pupil(s3.id, k3.id, '94046');
  await pupil(s3.id, k3.id, '94046');
  const p9 = await pupil(s3.id, k3old.id, '94046');
  await ctx.handle.db.insert(stageWeeks).values({
    schoolId: s1.id,
    level: '3e',
    startDate: inDays(30),
    endDate: inDays(34),
  });

  const c1 = await createCompany(ctx, { name: 'Boulangerie Une', communeCode: '94081' });
  const c2 = await createCompany(ctx, { name: 'Numérique Deux', communeCode: '94028' });
  const { offer: o1, periods: o1p } = await createOffer(ctx, {
    companyId: c1.id,
    communeCode: '94081',
    tradeCodes: ['D1102'],
    periods: [
      { startDate: `${spring}-01-11`, endDate: `${spring}-01-15`, seats: 3 },
      { startDate: `${spring}-02-01`, endDate: `${spring}-02-05`, seats: 2 },
    ],
  });
  await createOffer(ctx, {
    companyId: c1.id,
    communeCode: '94081',
    tradeCodes: ['D1104'],
    suspendedAt: new Date(),
    suspendedReason: 'Signalée',
    periods: [{ startDate: `${spring}-01-11`, endDate: `${spring}-01-15`, seats: 2 }],
  });
  const { offer: o2, periods: o2p } = await createOffer(ctx, {
    companyId: c2.id,
    communeCode: '94028',
    tradeCodes: ['M1805', 'M1801'],
    periods: [{ startDate: `${spring}-01-18`, endDate: `${spring}-01-22`, seats: 4 }],
  });
  await createOffer(ctx, {
    companyId: c2.id,
    communeCode: '94028',
    tradeCodes: ['F1703'],
    status: 'draft',
    periods: [{ startDate: `${spring}-03-08`, endDate: `${spring}-03-12`, seats: 2 }],
  });
  const { offer: o4, periods: o4p } = await createOffer(ctx, {
    companyId: c2.id,
    communeCode: '94028',
    tradeCodes: ['D1102'],
    status: 'archived',
    periods: [{ startDate: `${Y}-03-09`, endDate: `${Y}-03-13`, seats: 2 }],
  });

  const apply = async (
    studentId: string,
    offerId: string,
    periodId: string,
    status: 'submitted' | 'accepted' | 'confirmed' | 'rejected',
  ) => {
    const [row] = await ctx.handle.db
      .insert(applications)
      .values({ offerId, periodId, studentId, status })
      .returning({ id: applications.id });
    return row!.id;
  };
  const a1 = await apply(p1, o1.id, o1p[0]!.id, 'confirmed');
  await apply(p2, o1.id, o1p[0]!.id, 'submitted');
  await apply(p2, o2.id, o2p[0]!.id, 'rejected');
  const a3 = await apply(p3, o2.id, o2p[0]!.id, 'confirmed');
  await apply(p5, o2.id, o2p[0]!.id, 'confirmed');
  await apply(p7, o1.id, o1p[1]!.id, 'accepted');
  await apply(p9, o4.id, o4p[0]!.id, 'confirmed');
  await ctx.handle.db.insert(agreements).values([
    {
      applicationId: a1,
      schoolId: s1.id,
      companyId: c1.id,
      studentId: p1,
      status: 'signed',
      ...annex(`${spring}-01-11`, `${spring}-01-15`),
    },
    {
      applicationId: a3,
      schoolId: s1.id,
      companyId: c2.id,
      studentId: p3,
      status: 'cancelled',
      ...annex(`${spring}-01-18`, `${spring}-01-22`),
    },
  ]);

  const [campaign] = await ctx.handle.db
    .insert(campaigns)
    .values({
      name: 'Campagne test',
      levels: ['3e'],
      opensAt: new Date(`${Y}-11-01T08:00:00Z`),
      closesAt: new Date(`${Y}-12-20T08:00:00Z`),
      maxWishes: 3,
      policy: { priorityClasses: true, reservedShare: 0, reservePrecedence: 'reserved-first' },
      status: 'open',
    })
    .returning({ id: campaigns.id });
  await ctx.handle.db.insert(campaignWishes).values([
    { campaignId: campaign!.id, studentId: p4, periodId: o2p[0]!.id, rank: 1 },
    { campaignId: campaign!.id, studentId: p6, periodId: o2p[0]!.id, rank: 1 },
  ]);

  await ctx.handle.db.insert(offerSearches).values([
    {
      at: new Date(`${Y}-10-01T10:00:00Z`),
      tradeCodes: ['F1703'],
      communeCode: '94046',
      results: 0,
    },
    {
      at: new Date(`${Y}-11-01T10:00:00Z`),
      tradeCodes: ['M1805', 'M1801'],
      communeCode: '94028',
      results: 0,
    },
    {
      at: new Date(`${Y}-10-02T10:00:00Z`),
      tradeCodes: ['D1102'],
      communeCode: '94028',
      results: 3,
    },
    { at: new Date(`${Y}-01-15T10:00:00Z`), tradeCodes: ['D1102'], communeCode: null, results: 0 },
  ]);

  const mentor = await createPerson(ctx, ['mentor']);
  const paused = await createPerson(ctx, ['mentor']);
  await ctx.handle.db.insert(mentorProfiles).values([
    {
      userId: mentor.id,
      companyId: c2.id,
      tradeCodes: ['M1805'],
      modes: ['video'],
      communes: ['94028', '94081'],
    },
    { userId: paused.id, companyId: c2.id, tradeCodes: ['D1102'], modes: ['video'], paused: true },
  ]);
  await ctx.handle.db
    .insert(mentorships)
    .values({ mentorId: mentor.id, menteeId: p1, startedAt: new Date(`${Y}-10-01T10:00:00Z`) });
  const ambassador = await createPerson(ctx, ['ambassador']);
  const unverified = await createPerson(ctx, ['ambassador']);
  await ctx.handle.db.insert(ambassadorProfiles).values([
    {
      userId: ambassador.id,
      companyId: c1.id,
      tradeCodes: ['F1703'],
      formats: ['talk'],
      communes: ['94046'],
      verifiedAt: new Date(),
    },
    {
      userId: unverified.id,
      companyId: c1.id,
      tradeCodes: ['D1102'],
      formats: ['talk'],
      communes: ['94028'],
    },
  ]);
  await ctx.handle.db.insert(visitRequests).values({
    schoolId: s1.id,
    classId: k1.id,
    tradeCodes: ['F1703'],
    candidateDates: [`${Y}-10-15`],
    classSize: 25,
    level: '3e',
    status: 'done',
    ambassadorId: ambassador.id,
    visitDate: `${Y}-10-15`,
    attendance: 22,
  });
  const [challenge] = await ctx.handle.db
    .insert(challenges)
    .values({
      title: 'Pain du futur',
      brief: 'Inventer un pain',
      levels: ['3e'],
      launchOn: `${Y}-09-15`,
      submissionDeadline: new Date(`${spring}-01-10T18:00:00Z`),
      juryOn: `${spring}-01-20`,
      teamMin: 2,
      teamMax: 4,
      maxTeams: 10,
      rubric: [{ key: 'idee', label: 'Idée', weight: 1, max: 10 }],
      status: 'published',
    })
    .returning({ id: challenges.id });
  await ctx.handle.db
    .insert(challengeOrganisers)
    .values({ challengeId: challenge!.id, companyId: c1.id });
  const [enrolment] = await ctx.handle.db
    .insert(challengeEnrolments)
    .values({ challengeId: challenge!.id, classId: k1.id, schoolId: s1.id })
    .returning({ id: challengeEnrolments.id });
  await ctx.handle.db
    .insert(challengeTeams)
    .values({ challengeId: challenge!.id, enrolmentId: enrolment!.id, name: 'Les Mitrons' });

  await refreshObservatory(ctx.handle.db);
  return { s1, s2, s3, c1, c2, o1, o1p, p4 };
}

const get = (url: string, headers: Record<string, string>) =>
  ctx.app.inject({ method: 'GET', url, headers });

async function observatoryAs(headers: Record<string, string>) {
  const res = await get(`/api/observatory?year=${Y}`, headers);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Observatory>();
}

const pick = <T extends object, K extends keyof T>(rows: T[], ...keys: K[]) =>
  rows.map((r) => Object.fromEntries(keys.map((k) => [k, r[k]])) as Pick<T, K>);

describe('observatory: the département (operator)', () => {
  it('counts supply, demand and placement as counted by hand', async () => {
    await knownDataSet();
    const operator = await createPerson(ctx, ['teacher', 'operator']);
    const o = await observatoryAs(operator.headers);
    expect(o.scope).toEqual({ kind: 'departement', names: [] });
    expect(o.from).toBe(`${Y}-08-01`);
    expect(o.to).toBe(`${spring}-07-31`);
    expect(o.totals).toEqual({
      offers: 2,
      seats: 9,
      applications: 6,
      applicants: 5,
      wishes: 2,
      searchesWithoutResult: 2,
      pupils: 8,
      placed: 2,
      placementRate: 0.25,
    });
    const domains = Object.fromEntries(o.supplyByDomain.map((d) => [d.code, d]));
    expect(o.supplyByDomain).toHaveLength(14);
    expect(domains.D).toMatchObject({
      offers: 1,
      seats: 5,
      applications: 3,
      wishes: 0,
      searchesWithoutResult: 0,
    });
    expect(domains.M).toMatchObject({
      offers: 1,
      seats: 4,
      applications: 3,
      wishes: 2,
      searchesWithoutResult: 1,
    });
    expect(domains.F).toMatchObject({
      offers: 0,
      seats: 0,
      applications: 0,
      wishes: 0,
      searchesWithoutResult: 1,
    });
    expect(domains.A).toMatchObject({ offers: 0, seats: 0, applications: 0 });
    expect(domains.D!.label.length).toBeGreaterThan(3);
    expect(
      pick(
        o.supplyByTrade,
        'code',
        'offers',
        'seats',
        'applications',
        'wishes',
        'searchesWithoutResult',
      ),
    ).toEqual([
      { code: 'D1102', offers: 1, seats: 5, applications: 3, wishes: 0, searchesWithoutResult: 0 },
      { code: 'M1801', offers: 1, seats: 4, applications: 3, wishes: 2, searchesWithoutResult: 1 },
      { code: 'M1805', offers: 1, seats: 4, applications: 3, wishes: 2, searchesWithoutResult: 1 },
      { code: 'F1703', offers: 0, seats: 0, applications: 0, wishes: 0, searchesWithoutResult: 1 },
    ]);
  });

  it('places pupils by school, by education priority and by home commune; lists who has no stage', async () => {
    const { s1, s2, s3 } = await knownDataSet();
    const operator = await createPerson(ctx, ['teacher', 'operator']);
    const o = await observatoryAs(operator.headers);
    // Sorted by name for reading; compared here whatever the database's collation.
    const bySchool = pick(o.placementBySchool!, 'schoolId', 'priority', 'pupils', 'placed', 'rate');
    expect(bySchool).toHaveLength(3);
    expect(bySchool).toEqual(
      expect.arrayContaining([
        { schoolId: s3.id, priority: 'none', pupils: 2, placed: 0, rate: 0 },
        { schoolId: s2.id, priority: 'rep', pupils: 2, placed: 1, rate: 0.5 },
        { schoolId: s1.id, priority: 'rep_plus', pupils: 4, placed: 1, rate: 0.25 },
      ]),
    );
    expect(o.placementBySchool!.find((s) => s.schoolId === s1.id)!.communeName).toBe('Créteil');
    expect(o.placementByPriority).toEqual([
      { priority: 'rep_plus', schools: 1, pupils: 4, placed: 1, rate: 0.25 },
      { priority: 'rep', schools: 1, pupils: 2, placed: 1, rate: 0.5 },
      { priority: 'none', schools: 1, pupils: 2, placed: 0, rate: 0 },
    ]);
    expect(o.unplaced).toEqual([
      {
        schoolId: s1.id,
        schoolName: 'Collège Un',
        priority: 'rep_plus',
        level: '3e',
        pupils: 4,
        unplaced: 3,
        nextWeekStart: inDays(30),
        daysLeft: daysBetween(today, inDays(30)),
      },
      {
        schoolId: s3.id,
        schoolName: '=Collège Formule',
        priority: 'none',
        level: '3e',
        pupils: 2,
        unplaced: 2,
        nextWeekStart: null,
        daysLeft: null,
      },
      {
        schoolId: s2.id,
        schoolName: 'Collège Deux',
        priority: 'rep',
        level: '3e',
        pupils: 2,
        unplaced: 1,
        nextWeekStart: null,
        daysLeft: null,
      },
    ]);
    const communes = Object.fromEntries(o.communes.map((c) => [c.code, c]));
    expect(o.communes.length).toBeGreaterThanOrEqual(47);
    expect(communes['94028']).toEqual({
      code: '94028',
      name: 'Créteil',
      offers: 1,
      seats: 4,
      applications: 3,
      searchesWithoutResult: 1,
      pupils: 2,
      placed: 1,
      placementRate: 0.5,
      seatsPer100Pupils: 200,
      mentors: 1,
      ambassadors: 0,
    });
    expect(communes['94081']).toMatchObject({
      offers: 1,
      seats: 5,
      applications: 3,
      pupils: 4,
      placed: 1,
      placementRate: 0.25,
      seatsPer100Pupils: 125,
      mentors: 1,
      ambassadors: 0,
    });
    expect(communes['94046']).toMatchObject({
      offers: 0,
      seats: 0,
      searchesWithoutResult: 1,
      pupils: 2,
      placed: 0,
      seatsPer100Pupils: 0,
      mentors: 0,
      ambassadors: 1,
    });
  });

  it('covers trades with mentors and ambassadors, and compares the year with the previous one', async () => {
    await knownDataSet();
    const operator = await createPerson(ctx, ['teacher', 'operator']);
    const o = await observatoryAs(operator.headers);
    const cover = Object.fromEntries(o.coverageByDomain.map((d) => [d.code, d]));
    expect(cover.M).toMatchObject({
      mentors: 1,
      ambassadors: 0,
      mentorships: 1,
      visits: 0,
      interestedPupils: 0,
    });
    expect(cover.F).toMatchObject({ mentors: 0, ambassadors: 1, mentorships: 0, visits: 1 });
    expect(cover.D).toMatchObject({ mentors: 0, ambassadors: 0, interestedPupils: 2 });
    expect(
      Object.fromEntries(o.yearOnYear.map((r) => [r.metric, [r.previous, r.current]])),
    ).toEqual({
      offers: [1, 2],
      seats: [2, 9],
      applications: [1, 6],
      applicants: [1, 5],
      wishes: [0, 2],
      searchesWithoutResult: [1, 2],
      placed: [1, 2],
      placementRate: [1, 0.25],
      agreementsSigned: [0, 1],
      mentorshipsStarted: [0, 1],
      visitsDone: [0, 1],
    });
  });

  it('reads facts the refresh job computes: a new application counts once the job has run', async () => {
    const { o1, o1p, p4 } = await knownDataSet();
    const operator = await createPerson(ctx, ['teacher', 'operator']);
    await ctx.handle.db
      .insert(applications)
      .values({ offerId: o1.id, periodId: o1p[1]!.id, studentId: p4, status: 'submitted' });
    const before = await observatoryAs(operator.headers);
    expect(before.totals).toMatchObject({ applications: 6, applicants: 5 });
    expect(before.refreshedAt).not.toBeNull();
    await ctx.app.jobs.send('observatory.refresh', {});
    const after = await observatoryAs(operator.headers);
    expect(after.totals).toMatchObject({ applications: 7, applicants: 6 });
    expect(Date.parse(after.refreshedAt!)).toBeGreaterThanOrEqual(Date.parse(before.refreshedAt!));
  });

  it('answers for the current school year by default and refuses a year out of range', async () => {
    await refreshObservatory(ctx.handle.db);
    const operator = await createPerson(ctx, ['teacher', 'operator']);
    const res = await get('/api/observatory', operator.headers);
    expect(res.statusCode).toBe(200);
    expect(res.json<Observatory>()).toMatchObject({
      schoolYear: Y,
      totals: { offers: 0, pupils: 0, placementRate: null },
    });
    const bad = await get('/api/observatory?year=1999', operator.headers);
    expect(bad.statusCode).toBe(400);
    expect(problemOf(bad).errors?.[0]?.field).toBe('query.year');
  });
});

describe('observatory: each sees their own figures', () => {
  it("a head of school sees their school's pupils only; supply stays the département's", async () => {
    const { s1, s2 } = await knownDataSet();
    const head = await createTeacher(ctx, s1.id, 'school_admin');
    const o = await observatoryAs(head.headers);
    expect(o.scope).toEqual({ kind: 'school', names: ['Collège Un'] });
    expect(o.totals).toEqual({
      offers: 2,
      seats: 9,
      applications: 4,
      applicants: 3,
      wishes: 1,
      searchesWithoutResult: 2,
      pupils: 4,
      placed: 1,
      placementRate: 0.25,
    });
    expect(o.placementBySchool!.map((s) => s.schoolId)).toEqual([s1.id]);
    expect(o.placementByPriority.map((p) => [p.priority, p.pupils, p.placed])).toEqual([
      ['rep_plus', 4, 1],
      ['rep', 0, 0],
      ['none', 0, 0],
    ]);
    expect(o.unplaced!.map((u) => u.schoolId)).toEqual([s1.id]);
    const communes = Object.fromEntries(o.communes.map((c) => [c.code, c]));
    expect(communes['94028']).toMatchObject({
      offers: 1,
      seats: 4,
      applications: 2,
      pupils: 2,
      placed: 1,
    });
    expect(communes['94081']).toMatchObject({
      offers: 1,
      seats: 5,
      applications: 2,
      pupils: 2,
      placed: 0,
    });
    expect(communes['94046']).toMatchObject({ pupils: 0 });
    const domains = Object.fromEntries(o.supplyByDomain.map((d) => [d.code, d]));
    expect(domains.M).toMatchObject({ offers: 1, seats: 4, applications: 2, wishes: 1 });
    const yoy = Object.fromEntries(o.yearOnYear.map((r) => [r.metric, r.current]));
    expect(yoy).toMatchObject({ agreementsSigned: 1, mentorshipsStarted: 1, visitsDone: 1 });

    // The head of the other school sees nothing of the first one.
    const other = await createTeacher(ctx, s2.id, 'school_admin');
    const theirs = await observatoryAs(other.headers);
    expect(theirs.placementBySchool!.map((s) => s.schoolId)).toEqual([s2.id]);
    expect(theirs.totals).toMatchObject({ pupils: 2, placed: 1, applications: 1, wishes: 1 });
    expect(theirs.unplaced!.every((u) => u.schoolId === s2.id)).toBe(true);
    expect(Object.fromEntries(theirs.yearOnYear.map((r) => [r.metric, r.current]))).toMatchObject({
      agreementsSigned: 0,
      mentorshipsStarted: 0,
      visitsDone: 0,
    });
  });

  it('an employer sees their company only: its offers, the pupils who applied and those it hosts', async () => {
    const { c1 } = await knownDataSet();
    const employer = await createEmployer(ctx, c1.id);
    const o = await observatoryAs(employer.headers);
    expect(o.scope).toEqual({ kind: 'company', names: ['Boulangerie Une'] });
    expect(o.totals).toEqual({
      offers: 1,
      seats: 5,
      applications: 3,
      applicants: 3,
      wishes: 0,
      searchesWithoutResult: 2,
      pupils: null,
      placed: 1,
      placementRate: null,
    });
    expect(o.placementBySchool).toBeNull();
    expect(o.unplaced).toBeNull();
    expect(o.placementByPriority).toEqual([
      { priority: 'rep_plus', schools: 1, pupils: 2, placed: 1, rate: 0.5 },
      { priority: 'rep', schools: 0, pupils: 0, placed: 0, rate: null },
      { priority: 'none', schools: 1, pupils: 1, placed: 0, rate: 0 },
    ]);
    expect(o.supplyByTrade.map((t) => [t.code, t.offers, t.applications])).toEqual([
      ['D1102', 1, 3],
      ['F1703', 0, 0],
      ['M1801', 0, 0],
      ['M1805', 0, 0],
    ]);
    const communes = Object.fromEntries(o.communes.map((c) => [c.code, c]));
    expect(communes['94028']).toMatchObject({
      offers: 0,
      seats: 0,
      applications: 0,
      pupils: null,
      mentors: 0,
    });
    expect(communes['94081']).toMatchObject({ offers: 1, seats: 5, applications: 3 });
    const cover = Object.fromEntries(o.coverageByDomain.map((d) => [d.code, d]));
    expect(cover.M).toMatchObject({ mentors: 0, mentorships: 0 });
    expect(cover.F).toMatchObject({ ambassadors: 1, visits: 1, interestedPupils: null });
  });

  it('a teacher, a pupil, a mentor get 403; an employer or head not yet accepted gets 403 too', async () => {
    const { s1, c1 } = await knownDataSet();
    const teacher = await createTeacher(ctx, s1.id);
    const pupilPerson = await createStudent(ctx, { schoolId: s1.id });
    const mentor = await createPerson(ctx, ['mentor']);
    for (const who of [teacher, pupilPerson, mentor]) {
      expect((await get('/api/observatory', who.headers)).statusCode).toBe(403);
      expect((await get('/api/observatory/export/communes', who.headers)).statusCode).toBe(403);
    }
    const loneEmployer = await createPerson(ctx, ['employer']);
    const lone = await get('/api/observatory', loneEmployer.headers);
    expect(lone.statusCode).toBe(403);
    expect(problemOf(lone).detail).toContain('entreprise');
    const { companyMemberships } = await import('@tremplin/db/schema');
    const pendingEmployer = await createPerson(ctx, ['employer']);
    await ctx.handle.db.insert(companyMemberships).values({
      userId: pendingEmployer.id,
      companyId: c1.id,
      role: 'employer',
      status: 'pending',
    });
    expect((await get('/api/observatory', pendingEmployer.headers)).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/observatory' })).statusCode).toBe(401);
  });
});

describe('observatory: CSV exports', () => {
  it('exports a table as UTF-8 with a BOM and ; separators, numbers the French way, and audits it', async () => {
    await knownDataSet();
    const operator = await createPerson(ctx, ['teacher', 'operator']);
    const res = await get(`/api/observatory/export/communes?year=${Y}`, operator.headers);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="observatoire-communes-${Y}-${spring}.csv"`,
    );
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = res.rawPayload.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe(
      'Code INSEE;Commune;Offres;Places;Candidatures;Recherches sans résultat;Élèves habitant la commune;Élèves placés;Taux de placement (%);Places pour 100 élèves;Mentors;Ambassadeurs',
    );
    expect(lines).toContain('94028;Créteil;1;4;3;1;2;1;50;200;1;0');
    expect(lines).toContain('94081;Vitry-sur-Seine;1;5;3;0;4;1;25;125;1;0');

    const schools = await get(`/api/observatory/export/etablissements?year=${Y}`, operator.headers);
    const text = schools.rawPayload.toString('utf8');
    // A name that starts like a formula is defused for spreadsheets.
    expect(text).toContain("'=Collège Formule;Maisons-Alfort;Hors éducation prioritaire;2;0;0");
    expect(text).toContain('Collège Un;Créteil;REP+;4;1;25');

    const evolution = await get(`/api/observatory/export/evolution?year=${Y}`, operator.headers);
    const evolutionLines = evolution.rawPayload.subarray(3).toString('utf8').split('\r\n');
    expect(evolutionLines[0]).toBe(`Indicateur;${Y - 1}-${Y};${Y}-${spring};Évolution (%)`);
    expect(evolutionLines).toContain('Places;2;9;350');
    expect(evolutionLines).toContain('Taux de placement (%);100;25;');

    const audit = await ctx.handle.db
      .select({ data: auditLog.data })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'observatory.exported'), eq(auditLog.actorId, operator.id)));
    expect(audit.map((a) => a.data)).toContainEqual({
      table: 'communes',
      year: Y,
      scope: 'departement',
    });
  });

  it("a head of school exports their school's rows only; an employer has no school tables", async () => {
    const { s1, c1 } = await knownDataSet();
    const head = await createTeacher(ctx, s1.id, 'school_admin');
    const res = await get(`/api/observatory/export/etablissements?year=${Y}`, head.headers);
    const rows = res.rawPayload.subarray(3).toString('utf8').trim().split('\r\n');
    expect(rows).toEqual([
      'Établissement;Commune;Éducation prioritaire;Élèves;Élèves placés;Taux (%)',
      'Collège Un;Créteil;REP+;4;1;25',
    ]);
    const employer = await createEmployer(ctx, c1.id);
    expect((await get('/api/observatory/export/etablissements', employer.headers)).statusCode).toBe(
      404,
    );
    expect((await get('/api/observatory/export/sans-stage', employer.headers)).statusCode).toBe(
      404,
    );
    expect((await get('/api/observatory/export/domaines', employer.headers)).statusCode).toBe(200);
    const unknown = await get('/api/observatory/export/everything', employer.headers);
    expect(unknown.statusCode).toBe(400);
    expect(problemOf(unknown).errors?.[0]?.field).toBe('params.table');
  });
});

describe("observatory: the employer's yearly impact report", () => {
  it('counts pupils hosted, from REP/REP+, by trade and level, and the people’s activity', async () => {
    const { c1 } = await knownDataSet();
    const employer = await createEmployer(ctx, c1.id);
    const res = await get(`/api/observatory/impact?year=${Y}`, employer.headers);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<ImpactReport>();
    expect(report.company).toMatchObject({
      id: c1.id,
      name: 'Boulangerie Une',
      communeName: 'Vitry-sur-Seine',
    });
    expect(report.hosted).toEqual({
      pupils: 1,
      repPlus: 1,
      rep: 0,
      other: 0,
      completed: 0,
      schools: 1,
      previousYear: 0,
    });
    expect(report.byTrade).toEqual([{ code: 'D1102', label: expect.any(String), pupils: 1 }]);
    expect(report.byLevel).toEqual([{ level: '3e', pupils: 1 }]);
    expect(report.offers).toEqual({ offers: 1, seats: 5, applications: 3 });
    expect(report.mentoring).toEqual({ mentors: 0, mentorships: 0, sessionsDone: 0 });
    expect(report.ambassadors).toEqual({
      ambassadors: 2,
      visits: 1,
      pupilsReached: 22,
      schools: 1,
    });
    expect(report.challenges).toEqual({ challenges: 1, teams: 1, schools: 1 });

    const pdf = await get(`/api/observatory/impact/pdf?year=${Y}`, employer.headers);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const doc = await PDFDocument.load(pdf.rawPayload);
    expect(doc.getTitle()).toBe(`Bilan ${Y}–${spring} de Boulangerie Une avec Tremplin`);
  });

  it("refuses another company's report, asks an operator which company, and keeps heads of school out", async () => {
    const { c1, c2, s1 } = await knownDataSet();
    const employer = await createEmployer(ctx, c2.id);
    const theirs = await get(`/api/observatory/impact?companyId=${c1.id}`, employer.headers);
    expect(theirs.statusCode).toBe(404);
    const mine = await get(`/api/observatory/impact?year=${Y}`, employer.headers);
    expect(mine.json<ImpactReport>()).toMatchObject({
      company: { id: c2.id },
      hosted: { pupils: 0 },
      mentoring: { mentors: 2, mentorships: 1 },
    });
    const operator = await createPerson(ctx, ['teacher', 'operator']);
    const which = await get('/api/observatory/impact', operator.headers);
    expect(which.statusCode).toBe(400);
    expect(problemOf(which).errors?.[0]?.field).toBe('query.companyId');
    const any = await get(`/api/observatory/impact?companyId=${c1.id}&year=${Y}`, operator.headers);
    expect(any.json<ImpactReport>().hosted.pupils).toBe(1);
    const head = await createTeacher(ctx, s1.id, 'school_admin');
    expect((await get('/api/observatory/impact', head.headers)).statusCode).toBe(403);

    // An employer of two companies chooses.
    const both = await createEmployer(ctx, c1.id);
    const { companyMemberships } = await import('@tremplin/db/schema');
    await ctx.handle.db
      .insert(companyMemberships)
      .values({ userId: both.id, companyId: c2.id, role: 'employer', status: 'active' });
    const choose = await get('/api/observatory/impact', both.headers);
    expect(choose.statusCode).toBe(400);
    expect(problemOf(choose).errors?.[0]?.field).toBe('query.companyId');
    const list = await get('/api/observatory/impact/companies', both.headers);
    expect(list.json<{ name: string }[]>().map((c) => c.name)).toEqual([
      'Boulangerie Une',
      'Numérique Deux',
    ]);
  });
});
