// An independent check of an allocation, written from the published definitions and sharing no
// code with the solvers or the front end that feeds them: given the campaign and a list of
// (student, offer) pairs, it reports every infeasibility and every blocking pair it finds.
//
// Stability notions, one per kind of offer:
// - plain offer (Gale–Shapley 1962): (i, o) blocks when i prefers o to its seat, o accepts i, and
//   o has an empty seat or holds someone it ranks below i.
// - offer with reserved seats (Hafalir–Yenmez–Yildirim 2013, and its open-first counterpart): (i, o)
//   blocks when i prefers o and o's choice function, applied to its holders plus i, picks i.
//   That choice is worked out below, case by case, from the definition of each precedence.
// - offer of a capped company (Abraham–Irving–Manlove 2007, SPA): (i, o) of company k blocks when i
//   prefers o and either (a) o and k both have room, (b) o has room, k is full, and i is already
//   with k or k ranks i above its worst student, or (c) o is full and k ranks i above o's worst.
//
// The plain-object entry computes every priority itself from the definition (class rank, then
// lottery = hash(seed, id), then id; or the offer's or company's own ranking).
import { AllocationInputError } from './errors.js';
import { resolveAllocationOptions } from './options.js';
import { DEFAULT_PRIORITY_CLASS, compareIds, lotteryNumber } from './priority.js';
import type {
  AllocationInstance,
  AllocationOptions,
  AllocationPair,
  AllocationViolation,
  ReservePrecedence,
} from './types.js';

const NOT_ACCEPTABLE = 0xffffffff;

/**
 * What the verifier needs, as typed arrays. Keys: lower is preferred by the offer, unique within
 * an offer (and within a capped company, whose offers share keys); NOT_ACCEPTABLE (2^32 - 1) when
 * the offer does not accept the student. The compact form of the front end has this shape.
 */
export interface AllocationVerificationInput {
  studentCount: number;
  offerCount: number;
  companyCount: number;
  wishStart: Uint32Array;
  wishOffer: Int32Array;
  wishKey: Uint32Array;
  studentEligible: Uint8Array;
  offerSeats: Int32Array;
  offerReserved: Int32Array | null;
  reservePrecedence: ReservePrecedence;
  offerCompany: Int32Array | null;
  companySeats: Int32Array;
}

/** How to name things in messages and violations. */
export interface AllocationVerificationNames {
  studentId(s: number): string;
  offerId(o: number): string;
  companyId(k: number): string;
  /** Words for the priority with key `key` at offer `o`. */
  priority(o: number, key: number): string;
}

const defaultNames: AllocationVerificationNames = {
  studentId: (s) => `#${s}`,
  offerId: (o) => `#${o}`,
  companyId: (k) => `#${k}`,
  priority: (_o, key) => `priority key ${key}`,
};

export interface AllocationVerifyOptions {
  /** Stop collecting after this many violations (default 100). */
  maxViolations?: number;
}

/**
 * Verifies a matching given by offer per student (-1 for none) on typed arrays. Returns the
 * violations found, at most `maxViolations`.
 */
