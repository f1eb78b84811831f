import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  applications,
  auditLog,
  notifications,
  offerPeriods,
  offerReports,
  offerSearches,
  offers,
  stageWeeks,
} from '@tremplin/db/schema';
import {
  createCompany,
  createEmployer,
  createOffer,
  createPerson,
  createSchool,
  createStudent,
  legalSchedule,
} from './factories.js';
import { createOperator, problemOf, setupApp, type Person } from './helper.js';

const ctx = setupApp();

/** A valid offer for 3e: a week of January 2027 in school time, a legal schedule. */
function offerBody(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Découverte de la boulangerie',
    description: 'Observer la fabrication du pain et la vente en boutique.',
    tradeCodes: ['D1102'],
    levels: ['3e'],
    periods: [{ startDate: '2027-01-11', endDate: '2027-01-15', seats: 2 }],
    schedule: legalSchedule,
    tutorName: 'Martine Tutrice',
    tutorRole: 'Gérante',
    tutorEmail: 'martine@example.test',
    ...overrides,
  };
}

async function employerWithCompany(overrides: Parameters<typeof createCompany>[1] = {}) {
  const company = await createCompany(ctx, overrides);
  const employer = await createEmployer(ctx, company.id);
  return { company, employer };
}

function post(person: Person, url: string, payload?: unknown) {
  return ctx.app.inject({ method: 'POST', url, headers: person.headers, payload: payload ?? {} });
}

function get(person: Person, url: string) {
  return ctx.app.inject({ method: 'GET', url, headers: person.headers });
}

async function apply(offerId: string, periodId: string, studentId: string, status = 'submitted') {
  await ctx.handle.db.insert(applications).values({
    offerId,
    periodId,
    studentId,
    status: status as 'submitted',
  });
}

describe('posting an offer', () => {
  it('creates a draft with the company’s address and coordinates, hidden from pupils', async () => {
    const { company, employer } = await employerWithCompany();
    const response = await post(employer, '/api/offers', offerBody());
    expect(response.statusCode).toBe(201);
    const offer = response.json();
    expect(offer).toMatchObject({
      status: 'draft',
      companyId: company.id,
      address: company.address,
      communeCode: company.communeCode,
      lat: company.lat,
      lon: company.lon,
      tutorEmail: 'martine@example.test',
      mine: true,
      trades: [{ code: 'D1102', label: expect.any(String) }],
    });
    expect(offer.periods).toEqual([
      expect.objectContaining({ startDate: '2027-01-11', seats: 2, seatsLeft: 2 }),
    ]);
    const school = await createSchool(ctx);
    const pupil = await createStudent(ctx, { schoolId: school.id });
    expect((await get(pupil, `/api/offers/${offer.id}`)).statusCode).toBe(404);
  });

  it('refuses an illegal schedule with every breach named beside its field, saving nothing', async () => {
    const { employer } = await employerWithCompany();
    const schedule = [
      { day: 1, start: '09:00', end: '16:30', breaks: [] },
      ...legalSchedule.slice(1),
    ];
    const response = await post(employer, '/api/offers', offerBody({ schedule }));
    expect(response.statusCode).toBe(400);
    const problem = problemOf(response);
    expect(problem.code).toBe('offer.rules');
    expect(problem.errors).toEqual([
      {
        field: 'body.schedule.0',
        code: 'schedule.dailyHours',
        message: 'Lundi : 7 h 30 de présence, au-delà des 7 h par jour autorisées pour un mineur.',
      },
      expect.objectContaining({ field: 'body.schedule.0.breaks', code: 'schedule.breakRequired' }),
    ]);
    const rows = await ctx.handle.db.select({ id: offers.id }).from(offers);
    expect(rows).toHaveLength(0);
  });

  it('refuses a 3e week in the school holidays, a period in the past and bad seats, all at once', async () => {
    const { employer } = await employerWithCompany();
    const response = await post(
      employer,
      '/api/offers',
      offerBody({
        periods: [
          { startDate: '2027-02-08', endDate: '2027-02-12', seats: 2 },
          { startDate: '2025-01-06', endDate: '2025-01-10', seats: 2 },
          {
            startDate: '2027-01-18',
            endDate: '2027-01-22',
            seats: 1,
            reservedSeats: 2,
            reservedUntil: '2027-01-10',
          },
        ],
      }),
    );
    expect(response.statusCode).toBe(400);
    const fields = problemOf(response).errors!.map((e) => [e.field, e.code]);
    expect(fields).toEqual(
      expect.arrayContaining([
        ['body.periods.0', 'period.schoolHolidays'],
        ['body.periods.1.startDate', 'period.past'],
        ['body.periods.2.reservedSeats', 'period.reserved'],
      ]),
    );
    expect(
      problemOf(response).errors!.find((e) => e.field === 'body.periods.0')!.message,
    ).toContain("vacances d'hiver 2027");
  });

  it('refuses unknown trade codes and a malformed body, naming the field', async () => {
    const { employer } = await employerWithCompany();
    const unknown = await post(
      employer,
      '/api/offers',
      offerBody({ tradeCodes: ['D1102', 'A9999'] }),
    );
    expect(unknown.statusCode).toBe(400);
    expect(problemOf(unknown).errors).toEqual([
      expect.objectContaining({ field: 'body.tradeCodes.1', code: 'trade.unknown' }),
    ]);
    const malformed = await post(employer, '/api/offers', offerBody({ title: '' }));
    expect(malformed.statusCode).toBe(400);
    expect(problemOf(malformed).errors!.map((e) => e.field)).toContain('body.title');
  });

  it('refuses pupils and employers without a company', async () => {
    const school = await createSchool(ctx);
    const pupil = await createStudent(ctx, { schoolId: school.id });
    expect((await post(pupil, '/api/offers', offerBody())).statusCode).toBe(403);
    const loner = await createPerson(ctx, ['employer']);
    const response = await post(loner, '/api/offers', offerBody());
    expect(response.statusCode).toBe(403);
    expect(problemOf(response).detail).toContain('aucune entreprise');
  });

  it('asks an employer of two companies which one hosts the stage', async () => {
    const { company, employer } = await employerWithCompany();
    const other = await createCompany(ctx);
    const { companyMemberships } = await import('@tremplin/db/schema');
    await ctx.handle.db
      .insert(companyMemberships)
      .values({ userId: employer.id, companyId: other.id, role: 'employer', status: 'active' });
    const unsure = await post(employer, '/api/offers', offerBody());
    expect(unsure.statusCode).toBe(400);
    expect(problemOf(unsure).errors![0]!.field).toBe('body.companyId');
    const chosen = await post(employer, '/api/offers', offerBody({ companyId: other.id }));
    expect(chosen.statusCode).toBe(201);
    expect(chosen.json().companyId).toBe(other.id);
    expect(chosen.json().companyId).not.toBe(company.id);
  });
});

