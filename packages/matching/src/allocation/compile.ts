// The front end of the allocation: checks a campaign given as plain objects, refuses malformed
// data with an AllocationInputError that names the field, and converts it to the compact form the
// solvers and the verifier work on (dense integer ids, wishes in CSR typed arrays, and every
// priority precomputed as an integer key so that the solver never compares strings or floats).
import { AllocationInputError } from './errors.js';
import { resolveAllocationOptions } from './options.js';
import type { ResolvedAllocationOptions } from './options.js';
import { DEFAULT_PRIORITY_CLASS, compareIds, lotteryDraw } from './priority.js';
import type {
  AllocationCompany,
  AllocationInstance,
  AllocationOffer,
  AllocationOptions,
  AllocationStudent,
  ReservePrecedence,
} from './types.js';

/** Key of a wish the offer does not accept (not in its ranking, or class not eligible). */
export const UNACCEPTABLE = 0xffffffff;

/**
 * A campaign in compact form. Students are relabelled: internal student `s` is the `s`-th student
 * in campaign priority order (class rank, then lottery, then id), so that at an offer using the
 * campaign priority a student's key is simply its index. Offers are relabelled by popularity
 * (most wished first), for cache locality in the solvers.
 */
export interface CompactAllocation {
  studentCount: number;
  offerCount: number;
  companyCount: number;
  wishCount: number;
  /** Student s's wishes are entries wishStart[s] .. wishStart[s + 1] - 1, most wanted first. */
  wishStart: Uint32Array;
  /** The offer of each wish entry. */
  wishOffer: Int32Array;
  /**
   * The student's priority key at that offer (lower is served first), or UNACCEPTABLE. Keys are
   * unique within an offer, and within a capped company (whose offers share the company's keys).
   */
  wishKey: Uint32Array;
  /** 1 when the student belongs to a reserve-eligible class. */
  studentEligible: Uint8Array;
  offerSeats: Int32Array;
  /** Reserved seats per offer, or null when the run has none. */
  offerReserved: Int32Array | null;
  reservePrecedence: ReservePrecedence;
  /** Capped company of each offer (-1 for none), or null when the run has no company cap. */
  offerCompany: Int32Array | null;
  companySeats: Int32Array;
  /**
   * Which ranking an offer's keys are positions in (-1: keys are student indices). Lets a solver
   * recover a student from a key without storing the student next to it.
   */
  offerRanking: Int32Array;
  /** Ranking r lists internal students rankingStudent[rankingStart[r] ..< rankingStart[r + 1]]. */
  rankingStart: Uint32Array;
  rankingStudent: Int32Array;
}

/** The compact form plus what is needed to speak about it in the campaign's own ids. */
export interface AllocationIndex {
  compact: CompactAllocation;
  /** Internal student index → input position, and back. */
  studentInput: Int32Array;
  studentInternal: Int32Array;
  /** By internal index. */
  studentIds: string[];
  studentClass: Uint8Array;
  studentLottery: Uint32Array;
  /** 1-based rank of the lottery number among all students (ties broken by id). */
  studentLotteryRank: Uint32Array;
  classNames: string[];
  /** By internal offer index. */
  offerIds: string[];
  /** Internal offer index → input position, and back. */
  offerInput: Int32Array;
  offerInternal: Int32Array;
  companyIds: string[];
  /** offerClassAllowed[o * classCount + c] = 0 when class c may not take offer o; null if no limits. */
  offerClassAllowed: Uint8Array | null;
  /**
   * Coordinates for the distance statistic (NaN where absent), by offer and by internal student;
   * null when no student has any. Read here once so the result builder need not reread the input.
   */
  offerLat: Float64Array;
  offerLon: Float64Array;
  studentLat: Float64Array | null;
  studentLon: Float64Array | null;
  options: ResolvedAllocationOptions;
}

const MAX_COUNT = 0x7fffffff;

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_COUNT;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) {
    return String(value);
  }
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

