import { createKernelCache as kernelCache, registerOptimizer as register } from '../compiler/driver/index.js';
import { exportPython as exportPy, toPython as toPy, printExpression as print } from '../compiler/driver/index.js';
import { toDiagram as diagram } from '../compiler/views/diagram/to-diagram.js';
import { toDiagramFrames as frames } from '../compiler/views/diagram/frames.js';
import { toLatex as latex } from '../compiler/views/index-notation/to-latex.js';
import { materializeKronecker as materialize } from '../compiler/views/kronecker/materialize.js';
import { toKronecker as kronecker } from '../compiler/views/kronecker/to-kronecker.js';
import { toMatrixNotation as matrix } from '../compiler/views/matrix-notation/to-matrix-notation.js';
import { checkEnum, checkString, invalidArgument } from './arguments.js';
import { toNamedInput, type TensorLike } from './tensor-like.js';
import {
  diagramView, differentialView, gradientsMatrixView, isDerivativeParts, isGradientsParts, kroneckerView, latexView, matrixView, pythonView, stepsView,
  type DerivativeParts, type DiagramOptions, type GradientsMatrixView, type GradientsParts, type MatrixOptions,
} from './derivative-views.js';
import type { RenderedSteps } from '../compiler/views/index-notation/render-steps.js';
import type { MatrixView } from '../compiler/views/matrix-notation/to-matrix-notation.js';
import type { Expression, PythonOptions } from '../compiler/driver/index.js';
import type { DifferentialView } from '../compiler/views/differential/to-differential.js';
import type { KroneckerView } from '../compiler/views/kronecker/to-kronecker.js';
import type { VecOrder } from '../compiler/views/kronecker/kronecker-form.js';

/**
 * The standalone views and helpers of the public surface (and the caches they may be given), each checking its arguments first (a
 * null expression or an unknown enum value is invalid_argument naming the parameter, never a
 * TypeError from inside the view or a silent default).
 */
function expression(fn: string, parameter: string, got: unknown): void {
  if (!(typeof got === 'object' && got !== null && 'node' in got && 'indices' in got && Array.isArray(got.indices)))
    invalidArgument(fn, parameter, got, 'an expression { node, indices } (a Derivative\'s result or a Program\'s definition)');
}

function options(fn: string, got: unknown): Record<string, unknown> {
  if (got === undefined) return {};
  if (typeof got !== 'object' || got === null || Array.isArray(got)) return invalidArgument(fn, 'options', got, 'an object of options');
  return got as Record<string, unknown>;
}

/**
 * KaTeX-renderable LaTeX: of a derivative (`toString()` as LaTeX, \frac{∂L}{∂W} = …), or of an
 * expression (with `options.derivative` for the left-hand side). (A free function rather than a
 * Derivative method: bundles that never write LaTeX leave it out.)
 * @example
 * import { grad, toLatex } from 'ricci';
 * const d = grad('L = x[i] W[i,j] y[j]', 'L', 'W');
 * toLatex(d.result); // → x_{i}\mkern3mu y_{j}
 * toLatex(d); // → \frac{\partial L}{\partial W_{ij}} = x_{i}\mkern3mu y_{j}
 */
export function toLatex(derivative: DerivativeParts): string;
export function toLatex(expr: Expression, options?: Parameters<typeof latex>[1]): string;
export function toLatex(subject: Expression | DerivativeParts, given?: Parameters<typeof latex>[1]): string {
  if (isDerivativeParts(subject)) {
    if (given !== undefined) invalidArgument('toLatex', 'options', given, 'absent: a derivative\'s LaTeX takes no options');
    return latexView(subject);
  }
  expression('toLatex', 'expr', subject);
  return latex(subject, options('toLatex', given));
}

/**
 * Matrix notation in a chosen layout: of a derivative (`∂L/∂W = x yᵀ`, with its layout note), of
 * `gradients(…)` (the backprop recursion and every gradient, a line each), or of an expression
 * (rank > 2 parts stay in index notation). (A free function rather than a Derivative method:
 * bundles that never show matrix notation leave it out.)
 * @example
 * import { grad, gradients, toMatrixNotation } from 'ricci';
 * const d = grad('L = x[i] W[i,j] y[j]', 'L', 'W');
 * toMatrixNotation(d, { layout: 'denominator' }).text.split('\n')[0]; // → ∂L/∂W = x yᵀ
 * toMatrixNotation(d, { layout: 'numerator' }).text.split('\n')[0]; // → ∂L/∂W = y xᵀ
 * toMatrixNotation(d.result, { layout: 'denominator' }).text.split('\n')[0]; // → x yᵀ
 * toMatrixNotation(gradients('L = x[i] W[i,j] y[j]', 'L', ['W', 'y'])).text.split('\n'); // → [∂L/∂W = x yᵀ, ∂L/∂y = Wᵀ x]
 */
