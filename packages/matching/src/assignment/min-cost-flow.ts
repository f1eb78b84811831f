// Sparse min-cost flow for assignment networks: people, each taking at most one position;
// positions with capacities under nested limits (a laminar tree of capacities); one sink.
//
// Method: successive shortest paths with node potentials, one Dijkstra (indexed binary heap) per
// unit of supply, stopped as soon as the sink is settled; nodes no closer than the best path to the
// sink found so far are never queued. Every source also has an arc straight to the sink (a person
// left unassigned, or a seat left empty), so each search is bounded by the cost of doing nothing
// and every unit is routed exactly once; after the last search the flow is a min-cost flow, hence
// an optimal assignment.
//
// The network can be oriented either way. People-side: each person is a source and searches for a
// seat, displacing others along the way. Seat-side: each seat of each root capacity is a source and
// searches for a person. Both give the same optimum; the side with fewer units is taken, because
// the expensive searches are those that end on "do nothing" (they must prove that no chain of
// displacements pays), and on the scarce side there are fewer of them: with 20,000 mentees and
// 9,000 mentor seats, 11,000 mentees stay unassigned but only a few hundred seats stay empty.
//
// Shortest paths degrade when the two sides are close in number and compete hard: late searches
// then explore much of the graph (42 s measured on 20,000 mentees and 14,000 seats). So they run on
// a budget of arc scans (about three times what ordinary département instances need) and, past it,
// cost scaling (cost-scaling.ts) solves the instance instead, in bounded work per scale.
//
// Costs are integers held in doubles (exact below 2^53), which is what makes the optimum exact; the
// caller (solve.ts) turns scores into such integers and checks the range.

import { NetworkBuilder, type Network } from './network.js';
import { solveByCostScaling } from './cost-scaling.js';

export interface FlowProblem {
  /** Number of people (nodes 0..personCount-1). */
  personCount: number;
  /** Number of capacity nodes (positions and limits), numbered after the people. */
  capacityCount: number;
  /** Capacity of each capacity node. */
  capacity: Int32Array;
  /** Parent capacity node of each capacity node, or -1 for a root. */
  parent: Int32Array;
  /** Capacity nodes in an order where every child comes before its parent. */
  childrenFirst: Int32Array;
  /** Candidate pairs: person index and capacity node index (a position), with an integer cost. */
  pairPerson: Int32Array;
  pairPosition: Int32Array;
  /** Cost of each pair (negative for a gain); doing nothing costs 0. */
  pairCost: Float64Array;
}

/** How a solution was found: shortest paths from one side, or cost scaling. */
export type FlowMethod = 'people' | 'seats' | 'cost-scaling';

export interface FlowSolution {
  /** For each pair, whether it carries flow (is part of the assignment). */
  chosen: Uint8Array;
  /** Total cost of the chosen pairs. */
  cost: number;
  method: FlowMethod;
}

/**
 * Arc scans the shortest-path solver may spend, per arc of the network, before it gives way to
 * cost scaling. Measured: 1 to 4 on département mentoring and visits, hundreds when
 * seats and people are close in number and compete hard.
 */
const SCANS_PER_ARC = 12;

export interface FlowOptions {
  /** Forces a method (tests check that all agree); by default, see solveFlow. */
  method?: FlowMethod;
  /** Budget of the shortest-path solver in arc scans per arc (default SCANS_PER_ARC). */
  scansPerArc?: number;
}

/**
 * Solves the assignment flow exactly; see the module header for the method. By default the side
 * with fewer units searches, within a budget of work past which cost scaling takes over.
 */
