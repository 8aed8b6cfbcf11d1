import type { ContractionProblem, LinearPath } from './contraction.js';
import { greedySearch, memoryRemoved, pickBest, type GreedyResult, type GreedySettings } from './greedy-search.js';
import { createBudget, GREEDY_CANDIDATE_WORK, type SearchBudget } from './search-budget.js';
import { indexProblem } from './indexed-problem.js';
import { fitOrFail, memoryLimitOf } from './memory-limit.js';
import { NUMPY_GREEDY_LIMIT, numpyGreedyPath } from './numpy-greedy.js';
import { unproven, type PathOptimizer, type PathOptions } from './optimizer.js';
import { ssaToLinear } from './path-forms.js';
import { cheapest } from './cost-model.js';
import { withAndWithoutSums } from './single-operand-sums.js';

/** Linking, queueing and tie-breaking rules of the deterministic runs (see GreedySettings). */
const VARIANTS: readonly Pick<GreedySettings, 'hadamardLast' | 'bestPairOnly' | 'ties'>[] = [
  {}, { hadamardLast: true }, { hadamardLast: true, bestPairOnly: true },
  { hadamardLast: true, bestPairOnly: true, ties: 'dearer' }, { hadamardLast: true, bestPairOnly: true, ties: 'newer' },
  { hadamardLast: true, bestPairOnly: true, ties: 'earlier' },
];

/**
 * opt_einsum's greedy: contract the pair that adds the fewest elements, size(ab) − size(a) − size(b),
 * ties to the cheaper step; outer products last, smallest first. O(n log n) for sparse networks.
 * Deterministic variants compete and the cheapest wins: pairs linked by any shared index; pairs
 * linked only by a summed index (opt_einsum's rule), with every pair queued or, as opt_einsum
 * does, only each new tensor's best, ties broken four ways (opt_einsum's own tie order follows
 * Python's set hashing); and — up to 64 operands — numpy's own greedy, so the result is never
 * worse than numpy.einsum_path's.
 */
export const greedy: PathOptimizer = (problem, options) => unproven(greedyPath(problem, options, createBudget(options)));

/**
 * greedy's path (the floor every other search compares against). With a budget, the first variant
 * always runs and each further one only while the budget lasts (each charges its candidates).
 */
export function greedyPath(problem: ContractionProblem, options: PathOptions, budget?: SearchBudget): LinearPath {
  const limit = memoryLimitOf(options);
  const search = (p: ContractionProblem): LinearPath => {
    const indexed = indexProblem(p);
    const results: GreedyResult[] = [];
    for (const v of VARIANTS) {
      if (results.length > 0 && budget?.exhausted) break;
      const run = greedySearch(indexed, { score: memoryRemoved, choose: pickBest, memoryLimit: limit, ...v });
      budget?.spend(run.candidates * GREEDY_CANDIDATE_WORK);
      results.push(run);
    }
    const runs = results.filter((r) => r.complete);
    const best = runs.length === 0 ? undefined : runs.reduce((m, r) => (r.flops < m.flops ? r : m));
    const paths = [
      best && ssaToLinear(best.ssa, p.inputs.length),
      p.inputs.length <= NUMPY_GREEDY_LIMIT ? numpyGreedyPath(p, limit) : undefined,
    ].filter((x): x is LinearPath => x !== undefined);
    return paths.length === 0 ? fitOrFail(p, options) : cheapest(p, paths);
  };
  return withAndWithoutSums(problem, options, (p) => unproven(search(p))).path;
}
