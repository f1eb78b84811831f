// Screenshots of the main pages at 360 × 740 (a small phone) and 1280 × 800, full page, into
// tests/e2e/artifacts/screenshots/ (kept by CI with the other artefacts), each page checked for
// sideways scrolling on the phone.
import { join } from 'node:path';
import { type Browser, expect, test } from '@playwright/test';
import { bakerMentor } from './a11y-data';
import { DEMO_PASSWORD, demo, signIn } from './helpers';

const folder = join(import.meta.dirname, 'artifacts', 'screenshots');
const sizes = [
  { name: 'phone', width: 360, height: 740 },
  { name: 'desktop', width: 1280, height: 800 },
];

const shots: { who: string; login?: string; pages: [string, string][] }[] = [
  {
    who: 'visitor',
    pages: [
      ['accueil', '/'],
      ['connexion', '/connexion'],
      ['inscription', '/inscription'],
      ['accessibilite', '/accessibilite'],
    ],
  },
  {
    who: 'eleve',
    login: demo.student,
    pages: [
      ['accueil', '/'],
      ['offres', '/offres'],
      ['candidatures', '/candidatures'],
      ['campagnes', '/campagnes'],
      ['mentorat', '/mentorat'],
      ['challenges', '/challenges'],
      ['passeport', '/passeport'],
    ],
  },
  {
    who: 'prof',
    login: demo.teacher,
    pages: [
      ['classes', '/classes'],
      ['conventions', '/conventions'],
      ['modules', '/modules'],
    ],
  },
  {
    who: 'entreprise',
    login: demo.employer,
    pages: [
      ['offres', '/entreprise/offres'],
      ['candidatures', '/entreprise/candidatures'],
      ['bilan', '/entreprise/bilan'],
    ],
  },
  { who: 'mentor', login: bakerMentor, pages: [['mentorat', '/mentorat']] },
  {
    who: 'operateur',
    login: demo.operator,
    pages: [
      ['campagnes', '/campagnes'],
      ['observatoire', '/observatoire'],
    ],
  },
];

async function pageAs(browser: Browser, login?: string) {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  if (login) await signIn(page, login, DEMO_PASSWORD);
  return page;
}

for (const { who, login, pages } of shots) {
  test(`screenshots of the main pages of ${who}, at 360 and 1280 px wide`, async ({ browser }) => {
    test.setTimeout(120_000);
    const page = await pageAs(browser, login);
    for (const [name, path] of pages) {
      for (const size of sizes) {
        await page.setViewportSize({ width: size.width, height: size.height });
        const response = await page.goto(path);
        expect(response?.status(), path).toBeLessThan(400);
        await page.waitForLoadState('networkidle');
        const overflow = (await page.evaluate(
          'document.documentElement.scrollWidth - document.documentElement.clientWidth',
        )) as number;
        expect(overflow, `${path} at ${size.width} px scrolls sideways`).toBeLessThanOrEqual(0);
        await page.screenshot({
          path: join(folder, `${who}-${name}-${size.width}.png`),
          fullPage: true,
        });
      }
    }
    await page.context().close();
  });
}
