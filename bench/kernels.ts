/**
 * The kernel bench: every workload of bench/workloads.ts run by ricci (f64 on its JS and
 * WebAssembly backends, and float32; on rows marked `out`, also its default plan and float32 plan
 * writing into one reused caller-provided `out`; on rows marked `resident`, on operands resident in
 * its memory; on rows marked either, resident operands and a resident output) and by each peer that loads — tf.js cpu and wasm,
 * onnxruntime-web's Einsum (f32, f64), numpy on one thread, ndarray-ops, ndarray-gemm, plain loops —
 * checked against ricci's result, then timed side by side in interleaved rounds (medians), and
 * printed as two tables: milliseconds with ratios, and GFLOP/s against the measured SIMD peak.
 */
import { createRequire } from 'node:module';
import ndarray from 'ndarray';
import type * as Ort from 'onnxruntime-web';
import { createKernelCache } from '../runtime/instantiate-kernel.js';
import { elementCount, type DenseArray, type StridedArray } from '../runtime/strided-array.js';
import { compileEinsum } from '../src/compile.js';
import { createEinsum } from '../src/einsum.js';
import { createRandom, randomArray } from '../test/support/random.js';
import { asyncContender, syncContender, timeInterleaved, type Contender, type Outcome, type Schedule } from './peers/interleave.js';
import { medianMs } from './peers/measure.js';
import { numpyEinsum, startNumpy, type NumpyPeer } from './peers/numpy.js';
import { loadOnnxRuntime, onnxPeer } from './peers/onnxruntime.js';
import { measurePeak, type Peak } from './peers/peak.js';
import { loadTfWasm, tf, tfPeer } from './peers/tfjs.js';
import { printTables, type RowResult } from './report.js';
import { workloads, type Workload } from './workloads.js';

type Gemm = (c: unknown, a: unknown, b: unknown) => void;
const gemm = createRequire(import.meta.url)('ndarray-gemm') as Gemm;

/** The peers that loaded, or why not. */
interface Peers {
  readonly tfWasm: boolean;
  readonly ort: typeof Ort | undefined;
  readonly numpy: NumpyPeer | undefined;
  readonly notes: string[];
}

export interface KernelBenchOptions {
  /** Fewer rounds, a shorter budget per call, no rows marked fullOnly: about two minutes. */
  readonly quick: boolean;
  /** Only the rows whose name contains this (rows marked fullOnly included). */
  readonly only?: string;
}

/** Options from the command line: `--quick` (or RICCI_BENCH_QUICK=1), `--only <part of a row name>`. */
export function kernelBenchOptions(argv: readonly string[]): KernelBenchOptions {
  const at = argv.indexOf('--only');
  return { quick: argv.includes('--quick') || process.env.RICCI_BENCH_QUICK === '1', only: at >= 0 ? argv[at + 1] : undefined };
}

const schedules: Record<'quick' | 'full', Schedule> = {
  quick: { rounds: 3, budgetMs: 1_000, warmMs: 50, sampleMs: 5 },
  full: { rounds: 7, budgetMs: 10_000, warmMs: 200, sampleMs: 10 },
};

/**
 * What one timed call includes, per peer (checked in the peers' sources): every contender ends
 * with its result as a JavaScript typed array (numpy: an ndarray) it has just written, so fresh
 * output memory is first touched in every column. tf.js keeps its operands as tensors made once
 * outside the timing (resident in its backend's memory, as a tf.js program keeps them), as numpy
 * keeps its arrays in python; ricci and onnxruntime take JavaScript arrays on every call.
 */
const timedCall = 'timed per call: ricci reads the JS operands in place (its wasm steps copy them in) and returns a fresh array; ' +
  'ricci resident f64/f32: its default/float32 plan on operands in its own memory (residentInputs(), filled once, untimed, like tf.js tensors), fresh result; ' +
  'ricci resident in/out f64/f32: the same, writing into its resident output (residentOutput(), made once: no copy in or out, no fresh result, overwritten by every call, as tf.js and numpy keep results in their own memory); ' +
  'tf.js runs on tensors made once (untimed) and reads the result back with dataSync (a copy out of its memory); ' +
  'onnxruntime copies the feeds in and the output out on every run';

