import type { FloatData } from './strided-array.js';

/** Copies into an arena's elements: a typed array by `set`, anything else element by element. */
export function copyIn(to: FloatData, at: number, from: ArrayLike<number>, start: number, length: number): void {
  if (ArrayBuffer.isView(from) && 'subarray' in from) { to.set((from as FloatData).subarray(start, start + length), at); return; }
  for (let k = 0; k < length; k++) to[at + k] = from[start + k]!;
}

/**
 * How a WebAssembly step's output leaves its arena: into `to` from `start`, returned. A copy given
 * to `instantiatePlan` (a network plan's checks the values: driver/checked-copy.ts) is also called
 * with `to` undefined, for a result made by its writer (instantiate-plan.ts), and returns a fresh array.
 */
export type CopyOut = (from: FloatData, at: number, to: FloatData | undefined, start: number, length: number) => FloatData;

/** The copy of a plan given none (nothing is then made by its writer, so `to` is always there). */
export const copyOut: CopyOut = (from, at, to, start, length) => {
  to!.set(from.subarray(at, at + length), start);
  return to!;
};

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
