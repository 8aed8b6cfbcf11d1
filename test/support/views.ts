import type { StridedArray } from '../../runtime/strided-array.js';

/** A zero-copy transposed view for tests: result axis k is input axis order[k]. */
export function permuteView<A extends StridedArray>(a: A, order: readonly number[]): A {
  return { ...a, shape: order.map((k) => a.shape[k]!), stride: order.map((k) => a.stride[k]!) };
}