export function toMatrixNotation(derivative: DerivativeParts, options?: MatrixOptions): MatrixView;
export function toMatrixNotation(gradients: GradientsParts, options?: MatrixOptions): GradientsMatrixView;
export function toMatrixNotation(expr: Expression, options?: Parameters<typeof matrix>[1]): MatrixView;
export function toMatrixNotation(subject: Expression | DerivativeParts | GradientsParts, given?: unknown): MatrixView | GradientsMatrixView {
  if (isDerivativeParts(subject)) return matrixView(subject, given as MatrixOptions | undefined);
  if (isGradientsParts(subject)) return gradientsMatrixView(subject, given as MatrixOptions | undefined);
  expression('toMatrixNotation', 'expr', subject);
  const o = options('toMatrixNotation', given);
  checkEnum('toMatrixNotation', 'options.layout', o.layout, ['numerator', 'denominator', 'mixed']);
  checkEnum('toMatrixNotation', 'options.vectors', o.vectors, ['column', 'row']);
  return matrix(subject, o as unknown as Parameters<typeof matrix>[1]);
}

/**
 * A derivative's derivation: each step with its rule and description, before and after in index
 * notation and LaTeX, and the whole as text and LaTeX. (A free function rather than a Derivative
 * method: bundles that never show the steps leave their rendering out.)
 * @example
 * import { grad, renderSteps } from 'ricci';
 * renderSteps(grad('L = x[i] W[i,j] y[j]', 'L', 'W')).steps.map((s) => s.rule); // → [input, product, delta]
 */
export function renderSteps(derivative: DerivativeParts): RenderedSteps {
  if (!isDerivativeParts(derivative)) invalidArgument('renderSteps', 'derivative', derivative, 'a derivative (what grad, jacobian, hessian or derivative return)');
  return stepsView(derivative);
}

/**
 * The Magnus–Neudecker identification d vec F = J d vec X, column- or row-major vec: of a
 * derivative (its names, ranks and order read from it), or of `{ graph, result }` with the
 * identification spelled out in the options. (A free function rather than a Derivative method:
 * bundles that never ask for the ⊗ form leave it out.)
 * @example
 * import { grad, jacobian, toKronecker } from 'ricci';
 * const d = jacobian('F[a,b] = A[a,i] X[i,j] B[j,b]', 'F', 'X');
 * toKronecker(d, { vec: 'column' }).text.split('\n')[1]; // → column-major vec (Magnus–Neudecker): d vec F = J d vec X, J = Bᵀ ⊗ A
 * toKronecker({ graph: d.graph, result: d.result }, { vec: 'row', ofRank: 2, of: 'F', wrt: 'X' }).text.split('\n')[1]; // → row-major vec: d vecᵣ F = J d vecᵣ X, J = A ⊗ Bᵀ
 * toKronecker(grad('L = x[i] W[i,j] y[j]', 'L', 'W')).vec; // → column
 */
export function toKronecker(derivative: DerivativeParts, options?: { readonly vec?: VecOrder }): KroneckerView;
export function toKronecker(input: Parameters<typeof kronecker>[0], options: Parameters<typeof kronecker>[1]): KroneckerView;
export function toKronecker(input: DerivativeParts | Parameters<typeof kronecker>[0], given?: unknown): KroneckerView {
  if (isDerivativeParts(input)) return kroneckerView(input, given as { readonly vec?: VecOrder } | undefined);
  if (!(typeof input === 'object' && input !== null && 'result' in input)) invalidArgument('toKronecker', 'input', input, 'a derivative or { graph, result }');
  expression('toKronecker', 'input.result', input.result);
  const o = options('toKronecker', given);
  if (checkEnum('toKronecker', 'options.vec', o.vec, ['column', 'row']) === undefined) invalidArgument('toKronecker', 'options.vec', o.vec, "one of 'column', 'row'");
  if (!(typeof o.ofRank === 'number' && Number.isSafeInteger(o.ofRank) && o.ofRank >= 0)) invalidArgument('toKronecker', 'options.ofRank', o.ofRank, 'a whole number ≥ 0');
  return kronecker(input, o as unknown as Parameters<typeof kronecker>[1]);
}

