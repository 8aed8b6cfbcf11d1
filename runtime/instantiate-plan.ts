import type { BufferPool } from './buffer-pool.js';
import { executePlan } from './execute-plan.js';
import type { ExecutionPlan, WasmKernelSource } from './execution-plan.js';
import type { KernelCache, KernelFunction } from './instantiate-kernel.js';
import type { RuntimeOptions } from './runtime-options.js';
import { instantiateWasmKernel } from './instantiate-wasm.js';
import type { CompiledWasmModule } from './wasm-module-cache.js';
import type { DenseArray, StridedArray } from './strided-array.js';
import { arenaBytes, arenaFits, createWasmArena, type WasmArena } from './wasm-arena.js';

/** A plan ready to run, and how much WebAssembly memory it holds between runs. */
export interface InstantiatedPlan {
  readonly plan: ExecutionPlan;
  /** Runs the plan; `pool` holds the intermediates of a plan without an arena. */
  run(operands: readonly StridedArray[], pool: BufferPool): DenseArray;
  /** Bytes of WebAssembly memory kept while the plan is idle: its arena if retained, else 0. */
  retainedBytes(): number;
}

/** A kernel's JavaScript function, or its compiled module waiting for an arena. */
type KernelPart = KernelFunction | { readonly source: WasmKernelSource; readonly module: CompiledWasmModule };

/**
 * JavaScript kernels from their source; kernels carrying WebAssembly run it against one arena per
 * plan (float64 plans only), so consecutive WebAssembly steps hand intermediates over in place.
 * An arena of at most `runtime.retainedArenaBytes` is kept with the plan, so small repeated calls allocate
 * nothing; a larger one is made for each run and dropped after it, so a cache of plans pins at
 * most that much per plan (the cost is faulting in fresh pages: ~8 ms of a 90 ms 1024³ product).
 * Chosen over one shared arena grown on demand: no views to re-derive after a grow, and an idle
 * cache holds no large memory at all.
 */
export function instantiatePlan(plan: ExecutionPlan, cache: KernelCache, runtime: RuntimeOptions): InstantiatedPlan {
  const usesWasm = plan.kernels.some((k) => k.wasm !== undefined) && arenaFits(plan);
  if (!usesWasm) {
    const kernels = plan.kernels.map((k) => cache.get(k));
    return { plan, run: (operands, pool) => executePlan(plan, kernels, operands, pool), retainedBytes: () => 0 };
  }
  const parts = plan.kernels.map((k): KernelPart => (k.wasm ? { source: k.wasm, module: cache.wasm.get(k.wasm.module) } : cache.get(k)));
  if (arenaBytes(plan) > runtime.retainedArenaBytes) return { plan, run: (operands) => runInArena(plan, parts, operands), retainedBytes: () => 0 };
  const arena = createWasmArena(plan);
  const kernels = bindKernels(parts, arena);
  return { plan, run: (operands) => executePlan(plan, kernels, operands, arena.pool), retainedBytes: () => arena.memory.buffer.byteLength };
}

/**
 * One run in a fresh arena holding the output too (written in place, no copy out); the result is
 * a view into it, and the rest of the arena is garbage with the result.
 */
function runInArena(plan: ExecutionPlan, parts: readonly KernelPart[], operands: readonly StridedArray[]): DenseArray {
  const arena = createWasmArena(plan, true);
  return executePlan(plan, bindKernels(parts, arena), operands, arena.pool, arena.output);
}

function bindKernels(parts: readonly KernelPart[], arena: WasmArena): KernelFunction[] {
  return parts.map((p) => (typeof p === 'function' ? p : instantiateWasmKernel(p.source, p.module, arena)));
}
