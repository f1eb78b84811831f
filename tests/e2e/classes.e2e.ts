// Classes end to end: a teacher imports a class list exported by the school's software
// (Windows-1252, `;`, with mistakes), reads the preview and the refused lines, confirms, prints the
// codes; a pupil then signs in for the first time with one of the codes and completes their profile.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { demo, field, signIn } from './helpers';

/** Encodes text as Windows-1252, the encoding of most French school software exports. */
function windows1252(text: string): Buffer {
  const extra: Record<string, number> = { '€': 0x80, '’': 0x92, œ: 0x9c, Œ: 0x8c };
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (extra[ch] !== undefined) bytes.push(extra[ch]);
    else if (code < 0x100) bytes.push(code);
    else throw new Error(`not in Windows-1252: ${ch}`);
  }
  return Buffer.from(bytes);
}

const CLASS_NAME = '3E C';
const EXPORT = [
  'NOM;PRENOM;NE(E) LE;DIVISION;SEXE',
  `BERNARD;Chloé;14/03/2012;${CLASS_NAME};F`,
  `N'DIAYE;Moussa;02/11/2012;${CLASS_NAME};M`,
  `CŒURDEROI;Élise;21/07/2011;${CLASS_NAME};F`,
  `LEFÈVRE;Zoé;30/02/2012;${CLASS_NAME};F`,
  `;Lucas;05/05/2012;${CLASS_NAME};M`,
  `MARTIN;Léo;12/01/2019;${CLASS_NAME};M`,
  `BERNARD;Chloé;14/03/2012;${CLASS_NAME};F`,
  '',
].join('\r\n');

async function importClass(page: Page) {
  await page.getByRole('navigation').getByRole('link', { name: 'Mes classes' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mes classes' })).toBeVisible();
  await page.getByRole('link', { name: 'Importer une liste d’élèves' }).click();
  await expect(page).toHaveTitle(/Importer une liste d’élèves/);
  await page.getByLabel('Fichier CSV').setInputFiles({
    name: 'export-siecle-3eC.csv',
    mimeType: 'text/csv',
    buffer: windows1252(EXPORT),
  });
  await field(page, 'Classe').selectOption({ label: 'D’après le fichier' });
  await page.getByRole('button', { name: 'Voir l’aperçu' }).click();

  await expect(
    page.getByRole('heading', { name: 'Aperçu de l’import de export-siecle-3eC.csv' }),
  ).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'lue(s)' })).toContainText(
    '3 élève(s) recevront un compte et un code de connexion.',
  );
  await expect(page.getByText(`${CLASS_NAME} (3e) : 3 élève(s)`)).toBeVisible();
  await expect(page.getByText('Élise CŒURDEROI')).toBeVisible();
  const rejected = page.getByRole('table', { name: 'Lignes refusées' });
  await expect(rejected.getByRole('row')).toHaveCount(5);
  await expect(rejected).toContainText('Zoé LEFÈVRE : date de naissance « 30/02/2012 » illisible');
  await expect(rejected).toContainText('le nom est manquant');
  await expect(rejected).toContainText('Léo MARTIN : né(e) le 12/01/2019 : trop jeune');
  await expect(rejected).toContainText('en double dans le fichier (déjà à la ligne 2)');

  await page.getByRole('button', { name: 'Confirmer l’import' }).click();
  await expect(page.getByRole('heading', { name: 'Import terminé' })).toBeVisible();
  await expect(
    page.getByText('3 élève(s) importé(s), 0 changé(s) de classe, 4 ligne(s) refusée(s).'),
  ).toBeVisible();
}

