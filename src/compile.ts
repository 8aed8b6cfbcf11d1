import { checkShapeList, checkShapeRecord, checkString, invalidArgument } from './arguments.js';
import type ndarray from 'ndarray';
import {
  compileEinsum as compileEinsumPlan, compileNetwork as compileNetworkPlan, createEinsumPlans, einsumModule,
  checkOptions, emitNetworkModule as emitNetworkModulePlan, mergeLimits, toNdarray,
  type CompileOptions, type EinsumPlans, type Expression, type LinearPath, type Node, type OptimizerRegistry,
} from '../compiler/driver/index.js';
import type { Where } from '../compiler/diagnostics/span.js';
import type { ExecutionPlan } from '../runtime/execution-plan.js';
import type { DenseArray, FloatData, StridedArray } from '../runtime/strided-array.js';
import { checkOut, splitRunOptions } from './einsum-out.js';
import { toNamedInput, toStridedArray, type TensorLike } from './tensor-like.js';

export type { Backend, CompileOptions } from '../compiler/driver/index.js';

/**
 * An einsum compiled for fixed shapes: `run` it on operands of those shapes.
 * @example
 * import { compileEinsum, type CompiledEinsum } from 'ricci';
 * const dot: CompiledEinsum = compileEinsum('i,i->', [[3], [3]]);
 * dot.run([1, 2, 3], [1, 1, 1]).get(); // → 6
 */
export interface CompiledEinsum {
  run(...operands: TensorLike[]): ndarray.NdArray<FloatData>;
  /** A trailing `{ out }` writes the result into `out` and returns it (as einsum's `out` option). */
  run<D extends FloatData>(...args: [...TensorLike[], { readonly out: ndarray.NdArray<D> }]): ndarray.NdArray<D>;
  /**
   * Operands resident in the plan's WebAssembly memory, like tf.js tensors or onnxruntime's IO
   * binding: dense row-major ndarrays of the compiled shapes (the plan's dtype), made on the first
   * call and the same on every later one. Write into them (`.data.set(…)`, `.set(…)`) and pass them
   * to `run`: memory-bound WebAssembly steps then read them in place instead of copying them in.
   * The plan keeps the memory they view as long as it lives (whatever its size; nothing the
   * kernel cache evicts). Any other operand still works as always (copied in where needed), so a
   * result never depends on residency. A plan that runs no WebAssembly returns plain arrays.
   * @example
   * import { compileEinsum } from 'ricci';
   * const product = compileEinsum('i,ij->j', [[2], [2, 3]], { backend: 'wasm' });
   * const [x, A] = product.residentInputs();
   * x!.data.set([1, 2]);
   * A!.data.set([1, 0, 2, 0, 1, 3]);
   * product.run(x!, A!).data; // → [1, 2, 8]
   */
  residentInputs(): ndarray.NdArray<FloatData>[];
  /**
   * The result resident in the same memory as `residentInputs()` (one memory, whichever is asked
   * for first), like a tf.js backend's or numpy's own result: a dense row-major ndarray of the
   * output's shape and the plan's dtype, made on the first call and the same on every later one.
   * Pass it as `run`'s `out`: the WebAssembly steps write the result there in place (no fresh
   * array, no copy out) and `run` returns it. Every run overwrites it, so copy out what must
   * outlive the next run. Inputs need not be resident (any operand works). A plan that runs no
   * WebAssembly returns a plain array, written as any `out` is.
   * @example
   * import { compileEinsum } from 'ricci';
   * const scores = compileEinsum('qd,kd->qk', [[2, 2], [3, 2]], { backend: 'wasm' });
   * const [q, k] = scores.residentInputs();
   * const out = scores.residentOutput();
   * q!.data.set([1, 0, 0, 1]);
   * k!.data.set([1, 2, 3, 4, 5, 6]);
   * scores.run(q!, k!, { out }) === out; // → true
   * out.data; // → [1, 3, 5, 2, 4, 6]
   * k!.data.set([0, 0, 0, 0, 1, 1]);
   * scores.run(q!, k!, { out }).data; // → [0, 0, 1, 0, 0, 1]
   */
  residentOutput(): ndarray.NdArray<FloatData>;
  /** The kernels for row-major operands, as JavaScript. */
  readonly source: string;
  readonly path: LinearPath;
  readonly plan: ExecutionPlan;
}

