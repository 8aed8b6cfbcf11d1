/**
 * The page script of threads.test.ts, bundled for the browser: one thread against two (Web Workers
 * sharing a WebAssembly memory) on a batched product (batches taken by every thread) and a matrix
 * product (split by rows), reported in `globalThis.threadsReport`.
 */
import { compileEinsum, createKernelCache } from 'ricci';
import { workerThreads } from 'ricci/threads';

interface Dense { readonly data: Float64Array; readonly shape: number[]; readonly stride: number[]; readonly offset: number }

function dense(shape: number[], seed: number): Dense {
  const data = new Float64Array(shape.reduce((a, b) => a * b, 1)).map((_, k) => Math.sin(0.37 * k + seed));
  const stride = shape.map((_, k) => shape.slice(k + 1).reduce((a, b) => a * b, 1));
  return { data, shape, stride, offset: 0 };
}

async function report(): Promise<Record<string, unknown>> {
  const cache = createKernelCache();
  const rows: Record<string, unknown>[] = [];
  for (const [subscripts, shapes] of [['bhqk,bhkd->bhqd', [[2, 8, 64, 64], [2, 8, 64, 32]]], ['ij,jk->ik', [[301, 150], [150, 97]]]] as const) {
    const operands = shapes.map((s, k) => dense([...s], k));
    const one = compileEinsum(subscripts, shapes.map((s) => [...s]), { backend: 'wasm', cache });
    const two = compileEinsum(subscripts, shapes.map((s) => [...s]), { backend: 'wasm', cache, threads: workerThreads(2), lowering: { threadMinimum: 0 } });
    const expected = one.run(...operands).data;
    const pool = cache.wasm.workers(1);
    await pool?.ready();
    const before = pool?.unitsRun ?? 0;
    let same = true;
    let plain = false;
    // a worker may start after this thread took every unit: the workers run some within a few runs
    for (let k = 0; k < 40 && (pool?.unitsRun ?? 0) === before; k++) {
      const result = two.run(...operands).data;
      same &&= result.length === expected.length && result.every((x, i) => Object.is(x, expected[i]));
      // an ordinary (transferable) buffer: the workers never see the result
      plain = result.buffer instanceof ArrayBuffer;
    }
    const unitsRun = (pool?.unitsRun ?? 0) - before;
    // then 10 runs more: a worker waiting at its door (Atomics.wait in the worker) takes each task without a message
    const [posted, dispatched] = [pool?.posted ?? 0, pool?.dispatched ?? 0];
    for (let k = 0; k < 10; k++) {
      const result = two.run(...operands).data;
      same &&= result.every((x, i) => Object.is(x, expected[i]));
    }
    rows.push({ subscripts, parts: two.plan.kernels[0]!.wasm?.parts?.length ?? 1, same, plain, unitsRun,
      posted: (pool?.posted ?? 0) - posted, dispatched: (pool?.dispatched ?? 0) - dispatched });
  }
  return { crossOriginIsolated: globalThis.crossOriginIsolated, rows };
}

report().then(
  (r) => { (globalThis as { threadsReport?: unknown }).threadsReport = r; },
  (e: unknown) => { (globalThis as { threadsReport?: unknown }).threadsReport = { error: String(e) }; },
);
