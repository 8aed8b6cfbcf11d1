import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { fromNdarray } from '../../runtime/from-ndarray.js';
import { toDense } from '../../runtime/strided-array.js';
import { einsum } from '../../src/einsum.js';
import { toStridedArray } from '../../src/tensor-like.js';
import { createRandom, maxScaledDiff, randomArray } from '../support/random.js';

describe('einsum operands', () => {
  const random = createRandom(11);

  it('wraps ndarrays and typed arrays without copying', () => {
    const a = ndarray(new Float64Array(12), [3, 4]).transpose(1, 0).lo(1, 0);
    const s = fromNdarray(a);
    expect(s.data).toBe(a.data);
    expect([s.shape, s.stride, s.offset]).toEqual([[3, 3], [1, 4], 1]);
    const typed = new Float32Array([1, 2, 3]);
    expect(toStridedArray(typed, 0).data).toBe(typed);
  });

  it('reads .hi/.lo/.step/transposed views through their strides, as their dense copies', () => {
    const base = randomArray([6, 5], random);
    const view = ndarray(base.data as Float64Array, [6, 5]).hi(5, 4).lo(1, 1).step(2, -1).transpose(1, 0);
    const other = randomArray([2, 3], random);
    const viaView = einsum('ij,ki->jk', view, ndarray(other.data as Float64Array, [2, 3]));
    const viaCopy = einsum('ij,ki->jk', toDense(fromNdarray(view)), other);
    expect(viaView.shape).toEqual([2, 2]);
    expect(maxScaledDiff(viaView, viaCopy)).toBe(0);
  });

  it('packs nested arrays row-major and infers their shape', () => {
    expect(toStridedArray([[1, 2, 3], [4, 5, 6]], 0)).toEqual({ data: Float64Array.of(1, 2, 3, 4, 5, 6), shape: [2, 3], stride: [3, 1], offset: 0 });
    expect(toStridedArray([[]], 0).shape).toEqual([1, 0]);
    expect(Array.from(einsum('ij->ji', [[1, 2, 3], [4, 5, 6]]).data)).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it('stops on an array that contains itself instead of recursing forever', () => {
    const loop: unknown[] = [];
    loop.push(loop);
    expect(() => toStridedArray(loop, 2)).toThrow(/einsum_operand_too_deep: Operand 2 is an array nested more than 64 levels/);
  });

  it('returns a fresh Float64 ndarray, shape [] for a scalar', () => {
    const a = ndarray(Float64Array.of(1, 2, 3, 4), [2, 2]);
    const same = einsum('ij->ij', a);
    expect(same.data).not.toBe(a.data);
    same.set(0, 0, 100);
    expect(a.get(0, 0)).toBe(1);
    const trace = einsum('ii', a);
    expect(trace.shape).toEqual([]);
    expect(trace.get()).toBe(5);
    expect(einsum('i,i', Int32Array.of(1, 2, 3), [4, 5, 6]).data).toBeInstanceOf(Float64Array);
  });

  it('accepts a trailing options object but treats a {data, shape, stride, offset} literal as an operand', () => {
    const a = randomArray([3, 4], random);
    const b = randomArray([4, 2], random);
    expect(maxScaledDiff(einsum('ij,jk', a, b, { optimize: 'greedy' }), einsum('ij,jk', a, b))).toBe(0);
    expect(einsum('ij,jk', a, b, {}).shape).toEqual([3, 2]);
    expect(einsum('ij,jk', { ...a }, b).shape).toEqual([3, 2]);
  });

  it('contracts a chain pairwise: a 6-index product of size 40 never forms the 40⁶ joint loop', () => {
    const n = 40;
    const ms = Array.from({ length: 5 }, () => randomArray([n, n], random));
    let expected: { data: ArrayLike<number>; shape: readonly number[] } = ms[0]!;
    for (const m of ms.slice(1)) expected = matmul(expected, m, n);
    const started = performance.now();
    const result = einsum('ab,bc,cd,de,ef->af', ...ms);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(maxScaledDiff(result, expected)).toBeLessThan(1e-12);
  });
});

function matmul(a: { data: ArrayLike<number> }, b: { data: ArrayLike<number> }, n: number): { data: Float64Array; shape: number[] } {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) c[i * n + j]! += a.data[i * n + k]! * b.data[k * n + j]!;
  return { data: c, shape: [n, n] };
}
