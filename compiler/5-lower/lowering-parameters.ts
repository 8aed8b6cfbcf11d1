/**
 * The blocking parameters of a lowering: the register tile (rows × columns accumulators), the
 * cache blocks of the contracted index (kc) and of the output columns (nc), and when packing pays.
 */
export interface LoweringParameters {
  readonly tileRows: number;
  readonly tileColumns: number;
  readonly kc: number;
  readonly nc: number;
  /** Pack the right operand only when rows, columns and the contracted size are all at least this. */
  readonly packMinimum: number;
}

export const defaultLoweringParameters: LoweringParameters = {
  tileRows: 4, tileColumns: 4, kc: 128, nc: 256, packMinimum: 16,
};
