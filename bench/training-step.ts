import ndarray from 'ndarray';
import { gradients, type CompiledGradients, type GradientValues } from '../src/index.js';
import { syncContender, timeInterleaved, type Contender, type Schedule } from './peers/interleave.js';
import { startNumpy } from './peers/numpy.js';
import { loadTfWasm, tf } from './peers/tfjs.js';

/**
 * An MLP training step (batch 256, 784 → 128 tanh → 10, squared loss): the value and the gradient
 * wrt W1, b1, W2, b2. ricci's `gradients` plan (float64) against tf.js `variableGrads` on its cpu
 * and wasm backends (float32; ricci also with dtype float32) and a hand-written numpy backprop on one thread (float64), timed
 * interleaved; medians. Each result is the four gradients flattened and concatenated.
 * ricci runs twice over: on fresh JavaScript arrays (copied into its WebAssembly memory where a
 * step needs them, every call), and "resident" on `compile(…).residentInputs()` filled once,
 * untimed — like for like with numpy's arrays and tf.js's tensors and variables, which live in their
 * own memory before the timed call. Every call returns fresh gradients.
 * `npx tsx bench/training-step.ts [--quick]`; `npm run bench` runs it after the kernel bench.
 */
const [B, D, H, K] = [256, 784, 128, 10];
export const program = `z1[a,i] = X[a,j] W1[j,i] + b1[i]
h[a,i] = tanh(z1[a,i])
z2[a,k] = h[a,i] W2[i,k] + b2[k]
L = 0.5 * sum[a,k]((z2[a,k] - Y[a,k])^2)`;
export const shapes = { X: [B, D], W1: [D, H], b1: [H], W2: [H, K], b2: [K], Y: [B, K] } as const;
export const wrt = ['W1', 'b1', 'W2', 'b2'] as const;
// backprop by hand: h, G = ∂L/∂z2, Δ1 = ∂L/∂z1 (operands t0…t5 in the order of `shapes`)
export const numpyStep = '(lambda h: (lambda G: (lambda D1: np.concatenate([(t[0].T @ D1).ravel(), D1.sum(0), (h.T @ G).ravel(), G.sum(0)]))'
  + '((G @ t[3].T) * (1 - h * h)))(h @ t[3] + t[4] - t[5]))(np.tanh(t[0] @ t[1] + t[2]))';

const schedules: Record<'quick' | 'full', Schedule> = {
  quick: { rounds: 5, budgetMs: 5_000, warmMs: 100, sampleMs: 20 },
  full: { rounds: 11, budgetMs: 10_000, warmMs: 300, sampleMs: 50 },
};

/** The step's operands (deterministic, in the order of `shapes`: numpyStep's t0…t5). */
export function mlpOperands(): { name: string; shape: number[]; data: Float64Array }[] {
  return Object.entries(shapes).map(([name, shape], k) => {
    const n = shape.reduce((p: number, s: number) => p * s, 1);
    const data = Float64Array.from({ length: n }, (_, i) => Math.sin(1.3 * i + k) * (name === 'Y' ? 1 : 0.05));
    return { name, shape: [...shape], data };
  });
}

