import type { SizeBinding } from '../2-network/bind-sizes.js';
import { evaluateNetwork } from '../2-network/evaluate-network.js';
import { dependentOn, topologicalOrder, type MapNode, type Node, type ReduceNode } from '../2-network/network.js';
import { fail } from '../diagnostics/ricci-error.js';
import type { Where } from '../diagnostics/span.js';
import { unflattenIndex, type StridedArray } from '../../runtime/strided-array.js';

/**
 * Functions whose derivative does not exist where the argument is 0: |u|, relu, sign, step, atZero,
 * √u, u^p (0<p<1) — except max′'s own arg-max indicator atZero(u − max(u)), which is constant near a
 * unique maximum (a tie is refused as non_differentiable_tie), so max's Hessian there is 0.
 */
function hasKinkAtZero(n: MapNode): boolean {
  const fn = n.fn;
  switch (fn.name) {
    case 'abs': case 'relu': case 'sign': case 'step': case 'sqrt':
      return true;
    case 'atZero':
      return !isArgmaxIndicator(n);
    case 'pow':
      return !Number.isInteger(fn.exponent) && fn.exponent < 1;
    default:
      return false;
  }
}

/** atZero(u − r) with r a max or min of u: the indicator reductionWeight builds. */
function isArgmaxIndicator(n: MapNode): boolean {
  const shifted = n.arg;
  if (shifted.kind !== 'add' || shifted.terms.length !== 2) return false;
  return shifted.terms.some((t) => t.node.kind === 'reduce' && t.node.op !== 'logsumexp' && shifted.terms.some((u) => u.node === (t.node as ReduceNode).arg));
}

/**
 * Functions defined on part of the line only: log (u > 0), √u and non-integer powers (u ≥ 0),
 * negative powers (u ≠ 0). A derivative exists only where the function does, and a simplified one
 * may no longer contain the function (sqrt(u)^2 is u, x^0.5 x^-0.5 is 1, ∂ log u is u^-1), so
 * these are evaluated at the point too: outside its domain a function's value is not finite.
 */
function hasRestrictedDomain(n: MapNode): boolean {
  const fn = n.fn;
  switch (fn.name) {
    case 'log': case 'sqrt':
      return true;
    case 'pow':
      return !Number.isInteger(fn.exponent) || fn.exponent < 0;
    default:
      return false;
  }
}

/**
 * Throws non_differentiable_point when an argument of a kinked function under `roots` is exactly
 * 0 at these inputs, naming the function, the position and the value: never a silent NaN.
 */
export function assertDifferentiableAt(roots: readonly Node[], inputs: Readonly<Record<string, StridedArray>>): void {
  assertDifferentiableMaps(kinkedMaps(roots), inputs);
}

/**
 * The Maps under `roots` whose function has a kink at 0 (found once per derivative, checked per
 * call); given `wrt`, only those whose argument depends on it: the others are constants of that
 * differentiation, their kinks never differentiated (∂(relu(x[i]) y[i])/∂y = relu(x) at x = 0 too).
 */
export function kinkedMaps(roots: readonly Node[], wrt?: Node): MapNode[] {
  const order = topologicalOrder(roots);
  const depends = wrt === undefined ? undefined : dependentOn(order, wrt);
  return order.filter((n): n is MapNode => n.kind === 'map' && hasKinkAtZero(n) && (depends?.has(n) ?? true));
}

/**
 * The Maps under `roots` defined on part of the line only (found once per derivative): compiled
 * plans compute them beside the derivative, where the finiteness check of every result refuses one
 * outside its domain; `assertInDomain` checks them with the reference evaluator.
 */
export function domainMaps(roots: readonly Node[]): MapNode[] {
  return topologicalOrder(roots).filter((n): n is MapNode => n.kind === 'map' && hasRestrictedDomain(n));
}

/** non_finite_result naming the function and argument (sqrt(-2) is not finite) for a Map evaluated outside its domain. */
export function assertInDomain(maps: readonly MapNode[], inputs: Readonly<Record<string, StridedArray>>, sizes?: SizeBinding,
  written?: (n: MapNode) => Where | undefined): void {
  if (maps.length > 0) evaluateNetwork(maps, inputs, sizes, written);
}

/**
 * assertDifferentiableAt for Maps already found by kinkedMaps; `written` says where a Map's function
 * was written, for the caret (max(a, b) and min(a, b), written as a relu, are named as written).
 */
export function assertDifferentiableMaps(kinked: readonly MapNode[], inputs: Readonly<Record<string, StridedArray>>, sizes?: SizeBinding,
  written?: (n: MapNode) => Where | undefined): void {
  if (kinked.length === 0) return;
  assertNotAtKinks(kinked, evaluateNetwork(kinked.map((n) => n.arg), inputs, sizes), written);
}

/**
 * assertDifferentiableMaps given each kinked Map's argument's values, computed elsewhere (a
 * compiled plan computes them beside the derivative, sharing its forward values).
 */
export function assertNotAtKinks(kinked: readonly MapNode[], args: readonly StridedArray[], written?: (n: MapNode) => Where | undefined): void {
  kinked.forEach((n, k) => {
    const v = args[k]!;
    const at = Array.prototype.findIndex.call(v.data, (x: number) => x === 0);
    if (at < 0) return;
    const where = written?.(n);
    const call = where && where.source.slice(where.span.start, where.span.end);
    if (n.fn.name === 'relu' && call !== undefined && /^(max|min)\s*\(/.test(call)) fail('non_differentiable_tie', where, call, position(v.shape, at));
    fail('non_differentiable_point', where, n.fn.name === 'pow' ? `u^${n.fn.exponent}` : n.fn.name, position(v.shape, at), 0);
  });
}

/** Where in the argument: ` at index [1, 0]`, nothing for a scalar. */
function position(shape: readonly number[], flat: number): string {
  if (shape.length === 0) return '';
  return ` at index [${unflattenIndex(shape, flat).join(', ')}]`;
}