export function verifyCompactAllocation(
  input: AllocationVerificationInput,
  studentOffer: Int32Array,
  names: AllocationVerificationNames = defaultNames,
  options: AllocationVerifyOptions = {},
): AllocationViolation[] {
  const limit = options.maxViolations ?? 100;
  const n = input.studentCount;
  const m = input.offerCount;
  const { wishStart, wishOffer, wishKey, studentEligible, offerSeats, companySeats } = input;
  const offerCompany = input.offerCompany;
  const reserved = input.offerReserved;
  const violations: AllocationViolation[] = [];
  const student = (s: number): string => `student "${names.studentId(s)}"`;
  const offer = (o: number): string => `offer "${names.offerId(o)}"`;
  const company = (k: number): string => `company "${names.companyId(k)}"`;
  const report = (violation: AllocationViolation): boolean => {
    if (violations.length < limit) violations.push(violation);
    return violations.length < limit;
  };

  // 1. Feasibility: each seat is a wished, acceptable offer; counts within seats and caps. The
  // same pass notes the weakest key each offer and company holds, for the stability checks.
  const heldKey = new Float64Array(n).fill(-1);
  const heldRank = new Int32Array(n);
  const count = new Int32Array(m);
  const worst = new Float64Array(m).fill(-1);
  const companyCount = new Int32Array(input.companyCount);
  const companyWorst = new Float64Array(input.companyCount).fill(-1);
  const studentCompany = new Int32Array(offerCompany === null ? 0 : n).fill(-1);
  const studentValid = new Uint8Array(n).fill(1);
  for (let s = 0; s < n; s++) {
    const o = studentOffer[s] as number;
    const from = wishStart[s] as number;
    const to = wishStart[s + 1] as number;
    heldRank[s] = to - from;
    if (o === -1) continue;
    if (!(Number.isInteger(o) && o >= 0 && o < m)) {
      studentValid[s] = 0;
      report({
        kind: 'unknown-offer',
        message: `${student(s)} is placed on an offer that does not exist (${o})`,
        studentId: names.studentId(s),
      });
      continue;
    }
    let found = -1;
    for (let e = from; e < to; e++) {
      if (wishOffer[e] === o) {
        found = e;
        break;
      }
    }
    if (found < 0) {
      studentValid[s] = 0;
      report({
        kind: 'not-wished',
        message: `${student(s)} is placed on ${offer(o)}, which they did not wish for`,
        studentId: names.studentId(s),
        offerId: names.offerId(o),
      });
      continue;
    }
    if (wishKey[found] === NOT_ACCEPTABLE) {
      report({
        kind: 'not-acceptable',
        message: `${student(s)} is placed on ${offer(o)}, which does not accept them`,
        studentId: names.studentId(s),
        offerId: names.offerId(o),
      });
    }
    const key = wishKey[found] as number;
    heldKey[s] = key;
    heldRank[s] = found - from;
    (count[o] as number)++;
    if (key > (worst[o] as number)) worst[o] = key;
    const k = offerCompany === null ? -1 : (offerCompany[o] as number);
    if (k >= 0) {
      (companyCount[k] as number)++;
      studentCompany[s] = k;
      if (key > (companyWorst[k] as number)) companyWorst[k] = key;
    }
  }
  for (let o = 0; o < m; o++) {
    if ((count[o] as number) > (offerSeats[o] as number)) {
      report({
        kind: 'over-capacity',
        message: `${offer(o)} holds ${count[o]} students for ${offerSeats[o]} seats`,
        offerId: names.offerId(o),
      });
    }
  }
  for (let k = 0; k < input.companyCount; k++) {
    if ((companyCount[k] as number) > (companySeats[k] as number)) {
      report({
        kind: 'over-company-cap',
        message: `${company(k)} holds ${companyCount[k]} students for a cap of ${companySeats[k]}`,
        companyId: names.companyId(k),
      });
    }
  }

  // 2. What each offer with reserved seats would need from an applicant.
  // For offers with reserved seats: the thresholds of the choice function (see `chooses`).
  const thresholdA = new Float64Array(reserved === null ? 0 : m).fill(-1);
  const thresholdB = new Float64Array(reserved === null ? 0 : m).fill(-1);
  const flag = new Uint8Array(reserved === null ? 0 : m);
  if (reserved !== null) {
    computeReserveThresholds(
      input,
      studentOffer,
      heldKey,
      studentValid,
      thresholdA,
      thresholdB,
      flag,
    );
  }

  /** Would offer o, holding its current students, choose student s (key) if s applied? */
  const chooses = (o: number, s: number, key: number): boolean => {
    const q = offerSeats[o] as number;
    const held = count[o] as number;
    const k = offerCompany === null ? -1 : (offerCompany[o] as number);
    if (k >= 0) {
      const cap = companySeats[k] as number;
      if (held < q) {
        if ((companyCount[k] as number) < cap) return true; // (a)
        return studentCompany[s] === k || key < (companyWorst[k] as number); // (b)
      }
      return key < (worst[o] as number); // (c)
    }
    if (held < q) return true;
    const r = reserved === null ? 0 : (reserved[o] as number);
    if (r === 0) return key < (worst[o] as number);
    if (input.reservePrecedence === 'reserved-first') {
      // A: key of the r-th best eligible holder (-1 if fewer than r), B: worst of the others.
      // An eligible applicant takes a reserved seat if fewer than r eligible hold one, or if it
      // beats the r-th; anyone takes an open seat by beating the worst open holder.
      if (studentEligible[s] === 1) {
        if (thresholdA[o] === -1 || key < (thresholdA[o] as number)) return true;
      }
      return key < (thresholdB[o] as number);
    }
    // open-first. B: worst of the q − r best holders (the open seats). Reserved seats: flag 1 if
    // some holder there is not eligible, A: worst reserved holder not eligible (flag 1), or
    // worst reserved holder (flag 0).
    if (key < (thresholdB[o] as number)) return true;
    if (studentEligible[s] === 1) return flag[o] === 1 || key < (thresholdA[o] as number);
    return flag[o] === 1 && key < (thresholdA[o] as number);
  };

  // 3. Blocking pairs: every wish above the student's seat. For an offer with neither reserved
  // seats nor a company, `chooses` reduces to one comparison with a bar: any acceptable key while
  // a seat is free (NOT_ACCEPTABLE is above every key), else the worst key held. Large campaigns
  // check millions of wishes, so that comparison is precomputed; other offers take the long way.
  const bar = new Uint32Array(m);
  const special = new Uint8Array(m);
  for (let o = 0; o < m; o++) {
    const k = offerCompany === null ? -1 : (offerCompany[o] as number);
    if (k >= 0 || (reserved !== null && (reserved[o] as number) > 0)) special[o] = 1;
    else if ((count[o] as number) < (offerSeats[o] as number)) bar[o] = NOT_ACCEPTABLE;
    // Full: the worst key held; an offer without seats (worst -1) takes nobody.
    else bar[o] = Math.max(0, worst[o] as number);
  }
  for (let s = 0; s < n; s++) {
    if (studentValid[s] === 0) continue;
    const from = wishStart[s] as number;
    const to = from + (heldRank[s] as number);
    for (let e = from; e < to; e++) {
      const key = wishKey[e] as number;
      if (key === NOT_ACCEPTABLE) continue;
      const o = wishOffer[e] as number;
      if (key >= (bar[o] as number) && (special[o] === 0 || !chooses(o, s, key))) continue;
      const mine = studentOffer[s] as number;
      const current =
        mine === -1
          ? 'having no seat'
          : `their seat at ${offer(mine)} (wish ${(heldRank[s] as number) + 1})`;
      const held = count[o] as number;
      const k = offerCompany === null ? -1 : (offerCompany[o] as number);
      let why: string;
      if (held < (offerSeats[o] as number)) {
        if (k >= 0 && (companyCount[k] as number) >= (companySeats[k] as number)) {
          why =
            `it has an empty seat, and ${company(k)}, at its cap, ` +
            (studentCompany[s] === k
              ? 'already counts this student'
              : `ranks them (${names.priority(o, key)}) above its weakest student ` +
                `(${names.priority(o, companyWorst[k] as number)})`);
        } else {
          why = `it has ${(offerSeats[o] as number) - held} empty seat(s)`;
        }
      } else {
        why =
          `its choice would take them (${names.priority(o, key)}) over a student it holds ` +
          `(weakest: ${names.priority(o, worst[o] as number)})`;
      }
      const more = report({
        kind: 'blocking-pair',
        message: `${student(s)} prefers ${offer(o)} (wish ${e - from + 1}) to ${current}, and ${why}`,
        studentId: names.studentId(s),
        offerId: names.offerId(o),
        ...(k >= 0 ? { companyId: names.companyId(k) } : {}),
      });
      if (!more) return violations;
    }
  }
  return violations;
}

