import { checkEnum, checkOptionsObject, checkString, invalidArgument } from './arguments.js';
import type { Definition, DerivationStep, Expression, Graph, InputNode, Node } from '../compiler/driver/index.js';
import { toDiagram, type DiagramFormat } from '../compiler/views/diagram/to-diagram.js';
import { toDiagramFrames } from '../compiler/views/diagram/frames.js';
import { toDifferential, type DifferentialView } from '../compiler/views/differential/to-differential.js';
import { toKronecker, type KroneckerView } from '../compiler/views/kronecker/to-kronecker.js';
import type { VecOrder } from '../compiler/views/kronecker/kronecker-form.js';
import { renderSteps, type RenderedSteps } from '../compiler/views/index-notation/render-steps.js';
import { toLatex } from '../compiler/views/index-notation/to-latex.js';
import { toMatrixNotation, type Layout, type MatrixView } from '../compiler/views/matrix-notation/to-matrix-notation.js';
import type { VectorConvention } from '../compiler/views/matrix-notation/render.js';
import { declaredSizesShown } from '../compiler/views/matrix-notation/shown-sizes.js';
import { toPython, type PythonOptions } from '../compiler/driver/index.js';

/** What every view needs to know about a derivative (a Derivative satisfies it). */
export interface DerivativeParts {
  readonly graph: Graph;
  /** The program's declared size symbols: only those (and numbers) are named in I, K and shape notes. */
  readonly program: { readonly declaredSizes?: ReadonlySet<string> | undefined };
  readonly of: Definition;
  readonly wrt: readonly InputNode[];
  readonly result: Expression;
  /** The result with named adjoints put back: what exports compute. */
  readonly evaluable: Node;
  readonly steps: readonly DerivationStep[];
  /** The result's name when it is a named adjoint (δz1): labels read `δz1 = ∂C/∂z1`. */
  readonly symbol?: string | undefined;
  /** The program's definitions by node, so intermediates print by name. */
  names(): ReadonlyMap<Node, string>;
  /** Sums the result keeps whole (LaTeX keeps them as toString() does), and the declared sizes used as values. */
  readonly form: { readonly factored: ReadonlySet<Node>; readonly sizes: ReadonlyMap<Node, string> };
}

/** What index notation prints by name: the definitions, and declared sizes (their deltas' traces: n, not δ[j,j]). */
export function indexNames(d: Pick<DerivativeParts, 'names' | 'form'>): ReadonlyMap<Node, string> {
  return d.form.sizes.size === 0 ? d.names() : new Map([...d.names(), ...d.form.sizes]);
}

/**
 * How a derivative is written in matrix notation: the layout and whether vectors are columns or rows.
 * @example
 * import { grad, toMatrixNotation, type MatrixOptions } from 'ricci';
 * const rows: MatrixOptions = { layout: 'denominator', vectors: 'row' };
 * toMatrixNotation(grad('x: [2]\nf[j] = x[i] W[i,j]\nL = f[j] y[j]', 'L', 'W'), rows).text.split('\n')[0]; // → ∂L/∂W = xᵀ y
 */
export interface MatrixOptions {
  /** 'denominator' (default: ∂L/∂W has W's shape), 'numerator' or 'mixed'. */
  readonly layout?: Layout;
  /** Whether rank-1 tensors are read as column (default) or row vectors. */
  readonly vectors?: VectorConvention;
}

/**
 * The format of a diagram, its title, and for a derivative whether to draw every derivation step.
 * @example
 * import { grad, toDiagram, type DiagramOptions } from 'ricci';
 * const dot: DiagramOptions = { format: 'dot' };
 * toDiagram(grad('L = x[i] W[i,j] y[j]', 'L', 'W'), dot).startsWith('graph'); // → true
 */
export interface DiagramOptions {
  readonly format?: DiagramFormat;
  /** A caption; a derivative's defaults to dL/dW. */
  readonly title?: string;
  /** A derivative only — true: one picture per derivation step, in order, ending with the result (SVG only). */
  readonly steps?: boolean;
}

/** For a Hessian the first variable's indices play the function's part in matrix views. */
function leadingRank(d: DerivativeParts): number {
  return d.wrt.length > 1 ? d.of.indices.length + d.wrt[0]!.shape.length : d.of.indices.length;
}

export function matrixView(d: DerivativeParts, given?: MatrixOptions): MatrixView {
  const options = checkOptionsObject<MatrixOptions>('toMatrixNotation', given, ['layout', 'vectors']);
  checkEnum('toMatrixNotation', 'options.layout', options.layout, ['numerator', 'denominator', 'mixed']);
  checkEnum('toMatrixNotation', 'options.vectors', options.vectors, ['column', 'row']);
  return toMatrixNotation(d.result, {
    layout: options.layout ?? 'denominator',
    ...(options.vectors ? { vectors: options.vectors } : {}),
    definitions: d.names(),
    shownSize: declaredSizesShown(d.program.declaredSizes ?? new Set()),
    derivative: {
      of: d.of.name, wrt: d.wrt[d.wrt.length - 1]!.name, ofRank: leadingRank(d),
      ...(d.wrt.length > 1 ? { first: d.wrt[0]!.name } : {}), ...(d.symbol !== undefined ? { symbol: d.symbol } : {}),
    },
  });
}

/** What the gradients' matrix view needs (a Gradients satisfies it): its derivatives in print order. */
export interface GradientsParts {
  lines(): readonly DerivativeParts[];
  readonly derivatives: Readonly<Record<string, DerivativeParts>>;
}

export function isGradientsParts(x: unknown): x is GradientsParts {
  return typeof x === 'object' && x !== null && 'derivatives' in x && 'lines' in x && typeof x.lines === 'function';
}

