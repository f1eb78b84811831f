// A uniform grid over latitude/longitude for best-first searches: items are bucketed by cell, each
// cell keeps the bounding box of its own items, and minDistanceKm gives a distance no item of the
// cell can beat. Searches rank cells by an upper bound on the score and stop once no cell left can
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
  /** Cell of each item. */
  readonly cellOf: Int32Array;

  constructor(lat: Float64Array, lon: Float64Array, cellKm: number) {
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
    let columns = 1;
    for (let i = 0; i < count; i++) {
      columns = Math.max(columns, Math.floor((lon[i]! - west) / lonStep) + 1);
    }
    for (let i = 0; i < count; i++) {
      const row = Math.floor((lat[i]! - south) / latStep);
      const column = Math.floor((lon[i]! - west) / lonStep);
      key[i] = row * columns + column;
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
    for (let i = 0; i < count; i++) {
      const c = cellOf[i]!;
      this.minLat[c] = Math.min(this.minLat[c]!, lat[i]!);
      this.maxLat[c] = Math.max(this.maxLat[c]!, lat[i]!);
      this.minLon[c] = Math.min(this.minLon[c]!, lon[i]!);
      this.maxLon[c] = Math.max(this.maxLon[c]!, lon[i]!);
    }
  }

  /**
   * A lower bound on the great-circle distance from (lat, lon) to any item of the cell. From the
   * haversine formula hav(d) = hav(Δφ) + cos φ1 cos φ2 hav(Δλ), each term bounded below over the
   * cell's box; a metre is taken off so that rounding can never push it above a true distance.
   */
  minDistanceKm(cell: number, lat: number, lon: number): number {
    const south = this.minLat[cell]!;
    const north = this.maxLat[cell]!;
    const west = this.minLon[cell]!;
    const east = this.maxLon[cell]!;
    const dLat = lat < south ? south - lat : lat > north ? lat - north : 0;
    const dLon = lon < west ? west - lon : lon > east ? lon - east : 0;
    if (dLat === 0 && dLon === 0) return 0;
    const cosCell = Math.min(Math.cos(south * RAD), Math.cos(north * RAD));
    const a =
      Math.sin((dLat * RAD) / 2) ** 2 +
      Math.cos(lat * RAD) * Math.max(0, cosCell) * Math.sin((dLon * RAD) / 2) ** 2;
    const km = 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
    return Math.max(0, km - 0.001);
  }
}
