/// <reference lib="dom" />
// Every page of the web app, for every role that uses it, checked by machine: axe-core (WCAG 2.0
// and 2.1, levels A and AA) with the demo data at 1280 px, then, at 360 px (a small phone), no
// horizontal scrolling and touch targets of at least 44 × 44 px; one h1 and a page title that
// says where you are. The list of pages is read from the app's route files at test time and each
// must have an entry below, so a new page cannot be forgotten.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { bakerMentor, type Fixtures, MENTEE_PASSWORD, sharedFixtures } from './a11y-data';
import { DEMO_PASSWORD, demo, signIn } from './helpers';

const routesDir = resolve(import.meta.dirname, '../../apps/web/src/routes');

/** Route ids like `/challenges/[id]/equipes/[teamId]`, from every +page.svelte. */
export function pageRoutes(dir = routesDir, prefix = ''): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...pageRoutes(path, `${prefix}/${entry}`));
    else if (entry === '+page.svelte') found.push(prefix || '/');
  }
  // Groups like (app) do not appear in URLs.
  return found.map((r) => r.replace(/\/\([^)]+\)/g, '') || '/').sort();
}

const routes = pageRoutes();
const dynamicCount = (route: string) => (route.match(/\[/g) ?? []).length;
const patternOf = (route: string) =>
  new RegExp(`^${route.replace(/\[\.\.\.[^\]]+\]/g, '.+').replace(/\[[^\]]+\]/g, '[^/]+')}$`);

/** The route a path belongs to: static segments win over parameters, as in SvelteKit. */
export function routeOf(pathname: string): string | undefined {
  return routes
    .filter((r) => patternOf(r).test(pathname))
    .sort((a, b) => dynamicCount(a) - dynamicCount(b))[0];
}

type Account =
  | 'visitor'
  | 'student'
  | 'teacher'
  | 'head'
  | 'employer'
  | 'mentor'
  | 'ambassador'
  | 'operator'
  | 'guardian'
  | 'mentee'
  | 'baker';

/**
 * How one account reaches a page: the route itself (static), a link found on another page
 * (`from`, a route id resolved for the same account, or a path), or a URL built from fixtures
 * or from another resolved page (`url`).
 */
interface Visit {
  as: Account;
  from?: string;
  url?: (ctx: {
    fixtures: Fixtures;
    resolved: (route: string) => Promise<string>;
  }) => string | Promise<string>;
}

const signedIn: Account[] = [
  'student',
  'teacher',
  'head',
  'employer',
  'mentor',
  'ambassador',
  'operator',
  'guardian',
];
const at = (...accounts: Account[]): Visit[] => accounts.map((as) => ({ as }));
const from = (source: string, ...accounts: Account[]): Visit[] =>
  accounts.map((as) => ({ as, from: source }));

/** Every page route, and who is checked on it. */
const plan: Record<string, Visit[]> = {
  '/': at('visitor', ...signedIn),
  '/a-propos': at('visitor', 'student'),
  '/accessibilite': at('visitor', 'student'),
  '/metiers': at('visitor', 'student'),
  '/plan-du-site': at('visitor', ...signedIn),
  '/connexion': at('visitor'),
  '/inscription': at('visitor'),
  '/premiere-connexion': at('visitor'),
  '/compte': at(...signedIn),
  '/compte/donnees': at('student', 'employer', 'operator'),
  '/compte/donnees/supprime': at('visitor'),
  '/notifications': at(...signedIn, 'mentee'),
  '/organisation': at('teacher', 'head', 'employer', 'mentor', 'ambassador', 'operator'),

  // Stages: search, offers, applications, pupils' profile.
  '/offres': at('student', 'teacher', 'operator'),
  '/offres/[id]': from('/offres', 'student', 'operator'),
  '/offres/[id]/postuler': from('/offres/[id]', 'student'),
  '/candidatures': at('student'),
  '/eleve/profil': at('student'),
  '/entreprise/offres': at('employer'),
  '/entreprise/offres/nouvelle': at('employer'),
  '/entreprise/offres/[id]': from('/entreprise/offres', 'employer'),
  '/entreprise/candidatures': at('employer'),
  '/entreprise/candidatures/[id]': from('/entreprise/candidatures', 'employer'),

  // Conventions, including the guardian's link (an unknown link: the real one is single-use
  // and belongs to the agreements test).
  '/conventions': at('student', 'teacher', 'head', 'employer', 'operator'),
  '/conventions/[id]': from('/conventions', 'student', 'teacher', 'employer', 'operator'),
  '/conventions/[id]/annexes': from('/conventions/[id]', 'teacher', 'employer'),
  '/conventions/[id]/courriels': from('/conventions/[id]', 'operator'),
  '/convention/signer/[token]': [
    { as: 'visitor', url: () => '/convention/signer/lien-de-verification-a11y-0123456789' },
  ],

  // Classes.
  '/classes': at('teacher', 'head'),
  '/classes/[id]': from('/classes', 'teacher'),
  '/classes/import': at('teacher'),
  '/classes/semaines-de-stage': at('teacher'),

  // Campaigns: the demo one (open for wishes) and a published one made for this test.
  '/campagnes': at('student', 'head', 'operator'),
  '/campagnes/nouvelle': at('head', 'operator'),
  '/campagnes/[id]': from('/campagnes', 'operator'),
  '/campagnes/[id]/voeux': from('/campagnes', 'student'),
  '/campagnes/[id]/resultat': [
    {
      as: 'student',
      url: async ({ resolved }) =>
        (await resolved('/campagnes/[id]/voeux')).replace(/\/voeux$/, '/resultat'),
    },
  ],
  '/campagnes/[id]/calculs/[runId]': [
    {
      as: 'operator',
      url: ({ fixtures }) =>
        `/campagnes/${fixtures.campaign.campaignId}/calculs/${fixtures.campaign.runId}`,
    },
  ],

  // Mentoring: the demo pupil's open request, and a mentorship made for this test.
  '/mentorat': at('student', 'teacher', 'mentor', 'operator', 'mentee', 'baker'),
  '/mentorat/demande': at('student'),
  '/mentorat/mentors': at('student'),
  '/mentorat/profil': at('mentor'),
  '/mentorat/propositions': at('mentor'),
  '/mentorat/appariement': at('operator'),
  '/mentorat/signalements': at('operator'),
  '/mentorat/consentements': at('teacher'),
  '/mentorat/[id]': from('/mentorat', 'mentee', 'baker'),

  // Ambassadors and discovery modules.
  '/ambassadeurs/annuaire': at('teacher', 'operator'),
  '/ambassadeurs/attribution': at('head', 'operator'),
  '/ambassadeurs/profil': at('ambassador'),
  '/ambassadeurs/verification': at('employer', 'operator'),
  '/ambassadeurs/visites': at('teacher', 'head', 'ambassador'),
  '/ambassadeurs/visites/[id]': from('/ambassadeurs/visites', 'teacher', 'head', 'ambassador'),
  '/modules': at('student', 'teacher'),
  '/modules/[id]': from('/modules', 'teacher'),
  '/modules/[id]/visite': from('/modules/[id]', 'teacher'),

  // Challenges.
  '/challenges': at('student', 'teacher', 'employer', 'operator'),
  '/challenges/nouveau': at('employer'),
  '/challenges/[id]': from('/challenges', 'student', 'teacher', 'employer', 'operator'),
  '/challenges/[id]/modifier': from('/challenges/[id]', 'employer'),
  '/challenges/[id]/jury': from('/challenges/[id]', 'employer'),
  '/challenges/[id]/depots': from('/challenges/[id]', 'employer'),
  '/challenges/[id]/equipes': from('/challenges/[id]', 'teacher'),
  '/challenges/[id]/equipes/[teamId]': [
    { as: 'student', from: '/challenges/[id]' },
    { as: 'teacher', from: '/challenges/[id]/equipes' },
  ],
  '/challenges/[id]/resultats': [
    {
      as: 'employer',
      url: async ({ resolved }) => `${await resolved('/challenges/[id]')}/resultats`,
    },
  ],

  // Skills passport.
  '/passeport': at('student', 'teacher'),
  '/passeport/eleves/[id]': from('/passeport', 'teacher'),

  // Observatory and the employer's yearly report.
  '/observatoire': at('operator', 'head', 'employer'),
  '/entreprise/bilan': at('employer'),

  // Operators.
  '/operateur/etablissements': at('operator'),
  '/operateur/personnes': at('operator'),
  '/operateur/moderation': at('operator'),
  '/operateur/journal': at('operator'),
};

const logins: Record<Exclude<Account, 'visitor' | 'mentee'>, string> = {
  ...demo,
  student: demo.student,
  guardian: 'parent@demo.tremplin.fr',
  baker: bakerMentor,
};

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface Problem {
  path: string;
  what: string;
}

/** What a phone user would meet: sideways scrolling and targets smaller than 44 × 44 px. */
async function phoneProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const root = document.documentElement;
    const overflow = root.scrollWidth - root.clientWidth;
    if (overflow > 0) {
      // Name the widest culprits so the fix is easy to find.
      const wide = [...document.querySelectorAll<HTMLElement>('body *')]
        .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 0.5)
        .filter((el) => el.checkVisibility())
        .slice(0, 3)
        .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
      found.push(`scrolls sideways by ${overflow}px (${wide.join(', ')})`);
    }
    const describe = (el: Element) => {
      const text = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40);
      return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${text}"`;
    };
    const targets = document.querySelectorAll<HTMLElement>(
      'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"], [tabindex]:not([tabindex="-1"])',
    );
    for (const el of targets) {
      if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
      let rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0 || rect.bottom < 0) continue;
      // WCAG 2.5.5's exception: a link inside a sentence is as tall as the text around it.
      if (el.tagName === 'A' && getComputedStyle(el).display === 'inline') {
        const block = el.parentElement;
        const text = (block?.textContent ?? '').replace(/\s+/g, ' ').trim();
        const own = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
        if (text.length > own.length) continue;
      }
      // A box or a radio is hit through its label too: together they make the target.
      if (el instanceof HTMLInputElement && ['checkbox', 'radio'].includes(el.type)) {
        const label = el.closest('label') ?? el.labels?.[0];
        if (label) {
          const l = label.getBoundingClientRect();
          const left = Math.min(rect.left, l.left);
          const top = Math.min(rect.top, l.top);
          const right = Math.max(rect.right, l.right);
          const bottom = Math.max(rect.bottom, l.bottom);
          rect = new DOMRect(left, top, right - left, bottom - top);
        }
      }
      if (rect.width < 43.5 || rect.height < 43.5) {
        found.push(
          `target ${describe(el)} is ${Math.round(rect.width)}×${Math.round(rect.height)}px`,
        );
      }
    }
    return found;
  });
}

