// Agreements: prefilled from the platform, seen only by those concerned, signed once by each of
// the four parties (the guardian through a single-use link), or by a scanned paper copy; closed
// after the stage into the pupil's passport; and rendered as a PDF that says who signed.
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type { Agreement, AgreementPage, GuardianLinkView } from '@tremplin/contracts';
import {
  agreements,
  agreementSignatures,
  applications,
  auditLog,
  emailOutbox,
  guardianLinks,
  notifications,
  passportEntries,
} from '@tremplin/db/schema';
import { createAgreementForApplication } from '../src/modules/agreements/service.js';
import {
  createClass,
  createCompany,
  createEmployer,
  createOffer,
  createPerson,
  createSchool,
  createStudent,
  createTeacher,
} from './factories.js';
import { createOperator, type Person, problemOf, setupApp, type TestContext } from './helper.js';

const ctx = setupApp();

interface Scenario {
  agreementId: string;
  schoolId: string;
  companyId: string;
  pupil: Person;
  teacher: Person;
  head: Person;
  employer: Person;
  offerTitle: string;
}

/** A pupil of 3e B whose application was confirmed, and the agreement it produced. */
async function scenario(
  context: TestContext,
  options: { startDate?: string; endDate?: string; guardianEmail?: string | null } = {},
): Promise<Scenario> {
  const school = await createSchool(context, {
    name: 'Collège Évariste-Galois',
    address: '12 rue des Écoles',
  });
  const company = await createCompany(context, {
    name: 'Boulangerie Crème & Pain',
    address: '3 place du Marché',
  });
  const teacher = await createTeacher(context, school.id);
  const head = await createTeacher(context, school.id, 'school_admin');
  const employer = await createEmployer(context, company.id);
  const klass = await createClass(context, {
    schoolId: school.id,
    teacherId: teacher.id,
    name: `3e B ${Math.random().toString(36).slice(2, 6)}`,
  });
  const pupil = await createStudent(context, {
    schoolId: school.id,
    classId: klass.id,
    firstName: 'Inès',
    lastName: 'Benali-Lefèvre',
    guardianName: 'Karim Benali',
    guardianEmail:
      options.guardianEmail === undefined ? 'karim.benali@example.test' : options.guardianEmail,
  });
  const { offer, periods } = await createOffer(context, {
    companyId: company.id,
    title: 'Découverte de la boulangerie-pâtisserie',
    description: 'Observer le pétrissage, la cuisson et la vente.',
    tutorName: 'Martine Fournière',
    tutorRole: 'Artisane boulangère',
    periods: [
      { startDate: options.startDate ?? '2027-01-11', endDate: options.endDate ?? '2027-01-15' },
    ],
  });
  const [application] = await context.handle.db
    .insert(applications)
    .values({
      offerId: offer.id,
      periodId: periods[0]!.id,
      studentId: pupil.id,
      status: 'confirmed',
    })
    .returning();
  const { agreementId } = await context.handle.db.transaction((tx) =>
    createAgreementForApplication(tx, { applicationId: application!.id }),
  );
  return {
    agreementId,
    schoolId: school.id,
    companyId: company.id,
    pupil,
    teacher,
    head,
    employer,
    offerTitle: offer.title,
  };
}

async function read(id: string, who: Person) {
  return ctx.app.inject({ method: 'GET', url: `/api/agreements/${id}`, headers: who.headers });
}

async function readOk(id: string, who: Person): Promise<Agreement> {
  const response = await read(id, who);
  expect(response.statusCode).toBe(200);
  return response.json() as Agreement;
}

async function sign(id: string, who: Person, as: 'host' | 'school' | 'pupil', version?: string) {
  const v = version ?? (await readOk(id, who)).version;
  return ctx.app.inject({
    method: 'POST',
    url: `/api/agreements/${id}/signatures`,
    headers: { ...who.headers, 'x-forwarded-for': '203.0.113.7' },
    payload: { as, version: v, userAgent: 'Mozilla/5.0 (Test) Firefox/140.0' },
  });
}

async function sendLink(id: string, who: Person) {
  return ctx.app.inject({
    method: 'POST',
    url: `/api/agreements/${id}/guardian-link`,
    headers: who.headers,
  });
}

/** The token of the latest signing link in the outbox (as the guardian reads it in the e-mail). */
async function latestToken(to = 'karim.benali@example.test'): Promise<string> {
  const mails = await ctx.handle.db
    .select({ body: emailOutbox.bodyText, createdAt: emailOutbox.createdAt })
    .from(emailOutbox)
    .where(eq(emailOutbox.toEmail, to));
  const links = mails
    .map((m) => /\/convention\/signer\/([A-Za-z0-9_-]+)/.exec(m.body)?.[1])
    .filter(Boolean) as string[];
  expect(links.length).toBeGreaterThan(0);
  return links[links.length - 1]!;
}

async function openLink(token: string) {
  return ctx.app.inject({ method: 'POST', url: '/api/guardian-links/open', payload: { token } });
}

async function guardianSign(token: string, version: string, signerName = 'Karim Benali') {
  return ctx.app.inject({
    method: 'POST',
    url: '/api/guardian-links/sign',
    headers: { 'x-forwarded-for': '198.51.100.23' },
    payload: { token, signerName, consent: true, version, userAgent: 'Mozilla/5.0 (Phone)' },
  });
}

async function signAllFour(s: Scenario) {
  expect((await sign(s.agreementId, s.employer, 'host')).statusCode).toBe(200);
  expect((await sign(s.agreementId, s.head, 'school')).statusCode).toBe(200);
  expect((await sign(s.agreementId, s.pupil, 'pupil')).statusCode).toBe(200);
  expect((await sendLink(s.agreementId, s.teacher)).statusCode).toBe(200);
  const token = await latestToken();
  const view = (await openLink(token)).json() as GuardianLinkView;
  const response = await guardianSign(token, view.agreement!.version);
  expect(response.statusCode).toBe(200);
}

