// Allocation benchmarks: département and national campaigns from the seeded generator. Solve
// cases time the solver alone on the compact form; the pipeline case times everything the API
// server does, from plain objects to a verified, explained result. Cases that compare a policy
// with plain deferred acceptance measure the plain run on the same wishes during setup and report
// it as `plainMedianMs` with the ratio.
import {
  allocate,
  buildAllocationResult,
  compileAllocation,
  solveCompactAllocation,
  verifyAllocation,
  verifyCompactAllocation,
} from '../../src/allocation/index.js';
import type {
  AllocationIndex,
  AllocationInstance,
  AllocationOptions,
  AllocationPair,
  CompactAllocation,
} from '../../src/allocation/index.js';
import { generateAllocationInstance } from '../../src/generator/allocation.js';
import type { BenchCase } from '../types.js';

const SEED = 'bench-2025';
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

let departement: AllocationInstance | null = null;
function departementInstance(): AllocationInstance {
  departement ??= generateAllocationInstance({ seed: SEED, scale: 'departement' });
  return departement;
}

// One national campaign serves every national case: reserved seats on offers outside companies,
// companies over about a third of the offers. Each case switches on only the feature it measures,
// so the plain, reserves and company-cap runs share the same wishes.
let national: AllocationInstance | null = null;
function nationalInstance(): AllocationInstance {
  national ??= generateAllocationInstance({
    seed: SEED,
    scale: 'national',
    reservedShare: 0.3,
    companyShare: 0.35,
  });
  return national;
}

const PLAIN: Omit<AllocationOptions, 'seed'> = { useReservedSeats: false, useCompanyCaps: false };

function compile(instance: AllocationInstance, options: Omit<AllocationOptions, 'seed'>) {
  return compileAllocation(instance, { seed: SEED, ...options });
}

function medianSolveMs(compact: CompactAllocation, runs = 7): number {
  solveCompactAllocation(compact);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    gc();
    const start = performance.now();
    solveCompactAllocation(compact);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[runs >> 1] as number;
}

function solveCase(
  name: string,
  scale: string,
  prepare: () => { index: AllocationIndex; plainMs?: number },
  runs?: number,
): BenchCase<{ index: AllocationIndex; plainMs?: number }> {
  let algorithm = '';
  return {
    name,
    scale,
    get algorithm() {
      return algorithm;
    },
    ...(runs === undefined ? {} : { runs }),
    setup() {
      const prepared = prepare();
      algorithm = solveCompactAllocation(prepared.index.compact).algorithm;
      return prepared;
    },
    run({ index, plainMs }) {
      const solution = solveCompactAllocation(index.compact);
      const c = index.compact;
      let placed = 0;
      for (let s = 0; s < c.studentCount; s++)
        if ((solution.studentOffer[s] as number) >= 0) placed++;
      return {
        entries: c.wishCount,
        extra: {
          students: c.studentCount,
          offers: c.offerCount,
          placed,
          proposals: solution.proposals,
          stateBytesPerWish: Number((solution.stateBytes / c.wishCount).toFixed(2)),
          ...(plainMs === undefined ? {} : { plainMedianMs: Number(plainMs.toFixed(2)) }),
        },
      };
    },
  };
}

const departementSolve = solveCase('allocation/departement-solve', 'departement', () => ({
  index: compile(departementInstance(), {}),
}));

const departementPipeline: BenchCase<AllocationInstance> = {
  name: 'allocation/departement-pipeline',
  scale: 'departement',
  algorithm: 'validate+index+deferred-acceptance+verify+explain',
  setup: departementInstance,
  run(instance) {
    const t0 = performance.now();
    const index = compileAllocation(instance, { seed: SEED });
    const t1 = performance.now();
    const solution = solveCompactAllocation(index.compact);
    const t2 = performance.now();
    const violations = verifyCompactAllocation(index.compact, solution.studentOffer);
    if (violations.length > 0) throw new Error(`unstable result: ${violations[0]?.message}`);
    const t3 = performance.now();
    const result = buildAllocationResult(index, solution, solution.algorithm);
    const t4 = performance.now();
    return {
      entries: index.compact.wishCount,
      extra: {
        compileMs: Number((t1 - t0).toFixed(2)),
        solveMs: Number((t2 - t1).toFixed(2)),
        verifyMs: Number((t3 - t2).toFixed(2)),
        resultMs: Number((t4 - t3).toFixed(2)),
        placementRate: Number(result.statistics.placementRate.toFixed(4)),
      },
    };
  },
};

