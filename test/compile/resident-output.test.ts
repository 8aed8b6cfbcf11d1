import fc from 'fast-check';
import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { compileEinsum as compilePlan } from '../../compiler/driver/einsum.js';
import { isRicciError } from '../../compiler/diagnostics/ricci-error.js';
import { createBufferPool } from '../../runtime/buffer-pool.js';
import { createKernelCache } from '../../runtime/instantiate-kernel.js';
import { instantiatePlan } from '../../runtime/instantiate-plan.js';
import { defaultRuntimeOptions } from '../../runtime/runtime-options.js';
import { copyOut } from '../../runtime/staging-copy.js';
import type { DenseArray, DType } from '../../runtime/strided-array.js';
import { compileEinsum, type Backend, type CompileOptions } from '../../src/compile.js';
import { workerThreads } from '../../src/threads.js';
import { randomEinsum, randomOperands, referenceEinsum } from '../5-lower/lower-support.js';
import { maxScaledDiff } from '../support/random.js';

/**
 * compileEinsum(…).residentOutput(): the result in the plan's own memory, beside its resident
 * inputs, written in place by `run(…, { out })`. Oracles: the same plan's fresh result bit for bit
 * (the same kernels add in the same order), the reference evaluator within rounding, and which
 * copies the WebAssembly steps make (none out of the arena for a resident output).
 */
type Nd = ndarray.NdArray<Float64Array | Float32Array>;

const threads = workerThreads(2);

/** Plan kinds: what the plan's kernels are (`parts`: split for threads, `sliced`: a batched product a slice at a time, `stream`: memory-bound, read in place). */
const kinds: readonly { readonly subscripts: string; readonly shapes: number[][]; readonly kernels: readonly string[]; readonly options?: CompileOptions }[] = [
  { subscripts: 'bhqd,bhkd->bhqk', shapes: [[2, 4, 64, 32], [2, 4, 64, 32]], kernels: ['sliced'] },
  { subscripts: 'bij,bjk->bik', shapes: [[3, 9, 10], [3, 10, 11]], kernels: ['wasm'] },
  { subscripts: 'ab,bcd,de->ace', shapes: [[8, 9], [9, 5, 7], [7, 6]], kernels: ['wasm', 'wasm'] },
  { subscripts: 'ea,fb,abcd,gc,hd->efgh', shapes: [[5, 4], [5, 4], [4, 4, 4, 4], [5, 4], [5, 4]], kernels: ['wasm', 'wasm', 'wasm', 'wasm'] },
  { subscripts: 'ij,ij->ij', shapes: [[33, 17], [33, 17]], kernels: ['stream'] },
  { subscripts: 'i,j->ij', shapes: [[33], [17]], kernels: ['stream'] },
  { subscripts: 'ij->j', shapes: [[33, 17]], kernels: ['stream'] },
  { subscripts: 'ij,ij->i', shapes: [[33, 17], [33, 17]], kernels: ['stream'] },
  { subscripts: 'ij,ij->', shapes: [[33, 17], [33, 17]], kernels: ['stream'] },
  { subscripts: 'ij,jk->ik', shapes: [[256, 256], [256, 256]], kernels: ['parts'], options: { threads } },
  { subscripts: 'bhqd,bhkd->bhqk', shapes: [[2, 4, 128, 64], [2, 4, 128, 64]], kernels: ['parts'], options: { threads } },
  { subscripts: 'ij,jk,k->i', shapes: [[9, 7], [7, 5], [5]], kernels: ['js', 'js'], options: { backend: 'js' } },
];

const kernelKinds = (plan: ReturnType<typeof compileEinsum>['plan']): string[] =>
  plan.kernels.map((k) => (!k.wasm ? 'js' : k.wasm.parts ? 'parts' : k.wasm.slices ? 'sliced' : k.wasm.stream ? 'stream' : 'wasm'));
const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => a.length === b.length && Array.from(a).every((x, k) => Object.is(x, b[k]));
const fill = (inputs: readonly Nd[], seed: number): DenseArray[] => {
  const dense = randomOperands(inputs.map((a) => a.shape), seed);
  inputs.forEach((a, k) => a.data.set(dense[k]!.data));
  return dense;
};
/** The operands as the plan's dtype rounds them, in float64 for the reference evaluator. */
const rounded = (inputs: readonly Nd[]): DenseArray[] => inputs.map((a) => ({ data: Float64Array.from(a.data), shape: a.shape, stride: a.stride, offset: 0 }));
const tolerance = (dtype: DType): number => (dtype === 'float32' ? 1e-4 : 1e-12);
const plainCopy = (a: Nd): Nd => ndarray(a.data.slice(), a.shape);

