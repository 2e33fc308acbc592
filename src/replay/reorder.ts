/**
 * A bounded reordering window: items go in roughly in order, come out in order of their key, and
 * at most `window` of them are held (past it, the smallest leaves). Exports of spans and runs are
 * written as their records end, not as they start; a window puts the starts back in order without
 * holding the whole file. Equal keys leave in the order they came.
 */
export class ReorderWindow<T> {
  private readonly heap: { key: bigint | number | string; seq: number; item: T }[] = [];
  private seq = 0;

  constructor(
    private readonly window: number,
    private readonly out: (item: T) => void,
  ) {}

  push(key: bigint | number | string, item: T): void {
    const h = this.heap;
    h.push({ key, seq: this.seq++, item });
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
    if (h.length > this.window) this.out(this.pop()!);
  }

  /** Everything left, in order. */
  drain(): void {
    while (this.heap.length) this.out(this.pop()!);
  }

  private less(a: number, b: number): boolean {
    const x = this.heap[a]!;
    const y = this.heap[b]!;
    return x.key < y.key || (x.key === y.key && x.seq < y.seq);
  }

  private pop(): T | undefined {
    const h = this.heap;
    if (!h.length) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(l, m)) m = l;
        if (r < h.length && this.less(r, m)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top.item;
  }
}