/** WinAnsi's 0x80–0x9F (where it differs from Latin-1): €, ‚, ƒ, „, …, ‘, ’, “, ”, –, —, Œ, œ… */
const WIN_ANSI_80_9F = [
  '€',
  '',
  '‚',
  'ƒ',
  '„',
  '…',
  '†',
  '‡',
  'ˆ',
  '‰',
  'Š',
  '‹',
  'Œ',
  '',
  'Ž',
  '',
  '',
  '‘',
  '’',
  '“',
  '”',
  '•',
  '–',
  '—',
  '˜',
  '™',
  'š',
  '›',
  'œ',
  '',
  'ž',
  'Ÿ',
];

/** The text drawn on each page of a PDF made by pdf-lib with a standard font (WinAnsi hex strings). */
async function pdfText(bytes: Buffer): Promise<string> {
  const doc = await PDFDocument.load(bytes);
  const decode = (hex: string) =>
    [...Buffer.from(hex, 'hex')]
      .map((b) =>
        b >= 0x80 && b <= 0x9f ? (WIN_ANSI_80_9F[b - 0x80] ?? '?') : String.fromCharCode(b),
      )
      .join('');
  const lines: string[] = [];
  for (const page of doc.getPages()) {
    const contents = page.node.Contents();
    const streams =
      contents instanceof PDFArray
        ? contents.asArray().map((ref) => doc.context.lookup(ref))
        : [contents];
    for (const stream of streams) {
      if (!(stream instanceof PDFRawStream)) continue;
      const operators = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
      for (const match of operators.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) {
        lines.push(decode(match[1]!));
      }
    }
  }
  return lines.join('\n');
}

describe('an agreement made from a confirmed application', () => {
  it('is prefilled with the school, the host, the pupil, the class teacher, the tutor, dates and hours', async () => {
    const s = await scenario(ctx);
    const agreement = await readOk(s.agreementId, s.teacher);
    expect(agreement.status).toBe('signing');
    expect(agreement.reference).toMatch(/^CV-[0-9A-F]{8}$/);
    expect(agreement.school).toMatchObject({
      name: 'Collège Évariste-Galois',
      address: '12 rue des Écoles',
      communeName: 'Créteil',
    });
    expect(agreement.company).toMatchObject({
      name: 'Boulangerie Crème & Pain',
      communeName: 'Vitry-sur-Seine',
    });
    expect(agreement.pupil).toMatchObject({
      firstName: 'Inès',
      lastName: 'Benali-Lefèvre',
      level: '3e',
    });
    expect(agreement.pupil.className).toMatch(/^3e B/);
    expect(agreement.guardian).toEqual({ name: 'Karim Benali', hasEmail: true });
    expect(agreement.referentTeacherId).toBe(s.teacher.id);
    expect(agreement.teachingAnnex).toMatchObject({
      referentTeacherName: 'Camille Test',
      tutorName: 'Martine Fournière',
      tutorRole: 'Artisane boulangère',
      startDate: '2027-01-11',
      endDate: '2027-01-15',
    });
    expect(agreement.teachingAnnex.dailyHours).toHaveLength(5);
    expect(agreement.teachingAnnex.objectives).toContain('Observer le pétrissage');
    expect(agreement.practicalAnnex.meals).toContain('déjeuner');
    expect(agreement.signatures).toEqual([]);
    expect(agreement.offerTitle).toBe('Découverte de la boulangerie-pâtisserie');
    // The teacher is the referent: they may edit, send the link and upload, not sign.
    expect(agreement.can).toMatchObject({
      editAnnexes: true,
      signAs: [],
      sendGuardianLink: true,
      uploadScan: true,
    });
    expect((await readOk(s.agreementId, s.head)).can.signAs).toEqual(['school']);
    expect((await readOk(s.agreementId, s.employer)).can.signAs).toEqual(['host']);
    expect((await readOk(s.agreementId, s.pupil)).can.signAs).toEqual(['pupil']);
  });

  it('is created once per application, and the school, host and pupil are told', async () => {
    const s = await scenario(ctx);
    const [row] = await ctx.handle.db
      .select({ applicationId: agreements.applicationId })
      .from(agreements)
      .where(eq(agreements.id, s.agreementId));
    const again = await ctx.handle.db.transaction((tx) =>
      createAgreementForApplication(tx, { applicationId: row!.applicationId }),
    );
    expect(again.agreementId).toBe(s.agreementId);
    expect(await ctx.handle.db.select().from(agreements)).toHaveLength(1);
    const told = await ctx.handle.db
      .select({ userId: notifications.userId })
      .from(notifications)
      .where(eq(notifications.kind, 'agreement.created'));
    expect(told.map((n) => n.userId).sort()).toEqual(
      [s.pupil.id, s.teacher.id, s.head.id, s.employer.id].sort(),
    );
  });

  it('is refused with a clear 409 when the pupil has no school', async () => {
    const s = await scenario(ctx);
    const company = await createCompany(ctx);
    const { offer, periods } = await createOffer(ctx, { companyId: company.id });
    const orphan = await createStudent(ctx, { schoolId: s.schoolId });
    const { students } = await import('@tremplin/db/schema');
    await ctx.handle.db
      .update(students)
      .set({ schoolId: null })
      .where(eq(students.userId, orphan.id));
    const [application] = await ctx.handle.db
      .insert(applications)
      .values({
        offerId: offer.id,
        periodId: periods[0]!.id,
        studentId: orphan.id,
        status: 'confirmed',
      })
      .returning();
    await expect(
      ctx.handle.db.transaction((tx) =>
        createAgreementForApplication(tx, { applicationId: application!.id }),
      ),
    ).rejects.toMatchObject({ statusCode: 409, code: 'agreement.noSchool' });
  });
});

