// A school–enterprise challenge from start to finish in the browser: the demo bakery sets and
// publishes it and invites a new employer to its jury; the demo teacher enrols 3e A and forms
// balanced teams; the demo pupil's team hands in a real PDF after a text file renamed .pdf is
// refused; the organiser closes submissions, the juror scores, the results are published, and the
// pupil sees the ranking and downloads their certificate.
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { demo, signIn, unique } from './helpers';

async function as(browser: Browser, login: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  await signIn(page, login);
  return page;
}

/** A real, tiny PDF (one empty page), as a pupil's software would write it. */
function tinyPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** The text shown by a pdf-lib PDF (hex strings of its compressed content streams). */
function pdfText(bytes: Buffer): string {
  const raw = bytes.toString('latin1');
  const lines: string[] = [];
  for (const match of raw.matchAll(/stream\r?\n/g)) {
    const start = match.index + match[0].length;
    const end = raw.indexOf('endstream', start);
    if (end < 0) continue;
    try {
      const content = inflateSync(bytes.subarray(start, end)).toString('latin1');
      for (const shown of content.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) {
        lines.push(Buffer.from(shown[1]!, 'hex').toString('latin1'));
      }
    } catch {
      // Not a compressed content stream.
    }
  }
  return lines.join('\n');
}

