import { createKernelCache as kernelCache, registerOptimizer as register } from '../compiler/driver/index.js';
import { exportPython as exportPy, toPython as toPy, printExpression as print } from '../compiler/driver/index.js';
import { toDiagram as diagram } from '../compiler/views/diagram/to-diagram.js';
import { toDiagramFrames as frames } from '../compiler/views/diagram/frames.js';
import { toLatex as latex } from '../compiler/views/index-notation/to-latex.js';
import { materializeKronecker as materialize } from '../compiler/views/kronecker/materialize.js';
import { toKronecker as kronecker } from '../compiler/views/kronecker/to-kronecker.js';
import { toMatrixNotation as matrix } from '../compiler/views/matrix-notation/to-matrix-notation.js';
import { checkEnum, checkString, invalidArgument } from './arguments.js';

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

export const toLatex: typeof latex = (expr, given) => {
  expression('toLatex', 'expr', expr);
  return latex(expr, options('toLatex', given));
};

export const toMatrixNotation: typeof matrix = (expr, given) => {
  expression('toMatrixNotation', 'expr', expr);
  const o = options('toMatrixNotation', given);
  checkEnum('toMatrixNotation', 'options.layout', o.layout, ['numerator', 'denominator', 'mixed']);
  checkEnum('toMatrixNotation', 'options.vectors', o.vectors, ['column', 'row']);
  return matrix(expr, o as unknown as Parameters<typeof matrix>[1]);
};

export const toKronecker: typeof kronecker = (input, given) => {
  if (!(typeof input === 'object' && input !== null && 'result' in input)) invalidArgument('toKronecker', 'input', input, 'a derivative or { graph, result }');
  expression('toKronecker', 'input.result', input.result);
  const o = options('toKronecker', given);
  if (checkEnum('toKronecker', 'options.vec', o.vec, ['column', 'row']) === undefined) invalidArgument('toKronecker', 'options.vec', o.vec, "one of 'column', 'row'");
  if (!(typeof o.ofRank === 'number' && Number.isSafeInteger(o.ofRank) && o.ofRank >= 0)) invalidArgument('toKronecker', 'options.ofRank', o.ofRank, 'a whole number ≥ 0');
  return kronecker(input, o as unknown as Parameters<typeof kronecker>[1]);
};

export const materializeKronecker: typeof materialize = (view, inputs) => {
  if (!(typeof view === 'object' && view !== null && 'form' in view)) invalidArgument('materializeKronecker', 'view', view, 'a Kronecker view (toKronecker\'s result)');
  if (!(typeof inputs === 'object' && inputs !== null)) invalidArgument('materializeKronecker', 'inputs', inputs, 'an object of input values by name');
  return materialize(view, inputs);
};

export const toDiagram: typeof diagram = (expr, given) => {
  expression('toDiagram', 'expr', expr);
  const o = options('toDiagram', given);
  checkEnum('toDiagram', 'options.format', o.format, ['svg', 'dot', 'tikz', 'json']);
  if (o.title !== undefined) checkString('toDiagram', 'options.title', o.title);
  return diagram(expr, o);
};

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

export const toPython: typeof toPy = (expr, given) => {
  expression('toPython', 'expr', expr);
  return toPy(expr, pythonOptions('toPython', given));
};

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

export const registerOptimizer: typeof register = (registry, name, optimizer) => {
  if (!(registry instanceof Map)) invalidArgument('registerOptimizer', 'registry', registry, 'an optimizer registry (defaultOptimizers or a registerOptimizer result)');
  checkString('registerOptimizer', 'name', name);
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
