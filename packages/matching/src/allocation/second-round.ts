// A second round: the students left without a seat take part again, over the seats the first
// round left, with their wishes possibly re-stated. First-round seats are final, so the second
// round is a fresh allocation on a smaller campaign derived from the first one.
import { allocate } from './allocate.js';
import { AllocationInputError } from './errors.js';
import { resolveAllocationOptions } from './options.js';
import { DEFAULT_PRIORITY_CLASS } from './priority.js';
import type {
  AllocationCompany,
  AllocationInstance,
  AllocationOffer,
  AllocationOptions,
  AllocationPair,
  AllocationResult,
  AllocationStudent,
} from './types.js';

export interface SecondRoundOptions {
  /** New wish lists by student id; unplaced students not listed keep their first-round wishes. */
  restatedWishes?: Readonly<Record<string, readonly string[]>>;
}

/**
 * The campaign of a second round: unplaced students, and each offer with the seats the first round
 * left (reserved seats: those not yet matched by eligible students; company caps: what is left of
 * them). Rankings keep only the students still taking part.
 */
export function secondRoundInstance(
  first: AllocationInstance,
  firstPlacements: readonly AllocationPair[],
  options: AllocationOptions,
  secondRound: SecondRoundOptions = {},
): AllocationInstance {
  const policy = resolveAllocationOptions(options);
  const eligibleClasses = new Set(policy.reserveEligibleClasses);
  const studentById = new Map(first.students.map((student) => [student.id, student]));
  const offerAt = new Map(first.offers.map((offer, o) => [offer.id, o]));
  const companyAt = new Map((first.companies ?? []).map((company, k) => [company.id, k]));
  const filled = new Int32Array(first.offers.length);
  const eligibleFilled = new Int32Array(first.offers.length);
  const placed = new Set<string>();
  firstPlacements.forEach((pair, i) => {
    const student = studentById.get(pair.studentId);
    if (student === undefined) {
      throw new AllocationInputError(
        `firstPlacements[${i}].studentId`,
        `student "${pair.studentId}" is not in the first-round campaign`,
      );
    }
    if (pair.offerId === null) return;
    const o = offerAt.get(pair.offerId);
    if (o === undefined) {
      throw new AllocationInputError(
        `firstPlacements[${i}].offerId`,
        `offer "${pair.offerId}" is not in the first-round campaign`,
      );
    }
    placed.add(pair.studentId);
    (filled[o] as number)++;
    if (eligibleClasses.has(student.priorityClass ?? DEFAULT_PRIORITY_CLASS)) {
      (eligibleFilled[o] as number)++;
    }
  });

  const companyFilled = new Int32Array(companyAt.size);
  const offers: AllocationOffer[] = first.offers.map((offer, o) => {
    const seatsLeft = offer.seats - (filled[o] as number);
    if (seatsLeft < 0) {
      throw new AllocationInputError(
        `offers[${o}].seats`,
        `the first round placed ${filled[o]} students on offer "${offer.id}", which has ${offer.seats} seats`,
      );
    }
    if (offer.companyId !== undefined) {
      const k = companyAt.get(offer.companyId);
      if (k !== undefined) companyFilled[k] = (companyFilled[k] as number) + (filled[o] as number);
    }
    const next: AllocationOffer = { ...offer, seats: seatsLeft };
    if (offer.reservedSeats !== undefined) {
      next.reservedSeats = Math.min(
        seatsLeft,
        Math.max(0, offer.reservedSeats - (eligibleFilled[o] as number)),
      );
    }
    if (offer.ranking !== undefined) {
      next.ranking = offer.ranking.filter((id) => !placed.has(id));
    }
    return next;
  });
  const companies: AllocationCompany[] = (first.companies ?? []).map((company, k) => {
    const next: AllocationCompany = {
      ...company,
      seats: Math.max(0, company.seats - (companyFilled[k] as number)),
    };
    if (company.ranking !== undefined) {
      next.ranking = company.ranking.filter((id) => !placed.has(id));
    }
    return next;
  });
  const restated = secondRound.restatedWishes ?? {};
  const students: AllocationStudent[] = [];
  for (const student of first.students) {
    if (placed.has(student.id)) continue;
    const wishes = Object.hasOwn(restated, student.id) ? restated[student.id] : undefined;
    students.push(wishes === undefined ? student : { ...student, wishes });
  }
  for (const id of Object.keys(restated)) {
    if (!studentById.has(id)) {
      throw new AllocationInputError(
        `restatedWishes.${id}`,
        `student "${id}" is not in the first-round campaign`,
      );
    }
    if (placed.has(id)) {
      throw new AllocationInputError(
        `restatedWishes.${id}`,
        `student "${id}" already has a seat from the first round`,
      );
    }
  }
  return { students, offers, companies };
}

/**
 * Runs a second round after `firstResult`: returns the second round's campaign (to verify it or
 * store it) and its result, which covers only the students who took part.
 */
export function allocateSecondRound(
  first: AllocationInstance,
  firstResult: Pick<AllocationResult, 'placements'>,
  options: AllocationOptions,
  secondRound: SecondRoundOptions = {},
): { instance: AllocationInstance; result: AllocationResult } {
  const instance = secondRoundInstance(first, firstResult.placements, options, secondRound);
  return { instance, result: allocate(instance, options) };
}
