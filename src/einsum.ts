import { checkOptionsObject, invalidArgument } from './arguments.js';
import type ndarray from 'ndarray';
import {
  createBoundedCache, createEinsumPlans, createResultSlab, defaultOptimizers, mergeLimits, parseEinsumCall, resourceLimits, toNdarray,
  type CompileOptions, type OptimizerRegistry,
} from '../compiler/driver/index.js';
import { fail } from '../compiler/diagnostics/pipeline-errors.js';
import type { Where } from '../compiler/diagnostics/span.js';
import type { StridedArray } from '../runtime/strided-array.js';
import { compiledEinsumCacheOver, type CompiledEinsumCache } from './compile.js';
import { checkOut, isPlainObject } from './einsum-out.js';
import { fromSublists, isSublistCall, type SublistLabel } from './einsum-sublist.js';
import { describe, toStridedArray, type TensorLike } from './tensor-like.js';

/**
 * Contraction-path strategies the default registry offers.
 * @example
 * import { contractPath, optimizeStrategies } from 'ricci';
 * const flops = optimizeStrategies.map((optimize) =>
 *   contractPath('ij,jk,kl->il', [[2, 30], [30, 40], [40, 5]], { optimize }).flops);
 * flops.length; // → 6
 */
export const optimizeStrategies = ['auto', 'optimal', 'dp', 'branch', 'greedy', 'random-greedy'] as const;
/**
 * One of the built-in path optimizers' names.
 * @example
 * import { einsum, type OptimizeStrategy } from 'ricci';
 * const strategy: OptimizeStrategy = 'dp';
 * einsum('ij,jk->ik', [[1, 2]], [[3], [4]], { optimize: strategy }).data; // → [11]
 */
export type OptimizeStrategy = (typeof optimizeStrategies)[number];

/**
 * Per-call options: a trailing plain object after the operands.
 * @example
 * import { einsum, type EinsumOptions } from 'ricci';
 * const options: EinsumOptions = { optimize: 'greedy', memoryLimit: 1_000_000 };
 * einsum('i,i->', [1, 2, 3], [4, 5, 6], options).get(); // → 32
 */
export interface EinsumOptions {
  /** A path optimizer by name: 'auto' (default) or any name in the instance's registry. */
  readonly optimize?: string;
  /** Largest intermediate, in elements, the path may create. */
  readonly memoryLimit?: number;
  /**
   * The element type computed in and returned. Default: 'float32' when every operand holds a
   * Float32Array (numpy keeps float32), else 'float64'.
   */
  readonly dtype?: 'float64' | 'float32';
  /** Resource limits for this call (CompileOptions.limits), over the instance's; checked from the shapes before anything is allocated. */
  readonly limits?: CompileOptions['limits'];
  /**
   * An ndarray to write the result into, returned instead of a fresh one (numpy's `out=`): the
   * result's shape and dtype, contiguous row-major (any offset), sharing no memory with an operand.
   */
  readonly out?: ndarray.NdArray<Float64Array> | ndarray.NdArray<Float32Array>;
}

/**
 * An einsum with its own bounded cache of compiled plans.
 * @example
 * import { createEinsum, type Einsum } from 'ricci';
 * const isolated: Einsum = createEinsum({ cacheSize: 4 });
 * isolated('i->', [1, 2, 3]).get(); // → 6
 */
export interface Einsum {
  /** With `out`, the result is written into it and `out` is returned. */
  <D extends Float64Array | Float32Array>(subscripts: string, ...args: readonly [...TensorLike[], EinsumOptions & { readonly out: ndarray.NdArray<D> }]): ndarray.NdArray<D>;
  /** float32 operands (every one a Float32Array ndarray) give a float32 result, as in numpy. */
  (subscripts: string, ...args: readonly (ndarray.NdArray<Float32Array> | (EinsumOptions & { readonly dtype?: 'float32' }))[]): ndarray.NdArray<Float32Array>;
  /** `{ dtype: 'float32' }` computes in and returns float32 whatever the operands hold. */
  (subscripts: string, ...args: readonly [...TensorLike[], EinsumOptions & { readonly dtype: 'float32' }]): ndarray.NdArray<Float32Array>;
  (subscripts: string, ...args: readonly (TensorLike | EinsumOptions)[]): ndarray.NdArray<Float64Array>;
  /** numpy's sublist form: einsum(A, [0, 1], B, [1, 2], [0, 2]) is einsum('AB,BC->AC', A, B). */
  (operand: TensorLike, sublist: readonly SublistLabel[], ...rest: readonly (TensorLike | readonly SublistLabel[] | EinsumOptions)[]): ndarray.NdArray<Float64Array>;
  readonly cache: CompiledEinsumCache;
}

