import { fail } from '../diagnostics/pipeline-errors.js';
import type { ContractionProblem, LinearPath } from './contraction.js';
import { treesToSsa } from './contraction-tree.js';
import { EXACT_SEARCH_LIMIT, exactSearch } from './exact-search.js';
import { greedyPath } from './greedy.js';
import { indexProblem } from './indexed-problem.js';
import { fitOrFail, memoryLimitOf } from './memory-limit.js';
import { unproven, type PathChoice, type PathOptimizer, type PathOptions } from './optimizer.js';
import { ssaToLinear } from './path-forms.js';
import { createBudget, type SearchBudget } from './search-budget.js';
import { withAndWithoutSums } from './single-operand-sums.js';

/**
 * Truly exact over all pairwise orders (outer products included), up to 16 operands, and proven
 * so — unless the work budget or time limit runs out first: then greedy's path, not proven.
 */
export const optimal: PathOptimizer = (problem, options) => {
  const n = problem.inputs.length;
  if (n > EXACT_SEARCH_LIMIT) fail('path_search_too_large', options.where, 'optimal', n, EXACT_SEARCH_LIMIT);
  const budget = createBudget(options);
  return withAndWithoutSums(problem, options, (p) => exactChoice(p, options, budget));
};

/** The exact order, proven; greedy's when the budget ran out; the memory-limit fallback when nothing fits. */
export function exactChoice(problem: ContractionProblem, options: PathOptions, budget: SearchBudget): PathChoice {
  const path = exactPath(problem, memoryLimitOf(options), budget);
  if (path) return { path, proven: true };
  return unproven(budget.exhausted ? greedyPath(problem, options) : fitOrFail(problem, options));
}

/** The exact order as a linear path, or undefined when none fits the memory limit or the budget ran out. */
export function exactPath(problem: ContractionProblem, memoryLimit: number, budget?: SearchBudget): LinearPath | undefined {
  const found = exactSearch(indexProblem(problem), memoryLimit, budget);
  if (!found) return undefined;
  const n = problem.inputs.length;
  return ssaToLinear(treesToSsa([found.tree], n).ssa, n);
}