function computeReserveThresholds(
  input: AllocationVerificationInput,
  studentOffer: Int32Array,
  heldKey: Float64Array,
  studentValid: Uint8Array,
  thresholdA: Float64Array,
  thresholdB: Float64Array,
  flag: Uint8Array,
): void {
  const m = input.offerCount;
  const n = input.studentCount;
  const reserved = input.offerReserved as Int32Array;
  // Holders of each offer with reserved seats, grouped by offer then sorted by key.
  const start = new Int32Array(m + 1);
  for (let s = 0; s < n; s++) {
    const o = studentOffer[s] as number;
    if (heldKey[s] === -1 || studentValid[s] === 0 || (reserved[o] as number) === 0) continue;
    (start[o + 1] as number)++;
  }
  for (let o = 0; o < m; o++) start[o + 1] = (start[o + 1] as number) + (start[o] as number);
  const cursor = start.slice(0, m);
  const members = new Int32Array(start[m] as number);
  for (let s = 0; s < n; s++) {
    const o = studentOffer[s] as number;
    if (heldKey[s] === -1 || studentValid[s] === 0 || (reserved[o] as number) === 0) continue;
    const at = cursor[o] as number;
    cursor[o] = at + 1;
    members[at] = s;
  }
  const openFirst = input.reservePrecedence === 'open-first';
  for (let o = 0; o < m; o++) {
    const r = reserved[o] as number;
    if (r === 0) continue;
    const list = Array.from(members.subarray(start[o] as number, start[o + 1] as number));
    list.sort((a, b) => (heldKey[a] as number) - (heldKey[b] as number));
    if (!openFirst) {
      let eligibleSeen = 0;
      let rth = -1;
      let worstOther = -1;
      for (const s of list) {
        if (input.studentEligible[s] === 1 && eligibleSeen < r) {
          eligibleSeen++;
          if (eligibleSeen === r) rth = heldKey[s] as number;
        } else {
          worstOther = heldKey[s] as number;
        }
      }
      // A stays -1 while fewer than r eligible students hold a seat: a reserved seat is then
      // there for any eligible applicant.
      thresholdA[o] = eligibleSeen < r ? -1 : rth;
      thresholdB[o] = worstOther;
    } else {
      const openSeats = (input.offerSeats[o] as number) - r;
      let worstOpen = -1;
      let worstReserved = -1;
      let worstReservedOther = -1;
      list.forEach((s, i) => {
        const key = heldKey[s] as number;
        if (i < openSeats) worstOpen = key;
        else {
          worstReserved = key;
          if (input.studentEligible[s] === 0) worstReservedOther = key;
        }
      });
      thresholdB[o] = worstOpen;
      if (worstReservedOther !== -1) {
        flag[o] = 1;
        thresholdA[o] = worstReservedOther;
      } else {
        flag[o] = 0;
        thresholdA[o] = worstReserved;
      }
    }
  }
}