/**
 * Compiles an einsum for fixed shapes: parse → path → lower → emit → instantiate (compiler/driver).
 * Operands with other strides (transposed, sliced views) get kernels specialised for those
 * strides, kept per compiled expression; every kernel is cached by its source in `options.cache`.
 *   compileEinsum('ij,jk->ik', [[2, 3], [3, 4]]).run(A, B)
 * @example
 * import { compileEinsum } from 'ricci';
 * const matmul = compileEinsum('ij,jk->ik', [[2, 3], [3, 2]]);
 * matmul.run([[1, 2, 3], [4, 5, 6]], [[1, 0], [2, 1], [0, 3]]).data; // → [5, 11, 14, 23]
 * matmul.path; // → [[0, 1]]
 */
export function compileEinsum(subscripts: string, shapes: readonly (readonly number[])[], options: CompileOptions = {}): CompiledEinsum {
  const text = checkString('compileEinsum', 'subscripts', subscripts);
  return wrapEinsum(compileEinsumPlan(text, checkShapeList('compileEinsum', 'shapes', shapes), options), text);
}

function wrapEinsum(compiled: ReturnType<typeof compileEinsumPlan>, subscripts: string): CompiledEinsum {
  let resident: ndarray.NdArray<FloatData>[] | undefined;
  let output: ndarray.NdArray<FloatData> | undefined;
  return {
    path: compiled.path,
    plan: compiled.plan,
    source: compiled.source,
    residentInputs: () => [...(resident ??= compiled.residentInputs().map((a) => toNdarray(a)))],
    residentOutput: () => (output ??= toNdarray(compiled.residentOutput())),
    run: (...args: readonly unknown[]) => {
      const { operands, out } = splitRunOptions(args);
      const arrays = new Array<StridedArray>(operands.length);
      for (let k = 0; k < operands.length; k++) arrays[k] = toStridedArray(operands[k], k);
      if (out === undefined) return toNdarray(compiled.run(arrays));
      compiled.run(arrays, checkOut(out, compiled.plan.outputShape, compiled.plan.dtype, arrays, subscripts));
      return out as ndarray.NdArray<FloatData>;
    },
  } as CompiledEinsum;
}

/**
 * A standalone ES module (no ricci import): for subscripts, the einsum on row-major operands of
 * `shapes`; for a derivative (or any Expression holder), its result with inputs of `shapes` by
 * name, taken by the module's `run` in the order it lists (matrix functions are not supported).
 * A derivative's module checks its inputs' shapes but not their values (a non-differentiable
 * point, declared symmetry): like `compile().runUnchecked`, the unchecked fast path.
 * @example
 * import { emitModule, grad } from 'ricci';
 * const source = emitModule('ij,jk->ik', [[2, 3], [3, 2]]);
 * source.includes('export function run('); // → true
 * const d = grad('L = x[i] W[i,j] y[j]', 'L', 'W');
 * emitModule(d, { x: [3], W: [3, 4], y: [4] }).includes('import '); // → false
 */
export function emitModule(subscripts: string, shapes: readonly (readonly number[])[], options?: CompileOptions): string;
export function emitModule(derivative: { readonly result: Expression }, shapes: Readonly<Record<string, readonly number[]>>, options?: CompileOptions): string;
export function emitModule(what: string | { readonly result: Expression },
  shapes: readonly (readonly number[])[] | Readonly<Record<string, readonly number[]>>, options: CompileOptions = {}): string {
  if (typeof what === 'string') return einsumModule(what, checkShapeList('emitModule', 'shapes', shapes), options);
  if (typeof what !== 'object' || what === null || !('result' in what))
    return invalidArgument('emitModule', 'what', what, 'einsum subscripts or a derivative');
  // a derivative written in terms of named adjoints (δz2) emits what they stand for
  const node = 'evaluable' in what ? (what as { readonly evaluable: Expression['node'] }).evaluable : what.result.node;
  // a Derivative's own limits hold here as in its compile: the call's win field by field
  const limits = mergeLimits('limits' in what ? (what as { readonly limits?: unknown }).limits : undefined, checkOptions(options).limits);
  return emitNetworkModulePlan(node, checkShapeRecord('emitModule', 'shapes', shapes), { ...options, ...(limits ? { limits } : {}) }).source;
}

