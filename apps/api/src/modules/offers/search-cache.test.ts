import { describe, expect, it } from 'vitest';
import { MemoCache } from '../../lib/memo-cache.js';
import { SearchCaches } from './search-cache.js';

describe('MemoCache', () => {
  it('computes the missing keys together, once, and answers the rest from memory', async () => {
    const cache = new MemoCache<string>(60_000);
    const asked: string[][] = [];
    const compute = async (keys: string[]) => {
      asked.push(keys);
      return new Map(keys.filter((k) => k !== 'gone').map((k) => [k, k.toUpperCase()]));
    };
    expect(await cache.rememberMany(['a', 'b', 'gone'], compute)).toEqual(['A', 'B', undefined]);
    expect(await cache.rememberMany(['b', 'c', 'c', 'a'], compute)).toEqual(['B', 'C', 'C', 'A']);
    expect(asked).toEqual([['a', 'b', 'gone'], ['c']]);
  });

  it('does not keep a failure, nor anything when its TTL is 0', async () => {
    const cache = new MemoCache<number>(60_000);
    await expect(cache.remember('k', () => Promise.reject(new Error('down')))).rejects.toThrow();
    expect(await cache.remember('k', async () => 1)).toBe(1);
    const off = new MemoCache<number>(0);
    let calls = 0;
    await off.remember('k', async () => ++calls);
    await off.remember('k', async () => ++calls);
    expect(calls).toBe(2);
  });
});

describe('SearchCaches.changed', () => {
  async function filled() {
    const caches = new SearchCaches(60_000);
    await caches.candidates.remember('search', async () => []);
    await caches.profiles.remember('pupil', async () => undefined);
    await caches.pages.remember('answer', async () => ({ total: 0, body: Buffer.from('{}') }));
    await caches.cards.rememberMany(
      ['o1|2026-11-26', 'o1|2026-11-27', 'o2|2026-11-26'],
      async (keys) => new Map(keys.map((k) => [k, undefined])),
    );
    return caches;
  }
  const sizes = (c: SearchCaches) => [
    c.candidates.size,
    c.cards.size,
    c.profiles.size,
    c.pages.size,
  ];

  it('drops only the cards of the offers whose seats moved (and every answer)', async () => {
    const caches = await filled();
    caches.changed('applications:o1,o9');
    expect(sizes(caches)).toEqual([1, 1, 1, 0]);
    caches.changed('applications');
    expect(sizes(caches)).toEqual([1, 0, 1, 0]);
  });

  it('drops candidates and cards when offers change, profiles and cards when pupils or schools do', async () => {
    let caches = await filled();
    caches.changed('offer_periods');
    expect(sizes(caches)).toEqual([0, 0, 1, 0]);
    caches = await filled();
    caches.changed('schools');
    expect(sizes(caches)).toEqual([1, 0, 0, 0]);
    caches = await filled();
    caches.changed('something new');
    expect(sizes(caches)).toEqual([0, 0, 0, 0]);
  });
});
