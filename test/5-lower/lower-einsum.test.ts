import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveEinsum } from '../../compiler/2-network/resolve-einsum.js';
import { checkKernel } from '../../compiler/5-lower/check-loops.js';
import { defaultLoweringParameters } from '../../compiler/5-lower/lowering-parameters.js';
import { lowerEinsum } from '../../compiler/driver/plan.js';
import { compileEinsum } from '../../src/compile.js';
import { maxScaledDiff } from '../support/random.js';
import { placed, randomEinsum, randomOperands, referenceEinsum, type Layout } from './lower-support.js';

describe('lowered einsum equals the reference evaluator', () => {
  it('for random expressions, random paths and strided, transposed and diagonal operands (f64)', () => {
    fc.assert(fc.property(randomEinsum({ maxOperands: 4, sizes: [1, 2, 3, 5] }), (e) => {
      const dense = randomOperands(e.shapes, e.seed);
      const operands = dense.map((d, k) => placed(d, e.layouts[k]!));
      const spec = resolveEinsum(e.subscripts, e.shapes);
      const lowered = lowerEinsum(spec, e.path, operands.map((o) => o.stride), 'float64', defaultLoweringParameters);
      for (const kernel of lowered.kernels) expect(checkKernel(kernel)).toEqual([]);
      const got = compileEinsum(e.subscripts, e.shapes, { path: e.path }).run(...operands);
      expect(maxScaledDiff(got, referenceEinsum(e.subscripts, dense))).toBeLessThan(1e-12);
    }), { numRuns: 200, seed: 5 });
  });

  it('in float32, within float32 rounding', () => {
    fc.assert(fc.property(randomEinsum({ maxOperands: 3, sizes: [1, 3, 5] }), (e) => {
      const dense = randomOperands(e.shapes, e.seed);
      const got = compileEinsum(e.subscripts, e.shapes, { path: e.path, dtype: 'float32' }).run(...dense);
      expect(got.data).toBeInstanceOf(Float32Array);
      expect(maxScaledDiff(got, referenceEinsum(e.subscripts, dense))).toBeLessThan(1e-4 * 125);
    }), { numRuns: 60, seed: 11 });
  });

  it('with small tiles and blocks, so packing, edge tiles and k-blocks all occur at odd sizes', () => {
    const lowering = { tileRows: 2, tileColumns: 3, kc: 4, nc: 8, packMinimum: 3 };
    fc.assert(fc.property(randomEinsum({ maxOperands: 3, sizes: [1, 3, 7, 11] }), (e) => {
      const dense = randomOperands(e.shapes, e.seed);
      const operands = dense.map((d, k) => placed(d, e.layouts[k]!));
      const spec = resolveEinsum(e.subscripts, e.shapes);
      const lowered = lowerEinsum(spec, e.path, operands.map((o) => o.stride), 'float64', { ...defaultLoweringParameters, ...lowering });
      for (const kernel of lowered.kernels) expect(checkKernel(kernel)).toEqual([]);
      const got = compileEinsum(e.subscripts, e.shapes, { path: e.path, lowering }).run(...operands);
      expect(maxScaledDiff(got, referenceEinsum(e.subscripts, dense))).toBeLessThan(1e-12);
    }), { numRuns: 120, seed: 3 });
  });
});

