import type ndarray from 'ndarray';
import { evaluateOne } from '../compiler/2-network/evaluate-network.js';
import type { Node } from '../compiler/2-network/network.js';
import { resolveEinsum } from '../compiler/2-network/resolve-einsum.js';
import type { Expression } from '../compiler/3-calculus/derivation.js';
import type { LinearPath } from '../compiler/4-contraction-order/contraction.js';
import type { OptimizerRegistry } from '../compiler/4-contraction-order/registry.js';
import type { LoweringParameters } from '../compiler/5-lower/lowering-parameters.js';
import type { WasmPolicy } from '../compiler/6-emit-wasm/emit-wasm-plan.js';
import { simdProbeModule } from '../compiler/6-emit-wasm/wasm-module.js';
import { showShape } from '../compiler/diagnostics/codes/catalogue.js';
import { fail } from '../compiler/diagnostics/ricci-error.js';
import {
  einsumModule, einsumPath, loweringParameters, matrixFunctionsOf, networkInputs, networkModule, planEinsum,
  planInputShapes, planNetwork, type Layout, type PlanOptions,
} from '../compiler/pipeline.js';
import { createBufferPool } from '../runtime/buffer-pool.js';
import type { ExecutionPlan } from '../runtime/execution-plan.js';
import { toNdarray } from '../runtime/from-ndarray.js';
import { createKernelCache, type KernelCache } from '../runtime/instantiate-kernel.js';
import { instantiatePlan } from '../runtime/instantiate-plan.js';
import { rowMajorStrides, type DType, type FloatData, type StridedArray } from '../runtime/strided-array.js';
import { toStridedArray, type TensorLike } from './tensor-like.js';

export interface CompileOptions {
  readonly optimize?: string;
  readonly dtype?: DType;
  readonly memoryLimit?: number;
  /** Path optimizers by name (default: the built-in registry). */
  readonly optimizers?: OptimizerRegistry;
  /** Values of symbolic sizes that no input of a network binds (a δ[i,k] left alone in a result). */
  readonly sizes?: Readonly<Record<string, number>>;
  /** An explicit linear path (opt_einsum form); overrides `optimize`. */
  readonly path?: LinearPath;
  readonly lowering?: Partial<LoweringParameters>;
  /** Compiled kernels shared between compilations; one per compiler instance. */
  readonly cache?: KernelCache;
  /**
   * Kernels for GEMM-shaped steps: 'auto' (default) runs WebAssembly SIMD where the machine
   * validates it and the step is large enough to pay, 'wasm' on every such step, 'js' never.
   */
  readonly backend?: Backend;
}

export type Backend = 'js' | 'wasm' | 'auto';

export interface CompiledEinsum {
  run(...operands: TensorLike[]): ndarray.NdArray<FloatData>;
  /** The kernels for row-major operands, as JavaScript. */
  readonly source: string;
  readonly path: LinearPath;
  readonly plan: ExecutionPlan;
}

/**
 * Compiles an einsum for fixed shapes: parse → path → lower → emit → instantiate. Operands with
 * other strides (transposed, sliced views) get kernels specialised for those strides, kept per
 * compiled expression; every kernel is cached by its source in `options.cache`.
 *   compileEinsum('ij,jk->ik', [[2, 3], [3, 4]]).run(A, B)
 */
export function compileEinsum(subscripts: string, shapes: readonly (readonly number[])[], options: CompileOptions = {}): CompiledEinsum {
  const spec = resolveEinsum(subscripts, shapes);
  const path = einsumPath(spec, options);
  const cache = options.cache ?? createKernelCache();
  const plan = planOptions(options, cache);
  const retained = loweringParameters(options).retainedArenaBytes;
  const variantFor = variantCache((strides) => instantiatePlan(planEinsum(spec, path, strides, plan), cache, retained));
  const rowMajor = variantFor(shapes.map((s) => rowMajorStrides(s)));
  const pool = createBufferPool(options.dtype ?? 'float64');
  return {
    path,
    plan: rowMajor.plan,
    source: rowMajor.plan.kernels.map((k) => k.source).join('\n\n'),
    run: (...operands) => {
      if (operands.length !== shapes.length) fail('operand_count_mismatch', undefined, shapes.length, operands.length);
      const arrays = operands.map((x, k) => checkShape(toStridedArray(x, k), shapes[k]!, k));
      return toNdarray(variantFor(layoutOf(arrays, rowMajor.plan.inputs.map((i) => i.stride))).run(arrays, pool));
    },
  };
}