/**
 * How an einsum instance caches compiled plans and which optimizers it knows.
 * @example
 * import { createEinsum, type EinsumInstanceOptions } from 'ricci';
 * const options: EinsumInstanceOptions = { cacheSize: 16 };
 * createEinsum(options)('ij->ji', [[1, 2]]).shape; // → [2, 1]
 */
export interface EinsumInstanceOptions {
  /** How many compiled (expression, shapes, options) plans to keep; least recently used go first. */
  readonly cacheSize?: number;
  /** Path optimizers by name; defaults to the built-in registry. */
  readonly optimizers?: OptimizerRegistry;
  /** Resource limits of every call of this instance (CompileOptions.limits); a call's own `limits` win field by field. */
  readonly limits?: CompileOptions['limits'];
}

const optionKeys = ['optimize', 'memoryLimit', 'dtype', 'limits', 'out'] as const;

/**
 * numpy.einsum on ndarrays, nested arrays, typed arrays and numbers, in float64, compiled: the first call for
 * an (expression, shapes, options) triple chooses a path and generates kernels; later calls reuse
 * them. Each instance owns its caches (parsed subscripts, compiled plans), so nothing is shared
 * between instances. Per call the subscripts are parsed at most once (not at all when seen
 * before) and every operand is read and validated once.
 *   const einsum = createEinsum(); einsum('ij,jk->ik', A, B); einsum('ii', M, { optimize: 'greedy' })
 * @example
 * import { createEinsum, defaultOptimizers, registerOptimizer } from 'ricci';
 * const leftToRight = registerOptimizer(defaultOptimizers, 'left-to-right', (problem) =>
 *   problem.inputs.slice(1).map(() => [0, 1]));
 * const myEinsum = createEinsum({ cacheSize: 8, optimizers: leftToRight });
 * myEinsum('ij,jk,k->i', [[1, 2]], [[1], [1]], [3], { optimize: 'left-to-right' }).data; // → [9]
 * myEinsum.cache.size; // → 1
 */
export function createEinsum(given?: EinsumInstanceOptions): Einsum {
  const instance = checkOptionsObject<EinsumInstanceOptions>('createEinsum', given, ['optimizers', 'cacheSize', 'limits']);
  const instanceLimits = mergeLimits(instance.limits);
  resourceLimits(instanceLimits); // bad values fail at creation, not at the first call
  if (instance.optimizers !== undefined && !(instance.optimizers instanceof Map))
    invalidArgument('createEinsum', 'options.optimizers', instance.optimizers, 'an optimizer registry');
  if (instance.cacheSize !== undefined && !(Number.isSafeInteger(instance.cacheSize) && instance.cacheSize >= 1))
    invalidArgument('createEinsum', 'options.cacheSize', instance.cacheSize, 'a whole number ≥ 1');
  const optimizers = instance.optimizers ?? defaultOptimizers;
  const capacity = instance.cacheSize ?? 64;
  // parsed subscripts with each operand's caret position, made once per expression
  const parsed = createBoundedCache<string, Parsed>(capacity);
  const plans = createEinsumPlans(capacity, optimizers);
  const cache = compiledEinsumCacheOver(plans);
  // nested-array operands are packed into fresh memory on every call; small ones share slabs
  const packed = createResultSlab('float64');
  const fresh = (length: number): Float64Array => packed.take(length) as Float64Array;
  const call = (...args: readonly unknown[]): ndarray.NdArray<Float64Array | Float32Array> => {
    const { operands: all, options: called, out } = splitOptions(args, optimizers);
    // the instance's limits are merged once (at creation); a call's own are merged on every call
    const limits = called.limits === undefined ? instanceLimits : mergeLimits(instanceLimits, called.limits);
    const options = limits === undefined ? called : { ...called, limits };
    const sublists = isSublistCall(all);
    const { subscripts, operands } = sublists ? fromSublists(all) : { subscripts: args[0], operands: all };
    const first = sublists ? 0 : 1;
    if (typeof subscripts !== 'string') fail('einsum_subscripts_type', undefined, describe(subscripts));
    const count = operands.length - first;
    const known = parsed.get(subscripts);
    const { ast, wheres } = known?.ast.inputs.length === count ? known : withCarets(subscripts, parseEinsumCall(subscripts, count));
    if (!known) parsed.getOrCreate(subscripts, () => ({ ast, wheres }));
    // one loop, no closures: this is the whole per-call cost of a cached call on small operands
    const arrays = new Array<StridedArray>(count);
    const shapes = new Array<readonly number[]>(count);
    // float32 operands keep their dtype, as numpy's do; a plain number is a weak scalar (numpy 2's
    // rule for Python floats in arithmetic; np.einsum itself makes a Python float a float64 array)
    // and does not make the result float64; the plan key includes the dtype
    let float32 = 0;
    let strong = 0;
    for (let k = 0; k < count; k++) {
      const operand = operands[k + first];
      const a = toStridedArray(operand, k, wheres[k], fresh);
      arrays[k] = a;
      shapes[k] = a.shape;
      if (typeof operand === 'number') continue;
      strong++;
      if (a.data instanceof Float32Array) float32++;
    }
    const dtype = options.dtype ?? (float32 > 0 && float32 === strong ? 'float32' : undefined);
    const planOptions = dtype === 'float32' ? { ...options, dtype } : options;
    const compiled = plans.get(ast, shapes, planOptions);
    if (out === undefined) return toNdarray(compiled.runTrusted(arrays)) as ndarray.NdArray<Float64Array | Float32Array>;
    // the plan does not depend on `out` (it is no part of the plan cache's key): only where its result goes
    compiled.runTrusted(arrays, checkOut(out, compiled.plan.outputShape, compiled.plan.dtype, arrays, subscripts));
    return out as ndarray.NdArray<Float64Array | Float32Array>;
  };
  // the overloads only narrow the result type: one implementation returns what the dtype gives
  return Object.assign(call, { cache }) as unknown as Einsum;
}

