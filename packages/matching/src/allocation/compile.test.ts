// The front end: malformed campaigns are refused with a path and a plain message; valid edge
// cases (empty lists, zero seats) go through; and the compact form orders students by the
// definition of priority, whatever order they come in.
import { describe, expect, test } from 'vitest';
import { allocate } from './allocate.js';
import { compileAllocation, orderStudentsByPriority } from './compile.js';
import { AllocationInputError } from './errors.js';
import { lotteryNumber } from './priority.js';
import { createRandom } from '../generator/random.js';
import type { AllocationInstance, AllocationOptions } from './types.js';

const SEED: AllocationOptions = { seed: 'compile' };

function base(): AllocationInstance {
  return {
    students: [
      { id: 's0', wishes: ['o0', 'o1'] },
      { id: 's1', wishes: ['o1'], priorityClass: 'rep' },
      { id: 's2', wishes: [] },
      { id: 's3', wishes: ['o1', 'o0'] },
    ],
    offers: [
      { id: 'o0', seats: 1 },
      { id: 'o1', seats: 2, companyId: 'c0' },
    ],
    companies: [{ id: 'c0', seats: 1 }],
  };
}

/** Expects the campaign to be refused at `path` with a message matching `message`. */
function expectRefused(instance: unknown, path: string, message: RegExp, options = SEED): void {
  let caught: unknown;
  try {
    compileAllocation(instance as AllocationInstance, options);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(AllocationInputError);
  expect((caught as AllocationInputError).path).toBe(path);
  expect((caught as AllocationInputError).message).toMatch(message);
  expect((caught as AllocationInputError).code).toBe('ALLOCATION_INPUT');
}

describe('malformed campaigns are refused with the path of the field', () => {
  test('duplicate student id', () => {
    const instance = base();
    instance.students = [...instance.students, { id: 's1', wishes: [] }];
    expectRefused(instance, 'students[4].id', /student "s1" is already students\[1\]/);
  });

  test('duplicate wish', () => {
    const instance = base();
    instance.students = [{ id: 's0', wishes: ['o0', 'o1', 'o0'] }];
    expectRefused(instance, 'students[0].wishes[2]', /offer "o0" is already wished at position 0/);
  });

  test('unknown offer in wishes', () => {
    const instance = base();
    instance.students = [{ id: 's0', wishes: ['o0', 'nope'] }];
    expectRefused(instance, 'students[0].wishes[1]', /unknown offer "nope"/);
  });

  test('negative, fractional or missing capacity', () => {
    for (const seats of [-1, 1.5, Number.NaN, undefined, '2']) {
      const instance = base();
      instance.offers = [{ id: 'o0', seats: seats as number }, instance.offers[1]!];
      expectRefused(instance, 'offers[0].seats', /must be an integer ≥ 0/);
    }
  });

  test('more reserved seats than seats', () => {
    const instance = base();
    instance.offers = [{ id: 'o0', seats: 1, reservedSeats: 2 }, instance.offers[1]!];
    expectRefused(instance, 'offers[0].reservedSeats', /2 reserved seats is more than .* 1 seats/);
  });

  test('unknown company', () => {
    const instance = base();
    instance.offers = [instance.offers[0]!, { id: 'o1', seats: 2, companyId: 'c9' }];
    expectRefused(instance, 'offers[1].companyId', /unknown company "c9"/);
  });

  test('duplicate offer and company ids, negative company cap', () => {
    const dupOffer = base();
    dupOffer.offers = [...dupOffer.offers, { id: 'o0', seats: 1 }];
    expectRefused(dupOffer, 'offers[2].id', /offer "o0" is already offers\[0\]/);
    const dupCompany = base();
    dupCompany.companies = [
      { id: 'c0', seats: 1 },
      { id: 'c0', seats: 1 },
    ];
    expectRefused(dupCompany, 'companies[1].id', /company "c0" is already companies\[0\]/);
    const capped = base();
    capped.companies = [{ id: 'c0', seats: -3 }];
    expectRefused(capped, 'companies[0].seats', /must be an integer ≥ 0, not -3/);
  });

  test('unknown priority class, or one the options do not rank', () => {
    const instance = base();
    instance.students = [{ id: 's0', wishes: [], priorityClass: 'vip' }];
    expectRefused(instance, 'students[0].priorityClass', /"vip" is not a class ranked/);
    expectRefused(base(), 'students[0].priorityClass', /"other" is not a class ranked/, {
      seed: 1,
      priorityClassRanks: { rep: 0 },
      reserveEligibleClasses: ['rep'],
    });
  });

  test('rankings: unknown or repeated student, and a ranking on an offer of a company', () => {
    const unknown = base();
    unknown.offers = [{ id: 'o0', seats: 1, ranking: ['s0', 'ghost'] }, unknown.offers[1]!];
    expectRefused(unknown, 'offers[0].ranking[1]', /unknown student "ghost"/);
    const repeated = base();
    repeated.companies = [{ id: 'c0', seats: 1, ranking: ['s1', 's0', 's1'] }];
    expectRefused(repeated, 'companies[0].ranking[2]', /"s1" is already ranked at position 0/);
    const onCompanyOffer = base();
    onCompanyOffer.offers = [
      onCompanyOffer.offers[0]!,
      { id: 'o1', seats: 2, companyId: 'c0', ranking: ['s0'] },
    ];
    expectRefused(onCompanyOffer, 'offers[1].ranking', /give the ranking on the company/);
  });

  test('reserved seats on an offer of a capped company, unless one of the two is switched off', () => {
    const instance = base();
    instance.offers = [
      instance.offers[0]!,
      { id: 'o1', seats: 2, reservedSeats: 1, companyId: 'c0' },
    ];
    expectRefused(instance, 'offers[1].reservedSeats', /cannot be combined with a company cap/);
    expect(() => compileAllocation(instance, { ...SEED, useCompanyCaps: false })).not.toThrow();
    expect(() => compileAllocation(instance, { ...SEED, useReservedSeats: false })).not.toThrow();
  });

  test('wrong types: not an array, empty id, half coordinates, bad options', () => {
    expectRefused({ students: null, offers: [] }, 'students', /must be an array/);
    expectRefused(
      { students: [{ id: '', wishes: [] }], offers: [] },
      'students[0].id',
      /non-empty/,
    );
    expectRefused(
      { students: [{ id: 'a', wishes: 'o0' }], offers: [] },
      'students[0].wishes',
      /array/,
    );
    expectRefused(
      { students: [{ id: 'a', wishes: [], lat: 48.8 }], offers: [] },
      'students[0].lon',
      /both lat and lon/,
    );
    expectRefused({ students: [], offers: [] }, 'options.seed', /string or a finite number/, {
      seed: Number.NaN,
    });
    expectRefused({ students: [], offers: [] }, 'options.reservePrecedence', /reserved-first/, {
      seed: 1,
      reservePrecedence: 'random' as never,
    });
    expectRefused(
      { students: [], offers: [] },
      'options.reserveEligibleClasses[0]',
      /not a class/,
      {
        seed: 1,
        reserveEligibleClasses: ['gold'],
      },
    );
  });

  test('allocate refuses the same way (the API maps this error to a 4xx)', () => {
    const instance = base();
    instance.students = [{ id: 's0', wishes: ['o7'] }];
    expect(() => allocate(instance, SEED)).toThrow(AllocationInputError);
  });
});

describe('valid edge cases', () => {
  test('empty campaign', () => {
    const result = allocate({ students: [], offers: [] }, SEED);
    expect(result.placements).toEqual([]);
    expect(result.statistics).toMatchObject({ students: 0, placed: 0, placementRate: 0, seats: 0 });
  });

  test('students without wishes, offers without seats or applicants, companies with cap 0', () => {
    const instance: AllocationInstance = {
      students: [
        { id: 'a', wishes: [] },
        { id: 'b', wishes: ['zero', 'capped'] },
      ],
      offers: [
        { id: 'zero', seats: 0 },
        { id: 'capped', seats: 3, companyId: 'k' },
        { id: 'lonely', seats: 5 },
      ],
      companies: [{ id: 'k', seats: 0 }],
    };
    const result = allocate(instance, SEED);
    expect(result.placements.map((p) => p.offerId)).toEqual([null, null]);
    expect(result.placements[1]?.refusals.map((r) => r.reason)).toEqual(['full', 'company-full']);
    expect(result.statistics.seatsLeft).toBe(8);
  });
});

describe('compact form', () => {
  test('students are relabelled by class rank, lottery, then id', () => {
    const instance = base();
    const index = compileAllocation(instance, SEED);
    const expected = [...instance.students]
      .map((s) => ({
        id: s.id,
        rank: ({ 'rep-plus': 0, rep: 1, other: 2 } as Record<string, number>)[
          s.priorityClass ?? 'other'
        ] as number,
        lottery: lotteryNumber(SEED.seed, s.id),
      }))
      .sort((a, b) => a.rank - b.rank || a.lottery - b.lottery || (a.id < b.id ? -1 : 1))
      .map((s) => s.id);
    expect(index.studentIds).toEqual(expected);
    // At offers using the campaign priority, a student's key is its internal index.
    const c = index.compact;
    for (let s = 0; s < c.studentCount; s++) {
      for (let e = c.wishStart[s]!; e < c.wishStart[s + 1]!; e++) expect(c.wishKey[e]).toBe(s);
    }
  });

  test('the same students in another order get the same labels and lottery ranks', () => {
    const instance = base();
    const shuffled = { ...instance, students: [...instance.students].reverse() };
    const a = compileAllocation(instance, SEED);
    const b = compileAllocation(shuffled, SEED);
    expect(b.studentIds).toEqual(a.studentIds);
    expect(Array.from(b.studentLotteryRank)).toEqual(Array.from(a.studentLotteryRank));
    expect(Array.from(b.compact.wishOffer)).toEqual(Array.from(a.compact.wishOffer));
  });

  test('radix and comparison orderings agree, equal draws going by id', () => {
    const random = createRandom('order');
    for (const size of [0, 1, 50, 3000]) {
      // Few distinct draws force many ties, which must be broken by id alone.
      const lottery = Uint32Array.from({ length: size }, () => random.int(size >> 3 || 1) * 7919);
      const level = Uint8Array.from({ length: size }, () => random.int(3));
      const ids = Array.from({ length: size }, (_, i) => `id-${(i * 7) % (size + 1)}-${i}`);
      const radix = orderStudentsByPriority(level, lottery, ids, 3, true);
      const comparison = orderStudentsByPriority(level, lottery, ids, 3, false);
      const reference = ids
        .map((_, i) => i)
        .sort(
          (a, b) =>
            level[a]! - level[b]! ||
            lottery[a]! - lottery[b]! ||
            (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0),
        );
      expect(Array.from(radix)).toEqual(reference);
      expect(Array.from(comparison)).toEqual(reference);
    }
  });
});
