/// <reference lib="dom" />
// The main paths done with the keyboard only: Tab and Shift+Tab to move, Enter and Space to act,
// arrows in radio groups, typing in fields. Every stop of the focus is checked to be visible and
// to come after the previous one in the page (no positive tabindex, a logical order); tabbing
// through a whole page reaches its footer (no trap); errors are announced and linked to their
// field, and status messages come in live regions.
import { type Browser, expect, type Locator, type Page, test } from '@playwright/test';
import {
  bakerMentor,
  createJudgingChallenge,
  MENTEE_PASSWORD,
  publishOffer,
  sharedFixtures,
} from './a11y-data';
import { demo, DEMO_PASSWORD, field, unique } from './helpers';
import { chromiumArgs } from './playwright.config';

// Date and time fields take their parts in the order of the browser's own language, which on
// Linux comes from the environment (LANGUAGE), not from --lang nor from the page's locale: French
// (day, month, year; 24-hour clock) when Chromium's French resources are installed
// (chromium-l10n on Debian), English (month, day, year; AM/PM) otherwise. The tests find out which
// on a scratch page (fieldOrder) and type the parts in that order, as a person at that browser
// would.
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [...chromiumArgs, '--lang=fr-FR'],
    env: { ...process.env, LANGUAGE: 'fr_FR:fr', LANG: 'fr_FR.UTF-8' },
  },
});

interface FieldOrder {
  dayFirst: boolean;
  twelveHour: boolean;
}

/** How this browser's date and time fields take their parts, found by typing on a scratch page. */
async function fieldOrder(browser: Browser): Promise<FieldOrder> {
  const context = await browser.newContext({ locale: 'fr-FR' });
  try {
    const page = await context.newPage();
    await page.setContent('<input type="date" id="d"><input type="time" id="t">');
    await page.focus('#d');
    await page.keyboard.type('02012027');
    await page.focus('#t');
    await page.keyboard.type('1000');
    const [date, time] = await page.evaluate(() => [
      (document.getElementById('d') as HTMLInputElement).value,
      (document.getElementById('t') as HTMLInputElement).value,
    ]);
    return { dayFirst: date === '2027-01-02', twelveHour: time === '' };
  } finally {
    await context.close();
  }
}

/** The keys a person types into a date field: [dd, mm, yyyy] in the browser's order. */
const dateKeys = ([day, month, year]: [string, string, string], order: FieldOrder) =>
  order.dayFirst ? `${day}${month}${year}` : `${month}${day}${year}`;

/** The keys a person types into a time field ("17:00"), with AM/PM on a 12-hour clock. */
function timeKeys(time: string, order: FieldOrder): string {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  const mm = String(minutes).padStart(2, '0');
  if (!order.twelveHour) return `${String(hours).padStart(2, '0')}${mm}`;
  const h12 = hours % 12 === 0 ? 12 : hours % 12;
  return `${String(h12).padStart(2, '0')}${mm}${hours < 12 ? 'A' : 'P'}`;
}

/** Where the focus is: a description, and whether it is visible and after the previous stop. */
async function focusStop(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const w = window as unknown as { lastStop?: Element };
    if (!el || el === document.body) return { where: 'body', visible: true, forward: true };
    // The calendar button inside a date field takes the focus last; Chromium rings it itself
    // (the field then matches no :focus rule of ours), so there is nothing of ours to check.
    if (el.matches('input[type="date"], input[type="time"]') && !el.matches(':focus')) {
      w.lastStop = el;
      return {
        where: `${el.tagName.toLowerCase()}#${el.id} (calendar)`,
        visible: true,
        forward: true,
      };
    }
    const style = getComputedStyle(el);
    const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    const shadowed = style.boxShadow !== 'none';
    const previous = w.lastStop;
    // Past the end of the page the focus wraps around to the skip link, the first stop.
    const wrapped = el.classList.contains('skip-link');
    // A date field is one element with several stops (day, month, year, calendar).
    const forward =
      wrapped ||
      el === previous ||
      !previous ||
      !previous.isConnected ||
      Boolean(previous.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
    w.lastStop = el;
    const name = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 50);
    return {
      where: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${name}"`,
      visible: (outlined || shadowed) && el.checkVisibility(),
      forward,
    };
  });
}

