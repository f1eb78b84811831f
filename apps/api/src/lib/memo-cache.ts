// A small in-memory cache for answers that many requests share (offer searches, sessions).

/**
 * Answers identical keys from memory for a while, computing each at most once at a time. A
 * computation started before `delete` or `clear` is not kept: what it read may be older than
 * the change. A TTL of 0 turns it off. Bounded: the oldest entries go first.
 */
export class MemoCache<T> {
  private readonly entries = new Map<string, { at: number; value: Promise<T> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 5000,
  ) {}

  remember(key: string, compute: () => Promise<T>): Promise<T> {
    return this.rememberMany([key], async () => new Map([[key, await compute()]])).then(
      ([value]) => value as T,
    );
  }

  /**
   * The values of these keys, those not in memory computed together by one call (which gets
   * them in the order asked). A key the computation leaves out is undefined, and remembered so.
   */
  rememberMany(
    keys: string[],
    compute: (missing: string[]) => Promise<Map<string, T>>,
  ): Promise<(T | undefined)[]> {
    if (this.ttlMs <= 0) {
      return compute(keys).then((found) => keys.map((key) => found.get(key)));
    }
    const now = Date.now();
    const values: Promise<T | undefined>[] = [];
    const missing = new Map<string, Promise<T | undefined>>();
    for (const key of keys) {
      const hit = this.entries.get(key);
      if (hit && now - hit.at < this.ttlMs) {
        values.push(hit.value);
        continue;
      }
      if (hit) this.entries.delete(key);
      let value = missing.get(key);
      if (!value) {
        missing.set(key, (value = Promise.resolve(undefined)));
      }
      values.push(value);
    }
    if (missing.size > 0) {
      const asked = [...missing.keys()];
      const batch = compute(asked);
      for (const key of asked) {
        if (this.entries.size >= this.maxEntries) {
          const oldest = this.entries.keys().next().value;
          if (oldest !== undefined) this.entries.delete(oldest);
        }
        const value = batch.then((found) => found.get(key) as T);
        this.entries.set(key, { at: now, value });
        // A failure is not remembered.
        value.catch(() => {
          if (this.entries.get(key)?.value === value) this.entries.delete(key);
        });
        missing.set(key, value);
      }
      return Promise.all(keys.map((key, i) => missing.get(key) ?? values[i]!));
    }
    return Promise.all(values);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  deleteWhere(test: (key: string) => boolean): void {
    for (const key of this.entries.keys()) if (test(key)) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
