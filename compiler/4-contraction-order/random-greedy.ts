import type { ContractionProblem, LinearPath } from './contraction.js';
import { createRandom } from './seeded-random.js';
import { greedySearch, TIE_ORDERS, type Chooser, type GreedyScore } from './greedy-search.js';
import { indexProblem } from './indexed-problem.js';
import { fitOrFail, memoryLimitOf, unlessOverLimit } from './memory-limit.js';
import type { PathOptimizer } from './optimizer.js';
import { ssaToLinear } from './path-forms.js';
import { greedy } from './greedy.js';
import { cheapest } from './cost-model.js';
import { withAndWithoutSums } from './single-operand-sums.js';

const DEFAULT_TRIALS = 32;
/** How many of the best candidates a randomized trial chooses among. */
const BRANCHES = 8;

/**
 * opt_einsum's RandomGreedy: `trials` greedy runs, each with its own score weighting
 *   score = size(ab) − w·(size(a) + size(b)),  w ∈ [0.5, 2]
 * and a Boltzmann choice among the 8 best candidates at a temperature drawn log-uniformly in
 * [0.001, 1] (every other trial also with a random tie order, every fourth with opt_einsum's queue); `greedy`'s own path competes too, so the result is never worse than it. Seeded: the
 * same seed gives the same path, and no state survives the call.
 */
export const randomGreedy: PathOptimizer = (problem, options) => {
  const limit = memoryLimitOf(options);
  const trials = Math.max(1, options.trials ?? DEFAULT_TRIALS);
  const search = (p: ContractionProblem): LinearPath => {
    const indexed = indexProblem(p);
    const random = createRandom(options.seed ?? 0);
    let best: { ssa: readonly (readonly number[])[]; flops: number } | undefined;
    for (let t = 0; t < trials; t++) {
      const weight = 0.5 * 4 ** random();
      const score: GreedyScore = (ab, a, b) => ab - weight * (a + b);
      const chooser = boltzmannChooser(random, 10 ** (-3 * random()));
      const ties = t % 2 === 0 ? 'cheaper' : TIE_ORDERS[Math.floor(random() * TIE_ORDERS.length)]!;
      const found = greedySearch(indexed, { score, choose: chooser, memoryLimit: limit, ties, bestPairOnly: t % 4 === 3 });
      if (found.complete && (!best || found.flops < best.flops)) best = found;
    }
    const found = best && ssaToLinear(best.ssa, p.inputs.length);
    const plain = unlessOverLimit(() => greedy(p, options));
    const paths = [found, plain].filter((x): x is LinearPath => x !== undefined);
    return paths.length > 0 ? cheapest(p, paths) : fitOrFail(p, options);
  };
  return withAndWithoutSums(problem, options, search);
};

/** Picks among the best live candidates with weights exp(−(score − best) / (T·max(1, |best|))). */
function boltzmannChooser(random: () => number, temperature: number): Chooser {
  return (queue, isLive) => {
    const choices = [];
    while (choices.length < BRANCHES && queue.size > 0) {
      const c = queue.pop()!;
      if (isLive(c)) choices.push(c);
    }
    if (choices.length === 0) return undefined;
    const lowest = choices[0]!.score;
    const scale = temperature * Math.max(1, Math.abs(lowest));
    const weights = choices.map((c) => Math.exp(-(c.score - lowest) / scale));
    let draw = random() * weights.reduce((s, w) => s + w, 0);
    let pick = 0;
    while (pick < choices.length - 1 && (draw -= weights[pick]!) > 0) pick++;
    choices.forEach((c, k) => { if (k !== pick) queue.push(c); });
    return choices[pick]!;
  };
}
