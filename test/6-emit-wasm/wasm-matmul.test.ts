import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placed, randomEinsum, randomOperands, referenceEinsum, type Layout } from '../5-lower/lower-support.js';
import { maxScaledDiff } from '../support/random.js';
import { fromBase64 } from '../../runtime/instantiate-wasm.js';
import { asFloat32, runWasmPlan, smallTiling, wasmKernelCount } from './wasm-support.js';
import { resolveEinsum } from '../../compiler/2-network/resolve-einsum.js';
import { defaultLoweringParameters, type LoweringParameters } from '../../compiler/5-lower/lowering-parameters.js';
import type { GemmBlocking } from '../../compiler/5-lower/matmul-step.js';
import { lowerEinsum } from '../../compiler/driver/plan.js';
import { rowMajorStrides } from '../../runtime/strided-array.js';

const sizes = [1, 2, 3, 4, 5, 7, 8, 9, 13];
const layout = fc.constantFrom<Layout>('dense', 'reversed', 'strided');

/** C[i,k] = Σ_j A[i,j] B[j,k] with either operand transposed in the subscripts and any memory layout. */
const matmulCase = fc.record({
  m: fc.constantFrom(...sizes), n: fc.constantFrom(...sizes), k: fc.constantFrom(...sizes),
  form: fc.constantFrom('ij,jk->ik', 'ji,jk->ik', 'ij,kj->ik', 'jk,ij->ik', 'ij,jk->ki'),
  layouts: fc.tuple(layout, layout), seed: fc.nat(), small: fc.boolean(),
});

/** The blocking 5-lower decides for a one-step product of row-major operands. */
function blockingOf(form: string, shapes: number[][], lowering: Partial<LoweringParameters>): GemmBlocking {
  const lowered = lowerEinsum(resolveEinsum(form, shapes), [[0, 1]], shapes.map((x) => rowMajorStrides(x)), 'float64', { ...defaultLoweringParameters, ...lowering });
  return lowered.kernels[0]!.matmul!.blocking;
}

function shapesOf(form: string, m: number, n: number, k: number): number[][] {
  const size = { i: m, j: k, k: n } as Record<string, number>;
  return form.split('->')[0]!.split(',').map((t) => [...t].map((c) => size[c]!));
}

