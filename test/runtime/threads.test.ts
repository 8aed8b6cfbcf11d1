import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveEinsum } from '../../compiler/2-network/resolve-einsum.js';
import { defaultLoweringParameters, type LoweringParameters } from '../../compiler/5-lower/lowering-parameters.js';
import { lowerEinsum } from '../../compiler/driver/plan.js';
import { emitPlan } from '../../compiler/6-emit-js/emit-plan.js';
import { withWasmKernels } from '../../compiler/6-emit-wasm/emit-wasm-plan.js';
import { RicciError } from '../../compiler/diagnostics/ricci-error.js';
import { createBufferPool } from '../../runtime/buffer-pool.js';
import { executePlan } from '../../runtime/execute-plan.js';
import type { ExecutionPlan } from '../../runtime/execution-plan.js';
import { createKernelCache, type KernelCache } from '../../runtime/instantiate-kernel.js';
import { instantiatePlan } from '../../runtime/instantiate-plan.js';
import { defaultRuntimeOptions, type RuntimeOptions } from '../../runtime/runtime-options.js';
import type { DenseArray, DType, StridedArray } from '../../runtime/strided-array.js';
import { threadSupport } from '../../runtime/thread-support.js';
import { splitKernel } from '../../runtime/split-kernel.js';
import { createWasmArena } from '../../runtime/wasm-arena.js';
import { fromBase64 } from '../../runtime/wasm-module-cache.js';
import { availableThreads, createWorkerPool, type ArenaLink, type PartTask, type WorkerPool } from '../../runtime/worker-pool.js';
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

/** The operand with its elements in a SharedArrayBuffer (same layout). */
function inSharedMemory(o: StridedArray): StridedArray {
  const data = o.data as Float64Array | Float32Array;
  const copy = data instanceof Float32Array ? new Float32Array(new SharedArrayBuffer(4 * data.length)) : new Float64Array(new SharedArrayBuffer(8 * data.length));
  copy.set(data);
  return { ...o, data: copy };
}

