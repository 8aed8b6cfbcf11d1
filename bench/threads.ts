/**
 * Two threads against one on the large GEMM-form workloads: the same expression compiled with
 * one thread and `threads: workerThreads(2)`, checked bit for bit, then timed in interleaved rounds (medians of
 * wall time, and of process CPU time — all threads — per call). A ratio wall(1)/wall(2) near 2
 * needs two idle cores; on a shared machine it is noisy. On Linux it also reads each thread's CPU
 * time (/proc/self/task, 10 ms ticks, summed over the rounds): the critical path of a two-thread
 * run is its busiest thread, so cpu(1T) / busiest(2T) is the speed-up two idle cores would give,
 * which contention does not distort as much as wall time.
 *   npx tsx bench/threads.ts [rounds]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createKernelCache } from '../runtime/instantiate-kernel.js';
import { compileEinsum } from '../src/compile.js';
import { workerThreads } from '../src/threads.js';
import { createRandom, randomArray } from '../test/support/random.js';

const rounds = Number(process.argv[2] ?? 9);
const workloads: { name: string; subscripts: string; shapes: number[][] }[] = [
  { name: 'matmul 512', subscripts: 'ij,jk->ik', shapes: [[512, 512], [512, 512]] },
  { name: 'matmul 1024', subscripts: 'ij,jk->ik', shapes: [[1024, 1024], [1024, 1024]] },
  { name: 'attention bhqd,bhkd->bhqk (4,8,256,64)', subscripts: 'bhqd,bhkd->bhqk', shapes: [[4, 8, 256, 64], [4, 8, 256, 64]] },
  { name: 'attention bhqk,bhkd->bhqd (4,8,256,64)', subscripts: 'bhqk,bhkd->bhqd', shapes: [[4, 8, 256, 256], [4, 8, 256, 64]] },
  { name: 'abcd,cdef->abef 32⁶', subscripts: 'abcd,cdef->abef', shapes: [[32, 32, 32, 32], [32, 32, 32, 32]] },
];

/** CPU milliseconds per OS thread of this process (Linux), keyed by thread id. */
function threadCpu(): Map<string, number> {
  const ticks = new Map<string, number>();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks.set(tid, (Number(fields[11]) + Number(fields[12])) * 10);
    }
  } catch { /* not Linux */ }
  return ticks;
}

/** CPU milliseconds each thread spent in `run` over `n` calls, busiest first. */
function busiest(run: () => unknown, n: number): number[] {
  const before = threadCpu();
  for (let k = 0; k < n; k++) run();
  const after = threadCpu();
  return [...after].map(([tid, ms]) => ms - (before.get(tid) ?? 0)).sort((a, b) => b - a);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const cache = createKernelCache();
const random = createRandom(5);
for (const w of workloads) {
  const operands = w.shapes.map((s) => randomArray(s, random));
  const one = compileEinsum(w.subscripts, w.shapes, { backend: 'wasm', cache });
  const two = compileEinsum(w.subscripts, w.shapes, { backend: 'wasm', cache, threads: workerThreads(2) });
  await cache.wasm.workers(1)?.ready();
  const a = one.run(...operands).data, b = two.run(...operands).data;
  const same = a.length === b.length && a.every((x, k) => Object.is(x, b[k]));
  const time = (run: () => unknown): [number, number] => {
    const cpu = process.cpuUsage(), start = performance.now();
    run();
    const used = process.cpuUsage(cpu);
    return [performance.now() - start, (used.user + used.system) / 1000];
  };
  const wall: [number[], number[]] = [[], []], cpu: [number[], number[]] = [[], []];
  for (let r = 0; r < rounds; r++) {
    for (const [k, c] of [one, two].entries()) {
      const [t, u] = time(() => c.run(...operands));
      wall[k]!.push(t); cpu[k]!.push(u);
    }
  }
  const [w1, w2, c1, c2] = [median(wall[0]), median(wall[1]), median(cpu[0]), median(cpu[1])];
  const n = Math.max(3, Math.ceil(3000 / c1));
  const single = busiest(() => one.run(...operands), n), split = busiest(() => two.run(...operands), n);
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  console.log(`${w.name.padEnd(40)} parts ${two.plan.kernels.map((k) => k.wasm?.parts?.length ?? 1).join('/')}  bitwise ${same}  ` +
    `wall 1T ${w1.toFixed(1)} ms 2T ${w2.toFixed(1)} ms (×${(w1 / w2).toFixed(2)})  cpu 1T ${c1.toFixed(1)} 2T ${c2.toFixed(1)} ms  ` +
    `per thread over ${n} runs: 1T ${sum(single)} ms, 2T ${split.slice(0, 2).join(' + ')} ms → ×${(sum(single) / split[0]!).toFixed(2)}`);
}
await cache.wasm.workers(1)?.terminate();
