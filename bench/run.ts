import { existsSync } from 'node:fs';
import { benchKernels, kernelBenchOptions } from './kernels.js';
import { benchTrainingStep } from './training-step.js';

/**
 * `npm run bench`: the kernel benchmark against its peers, then the path benchmark when
 * bench/paths.ts exists. `npm run bench -- --quick` (or RICCI_BENCH_QUICK=1) runs the short kernel
 * bench (about two minutes on a quiet machine); `-- --only 'matmul 2048'` runs the kernel rows
 * named so and nothing else (`--only 'training step'`: the training step alone).
 * Last, the MLP training step (`gradients` against tf.js variableGrads and numpy backprop).
 */
/** The name `--only` matches for the training step. */
const trainingStepRow = 'MLP training step';
const options = kernelBenchOptions(process.argv);
const trainingOnly = options.only !== undefined && trainingStepRow.includes(options.only);
if (!trainingOnly) await benchKernels(options);
if (options.only === undefined && existsSync(new URL('./paths.ts', import.meta.url))) {
  const specifier = './paths.js';
  const paths = (await import(specifier)) as { benchPaths?: () => Promise<void> };
  if (paths.benchPaths) await paths.benchPaths();
}
if (options.only === undefined || trainingOnly) await benchTrainingStep(options.quick);
