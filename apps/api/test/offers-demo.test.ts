import { describe, expect, it } from 'vitest';
import { readReferenceData } from '@tremplin/db';
import { stageWeeks, users } from '@tremplin/db/schema';
import { demoOfferDefinitions, seedOffers } from '@tremplin/db/seed/offers';
import { checkOffer } from '../src/modules/offers/stage-rules.js';
import { createCompany, createSchool, createStudent } from './factories.js';
import { setupApp } from './helper.js';

const ctx = setupApp();

describe('demo offers', () => {
  it('all follow the stage rules (hours of a minor, 3e school weeks, 2de late June)', () => {
    const { holidayRows } = readReferenceData();
    for (const offer of demoOfferDefinitions) {
      const breaches = checkOffer(
        {
          levels: offer.levels,
          schedule: offer.schedule,
          periods: offer.periods.map((p) => ({
            startDate: p.start,
            endDate: p.end,
            seats: p.seats,
            reservedSeats: p.reserved ?? 0,
            reservedUntil: p.reserved ? '2026-12-18' : null,
          })),
        },
        { holidays: holidayRows },
      );
      expect({ title: offer.title, breaches }).toEqual({ title: offer.title, breaches: [] });
    }
    expect(demoOfferDefinitions.length).toBeGreaterThanOrEqual(20);
    expect(new Set(demoOfferDefinitions.map((o) => o.company)).size).toBe(6);
  });

  it('are found by a 3e pupil of a REP+ collège in their stage weeks, reserved seats included', async () => {
    const companyIds = [];
    for (let i = 0; i < 6; i++) companyIds.push((await createCompany(ctx)).id);
    const [creator] = await ctx.handle.db
      .insert(users)
      .values({ displayName: 'Émile Employeur' })
      .returning();
    await seedOffers(ctx.handle.db, { companyIds, createdBy: creator!.id });
    const school = await createSchool(ctx, { priority: 'rep_plus' });
    await ctx.handle.db.insert(stageWeeks).values([
      { schoolId: school.id, level: '3e', startDate: '2027-01-18', endDate: '2027-01-22' },
      { schoolId: school.id, level: '3e', startDate: '2027-02-01', endDate: '2027-02-05' },
    ]);
    const pupil = await createStudent(ctx, { schoolId: school.id, level: '3e' });
    const response = await ctx.app.inject({
      method: 'GET',
      url: '/api/offers?pageSize=50',
      headers: pupil.headers,
    });
    const body = response.json();
    expect(body.total).toBeGreaterThanOrEqual(8);
    expect(body.items.some((o: { reservedForMe: boolean }) => o.reservedForMe)).toBe(true);
  });
});
