// Cost-scaling push–relabel (Goldberg's method) for the assignment network: the fallback when
// successive shortest paths run out of budget. Shortest paths are fastest on most instances but
// can degrade badly when seats and people are close in number and compete hard (each late search
// then explores a large part of the graph); cost scaling does a bounded amount of work per scale
// whatever the balance, so it caps the worst case.
//
// Exactness: costs are multiplied by n + 1 (n nodes) and the last phase runs at ε = 1, so the
// final flow is ε-optimal with ε < 1/n on the integer costs, which for integer costs means optimal.
// Heuristics: FIFO discharge with current-arc pointers, and global price updates (a bucket search
// from the deficit nodes) at the start of each phase and every n relabels.

import type { FlowProblem, FlowSolution } from './min-cost-flow.js';
import { NetworkBuilder } from './network.js';

/** Scale factor between phases. */
const ALPHA = 8;

/** Solves exactly, or returns null when the scaled costs would not stay exact in doubles. */
export function solveByCostScaling(problem: FlowProblem): FlowSolution | null {
  const { personCount, capacityCount, capacity, parent, pairPerson, pairPosition, pairCost } =
    problem;
  const pairCount = pairPerson.length;
  const n = personCount + capacityCount + 1;
  const sink = n - 1;
  const builder = new NetworkBuilder(n, pairCount + capacityCount + personCount);
  for (let i = 0; i < pairCount; i++) {
    builder.add(pairPerson[i]!, personCount + pairPosition[i]!, 1, pairCost[i]!);
  }
  for (let c = 0; c < capacityCount; c++) {
    const up = parent[c]!;
    builder.add(personCount + c, up < 0 ? sink : personCount + up, capacity[c]!, 0);
  }
  const firstUnassignedArc = 2 * (pairCount + capacityCount);
  for (let p = 0; p < personCount; p++) builder.add(p, sink, 1, 0);
  const network = builder.build();
  const { arcHead, arcResidual, adjacencyStart, adjacencyArc } = network;
  const arcCount = arcHead.length;

  const scale = n + 1;
  const cost = new Float64Array(arcCount);
  let largest = 0;
  for (let a = 0; a < arcCount; a++) {
    cost[a] = network.arcCost[a]! * scale;
    largest = Math.max(largest, Math.abs(cost[a]!));
  }
  // Prices stay within a small multiple of the largest scaled cost in practice (and are checked
  // after every phase). At the default scale this admits up to about 60,000 people.
  if (largest * 16 > Number.MAX_SAFE_INTEGER) return null;

  // A feasible start: everyone left unassigned.
  for (let p = 0; p < personCount; p++) {
    const arc = firstUnassignedArc + 2 * p;
    arcResidual[arc]!--;
    arcResidual[arc ^ 1]!++;
  }
  const excess = new Float64Array(n);
  const price = new Float64Array(n);
  const current = new Int32Array(n);
  const queue = new Int32Array(n);
  const queued = new Uint8Array(n);
  const reduced = (a: number, from: number): number =>
    cost[a]! + price[from]! - price[arcHead[a]!]!;

  // Global price update: distances (in units of ε, arc length floor(reduced/ε) + 1) from every
  // node to the nearest deficit, then each price lowered by ε × its distance. Keeps ε-optimality
  // and gives every node with excess an admissible path towards a deficit.
  const distance = new Float64Array(n);
  const done = new Uint8Array(n);
  const globalUpdate = (epsilon: number): void => {
    distance.fill(Infinity);
    done.fill(0);
    const buckets: number[][] = [[]];
    let waiting = 0;
    for (let v = 0; v < n; v++) {
      if (excess[v]! < 0) {
        distance[v] = 0;
        buckets[0]!.push(v);
      } else if (excess[v]! > 0) {
        waiting++;
      }
    }
    let level = 0;
    for (; level < buckets.length && waiting > 0; level++) {
      const bucket = buckets[level]!;
      while (bucket.length > 0 && waiting > 0) {
        const v = bucket.pop()!;
        if (done[v] === 1 || distance[v] !== level) continue;
        done[v] = 1;
        if (excess[v]! > 0) waiting--;
        const priceOfV = price[v]!;
        for (let k = adjacencyStart[v]!; k < adjacencyStart[v + 1]!; k++) {
          const back = adjacencyArc[k]! ^ 1;
          if (arcResidual[back] === 0) continue;
          const u = arcHead[adjacencyArc[k]!]!;
          if (done[u] === 1) continue;
          const length = Math.max(
            0,
            Math.floor((cost[back]! + price[u]! - priceOfV) / epsilon) + 1,
          );
          const reach = level + length;
          if (reach < distance[u]! && reach < n) {
            distance[u] = reach;
            while (buckets.length <= reach) buckets.push([]);
            buckets[reach]!.push(u);
          }
        }
      }
      if (waiting === 0) break;
    }
    for (let v = 0; v < n; v++) {
      const d = done[v] === 1 ? distance[v]! : Math.min(distance[v]!, level);
      if (d > 0) price[v] = price[v]! - epsilon * d;
      current[v] = adjacencyStart[v]!;
    }
  };

  let epsilon = largest;
  while (epsilon > 1) {
    epsilon = Math.max(1, Math.floor(epsilon / ALPHA));
    // Saturate every residual arc that is now too cheap; this breaks conservation at their ends.
    for (let v = 0; v < n; v++) {
      for (let k = adjacencyStart[v]!; k < adjacencyStart[v + 1]!; k++) {
        const a = adjacencyArc[k]!;
        const amount = arcResidual[a]!;
        if (amount > 0 && reduced(a, v) < 0) {
          arcResidual[a] = 0;
          arcResidual[a ^ 1]! += amount;
          excess[v]! -= amount;
          excess[arcHead[a]!]! += amount;
        }
      }
    }
    globalUpdate(epsilon);
    let head = 0;
    let waiting = 0;
    for (let v = 0; v < n; v++) {
      if (excess[v]! > 0) {
        queue[(head + waiting++) % n] = v;
        queued[v] = 1;
      }
    }
    const enqueue = (w: number): void => {
      queue[(head + waiting++) % n] = w;
      queued[w] = 1;
    };
    let relabels = 0;
    while (waiting > 0) {
      const v = queue[head]!;
      head = (head + 1) % n;
      waiting--;
      queued[v] = 0;
      // Discharge v: push along admissible arcs, relabel when there is none left.
      while (excess[v]! > 0) {
        const end = adjacencyStart[v + 1]!;
        const priceOfV = price[v]!;
        let k = current[v]!;
        for (; k < end; k++) {
          const a = adjacencyArc[k]!;
          if (arcResidual[a] === 0) continue;
          const w = arcHead[a]!;
          if (cost[a]! + priceOfV - price[w]! >= 0) continue;
          const amount = Math.min(excess[v]!, arcResidual[a]!);
          arcResidual[a]! -= amount;
          arcResidual[a ^ 1]! += amount;
          excess[v]! -= amount;
          excess[w]! += amount;
          if (excess[w]! > 0 && queued[w] === 0) enqueue(w);
          if (excess[v] === 0) break;
        }
        current[v] = k;
        if (excess[v]! <= 0) break;
        let best = -Infinity;
        for (let j = adjacencyStart[v]!; j < end; j++) {
          const a = adjacencyArc[j]!;
          if (arcResidual[a] === 0) continue;
          const candidate = price[arcHead[a]!]! - cost[a]!;
          if (candidate > best) best = candidate;
        }
        price[v] = best - epsilon;
        current[v] = adjacencyStart[v]!;
        if (++relabels % n === 0) globalUpdate(epsilon);
      }
    }
    for (let v = 0; v < n; v++) {
      if (Math.abs(price[v]!) > Number.MAX_SAFE_INTEGER / 4) return null;
    }
  }

  const chosen = new Uint8Array(pairCount);
  let total = 0;
  for (let i = 0; i < pairCount; i++) {
    if (arcResidual[2 * i] === 0) {
      chosen[i] = 1;
      total += pairCost[i]!;
    }
  }
  return { chosen, cost: total, method: 'cost-scaling' };
}
