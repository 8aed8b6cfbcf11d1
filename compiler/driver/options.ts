import type { LinearPath } from '../4-contraction-order/contraction.js';
import type { OptimizerRegistry } from '../4-contraction-order/registry.js';
import { defaultLoweringParameters, type LoweringParameters } from '../5-lower/lowering-parameters.js';
import type { WasmPolicy } from '../6-emit-wasm/emit-wasm-plan.js';
import { simdProbeModule } from '../6-emit-wasm/wasm-module.js';
import { fail } from '../diagnostics/pipeline-errors.js';
import type { KernelCache } from '../../runtime/instantiate-kernel.js';
import { defaultRuntimeOptions, type RuntimeOptions } from '../../runtime/runtime-options.js';
import type { DType } from '../../runtime/strided-array.js';
import type { ThreadSupport } from '../../runtime/thread-support.js';
import type { ResourceLimits } from './resource-limits.js';

/**
 * Which kernels GEMM-shaped steps get: WebAssembly SIMD where it pays ('auto'), always, or never.
 * @example
 * import { compileEinsum, type Backend } from 'ricci';
 * const backends: Backend[] = ['js', 'wasm', 'auto'];
 * const ones = Array.from({ length: 8 }, () => Array<number>(8).fill(1));
 * backends.map((backend) => compileEinsum('ij,jk->ik', [[8, 8], [8, 8]], { backend }).run(ones, ones).get(0, 0)); // → [8, 8, 8]
 */
export type Backend = 'js' | 'wasm' | 'auto';

/**
 * Everything that shapes a compilation; every field but `cache` can change the plan.
 * @example
 * import { compileEinsum, type CompileOptions } from 'ricci';
 * const options: CompileOptions = { dtype: 'float32', backend: 'js', optimize: 'greedy' };
 * compileEinsum('ij,j->i', [[2, 2], [2]], options).run([[1, 2], [3, 4]], [1, 1]).data; // → [3, 7]
 */
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
   * validates it and the step is large enough to pay, 'wasm' on every such step that is a
   * matrix product (a matrix–vector product keeps its JavaScript kernel, which reads the matrix
   * once in place), 'js' never.
   */
  readonly backend?: Backend | undefined;
  /**
   * Threads a large WebAssembly step is split across (rows or batches, never the summed index, so
   * results equal one thread's bit for bit): `workerThreads(n)` or `workerThreads('auto')` (this
   * machine's cores, at most 8) from `ricci/threads`, a capability so that code without threads
   * never bundles the worker pool. Default: one thread. Steps under `lowering.threadMinimum`
   * multiply-adds never start a worker.
   */
  readonly threads?: ThreadSupport | undefined;
  /** Element and work limits checked from the shapes before allocation (resource-limits.ts). */
  readonly limits?: Partial<ResourceLimits> | undefined;
}

const backends: readonly Backend[] = ['js', 'wasm', 'auto'];
const dtypes: readonly DType[] = ['float64', 'float32'];

/** checkOptions for an einsum, whose sizes are its shapes' numbers: `sizes` (a program's symbolic sizes) has nothing to bind. */
export function checkEinsumOptions(options: CompileOptions): CompileOptions {
  checkOptions(options);
  if (options.sizes !== undefined)
    fail('compile_option_invalid', undefined, 'sizes', describeValue(options.sizes), "absent for an einsum: its shapes are numbers (sizes gives a program's symbolic sizes, to compileNetwork and gradients)");
  return options;
}

/**
 * Refuses option values that would otherwise be read as a default or run as garbage (a
 * `backend: 'cuda'`, a `dtype: 'int8'`, a negative arena size), naming the allowed values.
 * (Lowering parameters are 5-lower's to check.)
 */
export function checkOptions(options: CompileOptions): CompileOptions {
  const bad = (option: string, got: unknown, allowed: string): never =>
    fail('compile_option_invalid', undefined, option, describeValue(got), allowed);
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    fail('compile_option_invalid', undefined, 'options', describeValue(options), 'an object of options');
  if (options.backend !== undefined && !backends.includes(options.backend)) bad('backend', options.backend, oneOf(backends));
  if (options.dtype !== undefined && !dtypes.includes(options.dtype)) bad('dtype', options.dtype, oneOf(dtypes));
  for (const [key, value] of Object.entries(options))
    if (!compileOptionKeys.includes(key)) bad(key, value, `absent: the options are ${oneOf(compileOptionKeys)}`);
  if (options.optimize !== undefined && typeof options.optimize !== 'string') bad('optimize', options.optimize, 'a path optimizer name');
  // the registry and the cache are read deep in the pipeline, where a wrong object was a TypeError
  if (options.optimizers !== undefined && !(options.optimizers instanceof Map))
    bad('optimizers', options.optimizers, 'an optimizer registry (defaultOptimizers or a registerOptimizer result)');
  if (options.cache !== undefined && !isKernelCache(options.cache)) bad('cache', options.cache, 'a kernel cache from createKernelCache()');
  checkLowering(options.lowering);
  checkRuntime(options.runtime);
  const threads: unknown = options.threads;
  if (threads !== undefined && !isThreadSupport(threads))
    bad('threads', threads, "workerThreads(n) or workerThreads('auto') from 'ricci/threads'");
  return options;
}