/**
 * The differential of a first derivative, `dL = x[i] dW[i,j] y[j]`, and the derivative identified
 * from it (undefined for a second derivative). (A free function rather than a Derivative method:
 * bundles that never show the differential leave it out.)
 * @example
 * import { grad, toDifferential } from 'ricci';
 * toDifferential(grad('L = x[i] W[i,j] y[j]', 'L', 'W'))?.text.split('\n')[1]; // → dL = dW[i,j] x[i] y[j]    (differential)
 */
export function toDifferential(derivative: DerivativeParts): DifferentialView | undefined {
  if (!isDerivativeParts(derivative)) invalidArgument('toDifferential', 'derivative', derivative, 'a derivative (what grad, jacobian or derivative return)');
  return differentialView(derivative);
}

/**
 * J of a Kronecker view as numbers (undefined when the view has no closed form).
 * @example
 * import ndarray from 'ndarray';
 * import { jacobian, materializeKronecker, toKronecker } from 'ricci';
 * const view = toKronecker(jacobian('F[a,j] = A[a,i] X[i,j]', 'F', 'X'), { vec: 'column' });
 * const A = ndarray(new Float64Array([1, 2, 3, 4]), [2, 2]);
 * materializeKronecker(view, { A, X: ndarray(new Float64Array(4), [2, 2]) })?.shape; // → [4, 4]
 */
export const materializeKronecker = (view: Parameters<typeof materialize>[0],
  inputs: Readonly<Record<string, TensorLike>>): ReturnType<typeof materialize> => {
  if (!(typeof view === 'object' && view !== null && 'form' in view && 'vec' in view)) invalidArgument('materializeKronecker', 'view', view, 'a Kronecker view (toKronecker\'s result)');
  if (!(typeof inputs === 'object' && inputs !== null)) invalidArgument('materializeKronecker', 'inputs', inputs, 'an object of input values by name');
  // read once, like every other entry point: nested arrays, typed arrays and ndarrays alike
  const values = Object.fromEntries(Object.entries(inputs).map(([name, value]) => [name, toNamedInput(name, value)]));
  return materialize(view, values);
};

/**
 * A tensor-network diagram of an expression or of a derivative: SVG, DOT, TikZ or JSON. A
 * derivative's is titled dL/dW; `{ steps: true }` draws every derivation step (SVG). (A free
 * function rather than a Derivative method: bundles that never draw leave the layout out.)
 * @example
 * import { grad, toDiagram } from 'ricci';
 * const d = grad('L = x[i] W[i,j] y[j]', 'L', 'W');
 * toDiagram(d).startsWith('<svg'); // → true
 * toDiagram(d, { format: 'dot' }).startsWith('graph'); // → true
 * toDiagram(d, { steps: true }).startsWith('<svg'); // → true
 * toDiagram(d.result, { format: 'svg', title: 'dL/dW' }).startsWith('<svg'); // → true
 * JSON.parse(toDiagram(d.result, { format: 'json' })) !== null; // → true
 */
export function toDiagram(subject: Expression | DerivativeParts, given?: DiagramOptions): string {
  if (isDerivativeParts(subject)) return diagramView(subject, given);
  expression('toDiagram', 'expr', subject);
  const o = options('toDiagram', given);
  checkEnum('toDiagram', 'options.format', o.format, ['svg', 'dot', 'tikz', 'json']);
  if (o.title !== undefined) checkString('toDiagram', 'options.title', o.title);
  if (o.steps !== undefined) invalidArgument('toDiagram', 'options.steps', o.steps, 'absent: steps are drawn for a derivative, not an expression');
  return diagram(subject, o);
}

/**
 * A derivation as diagram frames: the start, one per step, the result; and all of them stacked.
 * @example
 * import { grad, toDiagramFrames } from 'ricci';
 * const d = grad('L = x[i] W[i,j] y[j]', 'L', 'W');
 * const { frames, combined } = toDiagramFrames(d.steps, d.result, { node: d.of.node, indices: d.of.indices });
 * frames.map((f) => f.rule); // → [start, input, product, delta, result]
 * combined.startsWith('<svg'); // → true
 */
export const toDiagramFrames: typeof frames = (steps, result, start) => {
  if (!Array.isArray(steps)) invalidArgument('toDiagramFrames', 'steps', steps, 'an array of derivation steps (a Derivative\'s steps)');
  steps.forEach((step: unknown, k) => {
    if (!(typeof step === 'object' && step !== null && 'before' in step && 'after' in step)) invalidArgument('toDiagramFrames', `steps[${k}]`, step, 'a derivation step');
    expression('toDiagramFrames', `steps[${k}].before`, step.before);
    expression('toDiagramFrames', `steps[${k}].after`, step.after);
  });
  if (result !== undefined) expression('toDiagramFrames', 'result', result);
  if (start !== undefined) expression('toDiagramFrames', 'start', start);
  return frames(steps, result, start);
};

