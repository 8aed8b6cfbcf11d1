import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveEinsum } from '../../compiler/2-network/resolve-einsum.js';
import { defaultLoweringParameters, type LoweringParameters } from '../../compiler/5-lower/lowering-parameters.js';
import { lowerEinsum } from '../../compiler/driver/plan.js';
import { emitPlan } from '../../compiler/6-emit-js/emit-plan.js';
import { withWasmKernels } from '../../compiler/6-emit-wasm/emit-wasm-plan.js';
import { RicciError } from '../../compiler/diagnostics/ricci-error.js';
import { createBufferPool } from '../../runtime/buffer-pool.js';
import type { ExecutionPlan } from '../../runtime/execution-plan.js';
import { createKernelCache, type KernelCache } from '../../runtime/instantiate-kernel.js';
import { instantiatePlan } from '../../runtime/instantiate-plan.js';
import { defaultRuntimeOptions, type RuntimeOptions } from '../../runtime/runtime-options.js';
import type { DenseArray, DType, StridedArray } from '../../runtime/strided-array.js';
import { threadSupport } from '../../runtime/thread-support.js';
import { availableThreads, createWorkerPool, type WorkerPool } from '../../runtime/worker-pool.js';
import { compileEinsum } from '../../src/compile.js';
import { workerThreads } from '../../src/threads.js';
import { placed, randomOperands, referenceEinsum, type Layout } from '../5-lower/lower-support.js';
import { arenaModes, asFloat32 } from '../6-emit-wasm/wasm-support.js';
import { maxScaledDiff } from '../support/random.js';

/** One compiler instance for the file: its pool (2 workers) is started once and shared by every plan. */
let cache: KernelCache;
let pool: WorkerPool;

beforeAll(async () => {
  cache = createKernelCache();
  pool = cache.wasm.workers(2, createWorkerPool)!;
  await pool.ready();
});
afterAll(() => pool.terminate());

function run(subscripts: string, operands: readonly StridedArray[], lowering: Partial<LoweringParameters & RuntimeOptions>, dtype: DType): { result: DenseArray; plan: ExecutionPlan } {
  const spec = resolveEinsum(subscripts, operands.map((o) => o.shape));
  const params = { ...defaultLoweringParameters, ...lowering };
  const lowered = lowerEinsum(spec, [[0, 1]], operands.map((o) => o.stride), dtype, params);
  const plan = withWasmKernels(emitPlan(lowered), lowered, 'every-matmul');
  const runtime = {
    retainedArenaBytes: lowering.retainedArenaBytes ?? defaultRuntimeOptions.retainedArenaBytes,
    keptArenaBytes: lowering.keptArenaBytes ?? defaultRuntimeOptions.keptArenaBytes,
  };
  return { result: instantiatePlan(plan, cache, runtime, threadSupport(lowering.threads ?? 1)).run(operands, createBufferPool(dtype)), plan };
}

const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (!Object.is(a[k], b[k])) return false;
  return true;
};

/** Every GEMM-form step kind: plain, transposed operands or output, batched (attention both ways, any batch layout), merged index pairs. */
const forms = ['ij,jk->ik', 'ij,jk->ki', 'ji,kj->ik', 'bhqd,bhkd->bhqk', 'bhqk,bhkd->bhqd', 'bij,jbk->bki', 'abcd,cdef->abef', 'bji,bkj->bik'];
const layout = fc.constantFrom<Layout>('dense', 'reversed', 'strided');

