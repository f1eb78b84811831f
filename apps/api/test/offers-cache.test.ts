import { describe, expect, it } from 'vitest';
import { applications } from '@tremplin/db/schema';
import { createCompany, createOffer, createSchool, createStudent } from './factories.js';
import { createOperator, setupApp } from './helper.js';

// As in production: identical searches answered from memory for a few seconds.
const ctx = setupApp({ searchCacheSeconds: 30 });

describe('search answered from memory', () => {
  it('remembers which offers match an identical search (seats stay live), and forgets it when an offer changes through the API', async () => {
    const company = await createCompany(ctx);
    const first = await createOffer(ctx, { companyId: company.id, title: 'Premier' });
    const school = await createSchool(ctx);
    const pupil = await createStudent(ctx, { schoolId: school.id });
    const operator = await createOperator(ctx);
    const search = () =>
      ctx.app
        .inject({ method: 'GET', url: '/api/offers', headers: pupil.headers })
        .then((r) => r.json() as { total: number; items: { title: string; seatsLeft: number }[] });
    expect((await search()).items).toEqual([expect.objectContaining({ seatsLeft: 3 })]);

    // Seats are read fresh even when the match comes from memory.
    const other = await createStudent(ctx, { schoolId: school.id });
    await ctx.handle.db.insert(applications).values({
      offerId: first.offer.id,
      periodId: first.periods[0]!.id,
      studentId: other.id,
      status: 'accepted',
    });
    expect((await search()).items).toEqual([expect.objectContaining({ seatsLeft: 2 })]);

    // Written straight into the database, behind the API's back: not seen until the cache goes.
    await createOffer(ctx, { companyId: company.id, title: 'Second' });
    expect((await search()).total).toBe(1);

    // A change made through the API clears it at once.
    const suspended = await ctx.app.inject({
      method: 'POST',
      url: `/api/offers/${first.offer.id}/suspend`,
      headers: operator.headers,
      payload: { reason: 'Vérification' },
    });
    expect(suspended.statusCode).toBe(200);
    const after = await search();
    expect(after.items.map((o) => o.title)).toEqual(['Second']);
  });
});