const numpyEinsumNote = 'numpy einsum: a result that is a view of an operand (np.einsum returns one for a pure permutation or a diagonal) is copied, ' +
  'so that column writes its result like every other';

async function loadPeers(): Promise<Peers> {
  const notes: string[] = [];
  tf.enableProdMode(); // what a deployed tf.js app runs: no debug checks (and no console banner)
  await tf.setBackend('cpu');
  const wasmProblem = await loadTfWasm();
  notes.push(wasmProblem === undefined
    ? `tf.js ${tf.version.tfjs}: backends cpu and wasm (SIMD ${String(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'))}, one thread), float32, prod mode`
    : `tf.js ${tf.version.tfjs}: backend cpu; wasm SKIPPED: ${wasmProblem}`);
  const ort = await loadOnnxRuntime();
  notes.push(typeof ort === 'string' ? `onnxruntime-web SKIPPED: ${ort}` : `onnxruntime-web ${ort.env.versions.web ?? '?'}: wasm execution provider, one thread, one Einsum node`);
  const numpy = await startNumpy();
  notes.push(typeof numpy === 'string' ? `numpy SKIPPED: ${numpy}` : `${numpy.description}; OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset for it`);
  if (typeof numpy !== 'string') notes.push(numpyEinsumNote);
  notes.push(timedCall);
  return { tfWasm: wasmProblem === undefined, ort: typeof ort === 'string' ? undefined : ort, numpy: typeof numpy === 'string' ? undefined : numpy, notes };
}

/** Row-major copy of a result (ricci returns views into its buffer pool). */
function dense(a: StridedArray): Float64Array {
  const out = new Float64Array(elementCount(a.shape));
  const index = new Array<number>(a.shape.length).fill(0);
  for (let k = 0; k < out.length; k++) {
    let p = a.offset;
    for (let d = 0; d < index.length; d++) p += index[d]! * a.stride[d]!;
    out[k] = a.data[p]!;
    for (let d = index.length - 1; d >= 0 && ++index[d]! === a.shape[d]!; d--) index[d] = 0;
  }
  return out;
}

/**
 * ricci's f64 backends and its float32 plan, the backend the default ('auto') picks, and the
 * default plan's result: the reference every contender (ricci's own included) is checked against.
 */
function ricciContenders(w: Workload, ops: DenseArray[]): { contenders: Contender[]; auto: 'js' | 'wasm'; reference: Float64Array; outputShape: readonly number[] } {
  const f32 = ops.map((o) => ({ ...o, data: Float32Array.from(o.data) }));
  const js = compileEinsum(w.subscripts, w.shapes, { backend: 'js' });
  const wasm = compileEinsum(w.subscripts, w.shapes, { backend: 'wasm' });
  const single = compileEinsum(w.subscripts, w.shapes, { dtype: 'float32' });
  const byDefault = compileEinsum(w.subscripts, w.shapes);
  return {
    auto: byDefault.plan.kernels.some((k) => k.wasm && k.wasm.stream !== 'in-place') ? 'wasm' : 'js',
    reference: dense(byDefault.run(...ops)),
    outputShape: byDefault.plan.outputShape,
    contenders: [
      syncContender('ricci js f64', 'float64', () => js.run(...ops), { read: dense }),
      syncContender('ricci wasm f64', 'float64', () => wasm.run(...ops), { read: dense }),
      syncContender('ricci f32', 'float32', () => single.run(...f32), { read: dense }),
      ...(w.out ? outContenders(byDefault, single, ops, f32) : []),
      ...(w.resident ? residentContenders(w, ops) : []),
      ...(w.resident || w.out ? residentOutContenders(w, ops) : []),
    ],
  };
}