describe('who sees an agreement', () => {
  it('lists each person only the agreements that concern them', async () => {
    const a = await scenario(ctx);
    const b = await scenario(ctx);
    const list = async (who: Person) => {
      const response = await ctx.app.inject({
        method: 'GET',
        url: '/api/agreements',
        headers: who.headers,
      });
      expect(response.statusCode).toBe(200);
      return (response.json() as AgreementPage).items.map((i) => i.id);
    };
    expect(await list(a.pupil)).toEqual([a.agreementId]);
    expect(await list(a.teacher)).toEqual([a.agreementId]);
    expect(await list(b.employer)).toEqual([b.agreementId]);
    const operator = await createOperator(ctx);
    expect((await list(operator)).sort()).toEqual([a.agreementId, b.agreementId].sort());
    const mentor = await createPerson(ctx, ['mentor']);
    expect(await list(mentor)).toEqual([]);
    const page = (
      await ctx.app.inject({ method: 'GET', url: '/api/agreements', headers: a.pupil.headers })
    ).json() as AgreementPage;
    expect(page.items[0]).toMatchObject({
      pupilName: 'Inès Benali-Lefèvre',
      companyName: 'Boulangerie Crème & Pain',
      signedParties: [],
      awaitingMe: true,
      hasScannedCopy: false,
    });
  });

  it('answers 404 to another pupil, another school, another company and a stranger', async () => {
    const a = await scenario(ctx);
    const b = await scenario(ctx);
    for (const outsider of [b.pupil, b.teacher, b.head, b.employer]) {
      const response = await read(a.agreementId, outsider);
      expect(response.statusCode).toBe(404);
      expect(problemOf(response).detail).toContain("n'existe pas");
    }
    expect((await read(a.agreementId, await createPerson(ctx, ['mentor']))).statusCode).toBe(404);
    const pdf = await ctx.app.inject({
      method: 'GET',
      url: `/api/agreements/${a.agreementId}/pdf`,
      headers: b.employer.headers,
    });
    expect(pdf.statusCode).toBe(404);
    const signature = await sign(a.agreementId, b.employer, 'host', 'anything');
    expect(signature.statusCode).toBe(404);
    expect(await ctx.handle.db.select().from(agreementSignatures)).toHaveLength(0);
  });

  it('lets an operator read every agreement but not sign one', async () => {
    const s = await scenario(ctx);
    const operator = await createOperator(ctx);
    const agreement = await readOk(s.agreementId, operator);
    expect(agreement.can).toMatchObject({
      signAs: [],
      editAnnexes: false,
      readGuardianMails: true,
    });
    const response = await sign(s.agreementId, operator, 'school', agreement.version);
    expect(response.statusCode).toBe(403);
  });

  it('needs a session', async () => {
    const s = await scenario(ctx);
    const response = await ctx.app.inject({
      method: 'GET',
      url: `/api/agreements/${s.agreementId}`,
    });
    expect(response.statusCode).toBe(401);
  });
});

describe('signing in the platform', () => {
  it('records who signed, as what, when and from where, and refuses a second signature', async () => {
    const s = await scenario(ctx);
    const response = await sign(s.agreementId, s.employer, 'host');
    expect(response.statusCode).toBe(200);
    const agreement = response.json() as Agreement;
    expect(agreement.signatures).toEqual([
      { party: 'host', signerName: 'Camille Test', signedAt: expect.any(String) },
    ]);
    expect(agreement.can.signAs).toEqual([]);
    const [row] = await ctx.handle.db.select().from(agreementSignatures);
    expect(row).toMatchObject({
      party: 'host',
      signerId: s.employer.id,
      ipAddress: '203.0.113.7',
      userAgent: 'Mozilla/5.0 (Test) Firefox/140.0',
    });
    const twice = await sign(s.agreementId, s.employer, 'host', agreement.version);
    expect(twice.statusCode).toBe(409);
    expect(problemOf(twice).code).toBe('signature.exists');
    expect(await ctx.handle.db.select().from(agreementSignatures)).toHaveLength(1);
    const audit = await ctx.handle.db
      .select({ action: auditLog.action, data: auditLog.data })
      .from(auditLog)
      .where(eq(auditLog.subjectId, s.agreementId));
    expect(audit).toContainEqual({ action: 'agreement.signed', data: { party: 'host' } });
  });

  it('lets each party sign only as itself', async () => {
    const s = await scenario(ctx);
    const version = (await readOk(s.agreementId, s.pupil)).version;
    // A teacher who is not the head cannot sign for the school; a pupil cannot sign for the host.
    expect((await sign(s.agreementId, s.teacher, 'school', version)).statusCode).toBe(403);
    const asHost = await sign(s.agreementId, s.pupil, 'host', version);
    expect(asHost.statusCode).toBe(403);
    expect(problemOf(asHost).detail).toContain("l'entreprise d'accueil");
    expect((await sign(s.agreementId, s.employer, 'school', version)).statusCode).toBe(403);
    expect(await ctx.handle.db.select().from(agreementSignatures)).toHaveLength(0);
  });

  it('refuses a signature on a version the signer has not read', async () => {
    const s = await scenario(ctx);
    const response = await sign(s.agreementId, s.pupil, 'pupil', 'an-old-version');
    expect(response.statusCode).toBe(409);
    expect(problemOf(response).code).toBe('agreement.changed');
    expect(await ctx.handle.db.select().from(agreementSignatures)).toHaveLength(0);
  });

  it('rejects a body without a version, naming the field', async () => {
    const s = await scenario(ctx);
    const response = await ctx.app.inject({
      method: 'POST',
      url: `/api/agreements/${s.agreementId}/signatures`,
      headers: s.pupil.headers,
      payload: { as: 'pupil' },
    });
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).errors?.map((e) => e.field)).toContain('body.version');
  });

  it('becomes signed with the fourth signature, whatever the order, and tells everyone', async () => {
    const s = await scenario(ctx);
    expect((await sendLink(s.agreementId, s.pupil)).statusCode).toBe(200);
    const token = await latestToken();
    const view = (await openLink(token)).json() as GuardianLinkView;
    expect((await guardianSign(token, view.agreement!.version)).statusCode).toBe(200);
    expect((await sign(s.agreementId, s.pupil, 'pupil')).statusCode).toBe(200);
    expect((await sign(s.agreementId, s.head, 'school')).statusCode).toBe(200);
    expect((await readOk(s.agreementId, s.pupil)).status).toBe('signing');
    const last = await sign(s.agreementId, s.employer, 'host');
    expect(last.statusCode).toBe(200);
    const agreement = last.json() as Agreement;
    expect(agreement.status).toBe('signed');
    expect(agreement.signatures.map((x) => x.party).sort()).toEqual(
      ['guardian', 'host', 'pupil', 'school'].sort(),
    );
    const told = await ctx.handle.db
      .select({ userId: notifications.userId })
      .from(notifications)
      .where(eq(notifications.kind, 'agreement.signed'));
    expect(told.map((n) => n.userId).sort()).toEqual(
      [s.pupil.id, s.teacher.id, s.head.id, s.employer.id].sort(),
    );
    const [mail] = await ctx.handle.db
      .select()
      .from(emailOutbox)
      .where(
        and(
          eq(emailOutbox.toEmail, 'karim.benali@example.test'),
          eq(emailOutbox.subject, 'Convention de stage de Inès : signée'),
        ),
      );
    expect(mail?.attachments[0]?.contentType).toBe('application/pdf');
    const audit = await ctx.handle.db
      .select({ action: auditLog.action, data: auditLog.data })
      .from(auditLog)
      .where(eq(auditLog.subjectId, s.agreementId));
    expect(audit).toContainEqual({
      action: 'agreement.statusChanged',
      data: { from: 'signing', to: 'signed', byScan: false },
    });
    // Signed: nobody signs again, the annexes are closed.
    expect((await sign(s.agreementId, s.pupil, 'pupil')).statusCode).toBe(409);
  });
});

