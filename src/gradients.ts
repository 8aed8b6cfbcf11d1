import {
  assertDerivativeInDomain, bindDerivativeShapes, checkOptions, compileSharedNetwork, createBoundedCache, derive, deriveGradients, factorSharedContractions, mergeLimits, toNdarray,
  type CompileOptions, type CompiledNetwork, type DerivedParts, type KernelCache, type Node,
} from '../compiler/driver/index.js';
import type ndarray from 'ndarray';
import { isRicciError } from '../compiler/diagnostics/ricci-error.js';
import { readNamed, residentNdarrays } from './compile.js';
import { checkDerivativeArguments, Derivative, type DeriveOptions, type NdArray } from './derive.js';
import { checkShapeRecord, invalidArgument } from './arguments.js';
import { toProgram, type ProgramSource } from './parse.js';
import type { TensorLike } from './tensor-like.js';
import type { FloatData, StridedArray } from '../runtime/strided-array.js';

/**
 * The value of a scalar definition and its gradient with respect to each variable, by name.
 * @example
 * import { gradients, type GradientValues } from 'ricci';
 * const result: GradientValues = gradients('f = x[i] x[i]', 'f', ['x']).evaluate({ x: [3, 4] });
 * result.value; // → 25
 * result.gradients['x']!.data; // → [6, 8]
 */
export interface GradientValues {
  readonly value: number;
  readonly gradients: Readonly<Record<string, NdArray>>;
}

/**
 * `gradients` compiled for fixed input shapes: one plan computing the value and every gradient, shared values once.
 * A training loop runs it on `residentInputs()`: the batch written into them, the parameters updated in place.
 * @example
 * import { gradients, type CompiledGradients } from 'ricci';
 * const step: CompiledGradients = gradients('L = 0.5 * sum[a]((X[a,j] w[j] - y[a])^2)', 'L', ['w']).compile({ X: [2, 2], w: [2], y: [2] });
 * step.run({ X: [[1, 0], [0, 1]], w: [0, 0], y: [1, 2] }).gradients['w']!.data; // → [-1, -2]
 * // inputs resident in the plan's memory (as tf.js variables are in its own): read in place, no copy per step
 * const inputs = step.residentInputs();
 * const { X, w, y } = inputs;
 * X!.data.set([1, 0, 0, 1]); // a batch (zeros until written)
 * y!.data.set([1, 2]);
 * for (let k = 0; k < 3; k++) {
 *   const dw = step.run(inputs).gradients['w']!;
 *   for (let j = 0; j < 2; j++) w!.data[j] = w!.data[j]! - 0.5 * dw.data[j]!; // w -= lr * dw, in place
 * }
 * w!.data; // → [0.875, 1.75]
 */
export interface CompiledGradients {
  /** The generated kernels, as JavaScript. */
  readonly source: string;
  run(inputs: Readonly<Record<string, TensorLike>>): GradientValues;
  /**
   * The inputs `run` reads, by name, resident in the plan's WebAssembly memory (like tf.js
   * variables or onnxruntime's IO binding): dense row-major ndarrays of the compiled shapes and
   * dtype, zero-filled at first, that `run` reads in place instead of copying them in (a training
   * step's X and W1). Made on the first call; the same ndarrays on every later one (in a fresh
   * record). Write the next batch into them and update parameters in place between runs; the
   * gradients `run` returns are fresh arrays. Any other array may be passed instead of any of them
   * (it is copied in where needed), so a result never depends on residency. Values of inv, det and
   * logdet are computed from the inputs on every run. The plan keeps this memory as long as it lives.
   */
  residentInputs(): Readonly<Record<string, ndarray.NdArray<FloatData>>>;
}

/** How many compiled plans (input shapes × options) one Gradients keeps. */
const planCapacity = 16;

/**
 * The gradients of one scalar with respect to several variables (inputs, or definitions: the
 * adjoint ∂of/∂z as `grad` gives it), derived in one graph so that they
 * share the forward values and the adjoints; `compile` computes each shared node once. At a kink
 * the gradients are the subgradient ML frameworks take (relu′(0) = 0, |u|′(0) = 0), so a training
 * step does not stop on an exact 0; `grad(…).evaluate` refuses such a point instead.
 * @example
 * import { gradients, type Gradients } from 'ricci';
 * const g: Gradients = gradients('L = x[i] W[i,j] y[j]', 'L', ['W', 'x']);
 * g.derivatives['W']!.toString(); // → dL/dW[i,j] = x[i] y[j]
 * g.evaluate({ x: [1, 2], W: [[1, 0], [0, 1]], y: [3, 4] }).value; // → 11
 */
