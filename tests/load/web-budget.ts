// Speed budget of the pages pupils open most, on phones: the offer search and the pupil's home.
// Against the built app (started here from apps/api/dist and apps/web/build with a fresh
// embedded database and the demo data, unless WEB_URL points at one already running), signed in
// as the demo pupil, it runs Lighthouse (Debian's Chromium, Lighthouse's default mobile settings:
// a mid-range phone on a slow 4G line, simulated) and prints, for each page, the JavaScript sent
// (compressed bytes over the wire, every script the page loads, lazy ones included) and the
// performance and accessibility scores. Budget: under 100 KB of compressed JavaScript, performance
// at least 90, accessibility 100; the process exits 1 when a page is over it.
//
//   npx -y pnpm@10.34.9 --filter @tremplin/load web-budget
//   WEB_URL=http://127.0.0.1:3000 npx -y pnpm@10.34.9 --filter @tremplin/load web-budget
//
// Settings: WEB_URL, BUDGET_WEB_PORT / BUDGET_API_PORT (3300 / 3301, when it starts the app),
// CHROMIUM_PATH (/usr/bin/chromium), BUDGET_RUNS (3: the median run of each page is kept).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import lighthouse from 'lighthouse';

const root = resolve(import.meta.dirname, '../..');
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const runs = Number(process.env.BUDGET_RUNS || 3);
const BUDGET = { scriptKb: 100, performance: 90, accessibility: 100 };
const PUPIL = { login: 'eleve@demo.tremplin.fr', password: 'Tremplin-demo-2026' };
const pages = [
  { name: 'offer search', path: '/offres' },
  { name: "pupil's home", path: '/' },
];

const children: ChildProcess[] = [];
let dataDir: string | undefined;
function cleanUp() {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
process.on('exit', cleanUp);
process.on('SIGINT', () => process.exit(130));

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/** The built platform on its own ports, with a fresh embedded database seeded with demo data. */
async function startApp(): Promise<string> {
  const webPort = Number(process.env.BUDGET_WEB_PORT || 3300);
  const apiPort = Number(process.env.BUDGET_API_PORT || 3301);
  dataDir = mkdtempSync(join(tmpdir(), 'tremplin-budget-'));
  const child = spawn(process.execPath, [join(root, 'scripts/start.mjs')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      SKIP_BUILD: 'true',
      PORT: String(webPort),
      API_PORT: String(apiPort),
      PUBLIC_WEB_URL: `http://127.0.0.1:${webPort}`,
      DATABASE_URL: '',
      TREMPLIN_DATA_DIR: dataDir,
    },
  });
  children.push(child);
  const url = `http://127.0.0.1:${webPort}`;
  await waitFor(`${url}/`, 240_000);
  return url;
}

/** Signs the demo pupil in through the web app's own form; returns the session cookie. */
async function pupilCookie(webUrl: string): Promise<string> {
  const response = await fetch(`${webUrl}/connexion`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: webUrl,
      accept: 'text/html',
    },
    body: new URLSearchParams(PUPIL),
  });
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('tremplin_session='));
  if (!cookie) throw new Error(`sign-in failed (HTTP ${response.status})`);
  return cookie;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail()));
    });
  });
}

async function startChromium(): Promise<number> {
  const port = await freePort();
  const profile = mkdtempSync(join(tmpdir(), 'tremplin-budget-chromium-'));
  const child = spawn(
    chromiumPath,
    [
      '--headless=new',
      `--remote-debugging-port=${port}`,
      `--user-data-dir=${profile}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      'about:blank',
    ],
    { stdio: 'ignore' },
  );
  children.push(child);
  child.on('exit', () => rmSync(profile, { recursive: true, force: true }));
  await waitFor(`http://127.0.0.1:${port}/json/version`, 30_000);
  return port;
}

interface Figures {
  scriptBytes: number;
  scripts: number;
  performance: number;
  accessibility: number;
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  speedIndexMs: number;
  cls: number;
}

async function measure(url: string, port: number, cookie: string): Promise<Figures> {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility'],
    extraHeaders: { Cookie: cookie },
  });
  if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.message}`);
  const requests = (lhr.audits['network-requests']?.details as { items?: unknown[] } | undefined)
    ?.items as { resourceType?: string; transferSize?: number; url: string }[] | undefined;
  const scripts = (requests ?? []).filter((r) => r.resourceType === 'Script');
  if (process.env.BUDGET_VERBOSE) {
    for (const s of scripts)
      console.log(`  ${(s.transferSize ?? 0).toString().padStart(7)} ${s.url}`);
  }
  return {
    scriptBytes: scripts.reduce((sum, r) => sum + (r.transferSize ?? 0), 0),
    scripts: scripts.length,
    performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
    accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
    fcpMs: Math.round(lhr.audits['first-contentful-paint']?.numericValue ?? 0),
    lcpMs: Math.round(lhr.audits['largest-contentful-paint']?.numericValue ?? 0),
    tbtMs: Math.round(lhr.audits['total-blocking-time']?.numericValue ?? 0),
    speedIndexMs: Math.round(lhr.audits['speed-index']?.numericValue ?? 0),
    cls: Number((lhr.audits['cumulative-layout-shift']?.numericValue ?? 0).toFixed(3)),
  };
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const webUrl = process.env.WEB_URL?.replace(/\/$/, '') || (await startApp());
const cookie = await pupilCookie(webUrl);
const port = await startChromium();
console.log(
  `Speed budget of ${webUrl}, signed in as ${PUPIL.login}, ${runs} Lighthouse run(s) a page (mobile)`,
);

let over = 0;
for (const page of pages) {
  const all: Figures[] = [];
  for (let i = 0; i < runs; i++) all.push(await measure(`${webUrl}${page.path}`, port, cookie));
  const byPerformance = [...all].sort((a, b) => a.performance - b.performance);
  const kept = byPerformance[Math.floor(all.length / 2)]!;
  const scriptKb = median(all.map((f) => f.scriptBytes)) / 1024;
  const faults = [
    scriptKb >= BUDGET.scriptKb
      ? `JavaScript ${scriptKb.toFixed(1)} KB ≥ ${BUDGET.scriptKb} KB`
      : '',
    kept.performance < BUDGET.performance
      ? `performance ${kept.performance} < ${BUDGET.performance}`
      : '',
    kept.accessibility < BUDGET.accessibility
      ? `accessibility ${kept.accessibility} < ${BUDGET.accessibility}`
      : '',
  ].filter(Boolean);
  if (faults.length) over++;
  console.log(
    JSON.stringify({
      page: page.name,
      path: page.path,
      scriptKbCompressed: Number(scriptKb.toFixed(1)),
      scripts: kept.scripts,
      performance: kept.performance,
      performanceRuns: all.map((f) => f.performance),
      accessibility: kept.accessibility,
      fcpMs: kept.fcpMs,
      lcpMs: kept.lcpMs,
      tbtMs: kept.tbtMs,
      speedIndexMs: kept.speedIndexMs,
      cls: kept.cls,
      withinBudget: faults.length === 0,
      ...(faults.length ? { over: faults } : {}),
    }),
  );
}
console.log(over === 0 ? 'Within budget.' : `${over} page(s) over budget.`);
process.exit(over === 0 ? 0 : 1);
