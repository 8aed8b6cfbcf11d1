import { existsSync } from 'node:fs';
import { benchKernels } from './kernels.js';

/**
 * `npm run bench`: the kernel benchmark against its peers, then the path benchmark when
 * bench/paths.ts exists. `npm run bench -- --quick` (or RICCI_BENCH_QUICK=1) runs the short version.
 */
await benchKernels({ quick: process.argv.includes('--quick') || process.env.RICCI_BENCH_QUICK === '1' });
if (existsSync(new URL('./paths.ts', import.meta.url))) {
  const specifier = './paths.js';
  const paths = (await import(specifier)) as { benchPaths?: () => Promise<void> };
  if (paths.benchPaths) await paths.benchPaths();
}
