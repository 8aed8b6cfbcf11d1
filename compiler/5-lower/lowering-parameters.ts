/**
 * The blocking parameters of a lowering: the register tile (rows × columns accumulators), the
 * cache blocks of the contracted index (kc) and of the output columns (nc), and when packing pays.
 * (How much memory an instantiated plan keeps is a runtime option: runtime/runtime-options.ts.) Every GEMM
 * decision that follows from them (matmul-step.ts: `gemmBlocking`) is made in 5-lower; the
 * emitters render it.
 */
export interface LoweringParameters {
  readonly tileRows: number;
  readonly tileColumns: number;
  readonly kc: number;
  readonly nc: number;
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
}

export const defaultLoweringParameters: LoweringParameters = {
  tileRows: 4, tileColumns: 4, kc: 128, nc: 256, packMinimum: 16, inPlaceLimit: 32768, sliceMinimum: 32768,
};