/**
 * A standalone ES module (no ricci import): for subscripts, the einsum on row-major operands of
 * `shapes`; for a derivative (or any Expression holder), its result with inputs of `shapes` by
 * name, taken by the module's `run` in the order it lists (matrix functions are not supported).
 */
export function emitModule(subscripts: string, shapes: readonly (readonly number[])[], options?: CompileOptions): string;
export function emitModule(derivative: { readonly result: Expression }, shapes: Readonly<Record<string, readonly number[]>>, options?: CompileOptions): string;
export function emitModule(what: string | { readonly result: Expression },
  shapes: readonly (readonly number[])[] | Readonly<Record<string, readonly number[]>>, options: CompileOptions = {}): string {
  if (typeof what === 'string') return einsumModule(what, shapes as Layout, options);
  return emitNetworkModule(what.result.node, shapes as Readonly<Record<string, readonly number[]>>, options).source;
}

/**
 * The pipeline's options, with which GEMM-shaped steps run WebAssembly (f64x2, or f32x4 for
 * float32): none for 'js'; for 'auto' those that pay when this compiler instance's SIMD probe validates; for 'wasm' all.
 */
function planOptions(options: CompileOptions, cache: KernelCache): PlanOptions {
  return { ...options, wasm: wasmPolicy(options.backend, cache) };
}

function wasmPolicy(backend: Backend = 'auto', cache: KernelCache): WasmPolicy | undefined {
  if (backend === 'js') return undefined;
  const simd = cache.wasm.supportsSimd(simdProbeModule);
  if (backend === 'wasm') return simd ? 'every-matmul' : fail('wasm_simd_unavailable', undefined);
  return simd ? 'when-it-pays' : undefined;
}

/** Plans per operand stride layout, made on first use; at most 16 kept, the oldest evicted first. */
function variantCache<V>(make: (strides: Layout) => V): (strides: Layout) => V {
  const variants = new Map<string, V>();
  return (strides) => {
    const key = strides.map((s) => s.join(',')).join(';');
    const found = variants.get(key);
    if (found !== undefined) return found;
    const made = make(strides);
    if (variants.size >= 16) variants.delete(variants.keys().next().value!);
    variants.set(key, made);
    return made;
  };
}

/** The operands' strides, with the stride of a size-0/1 axis (never stepped) taken from `usual`. */
function layoutOf(arrays: readonly StridedArray[], usual: Layout): number[][] {
  return arrays.map((a, k) => a.stride.map((s, d) => (a.shape[d]! <= 1 ? usual[k]![d]! : s)));
}

function checkShape(a: StridedArray, shape: readonly number[], k: number): StridedArray {
  if (a.shape.length !== shape.length || a.shape.some((n, d) => n !== shape[d]))
    fail('operand_shape_mismatch', undefined, k, showShape(shape), showShape(a.shape));
  return a;
}

export interface CompiledNetwork {
  /** One ndarray per root, in order. */
  run(inputs: Readonly<Record<string, TensorLike>>): ndarray.NdArray<FloatData>[];
  /** The kernels of every root's plan for row-major inputs. */
  readonly source: string;
  readonly plans: readonly ExecutionPlan[];
}

/**
 * Compiles IR roots for inputs of the given shapes: each root's DAG becomes one plan, Contract
 * nodes contracted along an optimized path; MatFn nodes (inv, det, logdet) are evaluated by the
 * reference evaluator at run time and enter the plans as extra inputs.
 *   compileNetwork([L], { x: [3], W: [3, 4], y: [4] }).run({ x, W, y })
 */