export class Gradients {
  /** One Derivative per variable, by name (toString, check, and every view: toMatrixNotation(d), toLatex(d)…). */
  readonly derivatives: Readonly<Record<string, Derivative>>;
  /**
   * With the `adjoints` option: each named definition's adjoint δz = ∂of/∂z, by definition name,
   * written in terms of the δ's named before it — backprop's recursion (δz1 = (W2ᵀ δz2) ⊙ f′(z1)).
   * Each is a Derivative with every view and `check` (which perturbs z).
   */
  readonly adjoints: Readonly<Record<string, Derivative>>;
  private readonly plans = createBoundedCache<string, CompiledNetwork>(planCapacity);
  /** What `compile` gave for a kept plan: compiling its shapes again gives the same object (and resident inputs). */
  private readonly compiled = new WeakMap<CompiledNetwork, CompiledGradients>();

  constructor(parts: readonly DerivedParts[], private readonly value: Node, readonly wrt: readonly string[],
    private readonly limits?: CompileOptions['limits'], private readonly cache?: KernelCache, recursion: readonly DerivedParts[] = [],
    private readonly plan: readonly DerivedParts[] = parts) {
    const derivatives: Record<string, Derivative> = Object.create(null);
    parts.forEach((p, k) => { derivatives[wrt[k]!] = new Derivative(p, limits, cache); });
    this.derivatives = derivatives;
    const adjoints: Record<string, Derivative> = Object.create(null);
    for (const p of recursion) adjoints[p.wrt[0]!.name] = new Derivative(p, limits, cache);
    this.adjoints = adjoints;
  }

  /** The named adjoints' recursion (`δz1[i] = dC/dz1[i] = …`), then each gradient, in index notation, one a line. */
  toString(): string {
    return this.lines().map(String).join('\n');
  }

  /** The named adjoints' recursion, then each gradient: the lines of toString() and of toMatrixNotation(g). */
  lines(): Derivative[] {
    // a variable that is also a named adjoint is printed once, in the recursion
    return [...Object.values(this.adjoints), ...this.wrt.filter((name) => !(name in this.adjoints)).map((name) => this.derivatives[name]!)];
  }

  /**
   * The plans for fixed input shapes: the value and every gradient from one run. Plans without
   * options are kept (at most 16 shapes): compiling the same shapes again gives the same
   * CompiledGradients, so the same resident inputs; with options, a new one.
   */
  compile(given: Readonly<Record<string, readonly number[]>>, options: CompileOptions = {}): CompiledGradients {
    const shapes = checkShapeRecord('compile', 'shapes', given);
    const network = this.network(shapes, checkOptions(options));
    const found = this.compiled.get(network);
    if (found) return found;
    const bound = Object.fromEntries(Object.entries(shapes).map(([name, shape]) => [name, [...shape]]));
    const made: CompiledGradients = { source: network.source, run: (inputs) => this.run(network, this.read(inputs), bound), residentInputs: residentNdarrays(network) };
    this.compiled.set(network, made);
    return made;
  }

  /** Compiles for the inputs' shapes (kept for the next call), then runs. */
  evaluate(inputs: Readonly<Record<string, TensorLike>>): GradientValues {
    const values = this.read(inputs);
    const shapes = Object.fromEntries(Object.entries(values).map(([name, v]) => [name, v.shape]));
    return this.run(this.network(shapes, {}), values, shapes);
  }

  private network(shapes: Readonly<Record<string, readonly number[]>>, options: CompileOptions): CompiledNetwork {
    const sizes = Object.assign({}, ...this.plan.map((p) => bindDerivativeShapes(p, shapes)), options.sizes) as Record<string, number>;
    const key = `${JSON.stringify(Object.keys(shapes).sort().map((n) => [n, shapes[n]]))}|${JSON.stringify(options.sizes ?? {})}`;
    const limits = mergeLimits(this.limits, options.limits);
    const roots = factorSharedContractions(this.plan[0]!.built.network.graph, [this.value, ...this.plan.map((p) => p.evaluable)]);
    const build = (): CompiledNetwork => compileSharedNetwork(roots, shapes,
      { ...(this.cache ? { cache: this.cache } : {}), ...options, sizes, ...(limits ? { limits } : {}) });
    return Object.keys(options).length === 0 ? this.plans.getOrCreate(key, build) : build();
  }

