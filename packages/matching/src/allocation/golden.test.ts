// Golden cases: small campaigns whose answer is known, from the literature (Gale–Shapley 1962,
// Kleinberg–Tardos ch. 1) or worked out by hand in the comments from the definitions (hospitals
// with capacities, reserves under each precedence, company caps). Each test says what it proves.
import { describe, expect, test } from 'vitest';
import { allocate } from './allocate.js';
import { lotteryNumber } from './priority.js';
import { referenceProblem, stableMatchings } from './testing/reference.js';
import type {
  AllocationInstance,
  AllocationOffer,
  AllocationOptions,
  AllocationResult,
  AllocationStudent,
} from './types.js';
import { verifyAllocation } from './verify.js';

/** Marriage problem as a campaign: men propose (students), women are one-seat offers that rank. */
function marriage(
  men: Record<string, string[]>,
  women: Record<string, string[]>,
): AllocationInstance {
  return {
    students: Object.entries(men).map(([id, wishes]) => ({ id, wishes })),
    offers: Object.entries(women).map(([id, ranking]) => ({ id, seats: 1, ranking })),
  };
}

function seats(result: AllocationResult): Record<string, string | null> {
  return Object.fromEntries(result.placements.map((p) => [p.studentId, p.offerId]));
}

const SEED = { seed: 'golden' };

describe('Gale–Shapley 1962', () => {
  // Example 1 of the paper: three men α β γ, three women A B C, cyclic preferences.
  const example1 = marriage(
    { α: ['A', 'B', 'C'], β: ['B', 'C', 'A'], γ: ['C', 'A', 'B'] },
    { A: ['β', 'γ', 'α'], B: ['γ', 'α', 'β'], C: ['α', 'β', 'γ'] },
  );

  test('example 1: every man gets his first choice when men propose', () => {
    expect(seats(allocate(example1, SEED))).toEqual({ α: 'A', β: 'B', γ: 'C' });
  });

  test('example 1 has exactly the three stable matchings the paper lists', () => {
    const stable = stableMatchings(referenceProblem(example1, SEED));
    // Wish positions: men's first choices, everyone's second, women's first choices.
    expect(stable).toHaveLength(3);
    expect(stable).toContainEqual([0, 0, 0]);
    expect(stable).toContainEqual([1, 1, 1]);
    expect(stable).toContainEqual([2, 2, 2]);
  });

  // Example 2 of the paper: four men and four women with a unique stable matching.
  const example2 = marriage(
    {
      α: ['A', 'B', 'C', 'D'],
      β: ['A', 'D', 'C', 'B'],
      γ: ['B', 'A', 'C', 'D'],
      δ: ['D', 'B', 'C', 'A'],
    },
    {
      A: ['δ', 'γ', 'α', 'β'],
      B: ['β', 'δ', 'α', 'γ'],
      C: ['δ', 'α', 'β', 'γ'],
      D: ['γ', 'β', 'α', 'δ'],
    },
  );

  test('example 2: the only stable matching, α C, β D, γ A, δ B', () => {
    expect(seats(allocate(example2, SEED))).toEqual({ α: 'C', β: 'D', γ: 'A', δ: 'B' });
    expect(stableMatchings(referenceProblem(example2, SEED))).toHaveLength(1);
  });

  test('example 2: every refusal is explained by the woman holding a man she ranks higher', () => {
    const result = allocate(example2, SEED);
    const alpha = result.placements.find((p) => p.studentId === 'α');
    // α was refused by A (holds γ, ranked 2nd; α is 3rd) and by B (holds δ, 2nd; α is 3rd).
    expect(alpha?.refusals).toEqual([
      {
        offerId: 'A',
        wishRank: 1,
        reason: 'full',
        cutoff: { kind: 'ranking', position: 2 },
        cutoffSeats: 'open',
        own: { kind: 'ranking', position: 3 },
      },
      {
        offerId: 'B',
        wishRank: 2,
        reason: 'full',
        cutoff: { kind: 'ranking', position: 2 },
        cutoffSeats: 'open',
        own: { kind: 'ranking', position: 3 },
      },
    ]);
  });
});