export function compileNetwork(roots: readonly Node[], shapes: Readonly<Record<string, readonly number[]>>,
  options: CompileOptions = {}): CompiledNetwork {
  const inputs = networkInputs(roots, shapes, options.sizes);
  const matrixFunctions = matrixFunctionsOf(roots);
  const rowMajorLayout = planInputShapes(inputs, matrixFunctions).map((s) => rowMajorStrides(s));
  const cache = options.cache ?? createKernelCache();
  const plan = planOptions(options, cache);
  const retained = loweringParameters(options).retainedArenaBytes;
  const variantsFor = variantCache((strides) =>
    planNetwork(roots, inputs, matrixFunctions, strides, plan).map((p) => instantiatePlan(p, cache, retained)));
  const rowMajor = variantsFor(rowMajorLayout);
  const pool = createBufferPool(options.dtype ?? 'float64');
  return {
    plans: rowMajor.map((v) => v.plan),
    source: rowMajor.flatMap((v) => v.plan.kernels.map((k) => k.source)).join('\n\n'),
    run: (given) => {
      const named = inputs.names.map((name, k) => checkShape(
        toStridedArray(Object.hasOwn(given, name) ? given[name] : fail('input_missing', undefined, name), k), inputs.shapes[k]!, k));
      const byName = Object.fromEntries(inputs.names.map((name, k) => [name, named[k]!]));
      // matrix functions run in the reference evaluator and enter the plans as extra inputs
      const arrays = [...named, ...matrixFunctions.map((n) => evaluateOne(n, byName))];
      return variantsFor(layoutOf(arrays, rowMajorLayout)).map((v) => toNdarray(finiteOrFail(v.run(arrays, pool), arrays)));
    },
  };
}

/**
 * A standalone ES module (no ricci import) for one root without matrix functions. Its `run` takes
 * the inputs positionally in the order of `inputs` (names never enter the source).
 */
export function emitNetworkModule(root: Node, shapes: Readonly<Record<string, readonly number[]>>,
  options: CompileOptions = {}): { readonly source: string; readonly inputs: readonly string[] } {
  const inputs = networkInputs([root], shapes, options.sizes);
  return { source: networkModule(root, inputs, options), inputs: inputs.names };
}

/** A non-finite result from finite inputs (log 0, 1/0) is reported, never returned as a silent NaN. */
function finiteOrFail<A extends StridedArray>(result: A, inputs: readonly StridedArray[]): A {
  const bad = Array.prototype.findIndex.call(result.data, (x: number) => !Number.isFinite(x));
  if (bad >= 0 && inputs.every((a) => Array.prototype.every.call(a.data, (x: number) => Number.isFinite(x))))
    fail('non_finite_result', undefined, 'The compiled network result', `got ${result.data[bad]} at flat position ${bad}`);
  return result;
}

/** Compiled einsums by (subscripts, shapes, dtype, optimize), least recently used evicted first. */
export interface CompiledEinsumCache {
  get(subscripts: string, shapes: readonly (readonly number[])[], options?: Pick<CompileOptions, 'optimize' | 'dtype' | 'memoryLimit'>): CompiledEinsum;
  readonly size: number;
}

/** The cache `einsum` runs through: owned by its creator (no module-level state), bounded. */
export function createCompiledEinsumCache(capacity = 64, optimizers?: OptimizerRegistry): CompiledEinsumCache {
  const compiled = new Map<string, CompiledEinsum>();
  const kernels = createKernelCache(4 * capacity);
  return {
    get size() { return compiled.size; },
    get(subscripts, shapes, options = {}) {
      const key = JSON.stringify([subscripts, shapes, options.dtype ?? 'float64', options.optimize ?? 'auto', options.memoryLimit ?? null]);
      const found = compiled.get(key);
      if (found) {
        compiled.delete(key);
        compiled.set(key, found);
        return found;
      }
      const made = compileEinsum(subscripts, shapes, { ...options, cache: kernels, ...(optimizers ? { optimizers } : {}) });
      if (compiled.size >= capacity) compiled.delete(compiled.keys().next().value!);
      compiled.set(key, made);
      return made;
    },
  };
}
