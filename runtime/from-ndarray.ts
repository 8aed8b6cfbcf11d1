import type ndarray from 'ndarray';
import { NdView } from './nd-view.js';
import { rowMajorStrides, type DenseArray, type FloatData, type StridedArray } from './strided-array.js';

/**
 * scijs ndarray ↔ StridedArray without copying: both are {data, shape, stride, offset}, so a
 * transposed or sliced (.hi/.lo/.step) ndarray keeps its strides and offset.
 */
export function fromNdarray(a: ndarray.NdArray<ArrayLike<number> & ndarray.Data<number>>): StridedArray {
  return { data: a.data, shape: a.shape, stride: a.stride, offset: a.offset };
}

/** Wraps a dense result as an ndarray over the same buffer (shape [] for a scalar), built without eval. */
export function toNdarray<D extends FloatData>(a: DenseArray & StridedArray<D>): ndarray.NdArray<D> {
  return new NdView(a.data, [...a.shape], [...a.stride], a.offset);
}

/** A row-major ndarray over `data` (taken, not copied). */
export function denseNdarray<D extends FloatData>(data: D, shape: readonly number[]): ndarray.NdArray<D> {
  return new NdView(data, [...shape], rowMajorStrides(shape), 0);
}
