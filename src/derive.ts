import type ndarray from 'ndarray';
import { denseNdarray } from '../runtime/from-ndarray.js';
import type { Program } from '../compiler/1-parse/ricci-ast.js';
import { parseRicci } from '../compiler/1-parse/ricci-parser.js';
import { buildProgram } from '../compiler/2-network/build-network.js';
import type { IndexName, InputNode, Node } from '../compiler/2-network/network.js';
import { printExpression } from '../compiler/2-network/print-network.js';
import type { Definition, ProgramNetwork } from '../compiler/2-network/program.js';
import type { DerivationStep, Expression } from '../compiler/3-calculus/derivation.js';
import { createCanonicaliser, type Canonicaliser } from '../compiler/3-calculus/canonical-form.js';
import { differentiate, type DifferentiationMode } from '../compiler/3-calculus/differentiate.js';
import { evaluateExpression } from '../compiler/3-calculus/evaluate-expression.js';
import { assertDifferentiableAt } from '../compiler/3-calculus/non-differentiable.js';
import { resultIndices } from '../compiler/3-calculus/result-indices.js';
import { assertSymmetricValues } from '../compiler/3-calculus/symmetric-inputs.js';
import { fail } from '../compiler/diagnostics/ricci-error.js';
import { diagramView, differentialView, kroneckerView, latexView, matrixView, pythonView, stepsView,
  type DiagramOptions, type MatrixOptions } from './derivative-views.js';
import type { Graph } from '../compiler/2-network/graph.js';
import type { DifferentialView } from '../compiler/views/differential/to-differential.js';
import type { KroneckerView } from '../compiler/views/kronecker/to-kronecker.js';
import type { VecOrder } from '../compiler/views/kronecker/kronecker-form.js';
import type { RenderedSteps } from '../compiler/views/index-notation/render-steps.js';
import type { MatrixView } from '../compiler/views/matrix-notation/to-matrix-notation.js';
import type { PythonOptions } from '../compiler/6-emit-python/export-python.js';
import { checkDerivative, readInputs, type CheckOptions, type CheckResult } from './derive-check.js';
import type { TensorLike } from './tensor-like.js';
import { compileNetwork, type CompileOptions } from './compile.js';

export type { CheckOptions, CheckResult } from './derive-check.js';
export type NdArray = ndarray.NdArray<Float64Array>;

/** A derivative compiled for fixed input shapes. */
export interface CompiledDerivative {
  run(inputs: Readonly<Record<string, TensorLike>>): NdArray;
  /** The generated kernels, as JavaScript. */
  readonly source: string;
}

export interface DeriveOptions {
  /** Symbolic mode: both give the same canonical result; the steps differ. Default 'forward': its steps read as a textbook derivation (∂W/∂W = δ δ, product rule, δ contraction). */
  readonly mode?: DifferentiationMode;
}

/**
 * A symbolic derivative: `result` has of's axes, then each wrt's, e.g. dL/dW[i,j] = x[i] y[j].
 * Views (matrix, Kronecker, LaTeX, diagrams) are thin functions of `result` and `steps`.
 */
export class Derivative {
  /** Compiled results by input shapes and options; owned by this Derivative. */
  private readonly plans = new Map<string, CompiledDerivative>();

  constructor(
    readonly program: ProgramNetwork,
    /** The differentiated definition (its node and left-hand-side indices). */
    readonly of: Definition,
    /** One input per differentiation: [W] for grad/jacobian, [x, x] for a Hessian. */
    readonly wrt: readonly InputNode[],
    readonly result: Expression,
    readonly steps: readonly DerivationStep[],
    /** Sums the result keeps whole (shared definitions, chain-rule factors) and definitions by node. */
    readonly form: ResultForm = { factored: new Set(), names: definitionNames(program) },
  ) {}

  /** Index notation: `dL/dW[i,j] = x[i] y[j]`, `d²f/dx[k]dx[l] = A[k,l] + A[l,k]`. */
  toString(): string {
    const order = this.wrt.length;
    const d = order === 1 ? 'd' : `d${superscript(order)}`;
    const axes = this.axisGroups();
    const of = `${this.of.name}${bracket(axes[0]!)}`;
    const wrt = this.wrt.map((x, k) => `d${x.name}${bracket(axes[k + 1]!)}`).join('');
    return `${d}${of}/${wrt} = ${printExpression(this.result, { names: this.names(), factored: this.form.factored })}`;
  }

