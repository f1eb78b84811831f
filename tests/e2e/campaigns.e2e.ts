// Allocation campaigns end to end: the operator creates a campaign, commits two one-seat periods
// and opens the wishes; three pupils rank their wishes (adding, and moving one up with a button,
// another with the keyboard); the operator closes the wishes, watches the run finish, reads the
// preview (tables and charts), runs another policy and compares, then publishes; the pupils see
// their results, and the one left without a seat reads why, wish by wish.
import { expect, request as playwrightRequest, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD, demo, signIn, unique } from './helpers';

const apiUrl = `http://127.0.0.1:${process.env.E2E_API_PORT || 3101}`;
const PUPIL_PASSWORD = 'Campagne-e2e-2027';

async function apiAs(login: string) {
  const api = await playwrightRequest.newContext({ baseURL: apiUrl });
  const response = await api.post('/api/auth/login', { data: { login, password: DEMO_PASSWORD } });
  expect(response.ok(), await response.text()).toBe(true);
  return { api, headers: { authorization: `Bearer ${(await response.json()).token}` } };
}

/** The demo employer publishes two 3e offers of one seat each, the same week of March 2027. */
async function publishOffers(words: string): Promise<string[]> {
  const { api, headers } = await apiAs(demo.employer);
  try {
    const titles: string[] = [];
    for (const name of ['Atelier', 'Boutique']) {
      const title = `${name} ${words}`;
      const created = await api.post('/api/offers', {
        headers,
        data: {
          title,
          description: 'Observer une semaine de travail (test de bout en bout des campagnes).',
          tradeCodes: ['D1102'],
          levels: ['3e'],
          periods: [{ startDate: '2027-03-15', endDate: '2027-03-19', seats: 1 }],
          schedule: [1, 2, 3, 4, 5].map((day) => ({
            day,
            start: '09:00',
            end: '16:00',
            breaks: [{ start: '12:00', end: '13:00' }],
          })),
          tutorName: 'Martine Tutrice',
          tutorRole: 'Gérante',
        },
      });
      expect(created.status(), await created.text()).toBe(201);
      const { id } = await created.json();
      const published = await api.post(`/api/offers/${id}/publish`, { headers });
      expect(published.status(), await published.text()).toBe(200);
      titles.push(title);
    }
    return titles;
  } finally {
    await api.dispose();
  }
}

/** The demo teacher imports three pupils of 3e; each chooses a password: their sign-in codes. */
async function importPupils(className: string): Promise<string[]> {
  const { api, headers } = await apiAs(demo.teacher);
  try {
    const csv = [
      'NOM;PRENOM;NE(E) LE;DIVISION;SEXE',
      `AFFECTE;Amina;03/04/2012;${className};F`,
      `BERTRAND;Bilal;11/09/2012;${className};M`,
      `CARON;Clara;27/01/2012;${className};F`,
    ].join('\r\n');
    const imported = await api.post('/api/classes/import', { headers, data: { csv } });
    expect(imported.status(), await imported.text()).toBe(200);
    const report = await imported.json();
    const classId = report.classes[0].id as string;
    const followUp = await api.get(`/api/classes/${classId}/follow-up`, { headers });
    const codes = ((await followUp.json()).pupils as { loginCode: string }[]).map(
      (p) => p.loginCode,
    );
    expect(codes).toHaveLength(3);
    for (const code of codes) {
      const activated = await api.post('/api/auth/activate', {
        data: { login: code, password: PUPIL_PASSWORD },
      });
      expect(activated.status(), await activated.text()).toBe(200);
    }
    return codes;
  } finally {
    await api.dispose();
  }
}