/** ricci's default plan and its float32 plan writing into one `out` each, made once and reused by every call. */
function outContenders(byDefault: ReturnType<typeof compileEinsum>, single: ReturnType<typeof compileEinsum>, ops: StridedArray[], f32: StridedArray[]): Contender[] {
  const shape = [...byDefault.plan.outputShape];
  const out64 = ndarray(new Float64Array(elementCount(shape)), shape), out32 = ndarray(new Float32Array(elementCount(shape)), shape);
  return [
    syncContender('ricci out= f64', 'float64', () => byDefault.run(...ops, { out: out64 }), { read: dense }),
    syncContender('ricci out= f32', 'float32', () => single.run(...f32, { out: out32 }), { read: dense }),
  ];
}

/**
 * ricci's default plan and its float32 plan on operands resident in the plan's memory
 * (`residentInputs()`, filled once, untimed: as tf.js's tensors are made once), result fresh.
 */
function residentContenders(w: Workload, ops: DenseArray[]): Contender[] {
  return (['float64', 'float32'] as const).map((dtype) => {
    const plan = compileEinsum(w.subscripts, w.shapes, { dtype });
    const inputs = plan.residentInputs();
    inputs.forEach((r, k) => r.data.set(ops[k]!.data));
    return syncContender(`ricci resident ${dtype === 'float32' ? 'f32' : 'f64'}`, dtype, () => plan.run(...inputs), { read: dense });
  });
}

/**
 * ricci's default plan and its float32 plan on resident operands writing into its resident output
 * (`residentInputs()` filled once, untimed; `run(…, { out: residentOutput() })`): nothing copied in
 * or out and no fresh result, as tf.js's and numpy's results stay in their own memory. Each call
 * overwrites the same output (read once for the check, as every contender's).
 */
function residentOutContenders(w: Workload, ops: DenseArray[]): Contender[] {
  return (['float64', 'float32'] as const).map((dtype) => {
    const plan = compileEinsum(w.subscripts, w.shapes, { dtype });
    const inputs = plan.residentInputs();
    inputs.forEach((r, k) => r.data.set(ops[k]!.data));
    const out = plan.residentOutput();
    return syncContender(`ricci resident in/out ${dtype === 'float32' ? 'f32' : 'f64'}`, dtype, () => plan.run(...inputs, { out }), { read: dense });
  });
}

async function peerContenders(w: Workload, ops: DenseArray[], outputShape: readonly number[], peers: Peers, key: string): Promise<Contender[]> {
  const out: Contender[] = [];
  const data = ops.map((o) => o.data as Float64Array);
  if (w.tf) {
    const f = w.tf;
    for (const backend of peers.tfWasm ? (['cpu', 'wasm'] as const) : (['cpu'] as const)) {
      const p = tfPeer(backend, ops, (t) => f(tf, t));
      out.push(syncContender(`tf ${backend} f32`, 'float32', p.run, p));
    }
  }
  if (peers.ort) for (const dtype of ['float32', 'float64'] as const) {
    const p = await onnxPeer(peers.ort, w.subscripts, ops, outputShape, dtype);
    out.push(asyncContender(`ort ${dtype === 'float32' ? 'f32' : 'f64'}`, dtype, p.run, { dispose: p.dispose }));
  }
  const numpy = peers.numpy;
  if (numpy) {
    await numpy.load(key, ops.map((o) => ({ data: o.data as Float64Array, shape: o.shape })));
    const expressions: [string, string][] = [['numpy einsum', numpyEinsum(w.subscripts)]];
    if (w.numpy) expressions.push(['numpy hand', w.numpy]);
    for (const [name, expression] of expressions)
      out.push({ name, precision: 'float64', once: () => numpy.result(key, expression), sample: (inner) => numpy.sample(key, expression, inner) });
  }
  if (w.ndarrayOps) { const f = w.ndarrayOps; out.push(syncContender('ndarray-ops', 'float64', () => f(data))); }
  if (w.gemm) {
    const [a, b] = data as [Float64Array, Float64Array];
    const [n, m, p] = [w.shapes[0]![0]!, w.shapes[0]![1]!, w.shapes[1]![1]!];
    const c = ndarray(new Float64Array(n * p), [n, p]);
    const [na, nb] = [ndarray(a, [n, m]), ndarray(b, [m, p])];
    out.push(syncContender('ndarray-gemm', 'float64', () => { c.data.fill(0); gemm(c, na, nb); return c.data; }));
  }
  if (w.plain) { const f = w.plain; out.push(syncContender('plain loops', 'float64', () => f(data))); }
  return out;
}

