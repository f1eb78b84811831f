// Trust, in the browser: HTML and scripts stored in an offer, a mentoring message and a person's
// name are shown as text on every page that shows them; the web app refuses form posts from
// another site and sends a strict CSP; a person downloads their data and deletes their account;
// the operator reads it in the audit log. Everything is made on accounts of this test's own, so
// the demo data stays as the other files expect it.
import { expect, type Page, request as playwrightRequest, test } from '@playwright/test';
import { apiAs, apiUrl } from './a11y-data';
import { demo, field, signIn, unique } from './helpers';

const PASSWORD = 'Confiance-2026-ok';
const SITE_MANAGER = 'mentor.btp@demo.tremplin.fr';
/** Markup that would run if a page put stored text into its HTML. */
const payload = (where: string) =>
  `<img src=x onerror="window.__xss='${where}'"><script>window.__xss='${where}'</script>`;

interface Stored {
  pupilEmail: string;
  pupilName: string;
  offerId: string;
  offerTitle: string;
  mentorshipId: string;
  message: string;
}

async function registerPupil(name: string) {
  const email = `${unique('confiance')}@example.test`;
  const visitor = await playwrightRequest.newContext({ baseURL: apiUrl });
  const response = await visitor.post('/api/auth/register', {
    data: { email, password: PASSWORD, displayName: name, role: 'student' },
  });
  expect(response.status(), await response.text()).toBe(201);
  await visitor.dispose();
  return email;
}

let stored: Stored;

