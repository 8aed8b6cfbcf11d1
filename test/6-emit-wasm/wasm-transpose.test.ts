import fc from 'fast-check';
import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import '../support/fast-check-seed.js';
import { resolveEinsum } from '../../compiler/2-network/resolve-einsum.js';
import { defaultLoweringParameters, type LoweringParameters } from '../../compiler/5-lower/lowering-parameters.js';
import type { TransposeStep } from '../../compiler/5-lower/transpose-step.js';
import { lowerEinsum } from '../../compiler/driver/plan.js';
import { emitPlan } from '../../compiler/6-emit-js/emit-plan.js';
import { transposePays, withWasmKernels } from '../../compiler/6-emit-wasm/emit-wasm-plan.js';
import { fromBase64 } from '../../runtime/instantiate-wasm.js';
import { allocate, elementCount, rowMajorStrides, type DenseArray, type DType, type StridedArray } from '../../runtime/strided-array.js';
import { compileEinsum, compileNetwork, type Backend } from '../../src/compile.js';
import { createGraph } from '../../compiler/2-network/graph.js';
import { evaluateNetwork } from '../../compiler/2-network/evaluate-network.js';
import { placed, randomOperands, referenceEinsum } from '../5-lower/lower-support.js';
import { maxScaledDiff } from '../support/random.js';

/**
 * The SIMD transpose (emit-transpose.ts) on its own: the operand's whole data copied into a fresh
 * memory at an odd element offset, NaN around the output (a store outside it would show), the
 * kernel called with each buffer's base address. A transpose copies: the result is the
 * reference's bit for bit.
 */
function runTransposeKernel(subscripts: string, operand: StridedArray, dtype: DType, lowering: LoweringParameters = defaultLoweringParameters):
  { result: DenseArray | undefined; form: TransposeStep | undefined } {
  const spec = resolveEinsum(subscripts, [operand.shape]);
  const lowered = lowerEinsum(spec, [[0]], [operand.stride], dtype, lowering);
  const form = lowered.kernels[0]!.transpose;
  const wasm = withWasmKernels(emitPlan(lowered), lowered, 'every-matrix-product').kernels[0]!.wasm;
  if (form === undefined) return { result: undefined, form };
  expect(wasm).toBeDefined();
  expect(WebAssembly.validate(fromBase64(wasm!.module))).toBe(true);
  const shape = [...lowered.layout.outputShape];
  const View = dtype === 'float32' ? Float32Array : Float64Array;
  const bytes = View.BYTES_PER_ELEMENT;
  const n = elementCount(shape);
  const memory = new WebAssembly.Memory({ initial: Math.ceil(((n + operand.data.length + 32) * bytes) / 65536) + 1 });
  const all = new View(memory.buffer);
  all.fill(NaN, 0, n + 6);
  const at = n + 11;
  all.set(operand.data as ArrayLike<number>, at);
  const kernel = new WebAssembly.Instance(new WebAssembly.Module(fromBase64(wasm!.module)), { env: { memory } }).exports['kernel'] as (...a: number[]) => void;
  kernel(3 * bytes, (at + operand.offset) * bytes, 0);
  expect([...all.subarray(0, 3), ...all.subarray(3 + n, 6 + n)].every((x) => Number.isNaN(x))).toBe(true);
  return { result: { data: Float64Array.from(all.subarray(3, 3 + n)), shape, stride: rowMajorStrides(shape), offset: 0 }, form };
}

/** The operand with its first axis stored backwards (a negative stride, the offset at its end). */
function flipped(dense: DenseArray): StridedArray {
  const t = allocate(dense.shape);
  const [n, s] = [dense.shape[0]!, t.stride[0]!];
  for (let k = 0; k < dense.data.length; k++) {
    const i = Math.floor(k / s);
    t.data[(n - 1 - i) * s + (k % s)] = dense.data[k]!;
  }
  return { ...t, stride: [-s, ...t.stride.slice(1)], offset: (n - 1) * s };
}

type Layout = 'dense' | 'strided' | 'reversed' | 'flipped';
const layOut = (d: DenseArray, layout: Layout): StridedArray => (layout === 'flipped' ? flipped(d) : placed(d, layout));
const inType = (a: StridedArray, dtype: DType): StridedArray => (dtype === 'float32' ? { ...a, data: Float32Array.from(a.data as ArrayLike<number>) } : a);
const rounded = (d: DenseArray, dtype: DType): DenseArray => (dtype === 'float32' ? { ...d, data: Float64Array.from(Float32Array.from(d.data)) } : d);
const forms = ['ij->ji', 'abc->cab', 'abc->bca', 'abc->acb', 'abc->cba', 'abcd->dcba', 'abcd->acdb', 'bij->bji'] as const;
const sizes = [1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 17, 33];

