// Student-proposing deferred acceptance with soft reserves (Hafalir–Yenmez–Yildirim 2013), for
// both precedences of reserved and open seats. An offer's choice from its holders plus a newcomer
// is computed incrementally: each offer keeps its holders in max-heaps of keys split by the kind of
// seat they hold, so that the one student the choice drops is found in O(log seats).
//
// reserved-first (HYY's choice function): reserved seats go to the best eligible applicants, then
//   open seats to the best of the rest.   Heaps: R (eligible on reserved seats, ≤ r),
//   O (everyone else held, ≤ q − |R|).
// open-first: open seats go to the best applicants, then reserved seats to the best eligible of
//   the rest, any unused reserved seat to the best remaining.   Heaps: O (≤ q − r), and for the
//   reserved part E (eligible) and N (not eligible), |E| + |N| ≤ r.
// Both choice functions are substitutable and size-monotone, so DA with them is stable and
// strategy-proof for students (Hatfield–Milgrom 2005; Kominers–Sönmez 2016 for slot precedences).
import type { CompactAllocation } from './compile.js';
import type { CompactAllocationSolution } from './solve-plain.js';

// Same value as compile.ts's UNACCEPTABLE, as a local constant the hot loop can fold.
const UNACCEPTABLE = 0xffffffff;

const NOBODY = -1;

function siftUp(heap: Uint32Array, base: number, size: number, key: number): void {
  let i = size;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const parentKey = heap[base + parent] as number;
    if (parentKey >= key) break;
    heap[base + i] = parentKey;
    i = parent;
  }
  heap[base + i] = key;
}

/** Puts `key` in place of the root of a heap of `size` keys. */
function replaceTop(heap: Uint32Array, base: number, size: number, key: number): void {
  let i = 0;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= size) break;
    let childKey = heap[base + child] as number;
    const right = child + 1;
    if (right < size) {
      const rightKey = heap[base + right] as number;
      if (rightKey > childKey) {
        child = right;
        childKey = rightKey;
      }
    }
    if (childKey <= key) break;
    heap[base + i] = childKey;
    i = child;
  }
  heap[base + i] = key;
}

/** Removes the root of a heap of `size` keys. */
function popTop(heap: Uint32Array, base: number, size: number): void {
  if (size > 1) replaceTop(heap, base, size - 1, heap[base + size - 1] as number);
}

// Offer state layout (stride 8): heap bases and sizes, seats, reserved seats, ranking base.
const Q = 0;
const R = 1;
const RANKING_BASE = 2;
const A_BASE = 3; // reserved-first: R heap; open-first: O heap
const A_SIZE = 4;
const B_BASE = 5; // reserved-first: O heap; open-first: E heap (N heap follows it, r keys later)
const B_SIZE = 6;
const C_SIZE = 7; // open-first: N heap size
const STRIDE = 8;

