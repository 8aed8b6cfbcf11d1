import type { ContractionProblem, LinearPath } from './contraction.js';
import { cheapest } from './cost-model.js';
import { greedyPath } from './greedy.js';
import { greedySearch, pickBest, TIE_ORDERS, type GreedyScore } from './greedy-search.js';
import { indexProblem } from './indexed-problem.js';
import { fitOrFail, memoryLimitOf, unlessOverLimit } from './memory-limit.js';
import { unproven, type PathOptimizer, type PathOptions } from './optimizer.js';
import { ssaToLinear } from './path-forms.js';
import { checkSearchOptions, createBudget, GREEDY_CANDIDATE_WORK, type SearchBudget } from './search-budget.js';
import { createRandom } from './seeded-random.js';
import { withAndWithoutSums } from './single-operand-sums.js';

/** Trials when the caller names none; the budget may stop the search earlier. */
const DEFAULT_TRIALS = 32;

/**
 * Randomized greedy in the style of opt_einsum's RandomGreedy and cotengra's greedy trials:
 * `trials` greedy runs, each with its own cost modifier c ∈ [0.1, 4] and temperature T
 * (log-uniform in [0.001, 1]), every candidate pair scored
 *   s = size(ab)/c − c·(size(a) + size(b)),  then  sign(s)·ln|s| − T·gumbel()
 * (the log makes T mean the same on every scale); every other trial with a random tie order.
 * `greedy`'s own path competes, so the result is never worse than it. Stops when the work budget
 * or the time limit is spent (after at least one trial). Seeded: the same seed gives the same
 * path, and no state survives the call.
 */
export const randomGreedy: PathOptimizer = (problem, options) => {
  const budget = createBudget(options);
  return withAndWithoutSums(problem, options, (p) => unproven(randomGreedyPath(p, options, budget)));
};

/** The best of greedy and the randomized trials on `problem`, within `budget`. */
export function randomGreedyPath(problem: ContractionProblem, options: PathOptions, budget: SearchBudget, trials?: number): LinearPath {
  const limit = memoryLimitOf(options);
  const settings = checkSearchOptions(options);
  const count = trials ?? settings.trials ?? DEFAULT_TRIALS;
  const indexed = indexProblem(problem);
  const random = createRandom(settings.seed);
  const gumbel = () => -Math.log(-Math.log(Math.max(random(), Number.MIN_VALUE)));
  let best: { ssa: readonly (readonly number[])[]; flops: number } | undefined;
  for (let t = 0; t < count && (t === 0 || !budget.exhausted); t++) {
    const costmod = 0.1 + 3.9 * random();
    const temperature = 10 ** (-3 * random());
    const score: GreedyScore = (ab, a, b) => {
      const s = ab / costmod - costmod * (a + b);
      return Math.sign(s) * Math.log(Math.abs(s) + 1) - temperature * gumbel();
    };
    const ties = t % 2 === 0 ? 'cheaper' : TIE_ORDERS[Math.floor(random() * TIE_ORDERS.length)]!;
    const found = greedySearch(indexed, { score, choose: pickBest, memoryLimit: limit, ties });
    budget.spend(found.candidates * GREEDY_CANDIDATE_WORK);
    if (found.complete && (!best || found.flops < best.flops)) best = found;
  }
  const found = best && ssaToLinear(best.ssa, problem.inputs.length);
  const plain = unlessOverLimit(() => greedyPath(problem, options));
  const paths = [found, plain].filter((x): x is LinearPath => x !== undefined);
  return paths.length > 0 ? cheapest(problem, paths) : fitOrFail(problem, options);
}
