// Property tests over random small campaigns (fast-check, shrinking on): every result is feasible
// and stable by the independent verifier, deterministic, blind to input order and to offer ids,
// monotone in seats, and strategy-proof for students on spot checks; the solvers agree where their
// models overlap; malformed campaigns are refused with the path of the defect.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createRandom } from '../generator/random.js';
import { allocate } from './allocate.js';
import { compileAllocation } from './compile.js';
import { AllocationInputError } from './errors.js';
import { solveWithCompanyCaps } from './solve-company-caps.js';
import { solvePlain } from './solve-plain.js';
import { solveWithReserves } from './solve-reserves.js';
import { campaignArbitrary, seatsById } from './testing/arbitraries.js';
import type { CampaignShape } from './testing/arbitraries.js';
import type {
  AllocationInstance,
  AllocationOptions,
  AllocationResult,
  AllocationStudent,
} from './types.js';
import { verifyAllocation } from './verify.js';

const small: CampaignShape = { maxStudents: 24, maxOffers: 7, maxSeats: 3 };
const shapes: [string, CampaignShape, Omit<AllocationOptions, 'seed'>][] = [
  ['campaign priority', small, {}],
  ['ranking and class-limited offers', { ...small, rankings: 'some', eligibility: true }, {}],
  [
    'reserves, reserved-first',
    { ...small, reserves: true },
    { reservePrecedence: 'reserved-first' },
  ],
  ['reserves, open-first', { ...small, reserves: true }, { reservePrecedence: 'open-first' }],
  ['company caps', { ...small, companies: true, rankings: 'some' }, {}],
];

/** Wish position obtained, Infinity when unplaced, by student id. */
function rankOf(result: AllocationResult): Map<string, number> {
  return new Map(result.placements.map((p) => [p.studentId, p.wishRank ?? Infinity]));
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  return createRandom(seed).shuffle([...items]);
}

describe.each(shapes)('%s', (_name, shape, policy) => {
  const arbitrary = campaignArbitrary(shape);

  test('feasible and stable by the verifier; reasons cover every better wish', () => {
    fc.assert(
      fc.property(arbitrary, fc.integer(), (instance, seed) => {
        const options = { seed, ...policy };
        const result = allocate(instance, options);
        expect(verifyAllocation(instance, result.placements, options)).toEqual([]);
        result.placements.forEach((placement, j) => {
          const wishes = (instance.students[j] as AllocationStudent).wishes;
          const better =
            placement.wishRank === null ? wishes : wishes.slice(0, placement.wishRank - 1);
          expect(placement.refusals.map((r) => r.offerId)).toEqual(better);
          if (placement.offerId !== null) {
            expect(wishes[(placement.wishRank as number) - 1]).toBe(placement.offerId);
          }
        });
        const filled = result.offers.reduce((sum, offer) => sum + offer.filled, 0);
        expect(filled).toBe(result.statistics.placed);
      }),
      { numRuns: 400 },
    );
  });

  test('deterministic: same campaign and seed, identical result', () => {
    fc.assert(
      fc.property(arbitrary, fc.integer(), (instance, seed) => {
        const options = { seed, ...policy };
        expect(allocate(instance, options)).toEqual(allocate(structuredClone(instance), options));
      }),
      { numRuns: 60 },
    );
  });

  test('blind to the order of students, offers and companies', () => {
    fc.assert(
      fc.property(arbitrary, fc.integer(), fc.integer(), (instance, seed, order) => {
        const options = { seed, ...policy };
        const reordered: AllocationInstance = {
          students: shuffled(instance.students, order),
          offers: shuffled(instance.offers, order + 1),
          ...(instance.companies ? { companies: shuffled(instance.companies, order + 2) } : {}),
        };
        const a = allocate(instance, options);
        const b = allocate(reordered, options);
        expect(seatsById(b.placements)).toEqual(seatsById(a.placements));
        const refusals = (r: AllocationResult) =>
          new Map(r.placements.map((p) => [p.studentId, p.refusals]));
        expect(refusals(b)).toEqual(refusals(a));
        expect(b.statistics).toEqual(a.statistics);
      }),
      { numRuns: 200 },
    );
  });

  test('blind to offer ids: renamed offers, same seats', () => {
    fc.assert(
      fc.property(arbitrary, fc.integer(), (instance, seed) => {
        const options = { seed, ...policy };
        const rename = (id: string) => `renamed-${id.split('').reverse().join('')}`;
        const renamed: AllocationInstance = {
          ...instance,
          students: instance.students.map((s) => ({ ...s, wishes: s.wishes.map(rename) })),
          offers: instance.offers.map((o) => ({ ...o, id: rename(o.id) })),
        };
        const a = allocate(instance, options).placements;
        const b = allocate(renamed, options).placements;
        expect(b.map((p) => p.offerId)).toEqual(
          a.map((p) => (p.offerId === null ? null : rename(p.offerId))),
        );
      }),
      { numRuns: 60 },
    );
  });
});

