import type { WasmKernelSource } from './execution-plan.js';
import type { KernelFunction } from './instantiate-kernel.js';
import type { FloatData } from './strided-array.js';
import type { WasmArena } from './wasm-arena.js';

/**
 * Compiled WebAssembly modules keyed by their bytes, and whether this machine validates SIMD,
 * both owned by the caller's cache object (no module-level state).
 */
export interface WasmModuleCache {
  readonly size: number;
  /** The compiled module for base64 bytes. */
  get(module: string): WebAssembly.Module;
  /** Validates the probe once per cache; false where WebAssembly or SIMD is missing. */
  supportsSimd(probe: () => Uint8Array<ArrayBuffer>): boolean;
}

export function createWasmModuleCache(capacity = 256): WasmModuleCache {
  const modules = new Map<string, WebAssembly.Module>();
  let simd: boolean | undefined;
  return {
    get size() { return modules.size; },
    get(module) {
      const found = modules.get(module);
      if (found) return found;
      const made = new WebAssembly.Module(fromBase64(module));
      if (modules.size >= capacity) modules.delete(modules.keys().next().value!);
      modules.set(module, made);
      return made;
    },
    supportsSimd(probe) {
      simd ??= typeof WebAssembly === 'object' && typeof WebAssembly.validate === 'function' && WebAssembly.validate(probe());
      return simd;
    },
  };
}

/** base64 → bytes (atob exists in browsers and Node ≥ 16). */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let k = 0; k < binary.length; k++) bytes[k] = binary.charCodeAt(k);
  return bytes;
}

type WasmEntry = (...addresses: number[]) => void;

/**
 * A WebAssembly kernel behind the JavaScript kernel ABI: (data, offset) per buffer, output first.
 * Buffers already in the arena are passed by address; others are copied into staging (inputs,
 * their reach) and the output is copied back after the call.
 */
export function instantiateWasmKernel(source: WasmKernelSource, module: WebAssembly.Module, arena: WasmArena): KernelFunction {
  const instance = new WebAssembly.Instance(module, { env: { memory: arena.memory } });
  const entry = instance.exports['kernel'] as WasmEntry;
  const count = source.reach.length;
  const addresses = new Array<number>(count + 1).fill(0);
  const bytes = arena.elementBytes;
  const slices = source.slices ?? { count: 1, strides: new Array<number>(count).fill(0) };
  return (...args) => {
    for (let s = 0; s < slices.count; s++) callSlice(args, s);
  };
  /** One call: buffers in the arena by address, the others staged (inputs copied in, the output back out). */
  function callSlice(args: unknown[], s: number): void {
    let stage = arena.staging;
    let staged = -1;
    for (let b = 0; b < count; b++) {
      const data = args[2 * b] as ArrayLike<number>;
      const offset = (args[2 * b + 1] as number) + s * slices.strides[b]!;
      const reach = source.reach[b]!;
      if (arena.owns(data)) { addresses[b] = data.byteOffset + offset * bytes; continue; }
      addresses[b] = stage - reach.min * bytes;
      if (b === 0) staged = stage;
      else copyIn(arena.elements, stage / bytes, data, offset + reach.min, reach.max - reach.min + 1);
      stage += Math.ceil(((reach.max - reach.min + 1) * bytes) / 16) * 16;
    }
    addresses[count] = arena.scratch;
    entry(...addresses);
    const outputAt = (args[1] as number) + s * slices.strides[0]! + source.reach[0]!.min;
    if (staged >= 0) copyOut(arena.elements, staged / bytes, args[0] as FloatData, outputAt, source.reach[0]!.max - source.reach[0]!.min + 1);
  }
}

function copyIn(to: FloatData, at: number, from: ArrayLike<number>, start: number, length: number): void {
  if (ArrayBuffer.isView(from) && 'subarray' in from) { to.set((from as FloatData).subarray(start, start + length), at); return; }
  for (let k = 0; k < length; k++) to[at + k] = from[start + k]!;
}

function copyOut(from: FloatData, at: number, to: FloatData, start: number, length: number): void {
  to.set(from.subarray(at, at + length), start);
}
