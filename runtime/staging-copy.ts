import type { FloatData } from './strided-array.js';

/** Copies into an arena's elements: a typed array by `set`, anything else element by element. */
export function copyIn(to: FloatData, at: number, from: ArrayLike<number>, start: number, length: number): void {
  if (ArrayBuffer.isView(from) && 'subarray' in from) { to.set((from as FloatData).subarray(start, start + length), at); return; }
  for (let k = 0; k < length; k++) to[at + k] = from[start + k]!;
}

/** How a WebAssembly step's output leaves its arena (`copyOut`, or a caller's copy that also checks it). */
export type CopyOut = typeof copyOut;

export function copyOut(from: FloatData, at: number, to: FloatData, start: number, length: number): void {
  to.set(from.subarray(at, at + length), start);
}

/**
 * Copies between typed arrays where either may be over shared memory (a threaded plan's arena or
 * result): as bytes when both have the same element type. V8 copies a shared Float64Array or
 * Float32Array element by element, bytes as a block: 8 MiB from a shared arena into a fresh
 * shared result took 6.0 ms by elements, 3.8 ms by bytes (plain result: 4.3 ms).
 */
export function copyShared(to: FloatData, at: number, from: ArrayLike<number>, start: number, length: number): void {
  if (!(ArrayBuffer.isView(from) && from.constructor === to.constructor)) { copyIn(to, at, from, start, length); return; }
  const width = to.BYTES_PER_ELEMENT;
  new Uint8Array(to.buffer, to.byteOffset + at * width, length * width).set(new Uint8Array(from.buffer, from.byteOffset + start * width, length * width));
}
