// Sparse min-cost flow for assignment networks: people on the left, each with one unit to place;
// nested capacities (a laminar tree of positions and limits) on the right; one sink.
//
// Method: successive shortest paths with node potentials, one Dijkstra (binary heap) per person,
// stopped as soon as the sink is settled. Every person also has an arc straight to the sink (being
// left unassigned), so each search is bounded by the cost of leaving that person out, and every
// person is routed exactly once: after the last search the flow is a min-cost flow of value |people|
// in which the "unassigned" arcs absorb whoever is better left out.
//
// Costs are integers held in doubles (exact below 2^53), which is what makes the optimum exact; the
// caller (assign.ts) turns scores into such integers and checks the range.

/** A network in flat arrays, built by {@link buildNetwork}. Arc `a` and arc `a ^ 1` are a pair. */
interface Network {
  nodeCount: number;
  sink: number;
  arcHead: Int32Array;
  arcResidual: Int32Array;
  arcCost: Float64Array;
  adjacencyStart: Int32Array;
  adjacencyArc: Int32Array;
}

export interface FlowProblem {
  /** Number of people (nodes 0..personCount-1), each with one unit of supply. */
  personCount: number;
  /** Number of capacity nodes (positions and limits), numbered after the people. */
  capacityCount: number;
  /** Capacity of each capacity node. */
  capacity: Int32Array;
  /** Parent capacity node of each capacity node, or -1 when it drains straight into the sink. */
  parent: Int32Array;
  /** Capacity nodes in an order where every child comes before its parent. */
  childrenFirst: Int32Array;
  /** Candidate pairs: person index and capacity node index (a position), with an integer cost. */
  pairPerson: Int32Array;
  pairPosition: Int32Array;
  pairCost: Float64Array;
  /** Cost of leaving a person unassigned (the same for everyone). */
  unassignedCost: number;
}

export interface FlowSolution {
  /** For each pair, whether it carries flow (is part of the assignment). */
  chosen: Uint8Array;
  /** Total cost of the flow, unassigned arcs included. */
  cost: number;
}

function buildNetwork(problem: FlowProblem): Network {
  const { personCount, capacityCount, parent, capacity, pairPerson, pairPosition, pairCost } =
    problem;
  const pairCount = pairPerson.length;
  const nodeCount = personCount + capacityCount + 1;
  const sink = nodeCount - 1;
  // Pairs first, so that arc 2*i is pair i; then capacity arcs; then the "unassigned" arcs.
  const arcCount = 2 * (pairCount + capacityCount + personCount);
  const arcTail = new Int32Array(arcCount);
  const arcHead = new Int32Array(arcCount);
  const arcResidual = new Int32Array(arcCount);
  const arcCost = new Float64Array(arcCount);
  let arc = 0;
  const addArc = (from: number, to: number, cap: number, cost: number): void => {
    arcTail[arc] = from;
    arcHead[arc] = to;
    arcResidual[arc] = cap;
    arcCost[arc] = cost;
    arcTail[arc + 1] = to;
    arcHead[arc + 1] = from;
    arcResidual[arc + 1] = 0;
    arcCost[arc + 1] = -cost;
    arc += 2;
  };
  for (let i = 0; i < pairCount; i++) {
    addArc(pairPerson[i]!, personCount + pairPosition[i]!, 1, pairCost[i]!);
  }
  for (let c = 0; c < capacityCount; c++) {
    const up = parent[c]!;
    addArc(personCount + c, up < 0 ? sink : personCount + up, capacity[c]!, 0);
  }
  for (let p = 0; p < personCount; p++) addArc(p, sink, 1, problem.unassignedCost);

  const adjacencyStart = new Int32Array(nodeCount + 1);
  for (let a = 0; a < arcCount; a++) adjacencyStart[arcTail[a]! + 1]!++;
  for (let v = 0; v < nodeCount; v++) adjacencyStart[v + 1]! += adjacencyStart[v]!;
  const fill = adjacencyStart.slice(0, nodeCount);
  const adjacencyArc = new Int32Array(arcCount);
  for (let a = 0; a < arcCount; a++) adjacencyArc[fill[arcTail[a]!]!++] = a;
  return { nodeCount, sink, arcHead, arcResidual, arcCost, adjacencyStart, adjacencyArc };
}

