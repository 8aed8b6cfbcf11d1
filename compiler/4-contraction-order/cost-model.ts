import type { IndexName } from '../2-network/network.js';
import { expandPath, type ContractionProblem, type LinearPath } from './contraction.js';

/** Number of elements of a tensor carrying `indices` (each distinct name counted once). */
export function elementsOf(indices: Iterable<IndexName>, sizes: ReadonlyMap<IndexName, number>): number {
  let n = 1;
  for (const i of new Set(indices)) n *= sizes.get(i) ?? 1;
  return n;
}

/**
 * opt_einsum's (and numpy's) flop convention for one step over `terms` operands:
 *   flops = Π_{touched} size × (max(1, terms − 1) + (anything summed ? 1 : 0))
 */
export function stepFlops(touchedElements: number, terms: number, sums: boolean): number {
  return touchedElements * (Math.max(1, terms - 1) + (sums ? 1 : 0));
}

/** The cost every search minimises: stepFlops of a pairwise step, Π touched × (1 + [something summed]). */
export function pairFlops(touchedElements: number, sums: boolean): number {
  return stepFlops(touchedElements, 2, sums);
}

/** A pairwise step over index ids: its flops and the element count of what it keeps. */
export interface PairStep {
  readonly flops: number;
  readonly keptElements: number;
}

/**
 * Contracts two sorted id lists in one merge: every id is touched once; `keeps(id, inBoth)` says
 * whether a third tensor or the output still needs it. `kept`, when given, receives the kept ids
 * in sorted order. The searches' one pairwise step (the exact search's bitset form excepted).
 */
export function pairStep(a: ArrayLike<number>, b: ArrayLike<number>, sizes: Float64Array,
  keeps: (id: number, inBoth: boolean) => boolean, kept?: number[]): PairStep {
  let touched = 1, keptElements = 1, sums = false, i = 0, j = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? a[i]! : Infinity, y = j < b.length ? b[j]! : Infinity;
    const id = x < y ? x : y;
    if (x === id) i++;
    if (y === id) j++;
    touched *= sizes[id]!;
    if (keeps(id, x === y)) { keptElements *= sizes[id]!; kept?.push(id); } else sums = true;
  }
  return { flops: pairFlops(touched, sums), keptElements };
}

/** numpy's naive cost: one loop over every label, counted as an inner product iff a label is shared. */
export function naiveFlops(problem: ContractionProblem): number {
  const labels = new Set(problem.inputs.flat());
  const shared = problem.inputs.reduce((n, t) => n + new Set(t).size, 0) > labels.size;
  return stepFlops(elementsOf(labels, problem.sizes), problem.inputs.length, shared);
}

/** The cost of a path in every unit the explain table reports. */
export interface PathCost {
  /** Σ stepFlops over the steps (numpy's "Optimized FLOP count" is this + 1). */
  readonly flops: number;
  /** Σ Π_{touched} size × (terms − 1): one multiply-add per product term. */
  readonly multiplyAdds: number;
  /** Σ elements of each step's result. */
  readonly elementsWritten: number;
  /** Largest step result, in elements. */
  readonly largestIntermediate: number;
  /** Largest number of distinct indices touched by one step. */
  readonly scaling: number;
}

/** The cost of `path` over all its steps, in the units of PathCost. */
export function pathCost(problem: ContractionProblem, path: LinearPath): PathCost {
  let flops = 0, multiplyAdds = 0, elementsWritten = 0, largestIntermediate = 0, scaling = 0;
  for (const step of expandPath(problem, path)) {
    const touched = new Set(step.inputs.flat());
    const touchedElements = elementsOf(touched, problem.sizes);
    const written = elementsOf(step.result, problem.sizes);
    flops += stepFlops(touchedElements, step.inputs.length, step.removed.length > 0);
    multiplyAdds += touchedElements * Math.max(1, step.inputs.length - 1);
    elementsWritten += written;
    largestIntermediate = Math.max(largestIntermediate, written);
    scaling = Math.max(scaling, touched.size);
  }
  return { flops, multiplyAdds, elementsWritten, largestIntermediate, scaling };
}

/** The cheapest of several paths for the same problem (the first among equals). */
export function cheapest(problem: ContractionProblem, paths: readonly LinearPath[]): LinearPath {
  let best = paths[0]!, bestFlops = pathCost(problem, best).flops;
  for (const p of paths.slice(1)) {
    const flops = pathCost(problem, p).flops;
    if (flops < bestFlops) { best = p; bestFlops = flops; }
  }
  return best;
}
