// The operator reads the observatory: charts drawn, the communes' map shaded by another
// indicator chosen in the select, a table downloaded as CSV (UTF-8 with BOM, `;`), all within a
// 360 px phone's width; the employer downloads the company's yearly report.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { demo, signIn } from './helpers';

test('the operator shades the map by another indicator and downloads a table as CSV', async ({
  page,
}) => {
  await signIn(page, demo.operator);
  await page.getByRole('navigation').getByRole('link', { name: 'Observatoire' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Observatoire des stages' }),
  ).toBeVisible();
  await expect(page).toHaveTitle(/Observatoire des stages/);
  await expect(page.getByText('Chiffres de tout le Val-de-Marne.')).toBeVisible();

  // Charts are drawn (Chart.js), each with its table.
  await expect(page.locator('canvas').first()).toBeVisible();
  await expect(
    page.getByRole('table', { name: 'Offre et demande par grand domaine de métiers' }),
  ).toBeVisible();

  // The map, shaded by seats first, then by searches without result.
  const map = page.getByRole('img', { name: /Carte des communes du Val-de-Marne/ });
  await expect(map).toHaveAttribute('data-indicator', 'seats');
  await expect(map.locator('path')).toHaveCount(47);
  await page
    .getByLabel('Indicateur de la carte')
    .selectOption({ label: 'Recherches sans résultat' });
  await page.getByRole('button', { name: 'Colorer la carte' }).click();
  await expect(page).toHaveURL(/indicateur=searchesWithoutResult/);
  await expect(map).toHaveAttribute('data-indicator', 'searchesWithoutResult');
  await expect(
    page.getByRole('heading', { name: 'Légende : Recherches sans résultat' }),
  ).toBeVisible();
  // The demo's searches without result put Vitry-sur-Seine among the darker communes.
  const vitry = map.locator('path[data-commune="94081"]');
  await expect(vitry).not.toHaveAttribute('fill', '#e8eff8');

  // The communes' table as CSV.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Télécharger en CSV : Par commune' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^observatoire-communes-\d{4}-\d{4}\.csv$/);
  const bytes = readFileSync((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.subarray(3).toString('utf8').split('\r\n');
  expect(lines[0]).toMatch(
    /^Code INSEE;Commune;Offres;Places;Candidatures;Recherches sans résultat;/,
  );
  const vitryRow = lines.find((l) => l.startsWith('94081;Vitry-sur-Seine;'));
  expect(vitryRow).toBeDefined();
  // Six searches for nursing care found nothing in Vitry-sur-Seine this year (demo data).
  expect(Number(vitryRow!.split(';')[5])).toBeGreaterThanOrEqual(6);
  expect(lines.filter((l) => /^94\d{3};/.test(l))).toHaveLength(47);

  // A phone: the page fits; wide tables scroll inside their own box.
  await page.setViewportSize({ width: 360, height: 740 });
  await page.reload();
  const overflow = await page.evaluate<boolean>(
    'document.documentElement.scrollWidth > document.documentElement.clientWidth',
  );
  expect(overflow).toBe(false);
  await expect(map).toBeVisible();
});

test('the employer reads the yearly report of the company and downloads it as a PDF', async ({
  page,
}) => {
  await signIn(page, demo.employer);
  await page.getByRole('navigation').getByRole('link', { name: 'Bilan annuel' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Bilan annuel de votre entreprise' }),
  ).toBeVisible();
  await expect(page.getByRole('heading', { name: /Boulangerie du Marché \(démo\)/ })).toBeVisible();
  await expect(page.getByText('Élèves accueillis (conventions signées)')).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Télécharger le bilan (PDF)' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^bilan-tremplin-\d{4}-\d{4}\.pdf$/);
  const pdf = readFileSync((await download.path())!);
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

  // The employer's observatory is the company's own.
  await page.getByRole('navigation').getByRole('link', { name: 'Observatoire' }).click();
  await expect(
    page.getByText(/Chiffres de votre entreprise \(Boulangerie du Marché/),
  ).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Élèves encore sans stage' })).toHaveCount(0);
});
