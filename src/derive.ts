import { checkEnum, checkOptionsObject, checkShapeRecord, checkString, invalidArgument } from './arguments.js';
import { isRicciError } from '../compiler/diagnostics/ricci-error.js';
import type ndarray from 'ndarray';
import {
  assertCompiledDifferentiable, checkOptions, isKernelCache, bindDerivativeShapes, bindDerivativeValues, checkDerivative, compileNetwork, compileSharedNetwork, createBoundedCache, createIdentities, derivativeRoots,
  denseNdarray, derive, evaluateDerivativeReference, mergeLimits, optionsKey, withCutValues, printExpression, toNdarray,
  type CheckOptions, type CheckResult, type CompileOptions, type CompiledNetwork, type Definition, type DerivationStep,
  type DerivedParts, type DerivativeKind, type DifferentiationMode, type Expression, type Graph, type IndexName,
  type InputNode, type KernelCache, type Node, type OptimizerRegistry, type ProgramNetwork, type ResultForm,
} from '../compiler/driver/index.js';
import { indexNames } from './derivative-views.js';
import type { StridedArray } from '../runtime/strided-array.js';
import { readNamed } from './compile.js';
import { toProgram, type ProgramSource } from './parse.js';
import type { TensorLike } from './tensor-like.js';

export type { CheckOptions, CheckResult, ResultForm } from '../compiler/driver/index.js';
/**
 * What ricci returns: a float64 scijs ndarray.
 * @example
 * import { evaluate, type NdArray } from 'ricci';
 * const L: NdArray = evaluate('L = x[i] x[i]', { x: [3, 4] })['L']!;
 * L.get(); // → 25
 */
export type NdArray = ndarray.NdArray<Float64Array>;

/** A compiled plan of a Derivative: the driver's network, and the CompiledDerivative handed out. */
interface CompiledPlan {
  readonly network: CompiledNetwork;
  readonly derivative: CompiledDerivative;
}

/** How many compiled plans (input shapes × options) one Derivative keeps; least recently used go first. */
const planCapacity = 16;

/**
 * A derivative compiled for fixed input shapes.
 * @example
 * import { grad, type CompiledDerivative } from 'ricci';
 * const compiled: CompiledDerivative = grad('L = x[i] W[i,j] y[j]', 'L', 'W').compile({ x: [2], W: [2, 2], y: [2] });
 * compiled.run({ x: [1, 2], W: [[0, 0], [0, 0]], y: [3, 4] }).data; // → [3, 4, 6, 8]
 */
export interface CompiledDerivative {
  /** The result, with every check `evaluate` makes (inputs, differentiable point, declared symmetry). */
  run(inputs: Readonly<Record<string, TensorLike>>): NdArray;
  /**
   * The fast path: inputs are checked against the program and the compiled shapes, but not their
   * values — at a non-differentiable point (relu at 0) or with an asymmetric `symmetric` input it
   * returns a number, not an error.
   */
  runUnchecked(inputs: Readonly<Record<string, TensorLike>>): NdArray;
  /** The generated kernels, as JavaScript. */
  readonly source: string;
}

/**
 * How to differentiate: the symbolic mode (same result either way; the steps differ), and the
 * kernel cache the derivative's compiled plans use.
 * @example
 * import { createKernelCache, grad, type DeriveOptions } from 'ricci';
 * const reverse: DeriveOptions = { mode: 'reverse' };
 * grad('L = x[i] W[i,j] y[j]', 'L', 'W', reverse).toString(); // → dL/dW[i,j] = x[i] y[j]
 * const noEval: DeriveOptions = { cache: createKernelCache(64, { execution: 'interpreted' }) };
 * grad('L = x[i] W[i,j] y[j]', 'L', 'W', noEval).check({ x: [1, 2], W: [[1, 2], [3, 4]], y: [3, 4] }).ok; // → true
 */