test('a challenge is set, taken up by a class in teams, handed in, scored and certified', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const title = `Le pain de demain ${unique('e2e').slice(-6)}`;
  const jurorEmail = `${unique('jure')}@example.test`;

  // A professional signs up with a company profile: the future juror.
  const juror = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
  await juror.goto('/inscription');
  // A tick made while the page hydrates can be undone by it: tick until it holds.
  const companyRole = juror.getByLabel(/Entreprise/);
  await expect(async () => {
    await companyRole.check();
  }).toPass();
  await juror.getByLabel('Prénom et nom').fill('Jules Juré');
  await juror.getByLabel('Adresse e-mail').fill(jurorEmail);
  await expect(companyRole).toBeChecked();
  await juror.getByLabel('Mot de passe').fill('Jury-challenge-2026');
  await juror.getByRole('button', { name: 'Créer mon compte' }).click();
  await expect(juror).toHaveURL(/\/compte/);

  // The bakery sets the challenge (the form comes prefilled with dates, sizes and a rubric).
  const organiser = await as(browser, demo.employer);
  await organiser.getByRole('navigation').getByRole('link', { name: 'Challenges' }).click();
  await expect(
    organiser.getByRole('heading', { level: 1, name: 'Challenges école–entreprise' }),
  ).toBeVisible();
  await organiser.getByRole('link', { name: 'Lancer un challenge' }).click();
  await organiser.getByLabel('Titre').fill(title);
  // It starts today (the form suggests next week), so that teams can hand in at once.
  await organiser
    .getByLabel('Lancement')
    .fill(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date()));
  // Too short a brief is refused beside its field, and what was typed stays.
  await organiser.getByLabel('Le défi proposé aux élèves').fill('Trop court');
  await organiser.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
  await expect(organiser.getByRole('alert')).toContainText('Le défi proposé aux élèves');
  await expect(organiser.getByLabel('Titre')).toHaveValue(title);
  await organiser
    .getByLabel('Le défi proposé aux élèves')
    .fill('Imaginez le pain du quartier en 2030 : recette, emballage sans déchet et affiche.');
  await organiser.getByLabel('Métier 1').fill('D1102');
  await organiser.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
  await expect(organiser.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(
    organiser.getByRole('status').filter({ hasText: 'enregistré en brouillon' }),
  ).toBeVisible();
  await organiser.getByRole('button', { name: 'Publier le challenge' }).click();
  await expect(
    organiser.getByRole('status').filter({ hasText: 'Le challenge est publié' }),
  ).toBeVisible();

  // The organiser invites the juror.
  await organiser.getByRole('link', { name: 'Jury et co-organisateurs' }).click();
  await organiser.getByLabel('Adresse e-mail de son compte Tremplin').fill(jurorEmail);
  await organiser.getByRole('button', { name: 'Inviter', exact: true }).click();
  await expect(
    organiser.getByRole('status').filter({ hasText: 'fait maintenant partie du jury' }),
  ).toBeVisible();
  await expect(organiser.getByText('Jules Juré', { exact: true })).toBeVisible();

  // The teacher enrols 3e A and forms balanced teams.
  const teacher = await as(browser, demo.teacher);
  await teacher.goto('/challenges');
  await teacher.getByRole('link', { name: title }).first().click();
  const classA = teacher.getByLabel('Classe à inscrire').locator('option', { hasText: /^3e A / });
  await teacher
    .getByLabel('Classe à inscrire')
    .selectOption((await classA.getAttribute('value')) ?? '');
  await teacher.getByRole('button', { name: 'Inscrire la classe' }).click();
  await expect(
    teacher.getByRole('status').filter({ hasText: 'La classe est inscrite' }),
  ).toBeVisible();
  await teacher.getByRole('link', { name: 'Former et suivre les équipes' }).click();
  await teacher.getByLabel('Tirage (facultatif)').fill('e2e-2026');
  await teacher.getByRole('button', { name: 'Former les équipes' }).click();
  await expect(
    teacher.getByRole('status').filter({ hasText: 'équipe(s) formée(s) (tirage « e2e-2026 »)' }),
  ).toBeVisible();
  await expect(teacher.getByRole('heading', { level: 3, name: 'Équipe 1' })).toBeVisible();
  await expect(teacher.getByRole('heading', { level: 3, name: 'Équipe 2' })).toBeVisible();

  // The pupil sees their team and hands in the work.
  const pupil = await as(browser, demo.student);
  await pupil.goto('/challenges');
  await pupil.getByRole('link', { name: title }).first().click();
  await expect(
    pupil.getByRole('heading', { level: 2, name: /^Mon équipe : Équipe \d$/ }),
  ).toBeVisible();
  await expect(pupil.getByRole('listitem').filter({ hasText: 'Inès Élève' }).first()).toBeVisible();
  await pupil.getByRole('link', { name: 'Déposer le travail de l’équipe' }).click();
  await pupil
    .getByLabel('Présentation du travail')
    .fill('Un pain aux céréales locales, vendu dans un sac en tissu consigné.');
  // A text file renamed .pdf is refused by its content, with a clear French message.
  await pupil.getByLabel('Fichiers à ajouter').setInputFiles({
    name: 'rapport.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('Ceci est notre rapport, écrit dans un fichier texte.\n'),
  });
  await pupil.getByRole('button', { name: 'Déposer le travail' }).click();
  await expect(pupil.getByRole('alert')).toContainText(
    'son contenu a été vérifié, pas seulement son nom',
  );
  await expect(pupil.getByText('Rien n’est encore déposé.')).toBeVisible();
  // A real PDF goes through.
  await pupil.getByLabel('Fichiers à ajouter').setInputFiles({
    name: 'notre-pain.pdf',
    mimeType: 'application/pdf',
    buffer: tinyPdf(),
  });
  await pupil.getByRole('button', { name: 'Déposer le travail' }).click();
  await expect(
    pupil.getByRole('status').filter({ hasText: 'Le travail est enregistré' }),
  ).toBeVisible();
  await expect(pupil.getByRole('link', { name: 'notre-pain.pdf' })).toBeVisible();
  await expect(pupil.getByText('Un pain aux céréales locales')).toBeVisible();

  // The organiser closes submissions early (the deadline is weeks away).
  await organiser.goto('/challenges');
  await organiser.getByRole('link', { name: title }).first().click();
  await organiser.getByRole('button', { name: 'Clore les dépôts' }).click();
  // The confirmation must be ticked: the browser stops the form.
  await expect(organiser.getByText('Ouvert', { exact: true }).first()).toBeVisible();
  await organiser
    .getByLabel('Je confirme : les équipes qui n’ont pas encore déposé ne pourront plus le faire.')
    .check();
  await organiser.getByRole('button', { name: 'Clore les dépôts' }).click();
  await expect(
    organiser.getByRole('status').filter({ hasText: 'Les dépôts sont clos' }),
  ).toBeVisible();

  // The juror scores the team's work with the rubric.
  await juror.goto('/challenges');
  await juror.getByRole('link', { name: title }).first().click();
  await juror.getByRole('link', { name: 'Voir et noter les travaux' }).click();
  await juror.getByRole('link', { name: /^Noter « Équipe \d »$/ }).click();
  await expect(juror.getByRole('link', { name: 'notre-pain.pdf' })).toBeVisible();
  await juror.getByLabel('Originalité (sur 10)').fill('8');
  await juror.getByLabel('Faisabilité (sur 10)').fill('7');
  await juror.getByLabel('Présentation (sur 10)').fill('9');
  await juror.getByRole('button', { name: 'Enregistrer mes notes' }).click();
  await expect(
    juror.getByRole('status').filter({ hasText: 'Vos notes sont enregistrées : 78/100' }),
  ).toBeVisible();

  // The organiser publishes the results; the tie-break rule is stated.
  await organiser.getByRole('link', { name: 'Classement provisoire et publication' }).click();
  await expect(
    organiser.getByText(/critère au plus fort coefficient \(« Originalité »\)/),
  ).toBeVisible();
  await organiser.getByRole('button', { name: 'Publier les résultats' }).click();
  await expect(
    organiser.getByRole('status').filter({ hasText: 'Les résultats sont publiés' }),
  ).toBeVisible();

  // The pupil sees the ranking and downloads the certificate.
  await pupil.goto('/challenges');
  await pupil.getByRole('link', { name: title }).first().click();
  await expect(pupil.getByText('Votre équipe est classée 1 sur 1.')).toBeVisible();
  const [download] = await Promise.all([
    pupil.waitForEvent('download'),
    pupil.getByRole('link', { name: 'Télécharger mon attestation (PDF)' }).click(),
  ]);
  const bytes = readFileSync((await download.path())!);
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  const text = pdfText(bytes);
  expect(text).toContain('Attestation de participation');
  expect(text).toContain('Inès');
  expect(text).toContain(title);
  expect(text).toContain('Classement du jury : 1re sur 1 équipe.');
  await pupil.getByRole('link', { name: 'Tout le classement' }).click();
  await expect(
    pupil.getByRole('heading', { level: 1, name: `Résultats – ${title}` }),
  ).toBeVisible();
  await expect(pupil.getByRole('row').filter({ hasText: 'Mon équipe' })).toContainText('78');

  // The page fits a phone's width.
  await pupil.setViewportSize({ width: 360, height: 740 });
  const overflow = await pupil.evaluate(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  );
  expect(overflow).toBeLessThanOrEqual(0);
});
