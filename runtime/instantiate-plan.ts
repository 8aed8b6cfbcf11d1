import type { BufferPool } from './buffer-pool.js';
import type { ExecutionPlan } from './execution-plan.js';
import type { KernelCache, KernelFunction } from './instantiate-kernel.js';
import { instantiateWasmKernel } from './instantiate-wasm.js';
import { arenaFits, createWasmArena } from './wasm-arena.js';

/** A plan ready to run: one function per kernel and, when it runs WebAssembly, its own buffer pool. */
export interface InstantiatedPlan {
  readonly plan: ExecutionPlan;
  readonly kernels: readonly KernelFunction[];
  /** The arena's pool (intermediates in wasm memory); undefined: use the caller's pool. */
  readonly pool: BufferPool | undefined;
}

/**
 * JavaScript kernels from their source; kernels carrying WebAssembly run it against one arena per
 * plan (float64 plans only), so consecutive WebAssembly steps hand intermediates over in place.
 */
export function instantiatePlan(plan: ExecutionPlan, cache: KernelCache): InstantiatedPlan {
  const usesWasm = plan.dtype === 'float64' && plan.kernels.some((k) => k.wasm !== undefined) && arenaFits(plan);
  if (!usesWasm) return { plan, kernels: plan.kernels.map((k) => cache.get(k)), pool: undefined };
  const arena = createWasmArena(plan);
  const kernels = plan.kernels.map((k) => (k.wasm ? instantiateWasmKernel(k.wasm, cache.wasm.get(k.wasm.module), arena) : cache.get(k)));
  return { plan, kernels, pool: arena.pool };
}