test('a teacher imports a class from a Windows-1252 export with mistakes, confirms, and prints the codes; a pupil signs in with one', async ({
  page,
  browser,
}) => {
  await signIn(page, demo.teacher);
  await importClass(page);

  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('link', { name: `Imprimer les codes de ${CLASS_NAME} (PDF)` }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe('codes-3E-C.pdf');
  const pdf = readFileSync((await download.path())!);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');

  await page.getByRole('link', { name: `Voir la classe ${CLASS_NAME}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Classe ${CLASS_NAME}` })).toBeVisible();
  await expect(page.getByText('3 élève(s) sur 3 sans stage confirmé.')).toBeVisible();
  const row = page.getByRole('row', { name: /Élise CŒURDEROI/ });
  await expect(row).toContainText('Aucune candidature');
  await expect(row).toContainText('Pas encore connecté(e)');
  const code = /TRM-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec((await row.textContent()) ?? '')?.[0];
  expect(code).toBeTruthy();

  // The pupil, on another device.
  const pupilContext = await browser.newContext();
  const pupil = await pupilContext.newPage();
  await pupil.goto('/connexion');
  await pupil.getByRole('link', { name: 'Choisir mon mot de passe' }).click();
  await expect(pupil.getByRole('heading', { level: 1, name: 'Première connexion' })).toBeVisible();
  await pupil.getByLabel('Code de connexion').fill(code!.toLowerCase());
  await pupil.getByLabel('Nouveau mot de passe').fill('Elise-stage-2027');
  await pupil.getByLabel('Confirmez le mot de passe').fill('Elise-stage-2027');
  await pupil.getByRole('button', { name: 'Enregistrer et me connecter' }).click();
  await expect(pupil.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();

  await pupil.getByRole('navigation').getByRole('link', { name: 'Mon profil' }).click();
  await expect(pupil.getByRole('heading', { level: 1, name: 'Mon profil' })).toBeVisible();
  await expect(pupil.getByText('Collège des Tilleuls (démo)')).toBeVisible();
  await expect(pupil.getByText(CLASS_NAME, { exact: true })).toBeVisible();
  await pupil.getByLabel('Ma commune').selectOption({ label: 'Créteil' });
  await pupil.getByLabel('Prénom et nom').fill('Marie Cœurderoi');
  await pupil.getByLabel('Adresse e-mail').fill('marie.coeurderoi@example.test');
  await pupil.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(
    pupil.getByRole('status').filter({ hasText: 'Ton profil est enregistré.' }),
  ).toBeVisible();
  await expect(pupil.getByText('Ton profil est complet.')).toBeVisible();
  await pupilContext.close();

  // Back with the teacher: the first sign-in shows.
  await page.reload();
  await expect(page.getByRole('row', { name: /Élise CŒURDEROI/ })).toContainText(
    'Première connexion faite',
  );
});

test('the demo class counts the days left before its stage weeks and fits a 360 px screen', async ({
  page,
}) => {
  await signIn(page, demo.teacher);
  await page.setViewportSize({ width: 360, height: 780 });
  await page.goto('/classes');
  await page.getByRole('link', { name: '3e A' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Classe 3e A' })).toBeVisible();
  await expect(
    page.getByText(/Semaines de stage : du 18 janvier 2027 au 22 janvier 2027\./),
  ).toBeVisible();
  await expect(page.getByText(/Il reste \d+ jour\(s\) avant le début\./)).toBeVisible();
  await expect(page.getByRole('row', { name: /Inès Élève/ })).toBeVisible();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);

  await page
    .getByRole('checkbox', { name: 'Afficher seulement les élèves sans stage confirmé' })
    .check();
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await expect(page).toHaveURL(/sans-stage=1/);
});

test('a teacher gives a pupil who lost their code a new one', async ({ page }) => {
  await signIn(page, demo.teacher);
  await page.goto('/classes');
  await page.getByRole('link', { name: '3e A' }).click();
  const row = page.getByRole('row', { name: /Lina Démo/ });
  const before = /TRM-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec((await row.textContent()) ?? '')?.[0];
  await row.getByText('Nouveau code…').click();
  await row.getByRole('button', { name: 'Donner un nouveau code à Lina Démo' }).click();
  const status = page.getByRole('status').filter({ hasText: 'Nouveau code pour Lina Démo' });
  await expect(status).toBeVisible();
  const after = /TRM-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec((await status.textContent()) ?? '')?.[0];
  expect(after).toBeTruthy();
  expect(after).not.toBe(before);
  await expect(page.getByRole('row', { name: /Lina Démo/ })).toContainText(after!);
});

test('the head of school declares stage weeks; a date in the holidays is refused beside the field', async ({
  page,
}) => {
  await signIn(page, demo.head);
  await page.goto('/classes/semaines-de-stage');
  await expect(page.getByRole('heading', { level: 1, name: 'Semaines de stage' })).toBeVisible();
  await page.getByLabel('Niveau').first().selectOption('4e');
  await page.getByLabel('Premier jour').first().fill('2026-12-21');
  await page.getByLabel('Dernier jour').first().fill('2026-12-23');
  await page.getByRole('button', { name: 'Ajouter' }).first().click();
  await expect(page.getByRole('alert')).toContainText('vacances de Noël');
  await expect(page.getByLabel('Premier jour').first()).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Premier jour').first().fill('2027-03-15');
  await page.getByLabel('Dernier jour').first().fill('2027-03-19');
  await page.getByRole('button', { name: 'Ajouter' }).first().click();
  await expect(
    page.getByRole('status').filter({ hasText: 'La période est ajoutée.' }),
  ).toBeVisible();
  await expect(
    page.getByRole('listitem').filter({ hasText: 'du 15 mars 2027 au 19 mars 2027' }),
  ).toContainText('4e');
});