describe('signing at the same time', () => {
  it('a double click records one signature and one 409', async () => {
    const s = await scenario(ctx);
    const version = (await readOk(s.agreementId, s.pupil)).version;
    const answers = await Promise.all([
      sign(s.agreementId, s.pupil, 'pupil', version),
      sign(s.agreementId, s.pupil, 'pupil', version),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    expect(await ctx.handle.db.select().from(agreementSignatures)).toHaveLength(1);
  });

  it('the last two signatures given at once make the agreement signed exactly once', async () => {
    const s = await scenario(ctx);
    expect((await sign(s.agreementId, s.pupil, 'pupil')).statusCode).toBe(200);
    await sendLink(s.agreementId, s.teacher);
    const token = await latestToken();
    const view = (await openLink(token)).json() as GuardianLinkView;
    expect((await guardianSign(token, view.agreement!.version)).statusCode).toBe(200);
    const version = view.agreement!.version;
    const answers = await Promise.all([
      sign(s.agreementId, s.employer, 'host', version),
      sign(s.agreementId, s.head, 'school', version),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
    expect((await readOk(s.agreementId, s.pupil)).status).toBe('signed');
    const changes = await ctx.handle.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.subjectId, s.agreementId), eq(auditLog.action, 'agreement.statusChanged')),
      );
    expect(changes).toHaveLength(1);
  });
});

describe("the guardian's single-use link", () => {
  it('goes by e-mail to the address on record, stores only a hash, and signs once', async () => {
    const s = await scenario(ctx);
    const sent = await sendLink(s.agreementId, s.teacher);
    expect(sent.statusCode).toBe(200);
    expect(sent.json()).toMatchObject({ sentTo: 'k***@example.test' });
    const token = await latestToken();
    const [stored] = await ctx.handle.db.select().from(guardianLinks);
    expect(stored!.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(stored!.tokenHash).not.toContain(token);

    const opened = await openLink(token);
    expect(opened.statusCode).toBe(200);
    const view = opened.json() as GuardianLinkView;
    expect(view.state).toBe('active');
    expect(view.agreement).toMatchObject({
      pupilName: 'Inès Benali-Lefèvre',
      guardianName: 'Karim Benali',
      companyName: 'Boulangerie Crème & Pain',
    });

    const signed = await guardianSign(token, view.agreement!.version, 'Karim Benali');
    expect(signed.statusCode).toBe(200);
    const [signature] = await ctx.handle.db.select().from(agreementSignatures);
    expect(signature).toMatchObject({
      party: 'guardian',
      signerId: null,
      signerName: 'Karim Benali',
      ipAddress: '198.51.100.23',
      userAgent: 'Mozilla/5.0 (Phone)',
    });

    const reopened = (await openLink(token)).json() as GuardianLinkView;
    expect(reopened).toMatchObject({ state: 'used', agreement: null });
    const again = await guardianSign(token, view.agreement!.version);
    expect(again.statusCode).toBe(409);
    expect(problemOf(again).code).toBe('link.used');
    expect(await ctx.handle.db.select().from(agreementSignatures)).toHaveLength(1);
    // Once the guardian has signed, nobody can send another link.
    expect((await sendLink(s.agreementId, s.teacher)).statusCode).toBe(409);
  });

  it('says so when the link has expired, and refuses to sign with it', async () => {
    const s = await scenario(ctx);
    await sendLink(s.agreementId, s.teacher);
    const token = await latestToken();
    const version = ((await openLink(token)).json() as GuardianLinkView).agreement!.version;
    await ctx.handle.db
      .update(guardianLinks)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(guardianLinks.agreementId, s.agreementId));
    const view = (await openLink(token)).json() as GuardianLinkView;
    expect(view).toMatchObject({ state: 'expired', agreement: null });
    const response = await guardianSign(token, version);
    expect(response.statusCode).toBe(409);
    expect(problemOf(response).code).toBe('link.expired');
    expect(problemOf(response).detail).toContain('expiré');
    expect(await ctx.handle.db.select().from(agreementSignatures)).toHaveLength(0);
  });

  it('is voided by a new link sent by the pupil; the new one works', async () => {
    const s = await scenario(ctx);
    await sendLink(s.agreementId, s.teacher);
    const first = await latestToken();
    expect((await sendLink(s.agreementId, s.pupil)).statusCode).toBe(200);
    const second = await latestToken();
    expect(second).not.toBe(first);
    const old = (await openLink(first)).json() as GuardianLinkView;
    expect(old).toMatchObject({ state: 'replaced', agreement: null });
    const version = (await readOk(s.agreementId, s.pupil)).version;
    const refused = await guardianSign(first, version);
    expect(refused.statusCode).toBe(409);
    expect(problemOf(refused).code).toBe('link.replaced');
    expect((await guardianSign(second, version)).statusCode).toBe(200);
    const agreement = await readOk(s.agreementId, s.teacher);
    expect(agreement.guardianLink).toMatchObject({ state: 'used', sentTo: 'k***@example.test' });
  });

  it('answers 404 to an unknown token and 400 to a malformed one', async () => {
    const unknown = await openLink('x'.repeat(43));
    expect(unknown.statusCode).toBe(404);
    const malformed = await ctx.app.inject({
      method: 'POST',
      url: '/api/guardian-links/open',
      payload: { token: 'short' },
    });
    expect(malformed.statusCode).toBe(400);
    expect(problemOf(malformed).errors?.[0]?.field).toBe('body.token');
  });

  it('cannot be sent by the host, by another school, or without an address on record', async () => {
    const s = await scenario(ctx);
    expect((await sendLink(s.agreementId, s.employer)).statusCode).toBe(403);
    const other = await scenario(ctx);
    expect((await sendLink(s.agreementId, other.teacher)).statusCode).toBe(404);
    const noEmail = await scenario(ctx, { guardianEmail: null });
    const response = await sendLink(noEmail.agreementId, noEmail.teacher);
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).code).toBe('guardian.noEmail');
    expect(await ctx.handle.db.select().from(guardianLinks)).toHaveLength(0);
  });

  it('lets an operator read the e-mails sent to the guardian, for support, and audits it', async () => {
    const s = await scenario(ctx);
    await sendLink(s.agreementId, s.teacher);
    const operator = await createOperator(ctx);
    const response = await ctx.app.inject({
      method: 'GET',
      url: `/api/agreements/${s.agreementId}/guardian-mails`,
      headers: operator.headers,
    });
    expect(response.statusCode).toBe(200);
    const mails = response.json() as { toEmail: string; bodyText: string; sentAt: null }[];
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ toEmail: 'karim.benali@example.test', sentAt: null });
    expect(mails[0]!.bodyText).toContain('/convention/signer/');
    const teacher = await ctx.app.inject({
      method: 'GET',
      url: `/api/agreements/${s.agreementId}/guardian-mails`,
      headers: s.teacher.headers,
    });
    expect(teacher.statusCode).toBe(403);
    const [audit] = await ctx.handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'agreement.guardianMailsRead'));
    expect(audit?.actorId).toBe(operator.id);
  });
});

