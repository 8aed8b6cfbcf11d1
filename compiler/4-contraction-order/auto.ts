import type { LinearPath } from './contraction.js';
import { dp } from './dp.js';
import { greedy } from './greedy.js';
import { optimal } from './optimal.js';
import type { PathOptimizer } from './optimizer.js';
import { randomGreedy } from './random-greedy.js';
import { cheapest } from './cost-model.js';
import { unlessOverLimit } from './memory-limit.js';

/**
 * The default policy by operand count n (opt_einsum's `auto`, with exact searches pushed further):
 *   n ≤ 12 optimal · n ≤ 20 dp · n ≤ 300 random-greedy (16 trials) · else greedy
 * and greedy's own path whenever it is cheaper, so auto is never worse than greedy.
 */
export const auto: PathOptimizer = (problem, options) => {
  const n = problem.inputs.length;
  const chosen: LinearPath =
    n <= 12 ? optimal(problem, options)
      : n <= 20 ? dp(problem, options)
        : n <= 300 ? randomGreedy(problem, { ...options, trials: options.trials ?? 16 })
          : greedy(problem, options);
  const base = n <= 300 ? unlessOverLimit(() => greedy(problem, options)) : chosen;
  return base === undefined || base === chosen ? chosen : cheapest(problem, [chosen, base]);
};
