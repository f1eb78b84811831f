// The verifier is itself tested: hand-made allocations with a known defect must be reported,
// with the right kind and a message that names the students and offers involved; correct ones
// must pass.
import { describe, expect, test } from 'vitest';
import { allocate } from './allocate.js';
import { compileAllocation } from './compile.js';
import { solveCompactAllocation } from './solve.js';
import type { AllocationInstance, AllocationOptions, AllocationPair } from './types.js';
import { verifyAllocation, verifyCompactAllocation } from './verify.js';

const SEED: AllocationOptions = { seed: 'verify' };

// x ranks a, b, c; y ranks c, b, a. One seat each.
const instance: AllocationInstance = {
  students: [
    { id: 'a', wishes: ['x', 'y'] },
    { id: 'b', wishes: ['x', 'y'] },
    { id: 'c', wishes: ['y'] },
  ],
  offers: [
    { id: 'x', seats: 1, ranking: ['a', 'b', 'c'] },
    { id: 'y', seats: 1, ranking: ['c', 'b', 'a'] },
  ],
};

function pairs(seats: Record<string, string | null>): AllocationPair[] {
  return Object.entries(seats).map(([studentId, offerId]) => ({ studentId, offerId }));
}

describe('the verifier accepts correct allocations', () => {
  test('the deferred acceptance result passes', () => {
    const result = allocate(instance, SEED);
    expect(result.placements.map((p) => p.offerId)).toEqual(['x', null, 'y']);
    expect(verifyAllocation(instance, result.placements, SEED)).toEqual([]);
  });
});

describe('the verifier catches blocking pairs', () => {
  test('justified envy: a is placed below b at x although x ranks a first', () => {
    const violations = verifyAllocation(instance, pairs({ a: 'y', b: 'x', c: null }), SEED);
    expect(violations).toContainEqual(
      expect.objectContaining({ kind: 'blocking-pair', studentId: 'a', offerId: 'x' }),
    );
    const message = violations.find((v) => v.studentId === 'a')?.message ?? '';
    expect(message).toMatch(/student "a" prefers offer "x" \(wish 1\) to their seat at offer "y"/);
    expect(message).toMatch(/ranked 1.*ranked 2/);
  });

  test('waste: an empty seat a student wanted more', () => {
    const violations = verifyAllocation(instance, pairs({ a: 'x', b: null, c: null }), SEED);
    expect(violations).toEqual([
      expect.objectContaining({
        kind: 'blocking-pair',
        studentId: 'b',
        offerId: 'y',
        message: expect.stringMatching(/having no seat.*1 empty seat/),
      }),
      expect.objectContaining({ kind: 'blocking-pair', studentId: 'c', offerId: 'y' }),
    ]);
  });

  test('campaign priority: a REP student placed after an other-class student', () => {
    const campaign: AllocationInstance = {
      students: [
        { id: 'rep', wishes: ['x', 'y'], priorityClass: 'rep' },
        { id: 'oth', wishes: ['x'], priorityClass: 'other' },
      ],
      offers: [
        { id: 'x', seats: 1 },
        { id: 'y', seats: 1 },
      ],
    };
    const violations = verifyAllocation(campaign, pairs({ rep: 'y', oth: 'x' }), SEED);
    expect(violations).toHaveLength(1);
    expect(violations[0]?.message).toMatch(/class rep, lottery \d+.*class other, lottery \d+/);
  });
});

describe('the verifier catches infeasible allocations', () => {
  test('over capacity, not wished, unknown ids, duplicates, unacceptable', () => {
    const violations = verifyAllocation(
      instance,
      [
        { studentId: 'a', offerId: 'x' },
        { studentId: 'b', offerId: 'x' },
        { studentId: 'c', offerId: 'x' },
        { studentId: 'a', offerId: 'y' },
        { studentId: 'zed', offerId: 'x' },
      ],
      SEED,
    );
    const kinds = violations.map((v) => v.kind);
    expect(kinds).toContain('over-capacity');
    expect(kinds).toContain('not-wished');
    expect(kinds).toContain('duplicate-student');
    expect(kinds).toContain('unknown-student');
    expect(violations.find((v) => v.kind === 'over-capacity')?.message).toBe(
      'offer "x" holds 2 students for 1 seats',
    );
    const unknownOffer = verifyAllocation(instance, pairs({ a: 'nowhere' }), SEED);
    // a's pair is void, so a counts as unplaced, like b and c: every free seat they want blocks.
    expect(unknownOffer.map((v) => v.kind)).toEqual([
      'unknown-offer',
      ...Array<string>(5).fill('blocking-pair'),
    ]);
    const ranked: AllocationInstance = {
      students: [{ id: 'a', wishes: ['x'] }],
      offers: [{ id: 'x', seats: 1, ranking: [] }],
    };
    expect(verifyAllocation(ranked, pairs({ a: 'x' }), SEED).map((v) => v.kind)).toEqual([
      'not-acceptable',
    ]);
  });

  test('company over its cap', () => {
    const capped: AllocationInstance = {
      students: [
        { id: 'a', wishes: ['p1'] },
        { id: 'b', wishes: ['p2'] },
      ],
      offers: [
        { id: 'p1', seats: 1, companyId: 'k' },
        { id: 'p2', seats: 1, companyId: 'k' },
      ],
      companies: [{ id: 'k', seats: 1 }],
    };
    const violations = verifyAllocation(capped, pairs({ a: 'p1', b: 'p2' }), SEED);
    expect(violations).toEqual([
      expect.objectContaining({
        kind: 'over-company-cap',
        companyId: 'k',
        message: 'company "k" holds 2 students for a cap of 1',
      }),
    ]);
  });

  test('stops at maxViolations', () => {
    const many: AllocationInstance = {
      students: Array.from({ length: 50 }, (_, i) => ({ id: `s${i}`, wishes: ['big'] })),
      offers: [{ id: 'big', seats: 100 }],
    };
    expect(verifyAllocation(many, [], SEED, { maxViolations: 7 })).toHaveLength(7);
  });
});