function pythonOptions(fn: string, given: unknown): Parameters<typeof toPy>[1] {
  const o = options(fn, given);
  checkEnum(fn, 'options.module', o.module, ['numpy', 'jax']);
  if (o.optimize !== undefined) checkString(fn, 'options.optimize', o.optimize);
  return o as Parameters<typeof toPy>[1];
}

/**
 * NumPy/JAX code computing an expression (the source of `exportPython`), or a derivative (with a
 * finite-difference `check()` for a gradient). (A free function rather than a Derivative method:
 * bundles that never emit Python leave the emitter out.)
 * @example
 * import { grad, toPython } from 'ricci';
 * const d = grad('L = x[i] W[i,j] y[j]', 'L', 'W');
 * toPython(d.result).includes('np.einsum('); // → true
 * toPython(d, { module: 'jax' }).includes('import jax.numpy as np'); // → true
 */
export function toPython(derivative: DerivativeParts, options?: Omit<PythonOptions, 'check'>): string;
export function toPython(expr: Expression, options?: PythonOptions): string;
export function toPython(subject: Expression | DerivativeParts, given?: PythonOptions): string {
  if (isDerivativeParts(subject)) return pythonView(subject, given);
  expression('toPython', 'expr', subject);
  return toPy(subject, pythonOptions('toPython', given));
}

/**
 * NumPy/JAX code computing an expression, one np.einsum per path step, with its parameters.
 * @example
 * import { exportPython, grad } from 'ricci';
 * const d = grad('L = x[i] W[i,j] y[j]', 'L', 'W');
 * exportPython(d.result).parameters.map((p) => p.tensor); // → [x, y]
 */
export const exportPython: typeof exportPy = (expr, given) => {
  expression('exportPython', 'expr', expr);
  return exportPy(expr, pythonOptions('exportPython', given));
};

/**
 * Index notation of an expression, summed indices named in reading order.
 * @example
 * import { jacobian, printExpression } from 'ricci';
 * printExpression(jacobian('Y[i,j] = X[j,i]', 'Y', 'X').result); // → δ[i,l] δ[j,k]
 */
export const printExpression: typeof print = (expr, given) => {
  expression('printExpression', 'expr', expr);
  return print(expr, options('printExpression', given));
};

/**
 * A registry with `name` bound to `optimizer` (registries are immutable; arguments checked).
 * @example
 * import { contractPath, defaultOptimizers, registerOptimizer } from 'ricci';
 * const optimizers = registerOptimizer(defaultOptimizers, 'in-order', (problem) => problem.inputs.slice(1).map(() => [0, 1]));
 * contractPath('ij,jk,kl->il', [[2, 30], [30, 40], [40, 5]], { optimize: 'in-order', optimizers }).path; // → [[0, 1], [0, 1]]
 */
export const registerOptimizer: typeof register = (registry, name, optimizer) => {
  if (!(registry instanceof Map)) invalidArgument('registerOptimizer', 'registry', registry, 'an optimizer registry (defaultOptimizers or a registerOptimizer result)');
  if (checkString('registerOptimizer', 'name', name) === '') invalidArgument('registerOptimizer', 'name', name, "a non-empty name, as optimize: '…' names it");
  if (typeof optimizer !== 'function') invalidArgument('registerOptimizer', 'optimizer', optimizer, 'a function (problem, options) => path');
  return register(registry, name, optimizer);
};

/**
 * A cache of instantiated kernels (functions keyed by their source), bounded by `capacity`.
 * @example
 * import { compileEinsum, createKernelCache } from 'ricci';
 * const cache = createKernelCache();
 * compileEinsum('ij,jk->ik', [[4, 4], [4, 4]], { cache, backend: 'js' });
 * compileEinsum('ij,jk->ik', [[4, 4], [4, 4]], { cache, backend: 'js' }); // the same kernels, reused
 * cache.size > 0; // → true
 */
export const createKernelCache: typeof kernelCache = (capacity, given) => {
  if (capacity !== undefined && !(typeof capacity === 'number' && Number.isSafeInteger(capacity) && capacity >= 1))
    invalidArgument('createKernelCache', 'capacity', capacity, 'a whole number ≥ 1');
  const o = options('createKernelCache', given);
  checkEnum('createKernelCache', 'options.execution', o.execution, ['auto', 'generated', 'interpreted']);
  return kernelCache(capacity, o);
};
