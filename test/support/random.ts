import type { DenseArray } from '../../runtime/strided-array.js';
import { allocate } from '../../runtime/strided-array.js';

export { createRandom } from '../../compiler/4-contraction-order/seeded-random.js';

/** A dense array with entries uniform in [-1, 1). */
export function randomArray(shape: readonly number[], random: () => number): DenseArray {
  const a = allocate(shape);
  for (let k = 0; k < a.data.length; k++) a.data[k] = 2 * random() - 1;
  return a;
}

/** max |a−b| / max(1, |b|) over all elements; Infinity when shapes differ. */
export function maxScaledDiff(a: { shape: readonly number[]; data: ArrayLike<number> }, b: { shape: readonly number[]; data: ArrayLike<number> }): number {
  if (a.shape.length !== b.shape.length || a.shape.some((s, k) => s !== b.shape[k])) return Infinity;
  let worst = 0;
  for (let k = 0; k < b.data.length; k++) {
    const d = Math.abs(a.data[k]! - b.data[k]!) / Math.max(1, Math.abs(b.data[k]!));
    if (!(d <= worst)) worst = Number.isNaN(d) ? Infinity : Math.max(worst, d);
  }
  return worst;
}
