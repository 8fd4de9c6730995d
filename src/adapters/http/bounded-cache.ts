// A small cache of at most `capacity` entries that drops those not used for longest first. For
// values that are a pure function of their key (a parsed query string), so a hit is exactly what
// computing it again would give.
//
// Two generations of capacity / 2 entries each, rather than one map reordered on every read: a hit
// among the recent entries is a plain Map lookup with no write, which is what a crowd polling a few
// pages does. A hit among the older ones moves the entry to the recent generation; when that is
// full, the older generation is dropped whole and the recent one becomes the older. So an entry
// survives as long as it was used within the last capacity / 2 to capacity distinct insertions.

export class BoundedCache<K, V> {
  private recent = new Map<K, V>();
  private older = new Map<K, V>();
  private readonly generation: number;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 2 || capacity % 2 !== 0) throw new Error(`a cache needs an even capacity of at least 2, not ${capacity}`);
    this.generation = capacity / 2;
  }

  get(key: K): V | undefined {
    const value = this.recent.get(key);
    if (value !== undefined) return value;
    const old = this.older.get(key);
    if (old === undefined) return undefined;
    this.older.delete(key);
    this.insert(key, old);
    return old;
  }

  set(key: K, value: V): void {
    if (this.recent.has(key)) {
      this.recent.set(key, value);
      return;
    }
    this.older.delete(key);
    this.insert(key, value);
  }

  get size(): number {
    return this.recent.size + this.older.size;
  }

  private insert(key: K, value: V): void {
    if (this.recent.size >= this.generation) {
      this.older = this.recent;
      this.recent = new Map();
    }
    this.recent.set(key, value);
  }
}