async function wishesPage(page: Page, campaign: string) {
  await page.goto('/campagnes');
  await page.getByRole('link', { name: `Mes vœux dans la campagne ${campaign}` }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Mes vœux : ${campaign}`);
}

async function addWish(page: Page, title: string) {
  await page.getByRole('button', { name: `Ajouter « ${title} » à mes vœux` }).click();
  await expect(
    page.getByRole('status').filter({ hasText: `« ${title} » est ajouté` }),
  ).toBeVisible();
}

const ranked = (page: Page) =>
  page.getByRole('region', { name: 'Mes vœux classés' }).getByRole('listitem');

test('an operator runs a campaign from creation to publication; pupils rank wishes and read their result', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const words = unique('campagne e2e');
  const [atelier, boutique] = (await publishOffers(words)) as [string, string];
  const codes = await importPupils(unique('3E CAMP').slice(0, 30));
  const campaign = `Campagne ${words}`;

  // The operator creates the campaign and commits the two periods.
  const operator = await browser.newPage();
  await signIn(operator, demo.operator);
  await operator
    .getByRole('navigation')
    .getByRole('link', { name: "Campagnes d'affectation" })
    .click();
  await expect(operator.getByRole('heading', { level: 1 })).toHaveText("Campagnes d'affectation");
  await operator.getByRole('link', { name: 'Nouvelle campagne' }).click();
  await expect(operator).toHaveTitle(/Nouvelle campagne/);
  await operator.getByLabel('Nom de la campagne').fill(campaign);
  await operator.getByLabel('Nombre maximum de vœux par élève').fill('2');
  await operator.getByRole('button', { name: 'Créer la campagne' }).click();
  await expect(operator.getByRole('heading', { level: 1 })).toHaveText(campaign);
  await expect(operator.getByRole('status').first()).toContainText('La campagne est créée');

  await operator.getByLabel('Chercher une offre ou une entreprise').fill(words);
  await operator.getByRole('button', { name: 'Rechercher' }).click();
  await operator
    .getByRole('checkbox', { name: new RegExp(`Ajouter la période du .* de ${atelier}`) })
    .check();
  await operator
    .getByRole('checkbox', { name: new RegExp(`Ajouter la période du .* de ${boutique}`) })
    .check();
  await operator.getByRole('button', { name: 'Engager les périodes cochées' }).click();
  await expect(
    operator.getByRole('status').filter({ hasText: '2 période(s) ajoutée(s)' }),
  ).toBeVisible();
  await expect(operator.getByRole('heading', { name: 'Périodes engagées (2)' })).toBeVisible();
  await operator.getByRole('button', { name: 'Ouvrir les vœux maintenant' }).click();
  await expect(
    operator.getByRole('status').filter({ hasText: 'Les vœux sont ouverts' }),
  ).toBeVisible();
  await expect(operator.getByText('Vœux ouverts', { exact: true })).toBeVisible();
  const campaignUrl = operator.url().split('?')[0]!;

  // Three pupils rank their wishes, on a phone.
  const pupils: Page[] = [];
  for (const [i, code] of codes.entries()) {
    const context = await browser.newContext();
    const pupil = await context.newPage();
    await signIn(pupil, code, PUPIL_PASSWORD);
    await pupil.setViewportSize({ width: 360, height: 780 });
    await wishesPage(pupil, campaign);
    await pupil.getByLabel('Chercher un stage ou une entreprise').fill(words);
    await pupil.getByRole('button', { name: 'Rechercher' }).click();
    await expect(pupil.getByText('2 stage(s)')).toBeVisible();
    await addWish(pupil, atelier);
    await addWish(pupil, boutique);
    await expect(ranked(pupil)).toHaveCount(2);
    if (i === 0) {
      // Moved up with the button: Boutique first.
      await pupil.getByRole('button', { name: `Monter « ${boutique} » (vœu 2)` }).click();
      await expect(
        pupil
          .getByRole('status')
          .filter({ hasText: `« ${boutique} » est maintenant votre vœu 1.` }),
      ).toBeVisible();
      await expect(ranked(pupil).first()).toContainText(boutique);
      // Then back down with the keyboard only; the focus follows the wish.
      await pupil.getByRole('button', { name: `Descendre « ${boutique} » (vœu 1)` }).focus();
      await pupil.keyboard.press('Enter');
      await expect(ranked(pupil).first()).toContainText(atelier);
      await expect(
        pupil.getByRole('button', { name: `Monter « ${boutique} » (vœu 2)` }),
      ).toBeFocused();
      await pupil.getByRole('button', { name: `Monter « ${boutique} » (vœu 2)` }).click();
      await expect(ranked(pupil).first()).toContainText(boutique);
      // Nothing scrolls sideways on a 360 px screen.
      const overflow = (await pupil.evaluate(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      )) as number;
      expect(overflow).toBeLessThanOrEqual(0);
    }
    // Everyone sees how many wishes each period has.
    await expect(pupil.getByText(`${i + 1} vœu(x) pour 1 place(s)`).first()).toBeVisible();
    pupils.push(pupil);
  }

  // The operator closes the wishes; the run is computed and verified.
  await operator.goto(campaignUrl);
  await operator.getByRole('button', { name: 'Clore les vœux maintenant' }).click();
  await expect(
    operator.getByRole('status').filter({ hasText: 'Les vœux sont clos' }),
  ).toBeVisible();
  await expect(operator.getByText('Terminé et vérifié')).toBeVisible({ timeout: 60_000 });
  await expect(operator.getByText('2 élève(s) placé(s) sur 3')).toBeVisible();
  await operator.getByRole('link', { name: /Voir l’aperçu du calcul/ }).click();
  await expect(operator.getByRole('heading', { level: 1 })).toHaveText(
    `Aperçu du calcul : ${campaign}`,
  );
  const figures = operator.getByRole('table', { name: 'Résultats' });
  await expect(figures.getByRole('row', { name: /Élèves ayant formulé des vœux/ })).toContainText(
    '3',
  );
  await expect(figures.getByRole('row', { name: /Élèves placés/ })).toContainText('2');
  await expect(
    operator.getByRole('table', { name: 'Élèves sans stage par établissement' }),
  ).toContainText('Collège des Tilleuls (démo)');
  await expect(operator.locator('canvas')).toHaveCount(2);

  // Another policy on the same wishes: the lottery alone; then compare.
  await operator.getByLabel(/Priorité aux élèves des établissements REP\+/).uncheck();
  await operator.getByRole('button', { name: 'Calculer avec ces règles' }).click();
  await expect(operator).toHaveURL(/comparer=/);
  await expect(
    operator.getByRole('heading', { name: 'Ce qui change pour les élèves' }),
  ).toBeVisible({
    timeout: 60_000,
  });
  await expect(
    operator
      .getByRole('table', { name: 'Résultats' })
      .getByRole('columnheader', { name: 'Calcul comparé' }),
  ).toBeVisible();

  // Publish this run.
  await operator.getByRole('button', { name: 'Publier ce calcul' }).click();
  await expect(
    operator.getByRole('status').filter({ hasText: 'Affectation publiée' }),
  ).toContainText('2 stage(s) confirmé(s)');

  // Each pupil reads their result: two placed, one not, with the reason for each wish.
  let placed = 0;
  for (const pupil of pupils) {
    await pupil.goto(`${new URL(campaignUrl).pathname}/resultat`);
    await expect(pupil.getByRole('heading', { level: 1 })).toHaveText(`Mon résultat : ${campaign}`);
    if (await pupil.getByText(/Vous avez obtenu votre vœu n°/).isVisible()) {
      placed++;
      await expect(pupil.getByRole('link', { name: 'Voir la convention' })).toBeVisible();
    } else {
      await expect(
        pupil.getByText('Aucun de vos vœux n’a pu être satisfait à ce tour.'),
      ).toBeVisible();
      await expect(
        pupil.getByText(
          /Vœu 1 : complet ; le dernier élève admis avait .*un meilleur tirage au sort \(n° \d+ ; le vôtre : n° \d+\)\./,
        ),
      ).toBeVisible();
      await expect(pupil.getByText(/Vœu 2 : complet ;/)).toBeVisible();
    }
  }
  expect(placed).toBe(2);
  for (const pupil of pupils) await pupil.context().close();
});
