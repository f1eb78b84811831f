// The skills passport: the pupil's entries from every source, their own reflections (written,
// edited, deleted), the choice of what the PDF shows, the PDF itself, and who else may read it
// (a teacher of the pupil's school, read-only) or not (anyone else: 403 or 404).
import { inflateSync } from 'node:zlib';
import { and, eq } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type { Passport, PassportEntry } from '@tremplin/contracts';
import { auditLog, offerSearches, passportEntries, users } from '@tremplin/db/schema';
import { seedDemo } from '@tremplin/db/seed/demo';
import { parisToday } from '../src/modules/agreements/dates.js';
import {
  createClass,
  createCompany,
  createEmployer,
  createPerson,
  createSchool,
  createStudent,
  createTeacher,
} from './factories.js';
import { problemOf, setupApp } from './helper.js';

const ctx = setupApp();
const today = parisToday(new Date());
const tomorrow = new Date(Date.parse(`${today}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Every text drawn in a PDF made by pdf-lib (hex strings in its deflated content streams). */
function pdfText(bytes: Buffer): string {
  const raw = bytes.toString('latin1');
  let text = '';
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw))) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    try {
      const content = inflateSync(Buffer.from(raw.slice(start, end), 'latin1')).toString('latin1');
      for (const hex of content.matchAll(/<([0-9A-Fa-f]+)>\s*Tj/g)) {
        text += `${Buffer.from(hex[1]!, 'hex').toString('latin1')}\n`;
      }
    } catch {
      // not a deflated stream
    }
  }
  return text;
}

/** A pupil of a REP+ collège in 3e A, with one entry of each source, as the other modules write them. */
async function pupilWithEntries() {
  const school = await createSchool(ctx, { name: 'Collège des Passeports' });
  const klass = await createClass(ctx, { schoolId: school.id, name: '3e A' });
  const pupil = await createStudent(ctx, {
    schoolId: school.id,
    classId: klass.id,
    firstName: 'Nora',
    lastName: 'Passeport',
  });
  const source = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
  await ctx.handle.db.insert(passportEntries).values([
    {
      studentId: pupil.id,
      kind: 'stage',
      sourceType: 'agreement',
      sourceId: source(1),
      title: "Stage d'observation chez Boulangerie Test",
      description: 'Découverte du fournil — du 11/01/2027 au 15/01/2027.',
      appraisal: 'Très curieuse et ponctuelle.',
      occurredOn: '2026-10-05',
    },
    {
      studentId: pupil.id,
      kind: 'module',
      sourceType: 'module_activity',
      sourceId: source(2),
      title: 'Atelier : mes centres d’intérêt',
      occurredOn: '2026-09-20',
    },
    {
      studentId: pupil.id,
      kind: 'visit',
      sourceType: 'module_activity',
      sourceId: source(3),
      title: 'Rencontre avec une électricienne',
      occurredOn: '2026-10-12',
    },
    {
      studentId: pupil.id,
      kind: 'mentoring',
      sourceType: 'mentorship',
      sourceId: source(4),
      title: 'Mentorat avec Maud',
      appraisal: 'Des progrès nets à l’oral.',
      occurredOn: '2026-11-02',
    },
    {
      studentId: pupil.id,
      kind: 'challenge',
      sourceType: 'challenge_team',
      sourceId: source(5),
      title: 'Challenge « Pain du futur »',
      appraisal: 'Classement du jury : 2e sur 5 équipes.',
      occurredOn: '2026-11-10',
    },
  ]);
  return { school, klass, pupil };
}

const get = (url: string, headers: Record<string, string>) =>
  ctx.app.inject({ method: 'GET', url, headers });

describe('passport: the pupil', () => {
  it('sees every entry with its source and date, newest first; all shown by default', async () => {
    const { pupil } = await pupilWithEntries();
    const res = await get('/api/passport', pupil.headers);
    expect(res.statusCode).toBe(200);
    const passport = res.json<Passport>();
    expect(passport.readOnly).toBe(false);
    expect(passport.student).toMatchObject({
      id: pupil.id,
      name: 'Nora Passeport',
      schoolName: 'Collège des Passeports',
      className: '3e A',
      level: '3e',
    });
    expect(passport.entries.map((e) => [e.kind, e.occurredOn])).toEqual([
      ['challenge', '2026-11-10'],
      ['mentoring', '2026-11-02'],
      ['visit', '2026-10-12'],
      ['stage', '2026-10-05'],
      ['module', '2026-09-20'],
    ]);
    const stage = passport.entries.find((e) => e.kind === 'stage')!;
    expect(stage).toMatchObject({
      sourceType: 'agreement',
      sourceLabel: 'Stage en entreprise (convention signée)',
      appraisal: 'Très curieuse et ponctuelle.',
      visible: true,
      editable: false,
    });
    expect(passport.entries.find((e) => e.kind === 'visit')!.sourceLabel).toContain('ambassadeur');
  });

  it('a pupil without any entry or school record still has an empty passport', async () => {
    const pupil = await createPerson(ctx, ['student']);
    const res = await get('/api/passport', pupil.headers);
    expect(res.statusCode).toBe(200);
    expect(res.json<Passport>()).toMatchObject({
      entries: [],
      student: { id: pupil.id, schoolName: null, className: null },
    });
  });

  it('writes a reflection of their own, edits its words and date, hides it, deletes it', async () => {
    const { pupil } = await pupilWithEntries();
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/passport/entries',
      headers: pupil.headers,
      payload: { title: '  Ce que je retiens  ', description: 'J’aime le travail en équipe.' },
    });
    expect(created.statusCode).toBe(201);
    const entry = created.json<PassportEntry>();
    expect(entry).toMatchObject({
      kind: 'reflection',
      sourceType: null,
      sourceLabel: 'Écrit par l’élève',
      title: 'Ce que je retiens',
      occurredOn: today,
      visible: true,
      editable: true,
    });

    const edited = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/passport/entries/${entry.id}`,
      headers: pupil.headers,
      payload: {
        description: 'J’aime le travail en équipe et expliquer.',
        occurredOn: '2026-11-01',
      },
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json<PassportEntry>()).toMatchObject({
      title: 'Ce que je retiens',
      description: 'J’aime le travail en équipe et expliquer.',
      occurredOn: '2026-11-01',
    });

    const hidden = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/passport/entries/${entry.id}`,
      headers: pupil.headers,
      payload: { visible: false },
    });
    expect(hidden.json<PassportEntry>().visible).toBe(false);

    const deleted = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/passport/entries/${entry.id}`,
      headers: pupil.headers,
    });
    expect(deleted.statusCode).toBe(200);
    const after = await get('/api/passport', pupil.headers);
    expect(after.json<Passport>().entries).toHaveLength(5);
    expect(after.json<Passport>().entries.some((e) => e.id === entry.id)).toBe(false);
  });

  it('refuses an empty title, a future date or an unknown field, naming the field, and saves nothing', async () => {
    const { pupil } = await pupilWithEntries();
    const cases = [
      [{ title: '   ', description: 'Texte' }, 'body.title'],
      [{ title: 'Titre', description: '' }, 'body.description'],
      [{ title: 'Titre', description: 'Texte', occurredOn: tomorrow }, 'body.occurredOn'],
      [{ title: 'Titre', description: 'Texte', occurredOn: '2026-02-30' }, 'body.occurredOn'],
      [{ title: 'x'.repeat(121), description: 'Texte' }, 'body.title'],
    ] as const;
    for (const [payload, field] of cases) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/passport/entries',
        headers: pupil.headers,
        payload,
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(problemOf(res).errors?.map((e) => e.field)).toContain(field);
    }
    const rows = await ctx.handle.db
      .select({ id: passportEntries.id })
      .from(passportEntries)
      .where(eq(passportEntries.studentId, pupil.id));
    expect(rows).toHaveLength(5);
  });

  it('may hide an entry from a stage but not rewrite or delete it; the entry is left as it was', async () => {
    const { pupil } = await pupilWithEntries();
    const stage = (await get('/api/passport', pupil.headers))
      .json<Passport>()
      .entries.find((e) => e.kind === 'stage')!;
    const rewrite = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/passport/entries/${stage.id}`,
      headers: pupil.headers,
      payload: { title: 'Stage chez la NASA', visible: false },
    });
    expect(rewrite.statusCode).toBe(400);
    expect(problemOf(rewrite).errors?.[0]).toMatchObject({
      field: 'body.title',
      code: 'entry.readOnly',
    });
    const remove = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/passport/entries/${stage.id}`,
      headers: pupil.headers,
    });
    expect(remove.statusCode).toBe(409);
    const [row] = await ctx.handle.db
      .select()
      .from(passportEntries)
      .where(eq(passportEntries.id, stage.id));
    expect(row).toMatchObject({ title: stage.title, visible: true });

    const hide = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/passport/entries/${stage.id}`,
      headers: pupil.headers,
      payload: { visible: false },
    });
    expect(hide.statusCode).toBe(200);
    expect(hide.json<PassportEntry>()).toMatchObject({ title: stage.title, visible: false });
  });

  it("cannot touch another pupil's entry: 404, and the entry is unchanged", async () => {
    const { pupil } = await pupilWithEntries();
    const other = await createStudent(ctx, { schoolId: (await createSchool(ctx)).id });
    const [mine] = await ctx.handle.db
      .insert(passportEntries)
      .values({
        studentId: pupil.id,
        kind: 'reflection',
        title: 'À moi',
        description: 'Mon texte',
        occurredOn: '2026-11-01',
      })
      .returning();
    for (const [method, payload] of [
      ['PATCH', { title: 'Volé' }],
      ['PATCH', { visible: false }],
      ['DELETE', undefined],
    ] as const) {
      const res = await ctx.app.inject({
        method,
        url: `/api/passport/entries/${mine!.id}`,
        headers: other.headers,
        payload,
      });
      expect(res.statusCode).toBe(404);
    }
    const [row] = await ctx.handle.db
      .select()
      .from(passportEntries)
      .where(eq(passportEntries.id, mine!.id));
    expect(row).toMatchObject({ title: 'À moi', visible: true });
    // The other pupil's own passport never lists it.
    expect((await get('/api/passport', other.headers)).json<Passport>().entries).toEqual([]);
  });

  it('chooses at once what to show; identifiers of someone else are ignored', async () => {
    const { pupil } = await pupilWithEntries();
    const other = await createStudent(ctx, { schoolId: (await createSchool(ctx)).id });
    const [theirs] = await ctx.handle.db
      .insert(passportEntries)
      .values({
        studentId: other.id,
        kind: 'reflection',
        title: 'À l’autre',
        occurredOn: '2026-11-01',
        visible: false,
      })
      .returning();
    const entries = (await get('/api/passport', pupil.headers)).json<Passport>().entries;
    const keep = entries
      .filter((e) => e.kind === 'stage' || e.kind === 'challenge')
      .map((e) => e.id);
    const res = await ctx.app.inject({
      method: 'PUT',
      url: '/api/passport/visibility',
      headers: pupil.headers,
      payload: { visible: [...keep, theirs!.id] },
    });
    expect(res.statusCode).toBe(200);
    const shown = res
      .json<Passport>()
      .entries.filter((e) => e.visible)
      .map((e) => e.kind)
      .sort();
    expect(shown).toEqual(['challenge', 'stage']);
    const [their] = await ctx.handle.db
      .select({ visible: passportEntries.visible })
      .from(passportEntries)
      .where(eq(passportEntries.id, theirs!.id));
    expect(their!.visible).toBe(false);

    const none = await ctx.app.inject({
      method: 'PUT',
      url: '/api/passport/visibility',
      headers: pupil.headers,
      payload: { visible: [] },
    });
    expect(none.json<Passport>().entries.every((e) => !e.visible)).toBe(true);
    const bad = await ctx.app.inject({
      method: 'PUT',
      url: '/api/passport/visibility',
      headers: pupil.headers,
      payload: { visible: ['not-a-uuid'] },
    });
    expect(bad.statusCode).toBe(400);
    expect(problemOf(bad).errors?.[0]?.field).toMatch(/^body\.visible/);
  });

  it('exports a PDF of the visible entries only, and the export is audited', async () => {
    const { pupil } = await pupilWithEntries();
    const entries = (await get('/api/passport', pupil.headers)).json<Passport>().entries;
    const mentoring = entries.find((e) => e.kind === 'mentoring')!;
    await ctx.app.inject({
      method: 'PATCH',
      url: `/api/passport/entries/${mentoring.id}`,
      headers: pupil.headers,
      payload: { visible: false },
    });
    await ctx.app.inject({
      method: 'POST',
      url: '/api/passport/entries',
      headers: pupil.headers,
      payload: { title: 'Mon projet', description: 'Devenir boulangère, ou ingénieure.' },
    });
    const res = await get('/api/passport/pdf', pupil.headers);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain('passeport');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const doc = await PDFDocument.load(res.rawPayload);
    expect(doc.getTitle()).toBe('Passeport de compétences de Nora Passeport');
    const text = pdfText(res.rawPayload);
    expect(text).toContain('Nora Passeport');
    expect(text).toContain("Stage d'observation chez Boulangerie Test");
    expect(text).toContain('Appréciation : Très curieuse et ponctuelle.');
    expect(text).toContain('Rencontre avec une électricienne');
    expect(text).toContain('Mon projet');
    expect(text).toContain('Devenir boulangère, ou ingénieure.');
    expect(text).not.toContain('Mentorat avec Maud');
    const audit = await ctx.handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'passport.exported'), eq(auditLog.actorId, pupil.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.data).toEqual({ entries: 5 });
  });
});

describe('passport: who else may read it', () => {
  it("a teacher of the pupil's school reads every entry, hidden ones included, read-only", async () => {
    const { school, pupil } = await pupilWithEntries();
    const teacher = await createTeacher(ctx, school.id);
    const head = await createTeacher(ctx, school.id, 'school_admin');
    const stage = (await get('/api/passport', pupil.headers))
      .json<Passport>()
      .entries.find((e) => e.kind === 'stage')!;
    await ctx.app.inject({
      method: 'PATCH',
      url: `/api/passport/entries/${stage.id}`,
      headers: pupil.headers,
      payload: { visible: false },
    });
    for (const reader of [teacher, head]) {
      const res = await get(`/api/passports/${pupil.id}`, reader.headers);
      expect(res.statusCode).toBe(200);
      const passport = res.json<Passport>();
      expect(passport.readOnly).toBe(true);
      expect(passport.student.name).toBe('Nora Passeport');
      expect(passport.entries).toHaveLength(5);
      expect(passport.entries.find((e) => e.id === stage.id)!.visible).toBe(false);
    }
    // Read-only: the pupil's routes are not theirs.
    const write = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/passport/entries/${stage.id}`,
      headers: teacher.headers,
      payload: { visible: true },
    });
    expect(write.statusCode).toBe(403);
    const pdf = await get('/api/passport/pdf', teacher.headers);
    expect(pdf.statusCode).toBe(403);
  });

  it('a teacher of another school, a pending teacher, an employer, a classmate or an operator gets 404', async () => {
    const { school, pupil } = await pupilWithEntries();
    const elsewhere = await createTeacher(ctx, (await createSchool(ctx)).id);
    expect((await get(`/api/passports/${pupil.id}`, elsewhere.headers)).statusCode).toBe(404);

    const pending = await createPerson(ctx, ['teacher']);
    const { schoolMemberships } = await import('@tremplin/db/schema');
    await ctx.handle.db
      .insert(schoolMemberships)
      .values({ userId: pending.id, schoolId: school.id, role: 'teacher', status: 'pending' });
    expect((await get(`/api/passports/${pupil.id}`, pending.headers)).statusCode).toBe(404);

    const employer = await createEmployer(ctx, (await createCompany(ctx)).id);
    expect((await get(`/api/passports/${pupil.id}`, employer.headers)).statusCode).toBe(404);
    expect((await get('/api/passport', employer.headers)).statusCode).toBe(403);

    const classmate = await createStudent(ctx, { schoolId: school.id });
    expect((await get(`/api/passports/${pupil.id}`, classmate.headers)).statusCode).toBe(404);

    const operator = await createPerson(ctx, ['teacher', 'operator']);
    expect((await get(`/api/passports/${pupil.id}`, operator.headers)).statusCode).toBe(404);

    // A teacher asking for someone who is not a pupil at all: 404 too.
    const teacher = await createTeacher(ctx, school.id);
    expect((await get(`/api/passports/${employer.id}`, teacher.headers)).statusCode).toBe(404);
    expect((await get('/api/passports/not-a-uuid', teacher.headers)).statusCode).toBe(400);
  });

  it('the demo seed gives the demo pupil her own reflection and the observatory searches without result', async () => {
    expect(await seedDemo(ctx.handle.db, { hashPassword: async () => 'not-a-real-hash' })).toBe(
      true,
    );
    const [ines] = await ctx.handle.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, 'eleve@demo.tremplin.fr'));
    const entries = await ctx.handle.db
      .select({ kind: passportEntries.kind, sourceType: passportEntries.sourceType })
      .from(passportEntries)
      .where(eq(passportEntries.studentId, ines!.id));
    expect(entries).toContainEqual({ kind: 'reflection', sourceType: null });
    const searches = await ctx.handle.db
      .select({ results: offerSearches.results, at: offerSearches.at })
      .from(offerSearches);
    expect(searches.length).toBeGreaterThan(20);
    expect(searches.every((s) => s.results === 0 && s.at.getTime() <= Date.now())).toBe(true);
  });

  it('needs a session', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/passport' });
    expect(res.statusCode).toBe(401);
  });
});