/** The verifier the API server calls: from plain objects, recomputing every priority itself. */
const departementVerifyPlain: BenchCase<{ instance: AllocationInstance; pairs: AllocationPair[] }> =
  {
    name: 'allocation/departement-verify-plain',
    scale: 'departement',
    algorithm: 'verify-from-plain-objects',
    setup() {
      const instance = departementInstance();
      return { instance, pairs: allocate(instance, { seed: SEED }).placements };
    },
    run({ instance, pairs }) {
      const violations = verifyAllocation(instance, pairs, { seed: SEED });
      if (violations.length > 0) throw new Error(`unstable result: ${violations[0]?.message}`);
      return { entries: instance.students.reduce((sum, s) => sum + s.wishes.length, 0) };
    },
  };

const nationalSolve = solveCase('allocation/national-solve', 'national', () => ({
  index: compile(nationalInstance(), PLAIN),
}));

const nationalVerify: BenchCase<{ index: AllocationIndex; studentOffer: Int32Array }> = {
  name: 'allocation/national-verify',
  scale: 'national',
  algorithm: 'verify-deferred-acceptance',
  setup() {
    const index = compile(nationalInstance(), PLAIN);
    return { index, studentOffer: solveCompactAllocation(index.compact).studentOffer };
  },
  run({ index, studentOffer }) {
    const violations = verifyCompactAllocation(index.compact, studentOffer);
    if (violations.length > 0) throw new Error(`unstable result: ${violations[0]?.message}`);
    return { entries: index.compact.wishCount };
  },
};

function withPlainBaseline(options: Omit<AllocationOptions, 'seed'>) {
  return () => {
    const plainMs = medianSolveMs(compile(nationalInstance(), PLAIN).compact);
    gc();
    return { index: compile(nationalInstance(), options), plainMs };
  };
}

const nationalReserves = solveCase(
  'allocation/national-reserves',
  'national',
  withPlainBaseline({ useCompanyCaps: false }),
);

const nationalReservesOpenFirst = solveCase(
  'allocation/national-reserves-open-first',
  'national',
  withPlainBaseline({ useCompanyCaps: false, reservePrecedence: 'open-first' }),
);

const nationalCompanyCaps = solveCase(
  'allocation/national-company-caps',
  'national',
  withPlainBaseline({ useReservedSeats: false }),
);

/**
 * Memory of the solver's own state: its exact accounting of the typed arrays it allocates, and
 * what the process saw. The process figure is taken in setup, after a collection and a pause
 * (array buffers are freed by a background sweeper, which would otherwise race the reading).
 */
const solverMemory: BenchCase<{ compact: CompactAllocation; measuredBytesPerWish: number }> = {
  name: 'allocation/solver-memory',
  scale: 'national',
  algorithm: 'deferred-acceptance',
  runs: 3,
  async setup() {
    const compact = compile(nationalInstance(), PLAIN).compact;
    const readings: number[] = [];
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const before = process.memoryUsage();
      const solution = solveCompactAllocation(compact);
      const after = process.memoryUsage();
      const measured =
        after.arrayBuffers - before.arrayBuffers + Math.max(0, after.heapUsed - before.heapUsed);
      readings.push(measured / compact.wishCount);
      void solution;
    }
    readings.sort((a, b) => a - b);
    return { compact, measuredBytesPerWish: readings[1] as number };
  },
  run({ compact, measuredBytesPerWish }) {
    const solution = solveCompactAllocation(compact);
    return {
      entries: compact.wishCount,
      extra: {
        stateBytesPerWish: Number((solution.stateBytes / compact.wishCount).toFixed(2)),
        measuredBytesPerWish: Number(measuredBytesPerWish.toFixed(2)),
        inputBytesPerWish: Number(
          (
            (compact.wishOffer.byteLength +
              compact.wishKey.byteLength +
              compact.wishStart.byteLength) /
            compact.wishCount
          ).toFixed(2),
        ),
      },
    };
  },
};

export const cases: BenchCase[] = [
  departementSolve,
  departementPipeline,
  departementVerifyPlain,
  nationalSolve,
  nationalVerify,
  nationalReserves,
  nationalReservesOpenFirst,
  nationalCompanyCaps,
  solverMemory,
] as BenchCase[];