/**
 * IR roots compiled for fixed input shapes: `run` gives one ndarray per root.
 * @example
 * import { compileNetwork, grad, type CompiledNetwork } from 'ricci';
 * const d = grad('f = x[i] x[i]', 'f', 'x');
 * const network: CompiledNetwork = compileNetwork([d.result.node], { x: [2] });
 * network.run({ x: [3, 4] })[0]!.data; // → [6, 8]
 */
export interface CompiledNetwork {
  /** One ndarray per root, in order. */
  run(inputs: Readonly<Record<string, TensorLike>>): ndarray.NdArray<FloatData>[];
  /** The inputs `run` reads, by name, in the (first) plan's memory: as `CompiledGradients.residentInputs`. */
  residentInputs(): Readonly<Record<string, ndarray.NdArray<FloatData>>>;
  /** The kernels of every root's plan for row-major inputs. */
  readonly source: string;
  readonly plans: readonly ExecutionPlan[];
}

/**
 * Compiles IR roots for inputs of the given shapes: each root's DAG becomes one plan, Contract
 * nodes contracted along an optimized path; MatFn nodes (inv, det, logdet) are evaluated by the
 * reference evaluator at run time and enter the plans as extra inputs.
 *   compileNetwork([L], { x: [3], W: [3, 4], y: [4] }).run({ x, W, y })
 * @example
 * import { compileNetwork, grad } from 'ricci';
 * const d = grad('L = x[i] W[i,j] y[j]', 'L', 'W');
 * const compiled = compileNetwork([d.result.node], { x: [2], W: [2, 2], y: [2] });
 * compiled.run({ x: [1, 2], W: [[0, 0], [0, 0]], y: [3, 4] })[0]!.data; // → [3, 4, 6, 8]
 */
export function compileNetwork(roots: readonly Node[], shapes: Readonly<Record<string, readonly number[]>>,
  options: CompileOptions = {}): CompiledNetwork {
  if (!Array.isArray(roots)) invalidArgument('compileNetwork', 'roots', roots, 'an array of IR nodes');
  roots.forEach((root: unknown, k) => isNode(root) || invalidArgument('compileNetwork', `roots[${k}]`, root, 'an IR node'));
  const checkedShapes = checkShapeRecord('compileNetwork', 'shapes', shapes);
  if (roots.length === 0) invalidArgument('compileNetwork', 'roots', roots, 'at least one IR node: a plan computes one result per root');
  const compiled = compileNetworkPlan(roots, checkedShapes, options);
  return {
    plans: compiled.plans,
    source: compiled.source,
    residentInputs: residentNdarrays(compiled),
    run: (given) => compiled.run(readNamed(given, compiled.inputs)).map((r) => toNdarray(r)),
  };
}

/**
 * A compiled network's resident inputs as ndarrays, by name: wrapped on the first call, the same
 * ndarrays on every later one (in a fresh record, so a caller's edits to the record stay theirs).
 */
export function residentNdarrays(network: { readonly inputs: readonly string[]; residentInputs(): readonly DenseArray[] }): () => Record<string, ndarray.NdArray<FloatData>> {
  let wrapped: ndarray.NdArray<FloatData>[] | undefined;
  return () => {
    wrapped ??= network.residentInputs().map((a) => toNdarray(a));
    return Object.fromEntries(network.inputs.map((name, k) => [name, wrapped![k]!]));
  };
}