describe('the verifier applies the right stability notion', () => {
  // One offer, 2 seats, 1 reserved, ranking m1 n1 m2 (m = REP).
  const reserve: AllocationInstance = {
    students: [
      { id: 'm1', wishes: ['x'], priorityClass: 'rep' },
      { id: 'n1', wishes: ['x'], priorityClass: 'other' },
      { id: 'm2', wishes: ['x'], priorityClass: 'rep' },
    ],
    offers: [{ id: 'x', seats: 2, reservedSeats: 1, ranking: ['m1', 'n1', 'm2'] }],
  };

  test('reserves, reserved-first: {m1, m2} is blocked by n1; {m1, n1} is stable', () => {
    const options = { ...SEED, reservePrecedence: 'reserved-first' } as const;
    expect(verifyAllocation(reserve, pairs({ m1: 'x', n1: 'x', m2: null }), options)).toEqual([]);
    const blocked = verifyAllocation(reserve, pairs({ m1: 'x', n1: null, m2: 'x' }), options);
    expect(blocked).toEqual([expect.objectContaining({ kind: 'blocking-pair', studentId: 'n1' })]);
  });

  test('reserves, open-first: {m1, n1} is blocked by m2; {m1, m2} is stable', () => {
    const options = { ...SEED, reservePrecedence: 'open-first' } as const;
    expect(verifyAllocation(reserve, pairs({ m1: 'x', n1: null, m2: 'x' }), options)).toEqual([]);
    const blocked = verifyAllocation(reserve, pairs({ m1: 'x', n1: 'x', m2: null }), options);
    expect(blocked).toEqual([expect.objectContaining({ kind: 'blocking-pair', studentId: 'm2' })]);
  });

  test('reserves: with the reserve switched off, ranks alone decide', () => {
    const options = { ...SEED, useReservedSeats: false };
    const blocked = verifyAllocation(reserve, pairs({ m1: 'x', n1: null, m2: 'x' }), options);
    expect(blocked).toEqual([expect.objectContaining({ studentId: 'n1' })]);
  });

  // Company k (cap 1) runs p1 and p2 and ranks a then b.
  const company: AllocationInstance = {
    students: [
      { id: 'a', wishes: ['p1', 'p2'] },
      { id: 'b', wishes: ['p2'] },
    ],
    offers: [
      { id: 'p1', seats: 1, companyId: 'k' },
      { id: 'p2', seats: 1, companyId: 'k' },
    ],
    companies: [{ id: 'k', seats: 1, ranking: ['a', 'b'] }],
  };

  test('SPA (b): a student already with the company may move to a free offer of it', () => {
    const violations = verifyAllocation(company, pairs({ a: 'p2', b: null }), SEED);
    expect(violations).toEqual([
      expect.objectContaining({
        kind: 'blocking-pair',
        studentId: 'a',
        offerId: 'p1',
        companyId: 'k',
        message: expect.stringMatching(/already counts this student/),
      }),
    ]);
  });

  test('SPA (b) and (c): the company would rather have a higher-ranked student than its worst', () => {
    const violations = verifyAllocation(company, pairs({ a: null, b: 'p2' }), SEED);
    // (b) on p1, which has room while k is full; (c) on p2, which is full with b.
    expect(violations.map((v) => [v.studentId, v.offerId])).toEqual([
      ['a', 'p1'],
      ['a', 'p2'],
    ]);
  });

  test('SPA: the full company refusing a lower-ranked student is stable', () => {
    expect(verifyAllocation(company, pairs({ a: 'p1', b: null }), SEED)).toEqual([]);
  });
});

describe('compact verifier', () => {
  test('catches a tampered solver output', () => {
    const index = compileAllocation(instance, SEED);
    const solution = solveCompactAllocation(index.compact);
    expect(verifyCompactAllocation(index.compact, solution.studentOffer)).toEqual([]);
    const tampered = Int32Array.from(solution.studentOffer);
    // Unplace every student: each now has an empty seat they wanted.
    tampered.fill(-1);
    const violations = verifyCompactAllocation(index.compact, tampered);
    expect(violations.length).toBeGreaterThan(0);
    expect(violations.every((v) => v.kind === 'blocking-pair')).toBe(true);
    tampered[0] = 99;
    expect(verifyCompactAllocation(index.compact, tampered)[0]?.kind).toBe('unknown-offer');
  });
});