describe('Kleinberg–Tardos, chapter 1', () => {
  test('when both sides agree, the one stable matching is found', () => {
    const instance = marriage(
      { m: ['w', "w'"], "m'": ['w', "w'"] },
      { w: ['m', "m'"], "w'": ['m', "m'"] },
    );
    expect(seats(allocate(instance, SEED))).toEqual({ m: 'w', "m'": "w'" });
  });

  test('when the sides disagree, proposers get their own favourites', () => {
    // Two stable matchings; the proposing side's is (m, w), (m', w').
    const instance = marriage(
      { m: ['w', "w'"], "m'": ["w'", 'w'] },
      { w: ["m'", 'm'], "w'": ['m', "m'"] },
    );
    expect(seats(allocate(instance, SEED))).toEqual({ m: 'w', "m'": "w'" });
    expect(stableMatchings(referenceProblem(instance, SEED))).toHaveLength(2);
  });
});

describe('hospitals with capacities (worked by hand)', () => {
  // H1 has 2 seats and ranks r3 r1 r2 r4; H2 has 1 seat and ranks r1 r2 r3 r4.
  // r1: H1 H2, r2: H1 H2, r3: H2 H1, r4: H1.
  // Residents propose: r1, r2 → H1 (both held), r3 → H2 (held), r4 → H1: ranked last, refused.
  // Unique outcome: H1 {r1, r2}, H2 {r3}, r4 unplaced.
  const instance: AllocationInstance = {
    students: [
      { id: 'r1', wishes: ['H1', 'H2'] },
      { id: 'r2', wishes: ['H1', 'H2'] },
      { id: 'r3', wishes: ['H2', 'H1'] },
      { id: 'r4', wishes: ['H1'] },
    ],
    offers: [
      { id: 'H1', seats: 2, ranking: ['r3', 'r1', 'r2', 'r4'] },
      { id: 'H2', seats: 1, ranking: ['r1', 'r2', 'r3', 'r4'] },
    ],
  };

  test('residents fill the capacity of each hospital in its own order', () => {
    const result = allocate(instance, SEED);
    expect(seats(result)).toEqual({ r1: 'H1', r2: 'H1', r3: 'H2', r4: null });
    expect(result.offers.map((o) => [o.offerId, o.filled, o.seatsLeft])).toEqual([
      ['H1', 2, 0],
      ['H2', 1, 0],
    ]);
    expect(result.statistics.rankDistribution).toEqual([3]);
    expect(result.statistics.firstWishShare).toBe(0.75);
  });

  test('a later, higher-ranked resident displaces the weakest holder (r3 leaves H2 for H1)', () => {
    // Now r3 prefers H1. r1, r2 → H1; r3 → H1 displaces r2 (H1 ranks r3 first, r2 third);
    // r2 → H2 (free). r4 → H1, refused. Outcome: H1 {r3, r1}, H2 {r2}.
    const changed: AllocationInstance = {
      ...instance,
      students: instance.students.map((s) => (s.id === 'r3' ? { ...s, wishes: ['H1', 'H2'] } : s)),
    };
    expect(seats(allocate(changed, SEED))).toEqual({ r1: 'H1', r2: 'H2', r3: 'H1', r4: null });
  });
});

describe('campaign priority: class, then one lottery per student', () => {
  test('a REP+ student beats a student of another class whatever their draws', () => {
    const instance: AllocationInstance = {
      students: [
        { id: 'a', wishes: ['x'], priorityClass: 'other' },
        { id: 'b', wishes: ['x'], priorityClass: 'rep-plus' },
      ],
      offers: [{ id: 'x', seats: 1 }],
    };
    for (const seed of ['one', 'two', 'three', 4, 5]) {
      expect(seats(allocate(instance, { seed }))).toEqual({ a: null, b: 'x' });
    }
  });

  test('with equal class ranks, the lower lottery number hash(seed, id) wins', () => {
    const instance: AllocationInstance = {
      students: [
        { id: 'a', wishes: ['x'], priorityClass: 'other' },
        { id: 'b', wishes: ['x'], priorityClass: 'rep-plus' },
      ],
      offers: [{ id: 'x', seats: 1 }],
    };
    const flat = { 'rep-plus': 0, rep: 0, other: 0 };
    for (const seed of ['one', 'two', 'three', 4, 5]) {
      const winner = lotteryNumber(seed, 'a') < lotteryNumber(seed, 'b') ? 'a' : 'b';
      const result = allocate(instance, { seed, priorityClassRanks: flat });
      expect(result.placements.find((p) => p.offerId === 'x')?.studentId).toBe(winner);
    }
  });

  test('the cutoff names the last admitted class and draw, in words-ready fields', () => {
    const instance: AllocationInstance = {
      students: [
        { id: 'a', wishes: ['x'], priorityClass: 'rep' },
        { id: 'b', wishes: ['x'], priorityClass: 'other' },
      ],
      offers: [{ id: 'x', seats: 1 }],
    };
    const result = allocate(instance, SEED);
    const refusal = result.placements[1]?.refusals[0];
    expect(refusal).toMatchObject({
      offerId: 'x',
      reason: 'full',
      cutoff: { kind: 'lottery', priorityClass: 'rep', lottery: lotteryNumber('golden', 'a') },
      own: { kind: 'lottery', priorityClass: 'other', lottery: lotteryNumber('golden', 'b') },
    });
    expect(result.offers[0]?.cutoff).toEqual(refusal?.cutoff);
  });
});

