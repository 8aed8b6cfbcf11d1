import { fail } from '../diagnostics/ricci-error.js';
import type { ContractionProblem, LinearPath } from './contraction.js';
import { treesToSsa } from './contraction-tree.js';
import { EXACT_SEARCH_LIMIT, exactSearch } from './exact-search.js';
import { indexProblem } from './indexed-problem.js';
import { fitOrFail, memoryLimitOf } from './memory-limit.js';
import type { PathOptimizer } from './optimizer.js';
import { ssaToLinear } from './path-forms.js';
import { withAndWithoutSums } from './single-operand-sums.js';

/** Truly exact over all pairwise orders (outer products included), up to 16 operands. */
export const optimal: PathOptimizer = (problem, options) => {
  const n = problem.inputs.length;
  if (n > EXACT_SEARCH_LIMIT) fail('path_search_too_large', options.where, 'optimal', n, EXACT_SEARCH_LIMIT);
  const limit = memoryLimitOf(options);
  return withAndWithoutSums(problem, options, (p) => exactPath(p, limit) ?? fitOrFail(p, options));
};

/** The exact order as a linear path, or undefined when none fits the memory limit. */
export function exactPath(problem: ContractionProblem, memoryLimit: number): LinearPath | undefined {
  const found = exactSearch(indexProblem(problem), memoryLimit);
  if (!found) return undefined;
  const n = problem.inputs.length;
  return ssaToLinear(treesToSsa([found.tree], n).ssa, n);
}