describe('publishing, closing, archiving, duplicating', () => {
  it('publishes a valid draft, which then shows up in search', async () => {
    const { employer } = await employerWithCompany();
    const created = (await post(employer, '/api/offers', offerBody())).json();
    const published = await post(employer, `/api/offers/${created.id}/publish`);
    expect(published.statusCode).toBe(200);
    expect(published.json().status).toBe('published');
    const again = await post(employer, `/api/offers/${created.id}/publish`);
    expect(again.statusCode).toBe(409);
    const school = await createSchool(ctx);
    const pupil = await createStudent(ctx, { schoolId: school.id });
    const found = (await get(pupil, '/api/offers?q=boulangerie')).json();
    expect(found.items.map((o: { id: string }) => o.id)).toEqual([created.id]);
  });

  it('refuses to publish a draft whose stored schedule breaks the rules, naming the rule', async () => {
    const { company, employer } = await employerWithCompany();
    const { offer } = await createOffer(ctx, {
      companyId: company.id,
      status: 'draft',
      publishedAt: null,
      schedule: [{ day: 1, start: '05:00', end: '09:00', breaks: [] }],
    });
    const response = await post(employer, `/api/offers/${offer.id}/publish`);
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'schedule.0.start', code: 'schedule.tooEarly' }),
        expect.objectContaining({ field: 'periods.0', code: 'period.fiveDays' }),
      ]),
    );
    const [row] = await ctx.handle.db.select().from(offers).where(eq(offers.id, offer.id));
    expect(row!.status).toBe('draft');
  });

  it('refuses to publish an offer whose periods are all past', async () => {
    const { company, employer } = await employerWithCompany();
    const { offer } = await createOffer(ctx, {
      companyId: company.id,
      status: 'draft',
      periods: [{ startDate: '2026-01-12', endDate: '2026-01-16' }],
    });
    const response = await post(employer, `/api/offers/${offer.id}/publish`);
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).errors!.map((e) => e.code)).toContain('periods.past');
  });

  it('closes a published offer (gone from search) and archives it; another company cannot', async () => {
    const { company, employer } = await employerWithCompany();
    const { offer } = await createOffer(ctx, { companyId: company.id, title: 'Atelier vélo' });
    const stranger = (await employerWithCompany()).employer;
    expect((await post(stranger, `/api/offers/${offer.id}/close`)).statusCode).toBe(404);
    const closed = await post(employer, `/api/offers/${offer.id}/close`);
    expect(closed.json().status).toBe('closed');
    const school = await createSchool(ctx);
    const pupil = await createStudent(ctx, { schoolId: school.id });
    expect((await get(pupil, '/api/offers?q=velo')).json().total).toBe(0);
    expect((await post(employer, `/api/offers/${offer.id}/close`)).statusCode).toBe(409);
    const archived = await post(employer, `/api/offers/${offer.id}/archive`);
    expect(archived.json().status).toBe('archived');
    const edit = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/offers/${offer.id}`,
      headers: employer.headers,
      payload: { title: 'Nouveau titre' },
    });
    expect(edit.statusCode).toBe(409);
  });

  it('duplicates an offer as a draft with its periods', async () => {
    const { company, employer } = await employerWithCompany();
    const { offer } = await createOffer(ctx, {
      companyId: company.id,
      title: 'Mécanique auto',
      periods: [{}, { startDate: '2027-01-18', endDate: '2027-01-22', seats: 4 }],
    });
    const response = await post(employer, `/api/offers/${offer.id}/duplicate`);
    expect(response.statusCode).toBe(201);
    const copy = response.json();
    expect(copy).toMatchObject({ status: 'draft', title: 'Mécanique auto (copie)' });
    expect(copy.id).not.toBe(offer.id);
    expect(copy.periods.map((p: { seats: number }) => p.seats)).toEqual([3, 4]);
    const stranger = (await employerWithCompany()).employer;
    expect((await post(stranger, `/api/offers/${offer.id}/duplicate`)).statusCode).toBe(404);
  });
});

describe('editing an offer', () => {
  it('edits a published offer and keeps a period’s applications when the period is kept', async () => {
    const { company, employer } = await employerWithCompany();
    const { offer, periods } = await createOffer(ctx, { companyId: company.id });
    const school = await createSchool(ctx);
    const pupil = await createStudent(ctx, { schoolId: school.id });
    await apply(offer.id, periods[0]!.id, pupil.id);
    const response = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/offers/${offer.id}`,
      headers: employer.headers,
      payload: {
        title: 'Titre revu',
        periods: [
          { id: periods[0]!.id, startDate: '2027-01-11', endDate: '2027-01-15', seats: 5 },
          { startDate: '2027-01-18', endDate: '2027-01-22', seats: 1 },
        ],
      },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().title).toBe('Titre revu');
    expect(response.json().status).toBe('published');
    expect(response.json().periods.map((p: { seats: number }) => p.seats)).toEqual([5, 1]);
    const kept = await ctx.handle.db
      .select()
      .from(applications)
      .where(eq(applications.periodId, periods[0]!.id));
    expect(kept).toHaveLength(1);
  });

  it('refuses to remove a period with live applications, and changes nothing', async () => {
    const { company, employer } = await employerWithCompany();
    const { offer, periods } = await createOffer(ctx, {
      companyId: company.id,
      periods: [{}, { startDate: '2027-01-18', endDate: '2027-01-22' }],
    });
    const school = await createSchool(ctx);
    const pupil = await createStudent(ctx, { schoolId: school.id });
    await apply(offer.id, periods[0]!.id, pupil.id, 'accepted');
    const response = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/offers/${offer.id}`,
      headers: employer.headers,
      payload: {
        title: 'Ne doit pas changer',
        periods: [{ id: periods[1]!.id, startDate: '2027-01-18', endDate: '2027-01-22', seats: 3 }],
      },
    });
    expect(response.statusCode).toBe(409);
    expect(problemOf(response).code).toBe('period.hasApplications');
    const left = await ctx.handle.db
      .select({ id: offerPeriods.id })
      .from(offerPeriods)
      .where(eq(offerPeriods.offerId, offer.id));
    expect(left).toHaveLength(2);
    const [row] = await ctx.handle.db.select().from(offers).where(eq(offers.id, offer.id));
    expect(row!.title).toBe(offer.title);
    expect(await ctx.handle.db.select().from(applications)).toHaveLength(1);
  });

  it('removes a period without applications', async () => {
    const { company, employer } = await employerWithCompany();
    const { offer, periods } = await createOffer(ctx, {
      companyId: company.id,
      periods: [{}, { startDate: '2027-01-18', endDate: '2027-01-22' }],
    });
    const response = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/offers/${offer.id}`,
      headers: employer.headers,
      payload: {
        periods: [{ id: periods[0]!.id, startDate: '2027-01-11', endDate: '2027-01-15', seats: 3 }],
      },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().periods).toHaveLength(1);
  });

  it('refuses fewer seats than already taken and moving the dates of a period with applications', async () => {
    const { company, employer } = await employerWithCompany();
    const { offer, periods } = await createOffer(ctx, { companyId: company.id });
    const school = await createSchool(ctx);
    for (const status of ['accepted', 'confirmed']) {
      const pupil = await createStudent(ctx, { schoolId: school.id });
      await apply(offer.id, periods[0]!.id, pupil.id, status);
    }
    const response = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/offers/${offer.id}`,
      headers: employer.headers,
      payload: {
        periods: [{ id: periods[0]!.id, startDate: '2027-01-18', endDate: '2027-01-22', seats: 1 }],
      },
    });
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).errors!.map((e) => [e.field, e.code])).toEqual([
      ['body.periods.0.startDate', 'period.datesLocked'],
      ['body.periods.0.seats', 'period.seatsBelowTaken'],
    ]);
  });

  it('checks the rules on the offer as it would become (a new schedule against kept periods)', async () => {
    const { company, employer } = await employerWithCompany();
    const { offer } = await createOffer(ctx, { companyId: company.id });
    const response = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/offers/${offer.id}`,
      headers: employer.headers,
      payload: { schedule: legalSchedule.slice(0, 4) },
    });
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).errors).toEqual([
      expect.objectContaining({ field: 'body.periods.0', code: 'period.fiveDays' }),
    ]);
  });

  it('answers 404 to an employer of another company', async () => {
    const { company } = await employerWithCompany();
    const { offer } = await createOffer(ctx, { companyId: company.id });
    const stranger = (await employerWithCompany()).employer;
    const response = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/offers/${offer.id}`,
      headers: stranger.headers,
      payload: { title: 'Piratage' },
    });
    expect(response.statusCode).toBe(404);
  });
});

describe('my offers', () => {
  it('lists my companies’ offers with seats and applications, not others’', async () => {
    const { company, employer } = await employerWithCompany();
    const { offer, periods } = await createOffer(ctx, { companyId: company.id, title: 'À moi' });
    await createOffer(ctx, { companyId: (await createCompany(ctx)).id, title: 'Pas à moi' });
    const school = await createSchool(ctx);
    const pupil = await createStudent(ctx, { schoolId: school.id });
    await apply(offer.id, periods[0]!.id, pupil.id, 'accepted');
    const list = (await get(employer, '/api/offers/mine')).json();
    expect(list).toEqual([
      expect.objectContaining({
        id: offer.id,
        title: 'À moi',
        status: 'published',
        seats: 3,
        seatsLeft: 2,
        applications: 1,
        periodCount: 1,
      }),
    ]);
  });
});

describe('reading an offer', () => {
  it('shows a pupil the periods and seats left but never the tutor’s e-mail', async () => {
    const { company, employer } = await employerWithCompany();
    const { offer } = await createOffer(ctx, {
      companyId: company.id,
      tutorEmail: 'tuteur@example.test',
    });
    const school = await createSchool(ctx);
    const pupil = await createStudent(ctx, { schoolId: school.id });
    const seen = (await get(pupil, `/api/offers/${offer.id}`)).json();
    expect(seen.tutorEmail).toBeUndefined();
    expect(seen.tutorName).toBe('Martine Tutrice');
    expect(seen.periods[0]).toMatchObject({ seatsLeft: 3 });
    expect(seen.periods[0].liveApplications).toBeUndefined();
    expect(seen.mine).toBe(false);
    const own = (await get(employer, `/api/offers/${offer.id}`)).json();
    expect(own.tutorEmail).toBe('tuteur@example.test');
    expect(own.mine).toBe(true);
  });

  it('holds reserved seats for REP/REP+ pupils until their release date', async () => {
    const { company } = await employerWithCompany();
    const { offer } = await createOffer(ctx, {
      companyId: company.id,
      periods: [{ seats: 3, reservedSeats: 2, reservedUntil: '2027-01-04' }],
    });
    const rep = await createSchool(ctx, { priority: 'rep' });
    const plain = await createSchool(ctx, { priority: 'none' });
    const repPupil = await createStudent(ctx, { schoolId: rep.id });
    const otherPupil = await createStudent(ctx, { schoolId: plain.id });
    const forRep = (await get(repPupil, `/api/offers/${offer.id}`)).json();
    const forOther = (await get(otherPupil, `/api/offers/${offer.id}`)).json();
    expect(forRep.periods[0].seatsLeft).toBe(3);
    expect(forRep.reservedForMe).toBe(true);
    expect(forOther.periods[0].seatsLeft).toBe(1);
    expect(forOther.reservedForMe).toBe(false);
    // A REP pupil accepted takes a reserved seat: the others still have their one seat.
    await apply(offer.id, forRep.periods[0].id, repPupil.id, 'accepted');
    const after = (await get(otherPupil, `/api/offers/${offer.id}`)).json();
    expect(after.periods[0].seatsLeft).toBe(1);
    const afterRep = (await get(repPupil, `/api/offers/${offer.id}`)).json();
    expect(afterRep.periods[0]).toMatchObject({ seatsLeft: 2, reservedLeft: 1 });
  });

  it('releases reserved seats to everyone after the release date', async () => {
    const { company } = await employerWithCompany();
    const { offer } = await createOffer(ctx, {
      companyId: company.id,
      periods: [{ seats: 3, reservedSeats: 2, reservedUntil: '2026-11-01' }],
    });
    const plain = await createSchool(ctx, { priority: 'none' });
    const pupil = await createStudent(ctx, { schoolId: plain.id });
    const seen = (await get(pupil, `/api/offers/${offer.id}`)).json();
    expect(seen.periods[0]).toMatchObject({ seatsLeft: 3, reservedLeft: 0 });
  });
});

describe('searching offers', () => {
  async function world() {
    const school = await createSchool(ctx, { priority: 'none' });
    const pupil = await createStudent(ctx, { schoolId: school.id, homeCommuneCode: '94028' });
    const near = await createCompany(ctx, { communeCode: '94028', lat: 48.78, lon: 2.46 });
    const far = await createCompany(ctx, { communeCode: '94068', lat: 48.8, lon: 2.52 });
    const electricity = await createOffer(ctx, {
      companyId: near.id,
      title: 'Électricité du bâtiment',
      description: 'Voir un chantier d’installation électrique.',
      tradeCodes: ['F1602'],
      searchText: 'electricite du batiment voir un chantier d installation electrique electricien',
      lat: 48.78,
      lon: 2.46,
      communeCode: '94028',
    });
    const bakery = await createOffer(ctx, {
      companyId: far.id,
      title: 'Boulangerie artisanale',
      description: 'Fabrication du pain.',
      tradeCodes: ['D1102'],
      searchText: 'boulangerie artisanale fabrication du pain boulanger',
      lat: 48.8,
      lon: 2.52,
      communeCode: '94068',
      accessible: true,
    });
    const june = await createOffer(ctx, {
      companyId: far.id,
      title: 'Pharmacie en seconde',
      tradeCodes: ['J1202'],
      levels: ['2de'],
      searchText: 'pharmacie en seconde',
      periods: [{ startDate: '2027-06-21', endDate: '2027-06-25' }],
    });
    return { school, pupil, electricity, bakery, june };
  }

  const ids = (body: { items: { id: string }[] }) => body.items.map((o) => o.id);

  it('finds words without accents, stemmed in French, ranked by relevance', async () => {
    const { pupil, electricity } = await world();
    const body = (await get(pupil, '/api/offers?q=electricite')).json();
    expect(ids(body)).toEqual([electricity.offer.id]);
    const stemmed = (await get(pupil, '/api/offers?q=installations%20%C3%A9lectriques')).json();
    expect(ids(stemmed)).toEqual([electricity.offer.id]);
  });

  it('filters by trade letter, code prefix or exact code, by commune and by accessibility', async () => {
    const { pupil, electricity, bakery } = await world();
    expect(ids((await get(pupil, '/api/offers?trade=F')).json())).toEqual([electricity.offer.id]);
    expect(ids((await get(pupil, '/api/offers?trade=D11')).json())).toEqual([bakery.offer.id]);
    expect(ids((await get(pupil, '/api/offers?trade=D1102')).json())).toEqual([bakery.offer.id]);
    expect(ids((await get(pupil, '/api/offers?commune=94028')).json())).toEqual([
      electricity.offer.id,
    ]);
    expect(ids((await get(pupil, '/api/offers?accessible=true')).json())).toEqual([
      bakery.offer.id,
    ]);
  });

  it('defaults a pupil to their level, measures distance from home and filters by radius', async () => {
    const { pupil, electricity, bakery } = await world();
    const body = (await get(pupil, '/api/offers?sort=distance')).json();
    // The 2de offer is not for a 3e pupil.
    expect(ids(body)).toEqual([electricity.offer.id, bakery.offer.id]);
    expect(body.level).toBe('3e');
    expect(body.origin.kind).toBe('home');
    expect(body.items[0].distanceKm).toBeLessThan(body.items[1].distanceKm);
    const near = (await get(pupil, '/api/offers?radiusKm=2')).json();
    expect(ids(near)).toEqual([electricity.offer.id]);
    const point = (await get(pupil, '/api/offers?near=point&lat=48.8&lon=2.52&radiusKm=1')).json();
    expect(ids(point)).toEqual([bakery.offer.id]);
    const june = (await get(pupil, '/api/offers?level=2de')).json();
    expect(june.total).toBe(1);
  });

  it('defaults a pupil to their school’s stage weeks, unless every date is asked for', async () => {
    const { school, pupil, electricity } = await world();
    await createOffer(ctx, {
      companyId: (await createCompany(ctx)).id,
      title: 'Semaine de mars',
      periods: [{ startDate: '2027-03-08', endDate: '2027-03-12' }],
    });
    await ctx.handle.db
      .insert(stageWeeks)
      .values({ schoolId: school.id, level: '3e', startDate: '2027-01-11', endDate: '2027-01-15' });
    const inWeeks = (await get(pupil, '/api/offers')).json();
    expect(inWeeks.dates).toEqual([{ startDate: '2027-01-11', endDate: '2027-01-15' }]);
    expect(ids(inWeeks)).toContain(electricity.offer.id);
    expect(inWeeks.items.map((o: { title: string }) => o.title)).not.toContain('Semaine de mars');
    const all = (await get(pupil, '/api/offers?anyDate=true')).json();
    expect(all.items.map((o: { title: string }) => o.title)).toContain('Semaine de mars');
    const march = (await get(pupil, '/api/offers?dateFrom=2027-03-01&dateTo=2027-03-31')).json();
    expect(march.items.map((o: { title: string }) => o.title)).toEqual(['Semaine de mars']);
  });

  it('shows reserved seats to REP pupils only and filters on them', async () => {
    const repSchool = await createSchool(ctx, { priority: 'rep_plus' });
    const repPupil = await createStudent(ctx, { schoolId: repSchool.id });
    const otherPupil = await createStudent(ctx, {
      schoolId: (await createSchool(ctx, { priority: 'none' })).id,
    });
    const company = await createCompany(ctx);
    const reserved = await createOffer(ctx, {
      companyId: company.id,
      periods: [{ seats: 2, reservedSeats: 2, reservedUntil: '2027-01-04' }],
    });
    await createOffer(ctx, { companyId: company.id });
    const forRep = (await get(repPupil, '/api/offers?reserved=true')).json();
    expect(ids(forRep)).toEqual([reserved.offer.id]);
    expect(forRep.priorityPupil).toBe(true);
    expect(forRep.items[0]).toMatchObject({ seatsLeft: 2, reservedForMe: true });
    const forOther = (await get(otherPupil, '/api/offers')).json();
    const seen = forOther.items.find((o: { id: string }) => o.id === reserved.offer.id);
    expect(seen).toMatchObject({ seatsLeft: 0, reservedForMe: false });
  });

  it('pages results with the total, and hides drafts, suspended and closed offers', async () => {
    const company = await createCompany(ctx);
    for (let i = 0; i < 5; i++) await createOffer(ctx, { companyId: company.id });
    await createOffer(ctx, { companyId: company.id, status: 'draft' });
    await createOffer(ctx, { companyId: company.id, status: 'closed' });
    await createOffer(ctx, {
      companyId: company.id,
      suspendedAt: new Date(),
      suspendedReason: 'x',
    });
    const teacher = await createPerson(ctx, ['teacher']);
    const first = (await get(teacher, '/api/offers?pageSize=2')).json();
    expect(first).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(first.items).toHaveLength(2);
    const third = (await get(teacher, '/api/offers?pageSize=2&page=3')).json();
    expect(third.items).toHaveLength(1);
    const beyond = (await get(teacher, '/api/offers?pageSize=2&page=9')).json();
    expect(beyond).toMatchObject({ total: 5, items: [] });
    const all = new Set([
      ...ids(first),
      ...ids((await get(teacher, '/api/offers?pageSize=2&page=2')).json()),
      ...ids(third),
    ]);
    expect(all.size).toBe(5);
  });

  it('records a search that found nothing, without who searched, within a second or two', async () => {
    const { pupil } = await world();
    const body = (await get(pupil, '/api/offers?trade=A1101&commune=94001')).json();
    expect(body.total).toBe(0);
    // Empty searches are written together, a moment after the answer (empty-searches.ts); an
    // earlier test's may land too, so only this one's are looked at.
    const mine = () =>
      ctx.handle.db.select().from(offerSearches).where(eq(offerSearches.communeCode, '94001'));
    await expect.poll(mine, { timeout: 5000 }).toHaveLength(1);
    expect(await mine()).toEqual([
      expect.objectContaining({
        tradeCodes: ['A1101'],
        communeCode: '94001',
        level: '3e',
        results: 0,
      }),
    ]);
  });

  it('refuses a radius without an origin and bad filters, naming the field', async () => {
    const teacher = await createPerson(ctx, ['teacher']);
    const radius = await get(teacher, '/api/offers?radiusKm=5');
    expect(radius.statusCode).toBe(400);
    expect(problemOf(radius).errors![0]!.field).toBe('query.radiusKm');
    const trade = await get(teacher, '/api/offers?trade=Z12');
    expect(trade.statusCode).toBe(400);
    expect(problemOf(trade).errors![0]!.field).toBe('query.trade');
    // The message says what is expected, and the summary speaks words, not field paths.
    expect(problemOf(trade).errors![0]!.message).toBe(
      'Code métier invalide : une lettre de A à N, suivie ou non de 1 à 4 chiffres (par exemple M1805).',
    );
    expect(problemOf(trade).detail).toBe(problemOf(trade).errors![0]!.message);
    const dates = await get(teacher, '/api/offers?dateFrom=2027-02-01&dateTo=2027-01-01');
    expect(problemOf(dates).errors![0]!.field).toBe('query.dateTo');
    expect((await ctx.app.inject({ method: 'GET', url: '/api/offers' })).statusCode).toBe(401);
  });
});

describe('offers for you', () => {
  it('recommends offers matching the pupil’s interests first and says why', async () => {
    const school = await createSchool(ctx, { priority: 'rep' });
    const pupil = await createStudent(ctx, {
      schoolId: school.id,
      interests: ['F1602'],
      homeCommuneCode: '94028',
    });
    const company = await createCompany(ctx);
    const electric = await createOffer(ctx, {
      companyId: company.id,
      title: 'Électricien',
      tradeCodes: ['F1602'],
    });
    await createOffer(ctx, { companyId: company.id, title: 'Boulanger', tradeCodes: ['D1102'] });
    await createOffer(ctx, {
      companyId: company.id,
      title: 'Complet',
      tradeCodes: ['F1602'],
      periods: [{ seats: 1 }],
    }).then(async ({ offer, periods }) => {
      const other = await createStudent(ctx, { schoolId: school.id });
      await apply(offer.id, periods[0]!.id, other.id, 'confirmed');
    });
    const response = await get(pupil, '/api/offers/recommended?limit=5');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.basis).toMatchObject({ interests: 1, origin: 'home', priority: 'rep' });
    expect(body.items[0].offer.id).toBe(electric.offer.id);
    expect(body.items[0].reasons[0]).toMatchObject({
      criterion: 'trade',
      match: 'fiche',
      trade: { code: 'F1602' },
    });
    // A full offer is never recommended.
    expect(body.items.map((i: { offer: { title: string } }) => i.offer.title)).not.toContain(
      'Complet',
    );
    expect(body.items).toHaveLength(2);
  });

  it('is for pupils only', async () => {
    const { employer } = await employerWithCompany();
    expect((await get(employer, '/api/offers/recommended')).statusCode).toBe(403);
  });
});

describe('reports and moderation', () => {
  it('lets a pupil report an offer once, and an operator see and dismiss the report', async () => {
    const { company } = await employerWithCompany();
    const { offer } = await createOffer(ctx, { companyId: company.id, title: 'Offre douteuse' });
    const school = await createSchool(ctx);
    const pupil = await createStudent(ctx, { schoolId: school.id });
    const operator = await createOperator(ctx);
    const reason = 'On me demande de porter des charges lourdes.';
    expect((await post(pupil, `/api/offers/${offer.id}/reports`, { reason })).statusCode).toBe(201);
    expect((await post(pupil, `/api/offers/${offer.id}/reports`, { reason })).statusCode).toBe(409);
    const tooShort = await post(pupil, `/api/offers/${offer.id}/reports`, { reason: 'x' });
    expect(problemOf(tooShort).errors![0]!.field).toBe('body.reason');
    const told = await ctx.handle.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, operator.id));
    expect(told.map((n) => n.kind)).toEqual(['offer.reported']);
    expect((await get(pupil, '/api/offer-reports')).statusCode).toBe(403);
    const reports = (await get(operator, '/api/offer-reports')).json();
    expect(reports).toEqual([
      expect.objectContaining({ offerId: offer.id, offerTitle: 'Offre douteuse', reason }),
    ]);
    const resolved = await post(operator, `/api/offer-reports/${reports[0].id}/resolve`);
    expect(resolved.statusCode).toBe(200);
    expect((await post(operator, `/api/offer-reports/${reports[0].id}/resolve`)).statusCode).toBe(
      404,
    );
    expect((await get(operator, '/api/offer-reports')).json()).toEqual([]);
  });

  it('suspends an offer: gone from search at once, reports resolved, audited, employers told', async () => {
    const { company, employer } = await employerWithCompany();
    const { offer } = await createOffer(ctx, { companyId: company.id, title: 'Cuisine' });
    const school = await createSchool(ctx);
    const pupil = await createStudent(ctx, { schoolId: school.id });
    const operator = await createOperator(ctx);
    await post(pupil, `/api/offers/${offer.id}/reports`, { reason: 'Horaires de nuit annoncés.' });
    expect(
      (await post(pupil, `/api/offers/${offer.id}/suspend`, { reason: 'non' })).statusCode,
    ).toBe(403);
    const suspended = await post(operator, `/api/offers/${offer.id}/suspend`, {
      reason: 'Horaires à vérifier',
    });
    expect(suspended.statusCode).toBe(200);
    expect(suspended.json()).toMatchObject({
      suspended: true,
      suspendedReason: 'Horaires à vérifier',
    });
    expect((await get(pupil, '/api/offers?q=cuisine')).json().total).toBe(0);
    expect((await get(pupil, `/api/offers/${offer.id}`)).statusCode).toBe(404);
    // The company still sees it, with the reason.
    expect((await get(employer, `/api/offers/${offer.id}`)).json().suspendedReason).toBe(
      'Horaires à vérifier',
    );
    const open = await ctx.handle.db.select().from(offerReports);
    expect(open[0]!.resolvedBy).toBe(operator.id);
    const audit = await ctx.handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'offer.suspended'), eq(auditLog.subjectId, offer.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorId).toBe(operator.id);
    const told = await ctx.handle.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, employer.id));
    expect(told.map((n) => n.kind)).toEqual(['offer.suspended']);
    expect(
      (await post(operator, `/api/offers/${offer.id}/suspend`, { reason: 'encore' })).statusCode,
    ).toBe(409);

    const suspendedList = (await get(operator, '/api/offers/suspended')).json();
    expect(suspendedList).toEqual([
      expect.objectContaining({
        id: offer.id,
        suspended: true,
        suspendedReason: 'Horaires à vérifier',
      }),
    ]);
    expect((await get(employer, '/api/offers/suspended')).statusCode).toBe(403);

    const lifted = await post(operator, `/api/offers/${offer.id}/unsuspend`, {
      reason: 'Horaires corrigés',
    });
    expect(lifted.json().suspended).toBe(false);
    expect((await get(pupil, '/api/offers?q=cuisine')).json().total).toBe(1);
    const missing = await post(
      operator,
      '/api/offers/00000000-0000-4000-8000-000000000000/suspend',
      {
        reason: 'rien',
      },
    );
    expect(missing.statusCode).toBe(404);
  });
});

describe('communes outlines', () => {
  it('serves the 47 communes as cacheable GeoJSON, with an ETag', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/communes/outlines' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/geo+json');
    expect(response.headers['cache-control']).toContain('max-age');
    const body = response.json();
    expect(body.type).toBe('FeatureCollection');
    expect(body.features).toHaveLength(47);
    expect(body.features[0].properties).toEqual({ code: '94001', name: 'Ablon-sur-Seine' });
    const again = await ctx.app.inject({
      method: 'GET',
      url: '/api/communes/outlines',
      headers: { 'if-none-match': String(response.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
  });
});