/**
 * The backprop recursion and every gradient in matrix notation, one layout: a line each, the
 * named adjoints first (`δz1 = ∂C/∂z1 = (W2ᵀ δz2) ⊙ (𝟏 − a1^∘2)`), then the gradients.
 * @example
 * import { gradients, toMatrixNotation, type GradientsMatrixView } from 'ricci';
 * const view: GradientsMatrixView = toMatrixNotation(gradients('z[i] = W[i,j] x[j]\nL = sum[i](tanh(z[i]))', 'L', ['W'], { adjoints: ['z'] }));
 * view.text.split('\n'); // → [δz = ∂L/∂z = 𝟏 − (tanh(z))^∘2, ∂L/∂W = δz xᵀ]
 */
export interface GradientsMatrixView {
  /** One view per line: the named adjoints' derivatives, then each gradient's. */
  readonly views: readonly MatrixView[];
  /** Each view's first line (the equation), one a line. */
  readonly text: string;
  /** The equations as one KaTeX `gathered` block. */
  readonly latex: string;
  toString(): string;
}

export function gradientsMatrixView(g: GradientsParts, given?: MatrixOptions): GradientsMatrixView {
  const views = g.lines().map((d) => matrixView(d, given));
  const text = views.map((v) => v.text.split('\n')[0]!).join('\n');
  const latex = `\\begin{gathered}${views.map((v) => v.latex).join(' \\\\ ')}\\end{gathered}`;
  return { views, text, latex, toString: () => text };
}

export function kroneckerView(d: DerivativeParts, given?: { readonly vec?: VecOrder }): KroneckerView {
  const options = checkOptionsObject<{ readonly vec?: VecOrder }>('toKronecker', given, ['vec']);
  checkEnum('toKronecker', 'options.vec', options.vec, ['column', 'row']);
  return toKronecker({ graph: d.graph, result: d.result }, {
    vec: options.vec ?? 'column',
    ofRank: leadingRank(d),
    of: d.of.name,
    wrt: d.wrt[d.wrt.length - 1]!.name,
    order: d.wrt.length > 1 ? 'hessian' : 'jacobian',
    ...(d.wrt.length > 1 ? { first: d.wrt[0]!.name } : {}), ...(d.symbol !== undefined ? { symbol: d.symbol } : {}),
    symmetric: new Map(d.wrt.filter((x) => x.symmetric && x.shape.length === 2).map((x) => [x.name, x.shape[0]!])),
    carriers: [d.of.node, ...d.wrt],
    definitions: d.names(),
    factored: d.form.factored,
    shownSize: declaredSizesShown(d.program.declaredSizes ?? new Set()),
  });
}

export function latexView(d: DerivativeParts): string {
  return toLatex(d.result, {
    derivative: {
      of: d.of.name, wrt: d.wrt.map((x) => x.name), ofRank: d.of.indices.length, wrtRanks: d.wrt.map((x) => x.shape.length),
      ...(d.symbol !== undefined ? { symbol: d.symbol } : {}),
    },
    definitions: indexNames(d),
    factored: d.form.factored,
  });
}

/** The differential dL = … dW … and the derivative identified from it (first derivatives). */
export function differentialView(d: DerivativeParts): DifferentialView | undefined {
  if (d.wrt.length !== 1) return undefined;
  return toDifferential({ node: d.of.node, indices: d.of.indices }, d.wrt[0]!.name, {
    of: d.of.name, definitions: indexNames(d), simplified: d.result, factored: d.form.factored,
    ...(d.symbol !== undefined ? { symbol: d.symbol } : {}),
  });
}

export function stepsView(d: DerivativeParts): RenderedSteps {
  return renderSteps(d.steps, {}, { definitions: indexNames(d), factored: d.form.factored });
}

/**
 * A derivative's diagram (toDiagram given a Derivative): the result titled dL/dW, or every step.
 * A free function, not a Derivative method, so that code which never draws does not bundle the
 * diagram layout and its renderers.
 */
export function diagramView(d: DerivativeParts, given?: DiagramOptions): string {
  const options = checkOptionsObject<DiagramOptions>('toDiagram', given, ['format', 'title', 'steps']);
  checkEnum('toDiagram', 'options.format', options.format, ['svg', 'dot', 'tikz', 'json']);
  if (options.title !== undefined) checkString('toDiagram', 'options.title', options.title);
  if (options.steps !== undefined && typeof options.steps !== 'boolean') invalidArgument('toDiagram', 'options.steps', options.steps, 'true or false');
  if (options.steps) return toDiagramFrames(d.steps, d.result, { node: d.of.node, indices: d.of.indices }).combined;
  const title = `${d.symbol === undefined ? '' : `${d.symbol} = `}d${d.of.name}/d${d.wrt.map((x) => x.name).join(' d')}`;
  return toDiagram(d.result, { format: options.format ?? 'svg', title: options.title ?? title });
}

/** Whether `x` is a derivative (a Derivative, or anything with its parts) rather than an expression. */
export function isDerivativeParts(x: unknown): x is DerivativeParts {
  return typeof x === 'object' && x !== null && 'result' in x && 'steps' in x && 'of' in x && 'wrt' in x;
}

export function pythonView(d: DerivativeParts, given?: Omit<PythonOptions, 'check'>): string {
  const options = checkOptionsObject<Omit<PythonOptions, 'check'>>('toPython', given, ['path', 'optimize', 'sizes', 'module']);
  checkEnum('toPython', 'options.module', options.module, ['numpy', 'jax']);
  const check = d.wrt.length === 1 ? { of: { node: d.of.node, indices: d.of.indices }, wrt: d.wrt[0]!.name } : undefined;
  return toPython({ node: d.evaluable, indices: d.result.indices }, { ...options, ...(check ? { check } : {}), carriers: [d.of.node, ...d.wrt] });
}
