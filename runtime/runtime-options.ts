/**
 * Knobs of instantiated plans that change memory use, never results. Here rather than among the
 * lowering parameters: the loop nests and kernels are the same whatever these are.
 * @example
 * import { compileEinsum, type RuntimeOptions } from 'ricci';
 * const small: Partial<RuntimeOptions> = { retainedArenaBytes: 0 }; // every run gets a fresh WebAssembly arena
 * compileEinsum('ij,jk->ik', [[2, 2], [2, 2]], { runtime: small }).run([[1, 2], [3, 4]], [[1, 0], [0, 1]]).data; // → [1, 2, 3, 4]
 */
export interface RuntimeOptions {
  /** Largest WebAssembly arena (bytes) a plan keeps between runs; a larger one lives for one run. */
  readonly retainedArenaBytes: number;
}

export const defaultRuntimeOptions: RuntimeOptions = { retainedArenaBytes: 16 * 2 ** 20 };
