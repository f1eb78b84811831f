// No personal data in logs: runs the end-to-end suite (all files, or those named) with the API
// logging at info, keeps everything the API and web servers wrote, then looks in it for the demo
// data's e-mails, names, guardians and sign-in codes, any e-mail address, session tokens and the
// demo password. Prints what it scanned and what it found; exits 1 on any finding.
//
//   cd tests/e2e && npx tsx trust-logs.ts              # the whole suite
//   cd tests/e2e && npx tsx trust-logs.ts trust.e2e.ts # one file
//
// Ports: E2E_WEB_PORT / E2E_API_PORT (3200 / 3201 here); E2E_DATABASE_URL runs it on PostgreSQL.
// Build first (the suite serves the built app). The launcher's banner, which lists the demo
// accounts for a newcomer on purpose, is not a log and is left out of the scan.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadReferenceData, migrateDatabase, openDatabase } from '../../packages/db/src/index.js';
import { DEMO_PASSWORD, seedDemo } from '../../packages/db/src/seed/demo.js';

const here = dirname(fileURLToPath(import.meta.url));
const logPath = join(here, 'artifacts', 'trust-logs.txt');
/** What the scan found, read back by `pnpm test` for its closing summary. */
const findingsPath = join(here, 'artifacts', 'trust-logs-findings.json');

/** The personal data the demo seed holds, read from a fresh seeded database. */
async function seededPersonalData(): Promise<string[]> {
  const handle = await openDatabase({ memory: true });
  try {
    await migrateDatabase(handle);
    await loadReferenceData(handle.db);
    await seedDemo(handle.db, { hashPassword: async () => 'not-a-hash' });
    const { rows } = await handle.pglite!.query<{ value: string | null }>(
      `select email as value from users
       union select display_name from users
       union select login_code from users
       union select first_name || ' ' || last_name from students
       union select guardian_name from students
       union select guardian_email from students`,
    );
    return [
      ...new Set(
        rows
          .map((r) => r.value?.trim() ?? '')
          // A name of one word ("Lina") is too common to mean anything in a log line.
          .filter((v) => v.length >= 5 && (v.includes(' ') || v.includes('@') || v.includes('-'))),
      ),
    ];
  } finally {
    await handle.close();
  }
}

async function runSuite(args: string[]): Promise<{ code: number; output: string }> {
  const chunks: string[] = [];
  const child = spawn('npx', ['playwright', 'test', ...args], {
    cwd: here,
    env: {
      ...process.env,
      LOG_LEVEL: 'info',
      E2E_WEB_PORT: process.env.E2E_WEB_PORT || '3200',
      E2E_API_PORT: process.env.E2E_API_PORT || '3201',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Everything is kept for the scan and the artefact; the terminal gets Playwright's own lines
  // only (the servers at info write thousands of lines a run).
  for (const stream of [child.stdout, child.stderr]) {
    let partial = '';
    stream.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      chunks.push(text);
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      const shown = lines.filter((line) => !line.startsWith('[WebServer]'));
      if (shown.length > 0) process.stdout.write(`${shown.join('\n')}\n`);
    });
    stream.on('end', () => {
      if (partial && !partial.startsWith('[WebServer]')) process.stdout.write(`${partial}\n`);
    });
  }
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  return { code, output: chunks.join('') };
}

/** The servers' own lines, without the launcher's banner. */
function serverLines(output: string): string[] {
  const lines = output.split('\n').filter((line) => line.startsWith('[WebServer]'));
  const out: string[] = [];
  let inBanner = false;
  for (const line of lines) {
    if (line.includes('Tremplin is running.')) inBanner = true;
    if (!inBanner) out.push(line);
    if (line.includes('Stop with Ctrl+C.')) inBanner = false;
  }
  return out;
}

const PATTERNS: [string, RegExp][] = [
  ['an e-mail address', /[\w.+-]+@[\w-]+(\.[\w-]+)+/],
  ['a session token', /eyJ[\w-]{10,}\.[\w-]{10,}\./],
  ['a sign-in code', /\bTRM-[A-Z0-9]{4}-[A-Z0-9]{4}\b/],
];

const { code, output } = await runSuite(process.argv.slice(2));
mkdirSync(dirname(logPath), { recursive: true });
writeFileSync(logPath, output);
const lines = serverLines(output);
const known = await seededPersonalData();
const findings: string[] = [];
for (const [i, line] of lines.entries()) {
  for (const value of [...known, DEMO_PASSWORD]) {
    if (line.includes(value)) findings.push(`line ${i + 1}: ${JSON.stringify(value)}`);
  }
  for (const [what, pattern] of PATTERNS) {
    const match = pattern.exec(line);
    if (match) findings.push(`line ${i + 1}: ${what} (${match[0].slice(0, 40)})`);
  }
}
const apiLines = lines.filter((line) => line.startsWith('[WebServer] [api]'));
const requestLines = apiLines.filter((line) => line.includes('"reqId"'));
console.log('\nPersonal data in the logs of the end-to-end run');
console.log(`  end-to-end suite:        ${code === 0 ? 'passed' : `FAILED (exit ${code})`}`);
console.log(
  `  server lines scanned:    ${lines.length} (API ${apiLines.length}, of which ${requestLines.length} about requests)`,
);
console.log(
  `  seeded values looked for: ${known.length} (e-mails, names, guardians, sign-in codes) and the demo password, plus any e-mail address, token or sign-in code`,
);
console.log(`  findings:                ${findings.length}`);
for (const finding of findings.slice(0, 50)) console.log(`    ${finding}`);
console.log(`  full output:             ${logPath}`);
writeFileSync(findingsPath, JSON.stringify({ suiteExit: code, findings: findings.slice(0, 20) }));
process.exit(findings.length > 0 || code !== 0 ? 1 : 0);
