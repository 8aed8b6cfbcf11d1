import { resolveSize, type SizeBinding } from '../2-network/bind-sizes.js';
import type { EinsumSpec } from '../2-network/einsum-spec.js';
import { topologicalOrder, type Node } from '../2-network/network.js';
import type { LinearPath } from '../4-contraction-order/contraction.js';
import { fail } from '../diagnostics/pipeline-errors.js';
import type { Span } from '../diagnostics/span.js';

/**
 * Resource limits of a plan, checked from the shapes before anything is allocated or looped over.
 * Defaults here; CompileOptions.limits (options.ts) overrides them per call.
 */
export interface ResourceLimits {
  /** Elements of one result or intermediate: 2^27 float64 = 1 GiB. */
  readonly maxElements: number;
  /** Elements of all results and intermediates of one plan together. */
  readonly maxTotalElements: number;
  /** Innermost loop iterations of one einsum (Σ over steps of the product of the step's sizes). */
  readonly maxWork: number;
}

export const defaultResourceLimits: ResourceLimits = { maxElements: 2 ** 27, maxTotalElements: 2 ** 28, maxWork: 2 ** 36 };

/** The defaults with `overrides` applied; each must be a positive number (Infinity switches a limit off). */
export function resourceLimits(overrides: Partial<ResourceLimits> | undefined): ResourceLimits {
  const limits = { ...defaultResourceLimits, ...overrides };
  for (const [name, value] of Object.entries(limits))
    if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) fail('invalid_resource_limit', undefined, name, String(value));
  return limits;
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

/** Every node a network plan may materialise, by its shape under `binding`. */
export function checkNetworkResources(roots: readonly Node[], binding: SizeBinding, limits: ResourceLimits): void {
  let total = 0;
  for (const n of topologicalOrder(roots)) {
    if (n.kind === 'input' || n.kind === 'const' || n.kind === 'delta') continue;
    const elements = n.shape.reduce<number>((p, s) => p * resolveSize(s, binding), 1);
    const what = roots.includes(n) ? 'the result' : 'an intermediate';
    if (elements > limits.maxElements) fail('result_too_large', undefined, what, elements, limits.maxElements);
    total += elements;
    if (total > limits.maxTotalElements) fail('plan_memory_too_large', undefined, total, limits.maxTotalElements);
  }
}