test.describe('stored markup', () => {
  // One setup for the three tests: a retry would make a second mentorship the mentor has no room for.
  test.describe.configure({ mode: 'serial' });

  test.beforeAll(async () => {
    // A pupil whose name is markup, mentored by the demo site manager (the demo baker and Maud
    // Mentore are the other tests' mentors), who writes markup in a message.
    const pupilName = `Zoé ${payload('name')}`.slice(0, 100);
    const pupilEmail = await registerPupil(pupilName);
    const pupil = await apiAs(pupilEmail, PASSWORD);
    const baker = await apiAs(SITE_MANAGER);
    const employer = await apiAs(demo.employer);
    try {
      const request = await pupil.api.post('/api/mentoring/requests', {
        headers: pupil.headers,
        data: {
          goals: ['discover_trade'],
          tradeCodes: ['F1703'],
          modes: ['phone'],
          availability: [{ day: 2, start: '17:30', end: '19:30' }],
          languages: ['fr'],
          constraints: payload('constraints'),
        },
      });
      expect(request.ok(), await request.text()).toBe(true);
      const requestId = (await request.json()).id as string;
      const consent = await pupil.api.post(`/api/mentoring/requests/${requestId}/consent`, {
        headers: pupil.headers,
        data: { guardianName: 'Camille Confiance', confirmed: true },
      });
      expect(consent.ok(), await consent.text()).toBe(true);
      const mentors = (await (
        await pupil.api.get('/api/mentoring/mentors', { headers: pupil.headers })
      ).json()) as { id: string; displayName: string }[];
      const mentor = mentors.find((m) => m.displayName.startsWith('Samia Chantier'))!;
      expect(mentor, 'the demo site manager is listed').toBeTruthy();
      const asked = await pupil.api.post(`/api/mentoring/requests/${requestId}/ask`, {
        headers: pupil.headers,
        data: { mentorId: mentor.id },
      });
      expect(asked.ok(), await asked.text()).toBe(true);
      const proposals = (await (
        await baker.api.get('/api/mentoring/proposals', { headers: baker.headers })
      ).json()) as { id: string; requestId: string }[];
      const proposal = proposals.find((p) => p.requestId === requestId)!;
      const accepted = await baker.api.post(`/api/mentoring/proposals/${proposal.id}/accept`, {
        headers: baker.headers,
      });
      expect(accepted.ok(), await accepted.text()).toBe(true);
      const mentorshipId = (await accepted.json()).mentorshipId as string;
      const message = `Bonjour ! ${payload('message')} <a href="javascript:window.__xss='link'">lien</a>`;
      const sent = await baker.api.post(`/api/mentoring/mentorships/${mentorshipId}/messages`, {
        headers: baker.headers,
        data: { body: message },
      });
      expect(sent.status(), await sent.text()).toBe(201);

      // An offer of the demo bakery whose title, description and tutor are markup.
      const offerTitle = `Fournil ${payload('offer')}`.slice(0, 120);
      const created = await employer.api.post('/api/offers', {
        headers: employer.headers,
        data: {
          title: offerTitle,
          description: `Observer le fournil. ${payload('description')} <a href="javascript:window.__xss='link'">lien</a>`,
          tradeCodes: ['D1102'],
          levels: ['3e'],
          periods: [{ startDate: '2027-02-01', endDate: '2027-02-05', seats: 2 }],
          schedule: [1, 2, 3, 4, 5].map((day) => ({
            day,
            start: '09:00',
            end: '16:00',
            breaks: [{ start: '12:00', end: '13:00' }],
          })),
          tutorName: `Martine ${payload('tutor')}`.slice(0, 100),
          tutorRole: 'Gérante',
        },
      });
      expect(created.status(), await created.text()).toBe(201);
      const offerId = (await created.json()).id as string;
      const published = await employer.api.post(`/api/offers/${offerId}/publish`, {
        headers: employer.headers,
      });
      expect(published.ok(), await published.text()).toBe(true);
      stored = { pupilEmail, pupilName, offerId, offerTitle, mentorshipId, message };
    } finally {
      await pupil.api.dispose();
      await baker.api.dispose();
      await employer.api.dispose();
    }
  });

  /**
   * Opens a page and checks that the stored markup is there as text and nowhere as markup: no
   * element with an event handler or a javascript: link, no script of ours, nothing the CSP had to
   * block, no dialog, and the marker never set.
   */
  async function expectShownAsText(page: Page, url: string, texts: string[]) {
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });
    page.on('dialog', (dialog) => {
      blocked.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(200);
    for (const text of texts) {
      await expect(page.getByText(text, { exact: false }).first(), `${url}: ${text}`).toBeVisible();
    }
    const injected = await page.evaluate(() => ({
      marker: (window as unknown as { __xss?: string }).__xss ?? null,
      handlers: document.querySelectorAll('[onerror], [onload], [onclick]').length,
      images: document.querySelectorAll('img[src="x"]').length,
      // The page's own data script carries the text escaped; a script made from it would hold it.
      scripts: [...document.scripts].filter((s) => /^\s*window\.__xss/.test(s.textContent ?? ''))
        .length,
      links: document.querySelectorAll('a[href^="javascript:"]').length,
    }));
    expect(injected, url).toEqual({ marker: null, handlers: 0, images: 0, scripts: 0, links: 0 });
    expect(blocked, url).toEqual([]);
  }

  test('stored markup in an offer is shown as text to the pupil and to the employer', async ({
    page,
  }) => {
    await signIn(page, stored.pupilEmail, PASSWORD);
    await expectShownAsText(page, `/offres/${stored.offerId}`, [
      `<img src=x onerror="window.__xss='offer'">`,
      `<script>window.__xss='description'</script>`,
    ]);
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await signIn(page, demo.employer);
    await expectShownAsText(page, '/entreprise/offres', [`window.__xss='offer'`]);
    await expectShownAsText(page, `/entreprise/offres/${stored.offerId}`, [`window.__xss='offer'`]);
  });

  test('a stored message and a stored name are shown as text on both sides of a mentorship', async ({
    page,
  }) => {
    await signIn(page, stored.pupilEmail, PASSWORD);
    await expectShownAsText(page, `/mentorat/${stored.mentorshipId}`, [`window.__xss='message'`]);
    await expectShownAsText(page, '/compte', []);
    await expect(page.getByLabel('Prénom et nom')).toHaveValue(stored.pupilName);
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await signIn(page, SITE_MANAGER);
    await expectShownAsText(page, `/mentorat/${stored.mentorshipId}`, [
      `window.__xss='message'`,
      `<img src=x onerror="window.__xss='name'">`,
    ]);
  });

  test('the operator finds a person whose name is markup, shown as text, without the name in the address', async ({
    page,
  }) => {
    await signIn(page, demo.operator);
    await page.goto('/operateur/personnes');
    await page.getByLabel('Nom ou adresse e-mail').fill('Zoé');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await expect(page.getByText(`window.__xss='name'`, { exact: false }).first()).toBeVisible();
    expect(page.url()).not.toContain('Zo');
    const injected = await page.evaluate(() => document.querySelectorAll('[onerror]').length);
    expect(injected).toBe(0);
  });
});