describe('compileEinsum().residentOutput(): the result in the plan\'s memory', () => {
  describe.each(['float64', 'float32'] as const)('%s', (dtype) => {
    it.each(kinds.map((k, n) => ({ ...k, outputFirst: n % 2 === 0 })))('$subscripts $shapes: written in place, bit for bit the fresh result, run after run', ({ subscripts, shapes, kernels, options, outputFirst }) => {
      const plan = compileEinsum(subscripts, shapes, { backend: 'wasm', dtype, ...options });
      expect(kernelKinds(plan.plan)).toEqual(kernels);
      // either first: one memory
      const out = (outputFirst ? plan.residentOutput() : undefined) as Nd | undefined;
      const inputs = plan.residentInputs() as Nd[];
      const output = (out ?? plan.residentOutput()) as Nd;
      expect(output.shape).toEqual(plan.plan.outputShape);
      expect(output.data).toBeInstanceOf(dtype === 'float32' ? Float32Array : Float64Array);
      expect(plan.residentOutput()).toBe(output);
      const wasm = !kernels.includes('js');
      // a plan with WebAssembly: its inputs and output share its memory (shared for a threaded plan), in regions of their own
      expect(inputs.every((a) => a.data.buffer === output.data.buffer)).toBe(wasm);
      if (kernels.includes('parts')) expect(output.data.buffer).toBeInstanceOf(SharedArrayBuffer);
      const regions = [...inputs, output].map((a) => [a.data.byteOffset, a.data.byteOffset + a.data.byteLength] as const).sort((x, y) => x[0] - y[0]);
      if (wasm) regions.slice(1).forEach(([start], k) => expect(start).toBeGreaterThanOrEqual(regions[k]![1]));
      for (const seed of [1, 2]) {
        fill(inputs, seed);
        const fresh = plan.run(...inputs);
        expect(fresh.data.buffer).not.toBe(output.data.buffer);
        expect(plan.run(...inputs, { out: output })).toBe(output);
        expect(sameBits(output.data, fresh.data)).toBe(true);
        expect(maxScaledDiff(output, referenceEinsum(subscripts, rounded(inputs)))).toBeLessThan(tolerance(dtype));
        // operands that are not resident (plain copies: a memory-bound step then runs its JavaScript kernel) write it just as well
        const copies = inputs.map(plainCopy);
        const freshOfCopies = plan.run(...copies);
        output.data.fill(Number.NaN);
        expect(plan.run(...copies, { out: output })).toBe(output);
        expect(sameBits(output.data, freshOfCopies.data)).toBe(true);
        expect(maxScaledDiff(output, referenceEinsum(subscripts, rounded(inputs)))).toBeLessThan(tolerance(dtype));
      }
    });
  });

  it('the WebAssembly steps write it where it is: nothing of the output is copied out of the arena (sliced, multi-step, streams)', () => {
    for (const { subscripts, shapes } of kinds.filter((k) => !k.options)) {
      const plan = compilePlan(subscripts, shapes, { backend: 'wasm' }).plan;
      const copied: unknown[] = [];
      const copy: typeof copyOut = (from, at, to, start, length) => { copied.push(to); return copyOut(from, at, to, start, length); };
      const ready = instantiatePlan(plan, createKernelCache(), defaultRuntimeOptions, undefined, copy);
      const inputs = ready.residentInputs();
      const output = ready.residentOutput();
      inputs.forEach((a, k) => a.data.set(randomOperands([[...a.shape]], k)[0]!.data));
      const fresh = ready.run(inputs, createBufferPool('float64'));
      // a fresh result leaves the arena through a copy (all of it: copied into the fresh array itself)
      expect(copied, subscripts).toContain(fresh.data);
      copied.length = 0;
      expect(ready.run(inputs, createBufferPool('float64'), undefined, output)).toBe(output);
      expect(copied, subscripts).toEqual([]);
      expect(sameBits(output.data, fresh.data), subscripts).toBe(true);
    }
  });

  it('property: random einsums (any path, both dtypes) with resident inputs and output equal the reference evaluator and the fresh result', () => {
    let wasm = 0;
    fc.assert(fc.property(randomEinsum({ maxOperands: 4, sizes: [1, 2, 3, 5, 8, 13] }), fc.constantFrom<DType>('float64', 'float32'),
      fc.constantFrom<Backend>('wasm', 'auto'), fc.boolean(), ({ subscripts, shapes, path, seed }, dtype, backend, outputFirst) => {
        const plan = compileEinsum(subscripts, shapes, { path, dtype, backend });
        const early = outputFirst ? plan.residentOutput() : undefined;
        const inputs = plan.residentInputs() as Nd[];
        const out = (early ?? plan.residentOutput()) as Nd;
        if (plan.plan.kernels.some((k) => k.wasm)) { wasm++; expect(out.data.buffer).toBe(inputs[0]!.data.buffer); }
        for (const s of [seed, seed + 1]) {
          fill(inputs, s);
          const fresh = plan.run(...inputs);
          expect(plan.run(...inputs, { out })).toBe(out);
          expect(sameBits(out.data, fresh.data)).toBe(true);
          const depth = shapes.flat().reduce((p, n) => p * n, 1);
          expect(maxScaledDiff(out, referenceEinsum(subscripts, rounded(inputs)))).toBeLessThan((dtype === 'float32' ? 2 ** -24 : 2 ** -52) * 8 * Math.max(16, depth));
        }
      }), { numRuns: 150 });
    expect(wasm).toBeGreaterThan(30);
  });

  it('wrong use is a RicciError (an out of the wrong shape or dtype, one overlapping an input region); the next run is still right', () => {
    const shapes = [[12, 10], [12, 10]];
    const plan = compileEinsum('ij,ij->ij', shapes, { backend: 'wasm' });
    const inputs = plan.residentInputs() as Nd[];
    const out = plan.residentOutput() as Nd;
    const codeOf = (run: () => unknown): string => {
      try { run(); } catch (e) { return isRicciError(e) ? e.code : `not a RicciError: ${String(e)}`; }
      return 'no error';
    };
    const check = (seed: number): void => {
      const dense = fill(inputs, seed);
      expect(plan.run(...inputs, { out })).toBe(out);
      expect([...out.data]).toEqual([...referenceEinsum('ij,ij->ij', dense).data]);
    };
    check(1);
    const buffer = out.data.buffer as ArrayBuffer;
    const wrong: [string, Nd][] = [
      // an input region itself
      ['einsum_out_overlap', inputs[1]!],
      // a view over the end of input 1's region and the output's: it compares regions, not buffers
      ['einsum_out_overlap', ndarray(new Float64Array(buffer, inputs[1]!.data.byteOffset + 8 * 60, 120), [12, 10])],
      // another plan's resident output: another shape
      ['einsum_out_shape', compileEinsum('ij,ij->i', shapes, { backend: 'wasm' }).residentOutput() as Nd],
      ['einsum_out_dtype', compileEinsum('ij,ij->ij', shapes, { backend: 'wasm', dtype: 'float32' }).residentOutput() as Nd],
      ['einsum_out_shape', ndarray(out.data, [10, 12])],
    ];
    for (const [code, bad] of wrong) {
      expect(codeOf(() => plan.run(...inputs, { out: bad }))).toBe(code);
      check(code.length);
    }
    // operands of the wrong shape with the resident output
    expect(codeOf(() => plan.run(ndarray(new Float64Array(120), [10, 12]), inputs[1]!, { out }))).toBe('operand_shape_mismatch');
    check(7);
    // the resident output of a plan of the same shapes (another memory) is a plain out here
    const other = compileEinsum('ij,ij->ij', shapes, { backend: 'wasm' });
    const foreign = other.residentOutput() as Nd;
    const dense = fill(inputs, 9);
    expect(plan.run(...inputs, { out: foreign })).toBe(foreign);
    expect([...foreign.data]).toEqual([...referenceEinsum('ij,ij->ij', dense).data]);
    check(10);
  });

  it('a plan running JavaScript gets a plain array, written as any out', () => {
    const js = compileEinsum('ij,j->i', [[5, 3], [3]], { backend: 'js' });
    const out = js.residentOutput() as Nd;
    const [A, x] = js.residentInputs() as [Nd, Nd];
    expect(out.data.buffer).not.toBe(A.data.buffer);
    A.data.set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    x.data.set([1, 0, -1]);
    expect([...js.run(A, x, { out }).data]).toEqual([-2, -2, -2, -2, -2]);
    expect(js.residentOutput()).toBe(out);
  });
});
