import type { DenseArray } from '../../runtime/strided-array.js';
import { allocate } from '../../runtime/strided-array.js';

/** A small deterministic PRNG (mulberry32) so tests are reproducible without global state. */
export function createRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
