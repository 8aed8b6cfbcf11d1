import { existsSync } from 'node:fs';
import { benchKernels } from './kernels.js';

/** `npm run bench`: the kernel benchmark, then the path benchmark when bench/paths.ts exists. */
await benchKernels();
if (existsSync(new URL('./paths.ts', import.meta.url))) {
  const specifier = './paths.js';
  const paths = (await import(specifier)) as { benchPaths?: () => Promise<void> };
  if (paths.benchPaths) await paths.benchPaths();
}
