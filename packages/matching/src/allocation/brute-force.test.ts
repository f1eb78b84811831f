// Brute force on tiny campaigns: enumerate every feasible matching, keep the stable ones (by the
// naive definitions in testing/reference.ts), and check that the allocation is one of them and
// that every student likes it at least as much as any other stable matching (student-optimal).
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { allocate } from './allocate.js';
import { campaignArbitrary } from './testing/arbitraries.js';
import type { CampaignShape } from './testing/arbitraries.js';
import { referenceProblem, stableMatchings } from './testing/reference.js';
import type { AllocationInstance, AllocationOptions } from './types.js';

/** Checks one campaign; returns how many stable matchings it has. */
function checkStudentOptimal(instance: AllocationInstance, options: AllocationOptions): number {
  const problem = referenceProblem(instance, options);
  const stable = stableMatchings(problem);
  const result = allocate(instance, options);
  const ours = result.placements.map((placement) => (placement.wishRank ?? 0) - 1);
  // A stable matching always exists in these models, so an empty list means a broken reference.
  expect(stable.length).toBeGreaterThan(0);
  expect(stable).toContainEqual(ours);
  for (const other of stable) {
    ours.forEach((held, i) => {
      const theirs = other[i] as number;
      // -1 (no seat) is worse than any wish.
      expect(held < 0 ? Infinity : held).toBeLessThanOrEqual(theirs < 0 ? Infinity : theirs);
    });
  }
  return stable.length;
}

/** Runs the check over many campaigns; returns how many had several stable matchings. */
function checkMany(
  shape: CampaignShape,
  options: Omit<AllocationOptions, 'seed'>,
  numRuns: number,
) {
  let withChoice = 0;
  fc.assert(
    fc.property(campaignArbitrary(shape), fc.integer(), (instance, seed) => {
      if (checkStudentOptimal(instance, { seed, ...options }) > 1) withChoice++;
    }),
    { numRuns },
  );
  return withChoice;
}

// Balanced little markets: every offer has a seat, every student wishes three offers or more,
// which is where several stable matchings (and so student-optimality) show up.
const tiny: CampaignShape = {
  minStudents: 4,
  maxStudents: 7,
  minOffers: 2,
  maxOffers: 4,
  minSeats: 1,
  maxSeats: 2,
  minWishes: 3,
};

describe('brute force: the allocation is the student-optimal stable matching', () => {
  test('campaign priority (classes then lottery): the unique stable matching', () => {
    checkMany(tiny, {}, 150);
  });

  test('offers ranking students themselves: student-optimal among several stable matchings', () => {
    const withChoice = checkMany({ ...tiny, rankings: 'all' }, {}, 500);
    expect(withChoice).toBeGreaterThan(5);
  });

  test('a mix of ranking offers, campaign priority, empty offers and class-limited offers', () => {
    checkMany({ ...tiny, minSeats: 0, minWishes: 0, rankings: 'some', eligibility: true }, {}, 150);
  });

  test('soft reserves, reserved seats first (Hafalir–Yenmez–Yildirim)', () => {
    const shape: CampaignShape = { ...tiny, reserves: true, maxSeats: 3, rankings: 'some' };
    const withChoice = checkMany(shape, { reservePrecedence: 'reserved-first' }, 400);
    expect(withChoice).toBeGreaterThan(0);
  });

  test('soft reserves, open seats first', () => {
    const shape: CampaignShape = { ...tiny, reserves: true, maxSeats: 3, rankings: 'some' };
    const withChoice = checkMany(shape, { reservePrecedence: 'open-first' }, 400);
    expect(withChoice).toBeGreaterThan(0);
  });

  test('company caps (SPA stability, Abraham–Irving–Manlove 2007)', () => {
    checkMany({ ...tiny, companies: true }, {}, 150);
    const withChoice = checkMany({ ...tiny, companies: true, rankings: 'all' }, {}, 500);
    expect(withChoice).toBeGreaterThan(0);
  });

  test('eight students, four offers', () => {
    const eight: CampaignShape = { ...tiny, minStudents: 8, maxStudents: 8, minOffers: 4 };
    checkMany({ ...eight, rankings: 'all' }, {}, 40);
    checkMany({ ...eight, reserves: true, rankings: 'some' }, {}, 15);
    checkMany({ ...eight, companies: true, rankings: 'all' }, {}, 40);
  });
});
