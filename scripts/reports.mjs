// What the test runs reported, read back for the closing summary of `pnpm test` (the last lines
// a CI log shows): the failed tests of vitest's and Playwright's JSON reports, with the first line
// of each error, and the tests Playwright saw fail once and pass again.
import { existsSync, readFileSync } from 'node:fs';

export function readJson(path) {
  try {
    return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
  } catch {
    return undefined;
  }
}

// Error messages carry terminal colours.
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const firstLine = (text) =>
  (
    text
      .replace(ANSI_COLOUR, '')
      .split('\n')
      .find((line) => line.trim()) ?? ''
  )
    .trim()
    .slice(0, 200);

/** "file › test: first line of the error" for each failed test of a vitest JSON report. */
export function failedVitest(reportPath, root) {
  const report = readJson(reportPath);
  if (!report) return ['(no vitest report: the run did not reach its end)'];
  const out = [];
  for (const file of report.testResults ?? []) {
    const name = file.name?.startsWith(root) ? file.name.slice(root.length + 1) : file.name;
    const failed = (file.assertionResults ?? []).filter((a) => a.status === 'failed');
    for (const a of failed)
      out.push(`${name} › ${a.fullName}: ${firstLine(a.failureMessages?.[0] ?? '')}`);
    if (failed.length === 0 && file.status === 'failed') {
      out.push(`${name}: ${firstLine(file.message ?? 'failed')}`);
    }
  }
  return out;
}

/** Every test of a Playwright JSON report, with its file. */
function playwrightTests(report) {
  const out = [];
  const walk = (suite, file) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? [])
        out.push({ file: spec.file ?? file, title: spec.title, test });
    }
    for (const child of suite.suites ?? []) walk(child, suite.file ?? file);
  };
  for (const suite of report.suites ?? []) walk(suite, suite.file);
  return out;
}

/** "file › title: first line of the error" for each failed test of a Playwright JSON report. */
export function failedPlaywright(reportPath) {
  const report = readJson(reportPath);
  if (!report) return ['(no Playwright report: the suite did not run to its end)'];
  return playwrightTests(report).flatMap(({ file, title, test }) => {
    const last = test.results?.at(-1);
    if (!last || ['passed', 'skipped'].includes(last.status)) return [];
    return [`${file} › ${title}: ${firstLine(last.error?.message ?? '') || last.status}`];
  });
}

/** Tests that failed, then passed when Playwright ran them again: named even when all passed. */
export function flakyPlaywright(reportPath) {
  const report = readJson(reportPath);
  if (!report) return [];
  return playwrightTests(report)
    .filter(({ test }) => test.status === 'flaky')
    .map(({ file, title }) => `flaky (failed once, passed when run again): ${file} › ${title}`);
}