describe('the annexes', () => {
  async function edit(s: Scenario, who: Person, change: (a: Agreement) => object) {
    const agreement = await readOk(s.agreementId, s.teacher);
    return ctx.app.inject({
      method: 'PUT',
      url: `/api/agreements/${s.agreementId}/annexes`,
      headers: who.headers,
      payload: {
        teachingAnnex: agreement.teachingAnnex,
        practicalAnnex: agreement.practicalAnnex,
        version: agreement.version,
        ...change(agreement),
      },
    });
  }

  it('are edited by the host and the referent teacher before anyone signs', async () => {
    const s = await scenario(ctx);
    const byHost = await edit(s, s.employer, (a) => ({
      practicalAnnex: { ...a.practicalAnnex, meals: 'Le déjeuner est offert par la boulangerie.' },
    }));
    expect(byHost.statusCode).toBe(200);
    expect((byHost.json() as Agreement).practicalAnnex.meals).toBe(
      'Le déjeuner est offert par la boulangerie.',
    );
    const byTeacher = await edit(s, s.teacher, (a) => ({
      teachingAnnex: { ...a.teachingAnnex, objectives: 'Comprendre les métiers du pain.' },
    }));
    expect(byTeacher.statusCode).toBe(200);
    const agreement = await readOk(s.agreementId, s.pupil);
    expect(agreement.teachingAnnex.objectives).toBe('Comprendre les métiers du pain.');
    expect(agreement.practicalAnnex.meals).toBe('Le déjeuner est offert par la boulangerie.');
  });

  it('refuses hours that break the rules for minors, naming the day, and keeps what was saved', async () => {
    const s = await scenario(ctx);
    const before = await readOk(s.agreementId, s.teacher);
    const response = await edit(s, s.employer, (a) => ({
      teachingAnnex: {
        ...a.teachingAnnex,
        dailyHours: [
          { day: 1, start: '08:00', end: '17:30', breaks: [{ start: '12:00', end: '13:00' }] },
        ],
      },
    }));
    expect(response.statusCode).toBe(400);
    const problem = problemOf(response);
    expect(problem.errors?.[0]?.field).toMatch(/^body\.teachingAnnex\.dailyHours\.0/);
    expect(problem.errors?.map((e) => e.message).join(' ')).toContain('7 h');
    const after = await readOk(s.agreementId, s.teacher);
    expect(after.teachingAnnex).toEqual(before.teachingAnnex);
    expect(after.version).toBe(before.version);
  });

  it('refuses new dates that do not suit a 3e stage', async () => {
    const s = await scenario(ctx);
    const response = await edit(s, s.teacher, (a) => ({
      teachingAnnex: { ...a.teachingAnnex, startDate: '2027-01-11', endDate: '2027-01-13' },
    }));
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).errors?.[0]).toMatchObject({
      field: 'body.teachingAnnex.startDate',
      code: 'period.fiveDays',
    });
  });

  it('clears the signatures only when the editor confirms it, and tells the signers', async () => {
    const s = await scenario(ctx);
    expect((await sign(s.agreementId, s.pupil, 'pupil')).statusCode).toBe(200);
    const change = (a: Agreement) => ({
      teachingAnnex: { ...a.teachingAnnex, tutorName: 'Jean Fournier' },
    });
    const unconfirmed = await edit(s, s.employer, change);
    expect(unconfirmed.statusCode).toBe(409);
    expect(problemOf(unconfirmed).errors?.[0]?.field).toBe('body.clearSignatures');
    expect(problemOf(unconfirmed).detail).toContain("l'élève");
    expect(await ctx.handle.db.select().from(agreementSignatures)).toHaveLength(1);
    expect((await readOk(s.agreementId, s.pupil)).teachingAnnex.tutorName).toBe(
      'Martine Fournière',
    );

    const confirmed = await edit(s, s.employer, (a) => ({ ...change(a), clearSignatures: true }));
    expect(confirmed.statusCode).toBe(200);
    const agreement = confirmed.json() as Agreement;
    expect(agreement.teachingAnnex.tutorName).toBe('Jean Fournier');
    expect(agreement.signatures).toEqual([]);
    const [told] = await ctx.handle.db
      .select()
      .from(notifications)
      .where(eq(notifications.kind, 'agreement.signaturesCleared'));
    expect(told?.userId).toBe(s.pupil.id);
    expect((await readOk(s.agreementId, s.pupil)).can.signAs).toEqual(['pupil']);
  });

  it('cannot be edited by the pupil, a non-referent teacher, another company, or once signed', async () => {
    const s = await scenario(ctx);
    expect((await edit(s, s.pupil, () => ({}))).statusCode).toBe(403);
    const colleague = await createTeacher(ctx, s.schoolId);
    expect((await edit(s, colleague, () => ({}))).statusCode).toBe(403);
    const other = await scenario(ctx);
    expect((await edit(s, other.employer, () => ({}))).statusCode).toBe(404);
    await signAllFour(s);
    const locked = await edit(s, s.employer, () => ({}));
    expect(locked.statusCode).toBe(409);
    expect(problemOf(locked).code).toBe('agreement.locked');
  });
});

