import { isRicciError } from '../diagnostics/ricci-error.js';
import { fail } from '../diagnostics/pipeline-errors.js';
import type { ContractionProblem, LinearPath } from './contraction.js';
import { treesToSsa } from './contraction-tree.js';
import { pathCost } from './cost-model.js';
import { EXACT_SEARCH_LIMIT, exactSearch, minimumPeak } from './exact-search.js';
import { greedySearch, pickBest } from './greedy-search.js';
import { indexProblem } from './indexed-problem.js';
import type { PathOptions } from './optimizer.js';
import { ssaToLinear } from './path-forms.js';

/** The memory limit in force (Infinity when none), after checking it is a positive number. */
export function memoryLimitOf(options: PathOptions): number {
  const limit = options.memoryLimit;
  if (limit === undefined) return Infinity;
  if (!(limit > 0)) fail('path_memory_limit_invalid', options.where, limit);
  return limit;
}

/**
 * The fallback of every optimizer whose own search found no path within the limit: a greedy
 * search that makes the smallest intermediate first, then (up to 16 operands) the exact search,
 * which finds an order whenever one fits. Otherwise reports the limit and the smallest largest
 * intermediate (exact up to 16 operands, the smallest-first greedy's beyond).
 */
export function fitOrFail(problem: ContractionProblem, options: PathOptions): LinearPath {
  const limit = memoryLimitOf(options);
  const indexed = indexProblem(problem);
  const n = problem.inputs.length;
  const smallestFirst = (resultSize: number) => resultSize;
  const fitted = greedySearch(indexed, { score: smallestFirst, choose: pickBest, memoryLimit: limit });
  if (fitted.complete) return ssaToLinear(fitted.ssa, n);
  const exact = n <= EXACT_SEARCH_LIMIT ? exactSearch(indexed, limit) : undefined;
  if (exact) return ssaToLinear(treesToSsa([exact.tree], n).ssa, n);
  const smallest = n <= EXACT_SEARCH_LIMIT ? minimumPeak(indexed)
    : pathCost(problem, ssaToLinear(greedySearch(indexed, { score: smallestFirst, choose: pickBest }).ssa, n)).largestIntermediate;
  return fail('path_memory_limit', options.where, limit, smallest);
}

/** True when every step of `path` produces at most `limit` elements. */
export function fitsMemory(problem: ContractionProblem, path: LinearPath, limit: number): boolean {
  return limit === Infinity || pathCost(problem, path).largestIntermediate <= limit;
}

/** The search's path, or undefined when it reports path_memory_limit. */
export function unlessOverLimit<T>(search: () => T): T | undefined {
  try {
    return search();
  } catch (e) {
    if (isRicciError(e) && e.code === 'path_memory_limit') return undefined;
    throw e;
  }
}
