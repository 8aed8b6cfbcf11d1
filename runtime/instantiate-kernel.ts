import type { KernelSource } from './execution-plan.js';
import { createWasmModuleCache, type WasmModuleCache } from './instantiate-wasm.js';

/** A compiled kernel: (data, offset) pairs for output, inputs and scratch. */
export type KernelFunction = (...args: (ArrayLike<number> | number)[]) => void;

/**
 * Compiled functions keyed by their exact source text, owned by whoever creates it (an einsum
 * cache, a compiled expression), bounded so a long-running process cannot grow it forever.
 */
export interface KernelCache {
  readonly size: number;
  get(source: KernelSource): KernelFunction;
  /** WebAssembly modules of the same compiler instance, and its SIMD feature test. */
  readonly wasm: WasmModuleCache;
}

export function createKernelCache(capacity = 256): KernelCache {
  const functions = new Map<string, KernelFunction>();
  return {
    wasm: createWasmModuleCache(capacity),
    get size() { return functions.size; },
    get(kernel) {
      const found = functions.get(kernel.source);
      if (found) return found;
      const made = instantiateKernel(kernel);
      if (functions.size >= capacity) functions.delete(functions.keys().next().value!);
      functions.set(kernel.source, made);
      return made;
    },
  };
}

/** Source → function. The source was written by the emitter from compiler names and numbers only. */
export function instantiateKernel(kernel: KernelSource): KernelFunction {
  return new Function(`'use strict';\n${kernel.source}\nreturn ${kernel.name};`)() as KernelFunction;
}