export function solveFlow(problem: FlowProblem, options: FlowOptions = {}): FlowSolution {
  const { method } = options;
  if (method === 'cost-scaling') {
    const solution = solveByCostScaling(problem);
    if (solution === null) throw new RangeError('costs too large for cost scaling');
    return solution;
  }
  const { personCount, capacityCount, capacity, parent, childrenFirst } = problem;
  const { pairPerson, pairPosition, pairCost } = problem;
  const pairCount = pairPerson.length;

  // Best gain of each person and each capacity node, and how many units each capacity node can
  // actually pass on (its capacity, but no more than its pairs or children can take).
  const personGain = new Float64Array(personCount);
  const personPairs = new Int32Array(personCount);
  const nodeGain = new Float64Array(capacityCount);
  const throughput = new Float64Array(capacityCount);
  for (let i = 0; i < pairCount; i++) {
    const gain = -pairCost[i]!;
    const person = pairPerson[i]!;
    const position = pairPosition[i]!;
    if (gain > personGain[person]!) personGain[person] = gain;
    if (gain > nodeGain[position]!) nodeGain[position] = gain;
    personPairs[person]!++;
    throughput[position]!++;
  }
  const childUnits = new Float64Array(capacityCount);
  let seatUnits = 0;
  for (let k = 0; k < childrenFirst.length; k++) {
    const c = childrenFirst[k]!;
    const units = Math.min(capacity[c]!, throughput[c]! + childUnits[c]!);
    throughput[c] = units;
    const up = parent[c]!;
    if (up < 0) {
      seatUnits += units;
    } else {
      childUnits[up]! += units;
      if (nodeGain[c]! > nodeGain[up]!) nodeGain[up] = nodeGain[c]!;
    }
  }
  let peopleUnits = 0;
  for (let p = 0; p < personCount; p++) if (personPairs[p]! > 0) peopleUnits++;

  const nodeCount = personCount + capacityCount + 1;
  const sink = nodeCount - 1;
  const builder = new NetworkBuilder(nodeCount, pairCount + capacityCount + personCount);
  const potential = new Float64Array(nodeCount);
  const sources: number[] = [];
  // Potentials are the natural dual start: nothing has a price yet, and each source stands at its
  // best gain, so that its best arc is tight and every reduced cost is non-negative.
  const searchingSide = method ?? (peopleUnits <= seatUnits ? 'people' : 'seats');
  if (searchingSide === 'people') {
    for (let i = 0; i < pairCount; i++) {
      builder.add(pairPerson[i]!, personCount + pairPosition[i]!, 1, pairCost[i]!);
    }
    for (let c = 0; c < capacityCount; c++) {
      const up = parent[c]!;
      builder.add(personCount + c, up < 0 ? sink : personCount + up, capacity[c]!, 0);
    }
    for (let p = 0; p < personCount; p++) {
      builder.add(p, sink, 1, 0);
      potential[p] = personGain[p]!;
      if (personPairs[p]! > 0) sources.push(p);
    }
    sources.sort((a, b) => personGain[b]! - personGain[a]! || a - b);
  } else {
    for (let i = 0; i < pairCount; i++) {
      builder.add(personCount + pairPosition[i]!, pairPerson[i]!, 1, pairCost[i]!);
    }
    const roots: number[] = [];
    for (let c = 0; c < capacityCount; c++) {
      const up = parent[c]!;
      potential[personCount + c] = nodeGain[c]!;
      if (up >= 0) {
        builder.add(personCount + up, personCount + c, capacity[c]!, 0);
      } else if (throughput[c]! > 0) {
        builder.add(personCount + c, sink, throughput[c]!, 0);
        roots.push(c);
      }
    }
    for (let p = 0; p < personCount; p++) builder.add(p, sink, 1, 0);
    roots.sort((a, b) => nodeGain[b]! - nodeGain[a]! || a - b);
    for (const c of roots) {
      for (let u = 0; u < throughput[c]!; u++) sources.push(personCount + c);
    }
  }
  const network = builder.build();
  const budget =
    method === undefined
      ? (options.scansPerArc ?? SCANS_PER_ARC) * network.arcHead.length
      : Infinity;
  const cost = successiveShortestPaths(network, potential, sources, budget);
  if (Number.isNaN(cost)) {
    // Out of budget. Cost scaling declines only when its scaled costs would lose exactness;
    // then shortest paths finish the job, however long it takes.
    return solveByCostScaling(problem) ?? solveFlow(problem, { method: searchingSide });
  }
  const chosen = new Uint8Array(pairCount);
  for (let i = 0; i < pairCount; i++) chosen[i] = network.arcResidual[2 * i] === 0 ? 1 : 0;
  return { chosen, cost, method: searchingSide };
}

/**
 * One Dijkstra and one augmentation per entry of `sources`; returns the total cost routed, or NaN
 * once more than `budget` arcs have been scanned.
 */
