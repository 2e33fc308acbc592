/**
 * A map that keeps at most about `cap` entries, forgetting the oldest half at once: two
 * generations, each a Map. Evicting the first key of a full Map one at a time
 * (`map.delete(map.keys().next().value)`) is quadratic in V8, whose ordered hash tables keep deleted
 * slots until they are rebuilt; here every operation is O(1).
 */
export class BoundedMap<K, V> {
  private current = new Map<K, V>();
  private previous = new Map<K, V>();
  private readonly half: number;

  constructor(cap: number) {
    this.half = Math.max(1, Math.floor(cap / 2));
  }

  get(key: K): V | undefined {
    return this.current.has(key) ? this.current.get(key) : this.previous.get(key);
  }

  has(key: K): boolean {
    return this.current.has(key) || this.previous.has(key);
  }

  set(key: K, value: V): this {
    // an older entry of the same key may stay in `previous`: `current` is looked up first, and
    // `previous` is dropped whole at the next turn
    this.current.set(key, value);
    if (this.current.size >= this.half) {
      this.previous = this.current;
      this.current = new Map();
    }
    return this;
  }

  delete(key: K): boolean {
    const a = this.current.delete(key);
    const b = this.previous.delete(key);
    return a || b;
  }

  /** Entries held (a key set again in the current generation may count twice). */
  get size(): number {
    return this.current.size + this.previous.size;
  }
}
