// A young person signs up and asks for a mentor (recording their guardian's consent), the
// operator runs the pairing and sends the proposals, the demo mentor accepts, a session is booked
// inside the mentor's availability (a time outside it is refused beside its field), the mentee
// accepts it and downloads the .ics, whose content is checked. Ending the mentorship asks for a
// ticked box, which the server checks too.
import { readFileSync } from 'node:fs';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { demo, signIn, unique } from './helpers';

async function as(browser: Browser, login: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  await signIn(page, login);
  return page;
}

const parisParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
function paris(at: Date) {
  const p: Record<string, string> = {};
  for (const part of parisParts.formatToParts(at)) p[part.type] = part.value;
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    weekday: p.weekday,
    clock: `${p.hour}:${p.minute}`,
  };
}

/** The Paris date of the first Wednesday at least two days from now. */
function nextWednesday(): string {
  for (let k = 2; k < 10; k++) {
    const day = paris(new Date(Date.now() + k * 86_400_000));
    if (day.weekday === 'Wed') return day.date;
  }
  throw new Error('unreachable');
}

/** The UTC instant a Paris clock shows `time` on `date`, in iCalendar's form (20261202T130000Z). */
function icsUtc(date: string, time: string): string {
  const guess = new Date(`${date}T${time}:00Z`).getTime();
  for (const hours of [1, 2]) {
    const at = new Date(guess - hours * 3_600_000);
    const p = paris(at);
    if (p.date === date && p.clock === time) {
      return at
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z')
        .replace(/[-:]/g, '');
    }
  }
  throw new Error(`no Paris instant for ${date} ${time}`);
}

