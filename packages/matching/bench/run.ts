// Benchmark runner: imports every module in bench/cases/, runs each exported case's setup once,
// warms it up, then times `runs` runs and prints one JSON line per case. Arguments filter cases
// by substring of their name or file (`pnpm bench -- allocation`). Run with --expose-gc (the
// package script does) so that collection happens between runs rather than inside them.
import { readdirSync } from 'node:fs';
import type { BenchCase } from './types.js';

const filters = process.argv.slice(2).filter((arg) => arg !== '--' && arg.length > 0);
const casesDir = new URL('./cases/', import.meta.url);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

/** Warm-up: until the JIT has seen the case a few times, at most ~1 s or 20 runs. */
const WARM_UP_MS = 1000;
const WARM_UP_MAX_RUNS = 20;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

function selected(file: string, benchCase: BenchCase): boolean {
  return (
    filters.length === 0 ||
    filters.some((filter) => benchCase.name.includes(filter) || file.includes(filter))
  );
}

async function runCase(benchCase: BenchCase): Promise<Record<string, unknown>> {
  gc();
  const context = await benchCase.setup();
  let warmUpRuns = 0;
  const warmUpStart = performance.now();
  do {
    benchCase.run(context);
    warmUpRuns++;
  } while (performance.now() - warmUpStart < WARM_UP_MS && warmUpRuns < WARM_UP_MAX_RUNS);

  const runs = benchCase.runs ?? 7;
  const times: number[] = [];
  let last: ReturnType<BenchCase['run']> = { entries: 0 };
  for (let i = 0; i < runs; i++) {
    gc();
    const start = performance.now();
    last = benchCase.run(context);
    times.push(performance.now() - start);
  }
  const medianMs = median(times);
  return {
    name: benchCase.name,
    scale: benchCase.scale,
    algorithm: benchCase.algorithm,
    runs,
    medianMs: round(medianMs, 2),
    minMs: round(Math.min(...times), 2),
    entries: last.entries,
    entriesPerSecond: medianMs > 0 ? Math.round((last.entries / medianMs) * 1000) : null,
    heapUsedMB: round(process.memoryUsage().heapUsed / 2 ** 20, 1),
    ...last.extra,
    // A case that measured plain deferred acceptance on the same wishes gets the ratio to it.
    ...(typeof last.extra?.plainMedianMs === 'number' && last.extra.plainMedianMs > 0
      ? { ratioToPlain: round(medianMs / last.extra.plainMedianMs, 2) }
      : {}),
  };
}

const files = readdirSync(casesDir)
  .filter((file) => /\.(ts|mts|js|mjs)$/.test(file) && !/\.(d|test)\.[mc]?[tj]s$/.test(file))
  .sort();
let failed = false;
for (const file of files) {
  const module = (await import(new URL(file, casesDir).href)) as { cases?: unknown };
  if (!Array.isArray(module.cases)) {
    console.error(`bench/cases/${file} exports no \`cases\` array; skipped`);
    continue;
  }
  for (const benchCase of module.cases as BenchCase[]) {
    if (!selected(file, benchCase)) continue;
    try {
      console.log(JSON.stringify(await runCase(benchCase)));
    } catch (error) {
      failed = true;
      console.log(JSON.stringify({ name: benchCase.name, error: String(error) }));
    }
    gc();
  }
}
if (failed) process.exitCode = 1;