/**
 * Verifies an allocation of a campaign given as plain objects: `pairs` lists (student, offer or
 * null); students not listed count as unplaced. Throws AllocationInputError if the campaign itself
 * is malformed. Returns the violations found, with plain-text messages; an empty list means the
 * allocation is feasible and stable for the options' policy.
 */
export function verifyAllocation(
  instance: AllocationInstance,
  pairs: readonly AllocationPair[],
  options: AllocationOptions,
  verifyOptions: AllocationVerifyOptions = {},
): AllocationViolation[] {
  const policy = resolveAllocationOptions(options);
  const students = instance.students;
  const offers = instance.offers;
  const companies = instance.companies ?? [];
  const n = students.length;
  const m = offers.length;

  const studentAt = new Map<string, number>();
  students.forEach((student, j) => {
    if (studentAt.has(student.id)) {
      throw new AllocationInputError(
        `students[${j}].id`,
        `student "${student.id}" is listed twice`,
      );
    }
    studentAt.set(student.id, j);
  });
  const offerAt = new Map<string, number>();
  offers.forEach((offer, o) => {
    if (offerAt.has(offer.id)) {
      throw new AllocationInputError(`offers[${o}].id`, `offer "${offer.id}" is listed twice`);
    }
    offerAt.set(offer.id, o);
  });
  const companyAt = new Map<string, number>();
  companies.forEach((company, k) => {
    if (companyAt.has(company.id)) {
      throw new AllocationInputError(
        `companies[${k}].id`,
        `company "${company.id}" is listed twice`,
      );
    }
    companyAt.set(company.id, k);
  });

  // Campaign priority: class rank, then lottery, then id — a plain comparison sort.
  const classRank = (j: number): number => {
    const name = students[j]?.priorityClass ?? DEFAULT_PRIORITY_CLASS;
    const rank = policy.priorityClassRanks[name];
    if (rank === undefined) {
      throw new AllocationInputError(`students[${j}].priorityClass`, `unknown class "${name}"`);
    }
    return rank;
  };
  const ranks = students.map((_, j) => classRank(j));
  const lotteries = students.map((student) => lotteryNumber(policy.seed, student.id));
  const order = students.map((_, j) => j);
  order.sort(
    (a, b) =>
      (ranks[a] as number) - (ranks[b] as number) ||
      (lotteries[a] as number) - (lotteries[b] as number) ||
      compareIds((students[a] as { id: string }).id, (students[b] as { id: string }).id),
  );
  const campaignPosition = new Uint32Array(n);
  order.forEach((j, position) => {
    campaignPosition[j] = position;
  });

  // Rankings of offers and companies: position by student index.
  const rankingOf = (
    list: readonly string[] | undefined,
    path: string,
  ): Map<number, number> | null => {
    if (list === undefined) return null;
    const positions = new Map<number, number>();
    list.forEach((id, position) => {
      const j = studentAt.get(id);
      if (j === undefined)
        throw new AllocationInputError(`${path}[${position}]`, `unknown student "${id}"`);
      positions.set(j, position);
    });
    return positions;
  };
  const companyRankings = companies.map((company, k) =>
    rankingOf(company.ranking, `companies[${k}].ranking`),
  );
  const offerCompanyAll = offers.map((offer, o) => {
    if (offer.companyId === undefined) return -1;
    const k = companyAt.get(offer.companyId);
    if (k === undefined)
      throw new AllocationInputError(
        `offers[${o}].companyId`,
        `unknown company "${offer.companyId}"`,
      );
    return k;
  });
  const offerRankings = offers.map((offer, o) => {
    const k = offerCompanyAll[o] as number;
    return k >= 0 ? (companyRankings[k] ?? null) : rankingOf(offer.ranking, `offers[${o}].ranking`);
  });
  const eligibleSet = new Set(policy.reserveEligibleClasses);
  const offerAllows = offers.map((offer) =>
    offer.eligibleClasses === undefined ? null : new Set<string>(offer.eligibleClasses),
  );

  let wishCount = 0;
  for (const student of students) wishCount += student.wishes.length;
  const wishStart = new Uint32Array(n + 1);
  const wishOffer = new Int32Array(wishCount);
  const wishKey = new Uint32Array(wishCount);
  const studentEligible = new Uint8Array(n);
  let at = 0;
  students.forEach((student, j) => {
    wishStart[j] = at;
    const className = student.priorityClass ?? DEFAULT_PRIORITY_CLASS;
    studentEligible[j] = eligibleSet.has(className) ? 1 : 0;
    student.wishes.forEach((offerId, w) => {
      const o = offerAt.get(offerId);
      if (o === undefined)
        throw new AllocationInputError(`students[${j}].wishes[${w}]`, `unknown offer "${offerId}"`);
      wishOffer[at] = o;
      const ranking = offerRankings[o];
      let key: number;
      if (ranking === null || ranking === undefined) key = campaignPosition[j] as number;
      else key = ranking.get(j) ?? NOT_ACCEPTABLE;
      const allows = offerAllows[o];
      if (allows !== null && allows !== undefined && !allows.has(className)) key = NOT_ACCEPTABLE;
      wishKey[at] = key;
      at++;
    });
  });
  wishStart[n] = at;

  const anyReserved =
    policy.useReservedSeats && offers.some((offer) => (offer.reservedSeats ?? 0) > 0);
  const anyCompany = policy.useCompanyCaps && offerCompanyAll.some((k) => k >= 0);
  const input: AllocationVerificationInput = {
    studentCount: n,
    offerCount: m,
    companyCount: companies.length,
    wishStart,
    wishOffer,
    wishKey,
    studentEligible,
    offerSeats: Int32Array.from(offers, (offer) => offer.seats),
    offerReserved: anyReserved
      ? Int32Array.from(offers, (offer) => offer.reservedSeats ?? 0)
      : null,
    reservePrecedence: policy.reservePrecedence,
    offerCompany: anyCompany ? Int32Array.from(offerCompanyAll) : null,
    companySeats: Int32Array.from(companies, (company) => company.seats),
  };

  // The pairs: one per student at most, known ids only.
  const violations: AllocationViolation[] = [];
  const studentOffer = new Int32Array(n).fill(-1);
  const seen = new Uint8Array(n);
  for (const pair of pairs) {
    const j = studentAt.get(pair.studentId);
    if (j === undefined) {
      violations.push({
        kind: 'unknown-student',
        message: `unknown student "${pair.studentId}" in the allocation`,
        studentId: pair.studentId,
      });
      continue;
    }
    if (seen[j] === 1) {
      violations.push({
        kind: 'duplicate-student',
        message: `student "${pair.studentId}" appears more than once in the allocation`,
        studentId: pair.studentId,
      });
      continue;
    }
    seen[j] = 1;
    if (pair.offerId === null) continue;
    const o = offerAt.get(pair.offerId);
    if (o === undefined) {
      violations.push({
        kind: 'unknown-offer',
        message: `student "${pair.studentId}" is placed on unknown offer "${pair.offerId}"`,
        studentId: pair.studentId,
        offerId: pair.offerId,
      });
      continue;
    }
    studentOffer[j] = o;
  }

  const names: AllocationVerificationNames = {
    studentId: (j) => students[j]?.id ?? `#${j}`,
    offerId: (o) => offers[o]?.id ?? `#${o}`,
    companyId: (k) => companies[k]?.id ?? `#${k}`,
    priority: (o, key) => {
      if (offerRankings[o] !== null && offerRankings[o] !== undefined) return `ranked ${key + 1}`;
      const j = order[key] as number;
      return `class ${students[j]?.priorityClass ?? DEFAULT_PRIORITY_CLASS}, lottery ${lotteries[j]}`;
    },
  };
  const found = verifyCompactAllocation(input, studentOffer, names, {
    maxViolations: Math.max(0, (verifyOptions.maxViolations ?? 100) - violations.length),
  });
  return violations.concat(found);
}