// Paths are built only when something is wrong: building one per student costs more than the
// checks themselves on a large campaign.
function pathOf(list: string, i: number, field?: string): string {
  return field === undefined ? `${list}[${i}]` : `${list}[${i}].${field}`;
}

function checkId(value: unknown, list: string, i: number, field = 'id'): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new AllocationInputError(
      pathOf(list, i, field),
      `must be a non-empty string, not ${describeValue(value)}`,
    );
  }
  return value;
}

function checkObject(value: unknown, list: string, i: number): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new AllocationInputError(
      pathOf(list, i),
      `must be an object, not ${describeValue(value)}`,
    );
  }
}

function checkArray(value: unknown, path: string): asserts value is readonly unknown[] {
  if (!Array.isArray(value)) {
    throw new AllocationInputError(path, `must be an array, not ${describeValue(value)}`);
  }
}

function checkCoordinates(item: { lat?: unknown; lon?: unknown }, list: string, i: number): void {
  const hasLat = item.lat !== undefined;
  const hasLon = item.lon !== undefined;
  if (hasLat !== hasLon) {
    throw new AllocationInputError(
      pathOf(list, i, hasLat ? 'lon' : 'lat'),
      'coordinates need both lat and lon',
    );
  }
  if (!hasLat) return;
  if (typeof item.lat !== 'number' || !(item.lat >= -90 && item.lat <= 90)) {
    throw new AllocationInputError(pathOf(list, i, 'lat'), 'must be a latitude in [-90, 90]');
  }
  if (typeof item.lon !== 'number' || !(item.lon >= -180 && item.lon <= 180)) {
    throw new AllocationInputError(pathOf(list, i, 'lon'), 'must be a longitude in [-180, 180]');
  }
}

/**
 * Orders students by (lottery, id). Linear-time radix sort on the lottery for large campaigns; a
 * comparison sort for small ones, where the radix tables would cost more.
 */
export function orderStudentsByLottery(
  lottery: Uint32Array,
  ids: readonly string[],
  forceRadix = false,
): Int32Array {
  const n = lottery.length;
  const byLottery = new Int32Array(n);
  if (n < 2048 && !forceRadix) {
    for (let i = 0; i < n; i++) byLottery[i] = i;
    byLottery.sort((a, b) => {
      const la = lottery[a] as number;
      const lb = lottery[b] as number;
      return la !== lb ? la - lb : compareIds(ids[a] as string, ids[b] as string);
    });
    return byLottery;
  }
  const count = new Uint32Array(65537);
  const low = new Int32Array(n);
  for (let i = 0; i < n; i++) (count[((lottery[i] as number) & 0xffff) + 1] as number)++;
  for (let d = 1; d <= 65536; d++) count[d] = (count[d] as number) + (count[d - 1] as number);
  for (let i = 0; i < n; i++) {
    const digit = (lottery[i] as number) & 0xffff;
    const at = count[digit] as number;
    count[digit] = at + 1;
    low[at] = i;
  }
  count.fill(0);
  for (let i = 0; i < n; i++) (count[((lottery[i] as number) >>> 16) + 1] as number)++;
  for (let d = 1; d <= 65536; d++) count[d] = (count[d] as number) + (count[d - 1] as number);
  for (let i = 0; i < n; i++) {
    const student = low[i] as number;
    const digit = (lottery[student] as number) >>> 16;
    const at = count[digit] as number;
    count[digit] = at + 1;
    byLottery[at] = student;
  }
  // Equal draws are rare (about n²/2^33 pairs); order each run of them by id.
  for (let start = 0; start < n;) {
    const value = lottery[byLottery[start] as number] as number;
    let end = start + 1;
    while (end < n && lottery[byLottery[end] as number] === value) end++;
    if (end - start > 1) {
      byLottery.subarray(start, end).sort((a, b) => compareIds(ids[a] as string, ids[b] as string));
    }
    start = end;
  }
  return byLottery;
}