describe('steps split across worker threads', () => {
  it('give one thread\'s result bit for bit: every step kind, odd sizes, 2 or 3 threads, f64 and f32, arenas kept with the plan, by the cache or per run', () => {
    const before = pool.dispatched;
    let split = 0;
    let slicedHere = 0;
    fc.assert(fc.property(fc.constantFrom(...forms), fc.array(fc.constantFrom(1, 2, 3, 5, 7, 13), { minLength: 12, maxLength: 12 }),
      fc.tuple(layout, layout), fc.constantFrom('float64' as const, 'float32' as const), fc.constantFrom(2, 3),
      fc.constantFrom(...arenaModes), fc.boolean(), fc.boolean(), fc.nat(),
      (form, extents, layouts, dtype, threads, arena, smallBlocks, slicesHere, seed) => {
        const size = Object.fromEntries([...'abcdefhijkq'].map((c, x) => [c, extents[x]!]));
        const shapes = form.split('->')[0]!.split(',').map((t) => [...t].map((c) => size[c]!));
        const dense = randomOperands(shapes, seed);
        const operands = dense.map((d, x) => placed(d, layouts[x]!)).map((o) => (dtype === 'float32' ? asFloat32(o) : o));
        const lowering = { ...arena, threadMinimum: 0, ...(smallBlocks ? { kc: 2, nc: 4, inPlaceLimit: 4 } : {}), ...(slicesHere ? { sliceMinimum: 1 } : {}) };
        const one = run(form, operands, lowering, dtype);
        const many = run(form, operands, { ...lowering, threads }, dtype);
        const parts = many.plan.kernels[0]!.wasm?.parts;
        if (parts !== undefined) {
          split++;
          // only the calling thread's part 0 runs a slice at a time
          if (parts[0]!.slices !== undefined) slicedHere++;
          expect(parts.slice(1).every((p) => p.slices === undefined)).toBe(true);
          expect(many.plan.sharedMemory).toBe(true);
          expect(parts.length).toBeLessThanOrEqual(threads);
        }
        expect(sameBits(many.result.data, one.result.data)).toBe(true);
        // (two summed indices that a layout keeps apart are summed in another order than the reference's)
        if (dtype === 'float64') expect(maxScaledDiff(many.result, referenceEinsum(form, dense))).toBeLessThan(1e-13);
      }), { numRuns: 200, seed: 14 });
    expect(split).toBeGreaterThan(60);
    expect(slicedHere).toBeGreaterThan(10);
    // the parts did run on the workers (not only on this thread)
    expect(pool.dispatched - before).toBeGreaterThanOrEqual(split);
  });

  it('splits attention along its batch and a matrix product along its rows (whole register tiles), the calling thread\'s part smaller by its staging', () => {
    const even = { threads: 2, threadMinimum: 0, stagingCost: 0 };
    const attention = run('bhqd,bhkd->bhqk', randomOperands([[2, 3, 9, 4], [2, 3, 11, 4]], 1), even, 'float64');
    expect(attention.plan.kernels[0]!.wasm!.parts!.map((p) => p.offsets)).toEqual([[0, 0, 0], [9 * 11 * 3, 9 * 4 * 3, 11 * 4 * 3]]);
    const matmul = run('ij,jk->ik', randomOperands([[67, 5], [5, 9]], 2), even, 'float64');
    // 67 rows → 32 + 35: halves rounded to the 4-row tile
    expect(matmul.plan.kernels[0]!.wasm!.parts!.map((p) => p.offsets)).toEqual([[0, 0, 0], [32 * 9, 32 * 5, 0]]);
    // staging 67·9 + 67·5 + 5·9 elements at 25 multiply-adds each outweighs the work: this thread keeps one tile
    const staged = run('ij,jk->ik', randomOperands([[67, 5], [5, 9]], 2), { threads: 2, threadMinimum: 0 }, 'float64');
    expect(staged.plan.kernels[0]!.wasm!.parts!.map((p) => p.offsets)).toEqual([[0, 0, 0], [4 * 9, 4 * 5, 0]]);
    const three = run('ij,jk->ik', randomOperands([[67, 5], [5, 9]], 2), { ...even, threads: 3 }, 'float64');
    expect(three.plan.kernels[0]!.wasm!.parts!.map((p) => p.offsets[0]! / 9)).toEqual([0, 24, 48]);
  });

  it('runs the calling thread\'s part of a batched product a slice at a time, sized so both threads finish together', () => {
    const dense = randomOperands([[2, 3, 9, 11], [2, 3, 11, 4]], 4);
    const one = run('bhqk,bhkd->bhqd', dense, { sliceMinimum: 1 }, 'float64');
    // no staging cost: the 6 batches halve; part 0 is called once per batch, each batch 9·4 outputs on
    const even = run('bhqk,bhkd->bhqd', dense, { threads: 2, threadMinimum: 0, sliceMinimum: 1, stagingCost: 0 }, 'float64');
    const parts = even.plan.kernels[0]!.wasm!.parts!;
    expect(parts.map((p) => p.offsets)).toEqual([[0, 0, 0], [3 * 9 * 4, 3 * 9 * 11, 3 * 11 * 4]]);
    expect(parts.map((p) => p.slices)).toEqual([{ count: 3, strides: [9 * 4, 9 * 11, 11 * 4] }, undefined]);
    expect(sameBits(even.result.data, one.result.data)).toBe(true);
    // staging r = 25·(9·4 + 9·11 + 11·4)/(9·11·4) ≈ 11 batches per batch (its output alone 2.3): part 0 keeps the least, 1 batch
    const costed = run('bhqk,bhkd->bhqd', dense, { threads: 2, threadMinimum: 0, sliceMinimum: 1 }, 'float64');
    expect(costed.plan.kernels[0]!.wasm!.parts!.map((p) => p.offsets[0]! / 36)).toEqual([0, 1]);
    expect(sameBits(costed.result.data, one.result.data)).toBe(true);
    // attention q·kᵀ at 2 multiply-adds per staged element: a batch stages 2·(36 + 44 + 99) for 396 of work (r ≈ 0.9), and this
    // thread copies the worker's outputs out afterwards (2·99/396 = 0.5 per batch): m·1.9 + 0.5·w = w gives 1 batch here, not 2
    const qk = run('bhqd,bhkd->bhqk', randomOperands([[2, 3, 9, 4], [2, 3, 11, 4]], 5), { threads: 2, threadMinimum: 0, sliceMinimum: 1, stagingCost: 2 }, 'float64');
    expect(qk.plan.kernels[0]!.wasm!.parts!.map((p) => p.offsets[0]! / 99)).toEqual([0, 1]);
  });

  it('never splits a step under the threshold (no worker is involved), and does above it', () => {
    const small = run('ij,jk->ik', randomOperands([[64, 64], [64, 64]], 3), { threads: 2 }, 'float64');
    expect(small.plan.kernels[0]!.wasm!.parts).toBeUndefined();
    expect(small.plan.sharedMemory).toBeUndefined();
    const n = 2 ** 22 / (64 * 64);
    const large = run('ij,jk->ik', randomOperands([[n, 64], [64, 64]], 3), { threads: 2 }, 'float64');
    expect(large.plan.kernels[0]!.wasm!.parts).toHaveLength(2);
  });
});

