import { describe, expect, it } from 'vitest';
import { distanceKm } from './geo.js';

describe('distanceKm', () => {
  it('is zero for the same point and symmetric', () => {
    expect(distanceKm(48.79, 2.45, 48.79, 2.45)).toBe(0);
    expect(distanceKm(48.79, 2.45, 48.8, 2.5)).toBeCloseTo(distanceKm(48.8, 2.5, 48.79, 2.45), 12);
  });

  it('gives the known distance from Créteil to Paris Notre-Dame within 100 m', () => {
    // Créteil préfecture (48.7775, 2.4553) to Notre-Dame (48.8530, 2.3499): about 11.5 km.
    expect(distanceKm(48.7775, 2.4553, 48.853, 2.3499)).toBeCloseTo(11.5, 0);
  });
});
