import { allocate, elementCount, rowMajorStrides, type DenseArray, type DType, type StridedArray } from './strided-array.js';

/**
 * The reductions along axes that are not sums: one home for their formulas, which the reference
 * evaluator and compiled networks (a step between plans) both call.
 *   max, min:   NaN propagates, as numpy's do; an empty reduction is −∞ (max) or +∞ (min)
 *   logsumexp:  m + log Σ exp(x − m) with m the max, so logits of ±1000 stay finite; a non-finite
 *               max is the result itself (all −∞ → −∞, any +∞ → +∞, NaN → NaN), as scipy's
 */
export type ReductionOp = 'max' | 'min' | 'logsumexp';

/** `op` of `a` along `axes` (ascending); the result keeps the other axes, in order, dense row-major. */
export function reduceAlong(op: ReductionOp, a: StridedArray, axes: readonly number[], dtype: DType = 'float64'): DenseArray {
  const kept = a.shape.map((_, k) => k).filter((k) => !axes.includes(k));
  const out = allocate(kept.map((k) => a.shape[k]!), dtype);
  const inner = offsetsOver(a, axes);
  const outer = offsetsOver(a, kept);
  const xs = new Float64Array(inner.length);
  for (let o = 0; o < outer.length; o++) {
    const base = a.offset + outer[o]!;
    for (let r = 0; r < inner.length; r++) xs[r] = a.data[base + inner[r]!]!;
    out.data[o] = reduceValues(op, xs);
  }
  return out;
}

/** One reduction of a list of numbers. */
export function reduceValues(op: ReductionOp, xs: ArrayLike<number>): number {
  switch (op) {
    case 'max': {
      let m = -Infinity;
      for (let k = 0; k < xs.length; k++) if (xs[k]! > m || Number.isNaN(xs[k]!)) { m = xs[k]!; if (Number.isNaN(m)) return m; }
      return m;
    }
    case 'min': {
      let m = Infinity;
      for (let k = 0; k < xs.length; k++) if (xs[k]! < m || Number.isNaN(xs[k]!)) { m = xs[k]!; if (Number.isNaN(m)) return m; }
      return m;
    }
    case 'logsumexp': {
      const m = reduceValues('max', xs);
      if (!Number.isFinite(m)) return m;
      let s = 0;
      for (let k = 0; k < xs.length; k++) s += Math.exp(xs[k]! - m);
      return m + Math.log(s);
    }
    default: {
      const never: never = op;
      throw new Error(`internal: unknown reduction ${String(never)}`);
    }
  }
}

/** The element offsets of every index combination over `axes`, last axis fastest. */
function offsetsOver(a: StridedArray, axes: readonly number[]): number[] {
  const sizes = axes.map((k) => a.shape[k]!);
  const strides = axes.map((k) => a.stride[k]!);
  const n = elementCount(sizes);
  const offsets = new Array<number>(n);
  const unit = rowMajorStrides(sizes);
  for (let flat = 0; flat < n; flat++) {
    let p = 0;
    for (let k = 0; k < sizes.length; k++) p += (Math.floor(flat / unit[k]!) % sizes[k]!) * strides[k]!;
    offsets[flat] = p;
  }
  return offsets;
}
