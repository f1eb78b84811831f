// The residual network both solvers work on: arcs in pairs (arc a and its reverse a ^ 1) in flat
// typed arrays, with adjacency lists in compressed form.

export interface Network {
  nodeCount: number;
  sink: number;
  arcTail: Int32Array;
  arcHead: Int32Array;
  arcResidual: Int32Array;
  arcCost: Float64Array;
  adjacencyStart: Int32Array;
  adjacencyArc: Int32Array;
}

/** Arcs in pairs (arc a and a ^ 1), with pair i always at arc 2i, then adjacency lists. */
export class NetworkBuilder {
  readonly arcTail: Int32Array;
  readonly arcHead: Int32Array;
  readonly arcResidual: Int32Array;
  readonly arcCost: Float64Array;
  private arc = 0;

  constructor(
    readonly nodeCount: number,
    arcPairs: number,
  ) {
    this.arcTail = new Int32Array(2 * arcPairs);
    this.arcHead = new Int32Array(2 * arcPairs);
    this.arcResidual = new Int32Array(2 * arcPairs);
    this.arcCost = new Float64Array(2 * arcPairs);
  }

  add(from: number, to: number, capacity: number, cost: number): void {
    const a = this.arc;
    this.arcTail[a] = from;
    this.arcHead[a] = to;
    this.arcResidual[a] = capacity;
    this.arcCost[a] = cost;
    this.arcTail[a + 1] = to;
    this.arcHead[a + 1] = from;
    this.arcCost[a + 1] = -cost;
    this.arc = a + 2;
  }

  build(): Network {
    const { nodeCount, arcTail } = this;
    const arcCount = this.arc;
    const adjacencyStart = new Int32Array(nodeCount + 1);
    for (let a = 0; a < arcCount; a++) adjacencyStart[arcTail[a]! + 1]!++;
    for (let v = 0; v < nodeCount; v++) adjacencyStart[v + 1]! += adjacencyStart[v]!;
    const fill = adjacencyStart.slice(0, nodeCount);
    const adjacencyArc = new Int32Array(arcCount);
    for (let a = 0; a < arcCount; a++) adjacencyArc[fill[arcTail[a]!]!++] = a;
    return {
      nodeCount,
      sink: nodeCount - 1,
      arcTail,
      arcHead: this.arcHead,
      arcResidual: this.arcResidual,
      arcCost: this.arcCost,
      adjacencyStart,
      adjacencyArc,
    };
  }
}
