import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { applications, students } from '@tremplin/db/schema';
import { createCompany, createOffer, createSchool, createStudent } from './factories.js';
import { createOperator, setupApp } from './helper.js';
import { parisToday } from '../src/modules/agreements/dates.js';
import { offerCards } from '../src/modules/offers/repository.js';
import { SearchCaches } from '../src/modules/offers/search-cache.js';

// As in production: searches answered from memory, told by the database what changed.
const ctx = setupApp({ searchCacheSeconds: 30 });

interface Page {
  total: number;
  origin?: { kind: string; lat: number; lon: number };
  items: { title: string; seatsLeft: number }[];
}

describe('search answered from memory', () => {
  it('keeps matches, cards and profiles in memory, and drops them when the database announces a change, whoever made it', async () => {
    const company = await createCompany(ctx);
    const first = await createOffer(ctx, { companyId: company.id, title: 'Premier' });
    const school = await createSchool(ctx);
    const pupil = await createStudent(ctx, { schoolId: school.id });
    const operator = await createOperator(ctx);
    // Two more pupils of the school, who take places below.
    const unannounced = await createStudent(ctx, { schoolId: school.id });
    const other = await createStudent(ctx, { schoolId: school.id });
    const search = () =>
      ctx.app
        .inject({ method: 'GET', url: '/api/offers', headers: pupil.headers })
        .then((r) => r.json() as Page);
    expect((await search()).items).toEqual([expect.objectContaining({ seatsLeft: 3 })]);

    // The answer does come from memory: an application the database does not announce (its
    // triggers off for that transaction) is not counted.
    const accept = (studentId: string) => ({
      offerId: first.offer.id,
      periodId: first.periods[0]!.id,
      studentId,
      status: 'accepted' as const,
    });
    await ctx.handle.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.insert(applications).values(accept(unannounced.id));
    });
    expect((await search()).items).toEqual([expect.objectContaining({ seatsLeft: 3 })]);

    // Written straight into the database, as another API process would: announced, then seen
    // (both places taken now).
    await ctx.handle.db.insert(applications).values(accept(other.id));
    await expect.poll(async () => (await search()).items[0]?.seatsLeft).toBe(1);
    await createOffer(ctx, { companyId: company.id, title: 'Second' });
    await expect.poll(async () => (await search()).total).toBe(2);

    // A pupil's profile too: moving home moves where distances are measured from.
    const before = (await search()).origin;
    await ctx.handle.db
      .update(students)
      .set({ homeCommuneCode: '94081' })
      .where(eq(students.userId, pupil.id));
    await expect.poll(async () => (await search()).origin).not.toEqual(before);

    // A change made through the API is seen by the next search, without waiting.
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

describe('result cards', () => {
  it('reads the cards that searches miss in the same turn of the event loop with one statement', async () => {
    const company = await createCompany(ctx);
    const a = await createOffer(ctx, { companyId: company.id, title: 'Carte A' });
    const b = await createOffer(ctx, { companyId: company.id, title: 'Carte B' });
    const today = parisToday();
    // The real statement, its calls counted.
    let statements = 0;
    const caches = new SearchCaches(60_000, (...args) => {
      statements++;
      return offerCards(...args);
    });
    const db = ctx.handle.db;
    const [first, second] = await Promise.all([
      caches.offerCards(
        db,
        [{ id: a.offer.id }, { id: 'a1b2c3d4-0000-4000-8000-000000000000' }],
        today,
      ),
      caches.offerCards(db, [{ id: b.offer.id }, { id: a.offer.id }], today),
    ]);
    expect(first.map((card) => card?.title)).toEqual(['Carte A', undefined]);
    expect(second.map((card) => card?.title)).toEqual(['Carte B', 'Carte A']);
    expect(statements).toBe(1);
    // From memory afterwards, the missing offer included.
    await caches.offerCards(
      db,
      [{ id: 'a1b2c3d4-0000-4000-8000-000000000000' }, { id: b.offer.id }],
      today,
    );
    expect(statements).toBe(1);
  });
});