/**
 * The given values of `names` (others are ignored; missing ones are the binder's to report), each
 * read once into a strided array, in a prototype-less record (so `__proto__` is a plain name); a
 * bad value is invalid_input with a caret at `where(name)`.
 */
export function readNamed(given: Readonly<Record<string, TensorLike>> | undefined, names: Iterable<string>,
  where?: (name: string) => Where | undefined): Record<string, StridedArray> {
  const values: Record<string, StridedArray> = Object.create(null);
  for (const name of names)
    if (given && Object.prototype.hasOwnProperty.call(given, name))
      Object.defineProperty(values, name, { value: toNamedInput(name, given[name], where?.(name)), enumerable: true });
  return values;
}

/**
 * A standalone ES module (no ricci import) for one root without matrix functions. Its `run` takes
 * the inputs positionally in the order of `inputs` (names never enter the source).
 * @example
 * import { emitNetworkModule, grad } from 'ricci';
 * const d = grad('L = x[i] W[i,j] y[j]', 'L', 'W');
 * emitNetworkModule(d.result.node, { x: [3], y: [4] }).inputs; // → [x, y]
 */
export function emitNetworkModule(root: Node, shapes: Readonly<Record<string, readonly number[]>>,
  options: CompileOptions = {}): { readonly source: string; readonly inputs: readonly string[] } {
  if (!isNode(root)) invalidArgument('emitNetworkModule', 'root', root, 'an IR node');
  return emitNetworkModulePlan(root, checkShapeRecord('emitNetworkModule', 'shapes', shapes), options);
}

/**
 * Compiled einsums by (subscripts, shapes, dtype, optimize, memoryLimit), least recently used evicted first.
 * @example
 * import { createCompiledEinsumCache, type CompiledEinsumCache } from 'ricci';
 * const cache: CompiledEinsumCache = createCompiledEinsumCache(32);
 * cache.size; // → 0
 */
export interface CompiledEinsumCache {
  get(subscripts: string, shapes: readonly (readonly number[])[], options?: Pick<CompileOptions, 'optimize' | 'dtype' | 'memoryLimit'>): CompiledEinsum;
  readonly size: number;
}

/**
 * A bounded cache of compiled einsums, owned by its creator (no module-level state).
 * @example
 * import { compileEinsum, createCompiledEinsumCache } from 'ricci';
 * const cache = createCompiledEinsumCache(2);
 * cache.size; // → 0
 */
export function createCompiledEinsumCache(capacity = 64, optimizers?: OptimizerRegistry): CompiledEinsumCache {
  if (!(Number.isSafeInteger(capacity) && capacity >= 1)) invalidArgument('createCompiledEinsumCache', 'capacity', capacity, 'a whole number ≥ 1');
  if (optimizers !== undefined && !(optimizers instanceof Map)) invalidArgument('createCompiledEinsumCache', 'optimizers', optimizers, 'an optimizer registry');
  return compiledEinsumCacheOver(createEinsumPlans(capacity, optimizers));
}

/** The public face of an einsum instance's plan cache. */
export function compiledEinsumCacheOver(plans: EinsumPlans): CompiledEinsumCache {
  const wrapped = new WeakMap<ReturnType<typeof compileEinsumPlan>, CompiledEinsum>();
  const wrap = (compiled: ReturnType<typeof compileEinsumPlan>, subscripts: string): CompiledEinsum => {
    const found = wrapped.get(compiled);
    if (found) return found;
    const made = wrapEinsum(compiled, subscripts);
    wrapped.set(compiled, made);
    return made;
  };
  return {
    get size() { return plans.size; },
    get: (subscripts, shapes, options = {}) => wrap(plans.get(subscripts, shapes, options), subscripts),
  };
}

/** The shape of an IR node (a Derivative's result.node, a Program definition's node). */
function isNode(x: unknown): x is Node {
  return typeof x === 'object' && x !== null && 'kind' in x && 'id' in x && 'shape' in x && Array.isArray(x.shape) &&
    ['input', 'const', 'delta', 'contract', 'add', 'map', 'matfn', 'reduce'].includes(x.kind as string);
}