async function check(page: Page, path: string, problems: Problem[]) {
  await page.setViewportSize({ width: 1280, height: 800 });
  const response = await page.goto(path);
  const status = response?.status() ?? 0;
  if (status >= 400) {
    problems.push({ path, what: `answered ${status}` });
    return;
  }
  const title = await page.title();
  if (!/.+ – .*Tremplin|Tremplin – .+/.test(title) || /\b[a-z]+\.[a-z][A-Za-z.]+\b/.test(title)) {
    problems.push({ path, what: `title "${title}" does not say where you are` });
  }
  const h1 = await page.locator('h1').count();
  if (h1 !== 1) problems.push({ path, what: `${h1} h1 headings` });

  const axe = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  for (const v of axe.violations) {
    for (const node of v.nodes.slice(0, 5)) {
      problems.push({
        path,
        what: `axe ${v.id} (${v.impact}): ${node.target.join(' ')} — ${node.failureSummary?.replace(/\s+/g, ' ')}`,
      });
    }
  }

  await page.setViewportSize({ width: 360, height: 740 });
  for (const what of await phoneProblems(page)) problems.push({ path, what: `360px: ${what}` });
}

let fixtures: Fixtures | undefined;

async function signInAs(browser: Browser, account: Account): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  if (account === 'visitor') return page;
  if (account === 'mentee') await signIn(page, fixtures!.mentorship.menteeEmail, MENTEE_PASSWORD);
  else await signIn(page, logins[account], DEMO_PASSWORD);
  return page;
}

