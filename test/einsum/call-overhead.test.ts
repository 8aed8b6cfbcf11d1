import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { createEinsum } from '../../src/einsum.js';

/** The plain-loop product of row-major n×n matrices: the oracle. */
function product(a: ArrayLike<number>, b: ArrayLike<number>, n: number): number[] {
  const out = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) out[i * n + k]! += a[i * n + j]! * b[j * n + k]!;
  return out;
}

const values = (n: number, seed: number): Float64Array => Float64Array.from({ length: n }, (_, k) => ((k * 7 + seed * 13) % 17) - 8);
const rows = (data: ArrayLike<number>, n: number): number[][] => Array.from({ length: n }, (_, i) => Array.from(data).slice(i * n, (i + 1) * n));

describe('small results and packed operands share slabs without sharing elements', () => {
  it('keeps every small result intact while later calls write theirs (float64 and float32)', () => {
    for (const dtype of ['float64', 'float32'] as const) {
      const einsum = createEinsum();
      const A = ndarray(values(64, 1), [8, 8]);
      const kept = Array.from({ length: 40 }, (_, s) => {
        const B = ndarray(values(64, s + 2), [8, 8]);
        return { result: einsum('ij,jk->ik', A, B, { dtype }), expected: product(A.data, B.data, 8) };
      });
      kept[0]!.result.data.fill(1e9); // a write into one result touches no other
      for (const [s, { result, expected }] of kept.entries()) {
        expect(result.data).toBeInstanceOf(dtype === 'float32' ? Float32Array : Float64Array);
        if (s > 0) expect(Array.from(result.data)).toEqual(expected); // small integers: exact in float32 too
      }
    }
  });

  it('makes a new slab when a result\'s buffer was transferred away', () => {
    const einsum = createEinsum();
    const A = ndarray(values(64, 3), [8, 8]), B = ndarray(values(64, 4), [8, 8]);
    const first = einsum('ij,jk->ik', A, B);
    structuredClone(first.data.buffer, { transfer: [first.data.buffer] });
    expect(first.data.length).toBe(0); // detached: the documented cost of transferring a shared buffer
    const again = einsum('ij,jk->ik', A, B);
    expect(Array.from(again.data)).toEqual(product(A.data, B.data, 8));
  });

  it('packs two nested operands of one call into separate memory', () => {
    const einsum = createEinsum();
    const a = values(64, 5), b = values(64, 6);
    for (let round = 0; round < 30; round++) expect(Array.from(einsum('ij,jk->ik', rows(a, 8), rows(b, 8)).data)).toEqual(product(a, b, 8));
  });

  it('reports a ragged or non-numeric nested element by its full position', () => {
    const einsum = createEinsum();
    const grid = rows(values(16, 7), 4) as unknown[][];
    const deep = [grid, grid.map((r) => [...r])];
    const sum = (): unknown => einsum('aij->', deep as never);
    (deep[1]![2] as unknown[])[3] = 'x';
    expect(sum).toThrow(/element \[1\]\[2\]\[3\]/);
    (deep[1]![2] as unknown[])[3] = [1];
    expect(sum).toThrow(/element \[1\]\[2\]\[3\] is an array of length 1 where a number was expected/);
    deep[1]![1] = [1, 2];
    expect(sum).toThrow(/element \[1\]\[1\] is an array of length 2 where an array of length 4/);
  });
});

describe('the latest-call fast path never serves a stale plan', () => {
  it('recompiles for another dtype of the same shapes right after a cached call', () => {
    const einsum = createEinsum();
    const a = values(16, 8);
    const f64 = einsum('i,i->', a, a);
    expect(f64.data).toBeInstanceOf(Float64Array);
    const f32 = einsum('i,i->', Float32Array.from(a), Float32Array.from(a));
    expect(f32.data).toBeInstanceOf(Float32Array);
    expect(f32.get()).toBe(f64.get());
    expect(einsum('i,i->', a, a).data).toBeInstanceOf(Float64Array);
  });

  it('follows a changed operand layout and shape after a cached call', () => {
    const einsum = createEinsum();
    const data = values(64, 9);
    const rowMajor = ndarray(data, [8, 8]);
    const expected = (get: (i: number, j: number) => number) => Array.from({ length: 64 }, (_, f) => get(f % 8, Math.floor(f / 8)));
    expect(Array.from(einsum('ij->ji', rowMajor).data)).toEqual(expected((i, j) => data[i * 8 + j]!));
    expect(Array.from(einsum('ij->ji', rowMajor.transpose(1, 0)).data)).toEqual(expected((i, j) => data[j * 8 + i]!));
    expect(Array.from(einsum('ij->ji', rowMajor.hi(4, 8)).data)).toEqual(Array.from({ length: 32 }, (_, f) => data[(f % 4) * 8 + Math.floor(f / 4)]!));
  });

  it('re-reads a limits object on every call (a mutated one is not served from the fast path)', () => {
    const einsum = createEinsum();
    const limits = { maxElements: 1e6 };
    const a = values(64, 10);
    expect(einsum('ij->i', ndarray(a, [8, 8]), { limits }).shape).toEqual([8]);
    limits.maxElements = 4;
    expect(() => einsum('ij->i', ndarray(a, [8, 8]), { limits })).toThrow(/maxElements|limit/);
  });
});
