// A uniform grid over latitude/longitude for best-first searches: items are bucketed by cell (and
// optionally by a category within the cell, so that a bucket's other criteria are tighter too),
// each bucket keeps the bounding box of its own items, and minDistanceKm gives a distance no item
// of the bucket can beat. Searches rank cells by an upper bound on the score and stop once no cell left can
// enter the top k. A grid rather than a k-d tree because a département is small and evenly built
// up: a few hundred cells cover it, and scoring every cell's bound is cheaper than a tree walk.

const KM_PER_DEGREE = 111.19508; // 6371.0088 km × π / 180, the same sphere as geo.ts
const RAD = Math.PI / 180;
const EARTH_RADIUS_KM = 6371.0088;

export class SpatialGrid {
  /** Number of non-empty cells. */
  readonly cellCount: number;
  /** Items of cell c are cellItems[cellStart[c]..cellStart[c+1]], in increasing item order. */
  readonly cellStart: Int32Array;
  readonly cellItems: Int32Array;
  /** Bounding box of each cell's items. */
  readonly minLat: Float64Array;
  readonly maxLat: Float64Array;
  readonly minLon: Float64Array;
  readonly maxLon: Float64Array;
  /** Smallest cosine of latitude over each cell's box. */
  readonly minCos: Float64Array;
  /** Cell of each item. */
  readonly cellOf: Int32Array;

  /**
   * @param category optional small non-negative integer per item: items of one cell but different
   * categories go to different buckets ("cells" below means buckets).
   */
  constructor(lat: Float64Array, lon: Float64Array, cellKm: number, category?: Int32Array) {
    if (!(cellKm > 0) || !Number.isFinite(cellKm)) throw new RangeError('cellKm must be positive');
    const count = lat.length;
    for (let i = 0; i < count; i++) {
      if (!Number.isFinite(lat[i]!) || !Number.isFinite(lon[i]!)) {
        throw new RangeError(`item ${i} has no valid coordinates`);
      }
    }
    let south = Infinity;
    let west = Infinity;
    let north = -Infinity;
    for (let i = 0; i < count; i++) {
      south = Math.min(south, lat[i]!);
      north = Math.max(north, lat[i]!);
      west = Math.min(west, lon[i]!);
    }
    const latStep = cellKm / KM_PER_DEGREE;
    const middle = count === 0 ? 0 : (south + north) / 2;
    const lonStep = cellKm / (KM_PER_DEGREE * Math.max(0.01, Math.cos(middle * RAD)));

    // Raw cell keys, then renumbered densely in key order so only non-empty cells exist.
    const key = new Float64Array(count);
    let categories = 1;
    if (category !== undefined) for (const c of category) categories = Math.max(categories, c + 1);
    let columns = 1;
    for (let i = 0; i < count; i++) {
      columns = Math.max(columns, Math.floor((lon[i]! - west) / lonStep) + 1);
    }
    for (let i = 0; i < count; i++) {
      const row = Math.floor((lat[i]! - south) / latStep);
      const column = Math.floor((lon[i]! - west) / lonStep);
      key[i] = (row * columns + column) * categories + (category?.[i] ?? 0);
    }
    const order = Array.from({ length: count }, (_, i) => i).sort(
      (a, b) => key[a]! - key[b]! || a - b,
    );
    const cellOf = new Int32Array(count);
    const starts: number[] = [];
    let previous = -1;
    for (let k = 0; k < count; k++) {
      const item = order[k]!;
      if (key[item] !== previous) {
        starts.push(k);
        previous = key[item]!;
      }
      cellOf[item] = starts.length - 1;
    }
    starts.push(count);
    this.cellCount = starts.length - 1;
    this.cellStart = Int32Array.from(starts);
    this.cellItems = Int32Array.from(order);
    this.cellOf = cellOf;
    this.minLat = new Float64Array(this.cellCount).fill(Infinity);
    this.maxLat = new Float64Array(this.cellCount).fill(-Infinity);
    this.minLon = new Float64Array(this.cellCount).fill(Infinity);
    this.maxLon = new Float64Array(this.cellCount).fill(-Infinity);
    this.minCos = new Float64Array(this.cellCount);
    for (let i = 0; i < count; i++) {
      const c = cellOf[i]!;
      this.minLat[c] = Math.min(this.minLat[c]!, lat[i]!);
      this.maxLat[c] = Math.max(this.maxLat[c]!, lat[i]!);
      this.minLon[c] = Math.min(this.minLon[c]!, lon[i]!);
      this.maxLon[c] = Math.max(this.maxLon[c]!, lon[i]!);
    }
    for (let c = 0; c < this.cellCount; c++) {
      this.minCos[c] = Math.max(
        0,
        Math.min(Math.cos(this.minLat[c]! * RAD), Math.cos(this.maxLat[c]! * RAD)),
      );
    }
  }

  /**
   * A lower bound on the great-circle distance from (lat, lon) to any item of the cell, without
   * trigonometry per cell (this runs for every cell of every search). From the haversine formula,
   * d = 2R asin(sqrt(hav)) >= 2R sqrt(hav) with hav = sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2), and
   * sin x >= x (1 - x²/6); so d >= R sqrt(Δφ² + cos φ1 cos φ2 Δλ²) (1 - m²/24) with m the larger
   * angle, each term taken at its smallest over the cell's box. `cosLat` is cos φ1, computed once
   * per search. A metre is taken off so that rounding can never push it above a true distance.
   */
  minDistanceKm(cell: number, lat: number, lon: number, cosLat: number): number {
    const south = this.minLat[cell]!;
    const north = this.maxLat[cell]!;
    const west = this.minLon[cell]!;
    const east = this.maxLon[cell]!;
    const dLat = (lat < south ? south - lat : lat > north ? lat - north : 0) * RAD;
    const dLon = (lon < west ? west - lon : lon > east ? lon - east : 0) * RAD;
    if (dLat === 0 && dLon === 0) return 0;
    const m = Math.max(dLat, dLon);
    if (m > 1) return 0; // Far beyond the small-angle bound; never the case within a département.
    const km =
      EARTH_RADIUS_KM *
      Math.sqrt(dLat * dLat + cosLat * this.minCos[cell]! * dLon * dLon) *
      (1 - (m * m) / 24);
    return Math.max(0, km - 0.001);
  }
}