describe('a pool whose workers have not started', () => {
  it('runs every part on the calling thread, with the same result', async () => {
    const fresh = createKernelCache();
    const shapes = [[45, 300], [300, 37]];
    const operands = randomOperands(shapes, 9);
    const one = compileEinsum('ij,jk->ik', shapes, { backend: 'wasm' }).run(...operands);
    const two = compileEinsum('ij,jk->ik', shapes, { backend: 'wasm', threads: workerThreads(2), lowering: { threadMinimum: 0 }, cache: fresh });
    const starting = fresh.wasm.workers(1)!;
    expect(sameBits(two.run(...operands).data, one.data)).toBe(true);
    expect(starting.dispatched).toBe(0);
    await starting.ready();
    expect(sameBits(two.run(...operands).data, one.data)).toBe(true);
    expect(starting.dispatched).toBe(1);
    await starting.terminate();
  });
});

describe('the threads option', () => {
  it('splits large steps with workerThreads(n) or workerThreads(\'auto\'), and rejects anything else with a RicciError', () => {
    const shapes = [[256, 256], [256, 256]];
    expect(compileEinsum('ij,jk->ik', shapes, { backend: 'wasm', threads: workerThreads(2), cache }).plan.kernels[0]!.wasm!.parts).toHaveLength(2);
    const auto = compileEinsum('ij,jk->ik', shapes, { backend: 'wasm', threads: workerThreads('auto'), cache }).plan.kernels[0]!.wasm!.parts;
    expect(compileEinsum('ij,jk->ik', shapes, { backend: 'wasm', threads: workerThreads(), cache }).plan.kernels[0]!.wasm!.parts).toEqual(auto);
    const cores = Math.min(8, availableThreads());
    expect(auto?.length).toBe(cores > 1 ? cores : undefined);
    expect(compileEinsum('ij,jk->ik', shapes, { backend: 'wasm', cache }).plan.kernels[0]!.wasm!.parts).toBeUndefined();
    for (const bad of [0, 1.5, -2, Number.NaN, 65, 'four'])
      expect(() => workerThreads(bad as number)).toThrow(expect.objectContaining({ code: 'invalid_argument' }) as unknown as RicciError);
    // a bare count (the form before threads became a capability) names the capability to pass
    for (const bad of [2, 'auto', { count: 2 }, null])
      expect(() => compileEinsum('ij,jk->ik', shapes, { threads: bad as never })).toThrow(expect.objectContaining({ code: 'compile_option_invalid', message: expect.stringContaining("workerThreads(n) or workerThreads('auto') from 'ricci/threads'") as unknown }) as unknown as RicciError);
  });
});