/**
 * Feasible starting potentials: shortest distances in the empty network from a virtual root tied to
 * every person. The empty network is acyclic (people -> positions -> limits -> sink), so one pass in
 * topological order suffices, and all reduced costs start non-negative despite negative pair costs.
 */
function initialPotentials(problem: FlowProblem, network: Network): Float64Array {
  const { personCount, parent, childrenFirst, pairPosition, pairCost } = problem;
  const potential = new Float64Array(network.nodeCount);
  for (let i = 0; i < pairPosition.length; i++) {
    const node = personCount + pairPosition[i]!;
    if (pairCost[i]! < potential[node]!) potential[node] = pairCost[i]!;
  }
  let sinkPotential = Math.min(0, problem.unassignedCost);
  for (let k = 0; k < childrenFirst.length; k++) {
    const c = childrenFirst[k]!;
    const up = parent[c]!;
    const value = potential[personCount + c]!;
    if (up < 0) {
      if (value < sinkPotential) sinkPotential = value;
    } else if (value < potential[personCount + up]!) {
      potential[personCount + up] = value;
    }
  }
  potential[network.sink] = sinkPotential;
  return potential;
}

/** Solves the assignment flow exactly; see the module header for the method. */
export function solveFlow(problem: FlowProblem): FlowSolution {
  const network = buildNetwork(problem);
  const { nodeCount, sink, arcHead, arcResidual, arcCost, adjacencyStart, adjacencyArc } = network;
  const potential = initialPotentials(problem, network);

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
  for (let person = 0; person < problem.personCount; person++) {
    const search = person + 1;
    heapSize = 0;
    distance[person] = 0;
    seenIn[person] = search;
    viaArc[person] = -1;
    heap[heapSize] = person;
    heapIndex[person] = heapSize++;
    let settledCount = 0;
    let sinkDistance = Infinity;

    while (heapSize > 0) {
      const node = popMin();
      const nodeDistance = distance[node]!;
      if (node === sink) {
        sinkDistance = nodeDistance;
        break;
      }
      settledIn[node] = search;
      settled[settledCount++] = node;
      const nodePotential = potential[node]!;
      const end = adjacencyStart[node + 1]!;
      for (let k = adjacencyStart[node]!; k < end; k++) {
        const arc = adjacencyArc[k]!;
        if (arcResidual[arc] === 0) continue;
        const head = arcHead[arc]!;
        if (settledIn[head] === search) continue;
        const candidate = nodeDistance + arcCost[arc]! + nodePotential - potential[head]!;
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
    // The "unassigned" arc always leaves a path, so the sink is always reached.
    // Potentials of the nodes settled before the sink move by their distance minus the sink's
    // distance; all others keep theirs. This is the usual update shifted by a constant, which keeps
    // reduced costs non-negative while touching only the nodes this search settled.
    for (let k = 0; k < settledCount; k++) {
      const node = settled[k]!;
      potential[node] = potential[node]! + distance[node]! - sinkDistance;
    }
    let node = sink;
    while (node !== person) {
      const arc = viaArc[node]!;
      arcResidual[arc]!--;
      arcResidual[arc ^ 1]!++;
      totalCost += arcCost[arc]!;
      node = arcHead[arc ^ 1]!;
    }
  }

  const pairCount = problem.pairPerson.length;
  const chosen = new Uint8Array(pairCount);
  for (let i = 0; i < pairCount; i++) chosen[i] = arcResidual[2 * i] === 0 ? 1 : 0;
  return { chosen, cost: totalCost };
}