export interface DeriveOptions {
  /** Symbolic mode: both give the same canonical result; the steps differ. Default 'forward': its steps read as a textbook derivation (∂W/∂W = δ δ, product rule, δ contraction). */
  readonly mode?: DifferentiationMode | undefined;
  /**
   * Resource limits of this Derivative's values (CompileOptions.limits): its `evaluate`,
   * `evaluateReference` and `compile` check them; `compile`'s own `limits` win field by field.
   */
  readonly limits?: CompileOptions['limits'];
  /**
   * Compiled kernels for every plan of the derivative (evaluate, check, and compile unless given
   * its own), shared with whatever else uses the cache. Default: a cache per plan, each deciding
   * once whether eval is allowed — a page under a strict CSP passes one made with
   * `{ execution: 'interpreted' }` so that nothing even tries eval (no CSP violation reports).
   */
  readonly cache?: KernelCache | undefined;
  /**
   * Definitions whose adjoints the result is written in terms of (backprop's δ): the adjoint
   * ∂of/∂z2 of a definition `z2` is the symbol `δz2`, a tensor of z2's shape (of's axes first for
   * a Jacobian) — a column vector in matrix notation, so numerator layout shows `δz2ᵀ`. With
   * `['z2']`, ∂C/∂z1 prints as `(W2ᵀ δz2) ⊙ (𝟏 − a1^∘2)`. Values are unchanged: `evaluate`,
   * `compile` and `check` compute each δ from the inputs. Reverse mode; first derivatives only.
   * @example
   * import { grad } from 'ricci';
   * const net = 'z1[i] = W1[i,j] x[j]\na1[i] = tanh(z1[i])\nz2[i] = W2[i,j] a1[j]\nC = 0.5 * sum[i](z2[i]^2)';
   * grad(net, 'C', 'z1', { adjoints: ['z2'] }).toString(); // → dC/dz1[i] = W2[j,i] (1 - a1[i]^2) δz2[j]
   */
  readonly adjoints?: readonly string[] | undefined;
}

/**
 * A symbolic derivative: `result` has of's axes, then each wrt's, e.g. dL/dW[i,j] = x[i] y[j].
 * `toString()` is index notation; the other views are free functions of it (toMatrixNotation,
 * toLatex, renderSteps, toKronecker, toDifferential, toDiagram, toPython), so a bundle takes only
 * the views it calls.
 *
 * For an input declared `symmetric` the derivative is by its independent entries s_kl = s_lk (the
 * Matrix Cookbook's convention): with G the derivative treating every entry as free, ∂f/∂S =
 * G + Gᵀ − diag(G), e.g. ∂(xᵀSy)/∂S = x yᵀ + y xᵀ − diag(x ⊙ y); Jacobians and Hessians likewise,
 * i.e. ∂f/∂vech S = Dᵀ ∂f/∂vec S with the duplication matrix D. `check()` moves S symmetrically.
 * @example
 * import { grad, toMatrixNotation, type Derivative } from 'ricci';
 * const d: Derivative = grad('L = x[i] W[i,j] y[j]', 'L', 'W');
 * toMatrixNotation(d, { layout: 'denominator' }).text.split('\n')[0]; // → ∂L/∂W = x yᵀ
 * d.evaluate({ x: [1, 2], W: [[0, 0], [0, 0]], y: [3, 4] }).data; // → [3, 4, 6, 8]
 * d.check({ x: [1, 2], W: [[1, 2], [3, 4]], y: [3, 4] }).ok; // → true
 */
export class Derivative {
  readonly program: ProgramNetwork;
  /** The differentiated definition (its node and left-hand-side indices). */
  readonly of: Definition;
  /** One input per differentiation: [W] for grad/jacobian, [x, x] for a Hessian. */
  readonly wrt: readonly InputNode[];
  readonly result: Expression;
  /**
   * The result's node with any named adjoints (δz2, the `adjoints` option) replaced by what they
   * stand for: what `evaluate`, `compile`, `toPython` and `emitModule` compute. Otherwise `result.node`.
   */
  readonly evaluable: Node;
  readonly steps: readonly DerivationStep[];
  /** `δz1` when the variable is a definition named in `adjoints`: every view then reads `δz1 = ∂C/∂z1 = …`. */
  readonly symbol: string | undefined;
  /** Sums the result keeps whole (shared definitions, chain-rule factors) and definitions by node. */
  readonly form: ResultForm;
  /** Compiled plans keyed on the input shapes and every option that changes them; owned by this Derivative. */
  private readonly plans = createBoundedCache<string, CompiledPlan>(planCapacity);
  private readonly registries = createIdentities<OptimizerRegistry>();

