import type { ElementwiseFn, IndexName } from '../2-network/network.js';
import type { DType } from '../../runtime/strided-array.js';

/**
 * A sum kernel (lower-sum.ts) in the form a SIMD backend renders next to its loop nest, when its
 * layout allows one: the output dense and row-major, every addend read along the output's last
 * index (the columns) at unit stride or broadcast (stride 0):
 *   for outer… { out[r, c] = map(Σ_t coefficient_t · term_t[r, c]) }  for c in 0 … columns − 1
 * Strides are in elements, compile-time integers. The sum starts at 0 and adds the terms in order,
 * each as `coefficient · value` (just the value for a coefficient of 1), as the loop nest does.
 */
export interface SumStep {
  readonly dtype: DType;
  /** Output indices outside the columns, outermost first: extent and stride in the output and in each addend. */
  readonly outer: readonly SumLoop[];
  readonly columns: number;
  readonly addends: readonly { readonly coefficient: number; readonly column: 0 | 1 }[];
  readonly map: ElementwiseFn | undefined;
}

export interface SumLoop {
  readonly extent: number;
  readonly output: number;
  readonly addends: readonly number[];
}

/** What lower-sum.ts knows of a sum kernel, kept on it as it is (the form is derived only where it is rendered, so einsum bundles carry none of this). */
export interface SumLayout {
  readonly output: readonly IndexName[];
  readonly outputStrides: ReadonlyMap<IndexName, number>;
  readonly sizes: ReadonlyMap<IndexName, number>;
  readonly addends: readonly { readonly strides: ReadonlyMap<IndexName, number>; readonly coefficient: number }[];
  readonly map: ElementwiseFn | undefined;
  readonly dtype: DType;
}

/** The sum's SIMD form, or undefined when an addend walks the columns at a stride other than 0 or 1, or there are no addends or no values (its loops run at least once). */
export function sumStepOf({ output, outputStrides, sizes, addends, map, dtype }: SumLayout): SumStep | undefined {
  const columns = output.at(-1);
  if (columns === undefined || outputStrides.get(columns) !== 1 || addends.length === 0 || output.some((i) => sizes.get(i) === 0)) return undefined;
  const along = addends.map((a) => a.strides.get(columns) ?? 0);
  if (along.some((s) => s !== 0 && s !== 1)) return undefined;
  return {
    dtype,
    outer: output.slice(0, -1).map((i) => ({ extent: sizes.get(i)!, output: outputStrides.get(i)!, addends: addends.map((a) => a.strides.get(i) ?? 0) })),
    columns: sizes.get(columns)!,
    addends: addends.map((a, k) => ({ coefficient: a.coefficient, column: along[k] === 1 ? 1 : 0 })),
    map,
  };
}
