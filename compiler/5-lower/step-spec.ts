import type { ElementwiseFn, IndexName } from '../2-network/network.js';
import type { Reach } from './loop-ir.js';

/**
 * One step of a path as the lowering sees it: each operand and the output as a stride per index
 * (a repeated index has the sum of its axes' strides: the diagonal view, no copy).
 *   out[o] = map(scale · Σ_{summed} Π_k operand_k[…])
 */
export interface StepOperand {
  readonly strides: ReadonlyMap<IndexName, number>;
  readonly reach: Reach;
}

export interface StepSpec {
  readonly operands: readonly StepOperand[];
  /** Output indices in row-major order; the output is dense. */
  readonly output: readonly IndexName[];
  readonly outputStrides: ReadonlyMap<IndexName, number>;
  readonly sizes: ReadonlyMap<IndexName, number>;
  readonly scale: number;
  /** An elementwise function fused into the store (none: the identity). */
  readonly map: ElementwiseFn | undefined;
}

/** Stride per index: A[i,i] with strides (n,1) → {i: n+1}. */
export function stridesByIndex(indices: readonly IndexName[], stride: readonly number[]): Map<IndexName, number> {
  const strides = new Map<IndexName, number>();
  indices.forEach((name, axis) => strides.set(name, (strides.get(name) ?? 0) + stride[axis]!));
  return strides;
}

/** The element offsets an array can reach from its base: Σ min(0,(n−1)s) … Σ max(0,(n−1)s). */
export function reachOf(shape: readonly number[], stride: readonly number[]): Reach {
  let min = 0;
  let max = 0;
  shape.forEach((n, k) => {
    const span = (n - 1) * stride[k]!;
    if (n > 0) { min += Math.min(0, span); max += Math.max(0, span); }
  });
  return { min, max };
}

/** Indices of the whole step: output first, then summed ones in operand order. */
export function stepIndices(spec: StepSpec): IndexName[] {
  return [...new Set([...spec.output, ...spec.operands.flatMap((o) => [...o.strides.keys()])])];
}

export function summedIndices(spec: StepSpec): IndexName[] {
  return stepIndices(spec).filter((i) => !spec.outputStrides.has(i));
}