function successiveShortestPaths(
  network: Network,
  potential: Float64Array,
  sources: readonly number[],
  budget: number,
): number {
  const { nodeCount, sink, arcHead, arcResidual, arcCost, adjacencyStart, adjacencyArc } = network;
  const distance = new Float64Array(nodeCount);
  const viaArc = new Int32Array(nodeCount);
  // Per-search state is stamped with the search number instead of being cleared: each search
  // touches a handful of nodes, and clearing whole arrays 20,000 times would dominate the run.
  const seenIn = new Int32Array(nodeCount);
  const settledIn = new Int32Array(nodeCount);
  const settled = new Int32Array(nodeCount);
  // Indexed binary min-heap on distance, with decrease-key.
  const heap = new Int32Array(nodeCount);
  const heapIndex = new Int32Array(nodeCount);
  let heapSize = 0;

  const siftUp = (start: number): void => {
    let i = start;
    const node = heap[i]!;
    const key = distance[node]!;
    while (i > 0) {
      const up = (i - 1) >> 1;
      const other = heap[up]!;
      if (distance[other]! <= key) break;
      heap[i] = other;
      heapIndex[other] = i;
      i = up;
    }
    heap[i] = node;
    heapIndex[node] = i;
  };
  const popMin = (): number => {
    const top = heap[0]!;
    heapSize--;
    if (heapSize > 0) {
      const node = heap[heapSize]!;
      const key = distance[node]!;
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= heapSize) break;
        const right = child + 1;
        if (right < heapSize && distance[heap[right]!]! < distance[heap[child]!]!) child = right;
        const childNode = heap[child]!;
        if (distance[childNode]! >= key) break;
        heap[i] = childNode;
        heapIndex[childNode] = i;
        i = child;
      }
      heap[i] = node;
      heapIndex[node] = i;
    }
    return top;
  };

  let totalCost = 0;
  let scans = 0;
  for (let step = 0; step < sources.length; step++) {
    const source = sources[step]!;
    const search = step + 1;
    heapSize = 0;
    distance[source] = 0;
    seenIn[source] = search;
    viaArc[source] = -1;
    heap[heapSize] = source;
    heapIndex[source] = heapSize++;
    let settledCount = 0;
    let sinkDistance = Infinity;
    let sinkBound = Infinity;

    while (heapSize > 0) {
      // On a tie with the sink, stop: a node as far as the sink changes no potential, and
      // assignment networks have many such ties (every assigned pair is a zero-cost arc).
      if (distance[heap[0]!]! >= sinkBound) {
        sinkDistance = sinkBound;
        break;
      }
      const node = popMin();
      const nodeDistance = distance[node]!;
      settledIn[node] = search;
      settled[settledCount++] = node;
      const nodePotential = potential[node]!;
      const end = adjacencyStart[node + 1]!;
      scans += end - adjacencyStart[node]!;
      for (let k = adjacencyStart[node]!; k < end; k++) {
        const arc = adjacencyArc[k]!;
        if (arcResidual[arc] === 0) continue;
        const head = arcHead[arc]!;
        if (settledIn[head] === search) continue;
        const candidate = nodeDistance + arcCost[arc]! + nodePotential - potential[head]!;
        // A node no closer than the best path to the sink found so far cannot be settled before
        // the sink: leaving it out of the heap changes nothing but saves most of the heap work.
        if (candidate >= sinkBound) continue;
        if (head === sink) sinkBound = candidate;
        if (seenIn[head] !== search) {
          seenIn[head] = search;
          distance[head] = candidate;
          viaArc[head] = arc;
          heap[heapSize] = head;
          heapIndex[head] = heapSize++;
          siftUp(heapSize - 1);
        } else if (candidate < distance[head]!) {
          distance[head] = candidate;
          viaArc[head] = arc;
          siftUp(heapIndex[head]!);
        }
      }
    }
    if (scans > budget) return NaN;
    // The do-nothing arc always leaves a path, so the sink is always reached.
    // Potentials of the nodes settled before the sink move by their distance minus the sink's
    // distance; all others keep theirs. This is the usual update shifted by a constant, which keeps
    // reduced costs non-negative while touching only the nodes this search settled.
    for (let k = 0; k < settledCount; k++) {
      const node = settled[k]!;
      potential[node] = potential[node]! + distance[node]! - sinkDistance;
    }
    let node = sink;
    while (node !== source) {
      const arc = viaArc[node]!;
      arcResidual[arc]!--;
      arcResidual[arc ^ 1]!++;
      totalCost += arcCost[arc]!;
      node = arcHead[arc ^ 1]!;
    }
  }

  return totalCost;
}