  /**
   * The resource limits this Derivative was made with (DeriveOptions.limits): its evaluate,
   * evaluateReference, compile and `emitModule(derivative, …)` check them, a call's own winning field by field.
   */
  readonly limits: CompileOptions['limits'];

  constructor(private readonly parts: DerivedParts, limits?: CompileOptions['limits'], private readonly cache?: KernelCache) {
    this.limits = limits;
    this.program = parts.built.network;
    this.of = parts.of;
    this.wrt = parts.wrt;
    this.result = parts.result;
    this.evaluable = parts.evaluable;
    this.steps = parts.steps;
    this.symbol = parts.symbol;
    this.form = parts.form;
  }

  /**
   * Index notation: `dL/dW[i,j] = x[i] y[j]`, `d²f/dx[k]dx[l] = A[k,l] + A[l,k]`; a named adjoint
   * leads with its symbol: `δz1[i] = dC/dz1[i] = W2[j,i] δz2[j] (1 - a1[i]^2)`.
   */
  toString(): string {
    const order = this.wrt.length;
    const d = order === 1 ? 'd' : `d${superscript(order)}`;
    const axes = this.axisGroups();
    const of = `${this.of.name}${bracket(axes[0]!)}`;
    const wrt = this.wrt.map((x, k) => `d${x.name}${bracket(axes[k + 1]!)}`).join('');
    const symbol = this.symbol === undefined ? '' : `${this.symbol}${bracket(this.result.indices)} = `;
    return `${symbol}${d}${of}/${wrt} = ${printExpression(this.result, { names: indexNames(this), factored: this.form.factored })}`;
  }

  /**
   * The program's definitions by node — as written and in the canonical form the result uses — so
   * intermediates print by name: tanh(W[i,j] x[j]) → a[i].
   */
  names(): ReadonlyMap<Node, string> {
    return this.form.names;
  }

  /**
   * The result through generated kernels, compiled once per input shapes and kept by this
   * Derivative (at most 16 plans). Every input the result reads must be given, and every given
   * input is checked against the program (the one binder's codes), as are differentiability at
   * the point, declared symmetry and overflow. `evaluateReference` is the same through the
   * reference evaluator.
   */
  evaluate(inputs: Readonly<Record<string, TensorLike>>): NdArray {
    return this.evaluateValues(this.read(inputs));
  }

  /** The result through the reference evaluator: the oracle `evaluate` is tested against. */
  evaluateReference(inputs: Readonly<Record<string, TensorLike>>): NdArray {
    const r = evaluateDerivativeReference(this.parts, this.read(inputs), this.limits);
    return denseNdarray(Float64Array.from(r.data), r.shape);
  }

  /**
   * Generated kernels for the result at fixed input shapes (checked against the program like
   * `evaluate`'s inputs); different options give a different plan. Its `run` makes every check
   * `evaluate` makes, and checks the shapes; `runUnchecked` skips the checks on values
   * (differentiable point, symmetry): the fast path, named for what it is.
   */
  compile(given: Readonly<Record<string, readonly number[]>>, options: CompileOptions = {}): CompiledDerivative {
    const shapes = checkShapeRecord('compile', 'shapes', given);
    checkOptions(options); // before the plan cache, whose key leaves unknown options out
    const limits = mergeLimits(this.limits, options.limits);
    const withSizes = { ...this.kernels(), ...options, sizes: { ...bindDerivativeShapes(this.parts, shapes), ...options.sizes }, ...(limits ? { limits } : {}) };
    return this.compiled(`${shapesKey(shapes)}|${optionsKey(withSizes, this.registries)}`, shapes, withSizes).derivative;
  }

  /** Compares with central finite differences of the original definition (the worst entry). */
  check(inputs: Readonly<Record<string, TensorLike>>, options?: CheckOptions): CheckResult {
    const checked = checkOptionsObject<CheckOptions>('check', options, ['step', 'tolerance']);
    const values = this.read(inputs);
    return checkDerivative(this.parts, this.evaluateValues(values), values, checked);
  }