/** Presses Tab until `target` has the focus, checking every stop on the way. */
async function tabTo(page: Page, target: Locator, max = 120): Promise<number> {
  // The first stop may be anywhere (a navigation resets where Tab starts); the next ones follow.
  await page.evaluate(() => {
    (window as unknown as { lastStop?: Element }).lastStop = undefined;
  });
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press('Tab');
    const stop = await focusStop(page);
    expect(stop.visible, `the focus is visible on ${stop.where}`).toBe(true);
    expect(stop.forward, `${stop.where} comes after the previous stop`).toBe(true);
    if (await target.evaluate((el) => el === document.activeElement)) return presses;
  }
  throw new Error(`the keyboard never reached ${target}`);
}

async function noPositiveTabindex(page: Page) {
  expect(await page.locator('[tabindex]:not([tabindex="0"]):not([tabindex^="-"])').count()).toBe(0);
}

/** Signs in from the home page with the keyboard only. */
async function keyboardSignIn(page: Page, login: string, password: string) {
  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Navigation principale' });
  await tabTo(page, nav.getByRole('link', { name: 'Se connecter' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveTitle(/Se connecter/);
  await tabTo(page, page.getByLabel('Adresse e-mail ou code de connexion'));
  await page.keyboard.type(login);
  await tabTo(page, field(page, 'Mot de passe'));
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR' });
  return context.newPage();
}

const parisDay = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  weekday: 'short',
});
/** The first Monday at least two days from now, in Paris: [dd, mm, yyyy]. */
function nextMonday(): [string, string, string] {
  for (let k = 2; k < 10; k++) {
    const p: Record<string, string> = {};
    for (const part of parisDay.formatToParts(new Date(Date.now() + k * 86_400_000)))
      p[part.type] = part.value;
    if (p.weekday === 'Mon') return [p.day!, p.month!, p.year!];
  }
  throw new Error('unreachable');
}

test('sign in with the keyboard: skip link first, a wrong password announced, then in', async ({
  page,
}) => {
  await page.goto('/connexion');
  await noPositiveTabindex(page);
  // The skip link is the first stop and takes the focus to the content.
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Aller au contenu' });
  await expect(skip).toBeFocused();
  expect((await focusStop(page)).visible).toBe(true);
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
  // From the content, the next stop is the first field: the header is skipped.
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Adresse e-mail ou code de connexion')).toBeFocused();
  await expect(page.getByLabel('Adresse e-mail ou code de connexion')).toHaveAttribute(
    'aria-describedby',
    /field-login-hint/,
  );
  await page.keyboard.type(demo.student);
  await tabTo(page, field(page, 'Mot de passe'));
  await page.keyboard.type('pas-le-bon-1');
  await page.keyboard.press('Enter');
  // The error is announced (role alert) and takes the focus.
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Identifiant ou mot de passe incorrect.');
  await expect(alert).toBeFocused();
  await tabTo(page, field(page, 'Mot de passe'));
  await page.keyboard.press('Control+A');
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
  await expect(page).toHaveTitle(/Tremplin/);
});

// The offer is in May, outside the demo school's stage weeks (January and February), which a
// pupil's search keeps to unless "Toutes les dates" is ticked: the pupil ticks it with Space.
test('a pupil searches for a stage and applies with the keyboard only', async ({ page }) => {
  const word = `kb${unique('').replace(/\D/g, '').slice(-8)}`;
  const offer = await publishOffer(word);
  await keyboardSignIn(page, demo.student, DEMO_PASSWORD);

  const nav = page.getByRole('navigation', { name: 'Navigation principale' });
  await tabTo(page, nav.getByRole('link', { name: 'Chercher un stage' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveTitle(/Chercher un stage/);
  await noPositiveTabindex(page);
  await tabTo(page, page.getByLabel('Mots-clés'));
  await page.keyboard.type(word);
  const anyDate = page.getByRole('checkbox', { name: /^Toutes les dates/ });
  await tabTo(page, anyDate);
  await page.keyboard.press('Space');
  await expect(anyDate).toBeChecked();
  await tabTo(page, page.getByRole('button', { name: 'Rechercher', exact: true }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/toutes-dates=on/);
  const results = page.getByRole('region', { name: 'Résultats' });
  // Exact: "11 offre(s)…" on the page before the search also contains "1 offre(s)…".
  await expect(results.getByText('1 offre(s) trouvée(s).', { exact: true })).toBeVisible();

  const result = page.locator(`main a[href="/offres/${offer.id}"]`).first();
  await tabTo(page, result);

  // No trap: from the result, past the map, the keyboard reaches the footer and comes back.
  await tabTo(page, page.locator('footer a[href="/a-propos"]'), 200);
  await page.keyboard.press('Shift+Tab');
  await expect(page.locator('footer a[href="/accessibilite"]')).toBeFocused();

  // Back on the result: Enter opens the offer.
  await result.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(offer.title);
  await tabTo(page, page.getByRole('link', { name: 'Postuler à ce stage' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveTitle(new RegExp(`Postuler : ${offer.title}`));

  const send = page.getByRole('button', { name: 'Envoyer ma candidature' });
  const period = page.getByRole('radio', { name: /Du 7 juin 2027 au 11 juin 2027/ });
  await tabTo(page, period);
  await page.keyboard.press('Space');
  await expect(period).toBeChecked();
  await tabTo(page, page.getByLabel("Quelques mots pour l'entreprise (facultatif)"));
  await page.keyboard.type("J'aimerais voir le travail du pain, merci !");
  await tabTo(page, send);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/candidatures/);
  // The confirmation comes in a live region.
  await expect(
    page.getByRole('status').filter({ hasText: 'Votre candidature est envoyée' }),
  ).toBeVisible();
  await expect(
    page.getByRole('status').filter({ hasText: 'Votre candidature est envoyée' }),
  ).toHaveAttribute('aria-live', 'polite');
});

test('a pupil ranks campaign wishes with the keyboard only, the focus following the wish', async ({
  page,
}) => {
  await keyboardSignIn(page, demo.student, DEMO_PASSWORD);
  const nav = page.getByRole('navigation', { name: 'Navigation principale' });
  await tabTo(page, nav.getByRole('link', { name: "Campagnes d'affectation" }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByRole('link', { name: /^Mes vœux dans la campagne Stages de 3e/ }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Mes vœux');
  await noPositiveTabindex(page);

  const ranked = page.getByRole('region', { name: 'Mes vœux classés' }).getByRole('listitem');
  const addButtons = page.getByRole('button', { name: /^Ajouter « .+ » à mes vœux$/ });
  while ((await ranked.count()) < 2) {
    const add = addButtons.first();
    const name = (await add.textContent())!.trim();
    const title = /« (.+) »/.exec(name)![1]!;
    await tabTo(page, add);
    await page.keyboard.press('Enter');
    await expect(
      page.getByRole('status').filter({ hasText: `« ${title} » est ajouté` }),
    ).toBeVisible();
  }

  // The second wish goes up with Enter; the focus stays on that wish's buttons.
  const up = ranked.nth(1).getByRole('button', { name: /^Monter « .+ » \(vœu 2\)$/ });
  const secondTitle = /« (.+) »/.exec((await up.getAttribute('aria-label'))!)![1]!;
  await tabTo(page, up);
  await page.keyboard.press('Enter');
  await expect(
    page.getByRole('status').filter({ hasText: `« ${secondTitle} » est maintenant votre vœu 1.` }),
  ).toBeVisible();
  await expect(ranked.first()).toContainText(secondTitle);
  // The focus stays with the wish that moved, now first.
  expect(
    await ranked.first().evaluate((item) => item.contains(document.activeElement)),
    'the focus follows the wish',
  ).toBe(true);
});

test('a mentor books a session and the mentee accepts it, with the keyboard only', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { mentorship } = await sharedFixtures();
  const mentor = await newPage(browser);
  await keyboardSignIn(mentor, bakerMentor, DEMO_PASSWORD);
  const nav = mentor.getByRole('navigation', { name: 'Navigation principale' });
  await tabTo(mentor, nav.getByRole('link', { name: 'Mentorat' }));
  await mentor.keyboard.press('Enter');
  await tabTo(
    mentor,
    mentor.getByRole('link', { name: `Ouvrir le mentorat avec ${mentorship.menteeName}` }),
  );
  await mentor.keyboard.press('Enter');
  await expect(mentor.getByRole('heading', { level: 1 })).toHaveText(
    `Mentorat avec ${mentorship.menteeName}`,
  );
  await noPositiveTabindex(mentor);
  const order = await fieldOrder(browser);

  // A time outside the mentor's hours: refused, the reason announced and linked to its field.
  const date = mentor.getByLabel('Date');
  const start = mentor.getByLabel('Début (heure de Paris)');
  const end = mentor.getByLabel('Fin (heure de Paris)');
  await tabTo(mentor, date);
  const monday = nextMonday();
  await mentor.keyboard.type(dateKeys(monday, order));
  await expect(date).toHaveValue(`${monday[2]}-${monday[1]}-${monday[0]}`);
  await tabTo(mentor, start);
  await mentor.keyboard.type(timeKeys('10:00', order));
  await tabTo(mentor, end);
  await mentor.keyboard.type(timeKeys('11:00', order));
  // Every field is complete, so Enter sends the form (the browser keeps an incomplete one).
  await expect(start).toHaveValue('10:00');
  await expect(end).toHaveValue('11:00');
  await mentor.keyboard.press('Enter');
  await expect(mentor.getByRole('alert')).toBeFocused();
  await expect(start).toHaveAttribute('aria-invalid', 'true');
  await expect(start).toHaveAttribute('aria-describedby', /field-start-error/);
  await expect(mentor.locator('#field-start-error')).toContainText('disponibilités du mentor');

  // Within the hours (Monday 17:00–19:00): proposed, said in a live region.
  await tabTo(mentor, start);
  await mentor.keyboard.type(timeKeys('17:00', order));
  await tabTo(mentor, end);
  await mentor.keyboard.type(timeKeys('18:00', order));
  await expect(start).toHaveValue('17:00');
  await expect(end).toHaveValue('18:00');
  await mentor.keyboard.press('Enter');
  await expect(mentor.getByRole('status').filter({ hasText: 'Séance proposée' })).toBeVisible();

  // The mentee accepts it.
  const mentee = await newPage(browser);
  await keyboardSignIn(mentee, mentorship.menteeEmail, MENTEE_PASSWORD);
  await mentee.goto('/mentorat');
  await tabTo(
    mentee,
    mentee.getByRole('link', { name: /^Ouvrir le mentorat avec Bastien Fournil/ }),
  );
  await mentee.keyboard.press('Enter');
  await tabTo(mentee, mentee.getByRole('button', { name: /^Accepter la séance du/ }).first());
  await mentee.keyboard.press('Enter');
  await expect(mentee.getByRole('status').filter({ hasText: 'Séance confirmée' })).toBeVisible();
});

test('a juror scores a team with the rubric, with the keyboard only', async ({ page }) => {
  test.setTimeout(120_000);
  const challenge = await createJudgingChallenge();
  await keyboardSignIn(page, demo.employer, DEMO_PASSWORD);
  const nav = page.getByRole('navigation', { name: 'Navigation principale' });
  await tabTo(page, nav.getByRole('link', { name: 'Challenges' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveTitle(/Challenges/);
  await tabTo(page, page.getByRole('link', { name: challenge.title }).first());
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(challenge.title);
  await tabTo(page, page.getByRole('link', { name: 'Voir et noter les travaux' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveTitle(new RegExp(`Les dépôts – ${challenge.title}`));
  await tabTo(page, page.getByRole('link', { name: `Noter « ${challenge.teamName} »` }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveTitle(
    new RegExp(`Équipe « ${challenge.teamName} » – ${challenge.title} – Tremplin`),
  );
  await noPositiveTabindex(page);

  // One field a criterion, named by the criterion and its highest mark, its weight in the hint.
  const [idea, realism, talk] = challenge.rubric.map((c) =>
    page.getByLabel(`${c.label} (sur ${c.max})`),
  ) as [Locator, Locator, Locator];
  await expect(realism).toHaveAttribute('aria-describedby', /-hint/);
  await tabTo(page, idea);
  await page.keyboard.type('8');
  await tabTo(page, realism);
  await page.keyboard.type('12');
  await tabTo(page, talk);
  await page.keyboard.type('4');
  // A mark over the maximum: Enter sends nothing, the browser takes the focus to that field and
  // says why there.
  await page.keyboard.press('Enter');
  await expect(realism).toBeFocused();
  expect(await realism.evaluate((el: HTMLInputElement) => el.validity.rangeOverflow)).toBe(true);
  await expect(
    page.getByRole('status').filter({ hasText: 'Vos notes sont enregistrées' }),
  ).toHaveCount(0);
  await page.keyboard.press('Control+A');
  await page.keyboard.type('6');
  await tabTo(page, page.getByLabel('Commentaire pour les organisateurs (facultatif)'));
  await page.keyboard.type('Une vitrine claire ; le QR code lu à voix haute est une belle idée.');
  await tabTo(page, page.getByRole('button', { name: 'Enregistrer mes notes' }));
  await page.keyboard.press('Enter');
  // 8/10 weighing 2, 6/10 weighing 1, 4/5 weighing 1: 75/100, said in a live region.
  const saved = page
    .getByRole('status')
    .filter({ hasText: 'Vos notes sont enregistrées : 75/100.' });
  await expect(saved).toBeVisible();
  await expect(saved).toHaveAttribute('aria-live', 'polite');
  await expect(page.getByRole('button', { name: 'Modifier mes notes' })).toBeVisible();
});
