/**
 * Fresh result against a reused `out` and against resident operands and output, in one process:
 * for each bench row marked `out` (bench/workloads.ts), ricci's default plan (f64) and its float32
 * plan, each run fresh, into one caller's `out`, and (a second plan of the same options) on its
 * resident inputs into its resident output (`residentInputs()` filled once, `residentOutput()`:
 * nothing copied in or out, no fresh pages), checked equal, then timed in interleaved rounds (the
 * order rotating). Per call: CPU time of the whole process (process.cpuUsage: user + system, so
 * the kernel's page faults for a fresh result count) and wall time; medians over the rounds, their
 * ratios to fresh, and GFLOP/s (wall) as a percent of the WebAssembly peak measured in this process
 * (bench/peers/peak.ts).
 *   npx tsx bench/out.ts [rounds = 9] [row filter: any row whose name contains it; without one, the rows marked out]
 */
import ndarray from 'ndarray';
import { elementCount, type StridedArray } from '../runtime/strided-array.js';
import { compileEinsum } from '../src/compile.js';
import { createRandom, randomArray } from '../test/support/random.js';
import { measurePeak } from './peers/peak.js';
import { workloads } from './workloads.js';

const rounds = Number(process.argv[2] ?? 9);
const only = process.argv[3];
const median = (xs: readonly number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]!; };

/** ms of CPU and of wall per call over `calls` calls. */
function sample(run: () => unknown, calls: number): [number, number] {
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let k = 0; k < calls; k++) run();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return [(used.user + used.system) / 1e3 / calls, wall / calls];
}

const peaks = { float64: measurePeak('f64x2', 3).gflops, float32: measurePeak('f32x4', 3).gflops };
console.log(`fresh result vs one reused out vs resident in/out: ${rounds} interleaved rounds, medians per call; peak f64x2 ${peaks.float64.toFixed(1)}, f32x4 ${peaks.float32.toFixed(1)} GFLOP/s (this process); loadavg ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log('| row | dtype | cpu fresh | cpu out | cpu resident in/out | wall fresh | wall out | wall resident in/out | wall out/fresh | wall resident/fresh | % peak fresh | % peak out | % peak resident |');
console.log('|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
const kinds = ['fresh', 'out', 'resident'] as const;
// a filter picks from every row (matmul 128, `ij,jk->ki`, `abcd` are not marked `out`)
for (const w of workloads.filter((x) => (only === undefined ? x.out : x.name.includes(only)))) {
  const random = createRandom(1);
  const ops = w.shapes.map((s) => randomArray(s, random));
  for (const dtype of ['float64', 'float32'] as const) {
    const operands: StridedArray[] = dtype === 'float32' ? ops.map((o) => ({ ...o, data: Float32Array.from(o.data) })) : ops;
    const options = dtype === 'float32' ? { dtype } : {};
    const plan = compileEinsum(w.subscripts, w.shapes, options);
    const shape = [...plan.plan.outputShape];
    const n = elementCount(shape);
    const out = ndarray(dtype === 'float32' ? new Float32Array(n) : new Float64Array(n), shape);
    const pinned = compileEinsum(w.subscripts, w.shapes, options);
    const inputs = pinned.residentInputs();
    inputs.forEach((r, k) => r.data.set(operands[k]!.data as Float64Array));
    const residentOut = pinned.residentOutput();
    const runs = {
      fresh: (): unknown => plan.run(...operands),
      out: (): unknown => plan.run(...operands, { out }),
      resident: (): unknown => pinned.run(...inputs, { out: residentOut }),
    };
    const expected = plan.run(...operands).data;
    runs.out();
    runs.resident();
    for (const [name, got] of [['out', out.data], ['resident in/out', residentOut.data]] as const)
      if (expected.some((x, k) => !Object.is(x, got[k]))) throw new Error(`${w.name} ${dtype}: ${name} differs from the fresh result`);
    const once = sample(runs.fresh, 1)[1];
    const calls = Math.max(1, Math.round(40 / Math.max(once, 0.01)));
    const times = { fresh: [] as [number, number][], out: [] as [number, number][], resident: [] as [number, number][] };
    for (let r = 0; r < rounds; r++)
      for (let k = 0; k < kinds.length; k++) { const which = kinds[(k + r) % kinds.length]!; times[which].push(sample(runs[which], calls)); }
    const cpu = Object.fromEntries(kinds.map((k) => [k, median(times[k].map((t) => t[0]))])) as Record<typeof kinds[number], number>;
    const wall = Object.fromEntries(kinds.map((k) => [k, median(times[k].map((t) => t[1]))])) as Record<typeof kinds[number], number>;
    const percent = (ms: number): string => `${((100 * w.flops) / ms / 1e6 / peaks[dtype]).toFixed(0)}%`;
    console.log(`| ${w.name} | ${dtype === 'float32' ? 'f32' : 'f64'} | ${kinds.map((k) => cpu[k].toFixed(2)).join(' | ')} | ${kinds.map((k) => wall[k].toFixed(2)).join(' | ')} | ` +
      `${(wall.out / wall.fresh).toFixed(2)} | ${(wall.resident / wall.fresh).toFixed(2)} | ${kinds.map((k) => percent(wall[k])).join(' | ')} |`);
  }
}
