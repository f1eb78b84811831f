import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { userRoles, users } from '@tremplin/db/schema';
import { registerPerson, setupApp, type Person } from './helper.js';

// As in production: who a session names is kept in memory, and the database says when it changed.
const ctx = setupApp({ sessionCacheSeconds: 30 });

const me = (person: Person) =>
  ctx.app.inject({ method: 'GET', url: '/api/me', headers: person.headers });

describe('sessions answered from memory', () => {
  it('keeps who a token names, and forgets it the moment the database announces a suspension or a role change', async () => {
    const teacher = await registerPerson(ctx.app, { role: 'teacher' });
    expect((await me(teacher)).statusCode).toBe(200);

    // The answer does come from memory: a suspension the database does not announce (its
    // triggers off for that transaction) is not seen...
    await ctx.handle.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.update(users).set({ status: 'suspended' }).where(eq(users.id, teacher.id));
    });
    expect((await me(teacher)).statusCode).toBe(200);
    // ...one that is announced, as any change by any process or job is, ends the session.
    await ctx.handle.db.update(users).set({ status: 'suspended' }).where(eq(users.id, teacher.id));
    await expect.poll(async () => (await me(teacher)).statusCode).toBe(401);

    // A role taken away straight in the database: the next requests are refused what it allowed.
    const other = await registerPerson(ctx.app, { role: 'teacher' });
    const ambassadors = async () =>
      (await ctx.app.inject({ method: 'GET', url: '/api/ambassadors', headers: other.headers }))
        .statusCode;
    expect(await ambassadors()).toBe(200);
    await ctx.handle.db.delete(userRoles).where(eq(userRoles.userId, other.id));
    await expect.poll(ambassadors).toBe(403);
  });

  it('refuses a token at once after signing out through the API', async () => {
    const pupil = await registerPerson(ctx.app);
    expect((await me(pupil)).statusCode).toBe(200);
    const out = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: pupil.headers,
    });
    expect(out.statusCode).toBe(200);
    expect((await me(pupil)).statusCode).toBe(401);
  });
});
