import { resolveSize, type SizeBinding } from '../2-network/bind-sizes.js';
import type { EinsumSpec } from '../2-network/einsum-spec.js';
import { topologicalOrder, type Node } from '../2-network/network.js';
import type { LinearPath } from '../4-contraction-order/contraction.js';
import { fail } from '../diagnostics/pipeline-errors.js';
import type { Span } from '../diagnostics/span.js';

/**
 * Resource limits of a plan, checked from the shapes before anything is allocated or looped over.
 * The defaults live here, and only here. Overridden per call (CompileOptions.limits, einsum's and
 * evaluate's options, Derivative.compile's options) and per instance (createEinsum({ limits }),
 * grad/jacobian/hessian/derivative's { limits } for that Derivative's evaluate and compile); a
 * per-call value wins over the instance's, which wins over the default (mergeLimits).
 */
export interface ResourceLimits {
  /** Elements of one result or intermediate: 2^27 float64 = 1 GiB. */
  readonly maxElements: number;
  /** Elements of all results and intermediates of one plan together. */
  readonly maxTotalElements: number;
  /** Innermost loop iterations of one einsum (Σ over steps of the product of the step's sizes). */
  readonly maxWork: number;
  /**
   * Steps of the reference evaluator (evaluate, evaluateReference), which loops over every index of
   * a product at once: Σ over products and sums of the product of all their index sizes. A chain of
   * 30 matrix products is 3^31 steps there (compiled plans contract it pairwise).
   */
  readonly maxReferenceWork: number;
}

export const defaultResourceLimits: ResourceLimits = {
  maxElements: 2 ** 27, maxTotalElements: 2 ** 28, maxWork: 2 ** 36, maxReferenceWork: 2 ** 25,
};

const limitNames = Object.keys(defaultResourceLimits);

/**
 * Limits given by an instance, then a call, the later winning field by field; each checked to be
 * an object of known limits (undefined is none).
 */
export function mergeLimits(...given: readonly unknown[]): Partial<ResourceLimits> | undefined {
  let merged: Partial<ResourceLimits> | undefined;
  for (const limits of given) {
    if (limits === undefined) continue;
    if (typeof limits !== 'object' || limits === null || Array.isArray(limits))
      fail('invalid_resource_limit', undefined, 'limits', describeLimit(limits), 'an object of limits such as { maxElements: 1e6 }');
    for (const [name, value] of Object.entries(limits))
      if (!limitNames.includes(name)) fail('invalid_resource_limit', undefined, `limits.${name}`, describeLimit(value), `absent: the limits are ${limitNames.join(', ')}`);
    merged = { ...merged, ...limits };
  }
  return merged;
}

/** The defaults with `overrides` applied; each must be a positive number (Infinity switches a limit off). */
export function resourceLimits(overrides: Partial<ResourceLimits> | undefined): ResourceLimits {
  const limits = { ...defaultResourceLimits, ...mergeLimits(overrides) };
  for (const [name, value] of Object.entries(limits))
    if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) fail('invalid_resource_limit', undefined, `limits.${name}`, describeLimit(value));
  return limits;
}

function describeLimit(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : Array.isArray(value) ? 'an array' : typeof value === 'object' && value !== null ? 'an object' : String(value);
}

interface Where {
  readonly source: string;
  readonly span: Span;
}

/** An einsum along `path`: each step's result and its loop work, from the label sizes alone. */
export function checkEinsumResources(spec: EinsumSpec, path: LinearPath, limits: ResourceLimits): void {
  const where: Where = { source: spec.subscripts, span: { start: 0, end: spec.subscripts.length } };
  const size = (labels: Iterable<string>): number => [...labels].reduce((p, l) => p * spec.sizes.get(l)!, 1);
  let operands = spec.inputs.map((labels) => new Set(labels));
  let work = 0;
  let total = 0;
  path.forEach((step, k) => {
    const taken = step.map((p) => operands[p]!).filter((x) => x !== undefined);
    const rest = operands.filter((_, p) => !step.includes(p));
    const involved = new Set(taken.flatMap((s) => [...s]));
    const last = k === path.length - 1;
    const kept = new Set([...involved].filter((l) => spec.output.includes(l) || (!last && rest.some((r) => r.has(l)))));
    work += size(involved);
    if (work > limits.maxWork) fail('work_too_large', where, work, limits.maxWork);
    const elements = size(kept);
    total += elements;
    if (elements > limits.maxElements) fail('result_too_large', where, last ? 'the result' : `the intermediate of step ${k}`, elements, limits.maxElements);
    if (total > limits.maxTotalElements) fail('plan_memory_too_large', where, total, limits.maxTotalElements);
    operands = [...rest, kept];
  });
}

/**
 * Every node a network plan may materialise, by its shape under `binding`; for the reference
 * evaluator (`reference`) also its steps, each product and sum looping over all its indices at once.
 */
export function checkNetworkResources(roots: readonly Node[], binding: SizeBinding, limits: ResourceLimits, reference = false): void {
  let total = 0;
  let steps = 0;
  const results = new Set(roots);
  for (const n of topologicalOrder(roots)) {
    // a result that is an input (∂y/∂x = W) or a δ is still copied into a result of its own
    if ((n.kind === 'input' || n.kind === 'const' || n.kind === 'delta') && !results.has(n)) continue;
    const elements = n.shape.reduce<number>((p, s) => p * resolveSize(s, binding), 1);
    const what = results.has(n) ? 'the result' : 'an intermediate';
    if (elements > limits.maxElements) fail('result_too_large', undefined, what, elements, limits.maxElements);
    total += elements;
    if (total > limits.maxTotalElements) fail('plan_memory_too_large', undefined, total, limits.maxTotalElements);
    if (!reference) continue;
    steps += n.kind === 'contract' || n.kind === 'add' ? referenceSteps(n, binding)
      : n.kind === 'reduce' ? n.arg.shape.reduce<number>((p, s) => p * resolveSize(s, binding), 1) : elements;
    if (steps > limits.maxReferenceWork) fail('reference_work_too_large', undefined, steps, limits.maxReferenceWork);
  }
}

/** The odometer steps of one product or sum in the reference evaluator: the product of the sizes of every index it binds. */
function referenceSteps(n: Extract<Node, { kind: 'contract' | 'add' }>, binding: SizeBinding): number {
  const sizes = new Map<string, number>();
  const bound = n.kind === 'contract' ? n.factors : n.terms;
  for (const b of bound) b.indices.forEach((index, axis) => sizes.set(index, resolveSize(b.node.shape[axis]!, binding)));
  n.out.forEach((index, axis) => sizes.set(index, resolveSize(n.shape[axis]!, binding)));
  let steps = 1;
  for (const size of sizes.values()) steps *= size;
  return steps;
}
