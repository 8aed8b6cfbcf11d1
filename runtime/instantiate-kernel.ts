import type { KernelSource } from './execution-plan.js';
import { createBoundedCache } from './bounded-cache.js';
import { createWasmModuleCache, type WasmModuleCache } from './wasm-module-cache.js';
import { interpretKernel } from './interpret-kernel.js';
import type { FloatData } from './strided-array.js';

/**
 * A compiled kernel: (data, offset) pairs for output, inputs and scratch. A WebAssembly kernel given
 * no output array (undefined data) returns a fresh one holding its output (instantiate-wasm.ts).
 */
export type KernelFunction = (...args: (ArrayLike<number> | number | undefined)[]) => FloatData | void;

/**
 * How kernels become functions: 'generated' compiles their JavaScript source with `new Function`,
 * 'interpreted' runs their loop nest without eval (identical results, slower), 'auto' (default)
 * generates unless this environment forbids eval (a CSP without 'unsafe-eval'), tested once per cache.
 * @example
 * import { compileEinsum, createKernelCache, type KernelExecution } from 'ricci';
 * const execution: KernelExecution = 'interpreted'; // no eval: what a strict Content-Security-Policy needs
 * const cache = createKernelCache(256, { execution });
 * compileEinsum('ij,jk->ik', [[2, 2], [2, 2]], { cache, backend: 'js' }).run([[1, 2], [3, 4]], [[1, 0], [0, 1]]).data; // → [1, 2, 3, 4]
 * cache.execution(); // → interpreted
 */
export type KernelExecution = 'auto' | 'generated' | 'interpreted';

/**
 * How a kernel cache makes functions of kernels: generated JavaScript, the eval-free interpreter, or auto.
 * @example
 * import { createKernelCache, type KernelCacheOptions } from 'ricci';
 * const options: KernelCacheOptions = { execution: 'auto' };
 * ['generated', 'interpreted'].includes(createKernelCache(64, options).execution()); // → true
 */
export interface KernelCacheOptions {
  readonly execution?: KernelExecution;
}

/**
 * Compiled functions keyed by their exact source text, owned by whoever creates it (an einsum
 * cache, a compiled expression), bounded so a long-running process cannot grow it forever.
 * @example
 * import { compileEinsum, createKernelCache, type KernelCache } from 'ricci';
 * const shared: KernelCache = createKernelCache(64);
 * compileEinsum('i,i->', [[8], [8]], { cache: shared }).run(new Float64Array(8).fill(1), new Float64Array(8).fill(2)).get(); // → 16
 */
export interface KernelCache {
  readonly size: number;
  get(source: KernelSource): KernelFunction;
  /** Whether this cache's kernels run generated code or the interpreter (decided on first use for 'auto'). */
  execution(): 'generated' | 'interpreted';
  /** WebAssembly modules of the same compiler instance, and its SIMD feature test. */
  readonly wasm: WasmModuleCache;
}

export function createKernelCache(capacity = 256, options: KernelCacheOptions = {}): KernelCache {
  const functions = createBoundedCache<string, KernelFunction>(capacity);
  let execution = options.execution === 'auto' ? undefined : options.execution;
  const decide = (): 'generated' | 'interpreted' => (execution ??= evalAllowed() ? 'generated' : 'interpreted');
  return {
    wasm: createWasmModuleCache(capacity),
    get size() { return functions.size; },
    execution: decide,
    get: (kernel) => functions.getOrCreate(kernel.source, () => (decide() === 'generated' ? instantiateKernel(kernel) : interpretKernel(kernel.ir))),
  };
}

/** Source → function. The source was written by the emitter from compiler names and numbers only. */
export function instantiateKernel(kernel: KernelSource): KernelFunction {
  return new Function(`'use strict';\n${kernel.source}\nreturn ${kernel.name};`)() as KernelFunction;
}

/** Whether `new Function` works here: a CSP without 'unsafe-eval' makes it throw an EvalError. */
function evalAllowed(): boolean {
  try {
    return (new Function('return 1') as () => number)() === 1;
  } catch {
    return false;
  }
}
