import fc from 'fast-check';
import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { isRicciError } from '../../compiler/diagnostics/ricci-error.js';
import { createKernelCache } from '../../runtime/instantiate-kernel.js';
import type { StridedArray } from '../../runtime/strided-array.js';
import { compileEinsum } from '../../src/compile.js';
import { createEinsum } from '../../src/einsum.js';
import { workerThreads } from '../../src/threads.js';
import { randomOperands, referenceEinsum } from '../5-lower/lower-support.js';
import { arenaModes, asFloat32 } from '../6-emit-wasm/wasm-support.js';
import { permuteView } from '../support/views.js';
import { maxScaledDiff } from '../support/random.js';

/** Step kinds, each with its operands' shapes from sizes (m, n, k, b). */
const kinds: readonly (readonly [string, (m: number, n: number, k: number, b: number) => number[][]])[] = [
  ['ij,jk->ik', (m, n, k) => [[m, k], [k, n]]], // GEMM
  ['bij,bjk->bik', (m, n, k, b) => [[b, m, k], [b, k, n]]], // batched
  ['bhqd,bhkd->bhqk', (m, n, k, b) => [[b, 2, m, k], [b, 2, n, k]]], // attention, transposed operand
  ['ij,jk->ki', (m, n, k) => [[m, k], [k, n]]], // transposed output
  ['ij->j', (m, n) => [[m, n]]], // column reduction
  ['ij->', (m, n) => [[m, n]]], // full reduction
  ['i,j->ij', (m, n) => [[m], [n]]], // outer
  ['ij,ij->ij', (m, n) => [[m, n], [m, n]]], // Hadamard
  ['ij,j->i', (m, n) => [[m, n], [n]]], // mat-vec
  ['ij,jk,kl->il', (m, n, k) => [[m, k], [k, n], [n, m]]], // a chain (intermediates, then the output)
  ['ii->i', (m) => [[m, m]]], // diagonal
];

/** `out` of `shape`, NaN-filled (a kernel relying on a zeroed result fails), `offset` elements into its buffer. */
function nanOut(shape: readonly number[], float32: boolean, offset: number): ndarray.NdArray<Float64Array | Float32Array> {
  const n = shape.reduce((p, s) => p * s, 1);
  const data = float32 ? new Float32Array(offset + n + 3) : new Float64Array(offset + n + 3);
  data.fill(Number.NaN);
  return ndarray(data, [...shape], undefined, offset);
}

const denseOf = (a: ndarray.NdArray<Float64Array | Float32Array>): { shape: number[]; data: number[] } => ({ shape: a.shape, data: Array.from({ length: a.size }, (_, k) => a.data[a.offset + k]!) });

/** The same matrix stored column-major (stride (1, rows)). */
function columnMajor(a: StridedArray): StridedArray {
  const [r, c] = a.shape as [number, number];
  const data = a.data instanceof Float32Array ? new Float32Array(r * c) : new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) data[j * r + i] = a.data[i * c + j]!;
  return permuteView({ data, shape: [c, r], stride: [r, 1], offset: 0 }, [1, 0]);
}

const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => a.length === b.length && Array.from(a).every((x, k) => Object.is(x, b[k]));

