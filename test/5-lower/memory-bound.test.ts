import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveEinsum } from '../../compiler/2-network/resolve-einsum.js';
import { checkKernel } from '../../compiler/5-lower/check-loops.js';
import { defaultLoweringParameters } from '../../compiler/5-lower/lowering-parameters.js';
import { lowerEinsum } from '../../compiler/driver/plan.js';
import type { StridedArray } from '../../runtime/strided-array.js';
import { compileEinsum } from '../../src/compile.js';
import { maxScaledDiff } from '../support/random.js';
import { placed, randomOperands, referenceEinsum, type Layout } from './lower-support.js';

/**
 * The memory-bound step kinds (reductions along either axis, mat-vec and vec-mat, the bilinear
 * form, outer and Hadamard products, Hadamard-reduce, transposes) against the reference evaluator,
 * with the blocking knobs of their loop orders (streamBlock, transposeBlock, dotColumns) small and odd so edge
 * blocks and tiles occur, on odd sizes, dense, transposed, strided and negative-stride operands, f64
 * and f32 (float32 data in, float32 out), by default and with `backend: 'wasm'` (which keeps the
 * JavaScript kernel of a matrix–vector product).
 */
const forms = ['ij->j', 'ij->i', 'ij,j->i', 'i,ij->j', 'i,ij,j->', 'i,j->ij', 'ij,ij->ij', 'ij,ij->i', 'ij->ji', 'ijk->kji', 'ijk->ikj', 'ij,ji->ij'];
type Placement = Layout | 'negative';

/** The last axis walked backwards: offset at its end, stride negated (numpy's a[..., ::-1] of a reversed copy). */
function negative(a: StridedArray): StridedArray {
  const rank = a.shape.length;
  if (rank === 0) return a;
  const n = a.shape[rank - 1]!;
  const data = Float64Array.from(a.data);
  const s = a.stride[rank - 1]!;
  // element [.., k] moves to where [.., n−1−k] was, and the view reads it back in order
  const flipped = { ...a, data };
  const count = a.data.length;
  for (let flat = 0; flat < count; flat++) {
    const k = Math.floor(flat / s) % n;
    const mirror = flat + (n - 1 - 2 * k) * s;
    if (mirror >= 0 && mirror < count) data[mirror] = a.data[flat]!;
  }
  return { ...flipped, offset: a.offset + (n - 1) * s, stride: a.stride.map((t, d) => (d === rank - 1 ? -t : t)) };
}

function place(dense: StridedArray & { data: Float64Array }, how: Placement): StridedArray {
  return how === 'negative' ? negative(dense) : placed(dense as never, how);
}

const toFloat32 = (a: StridedArray): StridedArray => ({ ...a, data: Float32Array.from(a.data) });
const roundedToFloat32 = (a: StridedArray): StridedArray => ({ ...a, data: Float64Array.from(Float32Array.from(a.data)) });

describe('memory-bound steps', () => {
  it('equal the reference evaluator on odd sizes, every layout, small blocks, f64 and f32', () => {
    fc.assert(fc.property(fc.constantFrom(...forms), fc.array(fc.constantFrom(1, 3, 7, 33, 65), { minLength: 3, maxLength: 3 }),
      fc.constantFrom<Placement>('dense', 'reversed', 'strided', 'negative'), fc.constantFrom('float64' as const, 'float32' as const),
      fc.constantFrom(1, 2, 3, 8), fc.constantFrom(1, 2, 5, 32), fc.constantFrom(1, 3, 8), fc.constantFrom('auto' as const, 'wasm' as const), fc.nat(),
      (subscripts, extents, layout, dtype, streamBlock, transposeBlock, dotColumns, backend, seed) => {
        const size: Record<string, number> = { i: extents[0]!, j: extents[1]!, k: Math.min(extents[2]!, 7) };
        const shapes = subscripts.split('->')[0]!.split(',').map((t) => [...t].map((l) => size[l]!));
        const dense = randomOperands(shapes, seed).map((d) => (dtype === 'float32' ? roundedToFloat32(d) : d));
        const operands = dense.map((d) => place(d as never, layout)).map((o) => (dtype === 'float32' ? toFloat32(o) : o));
        const got = compileEinsum(subscripts, shapes, { dtype, backend, lowering: { streamBlock, transposeBlock, dotColumns } }).run(...operands);
        expect(got.data).toBeInstanceOf(dtype === 'float32' ? Float32Array : Float64Array);
        // f32: the output is rounded to float32 once per block of summed values, at most 65 times
        const tolerance = dtype === 'float64' ? 1e-12 : 65 * 1e-6;
        expect(maxScaledDiff(got, referenceEinsum(subscripts, dense))).toBeLessThan(tolerance);
      }), { numRuns: 400 });
  });

  it('choose the loop orders that stream memory: transposes in blocks, column reductions streaming', () => {
    const lower = (subscripts: string, shapes: number[][], strides: number[][], transposeBlock = defaultLoweringParameters.transposeBlock) =>
      lowerEinsum(resolveEinsum(subscripts, shapes), shapes.length === 1 ? [[0]] : [[0, 1]], strides, 'float64',
        { ...defaultLoweringParameters, transposeBlock }).kernels[0]!;
    const unblocked = (subscripts: string, shapes: number[][], strides: number[][]): string =>
      JSON.stringify(lower(subscripts, shapes, strides, 1e9).body);
    const blocks = (stmts: readonly unknown[]): number => JSON.stringify(stmts).split('"kind":"loop"').length - 1;
    const transposed = lower('ij->ji', [[100, 90]], [[90, 1]]);
    const copied = lower('ij->ij', [[100, 90]], [[90, 1]]);
    expect(checkKernel(transposed)).toEqual([]);
    // two levels of blocks (and their edges) around the tiles, where a dense copy has none
    expect(blocks(transposed.body)).toBeGreaterThan(blocks(copied.body) + 2);
    // an outer product or a Hadamard product reads each operand in order: not blocked; a product with a transposed operand is
    const cases: [string, number[][], number[][], boolean][] = [
      ['ij->ji', [[100, 90]], [[90, 1]], true],
      ['ij,ji->ij', [[100, 90], [90, 100]], [[90, 1], [100, 1]], true],
      ['i,j->ij', [[100], [90]], [[1], [1]], false],
      ['ij,ij->ij', [[100, 90], [100, 90]], [[90, 1], [90, 1]], false],
      ['ij->ij', [[100, 90]], [[90, 1]], false],
    ];
    for (const [subscripts, shapes, strides, isBlocked] of cases)
      expect(JSON.stringify(lower(subscripts, shapes, strides).body) !== unblocked(subscripts, shapes, strides), subscripts).toBe(isBlocked);
    expect(lower('ij->j', [[100, 90]], [[90, 1]]).name).toContain('streaming_8x');
    // a transposed operand makes ij->i a streaming reduction too (its summed index is the slow axis)
    expect(lower('ij->i', [[100, 90]], [[1, 100]]).name).toContain('streaming');
  });
});