describe('the scanned copy signed on paper', () => {
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.alloc(200, 7),
  ]);

  async function upload(s: Scenario, who: Person, content: Buffer, fileName = 'convention.pdf') {
    return ctx.app.inject({
      method: 'POST',
      url: `/api/agreements/${s.agreementId}/scanned-copy`,
      headers: who.headers,
      payload: { fileName, contentBase64: content.toString('base64') },
    });
  }

  it('refuses a text file renamed .pdf, by its content, and keeps the agreement unsigned', async () => {
    const s = await scenario(ctx);
    const response = await upload(s, s.teacher, Buffer.from('Ceci est un texte, pas un PDF.\n'));
    expect(response.statusCode).toBe(415);
    const problem = problemOf(response);
    expect(problem.code).toBe('scan.type');
    expect(problem.errors?.[0]?.field).toBe('body.contentBase64');
    expect((await readOk(s.agreementId, s.teacher)).status).toBe('signing');
  });

  it('refuses a file over 10 MB with a clear message', async () => {
    const s = await scenario(ctx);
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(10 * 1024 * 1024, 32)]);
    const response = await upload(s, s.teacher, big);
    expect(response.statusCode).toBe(413);
    expect(problemOf(response).detail).toContain('10 Mo');
  });

  it('stands for the missing signatures: the agreement is signed, the copy is served', async () => {
    const s = await scenario(ctx);
    expect((await sign(s.agreementId, s.employer, 'host')).statusCode).toBe(200);
    const response = await upload(s, s.teacher, png, 'scan.pdf');
    expect(response.statusCode).toBe(200);
    const agreement = response.json() as Agreement;
    expect(agreement.status).toBe('signed');
    expect(agreement.scannedCopy).toMatchObject({
      contentType: 'image/png',
      uploadedByName: 'Camille Test',
    });
    const file = await ctx.app.inject({
      method: 'GET',
      url: `/api/agreements/${s.agreementId}/scanned-copy`,
      headers: s.employer.headers,
    });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.rawPayload.equals(png)).toBe(true);
    const pdf = await ctx.app.inject({
      method: 'GET',
      url: `/api/agreements/${s.agreementId}/pdf`,
      headers: s.pupil.headers,
    });
    expect(pdf.headers['x-scanned-copy']).toBe('true');
    const text = await pdfText(pdf.rawPayload);
    expect(text).toContain('Un exemplaire signé sur papier a été déposé');
    expect(text).toContain('Signé par Camille Test');
    const [audit] = await ctx.handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'agreement.scanUploaded'));
    expect(audit).toMatchObject({ actorId: s.teacher.id, subjectId: s.agreementId });
    // Once signed by the scan, a second upload is refused.
    expect((await upload(s, s.teacher, png)).statusCode).toBe(409);
  });

  it('is uploaded by the school only', async () => {
    const s = await scenario(ctx);
    expect((await upload(s, s.employer, png)).statusCode).toBe(403);
    expect((await upload(s, s.pupil, png)).statusCode).toBe(403);
    const other = await scenario(ctx);
    expect((await upload(s, other.teacher, png)).statusCode).toBe(404);
    expect((await readOk(s.agreementId, s.teacher)).scannedCopy).toBeNull();
  });
});

