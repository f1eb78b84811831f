// The demo pupil's convention, signed in the browser by the host, the head of school and the
// pupil, then by the guardian through the single-use link of their e-mail (read, as support
// would, on the operator's page of e-mails to the guardian); the PDF then shows four signatures.
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { demo, signIn } from './helpers';

/** WinAnsi's 0x80–0x9F, where it differs from Latin-1 (’, –, —, Œ, …). */
const WIN_ANSI_80_9F = [
  '€', '', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '', 'Ž', '',
  '', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '', 'ž', 'Ÿ',
]; // prettier-ignore

/** The text a pdf-lib PDF draws with a standard font: hex strings shown by Tj in its streams. */
function pdfText(bytes: Buffer): string {
  const raw = bytes.toString('latin1');
  const lines: string[] = [];
  for (const match of raw.matchAll(/stream\r?\n/g)) {
    const start = match.index + match[0].length;
    const end = raw.indexOf('endstream', start);
    if (end < 0) continue;
    let content: string;
    try {
      content = inflateSync(bytes.subarray(start, end)).toString('latin1');
    } catch {
      continue;
    }
    for (const shown of content.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) {
      lines.push(
        [...Buffer.from(shown[1]!, 'hex')]
          .map((b) => (b >= 0x80 && b <= 0x9f ? WIN_ANSI_80_9F[b - 0x80] : String.fromCharCode(b)))
          .join(''),
      );
    }
  }
  return lines.join('\n');
}

async function as(browser: Browser, login: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  await signIn(page, login);
  return page;
}

