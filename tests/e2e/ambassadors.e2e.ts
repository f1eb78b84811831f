// Ambassadors end to end: the demo ambassador says they are free today; the teacher builds a
// discovery module for 3e A with an ambassador talk and asks for an ambassador; the platform
// proposes the demo ambassador, who accepts; nothing is confirmed until the head of school
// authorises it (then the .ics is there); the teacher records attendance; a pupil of the class
// writes what she took from the talk. The pages are checked at a phone's width on the way.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { demo, signIn, unique } from './helpers';

/** Today in Paris, and whether a class can host a visit today (a weekday outside holidays). */
function today(): { day: string; schoolDay: boolean } {
  const day = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  const holidays = readFileSync(
    resolve(import.meta.dirname, '../../packages/db/data/school-holidays-zone-c.csv'),
    'utf8',
  )
    .split('\n')
    .slice(1)
    .map((line) => line.split(','))
    .filter((cells) => cells.length >= 4);
  const inHoliday = holidays.some(([, , start, end]) => day >= start!.trim() && day <= end!.trim());
  return { day, schoolDay: weekday !== 0 && weekday !== 6 && !inHoliday };
}

async function as(browser: Browser, login: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  await signIn(page, login);
  return page;
}

/** Horizontal scrolling at a phone's width (a string: this project's e2e types have no DOM). */
async function overflowAt360(page: Page): Promise<number> {
  await page.setViewportSize({ width: 360, height: 740 });
  const overflow = (await page.evaluate(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  )) as number;
  await page.setViewportSize({ width: 1280, height: 720 });
  return overflow;
}

