/**
 * Two threads against one on the large GEMM-form workloads, float64 and float32: the same
 * expression compiled with one thread and with `threads: workerThreads(2)`, checked bit for bit,
 * then run in interleaved 1T/2T pairs, several batches of rounds. Printed per batch:
 *   - wall: medians of wall time per call and their ratio wall(1T)/wall(2T), with the machine's
 *     load average (/proc/loadavg) before and after the batch — on a shared 2-core machine wall
 *     time is only an honest speed-up when the load is well under 1;
 *   - cpu: from each OS thread's time on a CPU (/proc/self/task/<tid>/schedstat, nanoseconds)
 *     around every call: the critical path of a 1T call is the calling thread's CPU time, of a 2T
 *     call its busiest thread's, so cpu(1T)/busiest(2T) is the speed-up two idle cores would give;
 *     it also shows how long the threads waited for a CPU (run queue) — the load's share of the wall.
 *     Where the threads take batches as they go, a loaded machine shifts batches to whichever thread
 *     runs, so the busiest thread understates two idle cores; `even` (the 2T threads' CPU halved)
 *     bounds it from above;
 *   - quiet rounds: the rounds in which no thread of either call waited for a CPU, and the
 *     medians of their wall times (a quiet machine's wall-clock speed-up, if there are enough).
 * With `--resident`, each plan runs on its own resident inputs (filled once, untimed) into its
 * resident output (`residentOutput()`): no operand copied in, no result copied out or faulted in,
 * so the calling thread computes only — the split of the kernels themselves.
 *   npx tsx bench/threads.ts [rounds per batch = 9] [batches = 3] [row filter] [--resident]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createKernelCache } from '../runtime/instantiate-kernel.js';
import type { StridedArray } from '../runtime/strided-array.js';
import { compileEinsum } from '../src/compile.js';
import { workerThreads } from '../src/threads.js';
import { createRandom, randomArray } from '../test/support/random.js';

const resident = process.argv.includes('--resident');
const positional = process.argv.slice(2).filter((a) => a !== '--resident');
const rounds = Number(positional[0] ?? 9);
const batches = Number(positional[1] ?? 3);
const only = positional[2];
const workloads: { name: string; subscripts: string; shapes: number[][]; shared?: true }[] = [
  { name: 'matmul 512', subscripts: 'ij,jk->ik', shapes: [[512, 512], [512, 512]] },
  { name: 'matmul 1024', subscripts: 'ij,jk->ik', shapes: [[1024, 1024], [1024, 1024]] },
  { name: 'matmul 2048', subscripts: 'ij,jk->ik', shapes: [[2048, 2048], [2048, 2048]] },
  { name: 'attention qk (4,8,256,64)', subscripts: 'bhqd,bhkd->bhqk', shapes: [[4, 8, 256, 64], [4, 8, 256, 64]] },
  { name: 'attention kv (4,8,256,64)', subscripts: 'bhqk,bhkd->bhqd', shapes: [[4, 8, 256, 256], [4, 8, 256, 64]] },
  // its operands in SharedArrayBuffers (staged by the calling thread like any other operand)
  { name: 'attention kv, shared operands', subscripts: 'bhqk,bhkd->bhqd', shapes: [[4, 8, 256, 256], [4, 8, 256, 64]], shared: true },
  { name: 'abcd,cdef->abef 32⁶', subscripts: 'abcd,cdef->abef', shapes: [[32, 32, 32, 32], [32, 32, 32, 32]] },
];

/** Nanoseconds each OS thread of this process has run, and waited to run, keyed by thread id (Linux). */
function schedstat(): Map<string, [number, number]> {
  const times = new Map<string, [number, number]>();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const [run, wait] = readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
      times.set(tid, [run!, wait!]);
    }
  } catch { /* not Linux */ }
  return times;
}

interface Sample { wall: number; main: number; busiest: number; waited: number }

/** One call: wall ms, the calling thread's CPU ms, the busiest other thread's CPU ms, and ms all threads waited for a CPU. */
function sample(run: () => unknown): Sample {
  const before = schedstat();
  const start = performance.now();
  run();
  const wall = performance.now() - start;
  const after = schedstat();
  let main = 0, busiest = 0, waited = 0;
  for (const [tid, [ran, queued]] of after) {
    const [ran0, queued0] = before.get(tid) ?? [0, 0];
    const cpu = (ran - ran0) / 1e6;
    waited += (queued - queued0) / 1e6;
    if (tid === String(process.pid)) main = cpu;
    else busiest = Math.max(busiest, cpu);
  }
  return { wall, main, busiest, waited };
}

function inSharedMemory(data: Float64Array | Float32Array): Float64Array | Float32Array {
  const copy = data instanceof Float32Array ? new Float32Array(new SharedArrayBuffer(data.byteLength)) : new Float64Array(new SharedArrayBuffer(data.byteLength));
  copy.set(data);
  return copy;
}

