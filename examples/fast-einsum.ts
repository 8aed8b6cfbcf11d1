/**
 * The fast path for a contraction run many times (attention scores, batch 4 × 8 heads × 256 × 64):
 * compile once; keep the operands and the result in the plan's own memory; float32; two threads.
 * Each variant is checked against the first. Run: npx tsx examples/fast-einsum.ts [rounds]
 */
import { compileEinsum, type CompiledEinsum } from 'ricci';
import { workerThreads } from 'ricci/threads';

const subscripts = 'bhqd,bhkd->bhqk';
const shapes = [[4, 8, 256, 64], [4, 8, 256, 64]];
const flops = 2 * 4 * 8 * 256 * 256 * 64;
const rounds = Number(process.argv[2] ?? 20);

/** A dense row-major operand of `shape` (a scijs ndarray would do as well). */
function operand(shape: number[], seed: number): { data: Float64Array; shape: number[]; stride: number[]; offset: number } {
  const data = Float64Array.from({ length: shape.reduce((p, n) => p * n, 1) }, (_, k) => Math.sin(seed + 0.37 * k));
  const stride = shape.map((_, d) => shape.slice(d + 1).reduce((p, n) => p * n, 1));
  return { data, shape, stride, offset: 0 };
}

/** Median wall time of `run` in ms, after one warm-up call. */
function median(run: () => unknown): number {
  run();
  const times = Array.from({ length: rounds }, () => { const t = performance.now(); run(); return performance.now() - t; });
  return times.sort((a, b) => a - b)[rounds >> 1]!;
}

const [Q, K] = [operand(shapes[0]!, 1), operand(shapes[1]!, 2)];
const reference = compileEinsum(subscripts, shapes);
const expected = reference.run(Q, K).data;

/** The plan's own memory: inputs filled once (a training loop writes each batch there), the result written in place. */
function resident(plan: CompiledEinsum): () => { data: ArrayLike<number> } {
  const [q, k] = plan.residentInputs();
  q!.data.set(Q.data);
  k!.data.set(K.data);
  const out = plan.residentOutput();
  return () => plan.run(q!, k!, { out });
}

const variants: [string, () => { data: ArrayLike<number> }, number][] = [
  ['fresh arrays in, fresh result out (f64)', () => reference.run(Q, K), 1e-12],
  ['resident inputs and result (f64)', resident(reference), 1e-12],
  ['resident, float32', resident(compileEinsum(subscripts, shapes, { dtype: 'float32' })), 1e-4],
  ['resident, float64, two threads', resident(compileEinsum(subscripts, shapes, { threads: workerThreads(2) })), 1e-12],
];

for (const [name, run, tolerance] of variants) {
  const ms = median(run);
  const got = run().data;
  let worst = 0;
  for (let k = 0; k < expected.length; k++) worst = Math.max(worst, Math.abs(got[k]! - expected[k]!));
  let scale = 0;
  for (let k = 0; k < expected.length; k++) scale = Math.max(scale, Math.abs(expected[k]!));
  console.log(`${name.padEnd(42)} ${ms.toFixed(2).padStart(7)} ms  ${(flops / ms / 1e6).toFixed(1).padStart(5)} GFLOP/s  max error ${(worst / scale).toExponential(1)} → ${worst <= tolerance * scale ? 'ok' : 'MISMATCH'}`);
}
