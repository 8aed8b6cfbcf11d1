import { fail } from '../diagnostics/pipeline-errors.js';
import type { Where } from '../diagnostics/span.js';
import { readElement, type StridedArray } from '../../runtime/strided-array.js';
import type { InputNode } from './network.js';

/** How far a row's sum may be from 1: float32 softmax outputs and hand-typed decimals pass. */
export const DISTRIBUTION_TOLERANCE = 1e-6;

/**
 * An input declared `distribution` (y: [k], or a batch Y: [n, k]) is simplified with Σ_k y[…, k] = 1
 * (3-calculus/normalised-sums.ts), which is only right for such a value: every entry ≥ 0 and every
 * row along the last index summing to 1 within DISTRIBUTION_TOLERANCE, else a coded error naming
 * the tensor, the row and its sum. Checked for each distribution input given (a fact used in the
 * result holds for the values, whether or not the result still reads them).
 */
export function assertDistributionInputs(inputs: Iterable<InputNode>, values: Readonly<Record<string, StridedArray>>, where?: (name: string) => Where | undefined): void {
  for (const x of inputs) {
    const v = values[x.name];
    if (!x.distribution || !v || v.shape.length === 0) continue;
    const last = v.shape[v.shape.length - 1]!;
    const outer = v.shape.slice(0, -1);
    const rows = outer.reduce((a, b) => a * b, 1);
    for (let r = 0; r < rows; r++) {
      const at = rowIndex(outer, r);
      let sum = 0;
      for (let k = 0; k < last; k++) {
        const value = readElement(v, [...at, k]);
        if (!(value >= 0)) fail('distribution_negative_entry', where?.(x.name), x.name, [...at, k].join(','), value);
        sum += value;
      }
      if (!(Math.abs(sum - 1) <= DISTRIBUTION_TOLERANCE))
        fail('distribution_sum_not_one', where?.(x.name), x.name, outer.length === 0 ? 'it' : `row ${x.name}[${at.join(',')},:]`, sum, DISTRIBUTION_TOLERANCE);
    }
  }
}

/** The r-th multi-index (row-major) of a shape. */
function rowIndex(shape: readonly number[], r: number): number[] {
  const at = shape.map(() => 0);
  for (let axis = shape.length - 1, rest = r; axis >= 0; axis--) {
    at[axis] = rest % shape[axis]!;
    rest = Math.floor(rest / shape[axis]!);
  }
  return at;
}
