// Student-proposing allocation under company caps: algorithm SPA-student of Abraham, Irving and
// Manlove (2007), with companies as lecturers and offers as projects. Each company ranks students
// once for all its offers (its own ranking, or the campaign priority), so an offer's keys are the
// company's keys. The result is the student-optimal stable matching in their sense.
//
// SPA-student deletes pairs for good: once an offer is full, students it ranks below its worst
// holder may never be held there again, even if the offer later loses a student to its company's
// cap (and likewise for a full company). Deleting is kept as a per-offer and per-company bar, the
// lowest "worst holder when full" seen, so a deletion costs O(1) and takes no memory per pair.
// (A full company stays full here, since a student only leaves it when replaced, so the
// deletions never change the outcome; they turn hopeless proposals into one-read refusals.)
//
// Holders are kept in indexed max-heaps (student ids, with each student's position), because the
// company's cap can force a student out of the middle of an offer's heap.
import type { CompactAllocation } from './compile.js';
import type { CompactAllocationSolution } from './solve-plain.js';

// Same value as compile.ts's UNACCEPTABLE, as a local constant the hot loop can fold.
const UNACCEPTABLE = 0xffffffff;

const NOBODY = -1;

/** An indexed max-heap of students by key, stored in slices of one pooled array. */
function siftUp(
  heap: Int32Array,
  base: number,
  from: number,
  student: number,
  keyOf: Uint32Array,
  position: Int32Array,
): void {
  const key = keyOf[student] as number;
  let i = from;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const other = heap[base + parent] as number;
    if ((keyOf[other] as number) >= key) break;
    heap[base + i] = other;
    position[other] = i;
    i = parent;
  }
  heap[base + i] = student;
  position[student] = i;
}

function siftDown(
  heap: Int32Array,
  base: number,
  size: number,
  from: number,
  student: number,
  keyOf: Uint32Array,
  position: Int32Array,
): void {
  const key = keyOf[student] as number;
  let i = from;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= size) break;
    let childStudent = heap[base + child] as number;
    const right = child + 1;
    if (right < size) {
      const rightStudent = heap[base + right] as number;
      if ((keyOf[rightStudent] as number) > (keyOf[childStudent] as number)) {
        child = right;
        childStudent = rightStudent;
      }
    }
    if ((keyOf[childStudent] as number) <= key) break;
    heap[base + i] = childStudent;
    position[childStudent] = i;
    i = child;
  }
  heap[base + i] = student;
  position[student] = i;
}

/** Removes the student at position `at` from a heap of `size`; returns the new size. */
function removeAt(
  heap: Int32Array,
  base: number,
  size: number,
  at: number,
  keyOf: Uint32Array,
  position: Int32Array,
): number {
  const last = size - 1;
  if (at !== last) {
    const moved = heap[base + last] as number;
    const parent = (at - 1) >> 1;
    if (at > 0 && (keyOf[moved] as number) > (keyOf[heap[base + parent] as number] as number)) {
      siftUp(heap, base, at, moved, keyOf, position);
    } else {
      siftDown(heap, base, last, at, moved, keyOf, position);
    }
  }
  return last;
}

