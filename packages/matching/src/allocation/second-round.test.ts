// The second round: only unplaced students take part, over the seats, reserves and caps the first
// round left, with wishes re-stated where given; its result is verified like any other.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { allocate } from './allocate.js';
import { AllocationInputError } from './errors.js';
import { allocateSecondRound, secondRoundInstance } from './second-round.js';
import { campaignArbitrary } from './testing/arbitraries.js';
import type { AllocationInstance, AllocationOptions } from './types.js';
import { verifyAllocation } from './verify.js';

const options: AllocationOptions = { seed: 'round' };

// x (1 seat) ranks a, b, c; y has 2 seats, 1 reserved; company k (cap 2) runs z1 and z2.
const first: AllocationInstance = {
  students: [
    { id: 'a', wishes: ['x'] },
    { id: 'b', wishes: ['x'] },
    { id: 'c', wishes: ['x'], priorityClass: 'rep' },
    { id: 'd', wishes: ['y'], priorityClass: 'other' },
    { id: 'e', wishes: ['z1'] },
  ],
  offers: [
    { id: 'x', seats: 1, ranking: ['a', 'b', 'c'] },
    { id: 'y', seats: 2, reservedSeats: 1 },
    { id: 'z1', seats: 1, companyId: 'k' },
    { id: 'z2', seats: 2, companyId: 'k' },
  ],
  companies: [{ id: 'k', seats: 2 }],
};

describe('second round', () => {
  test('unplaced students, leftover seats and reserves, what is left of company caps', () => {
    const firstResult = allocate(first, { ...options, useReservedSeats: false });
    expect(firstResult.placements.map((p) => p.offerId)).toEqual(['x', null, null, 'y', 'z1']);
    const second = secondRoundInstance(first, firstResult.placements, options);
    expect(second.students.map((s) => s.id)).toEqual(['b', 'c']);
    expect(second.offers).toEqual([
      { id: 'x', seats: 0, ranking: ['b', 'c'] },
      // d (not eligible) took an open seat: the reserved one is still there.
      { id: 'y', seats: 1, reservedSeats: 1 },
      { id: 'z1', seats: 0, companyId: 'k' },
      { id: 'z2', seats: 2, companyId: 'k' },
    ]);
    expect(second.companies).toEqual([{ id: 'k', seats: 1 }]);
  });

  test('re-stated wishes reach the leftover seats; the result is verified', () => {
    const firstResult = allocate(first, { ...options, useReservedSeats: false });
    const { instance, result } = allocateSecondRound(first, firstResult, options, {
      restatedWishes: { b: ['z2', 'y'], c: ['y'] },
    });
    expect(result.placements.map((p) => [p.studentId, p.offerId])).toEqual([
      ['b', 'z2'],
      ['c', 'y'],
    ]);
    expect(result.placements[1]?.seat).toBe('reserved');
    expect(verifyAllocation(instance, result.placements, options)).toEqual([]);
  });

  test('students who keep their wishes are refused by full offers, with the reason', () => {
    const firstResult = allocate(first, options);
    const { result } = allocateSecondRound(first, firstResult, options);
    for (const placement of result.placements) {
      expect(placement.offerId).toBeNull();
      expect(placement.refusals.map((r) => r.reason)).toEqual(['full']);
    }
  });

  test('re-stating wishes of unknown or already placed students is refused', () => {
    const firstResult = allocate(first, options);
    expect(() =>
      secondRoundInstance(first, firstResult.placements, options, { restatedWishes: { a: ['y'] } }),
    ).toThrow(/already has a seat/);
    expect(() =>
      secondRoundInstance(first, firstResult.placements, options, { restatedWishes: { zz: [] } }),
    ).toThrow(AllocationInputError);
    expect(() =>
      secondRoundInstance(first, [{ studentId: 'a', offerId: 'nowhere' }], options),
    ).toThrow(/offer "nowhere" is not in the first-round campaign/);
  });

  test('two rounds together never give more seats than there are', () => {
    fc.assert(
      fc.property(
        campaignArbitrary({ maxStudents: 14, maxOffers: 5, companies: true, rankings: 'some' }),
        fc.integer(),
        (campaign, seed) => {
          const roundOptions = { seed };
          const firstResult = allocate(campaign, roundOptions);
          // Everyone still unplaced now wishes every offer, in reverse order.
          const everything = campaign.offers.map((o) => o.id).reverse();
          const restatedWishes = Object.fromEntries(
            firstResult.placements
              .filter((p) => p.offerId === null)
              .map((p) => [p.studentId, everything]),
          );
          const { instance, result } = allocateSecondRound(campaign, firstResult, roundOptions, {
            restatedWishes,
          });
          expect(verifyAllocation(instance, result.placements, roundOptions)).toEqual([]);
          campaign.offers.forEach((offer, o) => {
            const total = (firstResult.offers[o]?.filled ?? 0) + (result.offers[o]?.filled ?? 0);
            expect(total).toBeLessThanOrEqual(offer.seats);
          });
        },
      ),
      { numRuns: 100 },
    );
  });
});
