import type { FloatData } from './strided-array.js';

/** Copies into an arena's elements: a typed array by `set`, anything else element by element. */
export function copyIn(to: FloatData, at: number, from: ArrayLike<number>, start: number, length: number): void {
  if (ArrayBuffer.isView(from) && 'subarray' in from) { to.set((from as FloatData).subarray(start, start + length), at); return; }
  for (let k = 0; k < length; k++) to[at + k] = from[start + k]!;
}

export function copyOut(from: FloatData, at: number, to: FloatData, start: number, length: number): void {
  to.set(from.subarray(at, at + length), start);
}
