// The campaign generator: the shape the benchmarks rely on (sizes, wishes, priority classes,
// skewed capacities, places), determinism, and the optional features.
import { describe, expect, test } from 'vitest';
import { allocate } from '../allocation/allocate.js';
import { verifyAllocation } from '../allocation/verify.js';
import { distanceKm } from '../geo.js';
import { generateAllocationInstance } from './allocation.js';
import { communes94 } from './communes-94.js';

describe('département campaign', () => {
  const instance = generateAllocationInstance({ seed: 'gen' });

  test('has the announced sizes: 20,000 students, 10,000 offers, 25,000 seats, ~118,000 wishes', () => {
    expect(instance.students).toHaveLength(20_000);
    expect(instance.offers).toHaveLength(10_000);
    expect(instance.offers.reduce((sum, o) => sum + o.seats, 0)).toBe(25_000);
    const counts = instance.students.map((s) => s.wishes.length);
    const total = counts.reduce((a, b) => a + b, 0);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...counts)).toBeLessThanOrEqual(10);
    expect(total / counts.length).toBeGreaterThan(5.6);
    expect(total / counts.length).toBeLessThan(6.2);
    for (const student of instance.students.slice(0, 2000)) {
      expect(new Set(student.wishes).size).toBe(student.wishes.length);
    }
  });

  test('25–30% of students are REP+ or REP, concentrated in some schools', () => {
    const rep = instance.students.filter((s) => s.priorityClass !== 'other').length;
    expect(rep / instance.students.length).toBeGreaterThan(0.25);
    expect(rep / instance.students.length).toBeLessThan(0.3);
    const repPlus = instance.students.filter((s) => s.priorityClass === 'rep-plus').length;
    expect(repPlus).toBeGreaterThan(0);
  });

  test('capacities are skewed: mostly one or two seats, a few offers with ten or more', () => {
    const small = instance.offers.filter((o) => o.seats <= 2).length;
    const large = instance.offers.filter((o) => o.seats >= 10).length;
    expect(small / instance.offers.length).toBeGreaterThan(0.5);
    expect(large).toBeGreaterThan(20);
    expect(large / instance.offers.length).toBeLessThan(0.05);
  });

  test('students and offers lie around the real communes of Val-de-Marne', () => {
    const nearest = (lat: number, lon: number) =>
      Math.min(...communes94.map((c) => distanceKm(lat, lon, c.lat, c.lon)));
    for (const item of [...instance.students.slice(0, 300), ...instance.offers.slice(0, 300)]) {
      expect(nearest(item.lat as number, item.lon as number)).toBeLessThan(8);
    }
  });

  test('wishes are mostly near home, and popular offers are wished more', () => {
    const offerAt = new Map(instance.offers.map((o) => [o.id, o]));
    let near = 0;
    let total = 0;
    for (const student of instance.students.slice(0, 3000)) {
      for (const wish of student.wishes) {
        const offer = offerAt.get(wish);
        total++;
        if (distanceKm(student.lat!, student.lon!, offer!.lat!, offer!.lon!) < 8) near++;
      }
    }
    expect(near / total).toBeGreaterThan(0.7);
    const wished = new Map<string, number>();
    for (const s of instance.students)
      for (const w of s.wishes) wished.set(w, (wished.get(w) ?? 0) + 1);
    const counts = [...wished.values()].sort((a, b) => b - a);
    // The top 10% of offers draw well over 10% of the wishes.
    const top = counts.slice(0, 1000).reduce((a, b) => a + b, 0);
    expect(top / counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0.2);
  });

  test('is deterministic for a seed and changes with it', () => {
    const again = generateAllocationInstance({ seed: 'gen' });
    expect(again.students.slice(0, 50)).toEqual(instance.students.slice(0, 50));
    expect(again.offers.slice(-50)).toEqual(instance.offers.slice(-50));
    const other = generateAllocationInstance({ seed: 'other', students: 500, offers: 250 });
    expect(other.students.slice(0, 20)).not.toEqual(instance.students.slice(0, 20));
  });

  test('allocates to a stable result at full size', () => {
    const options = { seed: 'gen' };
    const result = allocate(instance, options);
    expect(result.statistics.placementRate).toBeGreaterThan(0.6);
    expect(result.statistics.meanDistanceKm).toBeGreaterThan(0);
    expect(verifyAllocation(instance, result.placements, options)).toEqual([]);
  });
});

describe('optional features and the national shape', () => {
  const instance = generateAllocationInstance({
    seed: 'features',
    scale: 'national',
    students: 6000,
    offers: 3000,
    reservedShare: 0.3,
    companyShare: 0.3,
    rankingShare: 0.1,
  });

  test('national places fall in a France-sized box', () => {
    for (const s of instance.students.slice(0, 500)) {
      expect(s.lat).toBeGreaterThan(41.5);
      expect(s.lat).toBeLessThan(52);
      expect(s.lon).toBeGreaterThan(-6);
      expect(s.lon).toBeLessThan(9.5);
    }
    expect(instance.offers.reduce((sum, o) => sum + o.seats, 0)).toBe(7500);
  });

  test('reserved seats, capped companies and ranking offers, all valid together', () => {
    const reserved = instance.offers.filter((o) => (o.reservedSeats ?? 0) > 0);
    const inCompany = instance.offers.filter((o) => o.companyId !== undefined);
    const ranking = instance.offers.filter((o) => o.ranking !== undefined);
    expect(reserved.length).toBeGreaterThan(300);
    expect(inCompany.length / instance.offers.length).toBeGreaterThan(0.2);
    expect(ranking.length).toBeGreaterThan(100);
    for (const o of reserved) expect(o.reservedSeats!).toBeLessThanOrEqual(o.seats);
    for (const o of inCompany) expect(o.reservedSeats).toBeUndefined();
    for (const company of instance.companies ?? []) {
      const seats = inCompany
        .filter((o) => o.companyId === company.id)
        .reduce((a, o) => a + o.seats, 0);
      expect(company.seats).toBeLessThanOrEqual(seats);
    }
    for (const policy of [{}, { useCompanyCaps: false }, { useReservedSeats: false }]) {
      const options = { seed: 3, ...policy };
      const result = allocate(instance, options);
      expect(verifyAllocation(instance, result.placements, options)).toEqual([]);
    }
  });
});