describe('refusal reasons other than capacity', () => {
  test('an offer ranking students refuses those it did not list, and a class-limited one others', () => {
    const instance: AllocationInstance = {
      students: [{ id: 'a', wishes: ['ranked', 'limited', 'open'], priorityClass: 'other' }],
      offers: [
        { id: 'ranked', seats: 3, ranking: [] },
        { id: 'limited', seats: 3, eligibleClasses: ['rep-plus', 'rep'] },
        { id: 'open', seats: 1 },
      ],
    };
    const placement = allocate(instance, SEED).placements[0];
    expect(placement?.offerId).toBe('open');
    expect(placement?.wishRank).toBe(3);
    expect(placement?.refusals.map((r) => [r.offerId, r.reason, r.cutoff])).toEqual([
      ['ranked', 'not-ranked-by-offer', null],
      ['limited', 'not-eligible', null],
    ]);
  });

  test('an offer with no seat refuses everyone, with no cutoff', () => {
    const instance: AllocationInstance = {
      students: [{ id: 'a', wishes: ['none'] }],
      offers: [{ id: 'none', seats: 0 }],
    };
    const placement = allocate(instance, SEED).placements[0];
    expect(placement?.refusals).toEqual([
      {
        offerId: 'none',
        wishRank: 1,
        reason: 'full',
        cutoff: null,
        cutoffSeats: null,
        own: expect.objectContaining({ kind: 'lottery' }),
      },
    ]);
  });
});

describe('reserved seats (soft reserves)', () => {
  // Dur–Kominers–Pathak–Sönmez's precedence example: one offer, 2 seats, 1 reserved; it ranks
  // m1 (REP), then n1 (not REP), then m2 (REP); all three want only this offer.
  const precedence: AllocationInstance = {
    students: [
      { id: 'm1', wishes: ['x'], priorityClass: 'rep' },
      { id: 'n1', wishes: ['x'], priorityClass: 'other' },
      { id: 'm2', wishes: ['x'], priorityClass: 'rep' },
    ],
    offers: [{ id: 'x', seats: 2, reservedSeats: 1, ranking: ['m1', 'n1', 'm2'] }],
  };

  test('reserved-first: m1 takes the reserved seat, n1 the open one; m2 is refused', () => {
    const result = allocate(precedence, { ...SEED, reservePrecedence: 'reserved-first' });
    expect(seats(result)).toEqual({ m1: 'x', n1: 'x', m2: null });
    expect(result.placements.map((p) => p.seat)).toEqual(['reserved', 'open', null]);
    // m2 needed to outrank n1 on the open seat (m1, on the reserved seat, ranks higher still).
    expect(result.placements[2]?.refusals[0]).toMatchObject({
      reason: 'full',
      cutoff: { kind: 'ranking', position: 2 },
      cutoffSeats: 'open',
      own: { kind: 'ranking', position: 3 },
    });
  });

  test('open-first: m1 takes the open seat and leaves the reserved one to m2; n1 is refused', () => {
    const result = allocate(precedence, { ...SEED, reservePrecedence: 'open-first' });
    expect(seats(result)).toEqual({ m1: 'x', n1: null, m2: 'x' });
    expect(result.placements.map((p) => p.seat)).toEqual(['open', null, 'reserved']);
    expect(result.placements[1]?.refusals[0]).toMatchObject({
      reason: 'full',
      cutoff: { kind: 'ranking', position: 1 },
      cutoffSeats: 'open',
    });
  });

  test('a reserved seat no eligible student wants goes to anyone', () => {
    const instance: AllocationInstance = {
      students: [
        { id: 'n1', wishes: ['x'], priorityClass: 'other' },
        { id: 'n2', wishes: ['x'], priorityClass: 'other' },
      ],
      offers: [{ id: 'x', seats: 2, reservedSeats: 2 }],
    };
    for (const reservePrecedence of ['reserved-first', 'open-first'] as const) {
      const result = allocate(instance, { ...SEED, reservePrecedence });
      expect(seats(result)).toEqual({ n1: 'x', n2: 'x' });
      expect(result.placements.map((p) => p.seat)).toEqual(['open', 'open']);
    }
  });

  test('a REP student with a worse rank takes a reserved seat from a better-ranked other student', () => {
    const instance: AllocationInstance = {
      students: [
        { id: 'n1', wishes: ['x'], priorityClass: 'other' },
        { id: 'n2', wishes: ['x'], priorityClass: 'other' },
        { id: 'm1', wishes: ['x'], priorityClass: 'rep' },
      ],
      offers: [{ id: 'x', seats: 2, reservedSeats: 1, ranking: ['n1', 'n2', 'm1'] }],
    };
    const result = allocate(instance, SEED);
    expect(seats(result)).toEqual({ n1: 'x', n2: null, m1: 'x' });
    expect(verifyAllocation(instance, result.placements, SEED)).toEqual([]);
    // Without the reserve, ranks alone decide.
    expect(seats(allocate(instance, { ...SEED, useReservedSeats: false }))).toEqual({
      n1: 'x',
      n2: 'x',
      m1: null,
    });
  });
});