export function solveWithCompanyCaps(compact: CompactAllocation): CompactAllocationSolution {
  const n = compact.studentCount;
  const m = compact.offerCount;
  const companyCount = compact.companyCount;
  const { wishStart, wishOffer, wishKey, offerSeats, companySeats } = compact;
  const offerCompany = compact.offerCompany ?? new Int32Array(m).fill(-1);

  // Each heap has one spare slot: a newcomer is added before the choice drops someone.
  const offerBase = new Int32Array(m);
  const offerSize = new Int32Array(m);
  const offerBar = new Uint32Array(m).fill(UNACCEPTABLE);
  const companyReach = new Float64Array(companyCount);
  let pool = 0;
  for (let o = 0; o < m; o++) {
    offerBase[o] = pool;
    pool += (offerSeats[o] as number) + 1;
    const k = offerCompany[o] as number;
    if (k >= 0) companyReach[k] = (companyReach[k] as number) + (offerSeats[o] as number);
  }
  const offerHeap = new Int32Array(pool);
  const companyBase = new Int32Array(companyCount);
  const companySize = new Int32Array(companyCount);
  const companyBar = new Uint32Array(companyCount).fill(UNACCEPTABLE);
  pool = 0;
  for (let k = 0; k < companyCount; k++) {
    companyBase[k] = pool;
    pool += Math.min(companySeats[k] as number, companyReach[k] as number) + 1;
  }
  const companyHeap = new Int32Array(pool);

  const heldKey = new Uint32Array(n);
  const offerPosition = new Int32Array(n);
  const companyPosition = new Int32Array(n);
  const next = new Int32Array(n);
  const held = new Int32Array(n).fill(-1);
  let proposals = 0;

  for (let first = 0; first < n; first++) {
    next[first] = wishStart[first] as number;
    let s = first;
    while (s >= 0) {
      let e = next[s] as number;
      const end = wishStart[s + 1] as number;
      let displaced = NOBODY;
      for (; e < end; e++) {
        const key = wishKey[e] as number;
        if (key === UNACCEPTABLE) continue;
        const o = wishOffer[e] as number;
        proposals++;
        if (key > (offerBar[o] as number)) continue;
        const k = offerCompany[o] as number;
        if (k >= 0 && key > (companyBar[k] as number)) continue;

        // Provisionally assign s to o (and to its company).
        heldKey[s] = key;
        held[s] = o;
        const ob = offerBase[o] as number;
        let os = offerSize[o] as number;
        siftUp(offerHeap, ob, os, s, heldKey, offerPosition);
        os++;
        const seats = offerSeats[o] as number;
        let kb = 0;
        let ks = 0;
        if (k >= 0) {
          kb = companyBase[k] as number;
          ks = companySize[k] as number;
          siftUp(companyHeap, kb, ks, s, heldKey, companyPosition);
          ks++;
        }

        let dropped = NOBODY;
        if (os > seats) {
          // Offer over-subscribed: its worst holder goes.
          dropped = offerHeap[ob] as number;
          os = removeAt(offerHeap, ob, os, 0, heldKey, offerPosition);
          if (k >= 0) {
            ks = removeAt(
              companyHeap,
              kb,
              ks,
              companyPosition[dropped] as number,
              heldKey,
              companyPosition,
            );
          }
        } else if (k >= 0 && ks > (companySeats[k] as number)) {
          // Company over its cap: its worst holder goes, from whichever of its offers.
          dropped = companyHeap[kb] as number;
          ks = removeAt(companyHeap, kb, ks, 0, heldKey, companyPosition);
          const droppedOffer = held[dropped] as number;
          const db = offerBase[droppedOffer] as number;
          if (droppedOffer === o) {
            os = removeAt(
              offerHeap,
              db,
              os,
              offerPosition[dropped] as number,
              heldKey,
              offerPosition,
            );
          } else {
            offerSize[droppedOffer] = removeAt(
              offerHeap,
              db,
              offerSize[droppedOffer] as number,
              offerPosition[dropped] as number,
              heldKey,
              offerPosition,
            );
          }
        }
        offerSize[o] = os;
        if (k >= 0) companySize[k] = ks;

        // Deletions: the successors of a full offer's (company's) worst holder are out for good.
        if (os === seats && os > 0) {
          const worst = heldKey[offerHeap[ob] as number] as number;
          if (worst < (offerBar[o] as number)) offerBar[o] = worst;
        }
        if (k >= 0 && ks === (companySeats[k] as number) && ks > 0) {
          const worst = heldKey[companyHeap[kb] as number] as number;
          if (worst < (companyBar[k] as number)) companyBar[k] = worst;
        }

        if (dropped === s) {
          held[s] = -1;
          continue;
        }
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
      offerBase.byteLength +
      offerSize.byteLength +
      offerBar.byteLength +
      companyReach.byteLength +
      offerHeap.byteLength +
      companyBase.byteLength +
      companySize.byteLength +
      companyBar.byteLength +
      companyHeap.byteLength +
      heldKey.byteLength +
      offerPosition.byteLength +
      companyPosition.byteLength +
      next.byteLength +
      held.byteLength,
  };
}