/**
 * The rounds in which no thread of either call waited for a CPU (run-queue wait under 1% of the
 * call's wall time): the machine was free for both, so their wall times are a quiet machine's.
 */
function quietPairs(s1: readonly Sample[], s2: readonly Sample[]): string {
  const quiet = s1.flatMap((a, r) => (a.waited < 0.01 * a.wall && s2[r]!.waited < 0.01 * s2[r]!.wall ? [[a.wall, s2[r]!.wall] as const] : []));
  if (quiet.length === 0) return '  quiet rounds 0';
  const [q1, q2] = [median(quiet.map((q) => q[0])), median(quiet.map((q) => q[1]))];
  return `  quiet rounds ${quiet.length}: wall 1T ${q1.toFixed(1)} 2T ${q2.toFixed(1)} ×${(q1 / q2).toFixed(2)}`;
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const load = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 1).join('');
const f = (x: number, digits = 1): string => x.toFixed(digits);

const cache = createKernelCache();
const random = createRandom(5);
console.log(`2 threads vs 1${resident ? ', resident inputs and output' : ''}, ${batches} batches × ${rounds} interleaved rounds; wall = medians of wall ms; cpu = medians of critical-path CPU ms (1T: calling thread; 2T: busiest thread); wait = ms threads waited for a CPU per call; load = 1-min load average before→after`);
for (const dtype of ['float64', 'float32'] as const) {
  for (const w of workloads) {
    const name = `${w.name} ${dtype === 'float32' ? 'f32' : 'f64'}`;
    if (only !== undefined && !name.includes(only)) continue;
    const operands: StridedArray[] = w.shapes.map((s) => randomArray(s, random)).map((a) => (dtype === 'float32' ? { ...a, data: Float32Array.from(a.data) } : a))
      .map((a) => (w.shared ? { ...a, data: inSharedMemory(a.data as Float64Array | Float32Array) } : a));
    const one = compileEinsum(w.subscripts, w.shapes, { backend: 'wasm', cache, dtype });
    const two = compileEinsum(w.subscripts, w.shapes, { backend: 'wasm', cache, dtype, threads: workerThreads(2) });
    await cache.wasm.workers(1)?.ready();
    const a = one.run(...operands).data, b = two.run(...operands).data;
    const same = a.length === b.length && a.every((x, k) => Object.is(x, b[k]));
    const call = (plan: typeof one): (() => unknown) => {
      if (!resident) return () => plan.run(...operands);
      const inputs = plan.residentInputs();
      inputs.forEach((r, k) => r.data.set(operands[k]!.data as Float64Array));
      const out = plan.residentOutput();
      return () => plan.run(...inputs, { out });
    };
    const [runOne, runTwo] = [call(one), call(two)];
    runOne(); runTwo();
    const sameResident = !resident || (one.residentOutput().data as Float64Array).every((x, k) => Object.is(x, two.residentOutput().data[k]) && Object.is(x, a[k]));
    for (let k = 0; k < 3; k++) { runOne(); runTwo(); }
    const parts = two.plan.kernels.map((k) => k.wasm?.parts?.length ?? 1).join('/');
    for (let batch = 0; batch < batches; batch++) {
      const before = load();
      const s1: Sample[] = [], s2: Sample[] = [];
      for (let r = 0; r < rounds; r++) {
        s1.push(sample(runOne));
        s2.push(sample(runTwo));
      }
      const m = (xs: Sample[], pick: (s: Sample) => number): number => median(xs.map(pick));
      const [w1, w2] = [m(s1, (s) => s.wall), m(s2, (s) => s.wall)];
      const [c1, c2] = [m(s1, (s) => s.main), m(s2, (s) => Math.max(s.main, s.busiest))];
      // the threads' CPU split evenly: what two idle cores would give when the threads take batches as they go
      const even = m(s2, (s) => (s.main + s.busiest) / 2);
      console.log(`${name.padEnd(32)}${resident ? ' resident in/out' : ''} parts ${parts} bitwise ${same && sameResident}  wall 1T ${f(w1)} 2T ${f(w2)} ×${f(w1 / w2, 2)}  ` +
        `cpu 1T ${f(c1)} 2T ${f(m(s2, (s) => s.main))}+${f(m(s2, (s) => s.busiest))} ×${f(c1 / c2, 2)} (even ×${f(c1 / even, 2)})  ` +
        `wait 1T ${f(m(s1, (s) => s.waited))} 2T ${f(m(s2, (s) => s.waited))}  load ${before}→${load()}` +
        quietPairs(s1, s2));
    }
  }
}
await cache.wasm.workers(1)?.terminate();
