import type { IndexName } from '../2-network/network.js';
import type { DType } from '../../runtime/strided-array.js';
import type { LoweringParameters } from './lowering-parameters.js';
import type { StepSpec } from './step-spec.js';

/**
 * A permutation (one operand, nothing summed, no scale or fused function) that moves data against
 * the operand's layout, in the form a SIMD backend renders next to its loop nest: the output's
 * unit-stride index `columns` is not the operand's, and `rows`, another output index, is at unit
 * stride in the operand. With r over rows and c over columns (element strides, never negative):
 *   for outer… { for (R, C) blocks of `block`² { out[…, r·rows.output + c] = x[…, r + c·columns.operand] } }
 * `ij->ji` 2048², `abc->cab` (its ab merged), a transposed copy inside a plan. The loop nest stays
 * the definition.
 */
export interface TransposeStep {
  readonly dtype: DType;
  /** Output indices other than rows and columns, outermost first: extent and stride in the output and the operand. */
  readonly outer: readonly { readonly extent: number; readonly output: number; readonly operand: number }[];
  /** The operand's unit-stride index: its stride in the output. */
  readonly rows: { readonly extent: number; readonly output: number };
  /** The output's unit-stride index: its stride in the operand. */
  readonly columns: { readonly extent: number; readonly operand: number };
  /** Rows and columns of a cache block (`LoweringParameters.simdTransposeBlock`). */
  readonly block: number;
}

/** The step's transpose form, or undefined when it is none. `spec` is normalised (size-1 indices dropped, indices merged). */
export function transposeStepOf(spec: StepSpec, dtype: DType, params: LoweringParameters): TransposeStep | undefined {
  const { operands, output, outputStrides, sizes } = spec;
  const operand = operands[0];
  if (operands.length !== 1 || operand === undefined || spec.map !== undefined || spec.scale !== 1) return undefined;
  const strides = operand.strides;
  if ([...sizes.values()].some((n) => n === 0) || [...strides.keys()].some((i) => !outputStrides.has(i))) return undefined;
  if ([...strides.values(), ...outputStrides.values()].some((s) => s < 0)) return undefined;
  const columns = output.at(-1);
  const rows = output.find((i) => strides.get(i) === 1);
  if (columns === undefined || rows === undefined || rows === columns || outputStrides.get(columns) !== 1) return undefined;
  const along = strides.get(columns) ?? 0;
  if (along <= 1) return undefined;
  const other = (i: IndexName): boolean => i !== rows && i !== columns;
  return {
    dtype,
    outer: output.filter(other).map((i) => ({ extent: sizes.get(i)!, output: outputStrides.get(i)!, operand: strides.get(i) ?? 0 })),
    rows: { extent: sizes.get(rows)!, output: outputStrides.get(rows)! },
    columns: { extent: sizes.get(columns)!, operand: along },
    block: params.simdTransposeBlock,
  };
}

/** Elements the step copies. */
export function transposeWork(step: TransposeStep): number {
  return step.outer.reduce((n, l) => n * l.extent, step.rows.extent * step.columns.extent);
}