describe('after the stage', () => {
  const appraisal = 'Inès a été attentive, curieuse et ponctuelle toute la semaine.';
  const feedback = "J'ai aimé voir la cuisson du pain au petit matin.";

  async function attendance(s: Scenario, who: Person) {
    return ctx.app.inject({
      method: 'POST',
      url: `/api/agreements/${s.agreementId}/attendance`,
      headers: who.headers,
      payload: { appraisal },
    });
  }
  async function giveFeedback(s: Scenario, who: Person) {
    return ctx.app.inject({
      method: 'POST',
      url: `/api/agreements/${s.agreementId}/feedback`,
      headers: who.headers,
      payload: { feedback },
    });
  }

  it('completes with attendance and feedback, and writes one passport entry', async () => {
    const s = await scenario(ctx, { startDate: '2026-10-05', endDate: '2026-10-09' });
    await signAllFour(s);
    expect((await readOk(s.agreementId, s.employer)).can.confirmAttendance).toBe(true);
    expect((await attendance(s, s.pupil)).statusCode).toBe(403);
    const confirmed = await attendance(s, s.employer);
    expect(confirmed.statusCode).toBe(200);
    expect((confirmed.json() as Agreement).status).toBe('signed');
    expect((await attendance(s, s.employer)).statusCode).toBe(409);
    const done = await giveFeedback(s, s.pupil);
    expect(done.statusCode).toBe(200);
    const agreement = done.json() as Agreement;
    expect(agreement.status).toBe('completed');
    expect(agreement.afterStage).toMatchObject({
      tutorAppraisal: appraisal,
      pupilFeedback: feedback,
    });
    expect((await giveFeedback(s, s.pupil)).statusCode).toBe(409);

    const entries = await ctx.handle.db
      .select()
      .from(passportEntries)
      .where(eq(passportEntries.studentId, s.pupil.id));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      kind: 'stage',
      sourceType: 'agreement',
      sourceId: s.agreementId,
      title: "Stage d'observation chez Boulangerie Crème & Pain",
      appraisal,
      occurredOn: '2026-10-05',
    });
    expect(entries[0]!.description).toContain('du 05/10/2026 au 09/10/2026');
    const audit = await ctx.handle.db
      .select({ data: auditLog.data })
      .from(auditLog)
      .where(
        and(eq(auditLog.subjectId, s.agreementId), eq(auditLog.action, 'agreement.statusChanged')),
      );
    expect(audit).toContainEqual({ data: { from: 'signed', to: 'completed' } });
  });

  it('writes the passport entry once even if completion runs again', async () => {
    const s = await scenario(ctx, { startDate: '2026-10-05', endDate: '2026-10-09' });
    await signAllFour(s);
    await giveFeedback(s, s.pupil);
    await attendance(s, s.employer);
    // A second completion (e.g. replayed) meets the unique source index and adds nothing.
    await ctx.handle.db
      .update(agreements)
      .set({ status: 'signed' })
      .where(eq(agreements.id, s.agreementId));
    await ctx.handle.db
      .update(agreements)
      .set({ pupilFeedback: null })
      .where(eq(agreements.id, s.agreementId));
    expect((await giveFeedback(s, s.pupil)).statusCode).toBe(200);
    const entries = await ctx.handle.db
      .select()
      .from(passportEntries)
      .where(eq(passportEntries.sourceId, s.agreementId));
    expect(entries).toHaveLength(1);
  });

  it('is refused before the last day of the stage and before the agreement is signed', async () => {
    const future = await scenario(ctx);
    await signAllFour(future);
    const early = await attendance(future, future.employer);
    expect(early.statusCode).toBe(409);
    expect(problemOf(early).code).toBe('stage.notOver');
    expect(problemOf(early).detail).toContain('15/01/2027');
    const unsigned = await scenario(ctx, { startDate: '2026-10-05', endDate: '2026-10-09' });
    const response = await giveFeedback(unsigned, unsigned.pupil);
    expect(response.statusCode).toBe(409);
    expect(problemOf(response).code).toBe('agreement.notSigned');
    expect(await ctx.handle.db.select().from(passportEntries)).toHaveLength(0);
  });

  it('refuses a too short appraisal, naming the field', async () => {
    const s = await scenario(ctx, { startDate: '2026-10-05', endDate: '2026-10-09' });
    const response = await ctx.app.inject({
      method: 'POST',
      url: `/api/agreements/${s.agreementId}/attendance`,
      headers: s.employer.headers,
      payload: { appraisal: 'Bien.' },
    });
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).errors?.[0]?.field).toBe('body.appraisal');
  });
});

