// Applications end to end: a pupil applies (a double click still makes one application), the
// employer accepts from the inbox, the pupil confirms and sees the agreement being prepared. Each
// final step asks for a ticked box first (RGAA 11.12), which the server checks too.
import {
  expect,
  request as playwrightRequest,
  test,
  type Locator,
  type Page,
} from '@playwright/test';
import { DEMO_PASSWORD, demo, signIn, unique } from './helpers';

const apiUrl = `http://127.0.0.1:${process.env.E2E_API_PORT || 3101}`;

/** The demo employer posts and publishes a 3e offer through the API; returns its id and title. */
async function publishOffer(): Promise<{ id: string; title: string }> {
  const api = await playwrightRequest.newContext({ baseURL: apiUrl });
  try {
    const login = await api.post('/api/auth/login', {
      data: { login: demo.employer, password: DEMO_PASSWORD },
    });
    expect(login.ok()).toBe(true);
    const headers = { authorization: `Bearer ${(await login.json()).token}` };
    // A title and words of its own, so other tests' searches of the demo data do not find it.
    const title = unique('Stage e2e candidatures');
    const created = await api.post('/api/offers', {
      headers,
      data: {
        title,
        description: 'Observer une semaine de travail en entreprise (test de bout en bout).',
        tradeCodes: ['D1102'],
        levels: ['3e'],
        // A school week of May 2027, away from holidays and public holidays.
        periods: [{ startDate: '2027-05-24', endDate: '2027-05-28', seats: 2 }],
        schedule: [1, 2, 3, 4, 5].map((day) => ({
          day,
          start: '09:00',
          end: '16:00',
          breaks: [{ start: '12:00', end: '13:00' }],
        })),
        tutorName: 'Martine Tutrice',
        tutorRole: 'Boulangère',
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const { id } = await created.json();
    const published = await api.post(`/api/offers/${id}/publish`, { headers });
    expect(published.status(), await published.text()).toBe(200);
    return { id, title };
  } finally {
    await api.dispose();
  }
}

/** How many pixels the page is wider than the screen (0 when nothing scrolls sideways). */
function overflowOf(page: Page): Promise<number> {
  return page.evaluate(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  ) as Promise<number>;
}

/**
 * Clicks a submit button with the browser's own check of required fields switched off, as a
 * browser that does not check them would: the server's check is then the one seen.
 */
async function submitUnchecked(button: Locator) {
  await button.evaluate((el) => {
    (el as unknown as { form: { noValidate: boolean } }).form.noValidate = true;
  });
  await button.click();
}

async function card(page: Page, title: string) {
  return page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: title }) });
}

