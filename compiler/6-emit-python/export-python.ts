import type { ContractionProblem, LinearPath } from '../4-contraction-order/contraction.js';
import { checkPath } from '../4-contraction-order/check-path.js';
import { choosePath } from '../4-contraction-order/registry.js';
import { indexSizes, topologicalOrder, type ContractNode, type InputNode, type Node } from '../2-network/network.js';
import type { Expression } from '../3-calculus/derivation.js';
import { fail } from './python-errors.js';
import { functionBody, type BodyContext } from './python-statements.js';
import { parameterName } from './python-names.js';

/**
 * How the NumPy/JAX export is written: the module, the contraction path, sizes for the cost model, the finite-difference check.
 * @example
 * import { grad, toPython, type PythonOptions } from 'ricci';
 * const options: PythonOptions = { module: 'jax', optimize: 'greedy' };
 * toPython(grad('L = x[i] W[i,j] y[j]', 'L', 'W'), options).startsWith('import jax.numpy as np'); // → true
 */
export interface PythonOptions {
  /**
   * The path of the expression's top-level product (opt_einsum's linear form). 'auto' (default):
   * every product's path comes from the project's optimizers (`optimize`, default 'auto').
   */
  readonly path?: LinearPath | 'auto';
  readonly optimize?: string;
  /** Values of symbolic sizes for the optimizer's cost model; an unknown symbol counts as 16. */
  readonly sizes?: Readonly<Record<string, number>>;
  /** `import numpy as np` (default) or `import jax.numpy as np`. */
  readonly module?: 'numpy' | 'jax';
  /** For a derivative: the expression it differentiates and the input it is taken with respect to. */
  readonly check?: { readonly of: Expression; readonly wrt: string };
  /** Nodes whose inputs become parameters too, so every size is known (a derivative's function and variables). */
  readonly carriers?: readonly Node[];
}

/** The generated module's parameters: tensor name → Python parameter, in call order. */
export interface PythonModule {
  readonly source: string;
  readonly parameters: readonly { readonly tensor: string; readonly parameter: string }[];
}

/**
 * NumPy/JAX-style Python computing `expr`: one np.einsum per pairwise step of the contraction
 * path, numpy for elementwise and matrix functions. With `check`, also `value()` (the expression
 * differentiated) and `check()` (max scaled error of compute() against central differences).
 */
export function exportPython(expr: Expression, options: PythonOptions = {}): PythonModule {
  const roots = [...(options.check ? [options.check.of.node] : []), expr.node, ...(options.carriers ?? [])];
  const inputs = inputsOf(roots);
  const parameters = inputs.map((input, k) => ({ tensor: input.name, parameter: parameterName(input.name, k) }));
  const context: BodyContext = {
    parameterOf: new Map(parameters.map((p) => [p.tensor, p.parameter])),
    sizeOf: symbolicSizes(inputs, parameters.map((p) => p.parameter)),
    pathFor: (node, problem) => pathFor(node, problem, expr.node, options),
    sizesOf: (node) => numericSizes(node, options.sizes ?? {}),
  };
  const params = parameters.map((p) => p.parameter);
  const lines = [
    `import ${options.module === 'jax' ? 'jax.numpy' : 'numpy'} as np`,
    ...(options.check ? ['import numpy as _np'] : []),
    '',
    '',
    ...pythonFunction('compute', params, expr.node, context),
    ...(options.check ? checkFunctions(params, options.check, context, parameters, inputs) : []),
  ];
  return { source: `${lines.join('\n')}\n`, parameters };
}

/** Only the Python source of `exportPython`. */
export function toPython(expr: Expression, options: PythonOptions = {}): string {
  return exportPython(expr, options).source;
}

function pythonFunction(name: string, params: readonly string[], root: Node, context: BodyContext): string[] {
  const body = functionBody(root, context);
  return [`def ${name}(${params.join(', ')}):`, ...body.lines.map((l) => `    ${l}`), `    return ${body.result}`, '', ''];
}

function checkFunctions(params: readonly string[], check: NonNullable<PythonOptions['check']>, context: BodyContext,
  parameters: PythonModule['parameters'], inputs: readonly InputNode[]): string[] {
  const position = parameters.findIndex((p) => p.tensor === check.wrt);
  if (position < 0) return fail('python_unknown_input', undefined, check.wrt);
  // a symmetric S moves symmetrically, as Derivative.check moves it (3-calculus/finite-differences.ts)
  const mirror = inputs[position]!.symmetric ? [
    '        if pos[0] != pos[1]:',
    '            plus[k][pos[::-1]] += eps',
    '            minus[k][pos[::-1]] -= eps',
  ] : [];
  return [
    ...pythonFunction('value', params, check.of.node, context),
    `def check(${[...params, 'eps=1e-6'].join(', ')}):`,
    '    """Max of |compute - central differences of value| / max(1, |difference|)."""',
    `    args = [_np.array(a, dtype=_np.float64) for a in (${params.join(', ')},)]`,
    `    k = ${position}`,
    '    f0 = _np.asarray(value(*args))',
    '    numeric = _np.zeros(f0.shape + args[k].shape)',
    '    for pos in _np.ndindex(*args[k].shape):',
    '        plus = [a.copy() for a in args]',
    '        minus = [a.copy() for a in args]',
    '        plus[k][pos] += eps',
    '        minus[k][pos] -= eps',
    ...mirror,
    '        numeric[(Ellipsis,) + pos] = (_np.asarray(value(*plus)) - _np.asarray(value(*minus))) / (2 * eps)',
    '    symbolic = _np.asarray(compute(*args))',
    '    return float(_np.max(_np.abs(symbolic - numeric) / _np.maximum(1.0, _np.abs(numeric)), initial=0.0))',
    '',
  ];
}

/** The inputs in order of first appearance, one per tensor name. */
function inputsOf(roots: readonly Node[]): InputNode[] {
  const byName = new Map<string, InputNode>();
  for (const n of topologicalOrder(roots)) if (n.kind === 'input' && !byName.has(n.name)) byName.set(n.name, n);
  return [...byName.values()];
}

/** Each symbolic size read off the first input that carries it: n → in_A.shape[0]. */
function symbolicSizes(inputs: readonly InputNode[], params: readonly string[]): Map<string, string> {
  const sizes = new Map<string, string>();
  inputs.forEach((input, k) => input.shape.forEach((s, axis) => {
    if (typeof s === 'string' && !sizes.has(s)) sizes.set(s, `${params[k]!}.shape[${axis}]`);
  }));
  return sizes;
}

function pathFor(node: ContractNode, problem: ContractionProblem, root: Node, options: PythonOptions): LinearPath {
  const given = node === root && options.path !== undefined && options.path !== 'auto' ? options.path : undefined;
  if (given !== undefined) return checkPath(given, problem.inputs.length, 'the path option of toPython');
  return choosePath(problem, { optimize: options.optimize ?? 'auto' });
}

const GUESSED_SIZE = 16;

function numericSizes(node: ContractNode, sizes: Readonly<Record<string, number>>): Map<string, number> {
  const named = indexSizes(node.factors);
  return new Map([...named].map(([index, size]) => [index, typeof size === 'number' ? size : sizes[size] ?? GUESSED_SIZE]));
}
