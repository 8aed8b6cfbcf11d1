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
  /** An array of `length` elements that the caller owns: zeroed, unless the slab's arrays are written whole. */
  take(length: number): FloatData;
  /** A dense row-major array of `shape`, as `take`. */
  allocate(shape: readonly number[]): DenseArray;
}

const slabBytes = 16384;
const largestBytes = 1024;
/** V8 allocates typed arrays up to this size on its heap, already cheap. */
const onHeapBytes = 64;

/** From this size an array its writer fills whole is not zeroed first (where the platform allows: see unzeroedArrays). */
const unzeroedBytes = 16384;

/**
 * Arrays of `dtype`; `writtenWhole`: their writer sets every element (a plan writing its output:
 * every kernel writes all of its target, as the buffer pool's are not zeroed), so large ones are
 * taken unzeroed.
 */
export function createResultSlab(dtype: DType, writtenWhole = false): ResultSlab {
  const width = dtype === 'float32' ? 4 : 8;
  const unzeroed = writtenWhole ? unzeroedArrays(dtype) : undefined;
  let slab = new ArrayBuffer(0);
  let used = 0;
  const take = (n: number): FloatData => {
    const bytes = n * width;
    if (unzeroed !== undefined && bytes >= unzeroedBytes) return unzeroed(n);
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

/** Node's `Buffer`, as far as it is used here (absent in a browser). */
interface NodeBuffer { allocUnsafeSlow?(bytes: number): Uint8Array }

/**
 * Arrays whose memory is not zeroed first, for results their writer fills whole: Node's
 * `Buffer.allocUnsafeSlow` (a buffer of its own, not the shared pool). A 16 MB result copied out
 * of an arena took 2.3 ms of CPU against 3.2 into a zeroed array, 1 MB 59 µs against 84; below
 * 16 KB it saves nothing. Elsewhere (a browser) zeroed arrays, as before.
 */
function unzeroedArrays(dtype: DType): ((length: number) => FloatData) | undefined {
  const buffer = (globalThis as { Buffer?: NodeBuffer }).Buffer;
  if (typeof buffer?.allocUnsafeSlow !== 'function') return undefined;
  const width = dtype === 'float32' ? 4 : 8;
  return (n) => {
    const bytes = buffer.allocUnsafeSlow!(n * width);
    // a polyfill may hand out a view into a shared pool: only a buffer of its own, aligned, is used
    if (bytes.byteOffset !== 0 || !(bytes.buffer instanceof ArrayBuffer)) return width === 4 ? new Float32Array(n) : new Float64Array(n);
    return width === 4 ? new Float32Array(bytes.buffer, 0, n) : new Float64Array(bytes.buffer, 0, n);
  };
}