/** Opens the demo pupil's convention from the list "Conventions". */
async function openPupilsAgreement(page: Page) {
  await page.getByRole('navigation').getByRole('link', { name: 'Conventions' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Mes conventions de stage' }),
  ).toBeVisible();
  await page.getByRole('link', { name: 'Ouvrir la convention de Inès Élève' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Convention de stage de Inès Élève' }),
  ).toBeVisible();
}

/** The signatures block (its list names each party; the conditions' list names some too). */
const signatures = (page: Page) => page.getByRole('region', { name: 'Signatures', exact: true });

async function signAs(page: Page, party: string) {
  await expect(page.getByRole('heading', { name: `Signer en tant que : ${party}` })).toBeVisible();
  await page.getByRole('button', { name: 'Signer la convention' }).click();
  // The box must be ticked: the browser stops the form, nothing is signed.
  await expect(signatures(page).getByRole('listitem').filter({ hasText: party })).toContainText(
    'En attente de signature',
  );
  await page.getByLabel('J’ai lu la convention et ses annexes, et je l’accepte.').check();
  await page.getByRole('button', { name: 'Signer la convention' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: /signature est enregistrée|signée par les quatre/ }),
  ).toBeVisible();
  await expect(signatures(page).getByRole('listitem').filter({ hasText: party })).toContainText(
    'Signé par',
  );
}

test('the four parties sign the convention, the guardian through the link of their e-mail', async ({
  browser,
}) => {
  test.setTimeout(180_000);

  // The host company signs.
  const employer = await as(browser, demo.employer);
  await openPupilsAgreement(employer);
  await expect(
    employer.getByText('Au fournil : découverte de la boulangerie (démo)').first(),
  ).toBeVisible();
  await signAs(employer, "L'entreprise d'accueil");
  const url = employer.url();

  // A teacher uploading a text file renamed .pdf is refused by its content, beside the field.
  const teacher = await as(browser, demo.teacher);
  await teacher.goto(url);
  await teacher.getByLabel('Fichier numérisé').setInputFiles({
    name: 'convention-signee.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('Ceci est un simple texte, pas un PDF.\n'),
  });
  // Final once accepted: the teacher confirms first (RGAA 11.12).
  await teacher
    .getByRole('checkbox', { name: /Je confirme que ce fichier est la convention/ })
    .check();
  await teacher.getByRole('button', { name: 'Déposer l’exemplaire signé' }).click();
  await expect(teacher.getByRole('alert')).toContainText("n'est ni un PDF");
  await expect(teacher.getByLabel('Fichier numérisé')).toHaveAttribute('aria-invalid', 'true');
  await expect(teacher.getByText('En cours de signature').first()).toBeVisible();

  // The head of school and the pupil sign; the pupil sends the link to their guardian.
  const head = await as(browser, demo.head);
  await head.goto(url);
  await signAs(head, "Le chef d'établissement");
  const pupil = await as(browser, demo.student);
  await openPupilsAgreement(pupil);
  await signAs(pupil, "L'élève");
  await pupil.getByRole('button', { name: 'Envoyer le lien de signature' }).click();
  await expect(
    pupil
      .getByRole('status')
      .filter({ hasText: 'Le lien de signature a été envoyé à p***@demo.tremplin.fr' }),
  ).toBeVisible();

  // Support reads the e-mail that left for the guardian, and its link.
  const operator = await as(browser, demo.operator);
  await operator.goto(url);
  await operator
    .getByRole('link', { name: 'Voir les e-mails envoyés au représentant légal' })
    .click();
  await expect(operator.getByRole('heading', { level: 1 })).toContainText(
    'E-mails au représentant légal',
  );
  const body = await operator.locator('pre').first().innerText();
  const link = /\/convention\/signer\/[A-Za-z0-9_-]+/.exec(body)?.[0];
  expect(link).toBeTruthy();

  // The guardian, without an account, on a phone.
  const phone = await browser.newContext({
    locale: 'fr-FR',
    viewport: { width: 360, height: 740 },
  });
  const guardian = await phone.newPage();
  await guardian.goto(link!);
  await expect(guardian).toHaveTitle(/Signature de la convention de stage/);
  await expect(guardian.getByText('Voici la convention de stage de Inès Élève')).toBeVisible();
  // A string, evaluated in the page: this project's types have no DOM.
  const overflow = await guardian.evaluate(
    'document.documentElement.scrollWidth > document.documentElement.clientWidth',
  );
  expect(overflow).toBe(false);
  await expect(guardian.getByLabel('Votre prénom et votre nom')).toHaveValue('Karim Parent');
  await guardian
    .getByLabel(
      'Je suis le représentant légal de cet élève, j’ai lu la convention et je l’accepte.',
    )
    .check();
  await guardian.getByRole('button', { name: 'Signer la convention' }).click();
  await expect(guardian.getByRole('status')).toContainText(
    'Merci, votre signature est enregistrée.',
  );
  // The link served once: opened again, it says so.
  await guardian.goto(link!);
  await expect(guardian.getByRole('alert')).toContainText('Ce lien a déjà servi');

  // Signed by all four: the PDF says who signed, as what and when.
  await pupil.reload();
  await expect(pupil.getByText('Signée', { exact: true })).toBeVisible();
  const [download] = await Promise.all([
    pupil.waitForEvent('download'),
    pupil.getByRole('link', { name: 'Télécharger la convention (PDF)' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^convention-CV-[0-9A-F]{8}\.pdf$/);
  const pdf = readFileSync((await download.path())!);
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const text = pdfText(pdf);
  expect(text).toContain('Inès Élève');
  expect(text).toContain('Boulangerie du Marché (démo)');
  expect(text).toContain('Collège des Tilleuls (démo)');
  expect(text).not.toContain('En attente de signature');
  const signatures = text.match(/Signé par [^\n]+, le \d\d\/\d\d\/\d{4} à \d\d h \d\d/g) ?? [];
  expect(signatures).toHaveLength(4);
  for (const name of ['Émile Employeur', 'Diane Directrice', 'Inès Élève', 'Karim Parent']) {
    expect(text).toContain(`Signé par ${name}`);
  }

  for (const page of [employer, teacher, head, pupil, operator, guardian]) {
    await page.context().close();
  }
});

test('an unknown signing link says clearly that it is not valid', async ({ page }) => {
  await page.goto('/convention/signer/ce-lien-nexiste-pas-0123456789abcdef');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Signature de la convention de stage',
  );
  await expect(page.getByRole('alert')).toContainText('Ce lien de signature n’est pas valide');
});
