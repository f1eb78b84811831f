// Test support: fast-check arbitraries for small campaigns. Built from plain structures (not from
// a seed) so that fast-check can shrink a failing campaign to a minimal one.
import fc from 'fast-check';
import type { AllocationCompany, AllocationInstance, AllocationOffer } from '../types.js';

export interface CampaignShape {
  minStudents?: number;
  maxStudents?: number;
  minOffers?: number;
  maxOffers?: number;
  /** Each student wishes at least this many offers (or all of them, if fewer). */
  minWishes?: number;
  minSeats?: number;
  maxSeats?: number;
  maxWishes?: number;
  /** Offers may have reserved seats. */
  reserves?: boolean;
  /** Offers may belong to capped companies (three companies). */
  companies?: boolean;
  /** 'some': offers may rank students themselves; 'all': every offer does. */
  rankings?: 'some' | 'all';
  /** Offers may be limited to some priority classes. */
  eligibility?: boolean;
}

const CLASSES = ['rep-plus', 'rep', 'other'] as const;
const COMPANIES = 3;

export function campaignArbitrary(shape: CampaignShape = {}): fc.Arbitrary<AllocationInstance> {
  const maxStudents = shape.maxStudents ?? 16;
  const maxOffers = shape.maxOffers ?? 5;
  const maxSeats = shape.maxSeats ?? 3;
  return fc
    .tuple(
      fc.integer({ min: shape.minOffers ?? 0, max: maxOffers }),
      fc.integer({ min: shape.minStudents ?? 0, max: maxStudents }),
    )
    .chain(([offerCount, studentCount]) =>
      fc.record({
        offers: fc.array(
          fc.record({
            seats: fc.integer({ min: shape.minSeats ?? 0, max: maxSeats }),
            reserved: shape.reserves ? fc.integer({ min: 0, max: maxSeats }) : fc.constant(0),
            company: shape.companies
              ? fc.integer({ min: -1, max: COMPANIES - 1 })
              : fc.constant(-1),
            ranks:
              shape.rankings === 'all'
                ? fc.constant(true)
                : shape.rankings === 'some'
                  ? fc.boolean()
                  : fc.constant(false),
            classes: shape.eligibility
              ? fc.option(fc.subarray([...CLASSES], { minLength: 1 }), { freq: 3 })
              : fc.constant(null),
          }),
          { minLength: offerCount, maxLength: offerCount },
        ),
        students: fc.array(
          fc.record({
            wishes: fc.shuffledSubarray(
              Array.from({ length: offerCount }, (_, o) => o),
              {
                minLength: Math.min(shape.minWishes ?? 0, offerCount),
                maxLength: Math.min(shape.maxWishes ?? offerCount, offerCount),
              },
            ),
            priorityClass: fc.constantFrom(...CLASSES),
            // Scores for rankings: one per offer, then one per company; under 10 = not ranked.
            scores: fc.array(fc.integer({ min: 0, max: 99 }), {
              minLength: offerCount + COMPANIES,
              maxLength: offerCount + COMPANIES,
            }),
          }),
          { minLength: studentCount, maxLength: studentCount },
        ),
        companies: fc.array(
          fc.record({ seats: fc.integer({ min: 0, max: 5 }), ranks: fc.boolean() }),
          { minLength: COMPANIES, maxLength: COMPANIES },
        ),
      }),
    )
    .map(({ offers, students, companies }) => {
      const studentIds = students.map((_, j) => `s${j}`);
      const rankingBy = (column: number): string[] =>
        students
          .map((student, j) => ({ j, score: student.scores[column] as number }))
          .filter(({ score }) => score >= 10)
          .sort((a, b) => a.score - b.score || a.j - b.j)
          .map(({ j }) => studentIds[j] as string);
      const instanceOffers: AllocationOffer[] = offers.map((shapeOf, o) => {
        const offer: AllocationOffer = { id: `o${o}`, seats: shapeOf.seats };
        if (shapeOf.reserved > 0) offer.reservedSeats = Math.min(shapeOf.reserved, shapeOf.seats);
        if (shapeOf.company >= 0) offer.companyId = `c${shapeOf.company}`;
        else if (shapeOf.ranks) offer.ranking = rankingBy(o);
        if (shapeOf.classes !== null) offer.eligibleClasses = shapeOf.classes;
        return offer;
      });
      const instance: AllocationInstance = {
        students: students.map((student, j) => ({
          id: studentIds[j] as string,
          wishes: student.wishes.map((o) => `o${o}`),
          priorityClass: student.priorityClass,
        })),
        offers: instanceOffers,
      };
      if (shape.companies) {
        instance.companies = companies.map((company, k): AllocationCompany => {
          const result: AllocationCompany = { id: `c${k}`, seats: company.seats };
          if (company.ranks || shape.rankings === 'all') {
            result.ranking = rankingBy(offers.length + k);
          }
          return result;
        });
      }
      return instance;
    });
}

/** Placements as a map student id → offer id (or null), for comparisons. */
export function seatsById(placements: readonly { studentId: string; offerId: string | null }[]) {
  return new Map(placements.map((placement) => [placement.studentId, placement.offerId]));
}
