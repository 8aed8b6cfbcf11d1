import type { ContractionProblem, LinearPath } from './contraction.js';
import { cheapest, pathCost } from './cost-model.js';
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
 * `trials` greedy runs, each with its own cost modifier c ∈ [0.1, 20] and temperature
 * T ∈ [0.001, 1] (chosen by a small hyper-optimizer, below), every candidate pair scored
 *   s = size(ab)/c − c·(size(a) + size(b)),  then  sign(s)·ln|s| − T·gumbel()
 * (the log makes T mean the same on every scale); every other trial with a random tie order.
 * `greedy`'s own path competes, so the result is never worse than it; a trial stops as soon as it
 * costs as much as the best path so far. Stops when the work budget
 * or the time limit is spent (after at least one trial). Seeded: the same seed gives the same
 * path, and no state survives the call.
 */
export const randomGreedy: PathOptimizer = (problem, options) => {
  const budget = createBudget(options);
  return withAndWithoutSums(problem, options, (p) => unproven(randomGreedyPath(p, options, budget)));
};

/**
 * The best of greedy (`floor`, computed when not given) and the randomized trials on `problem`,
 * within `budget`; a trial stops as soon as it costs as much as the best path so far.
 */
export function randomGreedyPath(problem: ContractionProblem, options: PathOptions, budget: SearchBudget,
  trials?: number, floor?: LinearPath): LinearPath {
  const limit = memoryLimitOf(options);
  const plain = floor ?? unlessOverLimit(() => greedyPath(problem, options));
  const plainFlops = plain ? pathCost(problem, plain).flops : Infinity;
  const settings = checkSearchOptions(options);
  const count = trials ?? settings.trials ?? DEFAULT_TRIALS;
  const indexed = indexProblem(problem);
  const random = createRandom(settings.seed);
  const gumbel = () => -Math.log(-Math.log(Math.max(random(), Number.MIN_VALUE)));
  const sampler = createSampler(random);
  let best: { ssa: readonly (readonly number[])[]; flops: number } | undefined;
  for (let t = 0; t < count && (t === 0 || !budget.exhausted); t++) {
    const trial = sampler.next();
    const costmod = Math.exp(trial.logCostmod), temperature = 10 ** trial.logTemperature;
    const score: GreedyScore = (ab, a, b) => {
      const s = ab / costmod - costmod * (a + b);
      return Math.sign(s) * Math.log(Math.abs(s) + 1) - temperature * gumbel();
    };
    const ties = t % 2 === 0 ? 'cheaper' : TIE_ORDERS[Math.floor(random() * TIE_ORDERS.length)]!;
    const found = greedySearch(indexed, { score, choose: pickBest, memoryLimit: limit, ties, flopsBound: Math.min(plainFlops, best?.flops ?? Infinity) });
    budget.spend(found.candidates * GREEDY_CANDIDATE_WORK);
    if (found.complete && (!best || found.flops < best.flops)) {
      best = found;
      sampler.improved(trial);
    }
  }
  const found = best && ssaToLinear(best.ssa, problem.inputs.length);
  const paths = [found, plain].filter((x): x is LinearPath => x !== undefined);
  return paths.length > 0 ? cheapest(problem, paths) : fitOrFail(problem, options);
}

interface TrialSettings { readonly logCostmod: number; readonly logTemperature: number }

/** Cost modifiers from 0.1 to 20 and temperatures from 0.001 to 1, log-uniform. */
const LOG_COSTMOD = [Math.log(0.1), Math.log(20)] as const;
const LOG_TEMPERATURE = [-3, 0] as const;
/** Trials drawn at random before the sampler starts refining the best settings found. */
const EXPLORE_FIRST = 8;

/**
 * A small hyper-optimizer over the trial settings (in the spirit of cotengra's): the first trials
 * draw log-uniformly, later ones mostly perturb the settings of the best trial so far (the best
 * cost modifier differs by network: ≈ 1–2 on 100 random tensors, ≈ 5–8 on 500), the rest keep exploring.
 */
function createSampler(random: () => number) {
  let drawn = 0;
  let best: TrialSettings | undefined;
  const uniform = ([lo, hi]: readonly [number, number]) => lo + (hi - lo) * random();
  const normal = () => Math.sqrt(-2 * Math.log(Math.max(random(), Number.MIN_VALUE))) * Math.cos(2 * Math.PI * random());
  const clamp = (x: number, [lo, hi]: readonly [number, number]) => Math.min(hi, Math.max(lo, x));
  return {
    next(): TrialSettings {
      drawn++;
      if (best === undefined || drawn <= EXPLORE_FIRST || random() < 0.25)
        return { logCostmod: uniform(LOG_COSTMOD), logTemperature: uniform(LOG_TEMPERATURE) };
      return {
        logCostmod: clamp(best.logCostmod + 0.35 * normal(), LOG_COSTMOD),
        logTemperature: clamp(best.logTemperature + 0.5 * normal(), LOG_TEMPERATURE),
      };
    },
    improved(settings: TrialSettings) { best = settings; },
  };
}