interface Parsed {
  readonly ast: ReturnType<typeof parseEinsumCall>;
  /** Where each operand's term is, for its errors' carets. */
  readonly wheres: readonly Where[];
}

function withCarets(source: string, ast: ReturnType<typeof parseEinsumCall>): Parsed {
  return { ast, wheres: ast.inputs.map((term) => ({ source, span: term.span })) };
}

/** A trailing plain object without a `shape` is the options, not an operand; `out` is kept apart (it never reaches the plan). */
function splitOptions(args: readonly unknown[], optimizers: OptimizerRegistry): { operands: readonly StridedArrayLike[]; options: EinsumOptions; out: unknown } {
  const last = args[args.length - 1];
  if (!isPlainObject(last) || 'shape' in last) return { operands: args as readonly StridedArrayLike[], options: {}, out: undefined };
  return { operands: args.slice(0, -1) as readonly StridedArrayLike[], options: checkOptions(last, optimizers), out: last['out'] };
}

type StridedArrayLike = TensorLike | StridedArray;

/** numpy's other forms of `optimize`, which a numpy user will try: what ricci takes instead. */
function optimizeHint(optimize: unknown): string {
  if (typeof optimize === 'boolean') return "; numpy's True is 'greedy'";
  if (Array.isArray(optimize)) return "; a path is compileEinsum's path option";
  return '';
}

function checkOptions(options: Record<string, unknown>, optimizers: OptimizerRegistry): EinsumOptions {
  for (const key of Object.keys(options))
    if (!(optionKeys as readonly string[]).includes(key)) fail('einsum_option_unknown', undefined, key, optionKeys);
  const { optimize, memoryLimit, dtype, limits } = options;
  if (optimize !== undefined && (typeof optimize !== 'string' || !optimizers.has(optimize)))
    fail('einsum_optimize_unknown', undefined, typeof optimize === 'string' ? `'${optimize}'` : `(${describe(optimize)})`, [...optimizers.keys()], optimizeHint(optimize));
  if (memoryLimit !== undefined && !(typeof memoryLimit === 'number' && memoryLimit > 0))
    fail('einsum_option_invalid', undefined, 'memoryLimit', describe(memoryLimit), 'a positive number of elements');
  if (dtype !== undefined && dtype !== 'float64' && dtype !== 'float32')
    fail('einsum_option_invalid', undefined, 'dtype', describe(dtype), "'float64' or 'float32'");
  return {
    ...(dtype !== undefined ? { dtype: dtype as 'float64' | 'float32' } : {}),
    ...(optimize !== undefined ? { optimize: optimize as string } : {}),
    ...(memoryLimit !== undefined ? { memoryLimit: memoryLimit as number } : {}),
    ...(limits !== undefined ? { limits: limits as EinsumOptions['limits'] } : {}), // checked by mergeLimits and the plan
  };
}

/**
 * The `einsum` most callers import: one instance with its own bounded plan cache (64 entries).
 * Code that wants isolated caches or custom optimizers calls createEinsum() instead.
 * @example
 * import ndarray from 'ndarray';
 * import { einsum } from 'ricci';
 * const A = ndarray(new Float64Array([1, 2, 3, 4, 5, 6]), [2, 3]);
 * einsum('ij,jk->ik', A, [[1, 0], [2, 1], [0, 3]]).data; // → [5, 11, 14, 23]
 * einsum('ii', [[1, 2], [3, 4]]).get(); // → 5
 * einsum('ij->j', A, { optimize: 'greedy' }).data; // → [5, 7, 9]
 * einsum(A, [0, 1], [1]).data; // → [5, 7, 9]
 */
export const einsum: Einsum = createEinsum();
