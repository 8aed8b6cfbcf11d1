import { threadSupport, type ThreadSupport } from '../compiler/driver/index.js';
import { invalidArgument } from './arguments.js';

export type { ThreadSupport } from '../compiler/driver/index.js';

/**
 * `ricci/threads`: the capability a compilation needs to split large WebAssembly steps across
 * threads (Node `worker_threads`, Web Workers in a cross-origin-isolated page), passed as
 * `CompileOptions.threads`. A subpath of its own so that bundling `ricci` for einsum alone never
 * carries the worker pool. `count` is the threads a step is split across (the calling thread and
 * count − 1 workers, started in the background on first use), or 'auto' for this machine's cores
 * (at most 8). Results equal one thread's bit for bit, in ordinary (transferable) buffers: the
 * workers only ever see the plan's WebAssembly memory, never an operand or a result; steps under
 * `lowering.threadMinimum` multiply-adds never start a worker.
 * @example
 * import { compileEinsum } from 'ricci';
 * import { workerThreads } from 'ricci/threads';
 * const ones = Array.from({ length: 256 }, () => Array<number>(256).fill(1));
 * const product = compileEinsum('ij,jk->ik', [[256, 256], [256, 256]], { backend: 'wasm', threads: workerThreads(2) });
 * product.plan.kernels[0]!.wasm!.parts!.length; // → 2
 * product.run(ones, ones).get(0, 0); // → 256
 */
export function workerThreads(count: number | 'auto' = 'auto'): ThreadSupport {
  if (count !== 'auto' && !(Number.isInteger(count) && count >= 1 && count <= 64))
    invalidArgument('workerThreads', 'count', count, "'auto' or an integer from 1 to 64");
  return threadSupport(count);
}
