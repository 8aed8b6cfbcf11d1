import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placed, randomEinsum, randomOperands, referenceEinsum, type Layout } from '../5-lower/lower-support.js';
import { maxScaledDiff } from '../support/random.js';
import { fromBase64 } from '../../runtime/instantiate-wasm.js';
import type { DenseArray } from '../../runtime/strided-array.js';
import { asFloat32, runWasmPlan, wasmKernelCount } from './wasm-support.js';

const layout = fc.constantFrom<Layout>('dense', 'reversed', 'strided');
const sizes = [1, 2, 3, 4, 5, 7, 8, 9, 13];

/** The reference on the float32-rounded operands, so only the kernel's float32 accumulation differs. */
const rounded = (dense: readonly DenseArray[]): DenseArray[] => dense.map((d) => ({ ...d, data: Float64Array.from(Float32Array.from(d.data)) }));
/** Float32 accumulation over `depth` terms of size ≤ 1: a few ulps (2⁻²⁴) per term. */
const f32Tolerance = (depth: number): number => 4 * 2 ** -24 * Math.max(depth, 4);

function shapesOf(form: string, m: number, n: number, k: number): number[][] {
  const size = { i: m, j: k, k: n } as Record<string, number>;
  return form.split('->')[0]!.split(',').map((t) => [...t].map((c) => size[c]!));
}

describe('WebAssembly f32x4 GEMM kernels equal the reference evaluator within float32 rounding', () => {
  it('for matrix products of sizes 1…13, transposed and strided operands and outputs, any blocking', () => {
    const blocking = fc.record({
      tileRows: fc.integer({ min: 1, max: 5 }), tileColumns: fc.integer({ min: 1, max: 6 }),
      kc: fc.integer({ min: 1, max: 9 }), nc: fc.integer({ min: 1, max: 16 }), inPlaceLimit: fc.integer({ min: 0, max: 60 }),
    });
    fc.assert(fc.property(fc.constantFrom(...sizes), fc.constantFrom(...sizes), fc.constantFrom(...sizes),
      fc.constantFrom('ij,jk->ik', 'ji,jk->ik', 'ij,kj->ik', 'jk,ij->ik', 'ij,jk->ki'), fc.tuple(layout, layout), fc.nat(),
      fc.option(blocking, { nil: undefined }), (m, n, k, form, layouts, seed, lowering) => {
        const dense = randomOperands(shapesOf(form, m, n, k), seed);
        const operands = dense.map((d, x) => asFloat32(placed(d, layouts[x]!)));
        const { result, plan } = runWasmPlan(form, operands, [[0, 1]], lowering ?? {}, 'float32');
        expect(result.data).toBeInstanceOf(Float32Array);
        if (m > 1 && n > 1 && k > 1) expect(wasmKernelCount(plan)).toBe(1);
        for (const kernel of plan.kernels) if (kernel.wasm) expect(WebAssembly.validate(fromBase64(kernel.wasm.module))).toBe(true);
        expect(maxScaledDiff(result, referenceEinsum(form, rounded(dense)))).toBeLessThan(f32Tolerance(k));
      }), { numRuns: 300, seed: 41 });
  });

  it('at the edge sizes 1, 3, 7, 129 and primes, with several k-blocks and column blocks', () => {
    for (const [m, k, n] of [[1, 1, 1], [3, 7, 1], [1, 129, 3], [7, 3, 129], [129, 131, 67], [31, 257, 17], [2, 300, 263], [129, 129, 129]] as const) {
      const dense = randomOperands([[m, k], [k, n]], m + k + n);
      const { result, plan } = runWasmPlan('ij,jk->ik', dense.map(asFloat32), [[0, 1]], {}, 'float32');
      expect(wasmKernelCount(plan)).toBe(m * k * n > 1 ? 1 : 0);
      expect(maxScaledDiff(result, referenceEinsum('ij,jk->ik', rounded(dense))), `${m}×${k}×${n}`).toBeLessThan(f32Tolerance(k));
    }
  });

  it('for batched products with any batch layout (attention both ways) and random paths', () => {
    const forms = ['bhqd,bhkd->bhqk', 'bhqk,bhkd->bhqd', 'bij,bjk->ibk', 'bji,kbj->bik', 'abcd,cdef->afeb'];
    fc.assert(fc.property(fc.constantFrom(...forms), fc.array(fc.constantFrom(1, 2, 3, 5, 7), { minLength: 8, maxLength: 8 }),
      fc.tuple(layout, layout), fc.nat(), (form, extents, layouts, seed) => {
        const size = Object.fromEntries([...'abcdefhijkq'].map((c, x) => [c, extents[x % 8]!]));
        const shapes = form.split('->')[0]!.split(',').map((t) => [...t].map((c) => size[c]!));
        const dense = randomOperands(shapes, seed);
        const { result } = runWasmPlan(form, dense.map((d, x) => asFloat32(placed(d, layouts[x]!))), [[0, 1]], {}, 'float32');
        expect(maxScaledDiff(result, referenceEinsum(form, rounded(dense)))).toBeLessThan(f32Tolerance(49));
      }), { numRuns: 150, seed: 42 });
    fc.assert(fc.property(randomEinsum({ maxOperands: 4, sizes: [1, 2, 3, 5, 7] }), (e) => {
      const dense = randomOperands(e.shapes, e.seed);
      const { result } = runWasmPlan(e.subscripts, dense.map((d, k) => asFloat32(placed(d, e.layouts[k]!))), e.path, {}, 'float32');
      // intermediates are rounded to float32 too: allow for the largest summed extent along the path
      expect(maxScaledDiff(result, referenceEinsum(e.subscripts, rounded(dense)))).toBeLessThan(1e-4);
    }), { numRuns: 150, seed: 43 });
  });
});
