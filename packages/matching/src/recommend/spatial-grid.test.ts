import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distanceKm } from '../geo.js';
import { SpatialGrid } from './spatial-grid.js';

describe('SpatialGrid', () => {
  it('buckets every item once and never overestimates a distance to a bucket', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            lat: fc.double({ min: 48.68, max: 48.87, noNaN: true }),
            lon: fc.double({ min: 2.3, max: 2.62, noNaN: true }),
          }),
          { minLength: 1, maxLength: 60 },
        ),
        fc.record({
          lat: fc.double({ min: 48.5, max: 49.1, noNaN: true }),
          lon: fc.double({ min: 2.0, max: 2.9, noNaN: true }),
        }),
        fc.double({ min: 0.2, max: 5, noNaN: true }),
        (points, from, cellKm) => {
          const lat = Float64Array.from(points, (p) => p.lat);
          const lon = Float64Array.from(points, (p) => p.lon);
          const grid = new SpatialGrid(lat, lon, cellKm);
          expect(Array.from(grid.cellItems).sort((a, b) => a - b)).toEqual(points.map((_, i) => i));
          const cosLat = Math.cos((from.lat * Math.PI) / 180);
          for (let c = 0; c < grid.cellCount; c++) {
            const bound = grid.minDistanceKm(c, from.lat, from.lon, cosLat);
            for (let m = grid.cellStart[c]!; m < grid.cellStart[c + 1]!; m++) {
              const i = grid.cellItems[m]!;
              expect(bound).toBeLessThanOrEqual(distanceKm(from.lat, from.lon, lat[i]!, lon[i]!));
            }
          }
        },
      ),
      { numRuns: 300, seed: 94 },
    );
  });

  it('is tight: within 1% (and a metre) of the true distance to a single-item bucket', () => {
    const grid = new SpatialGrid(Float64Array.of(48.79), Float64Array.of(2.45), 1);
    const exact = distanceKm(48.7, 2.3, 48.79, 2.45);
    const bound = grid.minDistanceKm(0, 48.7, 2.3, Math.cos((48.7 * Math.PI) / 180));
    expect(bound).toBeGreaterThan(exact * 0.99 - 0.001);
  });
});
