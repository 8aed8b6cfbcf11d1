import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveEinsum } from '../../compiler/2-network/resolve-einsum.js';
import { defaultLoweringParameters } from '../../compiler/5-lower/lowering-parameters.js';
import { lowerEinsum } from '../../compiler/driver/plan.js';
import { emitPlan } from '../../compiler/6-emit-js/emit-plan.js';
import { streamPays, withWasmKernels } from '../../compiler/6-emit-wasm/emit-wasm-plan.js';
import { fromBase64 } from '../../runtime/instantiate-wasm.js';
import { createBufferPool } from '../../runtime/buffer-pool.js';
import { createKernelCache } from '../../runtime/instantiate-kernel.js';
import { instantiatePlan } from '../../runtime/instantiate-plan.js';
import { defaultRuntimeOptions } from '../../runtime/runtime-options.js';
import { compileEinsum } from '../../src/compile.js';
import { elementCount, rowMajorStrides, type DenseArray, type DType, type StridedArray } from '../../runtime/strided-array.js';
import { placed, randomOperands, referenceEinsum, type Layout } from '../5-lower/lower-support.js';
import { maxScaledDiff } from '../support/random.js';

/**
 * The memory-bound SIMD kernels (emit-stream.ts) run on their own: each operand's whole data is
 * copied into a fresh memory at an odd element offset, the kernel is called with each buffer's
 * base address, and the output read back. (In a plan they only run on operands already in the
 * arena: tested in test/compile/resident-inputs.test.ts.)
 */
function runStreamKernel(subscripts: string, operands: readonly StridedArray[], dtype: DType): { result: DenseArray; kind: string | undefined } {
  const spec = resolveEinsum(subscripts, operands.map((o) => o.shape));
  // one step over every operand (three or more: a fused chain's step)
  const path = [operands.map((_, k) => k)];
  const lowered = lowerEinsum(spec, path, operands.map((o) => o.stride), dtype, defaultLoweringParameters);
  const plan = withWasmKernels(emitPlan(lowered), lowered, 'every-matrix-product');
  const kind = lowered.kernels[0]!.stream?.kind;
  const wasm = plan.kernels[0]!.wasm;
  const shape = [...plan.outputShape];
  const View = dtype === 'float32' ? Float32Array : Float64Array;
  if (wasm?.stream === undefined) return { result: { data: new View(0), shape, stride: [], offset: -1 }, kind };
  expect(WebAssembly.validate(fromBase64(wasm.module))).toBe(true);
  const bytes = View.BYTES_PER_ELEMENT;
  const n = elementCount(shape);
  const total = n + 64 + operands.reduce((s, o) => s + o.data.length + 64, 0);
  const memory = new WebAssembly.Memory({ initial: Math.ceil((total * bytes) / 65536) + 1 });
  const all = new View(memory.buffer);
  // the output at element 3 with NaN around it (a store outside it would show), then each operand's data
  let at = 3;
  all.fill(NaN, 0, n + 6);
  const addresses = [at * bytes];
  at += n + 3;
  for (const o of operands) {
    at += 5;
    all.set(o.data as ArrayLike<number>, at);
    addresses.push((at + o.offset) * bytes);
    at += o.data.length;
  }
  const module = new WebAssembly.Module(fromBase64(wasm.module));
  const kernel = new WebAssembly.Instance(module, { env: { memory } }).exports['kernel'] as (...a: number[]) => void;
  kernel(...addresses, 0);
  expect([...all.subarray(0, 3), ...all.subarray(3 + n, 6 + n)].every((x) => Number.isNaN(x))).toBe(true);
  return { result: { data: Float64Array.from(all.subarray(3, 3 + n)), shape, stride: rowMajorStrides(shape), offset: 0 }, kind };
}

const layout = fc.constantFrom<Layout>('dense', 'strided', 'reversed');
const forms = [
  ['ij,ij->ij', 'map'], ['i,j->ij', 'map'], ['ij,j->ij', 'map'], ['ij->ij', 'map'],
  ['i,ij->j', 'accumulate'], ['ij->j', 'accumulate'], ['ij,ij->j', 'accumulate'], ['bi,bij->bj', 'accumulate'],
  ['ij,j->i', 'dot'], ['ij->i', 'dot'], ['ij,ij->i', 'dot'], ['ij,ij->', 'dot'], ['bij,bj->bi', 'dot'],
  // fused chains: n operands
  ['ij,ij,ij->ij', 'map'], ['i,j,ij->ij', 'map'], ['ij,j,ij,ij->ij', 'map'], ['ij,ij,ij->j', 'accumulate'], ['i,ij,ij->j', 'accumulate'],
  ['ij,ij,ij->i', 'dot'], ['ij,ij,ij,ij->', 'dot'], ['bij,bij,bij->bi', 'dot'],
  // dot products with an operand broadcast along the summed index (splatted once per row)
  ['ij,i->i', 'dot'], ['ij,i,ij->i', 'dot'], ['bij,b,bij->bi', 'dot'],
] as const;
const sizes = [1, 2, 3, 4, 5, 7, 8, 9, 13, 17, 33];
const rounded = (dense: readonly DenseArray[]): DenseArray[] => dense.map((d) => ({ ...d, data: Float64Array.from(Float32Array.from(d.data)) }));