test('a mentee asks, the operator pairs, the mentor accepts, a session is booked with its .ics', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const name = `Yasmine ${unique('Essai')}`;

  // The young person signs up and asks for a mentor in software development, Wednesday afternoon.
  await page.goto('/inscription');
  await page.getByLabel(/Élève/).check();
  await page.getByLabel('Prénom et nom').fill(name);
  await page.getByLabel('Adresse e-mail').fill(`${unique('mentoree')}@example.test`);
  await page.getByLabel('Mot de passe').fill('Mentorat-2026-ok');
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await expect(page).toHaveURL(/\/compte/);

  await page.getByRole('navigation').getByRole('link', { name: 'Mentorat' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mentorat' })).toBeVisible();
  await page.getByRole('link', { name: 'Demander un mentor' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Ma demande de mentorat' }),
  ).toBeVisible();
  await page.getByLabel('Découvrir un métier').check();
  await page.getByLabel('Trouver un stage').check();
  await page.getByLabel('Métier 1').selectOption('M1805');
  await page.getByLabel('En visio').check();
  await page.getByLabel('Mercredi : de').selectOption('14:00');
  await page.getByLabel('Mercredi : à').selectOption('16:00');
  await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Ta demande est enregistrée.' }),
  ).toBeVisible();
  await expect(page.getByRole('heading', { name: 'État : En attente d’un mentor' })).toBeVisible();

  // No birth date is known: the guardian's consent is asked, and recorded with their name.
  await page.getByLabel('Nom du représentant légal qui est d’accord').fill('Nadia Essai');
  await page.getByLabel(/Je confirme que mon représentant légal est d’accord/).check();
  await page.getByRole('button', { name: 'Enregistrer l’accord' }).click();
  await expect(page.getByText(/Accord de Nadia Essai enregistré le/)).toBeVisible();

  // The operator runs the pairing: the pair and its breakdown, then the proposals go out.
  const operator = await as(browser, demo.operator);
  await operator.goto('/mentorat/appariement');
  await expect(
    operator.getByRole('heading', { level: 1, name: 'Appariement mentors – jeunes' }),
  ).toBeVisible();
  const pair = operator.getByRole('listitem').filter({ hasText: `${name} – Maud Mentore` });
  await expect(pair).toBeVisible();
  await pair.getByText('Détail de la compatibilité', { exact: true }).click();
  await expect(pair.getByRole('rowheader', { name: 'Métier' })).toBeVisible();
  await expect(pair.getByRole('row', { name: /Métier 40 \/ 40/ })).toBeVisible();
  await operator.getByRole('button', { name: 'Envoyer les propositions cochées' }).click();
  await expect(
    operator.getByRole('status').filter({ hasText: /proposition\(s\) envoyée\(s\) aux mentors/ }),
  ).toBeVisible();

  // The mentor accepts, and opens the mentorship.
  const mentor = await as(browser, demo.mentor);
  await mentor.goto('/mentorat/propositions');
  await mentor.getByRole('button', { name: `Accepter la demande de ${name}` }).click();
  await expect(
    mentor.getByRole('status').filter({ hasText: `Vous accompagnez maintenant ${name}.` }),
  ).toBeVisible();
  await mentor.getByRole('link', { name: 'Ouvrir le mentorat' }).first().click();
  await expect(
    mentor.getByRole('heading', { level: 1, name: `Mentorat avec ${name}` }),
  ).toBeVisible();

  // A time outside the mentor's availability is refused beside its field; one inside is proposed.
  const wednesday = nextWednesday();
  await mentor.getByLabel('Date').fill(wednesday);
  await mentor.getByLabel('Début (heure de Paris)').fill('10:00');
  await mentor.getByLabel('Fin (heure de Paris)').fill('11:00');
  await mentor.getByRole('button', { name: 'Proposer cette séance' }).click();
  await expect(mentor.locator('#field-start-error')).toContainText('disponibilités du mentor');
  await expect(mentor.getByLabel('Début (heure de Paris)')).toHaveAttribute('aria-invalid', 'true');
  await mentor.getByLabel('Début (heure de Paris)').fill('14:00');
  await mentor.getByLabel('Fin (heure de Paris)').fill('15:00');
  await mentor.getByRole('button', { name: 'Proposer cette séance' }).click();
  await expect(mentor.getByRole('status').filter({ hasText: 'Séance proposée' })).toBeVisible();

  // The mentee accepts the session and downloads its invitation.
  await page.goto('/mentorat');
  await page.getByRole('link', { name: 'Ouvrir le mentorat avec Maud Mentore' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Mentorat avec Maud Mentore' }),
  ).toBeVisible();
  await page.getByRole('button', { name: /^Accepter la séance du/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Séance confirmée' })).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: /^Ajouter à mon agenda \(\.ics\) la séance du/ }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`seance-mentorat-${wednesday}.ics`);
  const ics = readFileSync((await download.path())!, 'utf8');
  const lines = ics.split('\r\n');
  expect(lines[0]).toBe('BEGIN:VCALENDAR');
  expect(lines).toContain('VERSION:2.0');
  expect(lines.find((l) => l.startsWith('UID:'))).toMatch(/^UID:[0-9a-f-]{36}@mentorat\.tremplin$/);
  expect(lines.find((l) => l.startsWith('DTSTAMP:'))).toMatch(/^DTSTAMP:\d{8}T\d{6}Z$/);
  expect(lines).toContain(`DTSTART:${icsUtc(wednesday, '14:00')}`);
  expect(lines).toContain(`DTEND:${icsUtc(wednesday, '15:00')}`);
  expect(lines).toContain('SUMMARY:Séance de mentorat Tremplin');
  expect(lines).toContain('STATUS:CONFIRMED');
  expect(ics).not.toMatch(/@example\.test|@demo\.tremplin\.fr|mailto:|ATTENDEE|ORGANIZER/);

  // They write to each other through the platform only.
  await page.getByLabel('Votre message').fill('Merci ! À mercredi.');
  await page.getByRole('button', { name: 'Envoyer', exact: true }).click();
  await expect(page.getByRole('list').filter({ hasText: 'Merci ! À mercredi.' })).toBeVisible();

  // Ending the mentorship without ticking its box (the browser's own check switched off, so that
  // the server's is seen) is refused beside the box: the mentorship goes on.
  await page.getByLabel('Votre avis sur ce mentorat').fill('Des conseils utiles, merci.');
  const end = page.getByRole('button', { name: 'Terminer le mentorat' });
  await end.evaluate((el) => {
    (el as unknown as { form: { noValidate: boolean } }).form.noValidate = true;
  });
  await end.click();
  await expect(page.locator('#field-confirmClose-error')).toContainText(
    'Cochez la case pour confirmer la fin du mentorat.',
  );
  await expect(
    page.getByRole('checkbox', { name: /Je confirme la fin de ce mentorat/ }),
  ).toHaveAttribute('aria-invalid', 'true');
  await page.reload();
  await expect(page.getByText('En cours', { exact: true })).toBeVisible();

  // At phone width, the mentorship page does not scroll sideways.
  await page.setViewportSize({ width: 360, height: 800 });
  await page.reload();
  const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
  expect(overflow).toBeLessThanOrEqual(0);
});