  /**
   * The program's definitions by node — as written and in the canonical form the result uses — so
   * intermediates print by name: tanh(W[i,j] x[j]) → a[i].
   */
  names(): ReadonlyMap<Node, string> {
    return this.form.names;
  }

  /**
   * The result through generated kernels (compileNetwork), compiled once per input shapes and kept
   * by this Derivative; reads only the inputs the result contains.
   */
  evaluate(inputs: Readonly<Record<string, TensorLike>>): NdArray {
    const values = readInputs(this.program, inputs);
    assertDifferentiableAt([this.of.node, this.result.node], values);
    assertSymmetricValues([this.result.node], values);
    const shapes = Object.fromEntries(Object.entries(values).map(([name, v]) => [name, v.shape]));
    return this.compile(shapes, { sizes: symbolSizes(this.program, values) }).run(values);
  }

  /** The result through the reference evaluator: the oracle `evaluate` is tested against. */
  evaluateReference(inputs: Readonly<Record<string, TensorLike>>): NdArray {
    const values = readInputs(this.program, inputs);
    assertDifferentiableAt([this.of.node, this.result.node], values);
    const r = evaluateExpression(this.result.node, [...this.program.inputs.values()], values);
    return denseNdarray(Float64Array.from(r.data), r.shape);
  }

  /** Generated kernels for the result at fixed input shapes: the pipeline compileEinsum uses. */
  compile(shapes: Readonly<Record<string, readonly number[]>>, options: CompileOptions = {}): CompiledDerivative {
    const key = JSON.stringify([shapes, options.sizes ?? {}, options.optimize ?? 'auto', options.dtype ?? 'float64', options.backend ?? 'auto']);
    const found = this.plans.get(key);
    if (found) return found;
    const network = compileNetwork([this.result.node], shapes, options);
    const compiled: CompiledDerivative = {
      source: network.source,
      run: (inputs) => network.run(inputs)[0] as NdArray,
    };
    this.plans.set(key, compiled);
    return compiled;
  }


  /** Compares with central finite differences of the original definition (the worst entry). */
  check(inputs: Readonly<Record<string, TensorLike>>, options: CheckOptions = {}): CheckResult {
    const symbolic = this.evaluate(inputs);
    return checkDerivative(this.program, this.of, this.wrt.map((x) => x.name), symbolic, inputs, options);
  }

  /** The graph the result's nodes live in. */
  get graph(): Graph {
    return this.program.graph;
  }

  /** Matrix notation in a chosen layout: `∂L/∂W = x yᵀ` (denominator) or `y xᵀ` (numerator). */
  toMatrix(options: MatrixOptions = {}): MatrixView {
    return matrixView(this, options);
  }

  /** Magnus–Neudecker: d vec F = J d vec X with J in ⊗ form, column- or row-major vec. */
  toKronecker(options: { readonly vec?: VecOrder } = {}): KroneckerView {
    return kroneckerView(this, options);
  }

  /** KaTeX-renderable LaTeX of `toString()`. */
  toLatex(): string {
    return latexView(this);
  }

  /** The differential `dL = x[i] dW[i,j] y[j]` and the derivative identified from it. */
  toDifferential(): DifferentialView | undefined {
    return differentialView(this);
  }

  /** Each derivation step with its rule, before/after in index notation and LaTeX. */
  renderSteps(): RenderedSteps {
    return stepsView(this);
  }

  /** A tensor-network diagram of the result (SVG, DOT, TikZ, JSON), or of every step. */
  toDiagram(options: DiagramOptions = {}): string {
    return diagramView(this, options);
  }