  private read(inputs: Readonly<Record<string, TensorLike>>): Record<string, StridedArray> {
    // an intermediate differentiated with respect to (an input of the cut program) takes its value from the inputs
    const names = new Set([...this.program.inputs.keys(), ...this.parts.cut.original.network.inputs.keys()]);
    return withCutValues(this.parts, readNamed(inputs, names, this.parts.built.where), this.limits) as Record<string, StridedArray>;
  }

  private evaluateValues(values: Readonly<Record<string, StridedArray>>): NdArray {
    const binding = bindDerivativeValues(this.parts, values);
    // default options, and sizes that follow from the shapes: the shapes alone key the plan
    const key = shapesKey(values);
    const plan = this.plans.get(key) ?? this.compiled(key,
      Object.fromEntries(Object.entries(values).map(([name, v]) => [name, v.shape])),
      { ...this.kernels(), sizes: Object.fromEntries(binding), ...(this.limits ? { limits: this.limits } : {}) });
    return this.checkedRun(plan.network, values, binding);
  }

  /** A compiled plan of derivativeRoots run, the point's kinks checked from the values it computed beside the result. */
  private checkedRun(network: CompiledNetwork, values: Readonly<Record<string, StridedArray>>, binding: ReadonlyMap<string, number>): NdArray {
    const results = this.diagnosed(values, () => network.run(values));
    assertCompiledDifferentiable(this.parts, values, results, binding);
    return toNdarray(results[0]!) as NdArray;
  }

  /**
   * A generated kernel's non-finite result names only its position; the reference evaluator
   * names the function and argument (sqrt(-2), 0^(-1)), so it is asked on that error path alone.
   */
  private diagnosed<T>(values: Readonly<Record<string, StridedArray>>, run: () => T): T {
    try {
      return run();
    } catch (e) {
      if (isRicciError(e) && e.code === 'non_finite_result') evaluateDerivativeReference(this.parts, values, this.limits);
      throw e;
    }
  }

  /** The derivative's kernel cache as compile options (none: each plan makes its own). */
  private kernels(): CompileOptions {
    return this.cache ? { cache: this.cache } : {};
  }

  private compiled(key: string, shapes: Readonly<Record<string, readonly number[]>>, options: CompileOptions): CompiledPlan {
    return this.plans.getOrCreate(key, () => {
      // the functions whose domain the derivative needs are computed beside it, sharing the forward values
      const roots = derivativeRoots(this.parts, options.sizes ?? {});
      const network = roots.length > 1 ? compileSharedNetwork(roots, shapes, options) : compileNetwork(roots, shapes, options);
      const derivative: CompiledDerivative = {
        source: network.source,
        run: (inputs) => {
          const values = this.read(inputs);
          return this.checkedRun(network, values, bindDerivativeValues(this.parts, values));
        },
        runUnchecked: (inputs) => {
          const values = this.read(inputs);
          bindDerivativeShapes(this.parts, values);
          return toNdarray(network.run(values)[0]!) as NdArray;
        },
      };
      return { network, derivative };
    });
  }

  /** The graph the result's nodes live in. */
  get graph(): Graph {
    return this.program.graph;
  }

  /** The result's axis names grouped as [of's, wrt₁'s, …]. */
  axisGroups(): IndexName[][] {
    const groups: IndexName[][] = [];
    let at = 0;
    for (const rank of [this.of.indices.length, ...this.wrt.map((x) => x.shape.length)]) {
      groups.push(this.result.indices.slice(at, at + rank));
      at += rank;
    }
    return groups;
  }
}

/**
 * ∂of/∂wrt for a scalar `of`: the result has wrt's shape.
 * @example
 * import { grad, toMatrixNotation } from 'ricci';
 * const d = grad('f[j] = x[i] W[i,j] + b[j]\nL = f[j] y[j]', 'L', 'W');
 * d.toString(); // → dL/dW[i,j] = x[i] y[j]
 * toMatrixNotation(d, { layout: 'numerator' }).text.split('\n')[0]; // → ∂L/∂W = y xᵀ
 */
export function grad(source: ProgramSource, of: string, wrt: string, options: DeriveOptions = {}): Derivative {
  return derivativeOf(source, 'grad', of, [wrt], options);
}