describe('company caps (student-project allocation)', () => {
  // Company C caps its intake at 2 over p1 (2 seats) and p2 (1 seat) and ranks s1 s3 s2 s4;
  // q (2 seats, no company) ranks s2 s3 s4.
  // s1 → p1. s2 → p1: C full (worst s2). s3 → p2: C over its cap, drops its worst, s2 (from p1).
  // s2 → q. s4 → p1: C is full with s1, s3, both ranked above s4; s4 → q.
  // Outcome: s1 p1, s3 p2, s2 q, s4 q; p1 keeps a free seat the cap does not let anyone take.
  const students: AllocationStudent[] = [
    { id: 's1', wishes: ['p1'] },
    { id: 's2', wishes: ['p1', 'q'] },
    { id: 's3', wishes: ['p2', 'q'] },
    { id: 's4', wishes: ['p1', 'q'] },
  ];
  const offers: AllocationOffer[] = [
    { id: 'p1', seats: 2, companyId: 'C' },
    { id: 'p2', seats: 1, companyId: 'C' },
    { id: 'q', seats: 2, ranking: ['s2', 's3', 's4'] },
  ];
  const instance: AllocationInstance = {
    students,
    offers,
    companies: [{ id: 'C', seats: 2, ranking: ['s1', 's3', 's2', 's4'] }],
  };
  const options: AllocationOptions = SEED;

  test('the cap keeps a seat empty, and the refusals say "company-full"', () => {
    const result = allocate(instance, options);
    expect(result.run.algorithm).toBe('spa-student');
    expect(seats(result)).toEqual({ s1: 'p1', s2: 'q', s3: 'p2', s4: 'q' });
    expect(result.offers.find((o) => o.offerId === 'p1')?.seatsLeft).toBe(1);
    expect(result.placements[1]?.refusals).toEqual([
      {
        offerId: 'p1',
        wishRank: 1,
        reason: 'company-full',
        cutoff: { kind: 'ranking', position: 2 },
        cutoffSeats: 'company',
        own: { kind: 'ranking', position: 3 },
      },
    ]);
    expect(verifyAllocation(instance, result.placements, options)).toEqual([]);
  });

  test('it is the only stable matching in the SPA sense', () => {
    expect(stableMatchings(referenceProblem(instance, options))).toEqual([[0, 1, 0, 1]]);
  });

  test('without the cap, the spare seat of p1 goes to s2', () => {
    const result = allocate(instance, { ...options, useCompanyCaps: false });
    expect(seats(result)).toEqual({ s1: 'p1', s2: 'p1', s3: 'p2', s4: 'q' });
  });
});