test('the web app refuses a form posted from another site, and keeps the account as it was', async ({
  page,
}) => {
  const name = `Noé Prudent ${unique('').slice(-5)}`;
  await signIn(page, await registerPupil(name), PASSWORD);
  const forged = await page.request.post('/compte?/profile', {
    headers: { origin: 'https://evil.example' },
    form: { displayName: 'Pirate', locale: 'fr' },
  });
  expect(forged.status()).toBe(403);
  const noOrigin = await page.request.post('/compte?/profile', {
    headers: { origin: '' },
    form: { displayName: 'Pirate', locale: 'fr' },
  });
  expect(noOrigin.status()).toBe(403);
  await page.goto('/compte');
  await expect(page.getByLabel('Prénom et nom')).toHaveValue(name);
});

test('pages carry a strict CSP and hardening headers; the session cookie is httpOnly and SameSite', async ({
  page,
  context,
}) => {
  const response = await page.goto('/connexion');
  const headers = response!.headers();
  const csp = headers['content-security-policy'] ?? '';
  const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
  expect(scriptSrc).toContain("'self'");
  expect(scriptSrc).not.toContain('unsafe-inline');
  expect(scriptSrc).not.toContain('unsafe-eval');
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'self'");
  expect(csp).toContain("form-action 'self'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('same-origin');

  await signIn(page, await registerPupil(`Inès Cookie ${unique('').slice(-5)}`), PASSWORD);
  const cookie = (await context.cookies()).find((c) => c.name === 'tremplin_session');
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  // The browser's scripts cannot read it.
  expect(await page.evaluate(() => document.cookie)).not.toContain('tremplin_session');
});

test('a person downloads their data, deletes their account, and the operator sees it in the audit log', async ({
  page,
}) => {
  const name = `Léa Départ ${unique('').slice(-5)}`;
  const email = await registerPupil(name);
  await signIn(page, email, PASSWORD);
  await page.goto('/compte');
  await page.getByRole('link', { name: /Mes données personnelles/ }).click();
  await expect(page).toHaveTitle(/Mes données personnelles/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mes données personnelles');
  await expect(page.getByText(/Un an après votre dernière activité/)).toBeVisible();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Télécharger mes données (JSON)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('mes-donnees-tremplin.json');
  const exported = JSON.parse(
    await new Promise<string>((resolve, reject) => {
      download
        .createReadStream()
        .then((stream) => {
          let text = '';
          stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
          stream.on('end', () => resolve(text));
          stream.on('error', reject);
        })
        .catch(reject);
    }),
  ) as { person: { email: string; displayName: string } };
  expect(exported.person).toMatchObject({ email, displayName: name });

  // A wrong password: the error is beside the field, nothing is deleted.
  await page.getByLabel('Mon mot de passe actuel').fill('pas-le-bon-2026');
  await page.getByLabel(/Je comprends que mon compte/).check();
  await page.getByRole('button', { name: 'Supprimer définitivement mon compte' }).click();
  await expect(page.getByRole('alert')).toContainText('Le mot de passe est incorrect.');
  await expect(page.getByLabel('Mon mot de passe actuel')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Mon mot de passe actuel').fill(PASSWORD);
  await page.getByLabel(/Je comprends que mon compte/).check();
  await page.getByRole('button', { name: 'Supprimer définitivement mon compte' }).click();
  await expect(page).toHaveURL(/\/compte\/donnees\/supprime$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Compte supprimé');
  await expect(page.getByRole('button', { name: 'Se déconnecter' })).toHaveCount(0);

  // The account is gone: signing in again is refused.
  await page.goto('/connexion');
  await page.getByLabel('Adresse e-mail ou code de connexion').fill(email);
  await field(page, 'Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('alert')).toContainText('Identifiant ou mot de passe incorrect.');

  // The operator reads the deletion and the export in the audit log, without the person's name.
  await signIn(page, demo.operator);
  await page.getByRole('navigation').getByRole('link', { name: 'Journal d’audit' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Journal d’audit');
  await page.getByLabel('Type d’action').selectOption({ value: 'privacy' });
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await expect(page).toHaveURL(/action=privacy/);
  const entries = page.locator('ol.entries > li');
  await expect(entries.filter({ hasText: 'privacy.deleted' }).first()).toContainText(
    'compte anonymisé',
  );
  await expect(entries.filter({ hasText: 'privacy.exported' }).first()).toBeVisible();
  await expect(page.getByText(name)).toHaveCount(0);
});