/**
 * J[I, K] = ∂of[I]/∂wrt[K]: of's indices, then wrt's.
 * @example
 * import { jacobian } from 'ricci';
 * jacobian('F[a,b] = A[a,i] X[i,j] B[j,b]', 'F', 'X').toString(); // → dF[a,b]/dX[i,j] = A[a,i] B[j,b]
 */
export function jacobian(source: ProgramSource, of: string, wrt: string, options: DeriveOptions = {}): Derivative {
  return derivativeOf(source, 'jacobian', of, [wrt], options);
}

/**
 * H[I, K, L] = ∂²of[I]/∂X[K]∂Y[L] with wrt = X or [X, Y].
 * @example
 * import { hessian } from 'ricci';
 * hessian('f = x[i] A[i,j] x[j]', 'f', 'x').toString(); // → d²f/dx[k]dx[l] = A[k,l] + A[l,k]
 */
export function hessian(source: ProgramSource, of: string, wrt: string | readonly [string, string], options: DeriveOptions = {}): Derivative {
  if (typeof wrt !== 'string' && !(Array.isArray(wrt) && wrt.length === 2))
    invalidArgument('hessian', 'wrt', wrt, "an input name, or two in an array such as ['x', 'y']");
  return derivativeOf(source, 'hessian', of, typeof wrt === 'string' ? [wrt, wrt] : [...wrt], options);
}

/**
 * Any order: differentiate `of` by each name of `wrt` in turn.
 * @example
 * import { derivative } from 'ricci';
 * derivative('f = x[i] A[i,j] y[j]', 'f', ['x', 'y']).toString(); // → d²f/dx[k]dy[l] = A[k,l]
 */
export function derivative(source: ProgramSource, of: string, wrt: readonly string[], options: DeriveOptions = {}): Derivative {
  if (!Array.isArray(wrt) || wrt.length === 0)
    invalidArgument('derivative', 'wrt', wrt, "a non-empty array of input names such as ['x'] or ['x', 'x']");
  return derivativeOf(source, 'derivative', of, wrt, options);
}

function derivativeOf(source: ProgramSource, kind: DerivativeKind, of: string, wrt: readonly string[], given: DeriveOptions | undefined): Derivative {
  const options = checkDerivativeArguments(kind, of, wrt, given, kind === 'grad' || kind === 'jacobian');
  const limits = mergeLimits(options.limits);
  return new Derivative(derive(toProgram(source), kind, of, wrt, options.mode, options.adjoints), limits, options.cache);
}

/** The checks every derivative entry point (grad … derivative, gradients) makes on of, wrt and options. */
export function checkDerivativeArguments(fn: string, of: unknown, wrt: readonly unknown[], given: unknown, singleWrt: boolean,
  keys: readonly (keyof DeriveOptions)[] = ['mode', 'limits', 'cache', 'adjoints']): DeriveOptions {
  checkString(fn, 'of', of);
  wrt.forEach((name, k) => checkString(fn, singleWrt ? 'wrt' : `wrt[${k}]`, name));
  const options = checkOptionsObject<DeriveOptions>(fn, given, keys);
  checkEnum(fn, 'options.mode', options.mode, ['forward', 'reverse']);
  if (options.cache !== undefined && !isKernelCache(options.cache)) invalidArgument(fn, 'options.cache', options.cache, 'a kernel cache from createKernelCache()');
  if (options.adjoints !== undefined && (!Array.isArray(options.adjoints) || !options.adjoints.every((a) => typeof a === 'string')))
    invalidArgument(fn, 'options.adjoints', options.adjoints, "an array of definition names such as ['z2', 'z1']");
  return options;
}

function bracket(indices: readonly IndexName[]): string {
  return indices.length === 0 ? '' : `[${indices.join(',')}]`;
}

function superscript(n: number): string {
  return [...String(n)].map((c) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(c)]).join('');
}

/** Input shapes by name as a cache key, independent of the order the inputs were given in. */
function shapesKey(shapes: Readonly<Record<string, readonly number[] | { readonly shape: readonly number[] }>>): string {
  return Object.keys(shapes).sort().map((name) => {
    const s = shapes[name]!;
    return `${JSON.stringify(name)}:${(Array.isArray(s) ? s : (s as { readonly shape: readonly number[] }).shape).join(',')}`;
  }).join(';');
}