/** Stable counting sort of a (lottery, id) order by class level: the campaign priority order. */
export function orderByClassLevel(
  byLottery: Int32Array,
  classLevel: Uint8Array,
  levelCount: number,
): Int32Array {
  const n = byLottery.length;
  if (levelCount <= 1) return byLottery;
  const levelStart = new Int32Array(levelCount + 1);
  for (let i = 0; i < n; i++) (levelStart[(classLevel[i] as number) + 1] as number)++;
  for (let l = 1; l <= levelCount; l++) {
    levelStart[l] = (levelStart[l] as number) + (levelStart[l - 1] as number);
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const student = byLottery[i] as number;
    const level = classLevel[student] as number;
    const at = levelStart[level] as number;
    levelStart[level] = at + 1;
    order[at] = student;
  }
  return order;
}

/** Orders students by (class level, lottery, id): the campaign priority. */
export function orderStudentsByPriority(
  classLevel: Uint8Array,
  lottery: Uint32Array,
  ids: readonly string[],
  levelCount: number,
  forceRadix = false,
): Int32Array {
  return orderByClassLevel(
    orderStudentsByLottery(lottery, ids, forceRadix),
    classLevel,
    levelCount,
  );
}

/**
 * Validates a campaign and builds its compact form. Throws AllocationInputError on the first
 * problem found, with the path of the offending field.
 */
