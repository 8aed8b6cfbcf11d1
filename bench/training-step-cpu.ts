import ndarray from 'ndarray';
import { gradients } from '../src/index.js';
import { startNumpy } from './peers/numpy.js';
import { mlpOperands, numpyStep, program, shapes, wrt } from './training-step.js';

/**
 * The training step of bench/training-step.ts in CPU time, for a loaded machine (wall-clock
 * medians there move 2× with other load): ricci f64 on fresh arrays and on resident inputs
 * (process.cpuUsage around `inner` calls) and numpy's hand-written backprop (time.process_time
 * inside its one-thread child), interleaved round by round; medians of the per-round ratios.
 * numpy's CPU time grows under load too (cache contention), so compare runs on one machine state.
 * `npx tsx bench/training-step-cpu.ts [rounds]`
 */
const inner = 20;

export async function benchTrainingStepCpu(rounds = 15): Promise<void> {
  const operands = mlpOperands();
  const inputs = Object.fromEntries(operands.map((o) => [o.name, ndarray(o.data, o.shape)]));
  const fresh = gradients(program, 'L', [...wrt]).compile(shapes);
  const resident = gradients(program, 'L', [...wrt]).compile(shapes);
  const placed = resident.residentInputs();
  for (const o of operands) placed[o.name]!.data.set(o.data);
  const numpy = await startNumpy();
  if (typeof numpy === 'string') { console.log(`numpy SKIPPED: ${numpy}`); return; }
  await numpy.load('mlp', operands.map((o) => ({ data: o.data, shape: o.shape })));
  // ms of CPU per call, measured inside python: the list of `inner` steps is truthy, so `and` gives the time
  const numpyCpu = `(lambda time: (lambda s: np.array([[${numpyStep} for _ in range(${inner})] and (time.process_time() - s) / ${inner} * 1e3]))(time.process_time()))(__import__('time'))`;
  const cpu = (f: () => unknown): number => {
    const start = process.cpuUsage();
    for (let k = 0; k < inner; k++) f();
    const d = process.cpuUsage(start);
    return (d.user + d.system) / 1e3 / inner;
  };
  const samples = { fresh: [] as number[], resident: [] as number[], numpy: [] as number[] };
  for (let r = -3; r < rounds; r++) {
    const round = [cpu(() => fresh.run(inputs)), cpu(() => resident.run(placed)), (await numpy.result('mlp', numpyCpu))[0]!];
    if (r >= 0) [samples.fresh, samples.resident, samples.numpy].forEach((s, k) => s.push(round[k]!));
  }
  numpy.close();
  const median = (x: readonly number[]): number => [...x].sort((p, q) => p - q)[x.length >> 1]!;
  const ratio = (a: readonly number[], b: readonly number[]): string => median(a.map((v, k) => v / b[k]!)).toFixed(2);
  console.log(`MLP training step, CPU ms per call (${rounds} interleaved rounds of ${inner}, medians): ricci f64 ${median(samples.fresh).toFixed(2)}, `
    + `resident ${median(samples.resident).toFixed(2)}, numpy ${median(samples.numpy).toFixed(2)}`);
  console.log(`  ricci / numpy: ${ratio(samples.fresh, samples.numpy)} fresh, ${ratio(samples.resident, samples.numpy)} resident; resident / fresh ${ratio(samples.resident, samples.fresh)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchTrainingStepCpu(process.argv[2] ? Number(process.argv[2]) : undefined);