test.describe('accessibility of every page, by role', () => {
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    fixtures = await sharedFixtures();
  });

  test('every page route of the web app has an entry in the plan, and no entry is stale', () => {
    const unplanned = routes.filter((r) => !plan[r]?.length);
    expect(unplanned, 'pages with no accessibility check: add them to the plan').toEqual([]);
    const stale = Object.keys(plan).filter((r) => !routes.includes(r));
    expect(stale, 'plan entries for pages that no longer exist').toEqual([]);
  });

  const accounts = [
    ...new Set(Object.values(plan).flatMap((visits) => visits.map((v) => v.as))),
  ] as Account[];

  for (const account of accounts) {
    test(`pages seen by ${account} have no WCAG 2.1 A/AA violation, fit 360 px and have 44 px targets`, async ({
      browser,
    }) => {
      test.setTimeout(300_000);
      const page = await signInAs(browser, account);
      const cache = new Map<string, Promise<string>>();

      const resolved = (route: string): Promise<string> => {
        let found = cache.get(route);
        if (!found) {
          found = resolveRoute(route);
          cache.set(route, found);
        }
        return found;
      };

      async function resolveRoute(route: string): Promise<string> {
        const visit = plan[route]?.find((v) => v.as === account);
        if (!visit) {
          if (dynamicCount(route) === 0) return route;
          throw new Error(`${account}: no way to reach ${route}`);
        }
        if (visit.url) return visit.url({ fixtures: fixtures!, resolved });
        if (!visit.from) return route;
        const source = visit.from.includes('[') ? await resolved(visit.from) : visit.from;
        await page.goto(source);
        const hrefs = await page
          .locator('a[href]')
          .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
        const target = hrefs
          .map((href) => new URL(href))
          .find(
            (url) => url.origin === new URL(page.url()).origin && routeOf(url.pathname) === route,
          );
        if (!target) throw new Error(`${account}: no link to ${route} on ${source}`);
        return target.pathname + target.search;
      }

      const problems: Problem[] = [];
      const mine = routes.filter((r) => plan[r]?.some((v) => v.as === account));
      for (const route of mine) {
        const path = await resolved(route);
        await check(page, path, problems);
      }
      console.log(
        `${account}: ${mine.length} page(s) checked, ${problems.length} problem(s)` +
          problems.map((p) => `\n  ${p.path}: ${p.what}`).join(''),
      );
      expect(problems, `${account}: accessibility problems`).toEqual([]);
      await page.context().close();
    });
  }
});