test('a teacher builds a module and gets an ambassador: accepted, authorised by the head, attended, reflected on', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const { day, schoolDay } = today();
  test.skip(!schoolDay, `today (${day}) is not a school day: no class can host a visit today`);
  const moduleTitle = unique('Découvrir le bâtiment');
  const talkTitle = `Rencontre avec un maçon ${moduleTitle.slice(-6)}`;

  // The ambassador adds today to the days they are free.
  const ambassador = await as(browser, demo.ambassador);
  await ambassador
    .getByRole('navigation')
    .getByRole('link', { name: 'Mon profil d’ambassadeur' })
    .click();
  await expect(
    ambassador.getByRole('heading', { level: 1, name: 'Mon profil d’ambassadeur des métiers' }),
  ).toBeVisible();
  await expect(ambassador.getByText('Votre profil est vérifié')).toBeVisible();
  await ambassador.getByLabel('Nouveau jour 1').fill(day);
  await ambassador.getByRole('button', { name: 'Enregistrer mon profil' }).click();
  await expect(ambassador.getByRole('status')).toContainText('Votre profil est enregistré.');
  expect(await overflowAt360(ambassador)).toBeLessThanOrEqual(0);

  // The teacher builds the module for 3e A, with an ambassador talk today.
  const teacher = await as(browser, demo.teacher);
  await teacher
    .getByRole('navigation')
    .getByRole('link', { name: 'Modules de découverte' })
    .click();
  await expect(
    teacher.getByRole('heading', { level: 1, name: 'Modules de découverte des métiers' }),
  ).toBeVisible();
  await teacher.getByLabel('Classe').selectOption({ label: '3e A (2026–2027)' });
  await teacher.getByLabel('Titre du module').fill(moduleTitle);
  await teacher.getByLabel('Objectifs').fill('Nommer cinq métiers du chantier.');
  await teacher.getByRole('button', { name: 'Créer le module' }).click();
  await expect(teacher.getByRole('heading', { level: 1, name: moduleTitle })).toBeVisible();
  await expect(teacher.getByRole('status').first()).toContainText('Module créé');

  await teacher.getByLabel('Type d’activité').selectOption('ambassador_talk');
  await teacher.getByLabel('Titre de l’activité').fill(talkTitle);
  await teacher.getByLabel('Premier jour').fill(day);
  await teacher.getByRole('button', { name: 'Ajouter l’activité' }).click();
  await expect(teacher.getByRole('heading', { level: 3, name: `1. ${talkTitle}` })).toBeVisible();
  expect(await overflowAt360(teacher)).toBeLessThanOrEqual(0);

  // The visit request: the trade, today as the only date.
  await teacher
    .getByRole('link', { name: `Demander un ambassadeur pour « ${talkTitle} »` })
    .click();
  await expect(
    teacher.getByRole('heading', { level: 1, name: `Demander un ambassadeur : ${talkTitle}` }),
  ).toBeVisible();
  await teacher.getByLabel('Métier 1').fill('F1703 Maçonnerie');
  await teacher.getByLabel('Date 1').fill(day);
  await teacher.getByRole('button', { name: 'Voir les ambassadeurs proposés' }).click();
  await expect(
    teacher.getByRole('heading', { level: 2, name: 'Ambassadeurs proposés' }),
  ).toBeVisible();
  const visitUrl = teacher.url();
  expect(visitUrl).toMatch(/\/ambassadeurs\/visites\/[0-9a-f-]{36}$/);
  await expect(teacher.getByRole('heading', { level: 3, name: /Alain Ambassadeur/ })).toBeVisible();
  expect(await overflowAt360(teacher)).toBeLessThanOrEqual(0);
  await teacher.getByRole('button', { name: 'Solliciter Alain Ambassadeur' }).click();
  await expect(teacher.getByRole('status').first()).toContainText('L’ambassadeur est sollicité');
  await expect(teacher.getByText('Ambassadeur sollicité', { exact: true })).toBeVisible();

  // The ambassador finds the request in their list and accepts.
  await ambassador
    .getByRole('navigation')
    .getByRole('link', { name: 'Visites d’ambassadeurs' })
    .click();
  await expect(
    ambassador.getByRole('heading', { level: 2, name: 'Demandes à accepter ou décliner' }),
  ).toBeVisible();
  await ambassador.goto(visitUrl);
  await expect(ambassador.getByRole('heading', { level: 2, name: 'Votre réponse' })).toBeVisible();
  await ambassador.getByRole('button', { name: 'Accepter la visite' }).click();
  await expect(ambassador.getByRole('status').first()).toContainText('Merci !');
  await expect(ambassador.getByText('Acceptée, à autoriser', { exact: true })).toBeVisible();
  // Not confirmed yet: no calendar file.
  await expect(ambassador.getByRole('link', { name: 'Ajouter à mon agenda (.ics)' })).toHaveCount(
    0,
  );

  // The teacher cannot authorise it; the head of school does, from their list.
  await teacher.goto(visitUrl);
  await expect(teacher.getByRole('button', { name: 'Autoriser l’intervention' })).toHaveCount(0);
  const head = await as(browser, demo.head);
  await head.getByRole('navigation').getByRole('link', { name: 'Visites d’ambassadeurs' }).click();
  const toAuthorise = head.getByRole('region', { name: 'Interventions à autoriser' });
  await expect(toAuthorise.getByRole('listitem')).toHaveCount(1);
  await toAuthorise.getByRole('link').first().click();
  await expect(head).toHaveURL(visitUrl);
  await head.getByRole('button', { name: 'Autoriser l’intervention' }).click();
  await expect(head.getByRole('status').first()).toContainText('Intervention autorisée');
  await expect(head.getByText('Confirmée', { exact: true })).toBeVisible();

  // Confirmed: the ambassador's calendar file names the day and the school's address.
  await ambassador.reload();
  const download = ambassador.waitForEvent('download');
  await ambassador.getByRole('link', { name: 'Ajouter à mon agenda (.ics)' }).click();
  // Long lines of an .ics are folded (CRLF and a space): unfold before reading.
  const file = readFileSync((await (await download).path())!, 'utf8').replace(/\r\n[ \t]/g, '');
  expect(file).toContain('BEGIN:VCALENDAR');
  expect(file).toContain(`DTSTART;VALUE=DATE:${day.replace(/-/g, '')}`);
  expect(file).toContain('Collège des Tilleuls (démo)');

  // The teacher records attendance: the visit is done, the activity too.
  await teacher.reload();
  await teacher.getByLabel('Nombre d’élèves présents').fill('7');
  await teacher.getByRole('button', { name: 'Enregistrer la présence' }).click();
  await expect(teacher.getByRole('status').first()).toContainText('Présence enregistrée');
  await expect(teacher.getByText('Faite', { exact: true })).toBeVisible();
  await teacher.getByLabel('Votre retour').fill('Les élèves ont posé beaucoup de questions.');
  await teacher.getByRole('button', { name: 'Envoyer mon retour' }).click();
  await expect(teacher.getByRole('status').first()).toContainText('Merci pour votre retour');

  // A pupil of 3e A writes what she took from the talk.
  const pupil = await as(browser, demo.student);
  await pupil.getByRole('navigation').getByRole('link', { name: 'Modules de découverte' }).click();
  await expect(
    pupil.getByRole('heading', { level: 1, name: 'Mes découvertes des métiers' }),
  ).toBeVisible();
  const section = pupil.getByRole('region', { name: moduleTitle });
  await expect(section.getByText('Faite', { exact: true })).toBeVisible();
  await section
    .getByLabel(`Ce que je retiens de « ${talkTitle} »`)
    .fill('Le maçon nous a montré comment on lit un plan. J’aimerais essayer.');
  await section.getByRole('button', { name: 'Enregistrer dans mon passeport' }).click();
  await expect(section.getByRole('status')).toContainText('C’est enregistré dans ton passeport.');
  await pupil.reload();
  await expect(
    pupil
      .getByRole('region', { name: moduleTitle })
      .getByLabel(`Ce que je retiens de « ${talkTitle} »`),
  ).toHaveValue('Le maçon nous a montré comment on lit un plan. J’aimerais essayer.');
  expect(await overflowAt360(pupil)).toBeLessThanOrEqual(0);
});
