/**
 * The blocking parameters of a lowering: the register tile (rows × columns accumulators), the
 * cache blocks of the contracted index (kc) and of the output columns (nc), and when packing pays.
 * (How much memory an instantiated plan keeps is a runtime option: runtime/runtime-options.ts.) Every GEMM
 * decision that follows from them (matmul-step.ts: `gemmBlocking`) is made in 5-lower; the
 * emitters render it.
 * @example
 * import { compileEinsum, type LoweringParameters } from 'ricci';
 * const smallTiles: Partial<LoweringParameters> = { kc: 16, nc: 32 };
 * compileEinsum('ij,jk->ik', [[2, 2], [2, 2]], { lowering: smallTiles, backend: 'js' }).run([[1, 2], [3, 4]], [[1, 1], [1, 1]]).data; // → [3, 3, 7, 7]
 */
export interface LoweringParameters {
  readonly tileRows: number;
  readonly tileColumns: number;
  /** The block of the contracted index; a SIMD GEMM form whose depth is at most 2·kc takes it as one block (matmul-step.ts: `depthBlock`). */
  readonly kc: number;
  readonly nc: number;
  /**
   * Streaming reductions (`ij->j`, `i,ij->j`): values of the summed index unrolled per output tile,
   * so the tile is loaded and stored once per this many rows. 8 measured ~15% faster than 4 on
   * `ij->j` and `i,ij,j->` 2048² (same process, CPU time, loaded machine).
   */
  readonly streamBlock: number;
  /**
   * Dot-product steps (one output index, a sum over one operand or against a vector: `ij->i`,
   * `ij,j->i`): output values computed at once, sharing the vector's loads. 8 measured 0.76–0.88× the time of 4 on
   * `ij,j->i` and `ij->i` 2048² (same process, CPU time, loaded machine).
   */
  readonly dotColumns: number;
  /** Transposes (nothing summed, an operand read against its layout) walk blocks of this many rows × columns. */
  readonly transposeBlock: number;
  /**
   * The SIMD transpose's blocks (transpose-step.ts): rows × columns, each output row of a block
   * written line after line. Kernel alone in the arena, 64 against 32 (same process, CPU time,
   * loaded machine): float64 2048² 10.1 against 14.4 ms, float32 5.3 against 7.8; 512²–1024²
   * within 10% either way; 128 and more slower again at 1024² float32.
   */
  readonly simdTransposeBlock: number;
  /** Pack the right operand only when rows, columns and the contracted size are all at least this. */
  readonly packMinimum: number;
  /**
   * SIMD GEMM form: the largest right operand (elements, depth × columns) read in place when its
   * columns are at unit stride; a larger or strided one is packed into tile-wide panels.
   */
  readonly inPlaceLimit: number;
  /**
   * SIMD GEMM form: a batched product is called once per batch (one batch staged at a time) when
   * each batch has at least this many multiply-adds; below it a call per batch costs more.
   */
  readonly sliceMinimum: number;
  /** Threads a large GEMM-form step is split across (1: none); the runtime's worker pool runs the parts. */
  readonly threads: number;
  /**
   * Split a step across threads only from this many multiply-adds (2²² ≈ 161³, ~0.4 ms on one core):
   * a hand-off cost 12–20 µs here (32³ matmul, best and median on a busy machine), more under load.
   */
  readonly threadMinimum: number;
}

export const defaultLoweringParameters: LoweringParameters = {
  tileRows: 4, tileColumns: 4, kc: 128, nc: 256, streamBlock: 8, transposeBlock: 32, simdTransposeBlock: 64, dotColumns: 8, packMinimum: 16, inPlaceLimit: 32768, sliceMinimum: 32768,
  threads: 1, threadMinimum: 2 ** 22,
};
