import { expect, test } from '@playwright/test';
import { demo, field, randomSiret, signIn, unique } from './helpers';

test('a new employer signs up, sees the account page and registers a company', async ({ page }) => {
  const email = `${unique('employeur')}@example.test`;
  await page.goto('/');
  await page.getByRole('link', { name: 'Créer un compte' }).first().click();
  await expect(page).toHaveTitle(/Créer un compte/);
  await page.getByLabel(/Entreprise/).check();
  await page.getByLabel('Prénom et nom').fill('Léa Martin');
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill('Boulangerie-2026');
  await page.getByRole('button', { name: 'Créer mon compte' }).click();

  await expect(page).toHaveURL(/\/compte/);
  await expect(page.getByRole('heading', { level: 1, name: 'Mon compte' })).toBeVisible();
  await expect(page.getByText('Bienvenue sur Tremplin, Léa Martin !')).toBeVisible();
  await expect(
    page.getByRole('main').getByRole('listitem').filter({ hasText: 'Entreprise' }),
  ).toBeVisible();

  await page.getByRole('link', { name: 'Mon organisation' }).first().click();
  await field(page, 'SIRET').fill(randomSiret());
  await page.getByLabel("Nom de l'entreprise").fill('Fromagerie Martin');
  await page.getByLabel('Code NAF (APE)').fill('47.29Z');
  await page.getByLabel("Taille de l'entreprise").selectOption('tpe');
  await page.getByLabel('Commune').selectOption({ label: 'Vitry-sur-Seine' });
  await page.getByRole('button', { name: "Inscrire l'entreprise" }).click();
  await expect(page.getByRole('status')).toContainText(
    "L'entreprise Fromagerie Martin est inscrite",
  );
  await page.reload();
  await expect(page.getByRole('main').getByText('Fromagerie Martin — Entreprise')).toBeVisible();
});

test('an invalid SIRET is refused with the reason beside the field', async ({ page }) => {
  await signIn(page, demo.employer);
  await page.goto('/organisation');
  await field(page, 'SIRET').fill('12345678901234');
  await page.getByLabel("Nom de l'entreprise").fill('Test');
  await page.getByLabel('Code NAF (APE)').fill('47.29Z');
  await page.getByLabel('Commune').selectOption({ label: 'Créteil' });
  await page.getByRole('button', { name: "Inscrire l'entreprise" }).click();
  const siret = field(page, 'SIRET');
  await expect(siret).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#field-siret-error')).toContainText('clé de contrôle');
  await expect(page.getByRole('alert')).toBeFocused();
});

test('a demo teacher signs in, sees their account, and signs out', async ({ page }) => {
  await signIn(page, demo.teacher);
  await page.getByRole('navigation').getByRole('link', { name: 'Mon compte' }).click();
  await expect(page.getByLabel('Prénom et nom')).toHaveValue('Paul Professeur');
  await expect(page.getByText(/Collège des Tilleuls \(démo\) — Professeur/)).toBeVisible();
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page.getByText('Vous êtes déconnecté.')).toBeVisible();
  await page.goto('/compte');
  await expect(page).toHaveURL(/\/connexion\?redirect=%2Fcompte/);
});

test('a wrong password shows one clear message, focused for screen readers', async ({ page }) => {
  await page.goto('/connexion');
  // Required fields say so in their label before the form is sent; a screen reader hears it
  // from the field itself ("required"), not twice.
  const password = page.getByRole('main').locator('label', { hasText: 'Mot de passe' });
  await expect(password).toHaveText(/^Mot de passe\s\(obligatoire\)$/);
  await expect(page.locator('#field-password')).toHaveAttribute('required', '');
  await page.getByLabel('Adresse e-mail ou code de connexion').fill(demo.student);
  await field(page, 'Mot de passe').fill('pas-le-bon-1');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('alert')).toContainText('Identifiant ou mot de passe incorrect.');
  await expect(page.getByRole('alert')).toBeFocused();
});

test('the skip link is the first stop of the keyboard and the language switches to English', async ({
  page,
}) => {
  await page.goto('/');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Aller au contenu' })).toBeFocused();
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Finding your way, one internship at a time',
  );
  await page.getByRole('button', { name: 'Français' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
});

test('the trades browser finds a trade without accents', async ({ page }) => {
  await signIn(page, demo.student);
  await page.goto('/metiers');
  await page.getByLabel('Rechercher un métier').fill('electricite');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(page.getByRole('heading', { name: /métier\(s\) trouvé\(s\)/ })).toBeVisible();
  await expect(page.getByRole('cell', { name: /Électricité/i }).first()).toBeVisible();
});

test('the site map, from every footer, lists the pages for everyone, then those of the role', async ({
  page,
}) => {
  await page.goto('/metiers');
  await page.getByRole('contentinfo').getByRole('link', { name: 'Plan du site' }).click();
  await expect(page).toHaveTitle('Plan du site – Tremplin');
  const main = page.getByRole('main');
  await expect(main.getByRole('link', { name: 'Se connecter' })).toBeVisible();
  await expect(main.getByRole('link', { name: 'Accessibilité' })).toBeVisible();
  await expect(main.getByRole('link', { name: 'Mes classes' })).toHaveCount(0);

  await signIn(page, demo.teacher);
  await page.goto('/plan-du-site');
  await expect(main.getByRole('link', { name: 'Mes classes' })).toBeVisible();
  await expect(main.getByRole('link', { name: 'Mon compte' })).toBeVisible();
  await main.getByRole('link', { name: 'Mes classes' }).click();
  await expect(page).toHaveURL(/\/classes$/);
});

test('the accessibility statement gives the level and results of the RGAA audit, as the footer does', async ({
  page,
}) => {
  await page.goto('/');
  await page
    .getByRole('contentinfo')
    .getByRole('link', { name: 'Accessibilité : totalement conforme' })
    .click();
  await expect(page).toHaveTitle('Accessibilité – Tremplin');
  const main = page.getByRole('main');
  await expect(
    main.getByText('Tremplin est totalement conforme avec le RGAA version 4.1'),
  ).toBeVisible();
  await expect(
    main.getByText(
      /100 % des critères du RGAA 4\.1 qui s’appliquent sont respectés : 75 critères respectés, 0 non respectés, 31 non applicables/,
    ),
  ).toBeVisible();
  const forms = main.getByRole('row', { name: /^11\. Formulaires/ });
  await expect(forms.getByRole('cell')).toHaveText(['13', '0', '0']);
  await expect(main.getByRole('heading', { name: 'Voie de recours' })).toBeVisible();
});