export async function benchTrainingStep(quick = false): Promise<void> {
  const operands = mlpOperands();
  const inputs = Object.fromEntries(operands.map((o) => [o.name, ndarray(o.data, o.shape)]));
  const g = gradients(program, 'L', [...wrt]);
  const compiledShapes = Object.fromEntries(operands.map((o) => [o.name, o.shape]));
  const step = g.compile(compiledShapes);
  const step32 = g.compile(compiledShapes, { dtype: 'float32' });
  const flat = (r: ReturnType<typeof step.run>): Float64Array => {
    const parts = wrt.map((w) => r.gradients[w]!);
    const out = new Float64Array(parts.reduce((p, g) => p + g.size, 0));
    let at = 0;
    for (const g of parts) for (let k = 0; k < g.size; k++) out[at++] = g.data[g.offset + k]!;
    return out;
  };
  // resident: plans of their own (a plan's resident inputs change how it runs), filled once, untimed
  const resident = gradients(program, 'L', [...wrt]);
  const placed = (compiled: CompiledGradients): (() => GradientValues) => {
    const arrays = compiled.residentInputs();
    for (const o of operands) arrays[o.name]!.data.set(o.data);
    return () => compiled.run(arrays);
  };
  const residentStep = placed(resident.compile(compiledShapes));
  const residentStep32 = placed(resident.compile(compiledShapes, { dtype: 'float32' }));
  const contenders: Contender[] = [
    syncContender('ricci gradients f64', 'float64', () => step.run(inputs), { read: flat }),
    syncContender('ricci gradients f32', 'float32', () => step32.run(inputs), { read: flat }),
    syncContender('ricci gradients f64 resident', 'float64', residentStep, { read: flat }),
    syncContender('ricci gradients f32 resident', 'float32', residentStep32, { read: flat }),
  ];
  const notes: string[] = [];
  tf.enableProdMode();
  const wasmProblem = await loadTfWasm();
  if (wasmProblem) notes.push(`tf wasm SKIPPED: ${wasmProblem}`);
  for (const backend of wasmProblem ? ['cpu'] as const : ['cpu', 'wasm'] as const) {
    let vars: tf.Variable[] | undefined;
    let data: tf.Tensor[] | undefined;
    const run = (): Float32Array => {
      const [X, , , , , Y] = data!;
      const [W1, b1, W2, b2] = vars!;
      const { value, grads } = tf.variableGrads(() => tf.tidy(() => {
        const h = tf.tanh(tf.add(tf.matMul(X!, W1!), b1!));
        return tf.mul(0.5, tf.sum(tf.square(tf.sub(tf.add(tf.matMul(h, W2!), b2!), Y!)))) as tf.Scalar;
      }), vars);
      const out = new Float32Array(wrt.reduce((p, w) => p + grads[`${w}_${backend}`]!.size, 0));
      let at = 0;
      for (const w of wrt) { const d = grads[`${w}_${backend}`]!.dataSync(); out.set(d, at); at += d.length; }
      value.dispose();
      for (const g of Object.values(grads)) g.dispose();
      return out;
    };
    contenders.push(syncContender(`tf ${backend} variableGrads f32`, 'float32', run, {
      prepare: async () => {
        if (tf.getBackend() !== backend) await tf.setBackend(backend);
        data ??= operands.map((o) => tf.tensor(Float32Array.from(o.data), o.shape));
        vars ??= wrt.map((w) => tf.variable(data![operands.findIndex((o) => o.name === w)]!, true, `${w}_${backend}`));
      },
      dispose: () => { for (const t of [...(vars ?? []), ...(data ?? [])]) t.dispose(); },
    }));
  }
  const numpy = await startNumpy();
  if (typeof numpy === 'string') notes.push(`numpy SKIPPED: ${numpy}`);
  else {
    await numpy.load('mlp', operands.map((o) => ({ data: o.data, shape: o.shape })));
    contenders.push({ name: 'numpy hand backprop f64', precision: 'float64', once: () => numpy.result('mlp', numpyStep), sample: (inner) => numpy.sample('mlp', numpyStep, inner) });
  }
  const reference = typeof numpy === 'string' ? flat(step.run(inputs)) : await numpy.result('mlp', numpyStep);
  const schedule = schedules[quick ? 'quick' : 'full'];
  console.log(`\nMLP training step (batch ${B}, ${D}→${H} tanh→${K}, squared loss; value + 4 gradients), ${schedule.rounds} interleaved rounds, medians`);
  for (const n of notes) console.log(`  ${n}`);
  const outcomes = await timeInterleaved(contenders, reference, schedule);
  const ricci = outcomes.get(contenders[0]!.name);
  for (const [name, o] of outcomes) {
    const text = o.kind === 'timed' ? `${o.ms.toFixed(2)} ms  (ricci / this = ${ricci?.kind === 'timed' ? (ricci.ms / o.ms).toFixed(2) : '?'})  diff ${o.diff.toExponential(1)}`
      : o.kind === 'wrong' ? `WRONG (relative difference ${o.diff.toExponential(1)})` : `skipped: ${o.reason}`;
    console.log(`  ${name.padEnd(30)} ${text}`);
  }
  const numpyOutcome = outcomes.get('numpy hand backprop f64');
  if (numpyOutcome?.kind === 'timed') {
    const over = (name: string): string => { const o = outcomes.get(name); return o?.kind === 'timed' ? (o.ms / numpyOutcome.ms).toFixed(2) : '?'; };
    console.log(`  ricci / numpy: f64 ${over('ricci gradients f64')} (fresh arrays), ${over('ricci gradients f64 resident')} (resident, like for like)`);
  }
  for (const c of contenders) c.dispose?.();
  if (typeof numpy !== 'string') numpy.close();
}

if (import.meta.url === `file://${process.argv[1]}`) await benchTrainingStep(process.argv.includes('--quick'));