describe('sizes that leave edge tiles, and empty ones', () => {
  const cases: [string, number[][]][] = [
    ['ij,jk->ik', [[129, 7], [7, 131]]],
    ['ij,jk->ik', [[67, 129], [129, 61]]],
    ['ij,jk->ki', [[37, 41], [41, 43]]],
    ['bij,bjk->bik', [[3, 17, 19], [3, 19, 23]]],
    ['abcd,cdef->abef', [[3, 5, 7, 2], [7, 2, 5, 3]]],
    ['ij,ij->i', [[129, 7], [129, 7]]],
    ['ii->i', [[129, 129]]],
    ['ij->ji', [[7, 129]]],
    ['ij,jk->ik', [[2, 0], [0, 3]]],
    ['ij,jk,kl->il', [[0, 3], [3, 4], [4, 2]]],
  ];
  it.each(cases)('%s with shapes %j', (subscripts, shapes) => {
    const dense = randomOperands(shapes, 17);
    const compiled = compileEinsum(subscripts, shapes);
    expect(maxScaledDiff(compiled.run(...dense), referenceEinsum(subscripts, dense))).toBeLessThan(1e-12);
    const strided = dense.map((d) => placed(d, 'strided'));
    expect(maxScaledDiff(compiled.run(...strided), referenceEinsum(subscripts, dense))).toBeLessThan(1e-12);
  });
});

describe('the packed GEMM form', () => {
  const lowering = { tileRows: 3, tileColumns: 4, kc: 5, nc: 8, packMinimum: 2 };
  const forms = ['ij,jk->ik', 'ij,jk->ki', 'ji,kj->ik', 'bij,bjk->bik', 'ij,bjk->bik', 'aij,jk->iak'];
  it('is bit-identical to the reference (same summation order) for every size 1..20 and layout, and is chosen', () => {
    fc.assert(fc.property(fc.constantFrom(...forms), fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 4, maxLength: 4 }),
      fc.constantFrom<Layout>('dense', 'reversed', 'strided'), fc.nat(), (subscripts, [i, j, k, b], layout, seed) => {
        const size = { i: i!, j: j!, k: k!, b: b!, a: b! } as Record<string, number>;
        const shapes = subscripts.split('->')[0]!.split(',').map((t) => [...t].map((l) => size[l]!));
        const dense = randomOperands(shapes, seed);
        const operands = dense.map((d) => placed(d, layout));
        const spec = resolveEinsum(subscripts, shapes);
        const [kernel] = lowerEinsum(spec, [[0, 1]], operands.map((o) => o.stride), 'float64', { ...defaultLoweringParameters, ...lowering }).kernels;
        expect(checkKernel(kernel!)).toEqual([]);
        if (Math.min(i!, j!, k!) >= 2 && subscripts.startsWith('ij,jk')) expect(kernel!.name).toContain('packed');
        const compiled = compileEinsum(subscripts, shapes, { lowering });
        const got = compiled.run(...operands);
        // with k = 1 the step is a matrix–vector product, which 'auto' may run as a WebAssembly stream kernel adding in
        // 4 vector accumulators (6-emit-wasm/README): two orders of j terms of |x| ≤ 1 differ by ≤ 2 (j − 1) u j < 2 j² u
        const reordered = compiled.plan.kernels.some((kernel) => kernel.wasm?.stream !== undefined);
        expect(maxScaledDiff(got, referenceEinsum(subscripts, dense))).toBeLessThanOrEqual(reordered ? 2 * j! * j! * 2 ** -52 : 0);
      }), { numRuns: 150, seed: 23 });
  });
});

