// The demo pupil's skills passport: she writes a reflection, hides an entry from the printed
// passport, downloads the PDF (a PDF with her entries, not the hidden one), and the page fits a
// 360 px phone; her teacher then reads the passport, read-only, hidden entry included.
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { demo, field, signIn, unique } from './helpers';

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

test('a pupil writes a reflection, hides an entry and downloads her passport as a PDF', async ({
  page,
  browser,
}) => {
  await signIn(page, demo.student);
  await page.getByRole('navigation').getByRole('link', { name: 'Passeport' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Mon passeport de compétences' }),
  ).toBeVisible();
  await expect(page).toHaveTitle(/Mon passeport de compétences/);
  // What the other parts of Tremplin put there: the class workshop and her reflection on it.
  await expect(
    page.getByRole('heading', { level: 3, name: 'Atelier : mes centres d’intérêt', exact: true }),
  ).toBeVisible();

  // She writes a reflection of her own.
  const title = unique('Ce que je retiens du forum des métiers');
  await field(page, 'Titre').fill(title);
  await field(page, 'Ma réflexion').fill('J’ai parlé avec une électricienne : ça m’a plu.');
  await page.getByRole('button', { name: 'Ajouter à mon passeport' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Votre réflexion est ajoutée' }),
  ).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: title })).toBeVisible();

  // She keeps the class workshop out of the printed passport.
  const workshop = page.getByRole('checkbox', {
    name: 'Afficher dans mon passeport imprimé : Atelier : mes centres d’intérêt',
  });
  await expect(workshop).toBeChecked();
  await workshop.uncheck();
  await expect(
    page.getByRole('status').filter({ hasText: 'Votre choix est enregistré' }),
  ).toBeVisible();
  await page.reload();
  await expect(
    page.getByRole('checkbox', {
      name: 'Afficher dans mon passeport imprimé : Atelier : mes centres d’intérêt',
    }),
  ).not.toBeChecked();

  // The PDF: her entries, not the hidden one.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Télécharger mon passeport (PDF)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('passeport-competences.pdf');
  const pdf = readFileSync((await download.path())!);
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const text = pdfText(pdf);
  expect(text).toContain('Mon passeport de compétences');
  expect(text).toContain('Inès Élève');
  expect(text).toContain(title);
  expect(text).toContain('Mon projet pour l’oral du brevet');
  expect(text.split('\n')).not.toContain('Atelier : mes centres d’intérêt');
  expect(text).toContain('Ma réflexion — Atelier : mes centres d’intérêt');

  // A phone: nothing wider than the screen.
  await page.setViewportSize({ width: 360, height: 740 });
  await page.reload();
  const overflow = await page.evaluate<boolean>(
    'document.documentElement.scrollWidth > document.documentElement.clientWidth',
  );
  expect(overflow).toBe(false);

  // Her teacher reads the passport, hidden entry included, without any control to change it.
  const context = await browser.newContext({ locale: 'fr-FR' });
  const teacher = await context.newPage();
  await signIn(teacher, demo.teacher);
  await teacher.getByRole('navigation').getByRole('link', { name: 'Passeport' }).click();
  await expect(
    teacher.getByRole('heading', { level: 1, name: 'Passeports des élèves' }),
  ).toBeVisible();
  await teacher.getByRole('link', { name: 'Voir le passeport de Inès Élève' }).click();
  await expect(
    teacher.getByRole('heading', { level: 1, name: 'Passeport de Inès Élève' }),
  ).toBeVisible();
  await expect(teacher.getByRole('heading', { level: 3, name: title })).toBeVisible();
  await expect(
    teacher
      .getByRole('article', { name: 'Atelier : mes centres d’intérêt', exact: true })
      .getByText('Masquée du PDF'),
  ).toBeVisible();
  await expect(teacher.getByRole('checkbox')).toHaveCount(0);
  await context.close();
});
