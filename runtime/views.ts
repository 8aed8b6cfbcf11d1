import type { StridedArray } from './strided-array.js';

/**
 * Zero-copy views: every function returns the same data with new shape/stride/offset.
 * These are how einsum takes diagonals (`ii->i`) and broadcasts size-1 axes.
 */

/** Reorders axes: result axis k is input axis order[k]. */
export function permuteView<A extends StridedArray>(a: A, order: readonly number[]): A {
  return { ...a, shape: order.map((k) => a.shape[k]!), stride: order.map((k) => a.stride[k]!) };
}

/**
 * Merges the axes listed in `groups[g]` into one axis (a generalized diagonal). The result has one
 * axis per group, in group order; the merged stride is the sum of the members' strides.
 *   A[i,i] → d[i] with stride(d) = stride(A,0) + stride(A,1)
 */
export function diagonalView<A extends StridedArray>(a: A, groups: readonly (readonly number[])[]): A {
  const shape = groups.map((g) => a.shape[g[0]!]!);
  const stride = groups.map((g) => g.reduce((s, k) => s + a.stride[k]!, 0));
  return { ...a, shape, stride };
}

/** Stretches size-1 axes to `shape` with stride 0. */
export function broadcastView<A extends StridedArray>(a: A, shape: readonly number[]): A {
  const stride = shape.map((n, k) => (a.shape[k] === 1 && n !== 1 ? 0 : a.stride[k]!));
  return { ...a, shape: [...shape], stride };
}