describe('the SIMD transpose (f64x2, f32x4) equals the reference evaluator bit for bit', () => {
  it('for 2-D and higher-rank permutations of odd sizes, dense, strided (offset 1), transposed and flipped operands', () => {
    let rendered = 0;
    fc.assert(fc.property(fc.constantFrom(...forms), fc.array(fc.constantFrom(...sizes), { minLength: 4, maxLength: 4 }),
      fc.constantFrom<Layout>('dense', 'strided', 'reversed', 'flipped'), fc.constantFrom<DType>('float64', 'float32'), fc.integer({ min: 1, max: 64 }), fc.nat(),
      (form, extents, layout, dtype, block, seed) => {
        const shape = [...form.split('->')[0]!].map((_, k) => extents[k]!);
        const [dense] = randomOperands([shape], seed);
        const lowering = { ...defaultLoweringParameters, simdTransposeBlock: block };
        const { result, form: step } = runTransposeKernel(form, inType(layOut(dense!, layout), dtype), dtype, lowering);
        // a negative stride, a copy along the layout or extents of 1 that leave a copy: no transpose form
        if (layout === 'flipped' && shape[0]! > 1) expect(step).toBeUndefined();
        if (result === undefined) return;
        rendered++;
        expect([...result.data]).toEqual([...referenceEinsum(form, [rounded(dense!, dtype)]).data]);
      }), { numRuns: 500 });
    expect(rendered).toBeGreaterThan(150);
  });

  it('at sizes around the lanes, the line and the block, with −0, NaN and ±∞ passed through exactly', () => {
    const specials = [-0, NaN, Infinity, -Infinity, 2 ** -1074, 1e300];
    for (const dtype of ['float64', 'float32'] as const) for (const [m, n] of [[2, 2], [3, 5], [4, 16], [8, 8], [15, 17], [16, 33], [31, 64], [33, 65], [70, 129]]) {
      const [dense] = randomOperands([[m!, n!]], m! * n!);
      specials.forEach((v, k) => { dense!.data[(k * 37) % dense!.data.length] = v; });
      const { result, form } = runTransposeKernel('ij->ji', inType(dense!, dtype), dtype);
      expect(form).toBeDefined();
      const cast = (v: number): number => (dtype === 'float32' ? Math.fround(v) : v);
      for (let i = 0; i < m!; i++) for (let j = 0; j < n!; j++) expect(Object.is(result!.data[j * m! + i], cast(dense!.data[i * n! + j]!))).toBe(true);
    }
  });

  it('is 5-lower\'s transpose form: rows at unit stride in the operand, the output\'s columns, outer loops; none for copies, sums, scales', () => {
    const form = (subscripts: string, shapes: number[][], strides = shapes.map(rowMajorStrides)): TransposeStep | undefined =>
      lowerEinsum(resolveEinsum(subscripts, shapes), [[0]], strides, 'float64', defaultLoweringParameters).kernels[0]!.transpose;
    // abc→cab: a and b merged into the output's columns (4·5 of them, 6 apart in the operand), c its rows
    expect(form('abc->cab', [[4, 5, 6]])).toMatchObject({ outer: [], rows: { extent: 6, output: 20 }, columns: { extent: 20, operand: 6 } });
    expect(form('abc->acb', [[3, 5, 6]])).toMatchObject({ outer: [{ extent: 3, output: 30, operand: 30 }], rows: { extent: 6, output: 5 }, columns: { extent: 5, operand: 6 } });
    expect(form('ij->ij', [[5, 6]])).toBeUndefined();
    expect(form('ij->ji', [[5, 6]], [[1, 5]])).toBeUndefined();
    expect(form('ijk->ki', [[5, 6, 7]])).toBeUndefined();
    expect(form('ii->i', [[5, 5]])).toBeUndefined();
  });
});