/** Whether every leaf of `x` is a number or a boolean (no buffer, no typed array). */
function numbersOnly(x: unknown): boolean {
  if (typeof x === 'number' || typeof x === 'boolean') return true;
  if (Array.isArray(x)) return x.every(numbersOnly);
  return typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype && Object.values(x).every(numbersOnly);
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
  it('give one thread\'s result bit for bit: every step kind, odd sizes, 2 or 3 threads, f64 and f32, operands in shared memory or not, arenas kept with the plan, by the cache or per run', () => {
    const before = pool.dispatched;
    let split = 0;
    let claimed = 0;
    let sharedIn = 0;
    fc.assert(fc.property(fc.constantFrom(...forms), fc.array(fc.constantFrom(1, 2, 3, 5, 7, 13), { minLength: 12, maxLength: 12 }),
      fc.tuple(layout, layout), fc.constantFrom('float64' as const, 'float32' as const), fc.constantFrom(2, 3),
      fc.constantFrom(...arenaModes), fc.boolean(), fc.boolean(), fc.tuple(fc.boolean(), fc.boolean()), fc.nat(),
      (form, extents, layouts, dtype, threads, arena, smallBlocks, sliced, shared, seed) => {
        const size = Object.fromEntries([...'abcdefhijkq'].map((c, x) => [c, extents[x]!]));
        const shapes = form.split('->')[0]!.split(',').map((t) => [...t].map((c) => size[c]!));
        const dense = randomOperands(shapes, seed);
        const operands = dense.map((d, x) => placed(d, layouts[x]!)).map((o) => (dtype === 'float32' ? asFloat32(o) : o));
        const lowering = { ...arena, threadMinimum: 0, ...(smallBlocks ? { kc: 2, nc: 4, inPlaceLimit: 4 } : {}), ...(sliced ? { sliceMinimum: 1 } : {}) };
        const one = run(form, operands, lowering, dtype);
        // an operand in shared memory is copied into the arena by the thread that runs the part or slice
        const many = run(form, operands.map((o, x) => (shared[x] ? inSharedMemory(o) : o)), { ...lowering, threads }, dtype);
        const parts = many.plan.kernels[0]!.wasm?.parts;
        if (parts !== undefined) {
          split++;
          // a batched product's parts are all the same per-batch module (the threads take batches as they go), or none is sliced
          if (parts[0]!.slices !== undefined) {
            claimed++;
            expect(parts.every((p) => p.module === parts[0]!.module && p.slices !== undefined)).toBe(true);
          } else expect(parts.every((p) => p.slices === undefined)).toBe(true);
          if (shared.includes(true)) sharedIn++;
          expect(many.plan.sharedMemory).toBe(true);
          // the workers never see the result: it is an ordinary buffer, unless it is a view into an arena made for the run
          expect(many.result.data.buffer instanceof SharedArrayBuffer).toBe(arena.keptArenaBytes === 0);
          expect(parts.length).toBeLessThanOrEqual(threads);
        }
        expect(sameBits(many.result.data, one.result.data)).toBe(true);
        // (two summed indices that a layout keeps apart are summed in another order than the reference's)
        if (dtype === 'float64') expect(maxScaledDiff(many.result, referenceEinsum(form, dense))).toBeLessThan(1e-13);
      }), { numRuns: 200, seed: 14 });
    expect(split).toBeGreaterThan(60);
    expect(claimed).toBeGreaterThan(10);
    expect(sharedIn).toBeGreaterThan(30);
    // the parts did run on the workers (not only on this thread)
    expect(pool.dispatched - before).toBeGreaterThanOrEqual(split);
  });

  it('splits attention along its batch and a matrix product along its rows (whole register tiles), evenly, the calling thread\'s part the smallest', () => {
    const even = { threads: 2, threadMinimum: 0 };
    const attention = run('bhqd,bhkd->bhqk', randomOperands([[2, 3, 9, 4], [2, 3, 11, 4]], 1), even, 'float64');
    expect(attention.plan.kernels[0]!.wasm!.parts!.map((p) => p.offsets)).toEqual([[0, 0, 0], [9 * 11 * 3, 9 * 4 * 3, 11 * 4 * 3]]);
    const matmul = run('ij,jk->ik', randomOperands([[67, 5], [5, 9]], 2), even, 'float64');
    // 67 rows → 31 + 36: the worker's half rounded up to the 4-row tile, this thread the rest
    expect(matmul.plan.kernels[0]!.wasm!.parts!.map((p) => p.offsets)).toEqual([[0, 0, 0], [31 * 9, 31 * 5, 0]]);
    const three = run('ij,jk->ik', randomOperands([[67, 5], [5, 9]], 2), { ...even, threads: 3 }, 'float64');
    expect(three.plan.kernels[0]!.wasm!.parts!.map((p) => p.offsets[0]! / 9)).toEqual([0, 19, 43]);
  });

  it('splits a batched product into parts of one per-batch module, whose batches every thread takes as it goes', () => {
    const dense = randomOperands([[2, 3, 9, 11], [2, 3, 11, 4]], 4);
    const one = run('bhqk,bhkd->bhqd', dense, { sliceMinimum: 1 }, 'float64');
    // the 6 batches halve, each part called once per batch, 9·4 outputs on
    const two = run('bhqk,bhkd->bhqd', dense, { threads: 2, threadMinimum: 0, sliceMinimum: 1 }, 'float64');
    const parts = two.plan.kernels[0]!.wasm!.parts!;
    expect(parts.map((p) => p.offsets)).toEqual([[0, 0, 0], [3 * 9 * 4, 3 * 9 * 11, 3 * 11 * 4]]);
    expect(parts.map((p) => p.slices)).toEqual([0, 1].map(() => ({ count: 3, strides: [9 * 4, 9 * 11, 11 * 4] })));
    expect(parts[1]!.module).toBe(parts[0]!.module);
    expect(sameBits(two.result.data, one.result.data)).toBe(true);
    // 3 threads over 2·3 batches: 2 each
    const three = run('bhqk,bhkd->bhqd', dense, { threads: 3, threadMinimum: 0, sliceMinimum: 1 }, 'float64');
    expect(three.plan.kernels[0]!.wasm!.parts!.map((p) => p.slices!.count)).toEqual([2, 2, 2]);
    expect(sameBits(three.result.data, one.result.data)).toBe(true);
  });

  it('starts no worker for a problem under the threshold, and does for one above it', async () => {
    const fresh = createKernelCache();
    const small = compileEinsum('ij,jk->ik', [[128, 128], [128, 128]], { backend: 'wasm', threads: workerThreads(2), cache: fresh });
    const ones = Array.from({ length: 128 }, () => Array<number>(128).fill(1));
    expect(small.run(ones, ones).get(5, 7)).toBe(128);
    expect(fresh.wasm.workers(1)).toBeUndefined();
    const large = compileEinsum('ij,jk->ik', [[256, 256], [256, 256]], { backend: 'wasm', threads: workerThreads(2), cache: fresh });
    expect(large.plan.kernels[0]!.wasm!.parts).toHaveLength(2);
    const started = fresh.wasm.workers(1);
    expect(started).toBeDefined();
    await started!.terminate();
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

describe('the workers', () => {
  it('run slices of a batched product and parts of a matrix product, operands in ordinary or shared memory (this thread copies them all)', () => {
    const cases: [string, number[][]][] = [['bhqk,bhkd->bhqd', [[2, 8, 48, 40], [2, 8, 40, 24]]], ['ij,jk->ik', [[301, 150], [150, 97]]]];
    for (const [form, shapes] of cases) {
      const dense = randomOperands(shapes, 11);
      const lowering = { threadMinimum: 0, sliceMinimum: 1 };
      const one = run(form, dense, lowering, 'float64');
      for (const shared of [false, true]) {
        const before = pool.unitsRun;
        // a worker may start after this thread took every slice: the workers run some within a few runs
        for (let k = 0; k < 40 && pool.unitsRun === before; k++) {
          const two = run(form, dense.map((o) => (shared ? inSharedMemory(o) : o)), { ...lowering, threads: 2 }, 'float64');
          expect(sameBits(two.result.data, one.result.data)).toBe(true);
        }
        expect(pool.unitsRun).toBeGreaterThan(before);
      }
    }
  });
});

describe('a running pool', () => {
  it('hands its tasks over through shared memory: a worker waiting at its door takes them without a message', () => {
    const shapes = [[96, 70], [70, 80]];
    const operands = randomOperands(shapes, 21);
    const one = compileEinsum('ij,jk->ik', shapes, { backend: 'wasm' }).run(...operands);
    const two = compileEinsum('ij,jk->ik', shapes, { backend: 'wasm', threads: workerThreads(2), lowering: { threadMinimum: 0 }, cache });
    // the first run attaches the plan's arena (a message); the worker is at its door when it reports
    expect(sameBits(two.run(...operands).data, one.data)).toBe(true);
    const [posted, dispatched] = [pool.posted, pool.dispatched];
    for (let k = 0; k < 20; k++) expect(sameBits(two.run(...operands).data, one.data)).toBe(true);
    expect(pool.dispatched - dispatched).toBe(20);
    expect(pool.posted - posted).toBe(0);
  });

  it('takes a worker once it has started even when the calling thread never yields to its event loop (a synchronous loop)', () => {
    // a fresh cache starts fresh workers; nothing below awaits, so no message from them is ever read here
    const fresh = createKernelCache();
    const product = compileEinsum('ij,jk->ik', [[128, 128], [128, 128]], { backend: 'wasm', threads: workerThreads(2), lowering: { threadMinimum: 0 }, cache: fresh });
    const [a, b] = randomOperands([[128, 128], [128, 128]], 4);
    const expected = referenceEinsum('ij,jk->ik', [a!, b!]);
    const workers = fresh.wasm.workers(1)!;
    const start = Date.now();
    let calls = 0;
    while (workers.dispatched === 0 && Date.now() - start < 10_000) {
      expect(maxScaledDiff(product.run(a!, b!), expected)).toBeLessThan(1e-12);
      calls++;
    }
    // it was never used before the shared-memory flag: its ready message waits for an event loop that never runs
    expect(workers.dispatched).toBeGreaterThan(0);
    expect(calls).toBeGreaterThan(0);
  });

  it('left waiting at its door lets a Node process exit by itself', () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../support/idle-pool-exit.ts', import.meta.url))], { encoding: 'utf8', timeout: 30_000 });
    expect(child.error).toBeUndefined();
    expect(child.status).toBe(0);
    const report = JSON.parse(child.stdout) as { sum: number; dispatched: number; posted: number };
    // 5 runs of a 96×96 product of ones, each with the worker's part run by the worker, at most the first handed over by a message
    expect(report.sum).toBe(5 * 96);
    expect(report.dispatched).toBe(5);
    expect(report.posted).toBeLessThanOrEqual(1);
  });
});

describe('a batched product through a ring smaller than its batches', () => {
  it('reuses slots (this thread waits for a worker\'s slice, copies its output out, stages the next there), bit for bit with one thread', () => {
    const before = pool.unitsRun;
    const batched = ['bhqd,bhkd->bhqk', 'bhqk,bhkd->bhqd', 'bij,jbk->bki', 'bji,bkj->bik'];
    let runs = 0;
    fc.assert(fc.property(fc.constantFrom(...batched), fc.array(fc.constantFrom(1, 2, 3, 5, 7, 13), { minLength: 12, maxLength: 12 }),
      fc.tuple(layout, layout), fc.constantFrom('float64' as const, 'float32' as const), fc.constantFrom(2, 3), fc.tuple(fc.boolean(), fc.boolean()), fc.nat(),
      (form, extents, layouts, dtype, threads, shared, seed) => {
        // enough batches that a ring of threads + 2 slots is reused
        const size = { ...Object.fromEntries([...'abcdefhijkq'].map((c, x) => [c, extents[x]!])), b: 3 + (extents[0]! % 4), h: 2 + (extents[1]! % 3) };
        const shapes = form.split('->')[0]!.split(',').map((t) => [...t].map((c) => size[c as keyof typeof size]!));
        const dense = randomOperands(shapes, seed);
        const operands = dense.map((d, x) => placed(d, layouts[x]!)).map((o) => (dtype === 'float32' ? asFloat32(o) : o));
        const lowering = { ...defaultLoweringParameters, threadMinimum: 0, sliceMinimum: 1 };
        const one = run(form, operands, lowering, dtype).result;
        const spec = resolveEinsum(form, shapes);
        const lowered = lowerEinsum(spec, [[0, 1]], operands.map((o) => o.stride), dtype, { ...lowering, threads });
        const plan = withWasmKernels(emitPlan(lowered), lowered, 'every-matmul');
        const source = plan.kernels[0]!.wasm;
        if (plan.kernels.length !== 1 || source?.parts?.[0]!.slices === undefined) return;
        runs++;
        const arena = createWasmArena(plan, false, threadSupport(threads).splitArena);
        const modules = source.parts.map((p) => new WebAssembly.Module(fromBase64(p.module)));
        const entries = modules.map((m) => new WebAssembly.Instance(m, { env: { memory: arena.memory } }).exports['kernel'] as (...a: number[]) => void);
        const link = pool.attach(arena.memory, modules);
        try {
          const kernel = splitKernel(source, arena, { entries, link, first: 0, ringBytes: 1 });
          const two = executePlan(plan, [kernel], operands.map((o, x) => (shared[x] ? inSharedMemory(o) : o)), createBufferPool(dtype));
          expect(sameBits(two.data, one.data)).toBe(true);
        } finally {
          link.detach();
        }
      }), { numRuns: 60, seed: 15 });
    expect(runs).toBeGreaterThan(30);
    expect(pool.unitsRun).toBeGreaterThan(before);
  });
});

describe('a plan of several split steps', () => {
  it('hands intermediates over in the shared arena (a step reads and writes them in place, by slices or parts), bit for bit', () => {
    // q·kᵀ then ·v: the first step's output is the second's input, both batched; then a row-split product on top
    const shapes = [[2, 3, 17, 8], [2, 3, 19, 8], [2, 3, 19, 6], [6, 5]];
    const operands = randomOperands(shapes, 21);
    const options = { backend: 'wasm' as const, path: [[0, 1], [0, 1], [0, 1]] as [number, number][], lowering: { threadMinimum: 0, sliceMinimum: 1 }, cache };
    const one = compileEinsum('bhqd,bhkd,bhke,ef->bhqf', shapes, options);
    const two = compileEinsum('bhqd,bhkd,bhke,ef->bhqf', shapes, { ...options, threads: workerThreads(2) });
    const split = two.plan.kernels.filter((k) => k.wasm?.parts !== undefined);
    expect(split.length).toBeGreaterThanOrEqual(2);
    expect(split.some((k) => k.wasm!.parts![0]!.slices !== undefined)).toBe(true);
    for (let k = 0; k < 3; k++) expect(sameBits(two.run(...operands).data, one.run(...operands).data)).toBe(true);
    expect(maxScaledDiff(two.run(...operands), referenceEinsum('bhqd,bhkd,bhke,ef->bhqf', operands))).toBeLessThan(1e-13);
  });
});

describe('a split kernel whose worker fails', () => {
  /** The form split for two threads and run against a link whose worker takes a task and fails; also one thread's result. */
  function failing(form: string, shapes: number[][], lowering: Partial<LoweringParameters>, ringBytes?: number): { one: DenseArray; two: DenseArray; tasks: PartTask[] } {
    // one operand in shared memory: still copied by this thread, never posted to a worker
    const operands = randomOperands(shapes, 13).map((o, x) => (x === 1 ? inSharedMemory(o) : o));
    const spec = resolveEinsum(form, shapes);
    const lowered = lowerEinsum(spec, [[0, 1]], operands.map((o) => o.stride), 'float64', { ...defaultLoweringParameters, ...lowering, threads: 2, threadMinimum: 0 });
    const plan = withWasmKernels(emitPlan(lowered), lowered, 'every-matmul');
    expect(plan.kernels).toHaveLength(1);
    const source = plan.kernels[0]!.wasm!;
    const arena = createWasmArena(plan, false, threadSupport(2).splitArena);
    const entries = source.parts!.map((p) => new WebAssembly.Instance(new WebAssembly.Module(fromBase64(p.module)), { env: { memory: arena.memory } }).exports['kernel'] as (...a: number[]) => void);
    const tasks: PartTask[] = [];
    const link: ArenaLink = {
      send(_, task) {
        // the worker takes the next slice (if the slices are taken from the counter), then fails
        if (task.claim) Atomics.add(new Int32Array(arena.memory.buffer, task.control, 1), 0, 1);
        tasks.push(task);
        return true;
      },
      wait: () => false,
      ended: () => true,
      detach: () => undefined,
    };
    const two = executePlan(plan, [splitKernel(source, arena, { entries, link, first: 0, ...(ringBytes ? { ringBytes } : {}) })], operands, createBufferPool('float64'));
    // a task is numbers only: a buffer posted to a worker stays alive there until its next collection (fresh 16 MiB results piled up to GBs)
    expect(tasks.every(numbersOnly)).toBe(true);
    return { one: run(form, operands, lowering, 'float64').result, two, tasks };
  }

  it('computes the slice the worker took, and every other, on the calling thread', () => {
    // 12 slices, each in a slot of its own; or through a ring of 4 slots: the slot of the slice the worker took is reused once it has failed
    for (const [ringBytes, slots] of [[undefined, 12], [1, 4]] as const) {
      const { one, two, tasks } = failing('bhqk,bhkd->bhqd', [[4, 3, 9, 11], [4, 3, 11, 4]], { sliceMinimum: 1 }, ringBytes);
      expect(tasks.map((t) => [t.claim, t.units, t.ring.slots])).toEqual([[true, 12, slots]]);
      expect(sameBits(two.data, one.data)).toBe(true);
    }
  });

  it('runs the worker\'s part on the calling thread', () => {
    const { one, two, tasks } = failing('ij,jk->ik', [[67, 5], [5, 9]], {});
    expect(tasks.map((t) => [t.claim, t.first])).toEqual([[false, 1]]);
    expect(sameBits(two.data, one.data)).toBe(true);
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
