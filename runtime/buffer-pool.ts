import type { DType, FloatData } from './strided-array.js';

/**
 * Reusable intermediate buffers: a step takes one of at least the length it needs and gives it
 * back after its single use, so repeated runs of a plan allocate nothing. Contents are not zeroed.
 */
export interface BufferPool {
  take(length: number): FloatData;
  give(buffer: FloatData): void;
}

export function createBufferPool(dtype: DType): BufferPool {
  const free: FloatData[] = [];
  return {
    take(length) {
      const k = free.findIndex((b) => b.length === length);
      if (k >= 0) return free.splice(k, 1)[0]!;
      return dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
    },
    give(buffer) {
      if (free.length < 16) free.push(buffer);
    },
  };
}
