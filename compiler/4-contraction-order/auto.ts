import type { ContractionProblem, LinearPath } from './contraction.js';
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
import { reconfigureSubtrees } from './subtree-reconfigure.js';
import { indexProblem } from './indexed-problem.js';
import { linearToSsa, ssaToLinear } from './path-forms.js';

/** Largest network auto tries the connected-subset DP on (beyond it the connected subsets are too many to hope for). */
const DP_OPERANDS = 40;
/** Share of the budget (work and time) randomized greedy gets before the DP, on networks the DP may finish. */
const TRIALS_SHARE = 0.35;
/** Share of the budget held back for subtree reconfiguration of the best randomized path, beyond 40 operands. */
const RECONFIGURE_SHARE = 0.5;
/** Randomized trials auto runs at most (the budget usually stops it first on large networks). */
const MAX_TRIALS = 256;

/**
 * The default optimizer, chosen by what the problem's structure makes affordable within one work
 * budget (default ≈ 0.5 s, 1 s at most), never worse than greedy:
 *   - the exact all-subset search when its work, (3ⁿ + 1)/2 − 2ⁿ splits, fits the budget (proven optimal);
 *   - else, up to 40 operands, randomized greedy trials (cotengra-style) with 35% of the budget, then
 *     the connected-subset DP (hubs left out of adjacency) with the rest, the cheapest winning;
 *   - else the better of greedy and randomized greedy trials until the budget is spent.
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
  const floor = unlessOverLimit(() => greedyPath(problem, options, budget));
  const trials = options.trials ?? MAX_TRIALS;
  if (n > DP_OPERANDS) {
    const found = randomGreedyPath(problem, options, withReserve(budget, RECONFIGURE_SHARE), trials, floor);
    return unproven(reconfigured(problem, found, memoryLimitOf(options), budget));
  }
  const candidates = [randomGreedyPath(problem, options, withReserve(budget, 1 - TRIALS_SHARE), trials, floor)];
  const found = budget.exhausted ? undefined : unlessOverLimit(() => connectedPath(problem, memoryLimitOf(options), budget, null) ?? null);
  if (found) candidates.push(found);
  return unproven(cheapest(problem, candidates));
}

/** `path` with its subtrees re-solved exactly while the budget lasts (never dearer than `path`). */
function reconfigured(problem: ContractionProblem, path: LinearPath, memoryLimit: number, budget: SearchBudget): LinearPath {
  const n = problem.inputs.length;
  const ssa = reconfigureSubtrees(indexProblem(problem), linearToSsa(path, n), memoryLimit, budget);
  return cheapest(problem, [path, ssaToLinear(ssa, n)]);
}