describe("results written into a caller's out", () => {
  const cache = createKernelCache();
  it('equal the reference and the fresh result bit for bit: step kinds, both dtypes, JS and WebAssembly, every arena mode, any offset', () => {
    fc.assert(fc.property(fc.record({
      kind: fc.nat(kinds.length - 1), sizes: fc.array(fc.integer({ min: 1, max: 19 }), { minLength: 4, maxLength: 4 }),
      float32: fc.boolean(), wasm: fc.boolean(), arena: fc.nat(arenaModes.length - 1), offset: fc.nat(5), transposed: fc.boolean(), seed: fc.nat(),
    }), ({ kind, sizes: [m, n, k, b], float32, wasm, arena, offset, transposed, seed }) => {
      const [subscripts, shapesOf] = kinds[kind]!;
      const shapes = shapesOf(m!, n!, k!, b!);
      const dense = randomOperands(shapes, seed).map((o) => (float32 ? asFloat32(o) : o));
      // a transposed first operand gets a plan of its own strides
      const operands: StridedArray[] = dense.map((o, j) => (transposed && j === 0 && o.shape.length === 2 ? columnMajor(o) : o));
      const compiled = compileEinsum(subscripts, shapes, { backend: wasm ? 'wasm' : 'js', runtime: arenaModes[arena], dtype: float32 ? 'float32' : 'float64', cache });
      const fresh = compiled.run(...(operands as never[]));
      const out = nanOut(fresh.shape, float32, offset);
      const returned = compiled.run(...(operands as never[]), { out });
      expect(returned).toBe(out);
      expect(out.data[offset - 1] ?? 'none').toEqual(offset > 0 ? Number.NaN : 'none'); // nothing written before
      expect(Number.isNaN(out.data[out.data.length - 1]!)).toBe(true); // nor after
      expect(sameBits(denseOf(out).data, fresh.data)).toBe(true);
      const expected = referenceEinsum(subscripts, dense.map((o) => ({ ...o, data: Float64Array.from(o.data) })));
      expect(maxScaledDiff(denseOf(out), expected)).toBeLessThan(float32 ? 1e-4 : 1e-10);
    }), { numRuns: 120 });
  });

  it('einsum: out reused across calls, interleaved with calls without out on the cached path', () => {
    const einsum = createEinsum();
    const [A, B, C] = randomOperands([[6, 5], [5, 4], [6, 5]], 7).map((o) => ndarray(o.data as Float64Array, [...o.shape]));
    const out = ndarray(new Float64Array(24), [6, 4]);
    for (const [left, expected] of [[A!, referenceEinsum('ij,jk->ik', [A!, B!])], [C!, referenceEinsum('ij,jk->ik', [C!, B!])]] as const) {
      const fresh = einsum('ij,jk->ik', left, B!);
      expect(fresh).not.toBe(out);
      expect(einsum('ij,jk->ik', left, B!, { out })).toBe(out);
      expect(maxScaledDiff(out, expected)).toBeLessThan(1e-12);
      expect(sameBits(out.data, fresh.data)).toBe(true);
      // a call without out after one with it still returns a fresh result
      const again = einsum('ij,jk->ik', left, B!);
      expect(again).not.toBe(out);
      expect(again.data.buffer).not.toBe(out.data.buffer);
      expect(sameBits(again.data, out.data)).toBe(true);
    }
    expect(einsum.cache.size).toBe(1);
  });

  it('einsum: float32 operands into a Float32Array out, { dtype } into its out, and a mismatched out refused', () => {
    const [a, b] = randomOperands([[7, 9], [9, 3]], 11);
    const a32 = ndarray(Float32Array.from(a!.data), [7, 9]), b32 = ndarray(Float32Array.from(b!.data), [9, 3]);
    const out32 = ndarray(new Float32Array(21), [7, 3]);
    expect(createEinsum()('ij,jk->ik', a32, b32, { out: out32 })).toBe(out32);
    expect(maxScaledDiff(out32, referenceEinsum('ij,jk->ik', [a32, b32]))).toBeLessThan(1e-5);
    const out64 = ndarray(new Float64Array(21), [7, 3]);
    expect(codeOf(() => createEinsum()('ij,jk->ik', a32, b32, { out: out64 }))).toBe('einsum_out_dtype');
    const into32 = ndarray(new Float32Array(21), [7, 3]);
    const einsum = createEinsum();
    expect(einsum('ij,jk->ik', a!, b!, { dtype: 'float32', out: into32 })).toBe(into32);
    expect(sameBits(into32.data, einsum('ij,jk->ik', a!, b!, { dtype: 'float32' }).data)).toBe(true);
    expect(maxScaledDiff(into32, referenceEinsum('ij,jk->ik', [a!, b!]))).toBeLessThan(1e-5);
  });

  it('accepts any stride on a size-1 axis and an empty out; refuses overlap with any operand, even a partial one', () => {
    const einsum = createEinsum();
    const out = ndarray(new Float64Array(3), [1, 3], [99, 1]);
    expect(Array.from(einsum('ij,jk->ik', [[1, 2]], [[1, 0, 1], [0, 1, 1]], { out }).data)).toEqual([1, 2, 3]);
    const empty = ndarray(new Float64Array(0), [0, 3]);
    expect(einsum('ij,jk->ik', ndarray(new Float64Array(0), [0, 2]), [[1, 0, 1], [0, 1, 1]], { out: empty })).toBe(empty);
    // one buffer: the operand in elements 0..3, out in 4..7 (fine) or 3..6 (overlap by one element)
    const buffer = new Float64Array(8).fill(1);
    const operand = ndarray(buffer, [2, 2]);
    expect(Array.from(einsum('ij->ji', operand, { out: ndarray(buffer, [2, 2], [2, 1], 4) }).data.subarray(4))).toEqual([1, 1, 1, 1]);
    expect(codeOf(() => einsum('ij->ji', operand, { out: ndarray(buffer, [2, 2], [2, 1], 3) }))).toBe('einsum_out_overlap');
    // a view over the same bytes through another typed array
    expect(codeOf(() => einsum('ij->ji', operand, { out: ndarray(new Float64Array(buffer.buffer, 24, 4), [2, 2]) }))).toBe('einsum_out_overlap');
    // an out running past its buffer is refused, not truncated
    expect(codeOf(() => einsum('ij->ji', [[1, 2], [3, 4]], { out: ndarray(new Float64Array(5), [2, 2], [2, 1], 2) }))).toBe('einsum_out_layout');
  });

  it('compileEinsum(...).run: the same refusals, and unknown run options', () => {
    const compiled = compileEinsum('ij,jk->ik', [[2, 3], [3, 2]]);
    const [a, b] = randomOperands([[2, 3], [3, 2]], 5);
    expect(codeOf(() => compiled.run(a!, b!, { out: ndarray(new Float64Array(6), [3, 2]) }))).toBe('einsum_out_shape');
    expect(codeOf(() => compiled.run(a!, b!, { out: [[0, 0], [0, 0]] } as never))).toBe('einsum_out_type');
    expect(codeOf(() => compiled.run(a!, b!, { into: 1 } as never))).toBe('einsum_option_unknown');
    expect(codeOf(() => compiled.run(a!, b!, { out: ndarray(new Float64Array(4), [2, 2], [1, 2]) }))).toBe('einsum_out_layout');
  });

  it('threads: a split plan writes into out, bit for bit with its fresh result, in every arena mode', async () => {
    const fresh = createKernelCache();
    try {
      for (const [subscripts, shapes] of [['ij,jk->ik', [[40, 33], [33, 36]]], ['bhqd,bhkd->bhqk', [[2, 3, 17, 8], [2, 3, 19, 8]]]] as const) {
        const operands = randomOperands(shapes.map((s) => [...s]), 3);
        for (const runtime of arenaModes) {
          const compiled = compileEinsum(subscripts, shapes.map((s) => [...s]), { backend: 'wasm', threads: workerThreads(2), lowering: { threadMinimum: 0, sliceMinimum: 1 }, runtime, cache: fresh });
          expect(compiled.plan.kernels.some((k) => (k.wasm?.parts?.length ?? 0) > 1)).toBe(true);
          const result = compiled.run(...operands);
          // the workers never see the result: an ordinary buffer, unless it is a view into an arena made for the run
          expect(result.data.buffer instanceof SharedArrayBuffer).toBe(runtime.keptArenaBytes === 0);
          const out = nanOut(result.shape, false, 1);
          compiled.run(...operands, { out });
          expect(out.data.buffer).toBeInstanceOf(ArrayBuffer);
          expect(sameBits(denseOf(out).data, result.data)).toBe(true);
          expect(maxScaledDiff(denseOf(out), referenceEinsum(subscripts, operands))).toBeLessThan(1e-10);
        }
      }
    } finally {
      await fresh.wasm.workers(1)?.terminate();
    }
  });
});

function codeOf(attempt: () => unknown): string {
  try {
    attempt();
    return 'ok';
  } catch (e) {
    return isRicciError(e) ? e.code : `not a RicciError: ${String(e)}`;
  }
}
