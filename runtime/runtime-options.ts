/**
 * Knobs of instantiated plans that change memory use, never results. Here rather than among the
 * lowering parameters: the loop nests and kernels are the same whatever these are.
 */
export interface RuntimeOptions {
  /** Largest WebAssembly arena (bytes) a plan keeps between runs; a larger one lives for one run. */
  readonly retainedArenaBytes: number;
}

export const defaultRuntimeOptions: RuntimeOptions = { retainedArenaBytes: 16 * 2 ** 20 };
