// Seeded randomness for the whole package: a string hash (used for lottery numbers, so it is part
// of the definition of a student's priority and must never change between releases) and a small,
// fast PRNG for generators and property tests. Plain 32-bit integer arithmetic, no platform RNG,
// so every run on every machine draws the same numbers for the same seed.

/** A seed as callers write it: a campaign name, or a number. */
export type Seed = string | number;

/** Final avalanche of MurmurHash3: every input bit flips each output bit with probability ~1/2. */
function mix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * 32-bit hash of a string (UTF-16 code units), MurmurHash3-style, keyed by `seed`.
 * Stable across platforms and releases: lottery numbers depend on it.
 */
export function hashString(text: string, seed = 0): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    let k = Math.imul(text.charCodeAt(i), 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  return mix32(h ^ length);
}

/** Reduces a seed to 32 bits. Integers in [0, 2^32) are used as they are; anything else is hashed. */
export function seedToUint32(seed: Seed): number {
  if (typeof seed === 'number' && Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff) {
    return seed;
  }
  return hashString(String(seed), 0x5eed);
}

/** A deterministic stream of pseudo-random numbers. */
export interface Random {
  /** Uniform integer in [0, 2^32). */
  uint32(): number;
  /** Uniform float in [0, 1), 32 bits of resolution. */
  next(): number;
  /** Uniform integer in [0, maxExclusive); maxExclusive must be a positive integer. */
  int(maxExclusive: number): number;
  /** Uniform integer in [min, max], both included. */
  intBetween(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** Standard normal deviate (Box–Muller). */
  normal(): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** Shuffles the array in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[];
  /** An independent stream derived from this one, for sub-tasks that must not shift each other. */
  fork(label: string): Random;
}

/**
 * A small fast counter PRNG (sfc32, Chris Doty-Humphrey), seeded through a splitmix-style mixer so
 * that nearby seeds give unrelated streams.
 */
export function createRandom(seed: Seed): Random {
  const base = seedToUint32(seed);
  let a = mix32(base ^ 0x243f6a88);
  let b = mix32(base ^ 0x85a308d3);
  let c = mix32(base ^ 0x13198a2e);
  let d = 1;

  const uint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // The first outputs of sfc32 are still close to the seed: discard a few.
  for (let i = 0; i < 12; i++) uint32();

  const next = (): number => uint32() / 4294967296;
  let spareNormal: number | null = null;

  const random: Random = {
    uint32,
    next,
    int(maxExclusive) {
      return Math.floor(next() * maxExclusive);
    },
    intBetween(min, max) {
      return min + Math.floor(next() * (max - min + 1));
    },
    chance(p) {
      return next() < p;
    },
    normal() {
      if (spareNormal !== null) {
        const value = spareNormal;
        spareNormal = null;
        return value;
      }
      // 1 - next() is in (0, 1], so the logarithm is finite.
      const radius = Math.sqrt(-2 * Math.log(1 - next()));
      const angle = 2 * Math.PI * next();
      spareNormal = radius * Math.sin(angle);
      return radius * Math.cos(angle);
    },
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('pick() needs a non-empty array');
      return items[Math.floor(next() * items.length)] as T;
    },
    shuffle<T>(items: T[]): T[] {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const held = items[i] as T;
        items[i] = items[j] as T;
        items[j] = held;
      }
      return items;
    },
    fork(label) {
      return createRandom(hashString(label, uint32()));
    },
  };
  return random;
}