test('a pupil applies with a double click, the employer accepts from the inbox, the pupil confirms', async ({
  browser,
}) => {
  const offer = await publishOffer();

  // The pupil applies, clicking twice in a hurry.
  const pupil = await browser.newPage();
  await signIn(pupil, demo.student);
  await pupil.goto(`/offres/${offer.id}/postuler`);
  await expect(pupil).toHaveTitle(new RegExp(`Postuler : ${offer.title}`));
  await expect(pupil.getByRole('heading', { level: 1 })).toContainText(offer.title);
  await pupil.getByRole('radio', { name: /Du 24 mai 2027 au 28 mai 2027/ }).check();
  await pupil
    .getByLabel("Quelques mots pour l'entreprise (facultatif)")
    .fill("J'aimerais découvrir le travail du pain.");
  await pupil.getByRole('button', { name: 'Envoyer ma candidature' }).dblclick();
  await expect(pupil).toHaveURL(/\/candidatures/);
  await expect(pupil.getByRole('status')).toContainText('Votre candidature est envoyée');
  await expect(await card(pupil, offer.title)).toHaveCount(1);
  await expect(
    (await card(pupil, offer.title)).getByText('Envoyée', { exact: true }),
  ).toBeVisible();

  // Withdrawing without ticking its box is refused beside the box: the application stays.
  const sent = await card(pupil, offer.title);
  await submitUnchecked(
    sent.getByRole('button', { name: `Retirer ma candidature : ${offer.title}` }),
  );
  await expect(pupil.getByRole('alert')).toContainText('Cochez la case pour confirmer le retrait.');
  await expect(
    sent.getByRole('checkbox', { name: 'Je confirme le retrait de cette candidature.' }),
  ).toHaveAttribute('aria-invalid', 'true');
  await pupil.reload();
  await expect(sent.getByText('Envoyée', { exact: true })).toBeVisible();

  // Back on the apply page: the period now shows the application, not a second form entry.
  await pupil.goto(`/offres/${offer.id}/postuler`);
  await expect(pupil.getByText('Vous avez déjà postulé (Envoyée).')).toBeVisible();

  // The employer finds it in the inbox, filtered by the offer, and accepts it.
  const employer = await browser.newPage();
  await signIn(employer, demo.employer);
  await employer.getByRole('navigation').getByRole('link', { name: 'Candidatures reçues' }).click();
  await expect(employer.getByRole('heading', { level: 1 })).toHaveText('Candidatures reçues');
  const option = employer.locator('#field-offre option', { hasText: offer.title });
  await employer.getByLabel('Offre').selectOption((await option.getAttribute('value'))!);
  await employer.getByRole('button', { name: 'Afficher' }).click();
  await expect(employer.getByText('1 candidature(s)')).toBeVisible();
  // Hovering the link does not open it: the application is not marked read behind the pupil's back.
  await employer.getByRole('link', { name: /Candidature de/ }).hover();
  await employer.waitForLoadState('networkidle');
  await employer.reload();
  const inboxCard = employer
    .getByRole('listitem')
    .filter({ has: employer.getByRole('heading', { name: /Candidature de/ }) });
  await expect(inboxCard.getByText('Envoyée', { exact: true })).toBeVisible();
  // Without the confirmation box ticked, the decision is refused and nothing changes.
  await employer.getByRole('checkbox', { name: /Sélectionner la candidature de/ }).check();
  await submitUnchecked(employer.getByRole('button', { name: 'Accepter la sélection' }));
  await expect(employer.getByRole('alert')).toContainText(
    'Cochez la case pour confirmer votre décision.',
  );
  await employer.reload();
  await expect(inboxCard.getByText('Envoyée', { exact: true })).toBeVisible();
  await employer.getByRole('checkbox', { name: /Sélectionner la candidature de/ }).check();
  await employer
    .getByRole('checkbox', { name: 'Je confirme ma décision pour les candidatures cochées.' })
    .check();
  await employer.getByRole('button', { name: 'Accepter la sélection' }).click();
  await expect(employer.getByRole('status')).toContainText('1 candidature(s) traitée(s).');
  await expect(inboxCard.getByText('Acceptée', { exact: true })).toBeVisible();

  // The pupil is told, and confirms: the agreement is being prepared.
  await pupil.goto('/candidatures');
  await expect(pupil.getByRole('link', { name: /Notifications ?, \d+ non lue/ })).toBeVisible();
  const mine = await card(pupil, offer.title);
  await expect(mine.getByText('Acceptée', { exact: true })).toBeVisible();
  const confirm = mine.getByRole('button', { name: `Confirmer ce stage : ${offer.title}` });
  await submitUnchecked(confirm);
  await expect(pupil.getByRole('alert')).toContainText('Cochez la case pour confirmer ce stage.');
  await pupil.reload();
  await expect(mine.getByText('Acceptée', { exact: true })).toBeVisible();
  await mine.getByRole('checkbox', { name: /Je confirme ce stage/ }).check();
  await confirm.click();
  await expect(pupil.getByRole('status')).toContainText(
    'Stage confirmé. La convention de stage est en préparation.',
  );
  await expect(mine.getByText('Convention de stage en préparation')).toBeVisible();
  await expect(mine.getByText('Stage confirmé', { exact: true })).toBeVisible();
  await expect(mine.getByRole('list').last()).toContainText(/Acceptée,\s+par l.entreprise/);
  await mine.getByRole('link', { name: 'Voir la convention' }).click();
  await expect(pupil).toHaveURL(/\/conventions\/[0-9a-f-]{36}/);
  await expect(pupil.getByRole('heading', { level: 1 })).toBeVisible();

  // The employer's notifications say so in words.
  await employer.goto('/notifications');
  await expect(employer.getByRole('heading', { level: 1 })).toHaveText('Notifications');
  await expect(
    employer.getByText(new RegExp(`confirme son stage « ${offer.title} »`)),
  ).toBeVisible();
  await employer.getByRole('button', { name: 'Tout marquer comme lu' }).click();
  await expect(employer.getByRole('status')).toContainText('marquées comme lues');
});

test('the inbox and the apply page fit a 360 px wide phone without horizontal scrolling', async ({
  browser,
}) => {
  const offer = await publishOffer();
  const phone = await browser.newPage();
  await signIn(phone, demo.employer);
  await phone.setViewportSize({ width: 360, height: 740 });
  for (const path of ['/entreprise/candidatures', '/notifications']) {
    await phone.goto(path);
    const overflow = await overflowOf(phone);
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
  const pupil = await browser.newPage();
  await signIn(pupil, demo.student);
  await pupil.setViewportSize({ width: 360, height: 740 });
  for (const path of [`/offres/${offer.id}/postuler`, '/candidatures']) {
    await pupil.goto(path);
    const overflow = await overflowOf(pupil);
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
});
