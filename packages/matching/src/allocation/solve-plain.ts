// Student-proposing deferred acceptance (Gale–Shapley 1962) with seat capacities, on the compact
// form. Each offer keeps the students it holds in a max-heap of priority keys (worst on top), all
// heaps in one pooled typed array; a proposal is O(1) when the offer is full and the student ranks
// below its worst holder, which is the common case.
//
// Students are proposed in priority order (internal index 0 first). DA's outcome does not depend
// on the order of proposals, but this order means that at offers using the campaign priority a
// newcomer never displaces anyone, so most runs are nearly free of rejections and chains.
import type { CompactAllocation } from './compile.js';

// Same value as compile.ts's UNACCEPTABLE, as a local constant the hot loop can fold.
const UNACCEPTABLE = 0xffffffff;

/** What a solver returns, by internal student index. */
export interface CompactAllocationSolution {
  /** The offer each student holds, or -1. */
  studentOffer: Int32Array;
  /** The wish entry (index into wishOffer) of that offer, or -1: gives the rank obtained. */
  studentWish: Int32Array;
  /** Proposals made, counting only those to offers that accept the student. */
  proposals: number;
  /** Bytes of typed arrays the solver allocated, returned ones included (its peak state). */
  stateBytes: number;
}

// Offer state, interleaved so that an admission touches one cache line of it.
const HEAP_BASE = 0;
const SEATS = 1;
const SIZE = 2;
const RANKING_BASE = 3;
const STRIDE = 4;

export function solvePlain(compact: CompactAllocation): CompactAllocationSolution {
  const n = compact.studentCount;
  const m = compact.offerCount;
  const { wishStart, wishOffer, wishKey, offerSeats, offerRanking, rankingStart, rankingStudent } =
    compact;

  // cutoff[o]: an offer admits a key only if it is below this. UNACCEPTABLE (above every key)
  // while a seat is free, then the worst key held. Most proposals are refusals, and this array
  // alone decides them: one random memory access instead of two.
  const cutoff = new Uint32Array(m);
  const offerState = new Int32Array(m * STRIDE);
  let seatTotal = 0;
  for (let o = 0; o < m; o++) {
    const seats = offerSeats[o] as number;
    const r = offerRanking[o] as number;
    offerState[o * STRIDE + HEAP_BASE] = seatTotal;
    offerState[o * STRIDE + SEATS] = seats;
    offerState[o * STRIDE + RANKING_BASE] = r < 0 ? -1 : (rankingStart[r] as number);
    cutoff[o] = seats === 0 ? 0 : UNACCEPTABLE;
    seatTotal += seats;
  }
  const heap = new Uint32Array(seatTotal);
  const next = new Int32Array(n);
  const held = new Int32Array(n).fill(-1);
  let proposals = 0;

  for (let first = 0; first < n; first++) {
    next[first] = wishStart[first] as number;
    // The student to move: the newcomer, then whoever it displaced, and so on down the chain.
    let s = first;
    while (s >= 0) {
      let e = next[s] as number;
      const end = wishStart[s + 1] as number;
      let displaced = -1;
      for (; e < end; e++) {
        const key = wishKey[e] as number;
        if (key === UNACCEPTABLE) continue;
        const o = wishOffer[e] as number;
        proposals++;
        if (key >= (cutoff[o] as number)) continue;
        const at = o * STRIDE;
        const seats = offerState[at + SEATS] as number;
        const size = offerState[at + SIZE] as number;
        const base = offerState[at + HEAP_BASE] as number;
        if (size < seats) {
          let i = size;
          while (i > 0) {
            const parent = (i - 1) >> 1;
            const parentKey = heap[base + parent] as number;
            if (parentKey >= key) break;
            heap[base + i] = parentKey;
            i = parent;
          }
          heap[base + i] = key;
          offerState[at + SIZE] = size + 1;
          if (size + 1 === seats) cutoff[o] = heap[base] as number;
          held[s] = o;
          break;
        }
        // Full, and the newcomer outranks the worst holder: it takes the root's place.
        const worst = heap[base] as number;
        let i = 0;
        for (;;) {
          let child = 2 * i + 1;
          if (child >= seats) break;
          let childKey = heap[base + child] as number;
          const right = child + 1;
          if (right < seats) {
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
        cutoff[o] = heap[base] as number;
        const rankingBase = offerState[at + RANKING_BASE] as number;
        displaced = rankingBase < 0 ? worst : (rankingStudent[rankingBase + worst] as number);
        held[displaced] = -1;
        held[s] = o;
        break;
      }
      next[s] = e < end ? e + 1 : end;
      s = displaced;
    }
  }

  // Reuse `next` as the held wish entry: the entry just before the next one to try.
  for (let s = 0; s < n; s++) next[s] = held[s] === -1 ? -1 : (next[s] as number) - 1;
  return {
    studentOffer: held,
    studentWish: next,
    proposals,
    stateBytes:
      cutoff.byteLength +
      offerState.byteLength +
      heap.byteLength +
      next.byteLength +
      held.byteLength,
  };
}
