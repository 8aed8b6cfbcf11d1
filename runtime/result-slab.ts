import { elementCount, rowMajorStrides, type DenseArray, type DType, type FloatData } from './strided-array.js';

/**
 * Fresh small arrays carved from a shared slab instead of allocated one by one: V8 keeps a typed
 * array over 64 bytes outside its heap, and making one costs ~0.9 µs (a view on an existing buffer:
 * ~16 ns), more than an 8×8 product's whole kernel. Like pymalloc's pools: an array of at most
 * 1 KiB takes the next unused part of a 16 KiB buffer (fresh, so zeroed; never reused), so one live
 * small array keeps at most one slab alive and its `buffer` is shared (as a result written in a
 * WebAssembly arena is). A detached slab (its buffer transferred) is replaced.
 */
export interface ResultSlab {
  /** A zeroed array of `length` elements that the caller owns. */
  take(length: number): FloatData;
  /** A zeroed dense row-major array of `shape`. */
  allocate(shape: readonly number[]): DenseArray;
}

const slabBytes = 16384;
const largestBytes = 1024;
/** V8 allocates typed arrays up to this size on its heap, already cheap. */
const onHeapBytes = 64;

export function createResultSlab(dtype: DType): ResultSlab {
  const width = dtype === 'float32' ? 4 : 8;
  let slab = new ArrayBuffer(0);
  let used = 0;
  const take = (n: number): FloatData => {
    const bytes = n * width;
    if (bytes <= onHeapBytes || bytes > largestBytes) return width === 4 ? new Float32Array(n) : new Float64Array(n);
    if (used + bytes > slab.byteLength) { slab = new ArrayBuffer(slabBytes); used = 0; }
    const data = width === 4 ? new Float32Array(slab, used, n) : new Float64Array(slab, used, n);
    used += bytes;
    return data;
  };
  return {
    take,
    allocate: (shape) => ({ data: take(elementCount(shape)), shape: [...shape], stride: rowMajorStrides(shape), offset: 0 }),
  };
}