  /** NumPy/JAX code computing the derivative, with a finite-difference `check()` for gradients. */
  toPython(options: Omit<PythonOptions, 'check'> = {}): string {
    return pythonView(this, options);
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

/** ∂of/∂wrt for a scalar `of`: the result has wrt's shape. */
export function grad(source: string | Program, of: string, wrt: string, options: DeriveOptions = {}): Derivative {
  const program = toNetwork(source);
  const definition = definitionOf(program, of);
  if (definition.node.shape.length > 0)
    fail('grad_of_not_scalar', { source: program.source, span: definition.span }, of, definition.node.shape);
  return derive(program, definition, [wrt], options);
}

/** J[I, K] = ∂of[I]/∂wrt[K]: of's indices, then wrt's. */
export function jacobian(source: string | Program, of: string, wrt: string, options: DeriveOptions = {}): Derivative {
  const program = toNetwork(source);
  return derive(program, definitionOf(program, of), [wrt], options);
}

/** H[I, K, L] = ∂²of[I]/∂X[K]∂Y[L] with wrt = X or [X, Y]. */
export function hessian(source: string | Program, of: string, wrt: string | readonly [string, string], options: DeriveOptions = {}): Derivative {
  const program = toNetwork(source);
  return derive(program, definitionOf(program, of), typeof wrt === 'string' ? [wrt, wrt] : [...wrt], options);
}

/** Any order: differentiate `of` by each name of `wrt` in turn. */
export function derivative(source: string | Program, of: string, wrt: readonly string[], options: DeriveOptions = {}): Derivative {
  const program = toNetwork(source);
  return derive(program, definitionOf(program, of), wrt, options);
}

/** How a result is printed: the sums it keeps whole, and the definitions it names. */
export interface ResultForm {
  readonly factored: ReadonlySet<Node>;
  readonly names: ReadonlyMap<Node, string>;
}

function derive(program: ProgramNetwork, of: Definition, wrtNames: readonly string[], options: DeriveOptions): Derivative {
  const wrt = wrtNames.map((name) => inputOf(program, name));
  const names = resultIndices(program, of, wrt);
  // shared definitions stay factored in the result (t5 = t3 t3 is the factor t5, not 4 expanded terms)
  const definitions = [...program.definitions.values()].map((d) => d.node);
  const canonical = createCanonicaliser(program.graph, definitions.filter((n) => n.kind === 'contract' || n.kind === 'add'));
  let current: Expression = { node: of.node, indices: of.indices };
  const steps: DerivationStep[] = [];
  wrt.forEach((x, k) => {
    const d = differentiate(program.graph, current, x, names[k]!, options.mode ?? 'forward', canonical);
    steps.push(...d.steps);
    current = d.result;
  });
  return new Derivative(program, of, wrt, current, steps, { factored: canonical.factored, names: definitionNames(program, canonical) });
}

/** Each definition's node, and its canonical form where that is a different compound node, mapped to its name. */
function definitionNames(program: ProgramNetwork, canonical?: Canonicaliser): Map<Node, string> {
  const names = new Map<Node, string>();
  for (const d of program.definitions.values()) names.set(d.node, d.name);
  if (canonical)
    for (const d of program.definitions.values()) {
      const c = canonical.node(d.node);
      if (!names.has(c) && c.kind !== 'input' && c.kind !== 'const' && c.kind !== 'delta') names.set(c, d.name);
    }
  return names;
}

function toNetwork(source: string | Program): ProgramNetwork {
  return buildProgram(typeof source === 'string' ? parseRicci(source) : source);
}

function definitionOf(program: ProgramNetwork, name: string): Definition {
  const d = program.definitions.get(name);
  if (!d) return fail('derivative_of_unknown', undefined, name, listOf([...program.definitions.keys()]));
  return d;
}

function inputOf(program: ProgramNetwork, name: string): InputNode {
  const x = program.inputs.get(name);
  if (x) return x;
  const d = program.definitions.get(name);
  return fail('derivative_wrt_not_input', d ? { source: program.source, span: d.span } : undefined, name,
    listOf([...program.inputs.keys()]));
}

function listOf(names: readonly string[]): string {
  return names.length === 0 ? 'none' : names.join(', ');
}

function bracket(indices: readonly IndexName[]): string {
  return indices.length === 0 ? '' : `[${indices.join(',')}]`;
}

function superscript(n: number): string {
  return [...String(n)].map((c) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(c)]).join('');
}

/** Symbolic sizes read off every given input, so a result like δ[i,k] (no input left) has its sizes. */
function symbolSizes(program: ProgramNetwork, values: Readonly<Record<string, { readonly shape: readonly number[] }>>): Record<string, number> {
  const sizes: Record<string, number> = Object.create(null);
  program.inputs.forEach((input, name) => {
    const value = values[name];
    if (value) input.shape.forEach((s, axis) => { if (typeof s === 'string' && !(s in sizes)) sizes[s] = value.shape[axis]!; });
  });
  return sizes;
}