/** Contenders that went over the budget, by name: the row and its flops (rows with twice the flops skip them without a call). */
type OverBudget = Map<string, { readonly row: string; readonly flops: number }>;

async function benchWorkload(w: Workload, peers: Peers, schedule: Schedule, index: number, overBudget: OverBudget): Promise<RowResult> {
  const random = createRandom(1);
  const ops = w.shapes.map((s) => randomArray(s, random));
  const ricci = ricciContenders(w, ops);
  const key = `w${index}`;
  const all = [...ricci.contenders, ...(await peerContenders(w, ops, ricci.outputShape, peers, key))];
  const outcomes = new Map<string, Outcome>();
  const hopeless = (c: Contender): boolean => 2 * (overBudget.get(c.name)?.flops ?? Infinity) <= w.flops;
  for (const c of all.filter(hopeless))
    outcomes.set(c.name, { kind: 'skipped', overBudget: true, reason: `not run: over budget already on ${overBudget.get(c.name)!.row}, with half the flops or fewer` });
  try {
    for (const [name, o] of await timeInterleaved(all.filter((c) => !hopeless(c)), ricci.reference, schedule)) {
      outcomes.set(name, o);
      if (o.kind === 'skipped' && o.overBudget) overBudget.set(name, { row: w.name, flops: w.flops });
    }
  } finally {
    for (const c of all) await c.dispose?.();
    await peers.numpy?.drop(key);
  }
  return { workload: w, outcomes, auto: ricci.auto };
}

/**
 * Issue 14's call overhead: a cached `einsum('ij,jk->ik', A, B)` on 8×8 operands (dense strided
 * arrays, as numpy gets its arrays) against the compiled plan's `run` on the same operands and
 * numpy's own `np.einsum` call (default optimize=False; timed inside python), interleaved, medians.
 * Targets: einsum/run ≤ 1.5 and einsum/numpy ≤ 1.
 */
async function benchCallOverhead(numpy: NumpyPeer | undefined, schedule: Schedule): Promise<void> {
  const shapes = [[8, 8], [8, 8]];
  const ops = shapes.map((s, k) => randomArray(s, createRandom(3 + k)));
  const einsum = createEinsum();
  const compiled = compileEinsum('ij,jk->ik', shapes);
  const contenders: Contender[] = [
    syncContender('ricci einsum call', 'float64', () => einsum('ij,jk->ik', ops[0]!, ops[1]!), { read: (x) => x.data }),
    syncContender('ricci compiled run', 'float64', () => compiled.run(ops[0]!, ops[1]!), { read: (x) => x.data }),
  ];
  const key = 'overhead';
  if (numpy) {
    await numpy.load(key, ops.map((o) => ({ data: o.data as Float64Array, shape: o.shape })));
    const expression = "np.einsum('ij,jk->ik', *t)";
    contenders.push({ name: 'numpy einsum call', precision: 'float64', once: () => numpy.result(key, expression), sample: (inner) => numpy.sample(key, expression, inner) });
  }
  try {
    const outcomes = await timeInterleaved(contenders, dense(compiled.run(...ops)), schedule);
    const us = (name: string): number | undefined => { const o = outcomes.get(name); return o?.kind === 'timed' ? o.ms * 1e3 : undefined; };
    const [call, run, np] = [us('ricci einsum call'), us('ricci compiled run'), us('numpy einsum call')];
    const show = (x: number | undefined): string => (x === undefined ? 'not timed' : `${x.toFixed(2)} µs`);
    const ratio = (a: number | undefined, b: number | undefined): string => (a === undefined || b === undefined ? '—' : (a / b).toFixed(2));
    console.log(`einsum call overhead, 'ij,jk->ik' 8×8 (${schedule.rounds} interleaved rounds, medians of wall time):`);
    console.log(`  einsum call ${show(call)} | compiled run ${show(run)} | numpy einsum call ${show(np)}${numpy ? '' : ' (numpy not loaded)'}`);
    console.log(`  einsum/run ${ratio(call, run)} (target ≤ 1.5) | einsum/numpy ${ratio(call, np)} (target ≤ 1)`);
    for (const [name, o] of outcomes) if (o.kind !== 'timed') console.log(`  ${name}: ${o.kind === 'wrong' ? `WRONG (difference ${o.diff})` : o.reason}`);
  } finally {
    await numpy?.drop(key);
  }
}