describe('memory-bound SIMD kernels (f64x2, f32x4) equal the reference evaluator', () => {
  it('for products, accumulations and dot products of two to four operands, odd sizes, dense, strided (offset 1) and reversed operands', () => {
    let rendered = 0;
    let renderedChains = 0;
    fc.assert(fc.property(fc.constantFrom(...forms), fc.array(fc.constantFrom(...sizes), { minLength: 3, maxLength: 3 }),
      fc.array(layout, { minLength: 4, maxLength: 4 }), fc.constantFrom<DType>('float64', 'float32'), fc.nat(), ([form, kind], extents, layouts, dtype, seed) => {
        const size: Record<string, number> = { b: extents[2]! % 4 + 1, i: extents[0]!, j: extents[1]! };
        const shapes = form.split('->')[0]!.split(',').map((t) => [...t].map((c) => size[c]!));
        const dense = randomOperands(shapes, seed);
        const operands = dense.map((d, k) => placed(d, layouts[k]!)).map((o) => (dtype === 'float32' ? { ...o, data: Float32Array.from(o.data as ArrayLike<number>) } : o));
        const { result, kind: got } = runStreamKernel(form, operands, dtype);
        // a reversed operand (negative strides) or an index of extent 1 changes the form or leaves none
        if (result.offset < 0) return;
        rendered++;
        if (shapes.length > 2) renderedChains++;
        const reversed = shapes.some((s, k) => layouts[k] === 'reversed' && s.filter((n) => n > 1).length > 0);
        if (!reversed && Object.values(size).every((n) => n > 1)) expect(got).toBe(kind);
        const reference = referenceEinsum(form, dtype === 'float32' ? rounded(dense) : dense);
        const depth = Math.max(size.i!, size.j!, size.b!);
        expect(maxScaledDiff(result, reference)).toBeLessThan(dtype === 'float32' ? 8 * 2 ** -24 * depth : 8 * 2 ** -52 * depth);
      }), { numRuns: 600, seed: 61 });
    // a strided operand (stride 2 along its last axis) or a reversed one often leaves no form: enough runs still render one
    expect(rendered).toBeGreaterThan(150);
    expect(renderedChains).toBeGreaterThan(30);
  });

  it('at sizes around the vector and unroll widths, exactly where the loop nest adds in the same order', () => {
    for (const n of [1, 3, 4, 5, 15, 16, 17, 31, 33, 129]) for (const dtype of ['float64', 'float32'] as const) {
      const m = n + 2;
      const cast = (d: DenseArray): DenseArray => (dtype === 'float32' ? { ...d, data: Float32Array.from(d.data) } : d);
      const [x, A] = randomOperands([[m], [m, n]], n).map(cast);
      const [B] = randomOperands([[m, n]], n + 1).map(cast);
      // map: one rounding per product, as the loop nest; accumulate (f64): rows added in order from 0
      const hadamard = runStreamKernel('ij,ij->ij', [A!, B!], dtype).result;
      expect([...hadamard.data]).toEqual([...referenceEinsum('ij,ij->ij', [A!, B!]).data].map((v) => (dtype === 'float32' ? Math.fround(v) : v)));
      const vecMat = runStreamKernel('i,ij->j', [x!, A!], dtype).result;
      if (dtype === 'float64' && n > 1) expect([...vecMat.data]).toEqual([...referenceEinsum('i,ij->j', [x!, A!]).data]);
      // dot: partial sums in 4 × lanes accumulators, within rounding of the reference
      const y = cast(randomOperands([[n]], n + 2)[0]!);
      const matVec = runStreamKernel('ij,j->i', [A!, y], dtype).result;
      expect(matVec.shape).toEqual([m]);
      expect(maxScaledDiff(matVec, referenceEinsum('ij,j->i', [A!, y]))).toBeLessThan((dtype === 'float32' ? 2 ** -24 : 2 ** -52) * 4 * n);
    }
  });

  it('keep a broadcast operand out of the zeroed lanes of a dot product\'s last elements (an infinite x adds no NaN)', () => {
    for (const n of [4, 5, 6, 7, 9, 17, 18, 19]) for (const dtype of ['float64', 'float32'] as const) {
      const [A, B, x] = randomOperands([[3, n], [3, n], [3]], n).map((d) => ({ ...d, data: d.data.map(Math.abs) }));
      x!.data[1] = Infinity;
      const cast = (d: DenseArray): DenseArray => (dtype === 'float32' ? { ...d, data: Float32Array.from(d.data) } : d);
      const { result, kind } = runStreamKernel('ij,i,ij->i', [A!, x!, B!].map(cast), dtype);
      expect(kind).toBe('dot');
      expect(result.data[1]).toBe(Infinity);
      const reference = referenceEinsum('ij,i,ij->i', [A!, x!, B!].map(cast).map((d) => ({ ...d, data: Float64Array.from(d.data) })));
      for (const row of [0, 2]) expect(Math.abs(result.data[row]! - reference.data[row]!)).toBeLessThan((dtype === 'float32' ? 2 ** -24 : 2 ** -52) * 8 * n);
    }
  });

  it('on auto, a float64 elementwise map gets SIMD only where it writes an intermediate (a result copied out of the arena costs what SIMD saves); float32 and reductions get it either way', () => {
    const kind = (subscripts: string, shapes: number[][], options: { dtype?: DType; path?: number[][] } = {}) =>
      compileEinsum(subscripts, shapes, options).plan.kernels.map((k) => k.wasm?.stream ?? (k.wasm ? 'gemm' : 'js'));
    const square = [[512, 512], [512, 512]];
    expect(kind('ij,ij->ij', square)).toEqual(['js']);
    expect(kind('i,j->ij', [[512], [512]])).toEqual(['js']);
    expect(kind('ij,ij->ij', square, { dtype: 'float32' })).toEqual(['in-place']);
    expect(kind('ij,ij->i', square)).toEqual(['in-place']);
    expect(compileEinsum('ij,ij->ij', square, { backend: 'wasm' }).plan.kernels[0]!.wasm?.stream).toBe('in-place');
    // the same map writing an intermediate (in the arena), as a network plan's Hadamard of two products does
    const map = lowerEinsum(resolveEinsum('ij,ij->ij', square), [[0, 1]], square.map((s) => rowMajorStrides(s)), 'float64', defaultLoweringParameters).kernels[0]!.stream!;
    expect(map.kind).toBe('map');
    expect([streamPays(map, 'when-it-pays', true), streamPays(map, 'when-it-pays', false), streamPays(map, 'every-matrix-product', false)]).toEqual([true, false, true]);
  });

  it('staged where it pays: in the arena the plan keeps; its JavaScript kernels where the arena would be made per run', () => {
    const shapes = [[256], [256, 64]];
    const plan = compileEinsum('i,ij->j', shapes, { dtype: 'float32' }).plan;
    expect(plan.kernels[0]!.wasm?.stream).toBe('staged');
    const operands = randomOperands(shapes, 12).map((d) => ({ ...d, data: Float32Array.from(d.data) }));
    const script = compileEinsum('i,ij->j', shapes, { dtype: 'float32', backend: 'js' }).run(...operands.map((o) => ({ ...o })) as never[]);
    const kept = instantiatePlan(plan, createKernelCache(), defaultRuntimeOptions);
    const simd = kept.run(operands, createBufferPool('float32'));
    expect(kept.retainedBytes()).toBeGreaterThan(0);
    // f32x4 rounds every add, the JavaScript kernel sums 8 rows in double: they differ somewhere, both close to the reference
    expect([...simd.data].some((v, k) => v !== script.data[k])).toBe(true);
    expect(maxScaledDiff(simd, referenceEinsum('i,ij->j', rounded(operands as DenseArray[])))).toBeLessThan(2 ** -24 * 256);
    const perRun = instantiatePlan(plan, createKernelCache(), { retainedArenaBytes: 0, keptArenaBytes: 0 });
    expect([...perRun.run(operands, createBufferPool('float32')).data]).toEqual([...script.data]);
    expect(perRun.retainedBytes()).toBe(0);
  });

  it('read intermediates in place with no resident inputs (a Hadamard-reduce of two GEMM results)', () => {
    const n = 400;
    const shapes = [[n, n], [n, n], [n, n], [n, n]];
    const form = 'ij,jk,il,lk->i';
    const path = [[0, 1], [0, 1], [0, 1]];
    const plan = compileEinsum(form, shapes, { path });
    expect(plan.plan.kernels.map((k) => k.wasm?.stream ?? (k.wasm ? 'gemm' : 'js'))).toEqual(['gemm', 'gemm', 'in-place']);
    const dense = randomOperands(shapes, 13);
    const simd = plan.run(...dense as never[]);
    const script = compileEinsum(form, shapes, { path, backend: 'js' }).run(...dense as never[]);
    // the SIMD dot adds in 4 × 2 partial sums, the loop nest in order: different roundings somewhere, both within 1e-12
    expect([...simd.data].some((v, k) => v !== script.data[k])).toBe(true);
    // the reference in three steps (all four indices at once would be n⁴ terms)
    const [a, b, c, d] = dense;
    const reference = referenceEinsum('ik,ik->i', [referenceEinsum('ij,jk->ik', [a!, b!]), referenceEinsum('il,lk->ik', [c!, d!])]);
    expect(maxScaledDiff(simd, reference)).toBeLessThan(1e-12);
    expect(maxScaledDiff(script, reference)).toBeLessThan(1e-12);
  });
});