export function solveWithReserves(compact: CompactAllocation): CompactAllocationSolution {
  const n = compact.studentCount;
  const m = compact.offerCount;
  const { wishStart, wishOffer, wishKey, offerSeats, offerRanking, rankingStart, rankingStudent } =
    compact;
  const eligible = compact.studentEligible;
  const reserved = compact.offerReserved ?? new Int32Array(m);
  const openFirst = compact.reservePrecedence === 'open-first';

  const state = new Int32Array(m * STRIDE);
  let pool = 0;
  for (let o = 0; o < m; o++) {
    const q = offerSeats[o] as number;
    const r = reserved[o] as number;
    const rk = offerRanking[o] as number;
    const at = o * STRIDE;
    state[at + Q] = q;
    state[at + R] = r;
    state[at + RANKING_BASE] = rk < 0 ? -1 : (rankingStart[rk] as number);
    state[at + A_BASE] = pool;
    if (openFirst) {
      state[at + B_BASE] = pool + q - r;
      pool += q + r;
    } else {
      state[at + B_BASE] = pool + r;
      pool += r + q;
    }
  }
  const heap = new Uint32Array(pool);
  // cutoff[2o] (eligible applicants) and cutoff[2o + 1] (others): the offer's choice takes an
  // applicant only if its key is below it. Kept up to date after every change at the offer, so
  // that refusals, the bulk of proposals, cost one memory access.
  const cutoff = new Uint32Array(2 * m);
  const next = new Int32Array(n);
  const held = new Int32Array(n).fill(-1);
  let proposals = 0;

  const studentAt = (rankingBase: number, key: number): number =>
    rankingBase < 0 ? key : (rankingStudent[rankingBase + key] as number);

  /**
   * Offers student `s` (key `key`) to offer at state index `at`. Returns the student the offer's
   * choice drops: NOBODY, `s` itself (refused), or a holder.
   */
  const proposeReservedFirst = (at: number, s: number, key: number): number => {
    const q = state[at + Q] as number;
    const r = state[at + R] as number;
    const rBase = state[at + A_BASE] as number;
    const oBase = state[at + B_BASE] as number;
    const rSize = state[at + A_SIZE] as number;
    const oSize = state[at + B_SIZE] as number;
    const rankingBase = state[at + RANKING_BASE] as number;
    if (eligible[s] === 1) {
      if (rSize < r) {
        siftUp(heap, rBase, rSize, key);
        state[at + A_SIZE] = rSize + 1;
        if (rSize + 1 + oSize <= q) return NOBODY;
        // A reserved seat taken back from the open pool: the worst open holder goes.
        const worst = heap[oBase] as number;
        popTop(heap, oBase, oSize);
        state[at + B_SIZE] = oSize - 1;
        return studentAt(rankingBase, worst);
      }
      let candidate = key;
      if (r > 0 && key < (heap[rBase] as number)) {
        candidate = heap[rBase] as number;
        replaceTop(heap, rBase, r, key);
      }
      const openSeats = q - r;
      if (oSize < openSeats) {
        siftUp(heap, oBase, oSize, candidate);
        state[at + B_SIZE] = oSize + 1;
        return NOBODY;
      }
      if (openSeats > 0 && candidate < (heap[oBase] as number)) {
        const worst = heap[oBase] as number;
        replaceTop(heap, oBase, oSize, candidate);
        return studentAt(rankingBase, worst);
      }
      return candidate === key ? s : studentAt(rankingBase, candidate);
    }
    const openSeats = q - rSize;
    if (oSize < openSeats) {
      siftUp(heap, oBase, oSize, key);
      state[at + B_SIZE] = oSize + 1;
      return NOBODY;
    }
    if (oSize > 0 && key < (heap[oBase] as number)) {
      const worst = heap[oBase] as number;
      replaceTop(heap, oBase, oSize, key);
      return studentAt(rankingBase, worst);
    }
    return s;
  };

  const proposeOpenFirst = (at: number, s: number, key: number): number => {
    const q = state[at + Q] as number;
    const r = state[at + R] as number;
    const oBase = state[at + A_BASE] as number;
    const eBase = state[at + B_BASE] as number;
    const nBase = eBase + r;
    const oSize = state[at + A_SIZE] as number;
    const eSize = state[at + B_SIZE] as number;
    const nSize = state[at + C_SIZE] as number;
    const rankingBase = state[at + RANKING_BASE] as number;
    const openSeats = q - r;
    if (oSize < openSeats) {
      siftUp(heap, oBase, oSize, key);
      state[at + A_SIZE] = oSize + 1;
      return NOBODY;
    }
    // The open seats are full: the newcomer or the worst open holder moves on to the reserved part.
    let candidate = key;
    let candidateStudent = s;
    if (openSeats > 0 && key < (heap[oBase] as number)) {
      candidate = heap[oBase] as number;
      candidateStudent = studentAt(rankingBase, candidate);
      replaceTop(heap, oBase, oSize, key);
    }
    if (eSize + nSize < r) {
      if (eligible[candidateStudent] === 1) {
        siftUp(heap, eBase, eSize, candidate);
        state[at + B_SIZE] = eSize + 1;
      } else {
        siftUp(heap, nBase, nSize, candidate);
        state[at + C_SIZE] = nSize + 1;
      }
      return NOBODY;
    }
    if (eligible[candidateStudent] === 1) {
      if (nSize > 0) {
        // An eligible student takes back a reserved seat held by a non-eligible one.
        const worst = heap[nBase] as number;
        popTop(heap, nBase, nSize);
        state[at + C_SIZE] = nSize - 1;
        siftUp(heap, eBase, eSize, candidate);
        state[at + B_SIZE] = eSize + 1;
        return studentAt(rankingBase, worst);
      }
      if (eSize > 0 && candidate < (heap[eBase] as number)) {
        const worst = heap[eBase] as number;
        replaceTop(heap, eBase, eSize, candidate);
        return studentAt(rankingBase, worst);
      }
      return candidateStudent;
    }
    if (nSize > 0 && candidate < (heap[nBase] as number)) {
      const worst = heap[nBase] as number;
      replaceTop(heap, nBase, nSize, candidate);
      return studentAt(rankingBase, worst);
    }
    return candidateStudent;
  };

  const refreshReservedFirst = (o: number): void => {
    const at = o * STRIDE;
    const q = state[at + Q] as number;
    const r = state[at + R] as number;
    const rSize = state[at + A_SIZE] as number;
    const oSize = state[at + B_SIZE] as number;
    const openBar =
      oSize < q - rSize
        ? UNACCEPTABLE
        : oSize > 0
          ? (heap[state[at + B_BASE] as number] as number)
          : 0;
    cutoff[2 * o + 1] = openBar;
    if (rSize < r) {
      cutoff[2 * o] = UNACCEPTABLE;
    } else {
      const reservedBar = r > 0 ? (heap[state[at + A_BASE] as number] as number) : 0;
      cutoff[2 * o] = reservedBar > openBar ? reservedBar : openBar;
    }
  };

  const refreshOpenFirst = (o: number): void => {
    const at = o * STRIDE;
    const q = state[at + Q] as number;
    const r = state[at + R] as number;
    const oSize = state[at + A_SIZE] as number;
    const eSize = state[at + B_SIZE] as number;
    const nSize = state[at + C_SIZE] as number;
    const openSeats = q - r;
    const openBar =
      oSize < openSeats
        ? UNACCEPTABLE
        : openSeats > 0
          ? (heap[state[at + A_BASE] as number] as number)
          : 0;
    if (eSize + nSize < r) {
      cutoff[2 * o] = UNACCEPTABLE;
      cutoff[2 * o + 1] = UNACCEPTABLE;
      return;
    }
    const eBase = state[at + B_BASE] as number;
    const eligibleBar = nSize > 0 ? UNACCEPTABLE : eSize > 0 ? (heap[eBase] as number) : 0;
    const otherBar = nSize > 0 ? (heap[eBase + r] as number) : 0;
    cutoff[2 * o] = eligibleBar > openBar ? eligibleBar : openBar;
    cutoff[2 * o + 1] = otherBar > openBar ? otherBar : openBar;
  };

  for (let o = 0; o < m; o++) {
    if (openFirst) refreshOpenFirst(o);
    else refreshReservedFirst(o);
  }

  for (let first = 0; first < n; first++) {
    next[first] = wishStart[first] as number;
    let s = first;
    while (s >= 0) {
      let e = next[s] as number;
      const end = wishStart[s + 1] as number;
      let displaced = NOBODY;
      const side = eligible[s] === 1 ? 0 : 1;
      for (; e < end; e++) {
        const key = wishKey[e] as number;
        if (key === UNACCEPTABLE) continue;
        const o = wishOffer[e] as number;
        proposals++;
        if (key >= (cutoff[2 * o + side] as number)) continue;
        let dropped: number;
        if (openFirst) {
          dropped = proposeOpenFirst(o * STRIDE, s, key);
          refreshOpenFirst(o);
        } else {
          dropped = proposeReservedFirst(o * STRIDE, s, key);
          refreshReservedFirst(o);
        }
        if (dropped === s) continue;
        held[s] = o;
        if (dropped !== NOBODY) held[dropped] = -1;
        displaced = dropped;
        break;
      }
      next[s] = e < end ? e + 1 : end;
      s = displaced;
    }
  }

  for (let s = 0; s < n; s++) next[s] = held[s] === -1 ? -1 : (next[s] as number) - 1;
  return {
    studentOffer: held,
    studentWish: next,
    proposals,
    stateBytes:
      cutoff.byteLength + state.byteLength + heap.byteLength + next.byteLength + held.byteLength,
  };
}