/** Whether `x` is a kernel cache from createKernelCache (what compile options and derivative options take as `cache`). */
export function isKernelCache(x: unknown): boolean {
  if (typeof x !== 'object' || x === null) return false;
  const c = x as Partial<Record<keyof KernelCache, unknown>>;
  return typeof c.get === 'function' && typeof c.execution === 'function' && typeof c.wasm === 'object' && c.wasm !== null;
}

/** An object of the runtime knobs (an unknown one, `retainedArena`, was silently ignored), each a byte count. */
function checkRuntime(runtime: unknown): void {
  checkKnobs('runtime', runtime, Object.keys(defaultRuntimeOptions), 'runtime options',
    (_, value) => (typeof value === 'number' && value >= 0 && Number.isFinite(value) ? undefined : 'a finite number of bytes ≥ 0'));
}

/**
 * An object of `knobs` (`what` names them in messages), each value checked by `valid`: what is
 * allowed instead, or undefined when it is fine. An unknown knob is refused, not ignored.
 */
function checkKnobs(option: string, given: unknown, knobs: readonly string[], what: string, valid: (key: string, value: unknown) => string | undefined): void {
  if (given === undefined) return;
  if (typeof given !== 'object' || given === null || Array.isArray(given))
    fail('compile_option_invalid', undefined, option, describeValue(given), `an object of ${what}`);
  for (const [key, value] of Object.entries(given)) {
    if (!knobs.includes(key))
      fail('compile_option_invalid', undefined, `${option}.${key}`, describeValue(value), `absent: the ${what} are ${oneOf(knobs)}`);
    const allowed = value === undefined ? undefined : valid(key, value);
    if (allowed !== undefined) fail('compile_option_invalid', undefined, `${option}.${key}`, describeValue(value), allowed);
  }
}

function isThreadSupport(x: unknown): x is ThreadSupport {
  if (typeof x !== 'object' || x === null) return false;
  const t = x as Partial<Record<keyof ThreadSupport, unknown>>;
  return Number.isInteger(t.count) && (t.count as number) >= 1 && typeof t.createPool === 'function' && typeof t.splitKernel === 'function';
}

const compileOptionKeys: readonly string[] = [
  'optimize', 'dtype', 'memoryLimit', 'optimizers', 'sizes', 'path', 'lowering', 'runtime', 'cache', 'backend', 'threads', 'limits',
];

/**
 * Whole numbers, each knob: tiles, blocks and threads ≥ 1 (a 0, NaN, 1.5 or −1 once gave zeros, NaN
 * entries or an endless loop); thresholds and costs ≥ 0 (0 means always: pack, slice, split).
 */
function checkLowering(lowering: unknown): void {
  checkKnobs('lowering', lowering, Object.keys(defaultLoweringParameters), 'lowering parameters', (key, value) => {
    const least = atLeastOne.includes(key) ? 1 : 0;
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= least ? undefined : `a whole number ≥ ${least}`;
  });
}

const atLeastOne: readonly string[] = ['tileRows', 'tileColumns', 'kc', 'nc', 'streamBlock', 'transposeBlock', 'simdTransposeBlock', 'dotColumns', 'threads'];

function describeValue(got: unknown): string {
  return typeof got === 'string' ? `'${got}'` : got === null ? 'null' : typeof got === 'object' ? 'an object' : String(got);
}

function oneOf(values: readonly string[]): string {
  return `one of ${values.map((v) => `'${v}'`).join(', ')}`;
}

export function loweringParameters(options: CompileOptions): LoweringParameters {
  const threads = options.threads?.count ?? 1;
  return { ...defaultLoweringParameters, ...options.lowering, ...(threads > 1 ? { threads } : {}) };
}

export function runtimeOptions(options: CompileOptions): RuntimeOptions {
  return { ...defaultRuntimeOptions, ...options.runtime };
}

/**
 * The wasm policy, with which GEMM-shaped steps run WebAssembly (f64x2, or f32x4 for float32):
 * none for 'js'; for 'auto' the steps that pay when this compiler instance's SIMD probe validates;
 * for 'wasm' every matrix-product step, matrix–vector products excepted (an error without SIMD).
 */
export function wasmPolicy(options: CompileOptions, cache: KernelCache): WasmPolicy | undefined {
  const backend = options.backend ?? 'auto';
  if (backend === 'js') return undefined;
  const simd = cache.wasm.supportsSimd(simdProbeModule);
  if (backend === 'wasm') return simd ? 'every-matrix-product' : fail('wasm_simd_unavailable', undefined);
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
    options.threads?.count ?? 1, options.limits ? sorted(options.limits) : null,
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