export function compileAllocation(
  instance: AllocationInstance,
  options: AllocationOptions,
): AllocationIndex {
  const resolved = resolveAllocationOptions(options);
  if (instance === null || typeof instance !== 'object') {
    throw new AllocationInputError('instance', 'must be an object with students and offers');
  }
  const students: readonly AllocationStudent[] = instance.students;
  const offers: readonly AllocationOffer[] = instance.offers;
  const companies: readonly AllocationCompany[] = instance.companies ?? [];
  checkArray(students, 'students');
  checkArray(offers, 'offers');
  checkArray(companies, 'companies');

  // Classes: dense indices for names, dense levels for distinct rank values (0 = served first).
  const classNames = Object.keys(resolved.priorityClassRanks);
  const classIndex = new Map<string, number>();
  classNames.forEach((name, c) => classIndex.set(name, c));
  const distinctRanks = [...new Set(classNames.map((n) => resolved.priorityClassRanks[n]))].sort(
    (a, b) => (a as number) - (b as number),
  );
  const classLevelOf = new Uint8Array(classNames.length);
  classNames.forEach((name, c) => {
    classLevelOf[c] = distinctRanks.indexOf(resolved.priorityClassRanks[name]);
  });
  const classEligible = new Uint8Array(classNames.length);
  for (const name of resolved.reserveEligibleClasses)
    classEligible[classIndex.get(name) as number] = 1;

  // Companies.
  const companyCount = companies.length;
  const companyIndex = new Map<string, number>();
  const companyIds: string[] = new Array<string>(companyCount);
  const companySeats = new Int32Array(companyCount);
  for (let k = 0; k < companyCount; k++) {
    const path = `companies[${k}]`;
    const company = companies[k] as AllocationCompany;
    checkObject(company, 'companies', k);
    const id = checkId(company.id, 'companies', k);
    const earlier = companyIndex.get(id);
    if (earlier !== undefined) {
      throw new AllocationInputError(
        `${path}.id`,
        `company "${id}" is already companies[${earlier}]`,
      );
    }
    companyIndex.set(id, k);
    companyIds[k] = id;
    if (!isCount(company.seats)) {
      throw new AllocationInputError(
        `${path}.seats`,
        `must be an integer ≥ 0, not ${describeValue(company.seats)}`,
      );
    }
    companySeats[k] = company.seats;
    if (company.ranking !== undefined) checkArray(company.ranking, `${path}.ranking`);
  }

  // Offers.
  const offerCount = offers.length;
  const offerIndex = new Map<string, number>();
  const offerIds: string[] = new Array<string>(offerCount);
  const offerSeats = new Int32Array(offerCount);
  const offerReservedAll = new Int32Array(offerCount);
  const offerCompanyAll = new Int32Array(offerCount).fill(-1);
  let anyReserved = false;
  let anyCompany = false;
  let offerClassAllowed: Uint8Array | null = null;
  const offerLat = new Float64Array(offerCount);
  const offerLon = new Float64Array(offerCount);
  for (let o = 0; o < offerCount; o++) {
    const path = `offers[${o}]`;
    const offer = offers[o] as AllocationOffer;
    checkObject(offer, 'offers', o);
    const id = checkId(offer.id, 'offers', o);
    const earlier = offerIndex.get(id);
    if (earlier !== undefined) {
      throw new AllocationInputError(`${path}.id`, `offer "${id}" is already offers[${earlier}]`);
    }
    offerIndex.set(id, o);
    offerIds[o] = id;
    if (!isCount(offer.seats)) {
      throw new AllocationInputError(
        `${path}.seats`,
        `must be an integer ≥ 0, not ${describeValue(offer.seats)}`,
      );
    }
    offerSeats[o] = offer.seats;
    if (offer.reservedSeats !== undefined) {
      if (!isCount(offer.reservedSeats)) {
        throw new AllocationInputError(
          `${path}.reservedSeats`,
          `must be an integer ≥ 0, not ${describeValue(offer.reservedSeats)}`,
        );
      }
      if (offer.reservedSeats > offer.seats) {
        throw new AllocationInputError(
          `${path}.reservedSeats`,
          `${offer.reservedSeats} reserved seats is more than the offer's ${offer.seats} seats`,
        );
      }
      offerReservedAll[o] = offer.reservedSeats;
      if (offer.reservedSeats > 0) anyReserved = true;
    }
    if (offer.companyId !== undefined) {
      const companyId = checkId(offer.companyId, 'offers', o, 'companyId');
      const k = companyIndex.get(companyId);
      if (k === undefined) {
        throw new AllocationInputError(`${path}.companyId`, `unknown company "${companyId}"`);
      }
      offerCompanyAll[o] = k;
      anyCompany = true;
      if (offer.ranking !== undefined) {
        throw new AllocationInputError(
          `${path}.ranking`,
          `offer "${id}" belongs to company "${companyId}", which ranks students for all its ` +
            'offers: give the ranking on the company instead',
        );
      }
    }
    if (offer.ranking !== undefined) checkArray(offer.ranking, `${path}.ranking`);
    if (offer.eligibleClasses !== undefined) {
      checkArray(offer.eligibleClasses, `${path}.eligibleClasses`);
      offerClassAllowed ??= new Uint8Array(offerCount * classNames.length).fill(1);
      const row = o * classNames.length;
      offerClassAllowed.fill(0, row, row + classNames.length);
      offer.eligibleClasses.forEach((name: unknown, i) => {
        const c = typeof name === 'string' ? classIndex.get(name) : undefined;
        if (c === undefined) {
          throw new AllocationInputError(
            `${path}.eligibleClasses[${i}]`,
            `${describeValue(name)} is not a class ranked by options.priorityClassRanks`,
          );
        }
        offerClassAllowed![row + c] = 1;
      });
    }
    checkCoordinates(offer, 'offers', o);
    offerLat[o] = offer.lat ?? Number.NaN;
    offerLon[o] = offer.lon ?? Number.NaN;
  }
  const useReserves = anyReserved && resolved.useReservedSeats;
  const useCompanies = anyCompany && resolved.useCompanyCaps;
  if (useReserves && useCompanies) {
    // No published stability notion covers soft reserves and company caps together, so the
    // verifier could not vouch for such a run.
    for (let o = 0; o < offerCount; o++) {
      if ((offerReservedAll[o] as number) > 0 && (offerCompanyAll[o] as number) >= 0) {
        throw new AllocationInputError(
          `offers[${o}].reservedSeats`,
          'reserved seats cannot be combined with a company cap in one run; ' +
            'set useReservedSeats or useCompanyCaps to false, or drop one of them',
        );
      }
    }
  }

  // Students: ids, classes, lotteries, and wishes resolved to offer indices (input order).
  const studentCount = students.length;
  const inputIds: string[] = new Array<string>(studentCount);
  const inputClass = new Uint8Array(studentCount);
  const inputLevel = new Uint8Array(studentCount);
  const inputLottery = new Uint32Array(studentCount);
  const inputWishStart = new Uint32Array(studentCount + 1);
  const draw = lotteryDraw(resolved.seed);
  let inputLat: Float64Array | null = null;
  let inputLon: Float64Array | null = null;
  let wishCount = 0;
  for (let j = 0; j < studentCount; j++) {
    const student = students[j] as AllocationStudent;
    checkObject(student, 'students', j);
    const id = checkId(student.id, 'students', j);
    inputIds[j] = id;
    const className = student.priorityClass ?? DEFAULT_PRIORITY_CLASS;
    const c = typeof className === 'string' ? classIndex.get(className) : undefined;
    if (c === undefined) {
      throw new AllocationInputError(
        pathOf('students', j, 'priorityClass'),
        `${describeValue(className)} is not a class ranked by options.priorityClassRanks ` +
          `(${classNames.join(', ')})`,
      );
    }
    inputClass[j] = c;
    inputLevel[j] = classLevelOf[c] as number;
    inputLottery[j] = draw(id);
    if (!Array.isArray(student.wishes)) checkArray(student.wishes, pathOf('students', j, 'wishes'));
    wishCount += student.wishes.length;
    inputWishStart[j + 1] = wishCount;
    if (student.lat !== undefined || student.lon !== undefined) {
      checkCoordinates(student, 'students', j);
      inputLat ??= new Float64Array(studentCount).fill(Number.NaN);
      inputLon ??= new Float64Array(studentCount).fill(Number.NaN);
      inputLat[j] = student.lat as number;
      inputLon[j] = student.lon as number;
    }
  }
  const inputWishOffer = new Int32Array(wishCount);
  // lastWisher[o] = 1 + the last student who wished o: finds duplicate wishes without a Set.
  const lastWisher = new Int32Array(offerCount);
  for (let j = 0; j < studentCount; j++) {
    const wishes = (students[j] as AllocationStudent).wishes;
    const base = inputWishStart[j] as number;
    for (let w = 0; w < wishes.length; w++) {
      const wish = wishes[w];
      const o = typeof wish === 'string' ? offerIndex.get(wish) : undefined;
      if (o === undefined) {
        throw new AllocationInputError(
          `students[${j}].wishes[${w}]`,
          typeof wish === 'string'
            ? `unknown offer "${wish}"`
            : `must be an offer id, not ${describeValue(wish)}`,
        );
      }
      if (lastWisher[o] === j + 1) {
        throw new AllocationInputError(
          `students[${j}].wishes[${w}]`,
          `offer "${wish as string}" is already wished at position ${wishes.indexOf(wish as string)}`,
        );
      }
      lastWisher[o] = j + 1;
      inputWishOffer[base + w] = o;
    }
  }

  // Students in (lottery, id) order. Two students with the same id have the same draw, so they
  // sit side by side here: duplicates are found without a map of every id.
  const byLottery = orderStudentsByLottery(inputLottery, inputIds);
  for (let i = 1; i < studentCount; i++) {
    const a = byLottery[i - 1] as number;
    const b = byLottery[i] as number;
    if (inputLottery[a] === inputLottery[b] && inputIds[a] === inputIds[b]) {
      throw new AllocationInputError(
        pathOf('students', Math.max(a, b), 'id'),
        `student "${inputIds[a] as string}" is already students[${Math.min(a, b)}]`,
      );
    }
  }

  // Rankings: one list per ranking offer or ranking company, checked against known students.
  const rankingLists: { path: string; ids: readonly unknown[] }[] = [];
  const offerRanking = new Int32Array(offerCount).fill(-1);
  const companyRanking = new Int32Array(companyCount).fill(-1);
  for (let k = 0; k < companyCount; k++) {
    const ranking = (companies[k] as AllocationCompany).ranking;
    if (ranking !== undefined) {
      companyRanking[k] = rankingLists.length;
      rankingLists.push({ path: `companies[${k}].ranking`, ids: ranking });
    }
  }
  for (let o = 0; o < offerCount; o++) {
    const offer = offers[o] as AllocationOffer;
    const k = offerCompanyAll[o] as number;
    if (k >= 0) {
      offerRanking[o] = companyRanking[k] as number;
    } else if (offer.ranking !== undefined) {
      offerRanking[o] = rankingLists.length;
      rankingLists.push({ path: `offers[${o}].ranking`, ids: offer.ranking });
    }
  }
  let rankingTotal = 0;
  for (const list of rankingLists) rankingTotal += list.ids.length;
  const rankingStart = new Uint32Array(rankingLists.length + 1);
  const rankingInput = new Int32Array(rankingTotal);
  // Position of (ranking r, input student j) is found through one numeric-keyed map.
  const rankingPosition = new Map<number, number>();
  const studentIndex = new Map<string, number>();
  if (rankingLists.length > 0) inputIds.forEach((id, j) => studentIndex.set(id, j));
  {
    let at = 0;
    rankingLists.forEach((list, r) => {
      rankingStart[r] = at;
      list.ids.forEach((value, position) => {
        const j = typeof value === 'string' ? studentIndex.get(value) : undefined;
        if (j === undefined) {
          throw new AllocationInputError(
            `${list.path}[${position}]`,
            typeof value === 'string'
              ? `unknown student "${value}"`
              : `must be a student id, not ${describeValue(value)}`,
          );
        }
        const key = r * studentCount + j;
        const earlier = rankingPosition.get(key);
        if (earlier !== undefined) {
          throw new AllocationInputError(
            `${list.path}[${position}]`,
            `student "${value as string}" is already ranked at position ${earlier}`,
          );
        }
        rankingPosition.set(key, position);
        rankingInput[at++] = j;
      });
    });
    rankingStart[rankingLists.length] = at;
  }

  // Relabel offers by popularity (most wished first, ties by input position): the solver's
  // refusals then mostly hit a small, cache-resident head of its per-offer arrays.
  const offerInput = new Int32Array(offerCount);
  const offerInternal = new Int32Array(offerCount);
  {
    const wished = new Int32Array(offerCount);
    for (let e = 0; e < wishCount; e++) (wished[inputWishOffer[e] as number] as number)++;
    let most = 0;
    for (let o = 0; o < offerCount; o++)
      if ((wished[o] as number) > most) most = wished[o] as number;
    const slot = new Int32Array(most + 2);
    for (let o = 0; o < offerCount; o++) (slot[most - (wished[o] as number) + 1] as number)++;
    for (let b = 1; b <= most + 1; b++) slot[b] = (slot[b] as number) + (slot[b - 1] as number);
    for (let o = 0; o < offerCount; o++) {
      const b = most - (wished[o] as number);
      const i = slot[b] as number;
      slot[b] = i + 1;
      offerInput[i] = o;
      offerInternal[o] = i;
    }
  }

  // Relabel students in priority order.
  const studentInput = orderByClassLevel(byLottery, inputLevel, distinctRanks.length);
  const studentInternal = new Int32Array(studentCount);
  for (let s = 0; s < studentCount; s++) studentInternal[studentInput[s] as number] = s;

  // Lottery ranks (1-based, over all students, ties by id), for words-ready cutoffs.
  const studentLotteryRank = new Uint32Array(studentCount);
  for (let i = 0; i < studentCount; i++) {
    studentLotteryRank[studentInternal[byLottery[i] as number] as number] = i + 1;
  }
  const studentLat = inputLat === null ? null : new Float64Array(studentCount);
  const studentLon = inputLon === null ? null : new Float64Array(studentCount);
  if (studentLat !== null && studentLon !== null && inputLat !== null && inputLon !== null) {
    for (let s = 0; s < studentCount; s++) {
      const j = studentInput[s] as number;
      studentLat[s] = inputLat[j] as number;
      studentLon[s] = inputLon[j] as number;
    }
  }
  const studentIds: string[] = new Array<string>(studentCount);
  const studentClass = new Uint8Array(studentCount);
  const studentLottery = new Uint32Array(studentCount);
  const studentEligible = new Uint8Array(studentCount);
  const wishStart = new Uint32Array(studentCount + 1);
  const wishOffer = new Int32Array(wishCount);
  const wishKey = new Uint32Array(wishCount);
  const classCount = classNames.length;
  let at = 0;
  for (let s = 0; s < studentCount; s++) {
    const j = studentInput[s] as number;
    studentIds[s] = inputIds[j] as string;
    const c = inputClass[j] as number;
    studentClass[s] = c;
    studentLottery[s] = inputLottery[j] as number;
    studentEligible[s] = classEligible[c] as number;
    wishStart[s] = at;
    const end = inputWishStart[j + 1] as number;
    for (let e = inputWishStart[j] as number; e < end; e++) {
      const o = inputWishOffer[e] as number;
      wishOffer[at] = offerInternal[o] as number;
      let key: number;
      const r = offerRanking[o] as number;
      if (r < 0) {
        key = s;
      } else {
        const position = rankingPosition.get(r * studentCount + j);
        key = position === undefined ? UNACCEPTABLE : position;
      }
      if (offerClassAllowed !== null && offerClassAllowed[o * classCount + c] === 0) {
        key = UNACCEPTABLE;
      }
      wishKey[at] = key;
      at++;
    }
  }
  wishStart[studentCount] = at;
  const rankingStudent = new Int32Array(rankingTotal);
  for (let i = 0; i < rankingTotal; i++) {
    rankingStudent[i] = studentInternal[rankingInput[i] as number] as number;
  }

  // Per-offer data, in internal offer order.
  const permute = <T extends Int32Array | Float64Array>(values: T): T => {
    const out = values.slice() as T;
    for (let i = 0; i < offerCount; i++) out[i] = values[offerInput[i] as number] as number;
    return out;
  };
  const internalOfferIds = Array.from(offerInput, (o) => offerIds[o] as string);
  let internalClassAllowed: Uint8Array | null = null;
  if (offerClassAllowed !== null) {
    internalClassAllowed = new Uint8Array(offerClassAllowed.length);
    for (let i = 0; i < offerCount; i++) {
      const from = (offerInput[i] as number) * classCount;
      internalClassAllowed.set(offerClassAllowed.subarray(from, from + classCount), i * classCount);
    }
  }

  const compact: CompactAllocation = {
    studentCount,
    offerCount,
    companyCount,
    wishCount,
    wishStart,
    wishOffer,
    wishKey,
    studentEligible,
    offerSeats: permute(offerSeats),
    offerReserved: useReserves ? permute(offerReservedAll) : null,
    reservePrecedence: resolved.reservePrecedence,
    offerCompany: useCompanies ? permute(offerCompanyAll) : null,
    companySeats,
    offerRanking: permute(offerRanking),
    rankingStart,
    rankingStudent,
  };
  return {
    compact,
    studentInput,
    studentInternal,
    studentIds,
    studentClass,
    studentLottery,
    studentLotteryRank,
    classNames,
    offerIds: internalOfferIds,
    offerInput,
    offerInternal,
    companyIds,
    offerClassAllowed: internalClassAllowed,
    offerLat: permute(offerLat),
    offerLon: permute(offerLon),
    studentLat,
    studentLon,
    options: resolved,
  };
}
