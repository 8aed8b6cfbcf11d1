import type { LinearPath } from '../4-contraction-order/contraction.js';
import type { OptimizerRegistry } from '../4-contraction-order/registry.js';
import { defaultLoweringParameters, type LoweringParameters } from '../5-lower/lowering-parameters.js';
import type { WasmPolicy } from '../6-emit-wasm/emit-wasm-plan.js';
import { simdProbeModule } from '../6-emit-wasm/wasm-module.js';
import { fail } from '../diagnostics/pipeline-errors.js';
import type { KernelCache } from '../../runtime/instantiate-kernel.js';
import { defaultRuntimeOptions, type RuntimeOptions } from '../../runtime/runtime-options.js';
import type { DType } from '../../runtime/strided-array.js';
import type { ResourceLimits } from './resource-limits.js';

/** Which kernels GEMM-shaped steps get: WebAssembly SIMD where it pays ('auto'), always, or never. */
export type Backend = 'js' | 'wasm' | 'auto';

/** Everything that shapes a compilation; every field but `cache` can change the plan. */
export interface CompileOptions {
  /** A path optimizer by name: 'auto' (default) or any name in `optimizers`. */
  readonly optimize?: string | undefined;
  readonly dtype?: DType | undefined;
  /** Largest intermediate, in elements, a path may create. */
  readonly memoryLimit?: number | undefined;
  /** Path optimizers by name (default: the built-in registry). */
  readonly optimizers?: OptimizerRegistry | undefined;
  /** Values of symbolic sizes that no input of a network binds (a δ[i,k] left alone in a result). */
  readonly sizes?: Readonly<Record<string, number>> | undefined;
  /** An explicit linear path (opt_einsum form) for an einsum; overrides `optimize`. */
  readonly path?: LinearPath | undefined;
  /** Register tiles, cache blocks and packing of the loop nests (5-lower decides, emitters render). */
  readonly lowering?: Partial<LoweringParameters> | undefined;
  /** Knobs of the instantiated plans that change memory use, never results. */
  readonly runtime?: Partial<RuntimeOptions> | undefined;
  /** Compiled kernels shared between compilations; one per compiler instance. */
  readonly cache?: KernelCache | undefined;
  /**
   * Kernels for GEMM-shaped steps: 'auto' (default) runs WebAssembly SIMD where the machine
   * validates it and the step is large enough to pay, 'wasm' on every such step, 'js' never.
   */
  readonly backend?: Backend | undefined;
  /** Element and work limits checked from the shapes before allocation (resource-limits.ts). */
  readonly limits?: Partial<ResourceLimits> | undefined;
}

const backends: readonly Backend[] = ['js', 'wasm', 'auto'];
const dtypes: readonly DType[] = ['float64', 'float32'];

/**
 * Refuses option values that would otherwise be read as a default or run as garbage (a
 * `backend: 'cuda'`, a `dtype: 'int8'`, a negative arena size), naming the allowed values.
 * (Lowering parameters are 5-lower's to check.)
 */
export function checkOptions(options: CompileOptions): CompileOptions {
  const bad = (option: string, got: unknown, allowed: string): never =>
    fail('compile_option_invalid', undefined, option, typeof got === 'string' ? `'${got}'` : String(got), allowed);
  if (options.backend !== undefined && !backends.includes(options.backend)) bad('backend', options.backend, oneOf(backends));
  if (options.dtype !== undefined && !dtypes.includes(options.dtype)) bad('dtype', options.dtype, oneOf(dtypes));
  const arena = options.runtime?.retainedArenaBytes;
  if (arena !== undefined && !(typeof arena === 'number' && arena >= 0 && Number.isFinite(arena)))
    bad('runtime.retainedArenaBytes', arena, 'a finite number of bytes ≥ 0');
  return options;
}

function oneOf(values: readonly string[]): string {
  return `one of ${values.map((v) => `'${v}'`).join(', ')}`;
}

export function loweringParameters(options: CompileOptions): LoweringParameters {
  return { ...defaultLoweringParameters, ...options.lowering };
}

export function runtimeOptions(options: CompileOptions): RuntimeOptions {
  return { ...defaultRuntimeOptions, ...options.runtime };
}

/**
 * The wasm policy, with which GEMM-shaped steps run WebAssembly (f64x2, or f32x4 for float32):
 * none for 'js'; for 'auto' the steps that pay when this compiler instance's SIMD probe validates;
 * for 'wasm' every matrix-product step (an error without SIMD).
 */
export function wasmPolicy(options: CompileOptions, cache: KernelCache): WasmPolicy | undefined {
  const backend = options.backend ?? 'auto';
  if (backend === 'js') return undefined;
  const simd = cache.wasm.supportsSimd(simdProbeModule);
  if (backend === 'wasm') return simd ? 'every-matmul' : fail('wasm_simd_unavailable', undefined);
  return simd ? 'when-it-pays' : undefined;
}

/**
 * A cache key over every option that changes the compiled result (all but the kernel cache);
 * `identify` numbers an optimizer registry by identity, since two registries may share names.
 * Equal options give equal keys; lowering and runtime knobs given explicitly at their defaults
 * key apart from absent ones (a second compilation, never a wrong plan).
 */
export function optionsKey(options: CompileOptions, identify: (registry: OptimizerRegistry) => number): string {
  return JSON.stringify([
    options.optimize ?? 'auto', options.dtype ?? 'float64', options.memoryLimit ?? null,
    options.optimizers ? identify(options.optimizers) : 0, sorted(options.sizes ?? {}), options.path ?? null,
    options.lowering ? sorted(options.lowering) : null, options.runtime ? sorted(options.runtime) : null, options.backend ?? 'auto',
  ]);
}

/** Numbers objects by identity, per owner (a Derivative, an einsum cache): no module-level state. */
export function createIdentities<T extends object>(): (x: T) => number {
  const ids = new WeakMap<T, number>();
  let next = 1;
  return (x) => {
    const found = ids.get(x);
    if (found !== undefined) return found;
    ids.set(x, next);
    return next++;
  };
}

function sorted(record: object): [string, unknown][] {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
