// Stage offers end to end: an employer's illegal schedule is refused with the rule beside the
// field, fixed and published; a pupil finds the offer (list and map); an operator suspends it and
// it leaves the search.
import { expect, test, type Page } from '@playwright/test';
import { demo, field, signIn } from './helpers';

/** A made-up word (letters only) that the French full-text search will find as it is. */
function oddWord(): string {
  const letters = 'bcdfghjklmnpqrstvwxz';
  let word = 'zou';
  for (let i = 0; i < 8; i++) word += letters[Math.floor(Math.random() * letters.length)];
  return word;
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(
    page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', {
      name: 'Se connecter',
    }),
  ).toBeVisible();
}

test('an offer goes from an illegal draft to search results, then out of them once suspended', async ({
  browser,
  page,
}) => {
  const word = oddWord();
  const title = `Atelier ${word}`;

  // The employer posts an offer whose Monday is 8 hours long: refused, the rule beside Monday.
  await signIn(page, demo.employer);
  await page.goto('/entreprise/offres');
  await page.getByRole('link', { name: 'Proposer une offre' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Proposer une offre de stage');
  await page.getByLabel('Titre').fill(title);
  await page
    .getByLabel('Ce que l’élève verra et fera')
    .fill(`Observer le travail de l'atelier ${word} et la relation avec les clients.`);
  await page.getByLabel('Métier 1').fill('D1102');
  const period = page.getByRole('group', { name: 'Période 1' });
  await period.getByLabel('Premier jour').fill('2027-01-18');
  await period.getByLabel('Dernier jour').fill('2027-01-22');
  await field(period, 'Places').fill('2');
  await page.getByLabel('Lundi – Départ').fill('18:00');
  await field(page, 'Nom').fill('Martine Tutrice');
  await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();

  const monday = page.getByRole('group', { name: 'Lundi' });
  await expect(
    monday.getByText(
      'Lundi : 8 h de travail, pauses déduites, au-delà des 7 h par jour autorisées pour un mineur.',
    ),
  ).toBeVisible();
  // 5 hours in the afternoon without a break: the second rule, beside the break fields.
  await expect(monday.getByText("Lundi : 5 h de travail d'affilée")).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('Lundi');

  // Fixed: saved as a draft, then published.
  await page.getByLabel('Lundi – Départ').fill('17:00');
  await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Brouillon enregistré' })).toBeVisible();
  const offerId = new URL(page.url()).pathname.split('/').pop()!;
  await page.getByRole('button', { name: 'Publier' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'L’offre est publiée' })).toBeVisible();
  await expect(page.getByText('État actuel : Publiée')).toBeVisible();
  await signOut(page);

  // The pupil finds it by a word of its description, in the list and on the map.
  await signIn(page, demo.student);
  await page.goto('/offres');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Chercher un stage');
  await page.getByLabel('Mots-clés').fill(word);
  await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
  const results = page.getByRole('region', { name: 'Résultats' });
  await expect(results.getByRole('link', { name: title })).toBeVisible();
  await expect(results.getByText('1 offre(s) trouvée(s).')).toBeVisible();
  const map = page.getByRole('region', { name: 'Carte interactive des offres de cette page' });
  // The map is drawn once its box comes near the screen.
  await map.scrollIntoViewIfNeeded();
  await expect(map).toHaveAttribute('data-ready', 'true');
  // No tile server in tests: the communes' outlines are the background, and the offer is a marker.
  await expect(page.getByText('seuls les contours des communes sont dessinés')).toBeVisible();
  await expect(map.locator('path.offer-marker')).toHaveCount(1);
  await expect(map.locator('path.origin-marker')).toHaveCount(1);
  await expect(map.locator('path.commune-outline')).toHaveCount(47);
  // The drawing is an image named after the list; each marker a button the keyboard opens.
  await expect(map.getByRole('img', { name: /Les mêmes offres sont dans la liste/ })).toHaveCount(
    1,
  );
  await expect(map.getByRole('button', { name: 'Zoomer', exact: true })).toBeVisible();
  const marker = map.getByRole('button', { name: title, exact: true });
  await marker.focus();
  await page.keyboard.press('Enter');
  await expect(map.locator('.leaflet-popup').getByRole('link', { name: title })).toBeVisible();
  await map.getByRole('button', { name: 'Fermer', exact: true }).click();
  await expect(map.locator('.leaflet-popup')).toHaveCount(0);

  // On a phone the map comes after the list: its script and style are fetched only when the
  // pupil scrolls down to it, not with the page.
  const phone = await browser.newContext({
    locale: 'fr-FR',
    viewport: { width: 360, height: 740 },
    storageState: await page.context().storageState(),
  });
  const small = await phone.newPage();
  const leafletFiles: string[] = [];
  small.on('request', (request) => {
    if (/leaflet/i.test(request.url())) leafletFiles.push(request.url());
  });
  await small.goto(`/offres?q=${word}&toutes-dates=on`);
  await small.waitForLoadState('networkidle');
  const smallMap = small.getByRole('region', {
    name: 'Carte interactive des offres de cette page',
  });
  await expect(small.getByText('1 offre(s) trouvée(s).', { exact: true })).toBeVisible();
  await expect(smallMap).toHaveAttribute('data-ready', 'false');
  expect(leafletFiles, 'nothing of the map is fetched before it is near').toEqual([]);
  await expect(small.locator('.leaflet-container')).toHaveCount(0);
  await smallMap.scrollIntoViewIfNeeded();
  await expect(smallMap).toHaveAttribute('data-ready', 'true');
  await expect(smallMap.locator('path.offer-marker')).toHaveCount(1);
  expect(leafletFiles.length).toBeGreaterThan(0);
  // Drawn late, its controls are still 44 px touch targets (the page scans may not reach them).
  const heights = await smallMap
    .locator('.leaflet-bar a, .leaflet-control-attribution a')
    .evaluateAll((links) => links.map((link) => link.getBoundingClientRect().height));
  expect(heights.length).toBeGreaterThanOrEqual(3);
  for (const height of heights) expect(height).toBeGreaterThanOrEqual(44);
  await phone.close();
  await signOut(page);

  // The operator suspends it from the offer's page.
  await signIn(page, demo.operator);
  await page.goto(`/offres/${offerId}`);
  await page
    .getByLabel('Raison (gardée dans le journal)')
    .fill('Horaires à vérifier avec l’entreprise');
  await page.getByRole('button', { name: 'Suspendre l’offre' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'L’offre est suspendue' })).toBeVisible();
  await signOut(page);

  // Gone from the pupil's search.
  await signIn(page, demo.student);
  await page.goto(`/offres?q=${word}`);
  await expect(page.getByText('0 offre(s) trouvée(s).')).toBeVisible();
  await expect(page.getByRole('link', { name: title })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Offres pour vous' }).getByText(title)).toHaveCount(
    0,
  );
});
