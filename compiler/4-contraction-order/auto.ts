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
/** Rounds of randomized trials + reconfiguration at most (a round starts only when the last left budget over). */
const ROUNDS = 2;
/**
 * Most operands on which auto also runs the exact search when it merges operands on the same
 * indices first: 3·10⁴ splits, about a millisecond (up to 16, a depth-10 Hessian compiled in 1.1 s,
 * against 0.15 s merged only).
 */
const EXACT_BESIDE_MERGE = 10;
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
  const merged = n > 2 && memoryLimitOf(options) === Infinity ? mergeHadamardGroups(problem) : undefined;
  const mergedFirst = merged && [...merged.steps, ...autoChoice(merged.problem, options, budget).path];
  if ((!mergedFirst || n <= EXACT_BESIDE_MERGE) && n <= EXACT_SEARCH_LIMIT && exactSearchWork(n) <= budget.remaining()) {
    const exact = exactChoice(problem, options, budget);
    // the merged path wins ties: the same cost, and the path auto has always given there
    if (exact.proven || !budget.exhausted) return mergedFirst ? { path: cheapest(problem, [mergedFirst, exact.path]), proven: exact.proven } : exact;
  }
  if (mergedFirst) return unproven(mergedFirst);
  const before = budget.remaining();
  const floor = unlessOverLimit(() => greedyPath(problem, options, budget));
  const trials = options.trials ?? MAX_TRIALS;
  if (n > DP_OPERANDS) return unproven(trialsAndReconfiguration(problem, options, budget, trials, floor, before - budget.remaining()));
  const candidates = [randomGreedyPath(problem, options, withReserve(budget, 1 - TRIALS_SHARE), trials, floor)];
  const found = budget.exhausted ? undefined : unlessOverLimit(() => connectedPath(problem, memoryLimitOf(options), budget, null) ?? null);
  if (found) candidates.push(found);
  return unproven(cheapest(problem, candidates));
}

/**
 * Beyond 40 operands: rounds of randomized greedy trials (half of what is left, a fresh seed each
 * round) whose best path is then reconfigured with the rest; a reconfiguration that converges
 * early leaves budget for another round. The cheapest path of any round (or greedy's) wins. None
 * starts on a spent budget (auto's second search, after single-operand sums), and a later round
 * only while the budget holds what greedy's run cost (`greedyWork`): a trial runs to its end once
 * begun, and on 1,000 tensors those past the budget cost ~0.4 s (random 3-regular).
 */
function trialsAndReconfiguration(problem: ContractionProblem, options: PathOptions, budget: SearchBudget,
  trials: number, floor: LinearPath | undefined, greedyWork: number): LinearPath {
  const limit = memoryLimitOf(options);
  const seed = options.seed ?? 0;
  let best = floor;
  for (let round = 0; round < ROUNDS && (best === undefined || (round === 0 ? !budget.exhausted : budget.remaining() >= greedyWork)); round++) {
    const roundSeed = seed + round <= Number.MAX_SAFE_INTEGER ? seed + round : seed - round;
    const found = randomGreedyPath(problem, { ...options, seed: roundSeed }, withReserve(budget, RECONFIGURE_SHARE), trials, best);
    const improved = reconfigured(problem, found, limit, budget);
    best = best ? cheapest(problem, [best, improved]) : improved;
  }
  return best!;
}

/** `path` with its subtrees re-solved exactly while the budget lasts (never dearer than `path`). */
function reconfigured(problem: ContractionProblem, path: LinearPath, memoryLimit: number, budget: SearchBudget): LinearPath {
  const n = problem.inputs.length;
  const ssa = reconfigureSubtrees(indexProblem(problem), linearToSsa(path, n), memoryLimit, budget);
  return cheapest(problem, [path, ssaToLinear(ssa, n)]);
}

/**
 * Operands on the same indices, none repeated (x[i] y[i] z[i] …, the chain rule's 60 factors g′(u)[j]
 * under a Hessian), merged first, left to right: the problem left has one operand per group;
 * searching 60-factor products whole took seconds each. A heuristic, not exact: the model's "+1 if
 * anything is summed" can make a group member worth keeping apart, to carry another operand's sum
 * (3 scalars beside gb,ca->bc: 14 flops merged, 13 not), hence the exact search beside it up to
 * EXACT_BESIDE_MERGE operands. A product holds only the indices its last merge keeps (in the output
 * or in an operand outside the group): expandPath sums the others there. Undefined when no three
 * operands share a set.
 */
function mergeHadamardGroups(problem: ContractionProblem): { readonly steps: LinearPath; readonly problem: ContractionProblem } | undefined {
  const n = problem.inputs.length;
  const groups = new Map<string, number[]>();
  problem.inputs.forEach((input, k) => {
    const key = [...input].sort().join(' ');
    if (new Set(input).size === input.length) groups.set(key, [...groups.get(key) ?? [], k]);
  });
  const large = [...groups.values()].filter((g) => g.length > 2);
  if (large.length === 0) return undefined;
  const ssa: number[][] = [];
  for (const group of large) group.reduce((a, b) => (ssa.push([a, b]), n + ssa.length - 1));
  const merged = new Set(large.flat());
  // ssaToLinear leaves the other operands in order, then each group's product in turn
  const rest = problem.inputs.filter((_, k) => !merged.has(k));
  // a product holds the indices the output or an operand outside its group still needs
  const kept = (group: readonly number[]) => problem.inputs[group[0]!]!.filter((i) =>
    problem.output.includes(i) || problem.inputs.some((t, k) => !group.includes(k) && t.includes(i)));
  return { steps: ssaToLinear(ssa, n), problem: { ...problem, inputs: [...rest, ...large.map(kept)] } };
}
