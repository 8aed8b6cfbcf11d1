import { resolveEinsum } from '../../compiler/2-network/resolve-einsum.js';
import type { LinearPath } from '../../compiler/4-contraction-order/contraction.js';
import { defaultLoweringParameters, type LoweringParameters } from '../../compiler/5-lower/lowering-parameters.js';
import { lowerEinsum } from '../../compiler/driver/plan.js';
import { emitPlan } from '../../compiler/6-emit-js/emit-plan.js';
import { withWasmKernels } from '../../compiler/6-emit-wasm/emit-wasm-plan.js';
import { createBufferPool } from '../../runtime/buffer-pool.js';
import type { ExecutionPlan } from '../../runtime/execution-plan.js';
import { createKernelCache } from '../../runtime/instantiate-kernel.js';
import { instantiatePlan } from '../../runtime/instantiate-plan.js';
import { fromBase64 } from '../../runtime/instantiate-wasm.js';
import { defaultRuntimeOptions, type RuntimeOptions } from '../../runtime/runtime-options.js';
import { rowMajorStrides, type DenseArray, type DType, type StridedArray } from '../../runtime/strided-array.js';

/** Lowers along `path` for the operands' strides, attaches WebAssembly to every GEMM-shaped step, runs. */
export function runWasmPlan(subscripts: string, operands: readonly StridedArray[], path: LinearPath,
  lowering: Partial<LoweringParameters & RuntimeOptions> = {}, dtype: DType = 'float64'): { result: DenseArray; plan: ExecutionPlan } {
  const spec = resolveEinsum(subscripts, operands.map((o) => o.shape));
  const lowered = lowerEinsum(spec, path, operands.map((o) => o.stride), dtype, { ...defaultLoweringParameters, ...lowering });
  const plan = withWasmKernels(emitPlan(lowered), lowered, 'every-matmul');
  for (const k of plan.kernels)
    if (k.wasm && !WebAssembly.validate(fromBase64(k.wasm.module))) throw new Error(`${k.name}: emitted module does not validate`);
  const ready = instantiatePlan(plan, createKernelCache(), {
    retainedArenaBytes: lowering.retainedArenaBytes ?? defaultRuntimeOptions.retainedArenaBytes,
    keptArenaBytes: lowering.keptArenaBytes ?? defaultRuntimeOptions.keptArenaBytes,
  });
  return { result: ready.run(operands, createBufferPool(dtype)), plan };
}

/** The plan of `runWasmPlan`, lowered for row-major operands of `shapes`, not yet instantiated. */
export function wasmPlan(subscripts: string, shapes: readonly (readonly number[])[], path: LinearPath): ExecutionPlan {
  const spec = resolveEinsum(subscripts, shapes);
  const lowered = lowerEinsum(spec, path, shapes.map((s) => rowMajorStrides(s)), 'float64', defaultLoweringParameters);
  return withWasmKernels(emitPlan(lowered), lowered, 'every-matmul');
}

export const wasmKernelCount = (plan: ExecutionPlan): number => plan.kernels.filter((k) => k.wasm !== undefined).length;

/**
 * The three ways a plan holds its arena: kept with the plan (under `retainedArenaBytes`), kept by
 * the kernel cache (over it, within `keptArenaBytes`), or made for each run.
 */
export const arenaModes: readonly Partial<RuntimeOptions>[] = [
  { retainedArenaBytes: 2 ** 24 }, { retainedArenaBytes: 0 }, { retainedArenaBytes: 0, keptArenaBytes: 0 },
];

/** Small blocks so k-blocks (accumulating stores), column blocks and packing occur at small sizes. */
export const smallTiling: Partial<LoweringParameters> = { tileRows: 4, kc: 3, nc: 8, inPlaceLimit: 6 };

/** The same layout with its data rounded to float32 (what a float32 plan reads). */
export function asFloat32(a: StridedArray): StridedArray {
  return { ...a, data: Float32Array.from(a.data as ArrayLike<number>) };
}
