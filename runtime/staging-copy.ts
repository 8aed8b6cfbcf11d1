import type { FloatData } from './strided-array.js';

/** Copies into an arena's elements: a typed array by `set`, anything else element by element. */
export function copyIn(to: FloatData, at: number, from: ArrayLike<number>, start: number, length: number): void {
  if (ArrayBuffer.isView(from) && 'subarray' in from) { to.set((from as FloatData).subarray(start, start + length), at); return; }
  for (let k = 0; k < length; k++) to[at + k] = from[start + k]!;
}

/** How a WebAssembly step's output leaves its arena (`copyOut`, or a caller's copy that also checks it). */
export type CopyOut = typeof copyOut;

/**
 * Copies `length` elements from the arena into `to` at `start` and returns `to`; with `to`
 * undefined, into a fresh array of exactly those elements, which it returns: made by copying
 * (`freshCopy`), never zero-filled first.
 */
export function copyOut(from: FloatData, at: number, to: FloatData | undefined, start: number, length: number): FloatData {
  if (to === undefined) return freshCopy(from, at, length);
  to.set(from.subarray(at, at + length), start);
  return to;
}

/**
 * A new array holding `from[at … at + length)`. V8 makes a large typed array constructed from
 * another without zero-filling it first; a fresh zeroed result that is then copied into is written
 * twice (a training step's 784×128 gradient: ~145 µs of CPU to allocate it zeroed, besides the
 * copy). Below `constructedFromBytes`, constructing from a view of WebAssembly memory measured
 * slower than allocating and copying (10 KiB: 6–11 µs against 3.6).
 */
export function freshCopy(from: FloatData, at: number, length: number): FloatData {
  const part = from.subarray(at, at + length);
  const single = part instanceof Float32Array;
  if (part.byteLength >= constructedFromBytes) return single ? new Float32Array(part) : new Float64Array(part);
  const made = single ? new Float32Array(length) : new Float64Array(length);
  made.set(part);
  return made;
}

const constructedFromBytes = 65536;

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
