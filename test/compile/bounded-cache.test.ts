import { describe, expect, it } from 'vitest';
import { createBoundedCache } from '../../runtime/bounded-cache.js';
import { createEinsum } from '../../src/einsum.js';

describe('the one bounded-cache helper', () => {
  it('keeps at most its capacity, evicting the least recently used, and makes each entry once', () => {
    const cache = createBoundedCache<string, number>(2);
    let made = 0;
    const make = (v: number) => () => { made++; return v; };
    expect(cache.getOrCreate('a', make(1))).toBe(1);
    expect(cache.getOrCreate('b', make(2))).toBe(2);
    expect(cache.getOrCreate('a', make(99))).toBe(1); // a hit: not made again, now most recent
    expect(made).toBe(2);
    cache.getOrCreate('c', make(3)); // evicts b, the least recently used
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
  });

  it('a repeated hit on the most recent entry (served without reordering) leaves the eviction order right', () => {
    const cache = createBoundedCache<string, number>(2);
    cache.getOrCreate('a', () => 1);
    cache.getOrCreate('b', () => 2);
    expect(cache.get('b')).toBe(2);
    expect(cache.get('b')).toBe(2); // the newest again
    expect(cache.get('a')).toBe(1); // a is now the newest, b the least recently used
    expect(cache.get('a')).toBe(1);
    cache.getOrCreate('c', () => 3);
    expect(cache.get('b')).toBeUndefined();
    expect([cache.get('a'), cache.get('c')]).toEqual([1, 3]);
    cache.getOrCreate('d', () => 4); // evicts a (c was read last)
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  it('stores nothing when making the entry throws', () => {
    const cache = createBoundedCache<string, number>(2);
    expect(() => cache.getOrCreate('x', () => { throw new Error('bad'); })).toThrow('bad');
    expect(cache.size).toBe(0);
  });
});

describe("einsum's per-call work", () => {
  it('reads each operand once per call, on a cache miss and on a hit', () => {
    const einsum = createEinsum();
    let reads = 0;
    const data = Float64Array.from({ length: 6 }, (_, k) => k + 1);
    const operand = { get data() { reads++; return data; }, shape: [2, 3], stride: [3, 1], offset: 0 };
    expect(Array.from(einsum('ij->j', operand).data)).toEqual([5, 7, 9]);
    expect(reads).toBe(1);
    expect(Array.from(einsum('ij->j', operand).data)).toEqual([5, 7, 9]);
    expect(reads).toBe(2);
  });

  it('reports the same errors, with the same carets, once its subscripts are cached', () => {
    const errorOf = (f: () => unknown): { code: string; span: unknown } => {
      try { f(); } catch (e) { return { code: (e as { code: string }).code, span: (e as { span: unknown }).span }; }
      return { code: 'no error', span: undefined };
    };
    const fresh = createEinsum();
    const count = errorOf(() => fresh('ij,jk->ik', [[1]]));
    const operand = errorOf(() => fresh('ij,jk->ik', [[1]], [[1], [2, 3]]));
    const warm = createEinsum();
    expect(Array.from(warm('ij,jk->ik', [[1, 2]], [[3], [4]]).data)).toEqual([11]);
    expect(errorOf(() => warm('ij,jk->ik', [[1]]))).toEqual(count);
    expect(errorOf(() => warm('ij,jk->ik', [[1]], [[1], [2, 3]]))).toEqual(operand);
    expect(count.code).toBe('einsum_operand_count');
    expect(operand).toEqual({ code: 'einsum_operand_ragged', span: { start: 3, end: 5 } });
  });

  it('keys cached plans on the shapes, the options and the operand layout, also right after a hit', () => {
    const einsum = createEinsum();
    const A = [[1, 2], [3, 4]];
    expect(Array.from(einsum('ij->i', A).data)).toEqual([3, 7]);
    expect(Array.from(einsum('ij->i', A).data)).toEqual([3, 7]);
    // shapes whose digits run together the same way ('1,12' and '11,2') are different plans
    const wide = [Array.from({ length: 12 }, (_, k) => k)];
    const tall = Array.from({ length: 11 }, (_, k) => [k, 1]);
    expect(Array.from(einsum('ij->i', wide).data)).toEqual([66]);
    expect(Array.from(einsum('ij->i', tall).data)).toEqual(Array.from({ length: 11 }, (_, k) => k + 1));
    expect(einsum.cache.size).toBe(3);
    expect(einsum('ij->i', A, { optimize: 'greedy' }).get(1)).toBe(7);
    expect(einsum.cache.size).toBe(4);
    expect(einsum('ij->i', A, { optimize: 'greedy', memoryLimit: 1e6 }).get(1)).toBe(7);
    expect(einsum.cache.size).toBe(5);
    expect(einsum('ij->i', A).get(0)).toBe(3);
    expect(einsum.cache.size).toBe(5);
    // same shapes, other subscripts right after: another plan
    expect(Array.from(einsum('ij->j', A).data)).toEqual([4, 6]);
    expect(einsum.cache.size).toBe(6);
    // the transposed layout of the same shape: same plan key, its own stride variant
    const data = new Float64Array([1, 2, 3, 4]);
    const rowMajor = { data, shape: [2, 2], stride: [2, 1], offset: 0 };
    const transposed = { data, shape: [2, 2], stride: [1, 2], offset: 0 };
    expect(Array.from(einsum('ij->i', rowMajor).data)).toEqual([3, 7]);
    expect(Array.from(einsum('ij->i', transposed).data)).toEqual([4, 6]);
    expect(Array.from(einsum('ij->i', rowMajor).data)).toEqual([3, 7]);
    // a size-1 axis matches any stride
    expect(Array.from(einsum('ij->i', { data, shape: [2, 1], stride: [2, 7], offset: 1 }).data)).toEqual([2, 4]);
  });

  it('keeps its plan cache within the instance capacity', () => {
    const einsum = createEinsum({ cacheSize: 3 });
    for (let n = 1; n <= 6; n++) einsum('i->', new Float64Array(n));
    expect(einsum.cache.size).toBe(3);
  });
});