  /** `bound`: the shapes `network` was compiled for, which `network()` bound already: values of those shapes bind alike. */
  private run(network: CompiledNetwork, values: Readonly<Record<string, StridedArray>>,
    bound: Readonly<Record<string, readonly number[]>>): GradientValues {
    if (!sameShapes(values, bound)) for (const p of this.plan) bindDerivativeShapes(p, values);
    const [value, ...grads] = this.diagnosed(values, () => network.run(values));
    const gradients: Record<string, NdArray> = Object.create(null);
    grads.forEach((g, k) => { gradients[this.wrt[k]!] = toNdarray(g) as NdArray; });
    return { value: value!.data[0]!, gradients };
  }

  /** As Derivative's: a non-finite result names the function outside its domain (log(-1)), asked on that error path alone. */
  private diagnosed<T>(values: Readonly<Record<string, StridedArray>>, run: () => T): T {
    try {
      return run();
    } catch (e) {
      if (isRicciError(e) && e.code === 'non_finite_result') for (const p of this.plan) assertDerivativeInDomain(p, values);
      throw e;
    }
  }

  private read(inputs: Readonly<Record<string, TensorLike>>) {
    const built = this.plan[0]!.built;
    return readNamed(inputs, built.network.inputs.keys(), built.where);
  }
}

/** Whether every value has the shape `shapes` gives its name (compared element by element: no strings built per run). */
function sameShapes(values: Readonly<Record<string, StridedArray>>, shapes: Readonly<Record<string, readonly number[]>>): boolean {
  for (const name in values) {
    const a = values[name]!.shape, b = shapes[name];
    if (!b || a.length !== b.length) return false;
    for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  }
  return true;
}

/**
 * The gradient of a scalar definition with respect to several variables at once (inputs, and
 * definitions as `grad` takes them: the adjoint ∂of/∂z1, z1 treated as a leaf), derived in
 * reverse-mode order in one graph: the forward values and adjoints the gradients share are
 * computed once by the compiled plans, as a training step needs.
 *
 * @example
 * import { gradients } from 'ricci';
 * const g = gradients('z[i] = W[i,j] x[j] + b[i]\nL = 0.5 * sum[i]((tanh(z[i]) - y[i])^2)', 'L', ['W', 'b']);
 * const step = g.compile({ x: [2], W: [2, 2], b: [2], y: [2] });
 * const { gradients: { W: dW, b: db } } = step.run({ x: [1, 2], W: [[0, 0], [0, 0]], b: [0, 0], y: [1, 1] });
 * dW!.data; // → [-1, -2, -1, -2]
 * db!.data; // → [-1, -1]
 * // written in terms of backprop's δ's, with the recursion they satisfy listed first
 * gradients('z[i] = W[i,j] x[j]\nL = sum[i](tanh(z[i]))', 'L', ['W'], { adjoints: ['z'] }).toString().split('\n'); // → [δz[i] = dL/dz[i] = 1 - tanh(z[i])^2, dL/dW[i,j] = x[j] δz[i]]
 */
export function gradients(source: ProgramSource, of: string, wrt: readonly string[], given: DeriveOptions = {}): Gradients {
  if (!Array.isArray(wrt)) invalidArgument('gradients', 'wrt', wrt, "an array of variable names (inputs or definitions) such as ['W1', 'b1']");
  wrt.forEach((name, k) => { if (wrt.indexOf(name) < k) invalidArgument('gradients', `wrt[${k}]`, name, `a variable not listed before (wrt[${wrt.indexOf(name)}] is the same): each gradient is computed once`); });
  const options = checkDerivativeArguments('gradients', of, wrt, given, false, ['mode', 'limits', 'cache', 'adjoints']);
  const program = toProgram(source);
  const mode = options.mode ?? 'reverse';
  const adjoints = options.adjoints ?? [];
  const { value, parts, plan } = deriveGradients(program, of, wrt, mode, adjoints);
  // each δ's own derivative, in terms of the δ's named before it: the recursion the gradients read
  const recursion = [...new Set(adjoints)].map((name) => derive(program, 'grad', of, [name], mode, adjoints));
  return new Gradients(parts, value, [...wrt], mergeLimits(options.limits), options.cache, recursion, plan);
}