/** Compile latency (parse → path → lower → emit → instantiate, fresh cache) and cache-hit call cost. */
function measureOverheads(): void {
  const expressions: [string, number[][]][] = [
    ['ea,fb,abcd,gc,hd->efgh', [[10, 10], [10, 10], [10, 10, 10, 10], [10, 10], [10, 10]]],
    ['ab,bc,cd,de,ef,fg->ag', [[8, 9], [9, 10], [10, 11], [11, 12], [12, 13], [13, 14]]],
    ['ij,jk->ik', [[512, 512], [512, 512]]],
  ];
  for (const [subscripts, shapes] of expressions) {
    const ms = medianMs(21, () => compileEinsum(subscripts, shapes, { cache: createKernelCache() }));
    console.log(`compile latency ${subscripts.padEnd(28)} ${ms.toFixed(3)} ms (target < 5 ms)`);
  }
  const tiny = compileEinsum('i,i->', [[1], [1]]);
  const x = randomArray([1], createRandom(2));
  const us = medianMs(9, () => tiny.run(x, x)) * 1e3;
  console.log(`cache-hit call of a compiled 1-element contraction: ${us.toFixed(2)} µs per call (target < 20 µs)`);
}

/** The name `--only` matches for the call-overhead row. */
const overheadRow = 'einsum call overhead 8×8';

export async function benchKernels(options: KernelBenchOptions = { quick: false }): Promise<void> {
  const schedule = schedules[options.quick ? 'quick' : 'full'];
  const peers = await loadPeers();
  const peakSamples = options.quick ? 3 : 7;
  const before = { f64x2: measurePeak('f64x2', peakSamples), f32x4: measurePeak('f32x4', peakSamples) };
  console.log(`kernel bench (${options.quick ? 'quick' : 'full'}: ${schedule.rounds} interleaved rounds, medians; a contender whose first call exceeds ${schedule.budgetMs / 1e3} s is skipped)`);
  for (const note of peers.notes) console.log(`  ${note}`);
  const rows: RowResult[] = [];
  const overBudget: OverBudget = new Map();
  try {
    for (const [k, w] of workloads.entries()) {
      if (options.only === undefined ? w.fullOnly && options.quick : !w.name.includes(options.only)) continue;
      rows.push(await benchWorkload(w, peers, schedule, k, overBudget));
      process.stderr.write(`  measured ${w.name}\n`);
    }
    if (options.only === undefined || overheadRow.includes(options.only)) await benchCallOverhead(peers.numpy, schedule);
  } finally {
    peers.numpy?.close();
  }
  // The peak is measured before and after the rows and the better kept, so one busy moment does not lower it.
  const better = (a: Peak, b: Peak): Peak => (a.gflops >= b.gflops ? a : b);
  const peaks = { f64x2: better(before.f64x2, measurePeak('f64x2', peakSamples)), f32x4: better(before.f32x4, measurePeak('f32x4', peakSamples)) };
  printTables(rows, peaks);
  measureOverheads();
}

if (import.meta.url === `file://${process.argv[1]}`) await benchKernels(kernelBenchOptions(process.argv));
