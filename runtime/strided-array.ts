/**
 * The kernel ABI: the same four fields scijs ndarray exposes, so wrapping an ndarray never copies.
 * element(i0, i1, …) = data[offset + i0·stride[0] + i1·stride[1] + …]
 */
export interface StridedArray<D extends NumericData = NumericData> {
  readonly data: D;
  readonly shape: readonly number[];
  readonly stride: readonly number[];
  readonly offset: number;
}

/** Anything indexable by an integer that yields numbers: typed arrays and plain arrays. */
export type NumericData = ArrayLike<number>;

export type FloatData = Float64Array | Float32Array;
export type DType = 'float64' | 'float32';

/** A freshly allocated, dense, row-major array: what every kernel writes. */
export type DenseArray = StridedArray<FloatData>;

/** The number of elements of `shape`: the product of its sizes (1 for a scalar). */
export function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** Row-major strides: the last axis has stride 1. */
export function rowMajorStrides(shape: readonly number[]): number[] {
  const stride = new Array<number>(shape.length);
  let step = 1;
  for (let k = shape.length - 1; k >= 0; k--) {
    stride[k] = step;
    step *= shape[k]!;
  }
  return stride;
}

/** A zero-filled dense row-major array of `shape`. */
export function allocate(shape: readonly number[], dtype: DType = 'float64'): DenseArray {
  const n = elementCount(shape);
  const data = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  return { data, shape: [...shape], stride: rowMajorStrides(shape), offset: 0 };
}

/** The multi-index of a row-major flat position:  shape (2, 3), flat 4 → [1, 1]. */
export function unflattenIndex(shape: readonly number[], flat: number): number[] {
  const index: number[] = [];
  let rest = flat;
  for (let k = shape.length - 1; k >= 0; k--) {
    index.unshift(rest % shape[k]!);
    rest = Math.floor(rest / shape[k]!);
  }
  return index;
}

/** Reads one element by multi-index: the slow path used by oracles and tests. */
export function readElement(a: StridedArray, index: readonly number[]): number {
  let p = a.offset;
  for (let k = 0; k < index.length; k++) p += index[k]! * a.stride[k]!;
  return a.data[p]!;
}

/** Copies any strided array into a dense row-major Float64 array. */
export function toDense(a: StridedArray, dtype: DType = 'float64'): DenseArray {
  const out = allocate(a.shape, dtype);
  const rank = a.shape.length;
  const n = out.data.length;
  if (n === 0) return out;
  const index = new Array<number>(rank).fill(0);
  let p = a.offset;
  for (let flat = 0; flat < n; flat++) {
    out.data[flat] = a.data[p]!;
    for (let k = rank - 1; k >= 0; k--) {
      index[k]!++;
      p += a.stride[k]!;
      if (index[k]! < a.shape[k]!) break;
      p -= index[k]! * a.stride[k]!;
      index[k] = 0;
    }
  }
  return out;
}