describe('WebAssembly GEMM kernels equal the reference evaluator', () => {
  it('for matrix products of every size 1…13, transposed and strided operands, default and tiny blocks', () => {
    fc.assert(fc.property(matmulCase, ({ m, n, k, form, layouts, seed, small }) => {
      const dense = randomOperands(shapesOf(form, m, n, k), seed);
      const operands = dense.map((d, x) => placed(d, layouts[x]!));
      const { result, plan } = runWasmPlan(form, operands, [[0, 1]], small ? smallTiling : undefined);
      if (m > 1 && n > 1 && k > 1) expect(wasmKernelCount(plan)).toBe(1);
      for (const kernel of plan.kernels) if (kernel.wasm) expect(WebAssembly.validate(fromBase64(kernel.wasm.module))).toBe(true);
      // No scale: every k-block continues from the output, the reference's summation order.
      expect(maxScaledDiff(result, referenceEinsum(form, dense))).toBe(0);
    }), { numRuns: 300, seed: 21 });
  });

  it('renders whatever blocking 5-lower decides (any tile, kc, nc and in-place limit)', () => {
    const blocking = fc.record({
      tileRows: fc.integer({ min: 1, max: 5 }), tileColumns: fc.integer({ min: 1, max: 6 }),
      kc: fc.integer({ min: 1, max: 9 }), nc: fc.integer({ min: 1, max: 16 }), inPlaceLimit: fc.integer({ min: 0, max: 60 }),
    });
    fc.assert(fc.property(matmulCase, blocking, ({ m, n, k, form, layouts, seed }, lowering) => {
      const dense = randomOperands(shapesOf(form, m, n, k), seed);
      const operands = dense.map((d, x) => placed(d, layouts[x]!));
      const { result, plan } = runWasmPlan(form, operands, [[0, 1]], lowering);
      for (const kernel of plan.kernels) if (kernel.wasm) expect(WebAssembly.validate(fromBase64(kernel.wasm.module))).toBe(true);
      expect(maxScaledDiff(result, referenceEinsum(form, dense))).toBe(0);
    }), { numRuns: 300, seed: 24 });
  });

  it('on both sides of the one-k-block edge (depth 2·kc − 1, 2·kc, 2·kc + 1), f64 bit for bit, f32 within rounding', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 }), fc.constantFrom(-1, 0, 1), fc.constantFrom(...sizes), fc.constantFrom(...sizes),
      fc.constantFrom('ij,jk->ik', 'ji,jk->ik', 'ij,kj->ik', 'ij,jk->ki'), fc.tuple(layout, layout), fc.constantFrom('float64', 'float32'), fc.nat(),
      (kc, edge, m, n, form, layouts, dtype, seed) => {
        const depth = 2 * kc + edge;
        const dense = randomOperands(shapesOf(form, m, n, depth), seed);
        const operands = dense.map((d, x) => { const a = placed(d, layouts[x]!); return dtype === 'float32' ? asFloat32(a) : a; });
        const { result, plan } = runWasmPlan(form, operands, [[0, 1]], { kc, inPlaceLimit: seed % 2 === 0 ? 0 : 32768 }, dtype);
        if (m > 1 && n > 1 && depth > 1) expect(wasmKernelCount(plan)).toBe(1);
        const reference = referenceEinsum(form, dtype === 'float32' ? dense.map((d) => ({ ...d, data: Float64Array.from(Float32Array.from(d.data)) })) : dense);
        expect(maxScaledDiff(result, reference)).toBeLessThanOrEqual(dtype === 'float32' ? 4 * 2 ** -24 * Math.max(depth, 4) : 0);
      }), { numRuns: 200, seed: 28 });
  });

  it('packs a transposed left operand (rows at unit stride) by vectors, for even and odd tile heights and edge tiles', () => {
    // `ji,jk->ik` and `jk,ji->ik` with dense operands: L's rows are at unit stride, the vector pack's case
    fc.assert(fc.property(fc.integer({ min: 1, max: 19 }), fc.constantFrom(...sizes), fc.constantFrom(...sizes),
      fc.constantFrom('ji,jk->ik', 'jk,ji->ik'), fc.constantFrom(1, 2, 3, 4, 6, 8), fc.integer({ min: 1, max: 9 }), fc.nat(),
      (m, n, k, form, tileRows, kc, seed) => {
        const dense = randomOperands(shapesOf(form, m, n, k), seed);
        const { result } = runWasmPlan(form, dense, [[0, 1]], { tileRows, kc, inPlaceLimit: 0 });
        expect(maxScaledDiff(result, referenceEinsum(form, dense))).toBe(0);
      }), { numRuns: 200, seed: 27 });
  });

  it('widens a short last row tile (rows ≡ 1, 2 mod the tile) across adjacent panels or in place, bit for bit', () => {
    // `ij,kj->ik`: R packed from k at unit stride; `ij,jk->ik`: R read in place or packed; `ij,jk->ki`: L packed too.
    // Rows 30 end with 2 rows, as every step of the 5-operand network n=30 does.
    fc.assert(fc.property(fc.constantFrom(1, 2, 5, 6, 9, 10, 17, 30), fc.integer({ min: 1, max: 41 }), fc.integer({ min: 1, max: 31 }),
      fc.constantFrom('ij,kj->ik', 'ij,jk->ik', 'ij,jk->ki'), fc.constantFrom(2, 4, 6), fc.constantFrom(4, 5), fc.constantFrom(0, 32768),
      fc.integer({ min: 2, max: 24 }), fc.nat(), (m, n, k, form, tileColumns, tileRows, inPlaceLimit, nc, seed) => {
        const dense = randomOperands(shapesOf(form, m, n, k), seed);
        const { result, plan } = runWasmPlan(form, dense, [[0, 1]], { tileRows, tileColumns, inPlaceLimit, nc });
        expect(maxScaledDiff(result, referenceEinsum(form, dense))).toBe(0);
        if (plan.kernels.some((x) => x.wasm)) expect(blockingOf(form, shapesOf(form, m, n, k), { tileRows, tileColumns, inPlaceLimit, nc }).edgeTileColumns).toBe(2 * tileColumns);
      }), { numRuns: 250, seed: 29 });
  });

  it('for batched and outer-looped products (bij,bjk->bik and friends)', () => {
    const forms = ['bij,bjk->bik', 'bij,bjk->ibk', 'ij,bjk->bik', 'bij,jk->bik', 'bji,kbj->bik', 'abcd,cdef->abef', 'abcd,cdef->afeb'];
    fc.assert(fc.property(fc.constantFrom(...forms), fc.array(fc.constantFrom(1, 2, 3, 5, 7), { minLength: 6, maxLength: 6 }),
      fc.tuple(layout, layout), fc.nat(), fc.boolean(), (form, extents, layouts, seed, small) => {
        const size = Object.fromEntries([...'abcdefijk'].map((c, x) => [c, extents[x % 6]!]));
        const shapes = form.split('->')[0]!.split(',').map((t) => [...t].map((c) => size[c]!));
        const dense = randomOperands(shapes, seed);
        const operands = dense.map((d, x) => placed(d, layouts[x]!));
        const { result } = runWasmPlan(form, operands, [[0, 1]], small ? smallTiling : undefined);
        expect(maxScaledDiff(result, referenceEinsum(form, dense))).toBeLessThan(1e-12);
      }), { numRuns: 200, seed: 22 });
  });

  it('for random expressions along random paths (intermediates handed over in wasm memory)', () => {
    let wasmSteps = 0;
    fc.assert(fc.property(randomEinsum({ maxOperands: 4, sizes: [1, 2, 3, 5, 7] }), fc.boolean(), (e, small) => {
      const dense = randomOperands(e.shapes, e.seed);
      const operands = dense.map((d, k) => placed(d, e.layouts[k]!));
      const { result, plan } = runWasmPlan(e.subscripts, operands, e.path, small ? smallTiling : undefined);
      wasmSteps += wasmKernelCount(plan);
      expect(maxScaledDiff(result, referenceEinsum(e.subscripts, dense))).toBeLessThan(1e-12);
    }), { numRuns: 300, seed: 23 });
    expect(wasmSteps).toBeGreaterThan(50);
  });

  it('at the edge sizes 1, 3, 7, 129 and primes, with several k-blocks and column blocks', () => {
    for (const [m, k, n] of [[1, 1, 1], [3, 7, 1], [1, 129, 3], [7, 3, 129], [129, 131, 67], [5, 256, 9], [31, 257, 17], [2, 300, 263]] as const) {
      const dense = randomOperands([[m, k], [k, n]], m + k + n);
      const { result, plan } = runWasmPlan('ij,jk->ik', dense, [[0, 1]]);
      expect(wasmKernelCount(plan)).toBe(m * k * n > 1 ? 1 : 0);
      expect(maxScaledDiff(result, referenceEinsum('ij,jk->ik', dense)), `${m}×${k}×${n}`).toBeLessThan(1e-12);
    }
  });

  it.each([
    ['n=6 along the bench path (every step 6 rows: a tile of 4, then 2 rows × 8 columns)', [[6, 6], [6, 6], [6, 6, 6, 6], [6, 6], [6, 6]], 6, [[0, 2], [2, 3], [1, 2], [0, 1]]],
    ['of mixed sizes', [[4, 5], [3, 6], [5, 6, 7, 2], [9, 7], [3, 2]], 5, [[0, 2], [0, 3], [1, 2], [0, 1]]],
  ] as const)('runs the 5-operand expression %s with a WebAssembly kernel on every step, like the reference', (_, shapes, seed, path) => {
    const dense = randomOperands(shapes.map((s) => [...s]), seed);
    const { result, plan } = runWasmPlan('ea,fb,abcd,gc,hd->efgh', dense, path.map((p) => [...p]));
    expect(wasmKernelCount(plan)).toBe(4);
    expect(maxScaledDiff(result, referenceEinsum('ea,fb,abcd,gc,hd->efgh', dense))).toBeLessThan(1e-12);
  });
});