describe('the GEMM form carries the blocking 5-lower decided', () => {
  const gemmOf = (subscripts: string, shapes: number[][], lowering = {}) => {
    const spec = resolveEinsum(subscripts, shapes);
    const strides = shapes.map((s) => s.map((_, a) => s.slice(a + 1).reduce((p, n) => p * n, 1)));
    return lowerEinsum(spec, [[0, 1]], strides, 'float64', { ...defaultLoweringParameters, ...lowering }).kernels[0]!.matmul!;
  };
  it('tiles and blocks from the lowering parameters; R read in place when its columns are unit-stride and it is small', () => {
    const small = gemmOf('ij,jk->ik', [[9, 10], [10, 11]], { tileRows: 3, tileColumns: 5, kc: 4, nc: 7, inPlaceLimit: 110 });
    expect(small.blocking).toEqual({ tileRows: 3, tileColumns: 5, edgeTileColumns: 5, kc: 4, nc: 11, packRight: false, packLeft: false, leftPanelAt: 0, scratchLength: 0, sliced: false });
    const large = gemmOf('ij,jk->ik', [[9, 10], [10, 11]], { tileRows: 3, tileColumns: 5, kc: 4, nc: 7, inPlaceLimit: 109 });
    // kc 4 × nc 7 rounded up to whole 5-wide panels (10)
    expect(large.blocking).toEqual({ tileRows: 3, tileColumns: 5, edgeTileColumns: 5, kc: 4, nc: 7, packRight: true, packLeft: false, leftPanelAt: 40, scratchLength: 40, sliced: false });
  });
  it('widens the register tile of a short last row tile when whole vectors fill a tile (30 rows: 7 tiles of 4, then 2 rows × 8 columns)', () => {
    expect(gemmOf('ea,ab->eb', [[30, 30], [30, 900]]).blocking).toMatchObject({ tileRows: 4, tileColumns: 4, edgeTileColumns: 8 });
    expect(gemmOf('ea,ab->eb', [[30, 30], [30, 900]], { tileColumns: 3 }).blocking.edgeTileColumns).toBe(3);
    expect(gemmOf('ea,ab->eb', [[30, 30], [30, 900]], { tileRows: 1 }).blocking.edgeTileColumns).toBe(4);
  });
  it('takes the whole depth as one k block when it is at most twice kc, else blocks of kc', () => {
    const kcOf = (depth: number, lowering = {}) => gemmOf('ij,jk->ik', [[8, depth], [depth, 8]], lowering).blocking.kc;
    // 256 deep (the training step's Xᵀ·δ1) is one block at the default kc of 128; 257 is not
    expect([kcOf(100), kcOf(256), kcOf(257), kcOf(784)]).toEqual([100, 256, 128, 128]);
    expect([kcOf(8, { kc: 4 }), kcOf(9, { kc: 4 }), kcOf(3, { kc: 4 })]).toEqual([8, 4, 3]);
    expect(gemmOf('ij,jk->ik', [[8, 256], [256, 300]], { inPlaceLimit: 0 }).blocking.scratchLength).toBe(256 * 256);
  });
  it('packs R whose columns are strided (B transposed)', () => {
    const transposed = gemmOf('ij,kj->ik', [[9, 10], [11, 10]]);
    expect(transposed.right.column).toBe(10);
    expect(transposed.blocking.packRight).toBe(true);
    expect(transposed.blocking.scratchLength).toBe(10 * 12);
  });
  it('slices a batched product per batch when each batch is large enough, both operands move with it and output batches are blocks', () => {
    expect(gemmOf('bhqd,bhkd->bhqk', [[2, 3, 64, 16], [2, 3, 64, 16]]).blocking.sliced).toBe(true);
    expect(gemmOf('bhqd,bhkd->bhqk', [[2, 3, 64, 16], [2, 3, 64, 16]], { sliceMinimum: 64 * 64 * 16 + 1 }).blocking.sliced).toBe(false);
    expect(gemmOf('ij,bjk->bik', [[64, 64], [3, 64, 64]]).blocking.sliced).toBe(false);
    expect(gemmOf('bij,bjk->ibk', [[3, 64, 64], [3, 64, 64]]).blocking.sliced).toBe(false);
    expect(gemmOf('ij,jk->ik', [[64, 64], [64, 64]]).blocking.sliced).toBe(false);
  });
  it('packs L per row tile when its k is not at unit stride (a transposed output: ij,jk->ki)', () => {
    const form = gemmOf('ij,jk->ki', [[9, 10], [10, 11]]);
    expect(form.left).toEqual({ row: 1, depth: 11 });
    expect(form.blocking).toMatchObject({ packRight: true, packLeft: true, leftPanelAt: 10 * 12, scratchLength: 10 * 12 + 10 * 4 });
    expect(gemmOf('ij,jk->ik', [[9, 10], [10, 11]]).blocking.packLeft).toBe(false);
  });
});