describe('invariance to student ids when no lottery is involved', () => {
  test('every offer and company ranks students: renaming students renames the result', () => {
    fc.assert(
      fc.property(
        campaignArbitrary({ ...small, rankings: 'all', companies: true }),
        fc.integer(),
        (instance, seed) => {
          const rename = (id: string) => `pupil-${id.length}-${id}`;
          const renamed: AllocationInstance = {
            students: instance.students.map((s) => ({ ...s, id: rename(s.id) })),
            offers: instance.offers.map((o) =>
              o.ranking ? { ...o, ranking: o.ranking.map(rename) } : o,
            ),
            companies: (instance.companies ?? []).map((k) =>
              k.ranking ? { ...k, ranking: k.ranking.map(rename) } : k,
            ),
          };
          const a = allocate(instance, { seed });
          const b = allocate(renamed, { seed: seed + 1 });
          expect(b.placements.map((p) => p.offerId)).toEqual(a.placements.map((p) => p.offerId));
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('comparative statics and incentives', () => {
  const withSeatAdded = (instance: AllocationInstance, which: number, extra: number) => ({
    ...instance,
    offers: instance.offers.map((o, i) =>
      i === which % Math.max(1, instance.offers.length) ? { ...o, seats: o.seats + extra } : o,
    ),
  });

  test('no student is worse off when an offer gains seats', () => {
    fc.assert(
      fc.property(
        campaignArbitrary({ ...small, rankings: 'some', eligibility: true }),
        fc.integer(),
        fc.nat(),
        fc.integer({ min: 1, max: 2 }),
        (instance, seed, which, extra) => {
          const before = rankOf(allocate(instance, { seed }));
          const after = rankOf(allocate(withSeatAdded(instance, which, extra), { seed }));
          for (const [id, rank] of before) expect(after.get(id)).toBeLessThanOrEqual(rank);
        },
      ),
      { numRuns: 400 },
    );
  });

  const manipulations = ['truncate', 'swap', 'drop'] as const;
  const manipulate = (
    wishes: readonly string[],
    kind: (typeof manipulations)[number],
    at: number,
  ) => {
    const list = [...wishes];
    if (list.length === 0) return list;
    if (kind === 'truncate') return list.slice(0, at % list.length);
    if (kind === 'drop') {
      list.splice(at % list.length, 1);
      return list;
    }
    if (list.length < 2) return list;
    const i = at % (list.length - 1);
    [list[i], list[i + 1]] = [list[i + 1] as string, list[i] as string];
    return list;
  };

  test.each([
    ['campaign priority and ranking offers', { ...small, rankings: 'some' } as CampaignShape, {}],
    ['reserves, reserved-first', { ...small, reserves: true } as CampaignShape, {}],
    [
      'reserves, open-first',
      { ...small, reserves: true } as CampaignShape,
      { reservePrecedence: 'open-first' } as const,
    ],
  ])(
    'strategy-proof spot checks (%s): truncating, swapping or dropping wishes never helps',
    (_n, shape, policy) => {
      fc.assert(
        fc.property(
          campaignArbitrary({ ...shape, minStudents: 1 }),
          fc.integer(),
          fc.nat(),
          fc.constantFrom(...manipulations),
          fc.nat(),
          (instance, seed, who, kind, at) => {
            const options = { seed, ...policy };
            const j = who % instance.students.length;
            const truth = instance.students[j] as AllocationStudent;
            const truthful = allocate(instance, options).placements[j]?.offerId ?? null;
            const lie = manipulate(truth.wishes, kind, at);
            const students = instance.students.map((s, i) => (i === j ? { ...s, wishes: lie } : s));
            const gamed =
              allocate({ ...instance, students }, options).placements[j]?.offerId ?? null;
            // Judged by the student's true wishes: the lie's seat is never better.
            const trueRank = (offerId: string | null) =>
              offerId === null ? Infinity : truth.wishes.indexOf(offerId);
            expect(trueRank(gamed)).toBeGreaterThanOrEqual(trueRank(truthful));
          },
        ),
        { numRuns: 400 },
      );
    },
  );
});

describe('the solvers agree where their models overlap', () => {
  test('with no reserved seat, deferred acceptance with reserves is plain deferred acceptance', () => {
    fc.assert(
      fc.property(
        campaignArbitrary({ ...small, rankings: 'some' }),
        fc.integer(),
        (instance, seed) => {
          for (const reservePrecedence of ['reserved-first', 'open-first'] as const) {
            const compact = compileAllocation(instance, { seed, reservePrecedence }).compact;
            const zero = { ...compact, offerReserved: new Int32Array(compact.offerCount) };
            expect(Array.from(solveWithReserves(zero).studentOffer)).toEqual(
              Array.from(solvePlain(compact).studentOffer),
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  test('with caps equal to their offers’ seats, SPA-student is plain deferred acceptance', () => {
    fc.assert(
      fc.property(
        campaignArbitrary({ ...small, companies: true, rankings: 'some' }),
        fc.integer(),
        (instance, seed) => {
          const loose: AllocationInstance = {
            ...instance,
            companies: (instance.companies ?? []).map((company) => ({
              ...company,
              seats: instance.offers
                .filter((o) => o.companyId === company.id)
                .reduce((sum, o) => sum + o.seats, 0),
            })),
          };
          const spa = allocate(loose, { seed });
          const plain = allocate(loose, { seed, useCompanyCaps: false });
          expect(spa.run.algorithm).toBe(
            loose.offers.some((o) => o.companyId) ? 'spa-student' : 'deferred-acceptance',
          );
          expect(plain.run.algorithm).toBe('deferred-acceptance');
          expect(spa.placements).toEqual(plain.placements);
          // And at the compact level, with no company at all.
          const compact = compileAllocation(instance, { seed, useCompanyCaps: false }).compact;
          expect(Array.from(solveWithCompanyCaps(compact).studentOffer)).toEqual(
            Array.from(solvePlain(compact).studentOffer),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('malformed campaigns are refused, whatever else they hold', () => {
  const defects = [
    'duplicate-student',
    'duplicate-wish',
    'unknown-wish',
    'negative-seats',
    'fractional-seats',
    'too-many-reserved',
    'unknown-company',
  ] as const;

  test('each defect is reported at its path', () => {
    fc.assert(
      fc.property(
        campaignArbitrary({ ...small, minStudents: 1, minOffers: 1, minWishes: 1 }),
        fc.constantFrom(...defects),
        fc.nat(),
        (instance, defect, at) => {
          const students = instance.students.map((s) => ({ ...s, wishes: [...s.wishes] }));
          const offers = instance.offers.map((o) => ({ ...o }));
          const j = at % students.length;
          const o = at % offers.length;
          const student = students[j] as { id: string; wishes: string[] };
          const offer = offers[o] as {
            id: string;
            seats: number;
            reservedSeats?: number;
            companyId?: string;
          };
          let path: string;
          switch (defect) {
            case 'duplicate-student':
              students.push({ ...student, wishes: [] });
              path = `students[${students.length - 1}].id`;
              break;
            case 'duplicate-wish':
              student.wishes.push(student.wishes[0] as string);
              path = `students[${j}].wishes[${student.wishes.length - 1}]`;
              break;
            case 'unknown-wish':
              student.wishes.splice(at % (student.wishes.length + 1), 0, 'no-such-offer');
              path = `students[${j}].wishes[${student.wishes.indexOf('no-such-offer')}]`;
              break;
            case 'negative-seats':
              offer.seats = -1 - (at % 3);
              path = `offers[${o}].seats`;
              break;
            case 'fractional-seats':
              offer.seats += 0.5;
              path = `offers[${o}].seats`;
              break;
            case 'too-many-reserved':
              offer.reservedSeats = offer.seats + 1;
              path = `offers[${o}].reservedSeats`;
              break;
            case 'unknown-company':
              offer.companyId = 'no-such-company';
              delete (offer as { ranking?: unknown }).ranking;
              path = `offers[${o}].companyId`;
              break;
          }
          const broken = { ...instance, students, offers };
          let caught: unknown;
          try {
            allocate(broken, { seed: 1 });
          } catch (error) {
            caught = error;
          }
          expect(caught).toBeInstanceOf(AllocationInputError);
          expect((caught as AllocationInputError).path).toBe(path);
        },
      ),
      { numRuns: 200 },
    );
  });
});
