import type { ContractionProblem } from './contraction.js';
import { cheapest } from './cost-model.js';
import { connectedPath } from './dp.js';
import { EXACT_SEARCH_LIMIT, exactSearchWork } from './exact-search.js';
import { greedyPath } from './greedy.js';
import { memoryLimitOf, unlessOverLimit } from './memory-limit.js';
import { exactChoice } from './optimal.js';
import { unproven, type PathChoice, type PathOptimizer, type PathOptions } from './optimizer.js';
import { randomGreedyPath } from './random-greedy.js';
import { createBudget, withReserve, type SearchBudget } from './search-budget.js';
import { withAndWithoutSums } from './single-operand-sums.js';

/** Largest network auto tries the connected-subset DP on (beyond it the connected subsets are too many to hope for). */
const DP_OPERANDS = 40;
/** Share of the budget the DP may use before auto turns to random-greedy. */
const DP_SHARE = 0.6;
/** Randomized trials auto runs at most (the budget usually stops it first on large networks). */
const MAX_TRIALS = 256;

/**
 * The default optimizer, chosen by what the problem's structure makes affordable within one work
 * budget (default ≈ 0.5 s, 1 s at most), never worse than greedy:
 *   - the exact all-subset search when its work, (3ⁿ + 1)/2 − 2ⁿ splits, fits the budget (proven optimal);
 *   - else, up to 40 operands, the connected-subset DP (hubs left out of adjacency) with 60% of the budget;
 *   - else, or when the DP runs out of budget, the better of greedy and randomized greedy trials
 *     (cotengra-style) until the budget is spent.
 */
export const auto: PathOptimizer = (problem, options) => {
  const budget = createBudget(options);
  return withAndWithoutSums(problem, options, (p) => autoChoice(p, options, budget));
};

function autoChoice(problem: ContractionProblem, options: PathOptions, budget: SearchBudget): PathChoice {
  const n = problem.inputs.length;
  if (n <= EXACT_SEARCH_LIMIT && exactSearchWork(n) <= budget.remaining()) {
    const exact = exactChoice(problem, options, budget);
    if (exact.proven || !budget.exhausted) return exact;
  }
  const floor = unlessOverLimit(() => greedyPath(problem, options));
  const candidates = floor ? [floor] : [];
  if (n <= DP_OPERANDS && !budget.exhausted) {
    const share = withReserve(budget, (1 - DP_SHARE) * budget.remaining());
    const found = unlessOverLimit(() => connectedPath(problem, memoryLimitOf(options), share, null) ?? null);
    if (found) return unproven(cheapest(problem, [found, ...candidates]));
  }
  if (!budget.exhausted) candidates.push(randomGreedyPath(problem, options, budget, options.trials ?? MAX_TRIALS, floor));
  return unproven(candidates.length > 0 ? cheapest(problem, candidates) : greedyPath(problem, options));
}
