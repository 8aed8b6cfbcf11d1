/**
 * Knobs of instantiated plans that change memory use, never results. Here rather than among the
 * lowering parameters: the loop nests and kernels are the same whatever these are.
 * @example
 * import { compileEinsum, type RuntimeOptions } from 'ricci';
 * const small: Partial<RuntimeOptions> = { retainedArenaBytes: 0 }; // every run gets a fresh WebAssembly arena
 * compileEinsum('ij,jk->ik', [[2, 2], [2, 2]], { runtime: small }).run([[1, 2], [3, 4]], [[1, 0], [0, 1]]).data; // → [1, 2, 3, 4]
 */
export interface RuntimeOptions {
  /** Largest WebAssembly arena (bytes) a plan keeps between runs; a larger one is kept as `keptArenaBytes` says. */
  readonly retainedArenaBytes: number;
  /**
   * Bytes of larger arenas the kernel cache keeps, in all, for the plans that ran last (the least
   * recently run dropped first); an arena over it lives for one run. Absent: the default's.
   */
  readonly keptArenaBytes?: number;
}

export const defaultRuntimeOptions: Required<RuntimeOptions> = { retainedArenaBytes: 16 * 2 ** 20, keptArenaBytes: 128 * 2 ** 20 };