describe('the PDF', () => {
  it('is a valid PDF with the parties, the legal mentions, the annexes and who signed', async () => {
    const s = await scenario(ctx);
    const before = await ctx.app.inject({
      method: 'GET',
      url: `/api/agreements/${s.agreementId}/pdf`,
      headers: s.pupil.headers,
    });
    expect(before.statusCode).toBe(200);
    expect(before.headers['content-type']).toBe('application/pdf');
    expect(before.headers['content-disposition']).toMatch(/attachment; filename="convention-CV-/);
    expect(before.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const doc = await PDFDocument.load(before.rawPayload);
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(2);
    expect(doc.getTitle()).toMatch(/^Convention de stage CV-/);
    const text = await pdfText(before.rawPayload);
    for (const expected of [
      "Convention de stage d'observation en milieu professionnel",
      'Collège Évariste-Galois',
      'Boulangerie Crème & Pain',
      'Inès Benali-Lefèvre',
      'Karim Benali',
      'Martine Fournière',
      'Observation seulement',
      'Aucune rémunération',
      'interdits aux mineurs',
      'Lundi',
      '09:00–16:30, pause 12:00–13:30 (6 h de présence)',
      'Total de la semaine',
      'Repas',
      'En attente de signature',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('Signé par');

    await signAllFour(s);
    const after = await ctx.app.inject({
      method: 'GET',
      url: `/api/agreements/${s.agreementId}/pdf`,
      headers: s.employer.headers,
    });
    const signed = await pdfText(after.rawPayload);
    expect(signed).not.toContain('En attente de signature');
    expect(signed).toContain("Pour l'entreprise d'accueil");
    expect(signed).toContain("Pour l'établissement (chef d'établissement)");
    expect(signed.match(/Signé par [^\n]+, le \d\d\/\d\d\/\d{4} à \d\d h \d\d/g)).toHaveLength(4);
    expect(signed).toContain('Signé par Karim Benali');
    expect(signed).toContain('Signé par Inès Benali-Lefèvre');
    expect(signed).toContain('signée par toutes les parties');
  });

  it('maps letters the standard font lacks instead of failing', async () => {
    const s = await scenario(ctx);
    const agreement = await readOk(s.agreementId, s.teacher);
    const response = await ctx.app.inject({
      method: 'PUT',
      url: `/api/agreements/${s.agreementId}/annexes`,
      headers: s.teacher.headers,
      payload: {
        teachingAnnex: { ...agreement.teachingAnnex, tutorName: 'Łukasz Șerban – Œuvre ≥ 3' },
        practicalAnnex: agreement.practicalAnnex,
        version: agreement.version,
      },
    });
    expect(response.statusCode).toBe(200);
    const pdf = await ctx.app.inject({
      method: 'GET',
      url: `/api/agreements/${s.agreementId}/pdf`,
      headers: s.teacher.headers,
    });
    expect(pdf.statusCode).toBe(200);
    expect(await pdfText(pdf.rawPayload)).toContain('Lukasz Serban – Œuvre >= 3');
  });

  it('is served to the guardian through an active link only', async () => {
    const s = await scenario(ctx);
    await sendLink(s.agreementId, s.teacher);
    const token = await latestToken();
    const pdf = await ctx.app.inject({
      method: 'POST',
      url: '/api/guardian-links/pdf',
      payload: { token },
    });
    expect(pdf.statusCode).toBe(200);
    expect(await pdfText(pdf.rawPayload)).toContain('Inès Benali-Lefèvre');
    const version = ((await openLink(token)).json() as GuardianLinkView).agreement!.version;
    await guardianSign(token, version);
    const after = await ctx.app.inject({
      method: 'POST',
      url: '/api/guardian-links/pdf',
      payload: { token },
    });
    expect(after.statusCode).toBe(409);
  });
});

describe('the demo data', () => {
  it('shows a convention at each step to the demo accounts', async () => {
    const { seedDemo, DEMO_PASSWORD } = await import('@tremplin/db/seed/demo');
    const { hashPassword } = await import('../src/lib/password.js');
    expect(await seedDemo(ctx.handle.db, { hashPassword })).toBe(true);
    const login = async (email: string): Promise<Person> => {
      const response = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { login: email, password: DEMO_PASSWORD },
      });
      expect(response.statusCode).toBe(200);
      const { token, user } = response.json() as { token: string; user: { id: string } };
      return { id: user.id, email, token, headers: { authorization: `Bearer ${token}` } };
    };
    const list = async (who: Person) =>
      (
        (
          await ctx.app.inject({ method: 'GET', url: '/api/agreements', headers: who.headers })
        ).json() as AgreementPage
      ).items;

    const pupil = await login('eleve@demo.tremplin.fr');
    const mine = await list(pupil);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ status: 'signing', awaitingMe: true, signedParties: [] });
    const agreement = await readOk(mine[0]!.id, pupil);
    expect(agreement.guardian).toEqual({ name: 'Karim Parent', hasEmail: true });
    expect(agreement.teachingAnnex.referentTeacherName).toBe('Paul Professeur');

    const employer = await login('entreprise@demo.tremplin.fr');
    const hosted = await list(employer);
    expect(hosted.map((a) => a.status).sort()).toEqual(['completed', 'signed', 'signing']);
    // The stage that ended last week waits for the tutor's word.
    expect(hosted.find((a) => a.status === 'signed')?.awaitingMe).toBe(true);
    const head = await login('direction@demo.tremplin.fr');
    expect((await list(head)).find((a) => a.status === 'signing')?.awaitingMe).toBe(true);
    expect(
      await ctx.handle.db
        .select()
        .from(passportEntries)
        .where(eq(passportEntries.sourceType, 'agreement')),
    ).toHaveLength(1);
  });
});

describe('the after-stage reminders', () => {
  it('tell the host and the pupil once the stage has ended, once only', async () => {
    const { remindAfterStage } = await import('../src/modules/agreements/service.js');
    const s = await scenario(ctx, { startDate: '2026-10-05', endDate: '2026-10-09' });
    await signAllFour(s);
    const unsigned = await scenario(ctx, { startDate: '2026-10-05', endDate: '2026-10-09' });
    expect(unsigned.agreementId).toBeTruthy();
    // The day before the last day: nothing yet.
    expect(await remindAfterStage(ctx.handle.db, { now: new Date('2026-10-08T08:00:00Z') })).toBe(
      0,
    );
    expect(await remindAfterStage(ctx.handle.db, { now: new Date('2026-10-10T06:10:00Z') })).toBe(
      2,
    );
    const sent = await ctx.handle.db
      .select({ userId: notifications.userId, kind: notifications.kind, link: notifications.link })
      .from(notifications)
      .where(eq(notifications.link, `/conventions/${s.agreementId}`));
    expect(sent).toContainEqual({
      userId: s.employer.id,
      kind: 'agreement.attendanceDue',
      link: `/conventions/${s.agreementId}`,
    });
    expect(sent).toContainEqual({
      userId: s.pupil.id,
      kind: 'agreement.feedbackDue',
      link: `/conventions/${s.agreementId}`,
    });
    expect(await remindAfterStage(ctx.handle.db, { now: new Date('2026-10-11T06:10:00Z') })).toBe(
      0,
    );
    // Once the tutor has spoken, only the pupil is left — and already reminded.
    expect(
      (
        await ctx.app.inject({
          method: 'POST',
          url: `/api/agreements/${s.agreementId}/attendance`,
          headers: s.employer.headers,
          payload: { appraisal: 'Très bonne semaine, élève attentive.' },
        })
      ).statusCode,
    ).toBe(200);
    expect(await remindAfterStage(ctx.handle.db, { now: new Date('2026-10-12T06:10:00Z') })).toBe(
      0,
    );
  });
});