describe('transposes in a plan', () => {
  it('read resident inputs in place (and plain ones in JavaScript), equal to the reference bit for bit', () => {
    let simd = 0;
    fc.assert(fc.property(fc.constantFrom(...forms), fc.array(fc.constantFrom(...sizes, 40, 65), { minLength: 4, maxLength: 4 }),
      fc.constantFrom<DType>('float64', 'float32'), fc.constantFrom<Backend>('wasm', 'auto'), fc.nat(), (form, extents, dtype, backend, seed) => {
        const shape = [...form.split('->')[0]!].map((_, k) => extents[k]!);
        fc.pre(elementCount(shape) <= 40_000);
        const plan = compileEinsum(form, [shape], { dtype, backend });
        const [input] = plan.residentInputs();
        const [dense] = randomOperands([shape], seed);
        input!.data.set(dense!.data);
        const expected = [...referenceEinsum(form, [rounded(dense!, dtype)]).data];
        expect([...plan.run(input!).data]).toEqual(expected);
        expect([...plan.run(ndarray(input!.data.slice(), shape)).data]).toEqual(expected);
        if (plan.plan.kernels[0]!.wasm !== undefined) simd++;
      }), { numRuns: 150 });
    expect(simd).toBeGreaterThan(50);
  });

  it('staged for float32 within 1 MiB, from strided and offset operands too; in place above it, and for float64 on backend wasm', () => {
    const small = compileEinsum('ij->ji', [[40, 48]], { dtype: 'float32' });
    expect(small.plan.kernels[0]!.wasm?.stream).toBe('staged');
    const [dense] = randomOperands([[40, 48]], 3);
    const expected = [...referenceEinsum('ij->ji', [rounded(dense!, 'float32')]).data];
    for (const layout of ['dense', 'strided'] as const) {
      const a = inType(placed(dense!, layout), 'float32');
      expect([...small.run(ndarray(a.data as Float32Array, [...a.shape], [...a.stride], a.offset)).data]).toEqual(expected);
    }
    expect(compileEinsum('ij->ji', [[512, 600]], { dtype: 'float32' }).plan.kernels[0]!.wasm?.stream).toBe('in-place');
    expect(compileEinsum('ij->ji', [[40, 48]], { backend: 'wasm' }).plan.kernels[0]!.wasm?.stream).toBe('in-place');
    expect(compileEinsum('ij->ji', [[30, 30]], { dtype: 'float32' }).plan.kernels[0]!.wasm).toBeUndefined();
  });

  it('float64 on backend auto where it reads and writes intermediates: (A B)ᵀ kept for a sum and a product', () => {
    const g = createGraph();
    const [A, B, C] = [g.input('A', [48, 40]), g.input('B', [40, 56]), g.input('C', [56, 48])];
    const X = g.contract([{ node: A, indices: ['i', 'j'] }, { node: B, indices: ['j', 'k'] }], ['i', 'k']);
    const T = g.contract([{ node: X, indices: ['i', 'k'] }], ['k', 'i']);
    const sum = g.add([{ node: T, indices: ['k', 'i'], coefficient: 1 }, { node: C, indices: ['k', 'i'], coefficient: 2 }], ['k', 'i']);
    const product = g.contract([{ node: T, indices: ['k', 'i'] }, { node: C, indices: ['k', 'i'] }], ['k', 'i']);
    const sizes = { A: [48, 40], B: [40, 56], C: [56, 48] };
    const simd = compileNetwork([sum, product], sizes);
    const plan = simd.plans[0]!;
    const kind = (k: number): string => { const wasm = plan.kernels[k]!.wasm; return wasm ? wasm.stream ?? 'gemm' : 'js'; };
    expect(plan.steps.map((s) => [s.inputs.map((r) => r.kind).join('+'), s.output.kind, kind(s.kernel)])).toEqual(
      [['input+input', 'buffer', 'gemm'], ['buffer', 'buffer', 'in-place'], ['buffer+input', 'output', expect.anything()]]);
    const [a, b, c] = randomOperands([sizes.A, sizes.B, sizes.C], 22);
    const inputs = { A: a!, B: b!, C: c! };
    const got = simd.run(inputs);
    // the GEMM adds as the loop nest does, and a transpose copies: the JavaScript plan's bits
    const script = compileNetwork([sum, product], sizes, { backend: 'js' }).run(inputs);
    got.forEach((r, k) => expect([...r.data]).toEqual([...script[k]!.data]));
    const reference = evaluateNetwork([sum, product], inputs);
    got.forEach((r, k) => expect(maxScaledDiff(r, reference[k]!)).toBeLessThan(1e-12));
  });

  it('on backend auto from 1024 elements, float64 only where it writes intermediates; on backend wasm always', () => {
    const step = (shape: number[], dtype: DType): TransposeStep =>
      lowerEinsum(resolveEinsum('ij->ji', [shape]), [[0]], [rowMajorStrides(shape)], dtype, defaultLoweringParameters).kernels[0]!.transpose!;
    expect(transposePays(step([32, 32], 'float64'), 'when-it-pays', true)).toBe(true);
    expect(transposePays(step([32, 32], 'float64'), 'when-it-pays', false)).toBe(false);
    expect(transposePays(step([2048, 2048], 'float32'), 'when-it-pays', false)).toBe(true);
    expect(transposePays(step([31, 33], 'float64'), 'when-it-pays', true)).toBe(false);
    expect(transposePays(step([16, 16], 'float32'), 'when-it-pays', false)).toBe(false);
    expect(transposePays(step([16, 16], 'float64'), 'every-matrix-product', false)).toBe(true);
    // an einsum's transpose writes the plan's output
    expect(compileEinsum('ij->ji', [[64, 64]]).plan.kernels[0]!.wasm).toBeUndefined();
    expect(compileEinsum('ij->ji', [[64, 64]], { dtype: 'float32' }).plan.kernels[0]!.wasm?.stream).toBe('staged');
  });
});
