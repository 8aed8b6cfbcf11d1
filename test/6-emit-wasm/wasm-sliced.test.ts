import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placed, randomOperands, referenceEinsum, type Layout } from '../5-lower/lower-support.js';
import { maxScaledDiff } from '../support/random.js';
import type { DenseArray } from '../../runtime/strided-array.js';
import { arenaModes, asFloat32, runWasmPlan, wasmKernelCount } from './wasm-support.js';

const layout = fc.constantFrom<Layout>('dense', 'reversed', 'strided');
const rounded = (dense: readonly DenseArray[]): DenseArray[] => dense.map((d) => ({ ...d, data: Float64Array.from(Float32Array.from(d.data)) }));

/** Batched products whose batch is the output's outermost index, so they can run one batch per call. */
const forms = ['bhqd,bhkd->bhqk', 'bhqk,bhkd->bhqd', 'bij,bjk->bik', 'bji,bkj->bik', 'bij,jbk->bki', 'abij,abjk->abik'];

describe('batched GEMMs called once per batch (one batch staged at a time)', () => {
  it('equal the reference evaluator: any batch layout, transposed operands, sizes 1/3/7, f64 exactly and f32 within rounding, arenas kept with the plan, by the cache or per run', () => {
    let slicedKernels = 0;
    fc.assert(fc.property(fc.constantFrom(...forms), fc.array(fc.constantFrom(1, 2, 3, 7), { minLength: 8, maxLength: 8 }),
      fc.tuple(layout, layout), fc.constantFrom('float64' as const, 'float32' as const), fc.constantFrom(...arenaModes), fc.boolean(), fc.nat(),
      (form, extents, layouts, dtype, arena, smallBlocks, seed) => {
        const size = Object.fromEntries([...'abdhijkq'].map((c, x) => [c, extents[x]!]));
        const shapes = form.split('->')[0]!.split(',').map((t) => [...t].map((c) => size[c]!));
        const dense = randomOperands(shapes, seed);
        const operands = dense.map((d, x) => placed(d, layouts[x]!));
        const lowering = { sliceMinimum: 1, ...arena, ...(smallBlocks ? { kc: 2, nc: 4, inPlaceLimit: 4 } : {}) };
        const { result, plan } = runWasmPlan(form, dtype === 'float32' ? operands.map(asFloat32) : operands, [[0, 1]], lowering, dtype);
        slicedKernels += plan.kernels.filter((k) => k.wasm?.slices !== undefined).length;
        expect(wasmKernelCount(plan)).toBeLessThanOrEqual(1);
        if (dtype === 'float64') expect(maxScaledDiff(result, referenceEinsum(form, dense))).toBe(0);
        else expect(maxScaledDiff(result, referenceEinsum(form, rounded(dense)))).toBeLessThan(1e-5);
      }), { numRuns: 300, seed: 51 });
    expect(slicedKernels).toBeGreaterThan(100);
  });

  it('slices attention-shaped products and stages only one batch (a small arena), results equal the reference', () => {
    for (const form of ['bhqd,bhkd->bhqk', 'bhqk,bhkd->bhqd']) {
      const size: Record<string, number> = { b: 2, h: 3, q: 33, k: 31, d: 17 };
      const shapes = form.split('->')[0]!.split(',').map((t) => [...t].map((c) => size[c]!));
      const dense = randomOperands(shapes, 7);
      const { result, plan } = runWasmPlan(form, dense, [[0, 1]], { sliceMinimum: 1000 });
      const wasm = plan.kernels[0]!.wasm!;
      const [first, second] = shapes.map((s) => s[2]! * s[3]!);
      const output = form.startsWith('bhqd') ? 33 * 31 : 33 * 17;
      expect(wasm.slices).toEqual({ count: 6, strides: [output, first, second] });
      // one batch of the output is staged, not all six
      expect(wasm.reach[0]).toEqual({ min: 0, max: 33 * (form.startsWith('bhqd') ? 31 : 17) - 1 });
      expect(maxScaledDiff(result, referenceEinsum(form, dense))).toBe(0);
    }
  });
});
