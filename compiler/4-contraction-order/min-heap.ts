/** A binary min-heap over items ordered by `less`; the searches' candidate queues. */
export interface MinHeap<T> {
  push(item: T): void;
  pop(): T | undefined;
  readonly size: number;
}

export function createMinHeap<T>(less: (a: T, b: T) => boolean): MinHeap<T> {
  const items: T[] = [];
  const swap = (i: number, j: number) => { const t = items[i]!; items[i] = items[j]!; items[j] = t; };
  return {
    get size() { return items.length; },
    push(item) {
      items.push(item);
      for (let k = items.length - 1; k > 0;) {
        const parent = (k - 1) >> 1;
        if (!less(items[k]!, items[parent]!)) break;
        swap(k, parent);
        k = parent;
      }
    },
    pop() {
      const top = items[0];
      const last = items.pop();
      if (items.length > 0 && last !== undefined) {
        items[0] = last;
        for (let k = 0; ;) {
          const l = 2 * k + 1, r = l + 1;
          let m = k;
          if (l < items.length && less(items[l]!, items[m]!)) m = l;
          if (r < items.length && less(items[r]!, items[m]!)) m = r;
          if (m === k) break;
          swap(k, m);
          k = m;
        }
      }
      return top;
    },
  };
}
