// The seeded PRNG and string hash: fixed values (lottery numbers are part of a campaign's record
// and must not change between releases), determinism, ranges, and rough uniformity.
import { describe, expect, test } from 'vitest';
import { createRandom, hashString, seedToUint32 } from './random.js';

describe('hashString', () => {
  test('is pinned: these values must never change (published lotteries depend on them)', () => {
    const pinned: [string, number, number][] = [
      ['', 0, 2462723854],
      ['a', 0, 2194678987],
      ['student-42', 7, 4254365394],
      ['élève-ü', 2025, 301181868],
      ['s0000001', 3_000_000_000, 3307382160],
    ];
    for (const [text, seed, value] of pinned) expect(hashString(text, seed)).toBe(value);
  });

  test('gives 32-bit unsigned integers that depend on every character and on the seed', () => {
    const values = new Set<number>();
    let outOfRange = 0;
    for (let i = 0; i < 20_000; i++) {
      const h = hashString(`s${i}`, 1);
      if (!(Number.isInteger(h) && h >= 0 && h <= 0xffffffff)) outOfRange++;
      values.add(h);
    }
    expect(outOfRange).toBe(0);
    expect(values.size).toBeGreaterThan(19_990);
    expect(hashString('ab', 1)).not.toBe(hashString('ba', 1));
    expect(hashString('ab', 1)).not.toBe(hashString('ab', 2));
  });

  test('spreads evenly: each of 16 buckets gets about 1/16 of 64,000 hashes', () => {
    const buckets = new Array<number>(16).fill(0);
    for (let i = 0; i < 64_000; i++) {
      const h = hashString(`id-${i}`, 99) >>> 28;
      buckets[h] = (buckets[h] as number) + 1;
    }
    for (const count of buckets) expect(Math.abs(count - 4000)).toBeLessThan(300);
  });
});

describe('seedToUint32', () => {
  test('keeps 32-bit integers, hashes the rest', () => {
    expect(seedToUint32(12)).toBe(12);
    expect(seedToUint32('campaign')).toBe(seedToUint32('campaign'));
    expect(seedToUint32(-1)).not.toBe(seedToUint32(1));
    expect(seedToUint32(1.5)).toBe(seedToUint32('1.5'));
  });
});

describe('createRandom', () => {
  test('the same seed replays the same stream; another seed does not', () => {
    const a = createRandom('x');
    const b = createRandom('x');
    const c = createRandom('y');
    const drawsA = Array.from({ length: 100 }, () => a.uint32());
    expect(Array.from({ length: 100 }, () => b.uint32())).toEqual(drawsA);
    expect(Array.from({ length: 100 }, () => c.uint32())).not.toEqual(drawsA);
  });

  test('draws stay in range and look uniform', () => {
    const random = createRandom(5);
    let sum = 0;
    const counts = new Array<number>(10).fill(0);
    let outOfRange = 0;
    for (let i = 0; i < 50_000; i++) {
      const x = random.next();
      if (!(x >= 0 && x < 1)) outOfRange++;
      sum += x;
      const k = random.int(10);
      counts[k] = (counts[k] as number) + 1;
      const between = random.intBetween(-2, 2);
      if (!(between >= -2 && between <= 2)) outOfRange++;
    }
    expect(outOfRange).toBe(0);
    expect(Math.abs(sum / 50_000 - 0.5)).toBeLessThan(0.01);
    for (const count of counts) expect(Math.abs(count - 5000)).toBeLessThan(300);
  });

  test('normal deviates have mean 0 and variance 1', () => {
    const random = createRandom('normal');
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < 40_000; i++) {
      const x = random.normal();
      sum += x;
      squares += x * x;
    }
    expect(Math.abs(sum / 40_000)).toBeLessThan(0.03);
    expect(Math.abs(squares / 40_000 - 1)).toBeLessThan(0.04);
  });

  test('shuffle permutes, pick picks, fork gives an independent but reproducible stream', () => {
    const random = createRandom(1);
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = random.shuffle([...items]);
    expect([...shuffled].sort((x, y) => x - y)).toEqual(items);
    expect(shuffled).not.toEqual(items);
    expect(items).toContain(random.pick(items));
    expect(() => random.pick([])).toThrow(RangeError);
    const forkA = createRandom(1).fork('a');
    const forkB = createRandom(1).fork('a');
    expect(forkA.uint32()).toBe(forkB.uint32());
    expect(createRandom(1).fork('a').uint32()).not.toBe(createRandom(1).fork('b').uint32());
  });
});
