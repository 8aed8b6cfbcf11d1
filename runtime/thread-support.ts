import { splitKernel } from './split-kernel.js';
import { splitArena, type SplitArena } from './split-units.js';
import { availableThreads, createWorkerPool, type WorkerPool } from './worker-pool.js';

/**
 * What running steps split across threads needs at run time, handed in as a capability (src's
 * `workerThreads`, at the `ricci/threads` subpath) rather than imported by the plan runner: a plain
 * einsum never reaches the worker pool, its worker script or the split-kernel runner, so bundles
 * that do not ask for threads do not carry them.
 * @example
 * import { workerThreads, type ThreadSupport } from 'ricci/threads';
 * const two: ThreadSupport = workerThreads(2);
 * two.count; // → 2
 */
export interface ThreadSupport {
  /** Threads a large step is split across (the calling thread and count − 1 workers). */
  readonly count: number;
  /** Starts a pool of `size` workers, or undefined where there are no workers or shared memory. */
  readonly createPool: (size: number) => WorkerPool | undefined;
  /**
   * Runs a kernel split into parts: split-kernel.ts's `splitKernel`, typed opaquely because this
   * interface is part of the public types, which must not need the WebAssembly lib declarations.
   */
  readonly splitKernel: (...args: never[]) => unknown;
  /** What split kernels need of a plan's arena (staging ring, control words) and result (shared memory): split-units.ts. */
  readonly splitArena: SplitArena;
}

/** Support for `count` threads, or for this machine's cores (at most 8) with 'auto'. */
export function threadSupport(count: number | 'auto'): ThreadSupport {
  return { count: count === 'auto' ? Math.min(8, availableThreads()) : count, createPool: createWorkerPool, splitKernel, splitArena };
}
