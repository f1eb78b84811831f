// The audit log: sensitive actions leave an entry, the operator reads and filters them, nobody
// else does, and the database itself refuses to change or remove an entry.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '@tremplin/db';
import { auditLog } from '@tremplin/db/schema';
import { recordAudit } from '../../src/modules/audit/repository.js';
import { createPerson, createSchool, createTeacher } from '../factories.js';
import { createOperator, type Person, problemOf, registerPerson, setupApp } from '../helper.js';

const ctx = setupApp();

function get(person: Person | null, url: string) {
  return ctx.app.inject({ method: 'GET', url, headers: person?.headers ?? {} });
}

describe('GET /api/audit', () => {
  it('shows the operator role changes and exports, newest first, with who did them', async () => {
    const operator = await createOperator(ctx);
    const mentor = await registerPerson(ctx.app, { role: 'mentor', displayName: 'Maëlle Mentor' });
    const granted = await ctx.app.inject({
      method: 'POST',
      url: `/api/users/${mentor.id}/roles`,
      headers: operator.headers,
      payload: { role: 'ambassador' },
    });
    expect(granted.statusCode).toBe(200);
    expect((await get(mentor, '/api/me/export')).statusCode).toBe(200);

    const response = await get(operator, '/api/audit');
    expect(response.statusCode).toBe(200);
    const page = response.json();
    expect(page.total).toBe(2);
    expect(page.items.map((e: { action: string }) => e.action)).toEqual([
      'privacy.exported',
      'role.granted',
    ]);
    expect(page.items[1]).toMatchObject({
      actor: { id: operator.id, status: 'active' },
      subjectType: 'user',
      subjectId: mentor.id,
      data: { role: 'ambassador' },
    });
  });

  it('filters by family of actions, subject, actor and Paris days', async () => {
    const operator = await createOperator(ctx);
    const other = await createPerson(ctx, ['teacher']);
    // 23:30 UTC on 20 November is 00:30 on the 21st in Paris.
    await ctx.handle.db.insert(auditLog).values({
      at: new Date('2026-11-20T23:30:00Z'),
      actorId: other.id,
      action: 'agreement.signed',
      subjectType: 'agreement',
      subjectId: 'a1',
    });
    await recordAudit(ctx.handle.db, {
      actorId: operator.id,
      action: 'agreement.created',
      subjectType: 'agreement',
      subjectId: 'a2',
    });
    await recordAudit(ctx.handle.db, {
      actorId: operator.id,
      action: 'agreements_x.other',
      subjectType: 'thing',
    });
    const actions = async (query: string) =>
      (await get(operator, `/api/audit?${query}`))
        .json()
        .items.map((e: { subjectId: string | null; action: string }) => e.subjectId ?? e.action);

    expect(await actions('action=agreement')).toEqual(['a2', 'a1']);
    expect(await actions('action=agreement.signed')).toEqual(['a1']);
    expect(await actions('subjectType=agreement&subjectId=a2')).toEqual(['a2']);
    expect(await actions(`actorId=${other.id}`)).toEqual(['a1']);
    expect(await actions('from=2026-11-21&to=2026-11-21')).toEqual(['a1']);
    expect(await actions('to=2026-11-20')).toEqual([]);
    const paged = (await get(operator, '/api/audit?pageSize=1&page=2')).json();
    expect(paged).toMatchObject({ total: 3, page: 2, pageSize: 1 });
    expect(paged.items).toHaveLength(1);

    const counts = (await get(operator, '/api/audit/actions')).json();
    expect(counts).toEqual([
      { action: 'agreement.created', count: 1 },
      { action: 'agreement.signed', count: 1 },
      { action: 'agreements_x.other', count: 1 },
    ]);
  });

  it('refuses bad filters with 400 naming the field', async () => {
    const operator = await createOperator(ctx);
    const reversed = await get(operator, '/api/audit?from=2026-11-21&to=2026-11-01');
    expect(reversed.statusCode).toBe(400);
    expect(problemOf(reversed).errors?.[0]?.field).toBe('query.to');
    const injected = await get(operator, `/api/audit?action=${encodeURIComponent("x' or 1=1")}`);
    expect(injected.statusCode).toBe(400);
    expect(problemOf(injected).errors?.[0]?.field).toBe('query.action');
  });

  it('is closed to everyone but operators: 401 signed out, 403 for a head of school', async () => {
    const school = await createSchool(ctx);
    const head = await createTeacher(ctx, school.id, 'school_admin');
    expect((await get(null, '/api/audit')).statusCode).toBe(401);
    expect((await get(head, '/api/audit')).statusCode).toBe(403);
    expect((await get(head, '/api/audit/actions')).statusCode).toBe(403);
  });
});

describe('the audit log table', () => {
  it('lets a person be deleted outright: their entries stay, without the actor', async () => {
    const person = await createPerson(ctx, ['teacher']);
    await recordAudit(ctx.handle.db, {
      actorId: person.id,
      action: 'test.kept',
      subjectType: 'test',
    });
    await ctx.handle.db.execute(sql`delete from users where id = ${person.id}`);
    const rows = await queryRows<{ action: string; actor_id: string | null }>(
      ctx.handle.db,
      sql`select action, actor_id from audit_log`,
    );
    expect(rows).toEqual([{ action: 'test.kept', actor_id: null }]);
  });

  it('refuses updates and deletions of an entry (append-only)', async () => {
    await recordAudit(ctx.handle.db, { actorId: null, action: 'test.kept', subjectType: 'test' });
    await expect(
      ctx.handle.db.execute(sql`update audit_log set action = 'test.changed'`),
    ).rejects.toThrow();
    await expect(ctx.handle.db.execute(sql`delete from audit_log`)).rejects.toThrow();
    const rows = await queryRows<{ action: string }>(
      ctx.handle.db,
      sql`select action from audit_log`,
    );
    expect(rows).toEqual([{ action: 'test.kept' }]);
  });
});
